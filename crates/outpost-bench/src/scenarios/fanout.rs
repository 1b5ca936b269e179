//! Scenario 1: N WebSocket clients in one channel, one poster at a fixed rate. The message carries
//! the poster's send time (µs since the epoch); each client computes send→receive latency.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::json;
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

use crate::api::{Api, Res};
use crate::report::Outcome;
use crate::seed::Seed;
use crate::stats::Lat;
use crate::sys::unix_micros;
use crate::ws::{self, Ws};

pub struct Opts {
    pub clients: usize,
    pub rate: f64,
    pub duration: Duration,
    pub drain: Duration,
    pub connect_concurrency: usize,
    /// The server's pid, to measure its CPU per delivery (only when it runs on this machine).
    pub server_pid: Option<String>,
}

/// Opens `n` authenticated connections, users taken round-robin.
pub async fn connect_many(
    ws_url: &str,
    seed: &Seed,
    n: usize,
    concurrency: usize,
) -> Res<(Vec<Ws>, Duration)> {
    let started = Instant::now();
    let users = &seed.users;
    if users.is_empty() {
        return Err("no users were seeded".to_owned());
    }
    let conns = stream::iter((0..n).map(|i| {
        let token = &users[i % users.len()].token;
        async move {
            ws::connect_small(ws_url, token)
                .await
                .map_err(|e| format!("connection {i}: {e}"))
        }
    }))
    .buffer_unordered(concurrency.max(1))
    .try_collect()
    .await?;
    Ok((conns, started.elapsed()))
}

/// Reads `posted` events carrying `tag` until told to stop; returns the latencies and frame errors.
async fn receive(
    mut ws: Ws,
    tag: Arc<String>,
    delivered: Arc<AtomicU64>,
    mut stop: watch::Receiver<bool>,
) -> (Lat, u64, Option<String>) {
    let mut lat = Lat::new();
    let mut count = 0u64;
    let mut error = None;
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(t))) => {
                    let t = t.as_str();
                    if !t.contains(tag.as_str()) {
                        continue;
                    }
                    let now = unix_micros();
                    match sent_at(t, &tag) {
                        Some(sent) => {
                            lat.record_us(now.saturating_sub(sent));
                            count += 1;
                            delivered.fetch_add(1, Ordering::Relaxed);
                        }
                        None => error = Some(format!("unreadable posted event: {}", t.chars().take(200).collect::<String>())),
                    }
                }
                Some(Ok(Message::Close(c))) => {
                    error = Some(format!("server closed the socket: {c:?}"));
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    error = Some(format!("socket error: {e}"));
                    break;
                }
                None => {
                    error = Some("socket ended".to_owned());
                    break;
                }
            }
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), ws.close(None)).await;
    (lat, count, error)
}

