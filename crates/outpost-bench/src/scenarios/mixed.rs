//! Scenario 6: a mixed workload of simulated users at human pace, like Mattermost's load test.
//! Users are added in steps; each step is measured once its users are connected. The ramp stops
//! at the first step that breaks Mattermost's "supported" thresholds (average request latency
//! < 100 ms, p99 < 2 s, no errors) or at the maximum; the result is the largest number of users
//! held within them.

mod plan;
pub use plan::{Ramp, Think, Thresholds};
mod seed;
mod user;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use serde::Serialize;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::api::{Api, Res};
use crate::report::Outcome;
use crate::seed::Seed;
use crate::stats::{Lat, Summary};
use crate::sys::{self, CpuMeter};
use crate::ws;
use plan::{Action, Mix, StepFigures};
use user::{Ctx, SimUser, StepStats};

pub struct Opts {
    pub ramp: Ramp,
    pub step_secs: f64,
    pub thresholds: Thresholds,
    pub think: Think,
    /// Channels to create (0: one per 20 users, at least 4).
    pub channels: usize,
    pub channels_per_user: usize,
    pub posts_per_channel: usize,
    /// Requests in flight at once (and keep-alive connections kept).
    pub http_pool: usize,
    pub connect_concurrency: usize,
    pub database_url: String,
    pub password: String,
}

/// One row of the ramp.
#[derive(Debug, Clone, Serialize)]
struct StepRow {
    users: usize,
    connect_s: f64,
    window_s: f64,
    requests: u64,
    req_per_s: f64,
    actions_per_s: f64,
    latency: Summary,
    errors: u64,
    first_error: Option<String>,
    ws_events_per_s: f64,
    server_cpu_pct: Option<f64>,
    generator_cpu_pct: f64,
    /// CPU of every `postgres` process on the machine (the database's share with PostgreSQL).
    postgres_cpu_pct: f64,
    /// 1-minute load average at the end of the step (other work on the machine shows here).
    load_1m: f64,
    server_rss_mb: Option<f64>,
    generator_rss_mb: Option<f64>,
    /// Mean latency per action kind, for those that ran.
    action_mean_ms: Vec<(String, u64, Option<f64>)>,
    broken: Vec<String>,
}

fn pct(cpu: f64, wall: f64) -> f64 {
    if wall > 0.0 { 100.0 * cpu / wall } else { 0.0 }
}

fn take_stats(ctx: &Ctx) -> StepStats {
    ctx.stats
        .lock()
        .map(|mut s| std::mem::replace(&mut *s, StepStats::new()))
        .unwrap_or_else(|_| StepStats::new())
}

/// Connects users `from..to` and starts their tasks; returns the number of connect failures.
async fn add_users(
    ctx: &Arc<Ctx>,
    ws_url: &str,
    seeded: &seed::MixedSeed,
    range: std::ops::Range<usize>,
    concurrency: usize,
    stop: &watch::Receiver<bool>,
    tasks: &mut Vec<JoinHandle<()>>,
) -> (u64, Option<String>) {
    let results: Vec<_> = stream::iter(range.map(|i| {
        let token = seeded.users[i].token.clone();
        async move { (i, ws::connect_small(ws_url, &token).await) }
    }))
    .buffer_unordered(concurrency.max(1))
    .collect()
    .await;
    let (mut failed, mut first) = (0, None);
    for (i, r) in results {
        match r {
            Ok(conn) => {
                let u = SimUser::new(i, seeded.users[i].clone());
                tasks.push(tokio::spawn(user::run(
                    Arc::clone(ctx),
                    u,
                    conn,
                    stop.clone(),
                )));
            }
            Err(e) => {
                failed += 1;
                first.get_or_insert(format!("user {i}: {e}"));
            }
        }
    }
    (failed, first)
}

