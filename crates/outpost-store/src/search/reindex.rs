//! Rebuilding the post search index from `posts`, and PostgreSQL's trigram index.

use outpost_core::search::{index_text, index_words};
use sqlx::PgPool;

use crate::WriteTx;
use crate::search::{FtsSync, NEXT_SEQ, SearchDoc, pg_words};
use crate::{Store, StoreResult, sql, with_db};

/// Rows per multi-row `INSERT` (5 or 7 arguments each, well under both backends' limits).
const INSERT_ROWS: usize = 500;

/// The searchable posts after `(create_at, id)`: live, and not system messages (as Mattermost).
const NEXT_POSTS: &str = "SELECT id, COALESCE(channelid, '') AS channelid, COALESCE(userid, '') AS userid, \
     COALESCE(createat, 0) AS createat, COALESCE(message, '') AS message FROM posts \
     WHERE deleteat = 0 AND COALESCE(type, '') NOT LIKE 'system\\_%' ESCAPE '\\' \
     AND (createat > $1 OR (createat = $1 AND id > $2)) ORDER BY createat, id LIMIT $3";

type PostText = (String, String, String, i64, String);

/// PostgreSQL's whole-word index (as migration 0010 makes it), dropped during a reindex.
const PG_WORDS_INDEX: &str = "CREATE INDEX IF NOT EXISTS idx_outpost_postsearch_words ON outpost_postsearch USING gin (words)";

impl Store {
    /// Empties the index and fills it again from every searchable post, `batch` posts per
    /// transaction, oldest first (so newer posts rank as newer). `progress` gets the running total.
    pub async fn reindex_posts(
        &self,
        batch: i64,
        mut progress: impl FnMut(u64) + Send,
    ) -> StoreResult<u64> {
        with_db!(self, |p, pg| {
            if pg {
                for index in [
                    "idx_outpost_postsearch_body_trgm",
                    "idx_outpost_postsearch_words",
                ] {
                    sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX IF EXISTS {index}")))
                        .execute(p)
                        .await?;
                }
                sqlx::query("TRUNCATE outpost_searchwords")
                    .execute(p)
                    .await?;
            } else {
                for table in [
                    "outpost_postsearch_fts",
                    "outpost_postwords_fts",
                    "outpost_searchwords_fts",
                ] {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "INSERT INTO {table} ({table}) VALUES ('delete-all')"
                    )))
                    .execute(p)
                    .await?;
                }
                sqlx::query("DELETE FROM outpost_searchwords")
                    .execute(p)
                    .await?;
            }
            sqlx::query("DELETE FROM outpost_postsearch")
                .execute(p)
                .await?;
        });
        let mut total = 0u64;
        let mut after = (i64::MIN, String::new());
        loop {
            let rows: Vec<PostText> = with_db!(self, |p, pg| {
                sqlx::query_as(sql(pg, NEXT_POSTS))
                    .bind(after.0)
                    .bind(&after.1)
                    .bind(batch.max(1))
                    .fetch_all(p)
                    .await?
            });
            let Some(last) = rows.last() else { break };
            after = (last.3, last.0.clone());
            let docs: Vec<SearchDoc> = rows
                .into_iter()
                .map(
                    |(post_id, channel_id, user_id, create_at, message)| SearchDoc {
                        body: index_text(&message),
                        post_id,
                        channel_id,
                        user_id,
                        create_at,
                    },
                )
                .collect();
            self.insert_search_docs(&docs).await?;
            total += docs.len() as u64;
            progress(total);
        }
        match &*self.backend {
            crate::db::Backend::Postgres(p) => {
                sqlx::query(PG_WORDS_INDEX).execute(p).await?;
                prepare_postgres(p).await;
                // Fresh statistics: without them the planner misjudges how many posts a `LIKE`
                // matches and picks a slow plan for common words.
                sqlx::query("ANALYZE outpost_postsearch").execute(p).await?;
            }
            crate::db::Backend::Sqlite(p) => {
                // The rebuild leaves an index in many segments, and every term look-up visits
                // each of them: merge them into one.
                for table in ["outpost_postsearch_fts", "outpost_postwords_fts"] {
                    for command in ["rebuild", "optimize"] {
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "INSERT INTO {table} ({table}) VALUES ('{command}')"
                        )))
                        .execute(p)
                        .await?;
                    }
                }
                sqlx::query(
                    "INSERT INTO outpost_searchwords_fts (outpost_searchwords_fts) VALUES ('optimize')",
                )
                .execute(p)
                .await?;
                // The rebuild goes through the write-ahead log; fold it back into the database
                // now rather than leave every later read to look through it.
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(p)
                    .await?;
            }
        }
        Ok(total)
    }

    /// Bulk insert for [`Self::reindex_posts`]; posts already indexed (by live indexing meanwhile)
    /// are kept, and the vocabulary gets the posts' words. SQLite's FTS tables of posts are
    /// rebuilt at the end, not here.
    async fn insert_search_docs(&self, docs: &[SearchDoc]) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for chunk in docs.chunks(INSERT_ROWS) {
                // PostgreSQL also stores the index words with the row's epoch (SQLite's FTS
                // tables hold them), so it takes the rows' seq values first.
                let seqs: Vec<i64> = if pg {
                    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "{NEXT_SEQ} FROM generate_series(1, {})",
                        chunk.len()
                    )))
                    .fetch_all(&mut *tx)
                    .await?
                } else {
                    Vec::new()
                };
                let per_row = if pg { 7 } else { 5 };
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| {
                        let b = i * per_row;
                        let words = if pg {
                            format!(", ${}, ${}::text[]", b + 6, b + 7)
                        } else {
                            String::new()
                        };
                        format!(
                            "(${}, ${}, ${}, ${}, ${}{words})",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5
                        )
                    })
                    .collect();
                let text = format!(
                    "INSERT INTO outpost_postsearch (postid, channelid, userid, createat, body{}) VALUES {} \
                     ON CONFLICT (postid) DO NOTHING",
                    if pg { ", seq, words" } else { "" },
                    values.join(", ")
                );
                let s = sql(pg, &text);
                let mut q = sqlx::query(s);
                for (i, d) in chunk.iter().enumerate() {
                    q = q
                        .bind(&d.post_id)
                        .bind(&d.channel_id)
                        .bind(&d.user_id)
                        .bind(d.create_at)
                        .bind(&d.body);
                    if let Some(seq) = seqs.get(i) {
                        q = q.bind(*seq).bind(pg_words(&d.body, *seq));
                    }
                }
                q.execute(&mut *tx).await?;
            }
            let words: Vec<&str> = docs.iter().flat_map(|d| index_words(&d.body)).collect();
            tx.add_words(&words).await?;
            tx.commit().await?;
            Ok(())
        })
    }
}

