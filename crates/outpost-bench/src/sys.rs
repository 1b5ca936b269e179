//! What the operating system says: CPU time and RSS of a process, the machine, the commit.

use serde::{Deserialize, Serialize};

/// Linux reports CPU times in `/proc/<pid>/stat` in clock ticks of `USER_HZ`, which is 100 on every
/// mainstream architecture (it is fixed by the kernel ABI, independent of `CONFIG_HZ`).
const USER_HZ: f64 = 100.0;

/// User + system CPU seconds consumed so far by `pid` (`self` for this process).
pub fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may contain spaces; fields after it start after the last ')'.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After ')': state is index 0, so utime (field 14) is index 11 and stime (field 15) index 12.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / USER_HZ)
}

/// CPU seconds used so far by every process named `name` (e.g. `postgres`: the database server's
/// backends, whose work the server's own CPU time does not include). Whole machine, so other users
/// of the same database server count too.
pub fn cpu_seconds_named(name: &str) -> f64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/comm")).is_ok_and(|c| c.trim() == name)
        })
        .filter_map(|p| cpu_seconds(&p))
        .sum()
}

/// The 1-minute load average.
pub fn load_1m() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

/// Resident set size of `pid` in KiB (`VmRSS` in `/proc/<pid>/status`).
pub fn rss_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// A CPU-time stopwatch for this process and, optionally, the server process.
pub struct CpuMeter {
    server_pid: Option<String>,
    gen_start: f64,
    server_start: Option<f64>,
    wall: std::time::Instant,
}

/// CPU seconds spent during a measured interval.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct CpuUse {
    /// Wall-clock seconds of the interval.
    pub wall_s: f64,
    /// CPU seconds used by the load generator.
    pub generator_cpu_s: f64,
    /// CPU seconds used by the server, when its pid is known.
    pub server_cpu_s: Option<f64>,
}

impl CpuMeter {
    pub fn start(server_pid: Option<&str>) -> Self {
        Self {
            server_pid: server_pid.map(str::to_owned),
            gen_start: cpu_seconds("self").unwrap_or(0.0),
            server_start: server_pid.and_then(cpu_seconds),
            wall: std::time::Instant::now(),
        }
    }

    pub fn stop(&self) -> CpuUse {
        CpuUse {
            wall_s: self.wall.elapsed().as_secs_f64(),
            generator_cpu_s: cpu_seconds("self").unwrap_or(0.0) - self.gen_start,
            server_cpu_s: match (&self.server_pid, self.server_start) {
                (Some(pid), Some(start)) => cpu_seconds(pid).map(|now| now - start),
                _ => None,
            },
        }
    }
}

/// The machine the run happened on.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Machine {
    pub nproc: usize,
    pub mem_total_kb: u64,
    pub cpu_model: String,
    pub kernel: String,
    pub load_avg_at_start: String,
}

pub fn machine() -> Machine {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_total_kb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        .unwrap_or_default();
    Machine {
        nproc: std::thread::available_parallelism().map_or(0, usize::from),
        mem_total_kb,
        cpu_model,
        kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim()
            .to_owned(),
        load_avg_at_start: std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

/// `git rev-parse HEAD` (plus `-dirty` when the tree has changes), or "unknown".
pub fn git_commit() -> String {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    match run(&["rev-parse", "HEAD"]) {
        Some(head) => {
            let dirty = run(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            if dirty { format!("{head}-dirty") } else { head }
        }
        None => "unknown".to_owned(),
    }
}

/// The command line, quoted so that it can be pasted back into a shell.
pub fn command_line() -> String {
    std::env::args()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
            {
                a
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Raises the soft open-file limit to the hard limit; returns the new soft limit.
pub fn raise_nofile() -> Result<u64, String> {
    rlimit::increase_nofile_limit(u64::MAX).map_err(|e| format!("cannot raise RLIMIT_NOFILE: {e}"))
}

/// Milliseconds since the Unix epoch.
pub fn unix_micros() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}
