//! The post search index: `outpost_postsearch` holds each searchable post's index text (made by
//! `outpost_core::search::index_text`); SQLite serves substring tests from an FTS5 trigram table,
//! PostgreSQL from a `pg_trgm` GIN index; a second index of each post's whole index words (FTS5
//! `ascii` table / GIN over the `words` column) with the vocabulary of those words
//! (`outpost_searchwords`) narrows searches for words and fragments held by few words. Every plan
//! answers with the same `LIKE` tests on the same text, so they return the same posts. See
//! `docs/decisions/0004-search.md`.

use outpost_core::search::{WordAt, WordPiece, index_words};
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
    /// Pieces of the needles for the whole-word index: when `any` is empty, every matching row
    /// holds all of them (the first two that can be looked up are used); else each is one
    /// needle's, and a matching row holds at least one. Empty: the whole-word index is not used.
    pub words: Vec<WordPiece>,
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
    /// How the rows are found (the same rows whatever the plan); tests force each one.
    pub plan: SearchPlan,
}

/// How [`Store::search_post_index`] finds the matching rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchPlan {
    /// Through the channel/author/date filters when they leave few rows, else the text index.
    #[default]
    Auto,
    /// Test every row the filters leave (exact only when they leave at most 20,000 rows).
    Filtered,
    /// Through the text index.
    TextIndex,
    /// Through the whole-word index when the word pieces can be looked up, else the text index.
    Words,
}

/// How many of the newest index rows PostgreSQL scans before it uses the trigram index.
const RECENT_SCAN: i64 = 20_000;

/// A word piece held by more index words than this is not looked up through the whole-word
/// index (the text index serves it better).
const MAX_WORDS: usize = 64;

/// On PostgreSQL, each row's `words` also hold the token `#<seq / PG_EPOCH_ROWS>` (no index word
/// has a `#`), so that the GIN index itself can narrow a word to the newest rows.
const PG_EPOCH_ROWS: i64 = 50_000;

/// How many epochs back (besides the newest) PostgreSQL looks for a word's newest posts before
/// it looks through all of them.
const PG_WORD_WINDOWS: [i64; 2] = [1, 10];

/// PostgreSQL's whole-word index keeps this many characters of each word.
const PG_WORD_CHARS: usize = 64;

/// A text search whose other filters (channels, authors, dates) leave at most this many index
/// rows tests those rows directly instead of going through the text index.
const FILTERED_SCAN: i64 = 20_000;

enum Arg {
    S(String),
    I(i64),
}

/// The conditions on channels, authors and dates, placeholders numbered from `args.len() + 1`.
fn filter_conditions(q: &IndexQuery, args: &mut Vec<Arg>) -> Vec<String> {
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

/// The `LIKE` tests on the index text (`body`, an expression of `s.body`), placeholders numbered
/// from `args.len() + 1`.
fn text_conditions(q: &IndexQuery, args: &mut Vec<Arg>, body: &str) -> Vec<String> {
    let mut conds = Vec::new();
    let like = |pattern: &str, args: &mut Vec<Arg>| {
        args.push(Arg::S(pattern.to_owned()));
        format!("{body} LIKE ${} ESCAPE '\\'", args.len())
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
    conds
}

/// One statement and its arguments.
struct Statement {
    text: String,
    args: Vec<Arg>,
}

/// Binds a [`Statement`]'s arguments to a query of either backend.
macro_rules! bind {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for a in $args {
            query = match a {
                Arg::S(v) => query.bind(v.clone()),
                Arg::I(v) => query.bind(*v),
            };
        }
        query
    }};
}

impl IndexQuery {
    fn has_text(&self) -> bool {
        !self.all.is_empty() || !self.any.is_empty()
    }

    /// The newest matches read from `from` (which names its rows `s`), with `first` conditions
    /// (and their arguments) before the filters and the text tests.
    /// `first` conditions use the placeholders `$1`, `$2`, … for their arguments, in order.
    fn select(&self, from: &str, order: &str, first: Vec<(String, Arg)>) -> Statement {
        self.select_with(from, order, first, "s.body")
    }

