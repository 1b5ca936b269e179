//! Scenario 4: time from spawning `outpost serve` to `/api/v4/system/ping` answering 200, on an
//! empty data directory and on the benchmark's seeded database.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::api::Res;
use crate::report::Outcome;

pub struct Opts {
    pub outpost_bin: Option<PathBuf>,
    pub runs: usize,
    /// A fresh, empty database for the "empty" case (PostgreSQL); SQLite in a temp dir otherwise.
    pub empty_database_url: Option<String>,
    /// The benchmarked server's data directory and database, for the "seeded" case.
    pub seeded_data_dir: Option<PathBuf>,
    pub seeded_database_url: Option<String>,
}

fn free_port() -> Res<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("free port: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("free port: {e}"))
}

async fn ping(addr: &str) -> bool {
    let Ok(mut s) = tokio::net::TcpStream::connect(addr).await else {
        return false;
    };
    let req =
        format!("GET /api/v4/system/ping HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).await.is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).await.is_ok() && buf.starts_with(b"HTTP/1.1 200")
}

/// Spawns the server and returns the milliseconds until ping answers.
async fn start_once(bin: &Path, data_dir: &Path, database_url: Option<&str>) -> Res<f64> {
    let port = free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let mut cmd = tokio::process::Command::new(bin);
    cmd.arg("serve")
        .args(["--listen", &addr, "--log-level", "warn", "--data-dir"])
        .arg(data_dir)
        .current_dir(data_dir)
        .env_remove("OUTPOST_CONFIG")
        .env_remove("OUTPOST_DATABASE_URL")
        .env_remove("OUTPOST_DATA_DIR")
        .env_remove("OUTPOST_LISTEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(url) = database_url {
        cmd.args(["--database-url", url]);
    }
    let t0 = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let result = loop {
        if ping(&addr).await {
            break Ok(t0.elapsed().as_secs_f64() * 1000.0);
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err).await;
            }
            break Err(format!("the server exited with {status}: {}", err.trim()));
        }
        if t0.elapsed() > Duration::from_secs(60) {
            break Err("the server did not answer ping within 60 s".to_owned());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    };
    let _ = child.kill().await;
    result
}

fn stats(out: &mut Outcome, name: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return;
    }
    out.m(&format!("{name}_runs"), v.len() as f64, "");
    out.m(&format!("{name}_min_ms"), v[0], "ms");
    out.m(&format!("{name}_median_ms"), v[v.len() / 2], "ms");
    out.m(&format!("{name}_max_ms"), v[v.len() - 1], "ms");
}

pub async fn run(o: &Opts) -> Res<Outcome> {
    let mut out = Outcome::default();
    let Some(bin) = &o.outpost_bin else {
        out.skipped = true;
        out.notes
            .push("needs --outpost-bin (the server binary to spawn)".to_owned());
        return Ok(out);
    };
    let mut empty = Vec::new();
    let runs = if o.empty_database_url.is_some() {
        1
    } else {
        o.runs.max(1)
    };
    for _ in 0..runs {
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        empty.push(start_once(bin, dir.path(), o.empty_database_url.as_deref()).await?);
    }
    stats(&mut out, "empty", empty);
    if o.empty_database_url.is_some() {
        out.notes.push(
            "empty: one run (the given database is only empty once; it is migrated by that run)"
                .to_owned(),
        );
    }
    match &o.seeded_data_dir {
        Some(dir) => {
            let mut seeded = Vec::new();
            for _ in 0..o.runs.max(1) {
                seeded.push(start_once(bin, dir, o.seeded_database_url.as_deref()).await?);
            }
            stats(&mut out, "seeded", seeded);
            out.notes.push(
                "seeded: a second process on the benchmarked server's database (after the other scenarios), \
                 while that server keeps running"
                    .to_owned(),
            );
        }
        None => out
            .notes
            .push("seeded case not run: needs --server-data-dir".to_owned()),
    }
    Ok(out)
}
