//! The run record (JSON) and its Markdown rendering.

use serde::{Deserialize, Serialize};

use crate::stats::Summary;
use crate::sys::{CpuUse, Machine};

/// One named figure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Metric {
    pub key: String,
    pub value: f64,
    pub unit: String,
}

/// What a scenario found (before timing and error wrapping).
#[derive(Debug, Default)]
pub struct Outcome {
    pub metrics: Vec<Metric>,
    pub notes: Vec<String>,
    /// Checks that failed (lost posts, errors…); the scenario passes when this is empty.
    pub failures: Vec<String>,
    pub skipped: bool,
    /// Markdown tables rendered under the metrics (e.g. one row per ramp step).
    pub tables: Vec<String>,
    /// Structured figures beyond the flat metrics, kept in the JSON record.
    pub detail: serde_json::Value,
}

impl Outcome {
    pub fn m(&mut self, key: &str, value: f64, unit: &str) {
        self.metrics.push(Metric {
            key: key.to_owned(),
            value,
            unit: unit.to_owned(),
        });
    }

    /// Adds `<prefix>_count`, `_per_s`, `_p50_ms`, `_p90_ms`, `_p99_ms`, `_max_ms`, `_mean_ms`.
    pub fn lat(&mut self, prefix: &str, s: &Summary, per_s: Option<f64>) {
        self.m(&format!("{prefix}_count"), s.count as f64, "");
        if let Some(r) = per_s {
            self.m(&format!("{prefix}_per_s"), r, "/s");
        }
        self.m(&format!("{prefix}_mean_ms"), s.mean_ms, "ms");
        self.m(&format!("{prefix}_p50_ms"), s.p50_ms, "ms");
        self.m(&format!("{prefix}_p90_ms"), s.p90_ms, "ms");
        self.m(&format!("{prefix}_p99_ms"), s.p99_ms, "ms");
        self.m(&format!("{prefix}_max_ms"), s.max_ms, "ms");
    }

    pub fn fail_if(&mut self, cond: bool, msg: String) {
        if cond {
            self.failures.push(msg);
        }
    }
}

/// One scenario's record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioResult {
    pub name: String,
    /// "pass", "fail" or "skipped".
    pub status: String,
    pub failures: Vec<String>,
    pub params: serde_json::Value,
    pub metrics: Vec<Metric>,
    pub notes: Vec<String>,
    pub cpu: CpuUse,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<String>,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub detail: serde_json::Value,
}

impl ScenarioResult {
    pub fn get(&self, key: &str) -> Option<f64> {
        self.metrics.iter().find(|m| m.key == key).map(|m| m.value)
    }
}

/// One `outpost-bench run`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunReport {
    pub label: String,
    pub url: String,
    pub started_at_unix: u64,
    pub command: String,
    pub commit: String,
    pub machine: Machine,
    pub generator_nofile_limit: u64,
    pub server_pid: Option<String>,
    /// RSS of the server before the generator sent anything but pings.
    pub server_idle_rss_kb: Option<u64>,
    pub seed_users: usize,
    pub seed_seconds: f64,
    pub scenarios: Vec<ScenarioResult>,
    /// Total CPU seconds of the generator over the run.
    pub generator_cpu_s: f64,
    pub wall_s: f64,
}