    /// [`Self::select`] with the `LIKE`s applied to `body` (an expression of `s.body`).
    fn select_with(
        &self,
        from: &str,
        order: &str,
        first: Vec<(String, Arg)>,
        body: &str,
    ) -> Statement {
        let mut args = Vec::new();
        let mut conds = Vec::new();
        for (cond, arg) in first {
            conds.push(cond);
            args.push(arg);
        }
        conds.extend(filter_conditions(self, &mut args));
        conds.extend(text_conditions(self, &mut args, body));
        Statement {
            text: format!(
                "SELECT s.postid, s.body FROM {from} WHERE {} ORDER BY {order} DESC LIMIT {} OFFSET {}",
                conds.join(" AND "),
                self.limit,
                self.offset.max(0)
            ),
            args,
        }
    }

    /// Counts the rows the filters leave, up to `FILTERED_SCAN + 1`.
    fn count_filtered(&self) -> Statement {
        let mut args = Vec::new();
        let conds = filter_conditions(self, &mut args);
        Statement {
            text: format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM outpost_postsearch s WHERE {} LIMIT {}) c",
                conds.join(" AND "),
                FILTERED_SCAN + 1
            ),
            args,
        }
    }

    /// The newest matches among the rows the filters leave, read through the filters' indexes
    /// (only exact when the filters leave at most `FILTERED_SCAN` rows).
    fn select_filtered(&self) -> Statement {
        let mut args = Vec::new();
        let filters = filter_conditions(self, &mut args);
        let mut text = text_conditions(self, &mut args, "s.body");
        if text.is_empty() {
            text.push("1 = 1".to_owned());
        }
        Statement {
            text: format!(
                "SELECT s.postid, s.body FROM (SELECT * FROM outpost_postsearch s WHERE {} \
                 ORDER BY s.seq DESC LIMIT {}) s WHERE {} ORDER BY s.seq DESC LIMIT {} OFFSET {}",
                filters.join(" AND "),
                FILTERED_SCAN + 1,
                text.join(" AND "),
                self.limit,
                self.offset.max(0)
            ),
            args,
        }
    }
}

