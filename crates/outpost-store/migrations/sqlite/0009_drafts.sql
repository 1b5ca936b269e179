-- Server-synced drafts (Mattermost's Drafts): one row per user, channel and thread (rootid '' for
-- the channel itself). Mattermost no longer marks drafts deleted; deleteat stays 0.
-- (Numbered 0009: 0008 is taken by the search filters migration on main.)

CREATE TABLE IF NOT EXISTS drafts (
    createat bigint,
    updateat bigint,
    deleteat bigint,
    userid varchar(26) NOT NULL,
    channelid varchar(26) NOT NULL,
    rootid varchar(26) NOT NULL DEFAULT '',
    message varchar(65535),
    props varchar(8000),
    fileids varchar(300),
    priority text,
    type text,
    PRIMARY KEY (userid, channelid, rootid)
);
