-- SQLite twin of postgres/0005_integrations.sql. Incoming and outgoing webhooks, slash commands, delayed
-- command responses and bot accounts; string lists are JSON arrays, as Mattermost stores them.

CREATE TABLE IF NOT EXISTS incomingwebhooks (
    id varchar(26) PRIMARY KEY,
    createat bigint,
    updateat bigint,
    deleteat bigint,
    userid varchar(26),
    channelid varchar(26),
    teamid varchar(26),
    displayname varchar(64),
    description varchar(500),
    username varchar(255),
    iconurl varchar(1024),
    channellocked boolean
);
CREATE INDEX IF NOT EXISTS idx_incoming_webhook_create_at ON incomingwebhooks (createat);
CREATE INDEX IF NOT EXISTS idx_incoming_webhook_delete_at ON incomingwebhooks (deleteat);
CREATE INDEX IF NOT EXISTS idx_incoming_webhook_team_id ON incomingwebhooks (teamid);
CREATE INDEX IF NOT EXISTS idx_incoming_webhook_update_at ON incomingwebhooks (updateat);
CREATE INDEX IF NOT EXISTS idx_incoming_webhook_user_id ON incomingwebhooks (userid);

CREATE TABLE IF NOT EXISTS outgoingwebhooks (
    id varchar(26) PRIMARY KEY,
    token varchar(26),
    createat bigint,
    updateat bigint,
    deleteat bigint,
    creatorid varchar(26),
    channelid varchar(26),
    teamid varchar(26),
    triggerwords varchar(1024),
    callbackurls varchar(1024),
    displayname varchar(64),
    contenttype varchar(128),
    triggerwhen integer,
    username varchar(64),
    iconurl varchar(1024),
    description varchar(500)
);
CREATE INDEX IF NOT EXISTS idx_outgoing_webhook_create_at ON outgoingwebhooks (createat);
CREATE INDEX IF NOT EXISTS idx_outgoing_webhook_delete_at ON outgoingwebhooks (deleteat);
CREATE INDEX IF NOT EXISTS idx_outgoing_webhook_team_id ON outgoingwebhooks (teamid);
CREATE INDEX IF NOT EXISTS idx_outgoing_webhook_update_at ON outgoingwebhooks (updateat);

CREATE TABLE IF NOT EXISTS commands (
    id varchar(26) PRIMARY KEY,
    token varchar(26),
    createat bigint,
    updateat bigint,
    deleteat bigint,
    creatorid varchar(26),
    teamid varchar(26),
    "trigger" varchar(128),
    method varchar(1),
    username varchar(64),
    iconurl varchar(1024),
    autocomplete boolean,
    autocompletedesc varchar(1024),
    autocompletehint varchar(1024),
    displayname varchar(64),
    description varchar(128),
    url varchar(1024),
    pluginid varchar(190)
);
CREATE INDEX IF NOT EXISTS idx_command_create_at ON commands (createat);
CREATE INDEX IF NOT EXISTS idx_command_delete_at ON commands (deleteat);
CREATE INDEX IF NOT EXISTS idx_command_team_id ON commands (teamid);
CREATE INDEX IF NOT EXISTS idx_command_update_at ON commands (updateat);

CREATE TABLE IF NOT EXISTS commandwebhooks (
    id varchar(26) PRIMARY KEY,
    createat bigint,
    commandid varchar(26),
    userid varchar(26),
    channelid varchar(26),
    rootid varchar(26),
    usecount integer
);
CREATE INDEX IF NOT EXISTS idx_command_webhook_create_at ON commandwebhooks (createat);

CREATE TABLE IF NOT EXISTS bots (
    userid varchar(26) PRIMARY KEY,
    description varchar(1024),
    ownerid varchar(190),
    createat bigint,
    updateat bigint,
    deleteat bigint,
    lasticonupdate bigint
);
