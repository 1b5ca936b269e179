-- SQLite twin of postgres/0004_search.sql. Post search: one row per searchable post with its
-- index text (written by Outpost's tokenizer, outpost_core::search), and an FTS5 trigram index
-- over that text (external content, kept in step by outpost_store::search).

CREATE TABLE IF NOT EXISTS outpost_postsearch (
    seq INTEGER PRIMARY KEY,
    postid varchar(26) NOT NULL UNIQUE,
    channelid varchar(26) NOT NULL,
    userid varchar(26) NOT NULL,
    createat bigint NOT NULL,
    body text NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_channel_seq ON outpost_postsearch (channelid, seq);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_user_seq ON outpost_postsearch (userid, seq);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_create_at ON outpost_postsearch (createat);

CREATE VIRTUAL TABLE IF NOT EXISTS outpost_postsearch_fts USING fts5(
    body,
    content = 'outpost_postsearch',
    content_rowid = 'seq',
    tokenize = 'trigram case_sensitive 1'
);
