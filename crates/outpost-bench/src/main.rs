//! `outpost-bench`: a load generator speaking Mattermost's API v4 and WebSocket protocol.
//!
//! `outpost-bench run --url http://127.0.0.1:8065 …` seeds the server through the API and runs the
//! scenarios of issue 8 (memory, fanout, writes, reads, upload, startup, search, mixed), writing a
//! JSON record and a Markdown report; `outpost-bench report` merges several JSON records into one
//! report.

mod api;
mod report;
mod scenarios;
mod seed;
mod stats;
mod sys;
mod ws;

use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use serde_json::json;

use crate::api::{Api, Res};
use crate::report::{Outcome, RunReport, ScenarioResult};
use crate::sys::CpuMeter;

#[derive(Parser)]
#[command(
    name = "outpost-bench",
    about = "Load generator for Mattermost-compatible servers (API v4 + WebSocket)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Seed a running server through the API and run the scenarios.
    Run(Box<RunArgs>),
    /// Merge JSON records of earlier runs into one Markdown report (and one JSON file).
    Report {
        /// Markdown output.
        #[arg(long)]
        markdown: PathBuf,
        /// Merged JSON output.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Text put under the title (e.g. how the report was produced).
        #[arg(long, default_value = "")]
        preamble: String,
        /// Run records written by `run --json`.
        #[arg(required = true)]
        runs: Vec<PathBuf>,
    },
}

#[derive(Args)]
struct RunArgs {
    /// Base URL of the server.
    #[arg(long, default_value = "http://127.0.0.1:8065")]
    url: String,
    /// A name for this run in the report (e.g. "sqlite", "postgres").
    #[arg(long, default_value = "run")]
    label: String,
    /// Comma-separated scenarios, run in this order:
    /// memory,fanout,writes,reads,upload,startup,search,mixed (search and mixed are not run unless
    /// named: search loads `--search-posts` posts into the database, mixed ramps up to
    /// `--mixed-max` simulated users).
    #[arg(
        long,
        default_value = "memory,fanout,writes,reads,upload,startup",
        value_delimiter = ','
    )]
    scenarios: Vec<String>,
    /// Process id of the server, for RSS (memory scenario) and server CPU time.
    #[arg(long)]
    server_pid: Option<String>,
    /// The server's data directory (start-up on the seeded database).
    #[arg(long)]
    server_data_dir: Option<PathBuf>,
    /// The server's database URL (start-up on the seeded database; SQLite in the data dir if absent).
    #[arg(long)]
    server_database_url: Option<String>,
    /// The `outpost` binary, spawned by the start-up scenario.
    #[arg(long)]
    outpost_bin: Option<PathBuf>,
    /// An empty database for the start-up scenario's "empty" case (default: SQLite in a temp dir).
    #[arg(long)]
    startup_empty_database_url: Option<String>,
    /// Start-ups measured per case.
    #[arg(long, default_value_t = 5)]
    startup_runs: usize,

    /// Users to create (default: the largest of clients, connections, writers, readers).
    #[arg(long)]
    users: Option<usize>,
    /// Concurrent user creations and logins while seeding (each hashes a password on the server).
    #[arg(long, default_value_t = 4)]
    seed_concurrency: usize,
    #[arg(long, default_value = "benchadmin")]
    admin_username: String,
    #[arg(long, default_value = "Bench-Admin-Passw0rd!")]
    admin_password: String,
    #[arg(long, default_value = "Bench-User-Passw0rd!")]
    user_password: String,

    /// Seconds each timed phase lasts (fan-out posting, writes, each read workload).
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Fan-out: WebSocket clients in the channel; a comma-separated list runs the scenario once
    /// per size (e.g. `1000,5000,10000`).
    #[arg(long, value_delimiter = ',', default_value = "1000")]
    clients: Vec<usize>,
    /// Fan-out: posts per second by the poster.
    #[arg(long, default_value_t = 10.0)]
    rate: f64,
    /// Fan-out: longest wait for outstanding deliveries after the last post, in seconds.
    #[arg(long, default_value_t = 10.0)]
    drain: f64,
    /// Writes: concurrent posters.
    #[arg(long, default_value_t = 32)]
    writers: usize,
    /// Memory: idle WebSocket connections; a comma-separated list measures each size in turn.
    #[arg(long, value_delimiter = ',', default_value = "1000")]
    connections: Vec<usize>,
    /// Memory: seconds to wait after connecting before reading RSS.
    #[arg(long, default_value_t = 3.0)]
    settle: f64,
    /// Reads: concurrent clients.
    #[arg(long, default_value_t = 16)]
    readers: usize,
    /// Upload: size of the file uploaded and downloaded, in MiB.
    #[arg(long, default_value_t = 100)]
    upload_mb: usize,
    /// WebSocket connects in flight at once.
    #[arg(long, default_value_t = 64)]
    connect_concurrency: usize,

    /// Search: posts loaded straight into the server's database (needs --outpost-bin and, for
    /// PostgreSQL, --server-database-url).
    #[arg(long, default_value_t = 1_000_000)]
    search_posts: usize,
    /// Search: searches timed per kind.
    #[arg(long, default_value_t = 200)]
    search_queries: usize,

    /// Mixed: simulated users in the first step.
    #[arg(long, default_value_t = 1000)]
    mixed_start: usize,
    /// Mixed: users added at each further step.
    #[arg(long, default_value_t = 1000)]
    mixed_step: usize,
    /// Mixed: seconds each step is measured (after its new users are connected).
    #[arg(long, default_value_t = 30.0)]
    mixed_step_secs: f64,
    /// Mixed: the most users tried (all of them are seeded, in the database, before the ramp).
    #[arg(long, default_value_t = 20_000)]
    mixed_max: usize,
    /// Mixed: mean idle time between a user's actions, in seconds.
    #[arg(long, default_value_t = 20.0)]
    mixed_think_avg: f64,
    /// Mixed: shortest idle time between a user's actions, in seconds.
    #[arg(long, default_value_t = 1.0)]
    mixed_think_min: f64,
    /// Mixed: public channels to create (0: one per 20 users, at least 4).
    #[arg(long, default_value_t = 0)]
    mixed_channels: usize,
    /// Mixed: channels each user is a member of (besides the team's default ones).
    #[arg(long, default_value_t = 8)]
    mixed_channels_per_user: usize,
    /// Mixed: posts written in each channel before the ramp.
    #[arg(long, default_value_t = 5)]
    mixed_posts_per_channel: usize,
    /// Mixed: a step breaks when its average request latency reaches this (Mattermost: 100 ms).
    #[arg(long, default_value_t = scenarios::mixed::Thresholds::MATTERMOST.mean_ms)]
    mixed_max_mean_ms: f64,
    /// Mixed: a step breaks when its p99 request latency reaches this (Mattermost: 2 s).
    #[arg(long, default_value_t = scenarios::mixed::Thresholds::MATTERMOST.p99_ms)]
    mixed_max_p99_ms: f64,
    /// Mixed: HTTP requests in flight at once, over as many keep-alive connections.
    #[arg(long, default_value_t = 128)]
    mixed_http_pool: usize,

    /// Where to write the JSON record.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Where to write the Markdown report of this run.
    #[arg(long)]
    markdown: Option<PathBuf>,
}

