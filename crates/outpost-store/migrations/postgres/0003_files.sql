-- Files, resumable uploads and custom emoji: Mattermost's tables, names and types.

CREATE TABLE IF NOT EXISTS fileinfo (
    id varchar(26) PRIMARY KEY,
    creatorid varchar(26),
    postid varchar(26),
    createat bigint,
    updateat bigint,
    deleteat bigint,
    path varchar(512),
    thumbnailpath varchar(512),
    previewpath varchar(512),
    name varchar(256),
    extension varchar(64),
    size bigint,
    mimetype varchar(256),
    width integer,
    height integer,
    haspreviewimage boolean,
    minipreview bytea,
    content text,
    remoteid varchar(26),
    archived boolean NOT NULL DEFAULT false,
    channelid varchar(26)
);
CREATE INDEX IF NOT EXISTS idx_fileinfo_channel_id_create_at ON fileinfo (channelid, createat);
CREATE INDEX IF NOT EXISTS idx_fileinfo_create_at ON fileinfo (createat);
CREATE INDEX IF NOT EXISTS idx_fileinfo_delete_at ON fileinfo (deleteat);
CREATE INDEX IF NOT EXISTS idx_fileinfo_extension_at ON fileinfo (extension);
CREATE INDEX IF NOT EXISTS idx_fileinfo_postid_at ON fileinfo (postid);
CREATE INDEX IF NOT EXISTS idx_fileinfo_update_at ON fileinfo (updateat);

DO $$ BEGIN
    CREATE TYPE upload_session_type AS ENUM ('attachment', 'import');
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

CREATE TABLE IF NOT EXISTS uploadsessions (
    id varchar(26) PRIMARY KEY,
    type upload_session_type,
    createat bigint,
    userid varchar(26),
    channelid varchar(26),
    filename varchar(256),
    path varchar(512),
    filesize bigint,
    fileoffset bigint,
    remoteid varchar(26),
    reqfileid varchar(26)
);
CREATE INDEX IF NOT EXISTS idx_uploadsessions_create_at ON uploadsessions (createat);
CREATE INDEX IF NOT EXISTS idx_uploadsessions_type ON uploadsessions (type);
CREATE INDEX IF NOT EXISTS idx_uploadsessions_user_id ON uploadsessions (userid);

CREATE TABLE IF NOT EXISTS emoji (
    id varchar(26) PRIMARY KEY,
    createat bigint,
    updateat bigint,
    deleteat bigint,
    creatorid varchar(26),
    name varchar(64)
);
CREATE UNIQUE INDEX IF NOT EXISTS emoji_name_deleteat_key ON emoji (name, deleteat);
CREATE INDEX IF NOT EXISTS idx_emoji_create_at ON emoji (createat);
CREATE INDEX IF NOT EXISTS idx_emoji_delete_at ON emoji (deleteat);
CREATE INDEX IF NOT EXISTS idx_emoji_update_at ON emoji (updateat);
