//! Group commit for SQLite write transactions.
//!
//! SQLite has one writer at a time, and every commit in WAL mode with `synchronous=FULL` waits
//! for the disk (`fsync`). Taking the write lock with `BEGIN IMMEDIATE` from many pooled
//! connections made writers queue in SQLite's busy handler, which sleeps in growing steps, and
//! capped throughput at one `fsync` per transaction.
//!
//! Instead, write transactions of one database take turns on an async lock in the process, and
//! consecutive ones share a database transaction: each runs inside its own `SAVEPOINT` (so a
//! failing one is undone alone), and the database transaction commits when nobody else is
//! waiting for the lock, or after [`MAX_BATCH`] transactions or [`MAX_AGE`]. A caller's
//! [`SqliteTx::commit`] returns only after that database commit, with its outcome: nothing is
//! reported as stored before it is on disk.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection, SqlitePool};
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard, oneshot};

/// Transactions sharing one database commit, at most.
const MAX_BATCH: usize = 128;
/// How long a batch stays open while writers keep coming, at most.
const MAX_AGE: Duration = Duration::from_millis(10);

type Outcome = Result<(), String>;

#[derive(Default)]
pub(crate) struct State {
    /// The connection of the open batch (`None` between batches: it goes back to the pool).
    conn: Option<PoolConnection<Sqlite>>,
    /// Whether `BEGIN IMMEDIATE` ran on `conn`.
    open: bool,
    opened_at: Option<Instant>,
    /// Transactions released into the batch, waiting for its commit.
    pending: Vec<oneshot::Sender<Outcome>>,
    /// A transaction was dropped without commit: its savepoint must be rolled back first.
    dirty: bool,
}

/// One database's writer: the lock and how many tasks wait for it.
pub(crate) struct Writer {
    pub(crate) state: Arc<AsyncMutex<State>>,
    waiting: AtomicUsize,
}

static WRITERS: LazyLock<Mutex<HashMap<PathBuf, Arc<Writer>>>> = LazyLock::new(Default::default);

pub(crate) fn writer_for(pool: &SqlitePool) -> Arc<Writer> {
    let key = pool.connect_options().get_filename().to_path_buf();
    let mut map = WRITERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Arc::clone(map.entry(key).or_insert_with(|| {
        Arc::new(Writer {
            state: Arc::new(AsyncMutex::new(State::default())),
            waiting: AtomicUsize::new(0),
        })
    }))
}

/// Counts a task waiting for the lock; a waiter that gives up (its future dropped) while a batch
/// is open makes sure someone still commits it.
struct Waiting {
    writer: Arc<Writer>,
    done: bool,
}

impl Waiting {
    fn new(writer: &Arc<Writer>) -> Self {
        writer.waiting.fetch_add(1, Ordering::SeqCst);
        Self {
            writer: Arc::clone(writer),
            done: false,
        }
    }

    fn acquired(mut self) {
        self.done = true;
        self.writer.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if !self.done {
            self.writer.waiting.fetch_sub(1, Ordering::SeqCst);
            settle_later(&self.writer);
        }
    }
}

/// A write transaction: derefs to the connection (`&mut *tx` is an executor), like sqlx's.
pub(crate) struct SqliteTx {
    guard: Option<OwnedMutexGuard<State>>,
    writer: Arc<Writer>,
}

impl Deref for SqliteTx {
    type Target = SqliteConnection;
    #[expect(
        clippy::expect_used,
        reason = "begin() puts the connection in place before a SqliteTx exists; only commit and drop take it"
    )]
    fn deref(&self) -> &SqliteConnection {
        self.guard
            .as_ref()
            .and_then(|g| g.conn.as_deref())
            .expect("an open write transaction has its connection")
    }
}

impl DerefMut for SqliteTx {
    #[expect(
        clippy::expect_used,
        reason = "begin() puts the connection in place before a SqliteTx exists; only commit and drop take it"
    )]
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.guard
            .as_mut()
            .and_then(|g| g.conn.as_deref_mut())
            .expect("an open write transaction has its connection")
    }
}

fn batch_error(message: &str) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(format!(
        "the database commit failed: {message}"
    )))
}

async fn exec(state: &mut State, text: &'static str) -> Result<(), sqlx::Error> {
    let conn = state
        .conn
        .as_deref_mut()
        .ok_or_else(|| batch_error("no connection"))?;
    sqlx::query(text).execute(conn).await.map(|_| ())
}

/// Commits the open batch and tells every transaction in it the outcome.
async fn flush(state: &mut State) {
    let outcome = if state.open {
        match exec(state, "COMMIT").await {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = exec(state, "ROLLBACK").await;
                Err(e.to_string())
            }
        }
    } else {
        Ok(())
    };
    finish(state, &outcome);
}