/// The send time from a `posted` event: `data.post` is a JSON string whose message is
/// `<tag><seq> <µs>`. Read straight from the frame's text (the tag, the number and the time need
/// no escaping inside the nested JSON string), so that the generator's cost per delivery stays
/// small beside the server's: two full JSON parses per frame cost about as much as the server's
/// whole delivery.
fn sent_at(frame: &str, tag: &str) -> Option<u64> {
    if !frame.contains("\"event\":\"posted\"") {
        return None;
    }
    let rest = &frame[frame.find(tag)? + tag.len()..];
    let (seq, rest) = rest.split_once(' ')?;
    if seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let end = rest
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

pub async fn run(api: &Api, ws_url: &str, seed: &Seed, o: &Opts) -> Res<Outcome> {
    let mut out = Outcome::default();
    let (conns, connect_time) =
        connect_many(ws_url, seed, o.clients, o.connect_concurrency).await?;
    out.m("clients", o.clients as f64, "");
    out.m("distinct_users", seed.users.len().min(o.clients) as f64, "");
    out.m("connect_all_s", connect_time.as_secs_f64(), "s");

    let tag = Arc::new(format!("fanout {} ", seed.run));
    let delivered = Arc::new(AtomicU64::new(0));
    let (stop_tx, stop_rx) = watch::channel(false);
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|ws| {
            tokio::spawn(receive(
                ws,
                Arc::clone(&tag),
                Arc::clone(&delivered),
                stop_rx.clone(),
            ))
        })
        .collect();
    // Let every socket settle (join events, statuses) before posting.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let period = Duration::from_secs_f64(1.0 / o.rate.max(0.001));
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut post_lat = Lat::new();
    let (mut posted, mut post_errors, mut first_error) = (0u64, 0u64, None);
    let cpu_at = |pid: &str| crate::sys::cpu_seconds(pid);
    let server_cpu0 = o.server_pid.as_deref().and_then(cpu_at);
    let generator_cpu0 = cpu_at("self");
    let started = Instant::now();
    let mut seq = 0u64;
    while started.elapsed() < o.duration {
        tick.tick().await;
        let t0 = Instant::now();
        let body = json!({
            "channel_id": seed.channel_id,
            "message": format!("{tag}{seq} {}", unix_micros()),
        });
        seq += 1;
        match api.post("/api/v4/posts", &seed.admin.token, &body).await {
            Ok(_) => {
                posted += 1;
                post_lat.record(t0.elapsed());
            }
            Err(e) => {
                post_errors += 1;
                first_error.get_or_insert(e);
            }
        }
    }
    let post_phase = started.elapsed();
    let expected = posted * o.clients as u64;
    let drain_start = Instant::now();
    while delivered.load(Ordering::Relaxed) < expected && drain_start.elapsed() < o.drain {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let delivery_phase = started.elapsed();
    let server_cpu = o
        .server_pid
        .as_deref()
        .and_then(cpu_at)
        .zip(server_cpu0)
        .map(|(b, a)| b - a);
    let generator_cpu = cpu_at("self").zip(generator_cpu0).map(|(b, a)| b - a);
    let _ = stop_tx.send(true);

    let mut lat = Lat::new();
    let (mut got, mut socket_errors, mut first_socket_error) = (0u64, 0u64, None);
    for t in tasks {
        let (l, c, e) = t.await.map_err(|e| format!("receiver task: {e}"))?;
        lat.merge(&l);
        got += c;
        if let Some(e) = e {
            socket_errors += 1;
            first_socket_error.get_or_insert(e);
        }
    }
    let s = lat.summary();
    out.m("rate_target_per_s", o.rate, "/s");
    out.m("posts", posted as f64, "");
    out.m(
        "posts_per_s",
        posted as f64 / post_phase.as_secs_f64(),
        "/s",
    );
    out.m("post_errors", post_errors as f64, "");
    out.m("deliveries", got as f64, "");
    out.m("deliveries_expected", expected as f64, "");
    out.m(
        "deliveries_missing",
        expected.saturating_sub(got) as f64,
        "",
    );
    out.m(
        "deliveries_per_s",
        got as f64 / delivery_phase.as_secs_f64(),
        "/s",
    );
    out.lat("latency", &s, None);
    out.lat("post_http", &post_lat.summary(), None);
    // CPU per delivery while posting and delivering (connecting excluded): what one frame to one
    // socket costs the server and the generator's reading it, on the same cores.
    let per_delivery = |cpu: f64| cpu * 1e6 / (got.max(1) as f64);
    if let Some(cpu) = server_cpu {
        out.m("server_cpu_s", cpu, "s");
        out.m("server_cpu_us_per_delivery", per_delivery(cpu), "µs");
    }
    if let Some(cpu) = generator_cpu {
        out.m("generator_cpu_s", cpu, "s");
        out.m("generator_cpu_us_per_delivery", per_delivery(cpu), "µs");
    }
    out.m("socket_errors", socket_errors as f64, "");
    out.fail_if(
        post_errors > 0,
        format!(
            "{post_errors} posts failed; first: {}",
            first_error.unwrap_or_default()
        ),
    );
    out.fail_if(
        got < expected,
        format!(
            "{} of {expected} deliveries missing after a {:?} drain",
            expected - got,
            o.drain
        ),
    );
    out.fail_if(
        socket_errors > 0,
        format!(
            "{socket_errors} sockets failed; first: {}",
            first_socket_error.unwrap_or_default()
        ),
    );
    out.fail_if(posted == 0, "nothing was posted".to_owned());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::sent_at;

    #[test]
    fn reads_the_send_time_from_a_posted_frame() {
        let post = serde_json::json!({"id": "p1", "message": "fanout run7 12 1732600000123456", "props": {}});
        let frame = serde_json::json!({
            "event": "posted",
            "data": {"post": post.to_string(), "channel_type": "O"},
            "broadcast": {"channel_id": "c1"},
            "seq": 3,
        })
        .to_string();
        assert_eq!(sent_at(&frame, "fanout run7 "), Some(1_732_600_000_123_456));
        // Another run's tag, another event, or a message that does not follow the format: none.
        assert_eq!(sent_at(&frame, "fanout run8 "), None);
        let edited = frame.replace("\"posted\"", "\"post_edited\"");
        assert_eq!(sent_at(&edited, "fanout run7 "), None);
        let garbled = frame.replace("run7 12 ", "run7 x ");
        assert_eq!(sent_at(&garbled, "fanout run7 "), None);
    }
}