/// Creates the trigram index over the index text when `pg_trgm` is (or can be) installed; without
/// it searches still work, by scanning. Never fails: a missing extension is logged.
pub(crate) async fn prepare_postgres(pool: &PgPool) {
    const FIND: &str = "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
                        WHERE e.extname = 'pg_trgm'";
    let find = || async {
        sqlx::query_scalar::<_, String>(FIND)
            .fetch_optional(pool)
            .await
            .ok()
            .flatten()
    };
    let mut schema = find().await;
    if schema.is_none() {
        // Needs a superuser (or a trusted extension); a concurrent creator may also win the race.
        if let Err(e) = sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            .execute(pool)
            .await
        {
            tracing::debug!(error = %e, "CREATE EXTENSION pg_trgm failed");
        }
        schema = find().await;
    }
    let Some(schema) = schema else {
        tracing::warn!(
            "PostgreSQL extension pg_trgm is not available (CREATE EXTENSION pg_trgm needs a superuser): \
             post search works but scans the whole index; install it and run `outpost search reindex`"
        );
        return;
    };
    let schema = schema.replace('"', "");
    for (index, table, column) in [
        (
            "idx_outpost_postsearch_body_trgm",
            "outpost_postsearch",
            "body",
        ),
        (
            "idx_outpost_searchwords_trgm",
            "outpost_searchwords",
            "word",
        ),
    ] {
        let create = format!(
            "CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} \"{schema}\".gin_trgm_ops)"
        );
        if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(create)).execute(pool).await {
            tracing::warn!(error = %e, index, "could not create a trigram index for post search");
        }
    }
}