pub async fn run(
    api: &Api,
    ws_url: &str,
    base: &Seed,
    pid: Option<&str>,
    o: &Opts,
) -> Res<Outcome> {
    let mut out = Outcome::default();
    let max = o.ramp.max.max(1);
    let channels = if o.channels == 0 {
        (max / 20).max(4)
    } else {
        o.channels
    };
    eprintln!("bench: mixed: seeding {max} users in {channels} channels …");
    let seeded = seed::seed(
        api,
        base,
        &seed::Opts {
            database_url: &o.database_url,
            users: max,
            channels,
            channels_per_user: o.channels_per_user,
            posts_per_channel: o.posts_per_channel,
            password: &o.password,
        },
    )
    .await?;
    out.m("seed_s", seeded.seconds, "s");
    out.m("channels", channels as f64, "");
    out.m(
        "channels_per_user",
        o.channels_per_user.clamp(1, channels) as f64,
        "",
    );

    let ctx = Arc::new(Ctx {
        api: Api::new(&api.base, o.http_pool)?,
        inflight: Semaphore::new(o.http_pool.max(1)),
        run: base.run.clone(),
        password: o.password.clone(),
        team_id: base.team_id.clone(),
        channels: seeded.channels.clone(),
        channels_per_user: o.channels_per_user,
        mix: Mix::new(),
        think: o.think,
        stats: std::sync::Mutex::new(StepStats::new()),
        ws_events: Default::default(),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = Vec::new();
    let mut rows: Vec<StepRow> = Vec::new();
    let mut active = 0;
    for n in 0.. {
        let Some(target) = o.ramp.users_at(n) else {
            break;
        };
        eprintln!("bench: mixed: step {n}: {target} users …");
        let t0 = Instant::now();
        let (failed, first) = add_users(
            &ctx,
            ws_url,
            &seeded,
            active..target,
            o.connect_concurrency,
            &stop_rx,
            &mut tasks,
        )
        .await;
        let connect_s = t0.elapsed().as_secs_f64();
        active = tasks.len();
        // Only the steady state counts: what happened while users were connecting is dropped.
        let row = measure(&ctx, o, pid, (active, connect_s), failed, first).await;
        log_row(&row);
        let stop_now = !row.broken.is_empty();
        rows.push(row);
        if stop_now {
            break;
        }
    }
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
    }
    summarise(&mut out, &rows, o);
    Ok(out)
}

/// Measures one step's window once its users are connected; `users` is (connected, connect time).
async fn measure(
    ctx: &Ctx,
    o: &Opts,
    pid: Option<&str>,
    users: (usize, f64),
    connect_failed: u64,
    connect_error: Option<String>,
) -> StepRow {
    // Only the steady state counts: what happened while users were connecting is dropped.
    let _ = take_stats(ctx);
    let events0 = ctx.ws_events.load(Ordering::Relaxed);
    let meter = CpuMeter::start(pid);
    let pg0 = sys::cpu_seconds_named("postgres");
    tokio::time::sleep(Duration::from_secs_f64(o.step_secs)).await;
    let cpu = meter.stop();
    let pg_cpu = sys::cpu_seconds_named("postgres") - pg0;
    let s = take_stats(ctx);
    let events = ctx.ws_events.load(Ordering::Relaxed) - events0;
    let (active, connect_s) = users;
    let row = step_row(
        &s,
        active,
        connect_s,
        connect_failed,
        connect_error,
        events,
        &cpu,
        pid,
    );
    let broken = o.thresholds.broken(&StepFigures {
        requests: row.requests,
        mean_ms: row.latency.mean_ms,
        p99_ms: row.latency.p99_ms,
        errors: row.errors,
    });
    StepRow {
        postgres_cpu_pct: pct(pg_cpu, cpu.wall_s),
        broken,
        ..row
    }
}

fn log_row(row: &StepRow) {
    eprintln!(
        "bench: mixed:   {} users: {:.0} req/s, avg {:.1} ms, p99 {:.1} ms, {} errors, server CPU {}%, \
         generator CPU {:.0}%, postgres CPU {:.0}%, load {:.1}{}",
        row.users,
        row.req_per_s,
        row.latency.mean_ms,
        row.latency.p99_ms,
        row.errors,
        row.server_cpu_pct
            .map_or("?".to_owned(), |p| format!("{p:.0}")),
        row.generator_cpu_pct,
        row.postgres_cpu_pct,
        row.load_1m,
        if row.broken.is_empty() {
            String::new()
        } else {
            format!(" — broke: {}", row.broken.join(", "))
        }
    );
}

#[expect(
    clippy::too_many_arguments,
    reason = "one step's raw figures, gathered in one place"
)]
fn step_row(
    s: &StepStats,
    users: usize,
    connect_s: f64,
    connect_failed: u64,
    connect_error: Option<String>,
    events: u64,
    cpu: &sys::CpuUse,
    pid: Option<&str>,
) -> StepRow {
    let wall = cpu.wall_s;
    let latency = s.lat.summary();
    let action_mean_ms = Action::ALL
        .iter()
        .filter(|a| s.actions[a.index()] > 0)
        .map(|a| {
            let l: &Lat = &s.by_action[a.index()];
            let mean = (l.summary().count > 0).then(|| l.summary().mean_ms);
            (a.name().to_owned(), s.actions[a.index()], mean)
        })
        .collect();
    StepRow {
        users,
        connect_s,
        window_s: wall,
        requests: latency.count,
        req_per_s: latency.count as f64 / wall.max(1e-9),
        actions_per_s: s.actions.iter().sum::<u64>() as f64 / wall.max(1e-9),
        latency,
        errors: s.errors + connect_failed,
        first_error: connect_error.or_else(|| s.first_error.clone()),
        ws_events_per_s: events as f64 / wall.max(1e-9),
        server_cpu_pct: cpu.server_cpu_s.map(|c| pct(c, wall)),
        generator_cpu_pct: pct(cpu.generator_cpu_s, wall),
        postgres_cpu_pct: 0.0,
        load_1m: sys::load_1m(),
        server_rss_mb: pid.and_then(sys::rss_kb).map(|kb| kb as f64 / 1024.0),
        generator_rss_mb: sys::rss_kb("self").map(|kb| kb as f64 / 1024.0),
        action_mean_ms,
        broken: Vec::new(),
    }
}