const SCENARIOS: [&str; 8] = [
    "memory", "fanout", "writes", "reads", "upload", "startup", "search", "mixed",
];

async fn timed<F: Future<Output = Res<Outcome>>>(
    name: &str,
    params: serde_json::Value,
    pid: Option<&str>,
    f: F,
) -> ScenarioResult {
    eprintln!("bench: {name} …");
    let meter = CpuMeter::start(pid);
    let result = f.await;
    let cpu = meter.stop();
    let (status, o) = match result {
        Ok(o) if o.skipped => ("skipped", o),
        Ok(o) if o.failures.is_empty() => ("pass", o),
        Ok(o) => ("fail", o),
        Err(e) => (
            "fail",
            Outcome {
                failures: vec![e],
                ..Outcome::default()
            },
        ),
    };
    eprintln!("bench: {name}: {status} ({:.1} s)", cpu.wall_s);
    for f in &o.failures {
        eprintln!("bench:   {f}");
    }
    ScenarioResult {
        name: name.to_owned(),
        status: status.to_owned(),
        failures: o.failures,
        params,
        metrics: o.metrics,
        notes: o.notes,
        cpu,
        tables: o.tables,
        detail: o.detail,
    }
}

/// The server's database: `--server-database-url`, else SQLite in `--server-data-dir`.
fn database_url(a: &RunArgs) -> String {
    a.server_database_url.clone().unwrap_or_else(|| {
        let dir = a.server_data_dir.clone().unwrap_or_default();
        format!("sqlite://{}", dir.join("outpost.db").display())
    })
}

