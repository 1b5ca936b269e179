//! SQLite's hottest writes (new posts, the search index) on a thread of their own.
//!
//! sqlx runs every SQLite statement on its connection's thread and hands the result back to the
//! caller's task, so a write transaction of five statements is ten wake-ups, all while the
//! database's one write lock is held ([`crate::writer`]). Under load those hand-offs, not
//! SQLite, set how many posts per second the lock lets through.
//!
//! Here one thread owns a connection of its own and runs *jobs*: closures over the connection,
//! sent by the store's methods. It takes every job already queued (at most [`MAX_BATCH`]), takes
//! the process's write lock (committing any open group-commit batch first, so writes keep their
//! order), runs each job inside its own `SAVEPOINT` (a failing job is undone alone), commits
//! once and only then answers each job: nothing is reported as stored before it is on disk, as
//! with group commit. While it waits for the disk, the next jobs queue up and form the next
//! batch. A caller that gives up (its request dropped) does not stop its job: a job runs whole
//! or not at all.

use std::any::Any;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::types::Value;
use tokio::sync::oneshot;

use crate::writer::Writer;
use crate::{StoreError, StoreResult};

/// Jobs sharing one database commit, at most.
const MAX_BATCH: usize = 256;
/// Commits between two checkpoints of the write-ahead log (by the checkpoint thread).
const CHECKPOINT_EVERY: u32 = 16;
/// Pages in the write-ahead log past which the writer checkpoints by itself (SQLite's automatic
/// checkpoint, the default is 1,000): only if the checkpoint thread cannot keep up.
const SELF_CHECKPOINT_PAGES: u32 = 20_000;

type Output = Box<dyn Any + Send>;
type Work = Box<dyn FnOnce(&rusqlite::Connection) -> rusqlite::Result<Output> + Send>;

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Output, StoreError>>,
}

/// The thread's handle: jobs go in here. The thread ends when the store is dropped.
pub(crate) struct LiteWriter {
    jobs: mpsc::Sender<Job>,
}

/// What a job's error means to the store's callers (as sqlx's errors do on the other paths).
fn store_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, message)
            if matches!(
                f.extended_code,
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            ) =>
        {
            StoreError::Conflict(message.clone().unwrap_or_else(|| e.to_string()))
        }
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
        _ => failed(e),
    }
}

fn failed(message: impl std::fmt::Display) -> StoreError {
    StoreError::Db(sqlx::Error::Io(std::io::Error::other(format!(
        "the database write failed: {message}"
    ))))
}

impl LiteWriter {
    /// Opens the writer's connection to the database at `path` (already migrated) and starts
    /// its thread; `lock` is the write lock of the database's group commit.
    pub(crate) fn start(path: &Path, lock: Arc<Writer>) -> StoreResult<Self> {
        let conn = rusqlite::Connection::open(path).map_err(failed)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(failed)?;
        // As sqlx's connections: WAL, foreign keys, every commit on disk before it is reported.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
        )
        .map_err(failed)?;
        conn.set_prepared_statement_cache_capacity(64);
        // Copying the log back into the database (a checkpoint) is done by a thread of its own,
        // so the writer's batches do not wait for it (a passive checkpoint runs beside writers).
        conn.pragma_update(None, "wal_autocheckpoint", SELF_CHECKPOINT_PAGES)
            .map_err(failed)?;
        let checkpointer = rusqlite::Connection::open(path).map_err(failed)?;
        checkpointer
            .busy_timeout(Duration::from_secs(10))
            .map_err(failed)?;
        let (due, checkpoints) = mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name("outpost-sqlite-checkpoint".to_owned())
            .spawn(move || {
                while checkpoints.recv().is_ok() {
                    if let Err(e) = checkpointer.execute_batch("PRAGMA wal_checkpoint(PASSIVE)") {
                        tracing::warn!(error = %e, "SQLite checkpoint failed");
                    }
                }
            })
            .map_err(failed)?;
        let rt = tokio::runtime::Handle::current();
        let (jobs, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("outpost-sqlite-writer".to_owned())
            .spawn(move || serve(&conn, &rx, &lock, &rt, &due))
            .map_err(failed)?;
        Ok(Self { jobs })
    }