impl Store {
    /// `(post id, index text)` of the posts matching `q`, newest indexed first.
    ///
    /// Every plan returns the same rows (the newest rows passing every test); they differ in
    /// how they find them: through the channel/author/date indexes when those leave few rows,
    /// through the whole-word index when the words can be looked up, else through the trigram
    /// index (SQLite's FTS tables in rowid order, which stops early; PostgreSQL first among the
    /// newest rows, then through the trigram index). PostgreSQL tries the whole-word index first:
    /// its planner combines it with the filters' indexes (and walks the newest rows instead for
    /// common words, which its statistics of the `words` column show).
    pub async fn search_post_index(&self, q: &IndexQuery) -> StoreResult<Vec<(String, String)>> {
        if q.channel_ids.is_empty() || q.limit <= 0 {
            return Ok(Vec::new());
        }
        let pg = self.driver_name() == "postgres";
        let try_words = q.has_text() && matches!(q.plan, SearchPlan::Words | SearchPlan::Auto);
        let mut words = WordGroups::Unusable;
        if try_words && (pg || q.plan == SearchPlan::Words) {
            words = self.word_groups(q).await?;
        }
        let narrow = match q.plan {
            SearchPlan::Filtered => true,
            SearchPlan::Auto if q.has_text() && words == WordGroups::Unusable => {
                let count = q.count_filtered();
                let n: i64 = with_db!(self, |p, pg| {
                    bind!(sqlx::query_scalar(sql(pg, &count.text)), &count.args)
                        .fetch_one(p)
                        .await?
                });
                n <= FILTERED_SCAN
            }
            _ => false,
        };
        if try_words && !narrow && !pg && q.plan == SearchPlan::Auto {
            words = self.word_groups(q).await?;
        }
        let mut plans: Vec<Statement> = Vec::new();
        match &words {
            _ if narrow => plans.push(q.select_filtered()),
            WordGroups::Nothing => return Ok(Vec::new()),
            WordGroups::Groups(groups) if pg => {
                let first = || -> Vec<(String, Arg)> {
                    groups
                        .iter()
                        .enumerate()
                        .map(|(i, g)| {
                            (
                                format!("s.words && ${}::text[]", i + 1),
                                Arg::S(pg_word_array(g.iter().map(String::as_str))),
                            )
                        })
                        .collect()
                };
                // Reading the table for every post of a word is what costs: look among the
                // newest posts first (their epoch tokens narrow the word's posting list in the
                // GIN index itself), and further back only when they hold too few matches.
                let newest: i64 = with_db!(self, |p, pg| {
                    sqlx::query_scalar(sql(
                        pg,
                        "SELECT COALESCE(MAX(seq), 0) FROM outpost_postsearch",
                    ))
                    .fetch_one(p)
                    .await?
                });
                let epoch = newest / PG_EPOCH_ROWS;
                // A search by author is narrow enough for one look (its index holds seq).
                let windows: &[i64] = if q.user_ids.is_empty() {
                    &PG_WORD_WINDOWS
                } else {
                    &[]
                };
                for &window in windows {
                    let first_epoch = epoch - window;
                    if first_epoch > 0 {
                        let mut conds = first();
                        let tokens: Vec<String> = (first_epoch..=epoch).map(epoch_token).collect();
                        let n = conds.len() + 1;
                        conds.push((
                            format!("s.words && ${n}::text[]"),
                            Arg::S(pg_word_array(tokens.iter().map(String::as_str))),
                        ));
                        // The same window as a range, for a newest-first walk (common words).
                        conds.push((
                            format!("s.seq >= ${}", n + 1),
                            Arg::I(first_epoch * PG_EPOCH_ROWS),
                        ));
                        plans.push(q.select_with(
                            "outpost_postsearch s",
                            "s.seq",
                            conds,
                            "(s.body || '')",
                        ));
                    }
                }
                // The `LIKE`s are kept off the trigram index: ANDed with the whole-word index
                // it would only add the long posting lists of common trigrams.
                plans.push(q.select_with(
                    "outpost_postsearch s",
                    "s.seq",
                    first(),
                    "(s.body || '')",
                ));
            }
            WordGroups::Groups(groups) => plans.push(q.select(
                "outpost_postwords_fts w JOIN outpost_postsearch s ON s.seq = w.rowid",
                "w.rowid",
                vec![(
                    "outpost_postwords_fts MATCH $1".to_owned(),
                    Arg::S(fts_word_expression(groups)),
                )],
            )),
            WordGroups::Unusable => {
                if let Some(expr) = q.fts.as_ref().filter(|_| !pg) {
                    // The FTS table drives the scan in rowid order, so the LIMIT stops it early.
                    plans.push(q.select(
                        "outpost_postsearch_fts f JOIN outpost_postsearch s ON s.seq = f.rowid",
                        "f.rowid",
                        vec![(
                            "outpost_postsearch_fts MATCH $1".to_owned(),
                            Arg::S(expr.clone()),
                        )],
                    ));
                } else {
                    // PostgreSQL cannot estimate how many rows a trigram `LIKE` matches, and for
                    // common words a bitmap scan of every match is slow: first look among the
                    // newest posts only. When they hold enough matches, those are exactly the
                    // newest matches overall.
                    if pg && q.has_text() {
                        plans.push(q.select(
                            &format!(
                                "(SELECT * FROM outpost_postsearch ORDER BY seq DESC LIMIT {RECENT_SCAN}) s"
                            ),
                            "s.seq",
                            Vec::new(),
                        ));
                    }
                    plans.push(q.select("outpost_postsearch s", "s.seq", Vec::new()));
                }
            }
        }
        with_db!(self, |p, pg| {
            let mut rows = Vec::new();
            for (i, plan) in plans.iter().enumerate() {
                // Not prepared for reuse: a plan made for one word's statistics (or one
                // window) is wrong for another, so each search is planned with its own values.
                rows = bind!(sqlx::query(sql(pg, &plan.text)), &plan.args)
                    .persistent(false)
                    .fetch_all(p)
                    .await?;
                if i + 1 < plans.len() && i64::try_from(rows.len()).unwrap_or(0) >= q.limit {
                    break;
                }
            }
            rows.iter()
                .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
                .collect()
        })
    }

