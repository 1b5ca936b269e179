-- Post search: a search narrowed by author and channel (`from:` + `in:`) counts and reads its
-- candidate rows from one index range instead of looking up every row of the author.

CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_user_channel_seq
    ON outpost_postsearch (userid, channelid, seq);