impl RunReport {
    fn scenario(&self, name: &str) -> Option<&ScenarioResult> {
        self.scenarios
            .iter()
            .find(|s| s.name == name && s.status != "skipped")
    }
    fn metric(&self, scenario: &str, key: &str) -> Option<f64> {
        self.scenario(scenario).and_then(|s| s.get(key))
    }
    /// A scenario run at several sizes (fan-out clients, memory connections): its runs, largest
    /// size first.
    fn sized(&self, scenario: &str, size_key: &str) -> Vec<&ScenarioResult> {
        let mut runs: Vec<_> = self
            .scenarios
            .iter()
            .filter(|s| s.name == scenario && s.status != "skipped" && s.get(size_key).is_some())
            .collect();
        runs.sort_by(|a, b| {
            b.get(size_key)
                .unwrap_or(0.0)
                .total_cmp(&a.get(size_key).unwrap_or(0.0))
        });
        runs
    }
    /// `<figure> at <size> <unit>` for each size, largest first, e.g. "31 ms at 10000 clients;
    /// 12 ms at 1000".
    fn per_size(
        &self,
        scenario: &str,
        size_key: &str,
        unit: &str,
        figure: impl Fn(&ScenarioResult) -> Option<String>,
    ) -> Option<String> {
        let parts: Vec<String> = self
            .sized(scenario, size_key)
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let size = fmt_num(s.get(size_key)?);
                let f = figure(s)?;
                Some(if i == 0 {
                    format!("{f} at {size} {unit}")
                } else {
                    format!("{f} at {size}")
                })
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

fn fmt_num(v: f64) -> String {
    if (v.fract() == 0.0 && v.abs() < 1e15) || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// A target row: a label, the goal, and how to read the figure from a run.
struct Target {
    what: &'static str,
    goal: &'static str,
    figure: fn(&RunReport) -> Option<String>,
}

fn targets() -> Vec<Target> {
    fn ms(v: f64) -> String {
        format!("{} ms", fmt_num(v))
    }
    vec![
        Target {
            what: "Fan-out p50 (send→receive)",
            goal: "< 25 ms at 10,000 clients",
            figure: |r| {
                r.per_size("fanout", "clients", "clients", |s| {
                    Some(ms(s.get("latency_p50_ms")?))
                })
            },
        },
        Target {
            what: "Fan-out p99 (max)",
            goal: "< 50 ms at 10,000 clients",
            figure: |r| {
                r.per_size("fanout", "clients", "clients", |s| {
                    Some(format!(
                        "{} ({})",
                        ms(s.get("latency_p99_ms")?),
                        ms(s.get("latency_max_ms")?)
                    ))
                })
            },
        },
        Target {
            what: "Fan-out deliveries/s",
            goal: "(no target)",
            figure: |r| {
                r.per_size("fanout", "clients", "clients", |s| {
                    Some(format!("{}/s", fmt_num(s.get("deliveries_per_s")?)))
                })
            },
        },
        Target {
            what: "Fan-out CPU per delivery, server / generator",
            goal: "(no target)",
            figure: |r| {
                r.per_size("fanout", "clients", "clients", |s| {
                    Some(format!(
                        "{} / {} µs",
                        fmt_num(s.get("server_cpu_us_per_delivery")?),
                        fmt_num(s.get("generator_cpu_us_per_delivery")?)
                    ))
                })
            },
        },
        Target {
            what: "Write throughput",
            goal: "≥ 10,000 posts/s (SQLite), ≥ 5,000 (PostgreSQL)",
            figure: |r| {
                Some(format!(
                    "{} posts/s, p99 {} ({} posters)",
                    fmt_num(r.metric("writes", "posts_per_s")?),
                    ms(r.metric("writes", "post_p99_ms")?),
                    fmt_num(r.metric("writes", "posters")?)
                ))
            },
        },
        Target {
            what: "Lost / duplicated / wrong posts",
            goal: "0 / 0 / 0",
            figure: |r| {
                Some(format!(
                    "{} / {} / {}",
                    fmt_num(r.metric("writes", "audit_lost")?),
                    fmt_num(r.metric("writes", "audit_duplicated")?),
                    fmt_num(r.metric("writes", "audit_wrong_content")?)
                ))
            },
        },
        Target {
            what: "Idle RSS after start",
            goal: "< 20 MB",
            figure: |r| {
                r.server_idle_rss_kb
                    .map(|kb| format!("{} MB", fmt_num(kb as f64 / 1024.0)))
            },
        },
        Target {
            what: "RSS per idle WebSocket connection",
            goal: "< 10 KB",
            figure: |r| {
                r.per_size("memory", "connections", "connections", |s| {
                    Some(format!("{} KB", fmt_num(s.get("kb_per_connection")?)))
                })
            },
        },
        Target {
            what: "Start-up to ready, empty database",
            goal: "< 200 ms",
            figure: |r| {
                Some(format!(
                    "{} (median)",
                    ms(r.metric("startup", "empty_median_ms")?)
                ))
            },
        },
        Target {
            what: "Start-up to ready, seeded database",
            goal: "< 200 ms",
            figure: |r| {
                Some(format!(
                    "{} (median)",
                    ms(r.metric("startup", "seeded_median_ms")?)
                ))
            },
        },
        Target {
            what: "Reads: GET /channels/{id}/posts?per_page=60",
            goal: "(no target)",
            figure: |r| {
                Some(format!(
                    "{} req/s, p99 {}",
                    fmt_num(r.metric("reads", "channel_posts_per_s")?),
                    ms(r.metric("reads", "channel_posts_p99_ms")?)
                ))
            },
        },
        Target {
            what: "Reads: GET /users/me/teams/{tid}/channels",
            goal: "(no target)",
            figure: |r| {
                Some(format!(
                    "{} req/s, p99 {}",
                    fmt_num(r.metric("reads", "my_channels_per_s")?),
                    ms(r.metric("reads", "my_channels_p99_ms")?)
                ))
            },
        },
        Target {
            what: "Reads: mobile start-up sequence",
            goal: "(no target)",
            figure: |r| {
                Some(format!(
                    "{} seq/s ({} req/s), sequence p99 {}",
                    fmt_num(r.metric("reads", "mobile_startup_per_s")?),
                    fmt_num(r.metric("reads", "mobile_requests_per_s")?),
                    ms(r.metric("reads", "mobile_startup_p99_ms")?)
                ))
            },
        },
        Target {
            what: "Mixed workload (scenario 6)",
            goal: "≥ 20,000 concurrent users",
            figure: |r| {
                let held = r.metric("mixed", "held_users")?;
                let mut s = format!("{} users held", fmt_num(held));
                if let (Some(m), Some(p)) = (
                    r.metric("mixed", "held_mean_ms"),
                    r.metric("mixed", "held_p99_ms"),
                ) {
                    s.push_str(&format!(" (avg {}, p99 {})", ms(m), ms(p)));
                }
                match r.metric("mixed", "broke_at_users") {
                    Some(b) => s.push_str(&format!("; broke at {}", fmt_num(b))),
                    None => s.push_str("; ramp maximum reached"),
                }
                Some(s)
            },
        },
    ]
}

/// Renders one or more runs as Markdown.
pub fn markdown(runs: &[RunReport], preamble: &str) -> String {
    let mut out = String::new();
    out.push_str("# Outpost benchmarks\n\n");
    if !preamble.is_empty() {
        out.push_str(preamble.trim_end());
        out.push_str("\n\n");
    }
    out.push_str("## Figures beside the targets of issue 8\n\n");
    out.push_str("| Figure | Target |");
    for r in runs {
        out.push_str(&format!(" {} |", r.label));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(runs.len()));
    out.push('\n');
    for t in targets() {
        out.push_str(&format!("| {} | {} |", t.what, t.goal));
        for r in runs {
            out.push_str(&format!(
                " {} |",
                (t.figure)(r).unwrap_or_else(|| "not measured".to_owned())
            ));
        }
        out.push('\n');
    }
    out.push('\n');
    for r in runs {
        out.push_str(&format!("## Run: {}\n\n", r.label));
        out.push_str(&format!("- Server: `{}`", r.url));
        if let Some(pid) = &r.server_pid {
            out.push_str(&format!(" (pid {pid})"));
        }
        out.push('\n');
        out.push_str(&format!("- Commit: `{}`\n", r.commit));
        out.push_str(&format!(
            "- Machine: {} CPUs ({}), {:.1} GB RAM, Linux {}, load average at start {}\n",
            r.machine.nproc,
            r.machine.cpu_model,
            r.machine.mem_total_kb as f64 / 1024.0 / 1024.0,
            r.machine.kernel,
            r.machine.load_avg_at_start
        ));
        out.push_str(&format!("- Command: `{}`\n", r.command));
        out.push_str(&format!(
            "- Seeding: {} users created and logged in through the API in {:.1} s; generator open-file limit {}\n",
            r.seed_users, r.seed_seconds, r.generator_nofile_limit
        ));
        out.push_str(&format!(
            "- Whole run: {:.1} s wall, generator CPU {:.1} s\n\n",
            r.wall_s, r.generator_cpu_s
        ));
        for s in &r.scenarios {
            // Scenarios run at several sizes say which one each section is.
            let size = ["clients", "connections"]
                .iter()
                .find_map(|k| Some(format!(" ({} {k})", fmt_num(s.get(k)?))))
                .filter(|_| {
                    r.sized(&s.name, "clients").len() + r.sized(&s.name, "connections").len() > 1
                })
                .unwrap_or_default();
            out.push_str(&format!("### {}{size} — {}\n\n", s.name, s.status));
            if s.status == "skipped" {
                for n in &s.notes {
                    out.push_str(&format!("- {n}\n"));
                }
                out.push('\n');
                continue;
            }
            out.push_str(&format!("Parameters: `{}`\n\n", s.params));
            let gen_pct = if s.cpu.wall_s > 0.0 {
                100.0 * s.cpu.generator_cpu_s / s.cpu.wall_s
            } else {
                0.0
            };
            out.push_str(&format!(
                "CPU over {:.1} s wall: generator {:.1} s ({gen_pct:.0}% of one core)",
                s.cpu.wall_s, s.cpu.generator_cpu_s
            ));
            if let Some(sc) = s.cpu.server_cpu_s {
                let pct = if s.cpu.wall_s > 0.0 {
                    100.0 * sc / s.cpu.wall_s
                } else {
                    0.0
                };
                out.push_str(&format!(", server {sc:.1} s ({pct:.0}% of one core)"));
            }
            out.push_str(&format!(", machine cores {}.\n\n", r.machine.nproc));
            for f in &s.failures {
                out.push_str(&format!("- **FAILED**: {f}\n"));
            }
            for n in &s.notes {
                out.push_str(&format!("- {n}\n"));
            }
            if !s.failures.is_empty() || !s.notes.is_empty() {
                out.push('\n');
            }
            out.push_str("| Metric | Value |\n|---|---|\n");
            for m in &s.metrics {
                out.push_str(&format!(
                    "| {} | {} {} |\n",
                    m.key,
                    fmt_num(m.value),
                    m.unit
                ));
            }
            out.push('\n');
            for t in &s.tables {
                out.push_str(t.trim_end());
                out.push_str("\n\n");
            }
        }
    }
    out
}
