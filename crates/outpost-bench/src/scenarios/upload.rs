//! Upload and download of one large file (issue 5): throughput through the API compared with a
//! plain write and read of the same bytes on the generator's disk, and the server's RSS sampled
//! throughout (it must stay flat: the server streams, it never holds the file).

use std::io::Write as _;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;

use crate::api::{Api, Res};
use crate::report::Outcome;
use crate::seed::Seed;
use crate::sys;

pub struct Opts {
    pub megabytes: usize,
}

const CHUNK: usize = 1 << 20;

fn chunk(i: usize) -> Vec<u8> {
    (0..CHUNK).map(|j| ((i * 31 + j) % 251) as u8).collect()
}

/// Samples the server's RSS every 20 ms until stopped; returns the peak in KiB.
fn rss_sampler(
    pid: Option<String>,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<u64>,
) {
    let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
    let h = tokio::spawn(async move {
        let mut peak = 0;
        loop {
            if let Some(p) = pid.as_deref().and_then(sys::rss_kb) {
                peak = peak.max(p);
            }
            tokio::select! {
                _ = &mut rx => return peak,
                () = tokio::time::sleep(Duration::from_millis(20)) => {}
            }
        }
    });
    (tx, h)
}

/// The same bytes written to and read back from a file on this machine, with fsync: the disk's pace.
fn disk_baseline(megabytes: usize) -> Res<(f64, f64)> {
    let dir = std::env::temp_dir().join(format!("outpost-bench-disk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join("blob");
    let t = Instant::now();
    let mut f = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    for i in 0..megabytes {
        f.write_all(&chunk(i)).map_err(|e| e.to_string())?;
    }
    f.sync_all().map_err(|e| e.to_string())?;
    let write_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let n = std::fs::read(&path).map_err(|e| e.to_string())?.len();
    let read_s = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    let mb = n as f64 / (1024.0 * 1024.0);
    Ok((mb / write_s, mb / read_s))
}

pub async fn run(api: &Api, seed: &Seed, pid: Option<&str>, o: &Opts) -> Res<Outcome> {
    let mut out = Outcome::default();
    let mb = o.megabytes.max(1);
    let token = &seed.admin.token;
    let idle = pid.and_then(sys::rss_kb);
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(3600))
        .build()
        .map_err(|e| e.to_string())?;

    // Upload: a generated stream, never held whole by the generator either.
    let (stop, sampler) = rss_sampler(pid.map(str::to_owned));
    let body = futures_util::stream::iter((0..mb).map(|i| Ok::<_, std::io::Error>(chunk(i))));
    let url = format!(
        "{}/api/v4/files?channel_id={}&filename=bench-{}.bin",
        api.base, seed.channel_id, seed.run
    );
    let t = Instant::now();
    let res = http
        .post(&url)
        .bearer_auth(token)
        .header("content-length", (mb * CHUNK).to_string())
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .map_err(|e| format!("upload: {e}"))?;
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    let up_s = t.elapsed().as_secs_f64();
    let _ = stop.send(());
    let up_peak = sampler.await.unwrap_or(0);
    if status != 201 {
        out.failures.push(format!("upload: HTTP {status}: {text}"));
        return Ok(out);
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let file_id = v["file_infos"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if v["file_infos"][0]["size"].as_u64() != Some((mb * CHUNK) as u64) {
        out.failures
            .push(format!("upload stored the wrong size: {text}"));
    }

    // Download, streamed and checked chunk by chunk.
    let (stop, sampler) = rss_sampler(pid.map(str::to_owned));
    let t = Instant::now();
    let res = http
        .get(format!("{}/api/v4/files/{file_id}", api.base))
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| format!("download: {e}"))?;
    let mut stream = res.bytes_stream();
    let mut got: Vec<u8> = Vec::with_capacity(CHUNK);
    let (mut index, mut total, mut mismatch) = (0usize, 0usize, false);
    while let Some(part) = stream.next().await {
        let part = part.map_err(|e| format!("download: {e}"))?;
        total += part.len();
        got.extend_from_slice(&part);
        while got.len() >= CHUNK {
            mismatch |= got[..CHUNK] != chunk(index)[..];
            got.drain(..CHUNK);
            index += 1;
        }
    }
    let down_s = t.elapsed().as_secs_f64();
    let _ = stop.send(());
    let down_peak = sampler.await.unwrap_or(0);
    if mismatch || total != mb * CHUNK {
        out.failures.push(format!(
            "download returned {total} bytes, content mismatch: {mismatch}"
        ));
    }

    let (disk_w, disk_r) = disk_baseline(mb)?;
    let mbf = mb as f64;
    out.m("file_mb", mbf, "MiB");
    out.m("upload_mb_per_s", mbf / up_s, "MiB/s");
    out.m("download_mb_per_s", mbf / down_s, "MiB/s");
    out.m("disk_write_fsync_mb_per_s", disk_w, "MiB/s");
    out.m("disk_read_mb_per_s", disk_r, "MiB/s");
    if let Some(idle) = idle {
        out.m("server_rss_before_kb", idle as f64, "KiB");
        out.m("server_rss_peak_upload_kb", up_peak as f64, "KiB");
        out.m("server_rss_peak_download_kb", down_peak as f64, "KiB");
        out.m(
            "server_rss_growth_kb",
            up_peak.max(down_peak).saturating_sub(idle) as f64,
            "KiB",
        );
    } else {
        out.notes
            .push("no --server-pid: server memory not sampled".to_owned());
    }
    out.notes.push(
        "upload = POST /api/v4/files with a raw streamed body; download = GET /api/v4/files/{id}; \
         disk = the same bytes written (fsync) and read on the generator's temp dir"
            .to_owned(),
    );
    Ok(out)
}
