-- Post search by whole index words (see outpost_core::search::index_words and
-- docs/decisions/0004-search.md, "Whole words"): each post's index words in a `words` column with
-- a GIN index, and the vocabulary of those words (its trigram index is made with the body's, when
-- pg_trgm is there), so that a word fragment is looked up as the few words that hold it.
-- Outpost writes `words` itself from now on; the function below only fills in the rows indexed
-- before this migration.

-- A post's index words, split where index_words splits (space, the section separator, every
-- ASCII character but letters and digits), and every pair of neighbouring words ('a b': phrases),
-- distinct, cut to 64 characters (a GIN key has a size limit). outpost_store::search::pg_words
-- makes the same array.
CREATE OR REPLACE FUNCTION pg_temp.outpost_search_words(body text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT
AS $$
    WITH words AS (
        SELECT w, n
        FROM regexp_split_to_table(body, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+')
            WITH ORDINALITY AS t(w, n)
        WHERE w <> ''
    )
    SELECT ARRAY(
        SELECT DISTINCT left(x, 64) FROM (
            SELECT w AS x FROM words
            UNION ALL
            SELECT w || ' ' || lead(w) OVER (ORDER BY n) FROM words
        ) AS t
        WHERE x IS NOT NULL
    )
$$;

ALTER TABLE outpost_postsearch ADD COLUMN IF NOT EXISTS words text[] NOT NULL DEFAULT '{}';
-- Besides its words, each row holds the token of its epoch (`#` and seq / 50,000; no index word
-- has a `#`): a search looks for a word among the newest epochs first, in the GIN index itself.
UPDATE outpost_postsearch
    SET words = pg_temp.outpost_search_words(body) || ('#' || (seq / 50000)::text);
CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_words ON outpost_postsearch USING gin (words);

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

-- Statistics of the new column (its commonest words), which the planner needs to choose between
-- the whole-word index and a newest-first walk.
ANALYZE outpost_postsearch;
