-- Notifications: Mattermost's one-time tokens (password reset, e-mail verification) and Outpost's
-- Web Push subscriptions (Mattermost has no Web Push).

CREATE TABLE IF NOT EXISTS tokens (
    token varchar(64) PRIMARY KEY,
    createat bigint,
    type varchar(64),
    extra varchar(2048)
);

CREATE TABLE IF NOT EXISTS outpost_webpush_subscriptions (
    id varchar(26) PRIMARY KEY,
    userid varchar(26) NOT NULL,
    endpoint varchar(2048) NOT NULL,
    p256dh varchar(256) NOT NULL,
    auth varchar(64) NOT NULL,
    createat bigint NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_outpost_webpush_endpoint ON outpost_webpush_subscriptions (endpoint);
CREATE INDEX IF NOT EXISTS idx_outpost_webpush_user ON outpost_webpush_subscriptions (userid);
