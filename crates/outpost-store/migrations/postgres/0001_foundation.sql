-- Mattermost's schema for systems, users, sessions, teams, channels, members, sidebar, preferences,
-- status, roles and schemes: same table names, column names and types as Mattermost's PostgreSQL schema.

DO $$ BEGIN
    CREATE TYPE channel_type AS ENUM ('P', 'G', 'O', 'D');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE team_type AS ENUM ('I', 'O');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS systems (
    name varchar(64) PRIMARY KEY,
    value varchar(1024)
);

CREATE TABLE IF NOT EXISTS configurations (
    id varchar(26) PRIMARY KEY,
    value text NOT NULL,
    createat bigint NOT NULL,
    active boolean UNIQUE
);

CREATE TABLE IF NOT EXISTS users (
    id varchar(26) PRIMARY KEY,
    createat bigint,
    updateat bigint,
    deleteat bigint,
    username varchar(64) UNIQUE,
    password varchar(128),
    authdata varchar(128) UNIQUE,
    authservice varchar(32),
    email varchar(128) UNIQUE,
    emailverified boolean,
    nickname varchar(64),
    firstname varchar(64),
    lastname varchar(64),
    roles varchar(256),
    allowmarketing boolean,
    props jsonb,
    notifyprops jsonb,
    lastpasswordupdate bigint,
    lastpictureupdate bigint,
    failedattempts integer,
    locale varchar(5),
    mfaactive boolean,
    mfasecret varchar(128),
    position varchar(128),
    timezone jsonb,
    remoteid varchar(26),
    lastlogin bigint NOT NULL DEFAULT 0,
    mfausedtimestamps jsonb
);
CREATE INDEX IF NOT EXISTS idx_users_update_at ON users (updateat);
CREATE INDEX IF NOT EXISTS idx_users_create_at ON users (createat);
CREATE INDEX IF NOT EXISTS idx_users_delete_at ON users (deleteat);
CREATE INDEX IF NOT EXISTS idx_users_username_lower_textpattern ON users (lower(username) text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_users_email_lower_textpattern ON users (lower(email) text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_users_nickname_lower_textpattern ON users (lower(nickname) text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_users_firstname_lower_textpattern ON users (lower(firstname) text_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_users_lastname_lower_textpattern ON users (lower(lastname) text_pattern_ops);

CREATE TABLE IF NOT EXISTS sessions (
    id varchar(26) PRIMARY KEY,
    token varchar(26),
    createat bigint,
    expiresat bigint,
    lastactivityat bigint,
    userid varchar(26),
    deviceid varchar(512),
    roles varchar(256),
    isoauth boolean,
    props jsonb,
    expirednotify boolean
);
CREATE INDEX IF NOT EXISTS idx_sessions_token ON sessions (token);
CREATE INDEX IF NOT EXISTS idx_sessions_user_id ON sessions (userid);
CREATE INDEX IF NOT EXISTS idx_sessions_expires_at ON sessions (expiresat);
CREATE INDEX IF NOT EXISTS idx_sessions_create_at ON sessions (createat);
CREATE INDEX IF NOT EXISTS idx_sessions_last_activity_at ON sessions (lastactivityat);

CREATE TABLE IF NOT EXISTS useraccesstokens (
    id varchar(26) PRIMARY KEY,
    token varchar(26) UNIQUE,
    userid varchar(26),
    description varchar(512),
    isactive boolean
);
CREATE INDEX IF NOT EXISTS idx_user_access_tokens_user_id ON useraccesstokens (userid);

CREATE TABLE IF NOT EXISTS teams (
    id varchar(26) PRIMARY KEY,
    createat bigint,
    updateat bigint,
    deleteat bigint,
    displayname varchar(64),
    name varchar(64) UNIQUE,
    description varchar(255),
    email varchar(128),
    type team_type,
    companyname varchar(64),
    alloweddomains varchar(1000),
    inviteid varchar(32),
    schemeid varchar(26),
    allowopeninvite boolean,
    lastteamiconupdate bigint,
    groupconstrained boolean,
    cloudlimitsarchived boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS idx_teams_invite_id ON teams (inviteid);
CREATE INDEX IF NOT EXISTS idx_teams_update_at ON teams (updateat);
CREATE INDEX IF NOT EXISTS idx_teams_create_at ON teams (createat);
CREATE INDEX IF NOT EXISTS idx_teams_delete_at ON teams (deleteat);
CREATE INDEX IF NOT EXISTS idx_teams_scheme_id ON teams (schemeid);

CREATE TABLE IF NOT EXISTS teammembers (
    teamid varchar(26) NOT NULL,
    userid varchar(26) NOT NULL,
    roles varchar(256),
    deleteat bigint,
    schemeuser boolean,
    schemeadmin boolean,
    schemeguest boolean,
    createat bigint DEFAULT 0,
    PRIMARY KEY (teamid, userid)
);
CREATE INDEX IF NOT EXISTS idx_teammembers_user_id ON teammembers (userid);
CREATE INDEX IF NOT EXISTS idx_teammembers_delete_at ON teammembers (deleteat);
CREATE INDEX IF NOT EXISTS idx_teammembers_createat ON teammembers (createat);

CREATE TABLE IF NOT EXISTS channels (
    id varchar(26) PRIMARY KEY,
    createat bigint,
    updateat bigint,
    deleteat bigint,
    teamid varchar(26),
    type channel_type,
    displayname varchar(64),
    name varchar(64),
    header varchar(1024),
    purpose varchar(250),
    lastpostat bigint,
    totalmsgcount bigint,
    extraupdateat bigint,
    creatorid varchar(26),
    schemeid varchar(26),
    groupconstrained boolean,
    shared boolean,
    totalmsgcountroot bigint,
    lastrootpostat bigint DEFAULT '0'::bigint,
    bannerinfo jsonb,
    defaultcategoryname varchar(64) NOT NULL DEFAULT '',
    autotranslation boolean NOT NULL DEFAULT false,
    UNIQUE (name, teamid)
);
CREATE INDEX IF NOT EXISTS idx_channels_update_at ON channels (updateat);
CREATE INDEX IF NOT EXISTS idx_channels_create_at ON channels (createat);
CREATE INDEX IF NOT EXISTS idx_channels_delete_at ON channels (deleteat);
CREATE INDEX IF NOT EXISTS idx_channels_name_lower ON channels (lower(name));
CREATE INDEX IF NOT EXISTS idx_channels_displayname_lower ON channels (lower(displayname));
CREATE INDEX IF NOT EXISTS idx_channels_team_id_type ON channels (teamid, type);
CREATE INDEX IF NOT EXISTS idx_channels_team_id_display_name ON channels (teamid, displayname);
CREATE INDEX IF NOT EXISTS idx_channels_scheme_id ON channels (schemeid);

CREATE TABLE IF NOT EXISTS channelmembers (
    channelid varchar(26) NOT NULL,
    userid varchar(26) NOT NULL,
    roles varchar(256),
    lastviewedat bigint,
    msgcount bigint,
    mentioncount bigint,
    notifyprops jsonb,
    lastupdateat bigint,
    schemeuser boolean,
    schemeadmin boolean,
    schemeguest boolean,
    mentioncountroot bigint,
    msgcountroot bigint,
    urgentmentioncount bigint,
    autotranslation boolean NOT NULL DEFAULT false,
    autotranslationdisabled boolean NOT NULL DEFAULT false,
    PRIMARY KEY (channelid, userid)
);
CREATE INDEX IF NOT EXISTS idx_channelmembers_user_id_channel_id_last_viewed_at ON channelmembers (userid, channelid, lastviewedat);
CREATE INDEX IF NOT EXISTS idx_channelmembers_channel_id_scheme_guest_user_id ON channelmembers (channelid, schemeguest, userid);

CREATE TABLE IF NOT EXISTS sidebarcategories (
    id varchar(128) PRIMARY KEY,
    userid varchar(26),
    teamid varchar(26),
    sortorder bigint,
    sorting varchar(64),
    type varchar(64),
    displayname varchar(64),
    muted boolean,
    collapsed boolean
);
CREATE INDEX IF NOT EXISTS idx_sidebarcategories_userid_teamid ON sidebarcategories (userid, teamid);

CREATE TABLE IF NOT EXISTS sidebarchannels (
    channelid varchar(26) NOT NULL,
    userid varchar(26) NOT NULL,
    categoryid varchar(128) NOT NULL,
    sortorder bigint,
    PRIMARY KEY (channelid, userid, categoryid)
);
CREATE INDEX IF NOT EXISTS idx_sidebarchannels_categoryid ON sidebarchannels (categoryid);

CREATE TABLE IF NOT EXISTS preferences (
    userid varchar(26) NOT NULL,
    category varchar(32) NOT NULL,
    name varchar(32) NOT NULL,
    value text,
    PRIMARY KEY (userid, category, name)
);
CREATE INDEX IF NOT EXISTS idx_preferences_category ON preferences (category);
CREATE INDEX IF NOT EXISTS idx_preferences_name ON preferences (name);

CREATE TABLE IF NOT EXISTS status (
    userid varchar(26) PRIMARY KEY,
    status varchar(32),
    manual boolean,
    lastactivityat bigint,
    dndendtime bigint,
    prevstatus varchar(32)
);
CREATE INDEX IF NOT EXISTS idx_status_status_dndendtime ON status (status, dndendtime);

CREATE TABLE IF NOT EXISTS roles (
    id varchar(26) PRIMARY KEY,
    name varchar(64) UNIQUE,
    displayname varchar(128),
    description varchar(1024),
    createat bigint,
    updateat bigint,
    deleteat bigint,
    permissions text,
    schememanaged boolean,
    builtin boolean,
    schemeid varchar(26)
);
CREATE INDEX IF NOT EXISTS idx_roles_scheme_id ON roles (schemeid);

CREATE TABLE IF NOT EXISTS schemes (
    id varchar(26) PRIMARY KEY,
    name varchar(64) UNIQUE,
    displayname varchar(128),
    description varchar(1024),
    createat bigint,
    updateat bigint,
    deleteat bigint,
    scope varchar(32),
    defaultteamadminrole varchar(64),
    defaultteamuserrole varchar(64),
    defaultchanneladminrole varchar(64),
    defaultchanneluserrole varchar(64),
    defaultteamguestrole varchar(64),
    defaultchannelguestrole varchar(64),
    defaultplaybookadminrole varchar(64) DEFAULT '',
    defaultplaybookmemberrole varchar(64) DEFAULT '',
    defaultrunadminrole varchar(64) DEFAULT '',
    defaultrunmemberrole varchar(64) DEFAULT ''
);
CREATE INDEX IF NOT EXISTS idx_schemes_channel_guest_role ON schemes (defaultchannelguestrole);
CREATE INDEX IF NOT EXISTS idx_schemes_channel_user_role ON schemes (defaultchanneluserrole);
CREATE INDEX IF NOT EXISTS idx_schemes_channel_admin_role ON schemes (defaultchanneladminrole);
