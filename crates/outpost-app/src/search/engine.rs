//! The search engine behind post search, and the background indexer that feeds it from post
//! events so that posting never waits for the index.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use outpost_store::search::{IndexQuery, SearchOp};
use outpost_store::{Store, StoreResult};
use tokio::sync::{Notify, mpsc, watch};

/// A boxed future, so the engine can be a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where posts are indexed and searched. The database engine is the default; another (say, a
/// dedicated search server) only has to answer the same [`IndexQuery`] with the same posts.
pub trait SearchEngine: Send + Sync {
    /// Applies index changes, in order.
    fn apply<'a>(&'a self, ops: &'a [SearchOp]) -> BoxFuture<'a, StoreResult<()>>;
    /// `(post id, index text)` of the posts matching `q`, newest first.
    fn search<'a>(&'a self, q: &'a IndexQuery)
    -> BoxFuture<'a, StoreResult<Vec<(String, String)>>>;
}

/// The built-in engine: SQLite FTS5 trigram or PostgreSQL `pg_trgm` over Outpost's own tokens.
pub struct DatabaseSearch(pub Store);

impl SearchEngine for DatabaseSearch {
    fn apply<'a>(&'a self, ops: &'a [SearchOp]) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(self.0.apply_search_ops(ops))
    }

    fn search<'a>(
        &'a self,
        q: &'a IndexQuery,
    ) -> BoxFuture<'a, StoreResult<Vec<(String, String)>>> {
        Box::pin(self.0.search_post_index(q))
    }
}

/// Index changes waiting to be applied, in batches, by one background task.
pub struct Indexer {
    tx: mpsc::UnboundedSender<SearchOp>,
    queued: AtomicU64,
    applied: watch::Receiver<u64>,
    /// Someone waits (a search) until this many changes are applied: no waiting for more then.
    wanted: Arc<AtomicU64>,
    /// Wakes the indexer when `wanted` moves.
    hurry: Arc<Notify>,
}

/// At most this many changes go into one transaction.
const BATCH: usize = 256;
/// How long changes may gather before they are written, unless a search is waiting for them or
/// a batch is full. Each index write costs much more than the posts it carries (on SQLite it
/// writes new segments of both FTS tables and merges them), so under load one write per burst
/// is far cheaper than one per post; a search never waits for it (see [`Indexer::flush`]).
const LINGER: Duration = Duration::from_millis(100);

impl Indexer {
    /// Starts the background task; it ends when the indexer is dropped.
    pub fn start(engine: Arc<dyn SearchEngine>) -> Self {
        Self::start_with(engine, LINGER)
    }

    fn start_with(engine: Arc<dyn SearchEngine>, linger: Duration) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<SearchOp>();
        let (done, applied) = watch::channel(0u64);
        let hurry = Arc::new(Notify::new());
        let wanted = Arc::new(AtomicU64::new(0));
        let (hurried, waiting) = (Arc::clone(&hurry), Arc::clone(&wanted));
        tokio::spawn(async move {
            let mut total = 0u64;
            let mut batch = Vec::with_capacity(BATCH);
            while rx.recv_many(&mut batch, BATCH).await > 0 {
                let linger = tokio::time::sleep(linger);
                tokio::pin!(linger);
                while batch.len() < BATCH && waiting.load(Ordering::SeqCst) <= total {
                    let room = BATCH - batch.len();
                    tokio::select! {
                        biased;
                        n = rx.recv_many(&mut batch, room) => if n == 0 { break },
                        () = hurried.notified() => {}
                        () = &mut linger => break,
                    }
                }
                if let Err(e) = engine.apply(&batch).await {
                    // One bad change must not lose the others: retry them one by one.
                    tracing::warn!(error = %e, "search index batch failed; retrying one by one");
                    for op in &batch {
                        if let Err(e) = engine.apply(std::slice::from_ref(op)).await {
                            tracing::error!(error = %e, ?op, "search index update failed");
                        }
                    }
                }
                total += batch.len() as u64;
                batch.clear();
                let _ = done.send(total);
            }
        });
        Self {
            tx,
            queued: AtomicU64::new(0),
            applied,
            wanted,
            hurry,
        }
    }

    /// Queues a change; never blocks.
    pub fn push(&self, op: SearchOp) {
        self.queued.fetch_add(1, Ordering::SeqCst);
        if self.tx.send(op).is_err() {
            tracing::warn!("search indexer stopped; change dropped");
        }
    }

    /// Waits (up to 5 s) until every change queued so far is applied, so a search sees the
    /// caller's own recent posts.
    pub async fn flush(&self) {
        let target = self.queued.load(Ordering::SeqCst);
        self.wanted.fetch_max(target, Ordering::SeqCst);
        self.hurry.notify_one();
        let mut rx = self.applied.clone();
        let wait = rx.wait_for(|done| *done >= target);
        if tokio::time::timeout(Duration::from_secs(5), wait)
            .await
            .is_err()
        {
            tracing::warn!("search index is behind; searching anyway");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use std::sync::Mutex;

    use outpost_store::search::SearchDoc;

    use super::*;

    /// Records the size of every batch it is given.
    #[derive(Default)]
    struct Batches(Mutex<Vec<usize>>);

    impl SearchEngine for Batches {
        fn apply<'a>(&'a self, ops: &'a [SearchOp]) -> BoxFuture<'a, StoreResult<()>> {
            self.0.lock().unwrap().push(ops.len());
            Box::pin(async { Ok(()) })
        }

        fn search<'a>(
            &'a self,
            _q: &'a IndexQuery,
        ) -> BoxFuture<'a, StoreResult<Vec<(String, String)>>> {
            Box::pin(async { Ok(Vec::new()) })
        }
    }

    fn op(n: usize) -> SearchOp {
        SearchOp::Index(SearchDoc {
            post_id: format!("p{n}"),
            channel_id: "c".to_owned(),
            user_id: "u".to_owned(),
            create_at: 1,
            body: "hello".to_owned(),
        })
    }

    /// Changes that come within the linger go in one batch; a search does not wait for it.
    #[tokio::test]
    async fn changes_gather_unless_someone_searches() {
        let engine = Arc::new(Batches::default());
        let long = Duration::from_secs(60);
        let indexer = Indexer::start_with(Arc::clone(&engine) as Arc<dyn SearchEngine>, long);
        indexer.push(op(0));
        // The indexer takes the first change and waits for more.
        tokio::time::sleep(Duration::from_millis(50)).await;
        indexer.push(op(1));
        indexer.push(op(2));
        let asked = std::time::Instant::now();
        indexer.flush().await;
        assert!(asked.elapsed() < long / 4, "{:?}", asked.elapsed());
        assert_eq!(*engine.0.lock().unwrap(), vec![3]);
    }
}
