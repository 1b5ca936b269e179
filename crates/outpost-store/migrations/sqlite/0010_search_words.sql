-- SQLite twin of postgres/0010_search_words.sql. Post search by whole index words (see
-- outpost_core::search::index_words and docs/decisions/0004-search.md, "Whole words"):
-- an FTS5 index of every post's index words with their positions (the `ascii` tokenizer splits
-- exactly where index_words does; positions answer phrases), and the vocabulary of those words
-- with a trigram index, so that a word fragment is looked up as the few words that hold it.

CREATE VIRTUAL TABLE IF NOT EXISTS outpost_postwords_fts USING fts5(
    body,
    content = 'outpost_postsearch',
    content_rowid = 'seq',
    tokenize = 'ascii'
);
INSERT INTO outpost_postwords_fts (outpost_postwords_fts) VALUES ('rebuild');

CREATE TABLE IF NOT EXISTS outpost_searchwords (
    id INTEGER PRIMARY KEY,
    word text NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE IF NOT EXISTS outpost_searchwords_fts USING fts5(
    word,
    content = 'outpost_searchwords',
    content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1'
);
-- Words are only ever added (a word no post holds any more costs nothing but a look-up).
CREATE TRIGGER IF NOT EXISTS outpost_searchwords_fts_insert AFTER INSERT ON outpost_searchwords
BEGIN
    INSERT INTO outpost_searchwords_fts (rowid, word) VALUES (new.id, new.word);
END;

-- The words of the posts indexed before this migration.
CREATE VIRTUAL TABLE temp.outpost_postwords_terms USING fts5vocab(main, outpost_postwords_fts, row);
INSERT INTO outpost_searchwords (word) SELECT term FROM temp.outpost_postwords_terms WHERE true
    ON CONFLICT (word) DO NOTHING;
DROP TABLE temp.outpost_postwords_terms;
