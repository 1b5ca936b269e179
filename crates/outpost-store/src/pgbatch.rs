//! PostgreSQL: new root posts written in batches that share one transaction.
//!
//! Every post updates its channel's row (the message counters and `lastpostat`), and a row
//! stays locked until the transaction that updated it has committed, which includes waiting
//! for the disk. Posts into one channel therefore took turns one commit at a time, whatever
//! the number of connections: about 900 posts per second into one channel on this machine.
//!
//! Here one task takes every post already waiting (at most [`MAX_BATCH`]), runs their
//! statements one after the other in one transaction and commits once, then answers each: a
//! channel's row is locked once per batch and the batch waits for the disk once. Nothing is
//! reported as stored before the commit. If any statement of a batch fails, the batch is rolled
//! back and each job runs again alone, so a failing post never fails the others and each gets
//! its own outcome. A caller that gives up does not stop its job.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use sqlx::{Acquire, PgConnection, PgPool};
use tokio::sync::{mpsc, oneshot};

use crate::{StoreError, StoreResult};

/// Jobs sharing one transaction, at most.
const MAX_BATCH: usize = 128;

type Output = Box<dyn Any + Send>;
type Run = Box<
    dyn for<'c> Fn(
            &'c mut PgConnection,
        )
            -> Pin<Box<dyn Future<Output = Result<Output, sqlx::Error>> + Send + 'c>>
        + Send
        + Sync,
>;

struct Job {
    run: Run,
    reply: oneshot::Sender<Result<Output, StoreError>>,
}

/// The batching task's handle; the task ends when the store is dropped.
pub(crate) struct PgBatcher {
    jobs: mpsc::UnboundedSender<Job>,
}

fn stopped() -> StoreError {
    StoreError::Db(sqlx::Error::Io(std::io::Error::other(
        "the post writer has stopped",
    )))
}

impl PgBatcher {
    pub(crate) fn start(pool: PgPool) -> Self {
        let (jobs, mut rx) = mpsc::unbounded_channel::<Job>();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                run_batch(&pool, std::mem::take(&mut batch)).await;
            }
        });
        Self { jobs }
    }

    /// Runs `run` (one statement, atomic on its own, on the connection it is given) in the next
    /// batch and returns its result once the batch has committed. `run` may be called twice: once
    /// in the batch and, if the batch failed, once alone (then outside any transaction).
    pub(crate) async fn run<T, F>(&self, run: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(
                &'c mut PgConnection,
            )
                -> Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'c>>
            + Send
            + Sync
            + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let run: Run = Box::new(move |c| {
            let fut = run(c);
            Box::pin(async move { fut.await.map(|v| Box::new(v) as Output) })
        });
        self.jobs.send(Job { run, reply }).map_err(|_| stopped())?;
        let out = answer.await.map_err(|_| stopped())??;
        out.downcast::<T>().map(|v| *v).map_err(|_| stopped())
    }
}

async fn run_batch(pool: &PgPool, batch: Vec<Job>) {
    if batch.len() > 1 {
        let together = async {
            let mut conn = pool.acquire().await?;
            let mut tx = conn.begin().await?;
            let mut outputs = Vec::with_capacity(batch.len());
            for job in &batch {
                outputs.push((job.run)(&mut tx).await?);
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(outputs)
        }
        .await;
        if let Ok(outputs) = together {
            for (job, out) in batch.into_iter().zip(outputs) {
                let _ = job.reply.send(Ok(out));
            }
            return;
        }
        // Someone's statement failed (or the commit): each runs again alone.
    }
    for job in batch {
        // One statement is atomic on its own: no `BEGIN`/`COMMIT` round trips for a lone post.
        let alone = async {
            let mut conn = pool.acquire().await?;
            (job.run)(&mut conn).await
        }
        .await;
        let _ = job.reply.send(alone.map_err(StoreError::from));
    }
}