fn mixed_opts(a: &RunArgs) -> Res<scenarios::mixed::Opts> {
    let secs = |name: &str, v: f64| {
        if v.is_finite() && v >= 0.0 {
            Ok(Duration::from_secs_f64(v))
        } else {
            Err(format!("--{name} must be a number of seconds ≥ 0"))
        }
    };
    if !(a.mixed_step_secs.is_finite() && a.mixed_step_secs > 0.0) {
        return Err("--mixed-step-secs must be > 0".to_owned());
    }
    Ok(scenarios::mixed::Opts {
        ramp: scenarios::mixed::Ramp {
            start: a.mixed_start,
            step: a.mixed_step,
            max: a.mixed_max,
        },
        step_secs: a.mixed_step_secs,
        thresholds: scenarios::mixed::Thresholds {
            mean_ms: a.mixed_max_mean_ms,
            p99_ms: a.mixed_max_p99_ms,
        },
        think: scenarios::mixed::Think {
            min: secs("mixed-think-min", a.mixed_think_min)?,
            avg: secs("mixed-think-avg", a.mixed_think_avg)?,
        },
        channels: a.mixed_channels,
        channels_per_user: a.mixed_channels_per_user,
        posts_per_channel: a.mixed_posts_per_channel,
        http_pool: a.mixed_http_pool,
        connect_concurrency: a.connect_concurrency,
        database_url: database_url(a),
        password: a.user_password.clone(),
    })
}

fn write(path: &PathBuf, text: &str) -> Res<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

