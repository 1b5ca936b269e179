//! Scenario 3: server RSS with N idle authenticated WebSocket connections.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::watch;

use crate::api::Res;
use crate::report::Outcome;
use crate::seed::Seed;
use crate::sys::rss_kb;

pub struct Opts {
    pub connections: usize,
    pub settle: Duration,
    pub connect_concurrency: usize,
}

pub async fn run(ws_url: &str, seed: &Seed, pid: Option<&str>, o: &Opts) -> Res<Outcome> {
    let pid =
        pid.ok_or("the memory scenario needs --server-pid (the server must run on this machine)")?;
    let rss = || rss_kb(pid).ok_or_else(|| format!("cannot read VmRSS of pid {pid}"));
    let mut out = Outcome::default();
    let before = rss()?;
    let (conns, connect_time) =
        super::fanout::connect_many(ws_url, seed, o.connections, o.connect_concurrency).await?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut ws| {
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                let mut alive = true;
                loop {
                    tokio::select! {
                        _ = stop.changed() => break,
                        m = ws.next() => if !matches!(m, Some(Ok(_))) { alive = false; break },
                    }
                }
                let _ = tokio::time::timeout(Duration::from_secs(2), ws.close(None)).await;
                alive
            })
        })
        .collect();
    tokio::time::sleep(o.settle).await;
    let with = rss()?;
    let _ = stop_tx.send(true);
    let mut dropped = 0usize;
    for t in tasks {
        if !t.await.map_err(|e| format!("connection task: {e}"))? {
            dropped += 1;
        }
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = rss()?;
    let n = o.connections.max(1) as f64;
    out.m("connections", o.connections as f64, "");
    out.m("connect_all_s", connect_time.as_secs_f64(), "s");
    out.m("rss_before_kb", before as f64, "KB");
    out.m("rss_connected_kb", with as f64, "KB");
    out.m("rss_after_close_kb", after as f64, "KB");
    out.m("kb_per_connection", (with as f64 - before as f64) / n, "KB");
    out.m("connections_dropped_by_server", dropped as f64, "");
    out.notes.push(
        "RSS before includes what earlier scenarios left in the allocator; the per-connection figure is the growth while connected."
            .to_owned(),
    );
    out.fail_if(
        dropped > 0,
        format!("{dropped} idle connections were closed by the server"),
    );
    Ok(out)
}