    /// Runs `work` in the next batch and returns its result once the batch is on disk.
    pub(crate) async fn run<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let work: Work = Box::new(move |c| work(c).map(|v| Box::new(v) as Output));
        self.jobs
            .send(Job { work, reply })
            .map_err(|_| failed("the writer thread has stopped"))?;
        let out = answer
            .await
            .map_err(|_| failed("the writer thread has stopped"))??;
        out.downcast::<T>()
            .map(|v| *v)
            .map_err(|_| failed("a job returned the wrong type"))
    }
}

fn serve(
    conn: &rusqlite::Connection,
    rx: &mpsc::Receiver<Job>,
    lock: &Writer,
    rt: &tokio::runtime::Handle,
    checkpoint: &mpsc::SyncSender<()>,
) {
    let mut commits = 0u32;
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (works, replies): (Vec<Work>, Vec<_>) =
            batch.into_iter().map(|j| (j.work, j.reply)).unzip();
        let mut state = lock.state.blocking_lock();
        // A group-commit batch left open (or a dropped transaction's savepoint) comes first.
        rt.block_on(crate::writer::settle(&mut state));
        let outcomes = run_batch(conn, works);
        drop(state);
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
        commits += 1;
        if commits >= CHECKPOINT_EVERY {
            commits = 0;
            // Full: a checkpoint is already due.
            let _ = checkpoint.try_send(());
        }
    }
}

/// Runs each job in its own savepoint, commits, and returns each job's outcome.
fn run_batch(conn: &rusqlite::Connection, works: Vec<Work>) -> Vec<Result<Output, StoreError>> {
    let mut outcomes: Vec<Result<Output, StoreError>> = Vec::with_capacity(works.len());
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE") {
        return works.iter().map(|_| Err(failed(&e))).collect();
    }
    for work in works {
        let outcome = exec(conn, "SAVEPOINT outpost_l").and_then(|()| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(conn))).unwrap_or_else(
                |_| {
                    Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERNAL),
                        Some("a job panicked".to_owned()),
                    ))
                },
            )
        });
        match outcome {
            Ok(v) => match exec(conn, "RELEASE outpost_l") {
                Ok(()) => outcomes.push(Ok(v)),
                Err(e) => outcomes.push(Err(undo(conn, e))),
            },
            Err(e) => outcomes.push(Err(undo(conn, e))),
        }
    }
    if let Err(e) = exec(conn, "COMMIT") {
        let _ = exec(conn, "ROLLBACK");
        for o in &mut outcomes {
            if o.is_ok() {
                *o = Err(failed(&e));
            }
        }
    }
    outcomes
}

/// Undoes a failed job's savepoint; returns the job's error.
fn undo(conn: &rusqlite::Connection, e: rusqlite::Error) -> StoreError {
    let _ = exec(conn, "ROLLBACK TO outpost_l");
    let _ = exec(conn, "RELEASE outpost_l");
    store_error(e)
}

fn exec(conn: &rusqlite::Connection, text: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(text)?.execute([]).map(|_| ())
}

/// Prepares (cached) one statement written with sqlx's `$N` placeholders and binds `args[N-1]`
/// to each; the statement is ready to `raw_execute` or `raw_query`.
pub(crate) fn bind<'c>(
    conn: &'c rusqlite::Connection,
    text: &str,
    args: &[Value],
) -> rusqlite::Result<rusqlite::CachedStatement<'c>> {
    let mut stmt = conn.prepare_cached(text)?;
    for i in 1..=stmt.parameter_count() {
        let n = stmt
            .parameter_name(i)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(format!("parameter {i}")))?;
        let value = args
            .get(n.wrapping_sub(1))
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(format!("${n}")))?;
        stmt.raw_bind_parameter(i, value)?;
    }
    Ok(stmt)
}

