-- Message priority (Mattermost's PostsPriority): set by clients and by incoming webhooks.

CREATE TABLE IF NOT EXISTS postspriority (
    postid varchar(26) PRIMARY KEY,
    channelid varchar(26) NOT NULL,
    priority varchar(32) NOT NULL,
    requestedack boolean,
    persistentnotifications boolean
);
