-- Post search: one row per searchable post with its index text (written by Outpost's tokenizer,
-- outpost_core::search). `seq` orders results (newest first) the same way on both backends. The
-- trigram index (pg_trgm) is created at start-up when the extension is available: see
-- outpost_store::search and docs/decisions/0004-search.md.

CREATE TABLE IF NOT EXISTS outpost_postsearch (
    seq bigserial PRIMARY KEY,
    postid varchar(26) NOT NULL UNIQUE,
    channelid varchar(26) NOT NULL,
    userid varchar(26) NOT NULL,
    createat bigint NOT NULL,
    body text NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_channel_seq ON outpost_postsearch (channelid, seq);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_user_seq ON outpost_postsearch (userid, seq);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_create_at ON outpost_postsearch (createat);