/// Runs one statement (see [`bind`]); returns the number of rows it changed.
pub(crate) fn execute(
    conn: &rusqlite::Connection,
    text: &str,
    args: &[Value],
) -> rusqlite::Result<usize> {
    bind(conn, text, args)?.raw_execute()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use std::str::FromStr;

    use rusqlite::types::Value::{Integer, Text};
    use sqlx::SqlitePool;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

    use super::*;

    async fn setup(dir: &tempfile::TempDir) -> (SqlitePool, LiteWriter) {
        let path = dir.path().join("l.db");
        let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .unwrap()
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            .execute(&pool)
            .await
            .unwrap();
        let lite = LiteWriter::start(&path, crate::writer::writer_for(&pool)).unwrap();
        (pool, lite)
    }

    async fn rows(pool: &SqlitePool) -> Vec<(i64, String)> {
        sqlx::query_as("SELECT id, v FROM t ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    fn insert(id: i64, v: &str) -> impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<usize> {
        let v = v.to_owned();
        move |c| {
            execute(
                c,
                "INSERT INTO t (id, v) VALUES ($1, $2)",
                &[Integer(id), Text(v)],
            )
        }
    }

    /// Many jobs at once share batches; a failing one (a duplicate key) is undone alone, with
    /// its own error, and everything else is stored once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_failing_job_is_undone_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, lite) = setup(&dir).await;
        let lite = Arc::new(lite);
        let mut tasks = Vec::new();
        for i in 0..200_i64 {
            let lite = Arc::clone(&lite);
            tasks.push(tokio::spawn(async move {
                let id = if i % 10 == 9 { i - 1 } else { i };
                lite.run(move |c| {
                    insert(id, "first")(c)?;
                    // Arguments by number, in any order, reused.
                    execute(
                        c,
                        "UPDATE t SET v = $2 || $1 WHERE id = $1",
                        &[Integer(id), Text("v".into())],
                    )
                })
                .await
            }));
        }
        let mut failed = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(changed) => assert_eq!(changed, 1),
                Err(e) => {
                    assert!(e.to_string().contains("UNIQUE"), "{e}");
                    failed += 1;
                }
            }
        }
        // Jobs 8 and 9, 18 and 19, … insert the same id: one of each pair clashes.
        assert_eq!(failed, 20);
        let stored = rows(&pool).await;
        assert_eq!(stored.len(), 180);
        assert!(stored.iter().all(|(id, v)| *v == format!("v{id}")));
    }

    /// A job waits for a group-commit transaction that holds the write lock, and comes after it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_take_turns_with_group_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, lite) = setup(&dir).await;
        let mut tx = crate::writer::begin(&pool).await.unwrap();
        sqlx::query("INSERT INTO t (id, v) VALUES (1, 'sqlx')")
            .execute(&mut *tx)
            .await
            .unwrap();
        let job = tokio::spawn(async move {
            lite.run(|c| {
                let v: String = c.query_row("SELECT v FROM t WHERE id = 1", [], |r| r.get(0))?;
                insert(2, &format!("after {v}"))(c)
            })
            .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!job.is_finished(), "the job waits for the write lock");
        tx.commit().await.unwrap();
        assert_eq!(job.await.unwrap().unwrap(), 1);
        assert_eq!(
            rows(&pool).await,
            vec![(1, "sqlx".to_owned()), (2, "after sqlx".to_owned())]
        );
    }

    /// A job's error, a panic included, reaches its caller; the thread goes on.
    #[tokio::test]
    async fn errors_and_panics_reach_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, lite) = setup(&dir).await;
        let e = lite
            .run(|c| execute(c, "INSERT INTO nowhere VALUES ($1)", &[Integer(1)]))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("no such table"), "{e}");
        let e = lite
            .run(|c| -> rusqlite::Result<()> {
                insert(5, "x")(c)?;
                panic!("boom")
            })
            .await
            .unwrap_err();
        assert!(e.to_string().contains("a job panicked"), "{e}");
        assert_eq!(lite.run(insert(6, "y")).await.unwrap(), 1);
        assert_eq!(rows(&pool).await, vec![(6, "y".to_owned())]);
    }
}
