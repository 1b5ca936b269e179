//! The post search index: `outpost_postsearch` holds each searchable post's index text (made by
//! `outpost_core::search::index_text`); SQLite serves substring tests from an FTS5 trigram table,
//! PostgreSQL from a `pg_trgm` GIN index. Both answer with the same `LIKE` tests on the same text,
//! so they return the same posts. See `docs/decisions/0004-search.md`.

use sqlx::Row;

use crate::WriteTx;
use crate::{Store, StoreResult, placeholders, sql, with_db};

/// One post as the index stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub post_id: String,
    pub channel_id: String,
    pub user_id: String,
    pub create_at: i64,
    /// The index text.
    pub body: String,
}

/// A change to the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchOp {
    /// Adds the post or replaces its text.
    Index(SearchDoc),
    /// Removes the post and its deleted replies.
    Remove(String),
    /// Removes every post of a channel.
    RemoveChannel(String),
}

/// Which posts a search wants, as tests on the index rows.
#[derive(Debug, Clone, Default)]
pub struct IndexQuery {
    /// `LIKE` patterns (escape `\`) that must all match.
    pub all: Vec<String>,
    /// `LIKE` patterns of which one must match (when not empty).
    pub any: Vec<String>,
    /// `LIKE` patterns that must not match.
    pub none: Vec<String>,
    /// SQLite only: an FTS5 expression that every matching row satisfies (narrows the scan).
    pub fts: Option<String>,
    /// The channels searched; nothing is found when empty.
    pub channel_ids: Vec<String>,
    /// Only posts by these users (when not empty).
    pub user_ids: Vec<String>,
    /// Never posts by these users.
    pub excluded_user_ids: Vec<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Inclusive creation-time ranges left out.
    pub excluded_ranges: Vec<(i64, i64)>,
    pub offset: i64,
    pub limit: i64,
}

/// How many of the newest index rows PostgreSQL scans before it uses the trigram index.
const RECENT_SCAN: i64 = 20_000;

enum Arg {
    S(String),
    I(i64),
}

/// The `WHERE` conditions and their arguments, placeholders numbered from `args.len() + 1`.
fn conditions(q: &IndexQuery, args: &mut Vec<Arg>) -> Vec<String> {
    let mut conds = Vec::new();
    let list = |ids: &[String], args: &mut Vec<Arg>| {
        let p = placeholders(args.len() + 1, ids.len());
        args.extend(ids.iter().cloned().map(Arg::S));
        p
    };
    conds.push(format!("s.channelid IN {}", list(&q.channel_ids, args)));
    if !q.user_ids.is_empty() {
        conds.push(format!("s.userid IN {}", list(&q.user_ids, args)));
    }
    if !q.excluded_user_ids.is_empty() {
        conds.push(format!(
            "s.userid NOT IN {}",
            list(&q.excluded_user_ids, args)
        ));
    }
    let like = |pattern: &str, args: &mut Vec<Arg>| {
        args.push(Arg::S(pattern.to_owned()));
        format!("s.body LIKE ${} ESCAPE '\\'", args.len())
    };
    for p in &q.all {
        conds.push(like(p, args));
    }
    if !q.any.is_empty() {
        let ors: Vec<String> = q.any.iter().map(|p| like(p, args)).collect();
        conds.push(format!("({})", ors.join(" OR ")));
    }
    for p in &q.none {
        conds.push(format!("NOT ({})", like(p, args)));
    }
    let num = |v: i64, args: &mut Vec<Arg>| {
        args.push(Arg::I(v));
        format!("${}", args.len())
    };
    if let Some(v) = q.since {
        conds.push(format!("s.createat >= {}", num(v, args)));
    }
    if let Some(v) = q.until {
        conds.push(format!("s.createat <= {}", num(v, args)));
    }
    for (a, b) in &q.excluded_ranges {
        let (a, b) = (num(*a, args), num(*b, args));
        conds.push(format!("NOT (s.createat >= {a} AND s.createat <= {b})"));
    }
    conds
}