    /// What the whole-word index can look `q.words` up by (each group's words sorted).
    pub async fn word_groups(&self, q: &IndexQuery) -> StoreResult<WordGroups> {
        if q.words.is_empty() {
            return Ok(WordGroups::Unusable);
        }
        let or = !q.any.is_empty();
        let pg = self.driver_name() == "postgres";
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut alternatives: Vec<String> = Vec::new();
        for piece in &q.words {
            if piece.at == WordAt::Sequence && pg && !or {
                // PostgreSQL's `words` also hold every pair of neighbouring words: the phrase's
                // two longest pairs (each in every match).
                let mut pairs = word_pairs(&piece.text);
                pairs.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
                for pair in pairs.into_iter().take(2 - groups.len().min(2)) {
                    groups.push(vec![pair]);
                }
                if groups.len() >= 2 {
                    break;
                }
                continue;
            }
            let words = match piece.at {
                WordAt::Whole => Some(vec![piece.text.clone()]),
                // SQLite's FTS table has the words' positions: the phrase is one FTS phrase.
                // PostgreSQL's GIN index has not: in an OR search, the phrase's longest pair of
                // neighbouring words stands for it.
                WordAt::Sequence if pg => word_pairs(&piece.text)
                    .into_iter()
                    .max_by_key(|w| w.chars().count())
                    .map(|w| vec![w]),
                WordAt::Sequence => Some(vec![piece.text.clone()]),
                _ => self.words_holding(piece).await?,
            };
            match words {
                // Too many words hold it: one alternative of an OR search cannot be left out.
                None if or => return Ok(WordGroups::Unusable),
                None => {}
                Some(w) if or => alternatives.extend(w),
                // No post holds a piece every match must hold.
                Some(w) if w.is_empty() => return Ok(WordGroups::Nothing),
                Some(mut w) => {
                    w.sort_unstable();
                    groups.push(w);
                }
            }
            if groups.len() == 2 {
                break;
            }
        }
        if or {
            if alternatives.is_empty() {
                return Ok(WordGroups::Nothing);
            }
            alternatives.sort_unstable();
            alternatives.dedup();
            groups.push(alternatives);
        }
        Ok(if groups.is_empty() {
            WordGroups::Unusable
        } else {
            WordGroups::Groups(groups)
        })
    }

    /// The index words that can hold `piece`, from the vocabulary; `None` when more than
    /// [`MAX_WORDS`] do (or the piece is too short to look up).
    async fn words_holding(&self, piece: &WordPiece) -> StoreResult<Option<Vec<String>>> {
        if piece.text.chars().count() < 3 {
            return Ok(None);
        }
        let limit = i64::try_from(MAX_WORDS).unwrap_or(64) + 1;
        let found: Vec<String> = with_db!(self, |p, pg| {
            if pg {
                sqlx::query_scalar(
                    "SELECT word FROM outpost_searchwords WHERE word LIKE $1 ESCAPE '\\' LIMIT $2",
                )
                .bind(piece.like_pattern())
                .bind(limit)
                // Planned with its pattern each time: a generic plan cannot use the trigram index.
                .persistent(false)
                .fetch_all(p)
                .await?
            } else {
                sqlx::query_scalar(
                    "SELECT w.word FROM outpost_searchwords_fts f JOIN outpost_searchwords w ON w.id = f.rowid \
                     WHERE outpost_searchwords_fts MATCH $1 AND w.word LIKE $2 ESCAPE '\\' LIMIT $3",
                )
                .bind(format!("\"{}\"", piece.text.replace('"', "\"\"")))
                .bind(piece.like_pattern())
                .bind(limit)
                .fetch_all(p)
                .await?
            }
        });
        if found.len() > MAX_WORDS {
            return Ok(None);
        }
        Ok(Some(found.into_iter().filter(|w| piece.fits(w)).collect()))
    }