async fn run(a: RunArgs) -> Res<bool> {
    for s in &a.scenarios {
        if !SCENARIOS.contains(&s.as_str()) {
            return Err(format!(
                "unknown scenario {s:?}; known: {}",
                SCENARIOS.join(",")
            ));
        }
    }
    let wall = Instant::now();
    let nofile = sys::raise_nofile()?;
    let pid = a.server_pid.as_deref();
    let idle_rss = pid.and_then(sys::rss_kb);
    let started_at = sys::unix_micros() / 1_000_000;
    let api = Api::new(&a.url, a.writers.max(a.readers) + 8)?;
    let ws_url = api::ws_url(&a.url);
    api.ok(reqwest::Method::GET, "/api/v4/system/ping", None, None)
        .await
        .map_err(|e| format!("the server at {} does not answer: {e}", a.url))?;

    let users = a
        .users
        .unwrap_or_else(|| {
            let largest = |sizes: &[usize]| sizes.iter().copied().max().unwrap_or(0);
            largest(&a.clients)
                .max(largest(&a.connections))
                .max(a.writers)
                .max(a.readers)
        })
        .max(1);
    eprintln!("bench: seeding {users} users …");
    let seed = seed::seed(
        &api,
        &seed::SeedOpts {
            admin_username: &a.admin_username,
            admin_password: &a.admin_password,
            user_password: &a.user_password,
            users,
            concurrency: a.seed_concurrency,
        },
    )
    .await?;
    eprintln!("bench: seeded in {:.1} s", seed.seconds);

    let dur = Duration::from_secs_f64(a.duration);
    let mut results = Vec::new();
    for name in SCENARIOS {
        if !a.scenarios.iter().any(|s| s == name) {
            continue;
        }
        let r = match name {
            "memory" => {
                for &connections in &a.connections {
                    let o = scenarios::memory::Opts {
                        connections,
                        settle: Duration::from_secs_f64(a.settle),
                        connect_concurrency: a.connect_concurrency,
                    };
                    let params = json!({"connections": connections, "settle_s": a.settle});
                    let r = timed(
                        name,
                        params,
                        pid,
                        scenarios::memory::run(&ws_url, &seed, pid, &o),
                    )
                    .await;
                    results.push(r);
                }
                continue;
            }
            "fanout" => {
                for &clients in &a.clients {
                    let o = scenarios::fanout::Opts {
                        clients,
                        rate: a.rate,
                        duration: dur,
                        drain: Duration::from_secs_f64(a.drain),
                        connect_concurrency: a.connect_concurrency,
                        server_pid: a.server_pid.clone(),
                    };
                    let params = json!({"clients": clients, "rate_per_s": a.rate, "duration_s": a.duration, "users": users});
                    let r = timed(
                        name,
                        params,
                        pid,
                        scenarios::fanout::run(&api, &ws_url, &seed, &o),
                    )
                    .await;
                    results.push(r);
                }
                continue;
            }
            "writes" => {
                let o = scenarios::writes::Opts {
                    posters: a.writers,
                    duration: dur,
                };
                let params = json!({"posters": a.writers, "duration_s": a.duration});
                timed(name, params, pid, scenarios::writes::run(&api, &seed, &o)).await
            }
            "reads" => {
                let o = scenarios::reads::Opts {
                    concurrency: a.readers,
                    duration: dur,
                };
                let params = json!({"concurrency": a.readers, "duration_s_each": a.duration});
                timed(name, params, pid, scenarios::reads::run(&api, &seed, &o)).await
            }
            "upload" => {
                let o = scenarios::upload::Opts {
                    megabytes: a.upload_mb,
                };
                let params = json!({"megabytes": a.upload_mb});
                timed(
                    name,
                    params,
                    pid,
                    scenarios::upload::run(&api, &seed, pid, &o),
                )
                .await
            }
            "search" => {
                let o = scenarios::search::Opts {
                    posts: a.search_posts,
                    queries: a.search_queries,
                    database_url: database_url(&a),
                    data_dir: a.server_data_dir.clone(),
                    outpost_bin: a.outpost_bin.clone(),
                };
                let params = json!({"posts": a.search_posts, "queries_per_kind": a.search_queries});
                timed(name, params, pid, scenarios::search::run(&api, &seed, &o)).await
            }
            "mixed" => {
                let o = mixed_opts(&a)?;
                let params = json!({
                    "start": a.mixed_start, "step": a.mixed_step, "step_secs": a.mixed_step_secs,
                    "max": a.mixed_max, "think_avg_s": a.mixed_think_avg, "think_min_s": a.mixed_think_min,
                    "channels": a.mixed_channels, "channels_per_user": a.mixed_channels_per_user,
                    "posts_per_channel": a.mixed_posts_per_channel, "http_pool": a.mixed_http_pool,
                    "max_mean_ms": a.mixed_max_mean_ms, "max_p99_ms": a.mixed_max_p99_ms,
                });
                timed(
                    name,
                    params,
                    pid,
                    scenarios::mixed::run(&api, &ws_url, &seed, pid, &o),
                )
                .await
            }
            _ => {
                let o = scenarios::startup::Opts {
                    outpost_bin: a.outpost_bin.clone(),
                    runs: a.startup_runs,
                    empty_database_url: a.startup_empty_database_url.clone(),
                    seeded_data_dir: a.server_data_dir.clone(),
                    seeded_database_url: a.server_database_url.clone(),
                };
                let params = json!({"runs": a.startup_runs});
                timed(name, params, pid, scenarios::startup::run(&o)).await
            }
        };
        results.push(r);
    }

    let report = RunReport {
        label: a.label.clone(),
        url: a.url.clone(),
        started_at_unix: started_at,
        command: sys::command_line(),
        commit: sys::git_commit(),
        machine: sys::machine(),
        generator_nofile_limit: nofile,
        server_pid: a.server_pid.clone(),
        server_idle_rss_kb: idle_rss,
        seed_users: users,
        seed_seconds: seed.seconds,
        scenarios: results,
        generator_cpu_s: sys::cpu_seconds("self").unwrap_or(0.0),
        wall_s: wall.elapsed().as_secs_f64(),
    };
    if let Some(p) = &a.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        write(p, &text)?;
    }
    let md = report::markdown(std::slice::from_ref(&report), "");
    match &a.markdown {
        Some(p) => write(p, &md)?,
        None => println!("{md}"),
    }
    let failed = report
        .scenarios
        .iter()
        .filter(|s| s.status == "fail")
        .count();
    let passed = report
        .scenarios
        .iter()
        .filter(|s| s.status == "pass")
        .count();
    let skipped = report.scenarios.len() - failed - passed;
    println!("bench-result: {passed} passed, {failed} failed, {skipped} skipped");
    Ok(failed == 0)
}

fn merge(
    markdown: &PathBuf,
    json_out: Option<&PathBuf>,
    preamble: &str,
    runs: &[PathBuf],
) -> Res<()> {
    let mut reports = Vec::new();
    for p in runs {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let r: RunReport =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
        reports.push(r);
    }
    write(markdown, &report::markdown(&reports, preamble))?;
    if let Some(j) = json_out {
        let text =
            serde_json::to_string_pretty(&json!({"runs": reports})).map_err(|e| e.to_string())?;
        write(j, &text)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(a) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the runtime: {e}"))
            .and_then(|rt| rt.block_on(run(*a))),
        Command::Report {
            markdown,
            json,
            preamble,
            runs,
        } => merge(&markdown, json.as_ref(), &preamble, &runs).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("outpost-bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}