impl Store {
    /// `(post id, index text)` of the posts matching `q`, newest indexed first.
    pub async fn search_post_index(&self, q: &IndexQuery) -> StoreResult<Vec<(String, String)>> {
        if q.channel_ids.is_empty() || q.limit <= 0 {
            return Ok(Vec::new());
        }
        let sqlite_fts = q.fts.as_ref().filter(|_| self.driver_name() == "sqlite");
        let mut args = Vec::new();
        let mut from = "outpost_postsearch s".to_owned();
        let mut order = "s.seq";
        let mut conds = Vec::new();
        if let Some(expr) = sqlite_fts {
            // The FTS table drives the scan in rowid order, so a LIMIT stops it early.
            from =
                "outpost_postsearch_fts f JOIN outpost_postsearch s ON s.seq = f.rowid".to_owned();
            order = "f.rowid";
            args.push(Arg::S(expr.clone()));
            conds.push("outpost_postsearch_fts MATCH $1".to_owned());
        }
        conds.extend(conditions(q, &mut args));
        let select = |from: &str| {
            format!(
                "SELECT s.postid, s.body FROM {from} WHERE {} ORDER BY {order} DESC LIMIT {} OFFSET {}",
                conds.join(" AND "),
                q.limit,
                q.offset.max(0)
            )
        };
        let text = select(&from);
        // PostgreSQL cannot estimate how many rows a trigram `LIKE` matches, and for common words
        // a bitmap scan of every match is slow: first look among the newest posts only. When
        // they hold enough matches, those are exactly the newest matches overall.
        let recent = select(&format!(
            "(SELECT * FROM outpost_postsearch ORDER BY seq DESC LIMIT {RECENT_SCAN}) s"
        ));
        let has_text = !q.all.is_empty() || !q.any.is_empty();
        with_db!(self, |p, pg| {
            let attempts: &[&str] = if pg && has_text {
                &[&recent, &text]
            } else {
                &[&text]
            };
            let mut rows = Vec::new();
            for (i, text) in attempts.iter().enumerate() {
                let mut query = sqlx::query(sql(pg, text));
                for a in &args {
                    query = match a {
                        Arg::S(v) => query.bind(v.clone()),
                        Arg::I(v) => query.bind(*v),
                    };
                }
                rows = query.fetch_all(p).await?;
                if i + 1 < attempts.len() && i64::try_from(rows.len()).unwrap_or(0) >= q.limit {
                    break;
                }
            }
            rows.iter()
                .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
                .collect()
        })
    }

    /// Applies index changes in one transaction.
    pub async fn apply_search_ops(&self, ops: &[SearchOp]) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for op in ops {
                // Rows leaving the index: on SQLite their text must be removed from the FTS table
                // first (external content), so both backends read them and delete by seq.
                let gone = match op {
                    SearchOp::Index(d) => {
                        let old: Option<(i64, String)> = sqlx::query_as(sql(
                            pg,
                            "SELECT seq, body FROM outpost_postsearch WHERE postid = $1",
                        ))
                        .bind(&d.post_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if old.as_ref().is_some_and(|(_, b)| *b == d.body) {
                            continue;
                        }
                        if let Some((seq, body)) = old {
                            tx.fts_delete(seq, &body).await?;
                            sqlx::query(sql(
                                pg,
                                "UPDATE outpost_postsearch SET body = $2 WHERE seq = $1",
                            ))
                            .bind(seq)
                            .bind(&d.body)
                            .execute(&mut *tx)
                            .await?;
                            tx.fts_insert(seq, &d.body).await?;
                        } else {
                            let seq: i64 = sqlx::query_scalar(sql(
                                pg,
                                "INSERT INTO outpost_postsearch (postid, channelid, userid, createat, body) \
                                 VALUES ($1, $2, $3, $4, $5) RETURNING seq",
                            ))
                            .bind(&d.post_id)
                            .bind(&d.channel_id)
                            .bind(&d.user_id)
                            .bind(d.create_at)
                            .bind(&d.body)
                            .fetch_one(&mut *tx)
                            .await?;
                            tx.fts_insert(seq, &d.body).await?;
                        }
                        continue;
                    }
                    SearchOp::Remove(id) => sqlx::query_as::<_, (i64, String)>(sql(
                        pg,
                        "SELECT seq, body FROM outpost_postsearch WHERE postid = $1 OR postid IN \
                             (SELECT id FROM posts WHERE rootid = $1 AND deleteat <> 0)",
                    ))
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?,
                    SearchOp::RemoveChannel(id) => {
                        sqlx::query_as::<_, (i64, String)>(sql(
                            pg,
                            "SELECT seq, body FROM outpost_postsearch WHERE channelid = $1",
                        ))
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await?
                    }
                };
                for (seq, body) in gone {
                    tx.fts_delete(seq, &body).await?;
                    sqlx::query(sql(pg, "DELETE FROM outpost_postsearch WHERE seq = $1"))
                        .bind(seq)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Number of posts in the index.
    pub async fn count_search_docs(&self) -> StoreResult<i64> {
        with_db!(self, |p, _pg| {
            Ok(
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM outpost_postsearch")
                    .fetch_one(p)
                    .await?,
            )
        })
    }
}

/// Keeps SQLite's external-content FTS table in step with `outpost_postsearch`; nothing to do on
/// PostgreSQL, whose trigram index follows the table by itself.
pub(crate) trait FtsSync {
    async fn fts_insert(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error>;
    async fn fts_delete(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error>;
}

impl FtsSync for crate::writer::SqliteTx {
    async fn fts_insert(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO outpost_postsearch_fts (rowid, body) VALUES ($1, $2)")
            .bind(seq)
            .bind(body)
            .execute(&mut **self)
            .await
            .map(|_| ())
    }

    async fn fts_delete(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO outpost_postsearch_fts (outpost_postsearch_fts, rowid, body) VALUES ('delete', $1, $2)",
        )
        .bind(seq)
        .bind(body)
        .execute(&mut **self)
        .await
        .map(|_| ())
    }
}

impl FtsSync for sqlx::Transaction<'static, sqlx::Postgres> {
    async fn fts_insert(&mut self, _seq: i64, _body: &str) -> Result<(), sqlx::Error> {
        Ok(())
    }

    async fn fts_delete(&mut self, _seq: i64, _body: &str) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

mod reindex;
pub(crate) use reindex::prepare_postgres;