    /// Applies index changes in one transaction.
    pub async fn apply_search_ops(&self, ops: &[SearchOp]) -> StoreResult<()> {
        if let Some(lite) = self.lite.as_deref() {
            let ops = ops.to_vec();
            return lite.run(move |c| apply_search_ops_lite(c, &ops)).await;
        }
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let mut words: Vec<&str> = Vec::new();
            for op in ops {
                // Rows leaving the index: on SQLite their text must be removed from the FTS table
                // first (external content), so both backends read them and delete by seq.
                let gone = match op {
                    SearchOp::Index(d) => {
                        let old: Option<(i64, String)> = sqlx::query_as(SQLITE_LOOK)
                            .bind(&d.post_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                        if old.as_ref().is_some_and(|(_, b)| *b == d.body) {
                            continue;
                        }
                        words.extend(index_words(&d.body));
                        if let Some((seq, body)) = old {
                            tx.fts_delete(seq, &body).await?;
                            let mut update = sqlx::query(sql(
                                pg,
                                if pg {
                                    "UPDATE outpost_postsearch SET body = $2, words = $3::text[] WHERE seq = $1"
                                } else {
                                    "UPDATE outpost_postsearch SET body = $2 WHERE seq = $1"
                                },
                            ))
                            .bind(seq)
                            .bind(&d.body);
                            if pg {
                                update = update.bind(pg_words(&d.body, seq));
                            }
                            update.execute(&mut *tx).await?;
                            tx.fts_insert(seq, &d.body).await?;
                        } else {
                            // PostgreSQL's `words` hold the row's epoch: take its seq first.
                            let next: Option<i64> = if pg {
                                Some(sqlx::query_scalar(NEXT_SEQ).fetch_one(&mut *tx).await?)
                            } else {
                                None
                            };
                            let mut insert = sqlx::query_scalar(sql(
                                pg,
                                if pg {
                                    "INSERT INTO outpost_postsearch (postid, channelid, userid, createat, body, seq, words) \
                                     VALUES ($1, $2, $3, $4, $5, $6, $7::text[]) RETURNING seq"
                                } else {
                                    "INSERT INTO outpost_postsearch (postid, channelid, userid, createat, body) \
                                     VALUES ($1, $2, $3, $4, $5) RETURNING seq"
                                },
                            ))
                            .bind(&d.post_id)
                            .bind(&d.channel_id)
                            .bind(&d.user_id)
                            .bind(d.create_at)
                            .bind(&d.body);
                            if let Some(seq) = next {
                                insert = insert.bind(seq).bind(pg_words(&d.body, seq));
                            }
                            let seq: i64 = insert.fetch_one(&mut *tx).await?;
                            tx.fts_insert(seq, &d.body).await?;
                        }
                        continue;
                    }
                    SearchOp::Remove(id) => {
                        sqlx::query_as::<_, (i64, String)>(SQLITE_REMOVED)
                            .bind(id)
                            .fetch_all(&mut *tx)
                            .await?
                    }
                    SearchOp::RemoveChannel(id) => {
                        sqlx::query_as::<_, (i64, String)>(SQLITE_CHANNEL_ROWS)
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
            tx.add_words(&words).await?;
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

/// SQLite: [`Store::apply_search_ops`] on the writer thread ([`crate::lite`]), with the same
/// statements as the general path.
fn apply_search_ops_lite(c: &rusqlite::Connection, ops: &[SearchOp]) -> rusqlite::Result<()> {
    use crate::lite::{bind, execute};
    use rusqlite::types::Value::{Integer, Text};
    let fts = |text: &str, seq: i64, body: &str| -> rusqlite::Result<()> {
        for part in text.split("; ") {
            execute(c, part, &[Integer(seq), Text(body.to_owned())])?;
        }
        Ok(())
    };
    let rows = |text: &str, id: &str| -> rusqlite::Result<Vec<(i64, String)>> {
        let mut stmt = bind(c, text, &[Text(id.to_owned())])?;
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push((row.get(0)?, row.get(1)?));
        }
        Ok(out)
    };
    let mut words: Vec<&str> = Vec::new();
    for op in ops {
        let gone = match op {
            SearchOp::Index(d) => {
                let old = rows(SQLITE_LOOK, &d.post_id)?.into_iter().next();
                match old {
                    Some((_, body)) if body == d.body => {}
                    Some((seq, body)) => {
                        words.extend(index_words(&d.body));
                        fts(SQLITE_FTS_DELETE, seq, &body)?;
                        execute(
                            c,
                            "UPDATE outpost_postsearch SET body = $2 WHERE seq = $1",
                            &[Integer(seq), Text(d.body.clone())],
                        )?;
                        fts(SQLITE_FTS_INSERT, seq, &d.body)?;
                    }
                    None => {
                        words.extend(index_words(&d.body));
                        let mut stmt = bind(
                            c,
                            "INSERT INTO outpost_postsearch (postid, channelid, userid, createat, body) \
                             VALUES ($1, $2, $3, $4, $5) RETURNING seq",
                            &[
                                Text(d.post_id.clone()),
                                Text(d.channel_id.clone()),
                                Text(d.user_id.clone()),
                                Integer(d.create_at),
                                Text(d.body.clone()),
                            ],
                        )?;
                        let seq: i64 = {
                            let mut rows = stmt.raw_query();
                            let row = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
                            row.get(0)?
                        };
                        drop(stmt);
                        fts(SQLITE_FTS_INSERT, seq, &d.body)?;
                    }
                }
                continue;
            }
            SearchOp::Remove(id) => rows(SQLITE_REMOVED, id)?,
            SearchOp::RemoveChannel(id) => rows(SQLITE_CHANNEL_ROWS, id)?,
        };
        for (seq, body) in gone {
            fts(SQLITE_FTS_DELETE, seq, &body)?;
            execute(
                c,
                "DELETE FROM outpost_postsearch WHERE seq = $1",
                &[Integer(seq)],
            )?;
        }
    }
    if !words.is_empty() {
        let list = serde_json::to_string(&distinct(&words)).unwrap_or_else(|_| "[]".to_owned());
        execute(c, SQLITE_ADD_WORDS, &[Text(list)])?;
    }
    Ok(())
}

/// Keeps SQLite's external-content FTS table in step with `outpost_postsearch`; nothing to do on
/// PostgreSQL, whose trigram index follows the table by itself.
pub(crate) trait FtsSync {
    async fn fts_insert(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error>;
    async fn fts_delete(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error>;
    /// Adds index words to the vocabulary (those already there are kept).
    async fn add_words(&mut self, words: &[&str]) -> Result<(), sqlx::Error>;
}

/// The distinct words, sorted (concurrent writers then take the vocabulary's locks in order).
fn distinct(words: &[&str]) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = words.iter().copied().collect();
    set.into_iter().map(str::to_owned).collect()
}

/// Whether the whole-word index can serve a search, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordGroups {
    /// No: use another plan.
    Unusable,
    /// No post can match.
    Nothing,
    /// Every matching post holds one word of each group.
    Groups(Vec<Vec<String>>),
}

/// An FTS5 expression over `outpost_postwords_fts`: one word (or phrase) of each group.
fn fts_word_expression(groups: &[Vec<String>]) -> String {
    groups
        .iter()
        .map(|g| {
            let words: Vec<String> = g
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect();
            format!("({})", words.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The next `seq` of the index on PostgreSQL.
pub(crate) const NEXT_SEQ: &str =
    "SELECT nextval(pg_get_serial_sequence('outpost_postsearch', 'seq'))";

/// The token of an epoch of [`PG_EPOCH_ROWS`] rows in PostgreSQL's `words`.
fn epoch_token(epoch: i64) -> String {
    format!("#{epoch}")
}

/// The pairs of neighbouring words of `words` (space-separated), as `"a b"`.
fn word_pairs(words: &str) -> Vec<String> {
    let words: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    pairs(&words).collect()
}

/// Each word with the next one, as `"a b"` (no index word has a space).
fn pairs<'a>(words: &'a [&str]) -> impl Iterator<Item = String> + 'a {
    words.windows(2).map(|p| format!("{} {}", p[0], p[1]))
}

/// The `words` column of the index row `seq` on PostgreSQL (a `text[]` literal): the distinct
/// index words of its text and every pair of neighbouring index words (`"a b"`; no index word
/// has a space), cut to [`PG_WORD_CHARS`] characters, and the row's epoch token.
pub(crate) fn pg_words(body: &str, seq: i64) -> String {
    let epoch = epoch_token(seq / PG_EPOCH_ROWS);
    let words: Vec<&str> = index_words(body).collect();
    let pairs: std::collections::BTreeSet<String> = pairs(&words).collect();
    let words: std::collections::BTreeSet<&str> = words.into_iter().collect();
    pg_word_array(
        words
            .into_iter()
            .chain(pairs.iter().map(String::as_str))
            .chain([epoch.as_str()]),
    )
}

/// A PostgreSQL `text[]` literal of index words as the `words` column keeps them.
fn pg_word_array<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen = std::collections::HashSet::new();
    let items: Vec<String> = words
        .into_iter()
        .filter_map(|w| {
            let cut: String = w.chars().take(PG_WORD_CHARS).collect();
            seen.insert(cut.clone()).then_some(cut)
        })
        .map(|cut| format!("\"{}\"", cut.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("{{{}}}", items.join(","))
}

// The index's statements on SQLite (those without PostgreSQL-only syntax serve both).
/// A post's index row. Argument: post.
const SQLITE_LOOK: &str = "SELECT seq, body FROM outpost_postsearch WHERE postid = $1";
/// The index rows a deleted post takes with it: its own and its deleted replies'. Argument: post.
const SQLITE_REMOVED: &str = "SELECT seq, body FROM outpost_postsearch WHERE postid = $1 OR postid IN \
     (SELECT id FROM posts WHERE rootid = $1 AND deleteat <> 0)";
/// A channel's index rows. Argument: channel.
const SQLITE_CHANNEL_ROWS: &str = "SELECT seq, body FROM outpost_postsearch WHERE channelid = $1";
/// A row's text into both FTS tables. Arguments: seq, body.
const SQLITE_FTS_INSERT: &str = "INSERT INTO outpost_postsearch_fts (rowid, body) VALUES ($1, $2); \
     INSERT INTO outpost_postwords_fts (rowid, body) VALUES ($1, $2)";
/// A row's text out of both FTS tables (external content: the old text must be given).
/// Arguments: seq, body.
const SQLITE_FTS_DELETE: &str = "INSERT INTO outpost_postsearch_fts (outpost_postsearch_fts, rowid, body) VALUES ('delete', $1, $2); \
     INSERT INTO outpost_postwords_fts (outpost_postwords_fts, rowid, body) VALUES ('delete', $1, $2)";
/// New words into the vocabulary. Argument: the words (a JSON array).
const SQLITE_ADD_WORDS: &str = "INSERT INTO outpost_searchwords (word) SELECT value FROM json_each($1) WHERE true \
     ON CONFLICT (word) DO NOTHING";

impl FtsSync for crate::writer::SqliteTx {
    // Both FTS tables in one batch of statements (one hand-off to the connection's thread).
    async fn fts_insert(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error> {
        sqlx::query(SQLITE_FTS_INSERT)
            .bind(seq)
            .bind(body)
            .execute(&mut **self)
            .await?;
        Ok(())
    }

    async fn fts_delete(&mut self, seq: i64, body: &str) -> Result<(), sqlx::Error> {
        sqlx::query(SQLITE_FTS_DELETE)
            .bind(seq)
            .bind(body)
            .execute(&mut **self)
            .await?;
        Ok(())
    }

    async fn add_words(&mut self, words: &[&str]) -> Result<(), sqlx::Error> {
        if words.is_empty() {
            return Ok(());
        }
        let list = serde_json::to_string(&distinct(words)).unwrap_or_else(|_| "[]".to_owned());
        sqlx::query(SQLITE_ADD_WORDS)
            .bind(list)
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

    async fn add_words(&mut self, words: &[&str]) -> Result<(), sqlx::Error> {
        if words.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO outpost_searchwords (word) SELECT w FROM unnest($1::text[]) AS w \
             ON CONFLICT (md5(word)) DO NOTHING",
        )
        .bind(distinct(words))
        .execute(&mut **self)
        .await
        .map(|_| ())
    }
}

mod reindex;
pub(crate) use reindex::prepare_postgres;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_words_hold_words_pairs_and_epoch() {
        assert_eq!(
            pg_words(" a.b c \u{1} d a ", 120_000),
            r##"{"a","b","c","d","a b","b c","c d","d a","#2"}"##
        );
        let long = "x".repeat(100);
        assert_eq!(
            pg_words(&format!(" {long} "), 0),
            format!(r##"{{"{}","#0"}}"##, "x".repeat(PG_WORD_CHARS))
        );
        assert_eq!(word_pairs("a b c"), vec!["a b", "b c"]);
    }
}
