-- Post search by whole index words (see outpost_core::search::index_words and
-- docs/decisions/0004-search.md, "Whole words"): a GIN index of every post's index words, and the
-- vocabulary of those words (its trigram index is made with the body's, when pg_trgm is there),
-- so that a word fragment is looked up as the few words that hold it.

-- A post's index words, split where index_words splits (space, the section separator, every
-- ASCII character but letters and digits), cut to 64 characters (a GIN key has a size limit).
CREATE OR REPLACE FUNCTION outpost_search_words(body text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT ARRAY(
        SELECT DISTINCT left(w, 64)
        FROM regexp_split_to_table(body, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+') AS w
        WHERE w <> ''
    )
$$;

CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_words
    ON outpost_postsearch USING gin (outpost_search_words(body));

-- Words of any length: the key is their hash.
CREATE TABLE IF NOT EXISTS outpost_searchwords (
    word text NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_outpost_searchwords_md5 ON outpost_searchwords (md5(word));

INSERT INTO outpost_searchwords (word)
    SELECT DISTINCT w
    FROM outpost_postsearch, regexp_split_to_table(body, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+') AS w
    WHERE w <> ''
    ON CONFLICT (md5(word)) DO NOTHING;