fn summarise(out: &mut Outcome, rows: &[StepRow], o: &Opts) {
    let held_flags: Vec<(usize, bool)> = rows
        .iter()
        .map(|r| (r.users, r.broken.is_empty()))
        .collect();
    let held = plan::held_users(&held_flags);
    out.m("held_users", held as f64, "");
    out.m(
        "max_users_run",
        rows.last().map_or(0, |r| r.users) as f64,
        "",
    );
    out.m("steps", rows.len() as f64, "");
    if let Some(r) = rows
        .iter()
        .rev()
        .find(|r| r.users == held && r.broken.is_empty())
    {
        out.m("held_req_per_s", r.req_per_s, "/s");
        out.m("held_mean_ms", r.latency.mean_ms, "ms");
        out.m("held_p99_ms", r.latency.p99_ms, "ms");
        if let Some(c) = r.server_cpu_pct {
            out.m("held_server_cpu_pct", c, "%");
        }
        out.m("held_generator_cpu_pct", r.generator_cpu_pct, "%");
    }
    if let Some(r) = rows.iter().find(|r| !r.broken.is_empty()) {
        out.m("broke_at_users", r.users as f64, "");
        out.notes.push(format!(
            "The ramp stopped at {} users: {}{}.",
            r.users,
            r.broken.join(", "),
            r.first_error
                .as_ref()
                .map(|e| format!(" (first error: {e})"))
                .unwrap_or_default()
        ));
    } else {
        out.notes.push(format!(
            "Every step held; the ramp stopped at its maximum ({} users).",
            o.ramp.max
        ));
    }
    out.fail_if(
        held == 0,
        format!(
            "not even the first step ({} users) held within the thresholds",
            rows.first().map_or(0, |r| r.users)
        ),
    );
    out.notes.push(format!(
        "Sessions: {} users copied in the database from one template user created, logged in and added to the team and \
         channels through the API (so no PBKDF2 per user); each user then uses its own session token. On PostgreSQL the database is \
         `ANALYZE`d after this bulk copy, as autovacuum would have done on a server that grew to this size. The `login` \
         action logs in for real (PBKDF2 at the server's work factor) and goes on with the new session.",
        o.ramp.max
    ));
    out.notes.push(format!(
        "Thresholds: average request latency < {} ms, p99 < {} ms, no errors (HTTP status ≥ 300, transport \
         errors, failed WebSocket connects, WebSockets closed by the server). A step is measured for its window only, \
         after its new users have connected; CPU figures are % of one core (the machine has {} cores).",
        o.thresholds.mean_ms,
        o.thresholds.p99_ms,
        std::thread::available_parallelism().map_or(0, usize::from)
    ));
    out.notes.push(format!(
        "Each user: one WebSocket (events read and counted, not parsed) and, after a random delay, actions picked by \
         weight with idle times uniform in [{:.1} s, {:.1} s) (mean {:.1} s). Weights: {}. A post is preceded by \
         `user_typing` and sent 2–6 s later; {:.0}% of posts are replies. All users share one HTTP client with at most \
         {} requests in flight (latency is measured from before waiting for a slot).",
        o.think.min.as_secs_f64(),
        o.think.upper().as_secs_f64(),
        o.think.avg.as_secs_f64(),
        Action::ALL
            .iter()
            .map(|a| format!("{} {}", a.name(), a.weight()))
            .collect::<Vec<_>>()
            .join(", "),
        plan::REPLY_SHARE * 100.0,
        o.http_pool
    ));
    out.tables.push(table(rows));
    out.detail = serde_json::to_value(rows).unwrap_or_default();
}

fn table(rows: &[StepRow]) -> String {
    let mut t = String::from(
        "| Users | req/s | actions/s | avg ms | p50 ms | p99 ms | max ms | errors | WS events/s | server CPU | postgres CPU | generator CPU | load 1m | server RSS | connect s | verdict |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let opt =
            |v: Option<f64>, unit: &str| v.map_or("–".to_owned(), |v| format!("{v:.0}{unit}"));
        t.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.1} | {:.1} | {:.1} | {:.0} | {} | {:.0} | {} | {:.0}% | {:.0}% | {:.1} | {} | {:.1} | {} |\n",
            r.users,
            r.req_per_s,
            r.actions_per_s,
            r.latency.mean_ms,
            r.latency.p50_ms,
            r.latency.p99_ms,
            r.latency.max_ms,
            r.errors,
            r.ws_events_per_s,
            opt(r.server_cpu_pct, "%"),
            r.postgres_cpu_pct,
            r.generator_cpu_pct,
            r.load_1m,
            opt(r.server_rss_mb, " MB"),
            r.connect_s,
            if r.broken.is_empty() {
                "held".to_owned()
            } else {
                format!("broke: {}", r.broken.join(", "))
            }
        ));
    }
    if let Some(r) = rows.last() {
        t.push_str("\nMean latency by action at the last step (actions, mean ms): ");
        t.push_str(
            &r.action_mean_ms
                .iter()
                .map(|(a, n, ms)| match ms {
                    Some(ms) => format!("{a} {n}× {ms:.1}"),
                    None => format!("{a} {n}× (WebSocket only)"),
                })
                .collect::<Vec<_>>()
                .join(", "),
        );
        t.push('\n');
    }
    t
}