/// Ends the batch with `outcome` for everyone in it; the connection goes back to the pool.
fn finish(state: &mut State, outcome: &Outcome) {
    for tx in state.pending.drain(..) {
        let _ = tx.send(outcome.clone());
    }
    state.open = false;
    state.opened_at = None;
    state.dirty = false;
    state.conn = None;
}

/// Gives up the whole batch after a failure that leaves it unusable.
async fn abort(state: &mut State, error: &sqlx::Error) {
    if state.open {
        let _ = exec(state, "ROLLBACK").await;
    }
    finish(state, &Err(error.to_string()));
}

/// Undoes a dropped transaction's savepoint.
async fn clean(state: &mut State) -> Result<(), sqlx::Error> {
    if state.dirty {
        exec(state, "ROLLBACK TO outpost_w").await?;
        exec(state, "RELEASE outpost_w").await?;
        state.dirty = false;
    }
    Ok(())
}

/// Leaves the database with no open batch: a dropped transaction's savepoint is undone and the
/// batch committed (for a writer that does not use the batch's connection, see [`crate::lite`]).
pub(crate) async fn settle(state: &mut State) {
    if let Err(e) = clean(state).await {
        abort(state, &e).await;
    } else {
        flush(state).await;
    }
}

/// Whether the holder of the lock must commit the batch before letting go.
fn must_flush(writer: &Writer, state: &State) -> bool {
    state.open
        && (writer.waiting.load(Ordering::SeqCst) == 0
            || state.pending.len() >= MAX_BATCH
            || state.opened_at.is_some_and(|t| t.elapsed() >= MAX_AGE))
}

/// After a transaction was dropped or a waiter gave up: clean up and commit the batch if nobody
/// else is going to.
fn settle_later(writer: &Arc<Writer>) {
    let Ok(rt) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let writer = Arc::clone(writer);
    rt.spawn(async move {
        let wait = Waiting::new(&writer);
        let mut state = Arc::clone(&writer.state).lock_owned().await;
        wait.acquired();
        if let Err(e) = clean(&mut state).await {
            abort(&mut state, &e).await;
        } else if must_flush(&writer, &state) {
            flush(&mut state).await;
        }
    });
}

fn join_error(e: &tokio::task::JoinError) -> sqlx::Error {
    batch_error(&format!("the writer task failed: {e}"))
}

/// Starts a write transaction on `pool`'s database (see the module documentation).
///
/// The steps that change the shared batch run in a task of their own, so a caller that gives up
/// half-way (its request dropped) never leaves the batch in between states.
pub(crate) async fn begin(pool: &SqlitePool) -> Result<SqliteTx, sqlx::Error> {
    let pool = pool.clone();
    tokio::spawn(async move { begin_inner(&pool).await })
        .await
        .map_err(|e| join_error(&e))?
}

async fn begin_inner(pool: &SqlitePool) -> Result<SqliteTx, sqlx::Error> {
    let writer = writer_for(pool);
    let wait = Waiting::new(&writer);
    let mut state = Arc::clone(&writer.state).lock_owned().await;
    wait.acquired();
    let started: Result<(), sqlx::Error> = async {
        clean(&mut state).await?;
        if state.conn.is_none() {
            state.conn = Some(pool.acquire().await?);
        }
        if !state.open {
            exec(&mut state, "BEGIN IMMEDIATE").await?;
            state.open = true;
            state.opened_at = Some(Instant::now());
        }
        exec(&mut state, "SAVEPOINT outpost_w").await
    }
    .await;
    match started {
        Ok(()) => Ok(SqliteTx {
            guard: Some(state),
            writer,
        }),
        Err(e) => {
            abort(&mut state, &e).await;
            Err(e)
        }
    }
}

impl SqliteTx {
    /// Releases this transaction into the batch and waits until the batch is on disk.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        tokio::spawn(self.commit_inner())
            .await
            .map_err(|e| join_error(&e))?
    }

    async fn commit_inner(mut self) -> Result<(), sqlx::Error> {
        let Some(mut state) = self.guard.take() else {
            return Err(batch_error("the transaction was already finished"));
        };
        if let Err(e) = exec(&mut state, "RELEASE outpost_w").await {
            state.dirty = true;
            if let Err(e2) = clean(&mut state).await {
                abort(&mut state, &e2).await;
            } else if must_flush(&self.writer, &state) {
                flush(&mut state).await;
            }
            return Err(e);
        }
        let (tx, rx) = oneshot::channel();
        state.pending.push(tx);
        if must_flush(&self.writer, &state) {
            flush(&mut state).await;
        }
        drop(state);
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(batch_error(&message)),
            Err(_) => Err(batch_error("the batch was abandoned")),
        }
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        if let Some(mut state) = self.guard.take() {
            // Not committed: undone by whoever takes the lock next, or by a task of its own.
            state.dirty = true;
            drop(state);
            settle_later(&self.writer);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use std::str::FromStr;

    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

    use super::*;

    async fn pool(dir: &tempfile::TempDir) -> SqlitePool {
        let opts = SqliteConnectOptions::from_str(&format!(
            "sqlite://{}",
            dir.path().join("w.db").display()
        ))
        .expect("options")
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await
            .expect("pool");
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            .execute(&pool)
            .await
            .expect("table");
        pool
    }

    async fn ids(pool: &SqlitePool) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM t ORDER BY id")
            .fetch_all(pool)
            .await
            .expect("select")
    }

    /// Many concurrent transactions: committed ones are all stored once, dropped and failed ones
    /// leave nothing, and each caller learns its own outcome.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_transactions_succeed_or_fail_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let pool = pool(&dir).await;
        let mut tasks = Vec::new();
        for i in 0..300_i64 {
            let pool = pool.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = begin(&pool).await?;
                sqlx::query("INSERT INTO t (id, v) VALUES ($1, 'a')")
                    .bind(i)
                    .execute(&mut *tx)
                    .await?;
                if i % 7 == 0 {
                    // Given up: dropped without commit.
                    return Ok::<bool, sqlx::Error>(false);
                }
                if i % 11 == 0 {
                    // A failing statement (duplicate key); the caller drops the transaction.
                    sqlx::query("INSERT INTO t (id, v) VALUES ($1, 'b')")
                        .bind(i)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("UPDATE t SET v = 'c' WHERE id = $1")
                    .bind(i)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }));
        }
        let mut committed = Vec::new();
        for (i, t) in tasks.into_iter().enumerate() {
            let i = i64::try_from(i).expect("small");
            match t.await.expect("task") {
                Ok(true) => committed.push(i),
                Ok(false) => assert_eq!(i % 7, 0, "only the dropped ones return false"),
                Err(e) => assert!(i % 11 == 0 && i % 7 != 0, "{i} failed: {e}"),
            }
        }
        let expected: Vec<i64> = (0..300).filter(|i| i % 7 != 0 && i % 11 != 0).collect();
        assert_eq!(committed, expected);
        assert_eq!(ids(&pool).await, expected);
        let values: Vec<String> = sqlx::query_scalar("SELECT DISTINCT v FROM t")
            .fetch_all(&pool)
            .await
            .expect("values");
        assert_eq!(values, vec!["c".to_owned()]);
    }

    /// A caller that gives up while waiting or in the middle of its transaction leaves nothing
    /// behind, and later transactions still commit.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn cancelled_callers_do_not_block_the_writer() {
        let dir = tempfile::tempdir().expect("dir");
        let pool = pool(&dir).await;
        let mut held = begin(&pool).await.expect("begin");
        sqlx::query("INSERT INTO t (id, v) VALUES (1, 'kept')")
            .execute(&mut *held)
            .await
            .expect("insert");
        // Waiters that give up while the lock is held.
        for id in 2..5_i64 {
            let pool = pool.clone();
            let waited = tokio::time::timeout(Duration::from_millis(20), async move {
                let mut tx = begin(&pool).await?;
                sqlx::query("INSERT INTO t (id, v) VALUES ($1, 'lost')")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await
            })
            .await;
            assert!(waited.is_err(), "the lock is held, so the waiter times out");
        }
        held.commit().await.expect("commit");
        // One abandoned half-way through its statements.
        let mut tx = begin(&pool).await.expect("begin");
        sqlx::query("INSERT INTO t (id, v) VALUES (9, 'lost')")
            .execute(&mut *tx)
            .await
            .expect("insert");
        drop(tx);
        let mut tx = begin(&pool).await.expect("begin after a drop");
        sqlx::query("INSERT INTO t (id, v) VALUES (10, 'kept')")
            .execute(&mut *tx)
            .await
            .expect("insert");
        tx.commit().await.expect("commit");
        assert_eq!(ids(&pool).await, vec![1, 10]);
        // Nothing is left open: another connection can write at once.
        sqlx::query("INSERT INTO t (id, v) VALUES (11, 'direct')")
            .execute(&pool)
            .await
            .expect("a plain write after the batches");
        assert_eq!(ids(&pool).await, vec![1, 10, 11]);
    }
}
