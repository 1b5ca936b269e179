//! Scenario 5: read throughput — a channel's latest 60 posts, my channels in a team, and the
//! mobile app's start-up sequence (reference §3.1) — with C concurrent clients.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{Api, Res};
use crate::report::Outcome;
use crate::seed::{Seed, User};
use crate::stats::Lat;

pub struct Opts {
    pub concurrency: usize,
    pub duration: Duration,
}

/// One request of a workload.
struct Req {
    method: Method,
    path: String,
    body: Option<Value>,
}

fn get(path: String) -> Req {
    Req {
        method: Method::GET,
        path,
        body: None,
    }
}

/// The mobile app's start-up calls (mattermost-mobile `app/actions/remote/entry/*`), in order.
fn mobile_sequence(seed: &Seed, u: &User) -> Vec<Req> {
    let (tid, uid, cid) = (&seed.team_id, &u.id, &seed.channel_id);
    vec![
        get("/api/v4/system/ping".to_owned()),
        get("/api/v4/config/client?format=old".to_owned()),
        get("/api/v4/license/client?format=old".to_owned()),
        get("/api/v4/users/me/preferences".to_owned()),
        get("/api/v4/users/me/teams".to_owned()),
        get("/api/v4/users/me/teams/members".to_owned()),
        get("/api/v4/users/me".to_owned()),
        get("/api/v4/users/me/status".to_owned()),
        get(format!(
            "/api/v4/users/me/teams/{tid}/channels?include_deleted=true&last_delete_at=0"
        )),
        get(format!("/api/v4/users/me/teams/{tid}/channels/members")),
        get(format!("/api/v4/users/me/teams/{tid}/channels/categories")),
        Req {
            method: Method::PUT,
            path: "/api/v4/users/sessions/device".to_owned(),
            body: Some(json!({"device_id": format!("android_rn-v2:bench-{uid}")})),
        },
        Req {
            method: Method::POST,
            path: "/api/v4/roles/names".to_owned(),
            body: Some(json!(["system_user", "team_user", "channel_user"])),
        },
        get(format!("/api/v4/channels/{cid}/posts?page=0&per_page=60")),
        get(format!(
            "/api/v4/users/{uid}/teams/{tid}/threads?per_page=60&extended=true&deleted=true"
        )),
        Req {
            method: Method::POST,
            path: "/api/v4/users/status/ids".to_owned(),
            body: Some(json!([uid])),
        },
    ]
}

/// The requests one client repeats, given its user.
type Workload<'a> = Box<dyn Fn(&User) -> Vec<Req> + 'a>;

struct Result1 {
    ops: Lat,
    reqs: Lat,
    errors: u64,
    first_error: Option<String>,
}

/// Runs `ops(user)` in a loop on `concurrency` clients for `duration`; one op = the whole list.
async fn workload(
    api: &Api,
    seed: &Seed,
    o: &Opts,
    ops: impl Fn(&User) -> Vec<Req>,
) -> Res<(Result1, Duration)> {
    let started = Instant::now();
    let deadline = started + o.duration;
    let tasks: Vec<_> = (0..o.concurrency)
        .map(|i| {
            let user = seed.users[i % seed.users.len()].clone();
            let list = ops(&user);
            let api = api.clone();
            tokio::spawn(async move {
                let mut r = Result1 {
                    ops: Lat::new(),
                    reqs: Lat::new(),
                    errors: 0,
                    first_error: None,
                };
                while Instant::now() < deadline {
                    let t0 = Instant::now();
                    let mut ok = true;
                    for q in &list {
                        let t1 = Instant::now();
                        match api
                            .call(
                                q.method.clone(),
                                &q.path,
                                Some(&user.token),
                                q.body.as_ref(),
                            )
                            .await
                        {
                            Ok(resp) if resp.is_ok() => r.reqs.record(t1.elapsed()),
                            Ok(resp) => {
                                ok = false;
                                r.errors += 1;
                                r.first_error.get_or_insert_with(|| {
                                    resp.error(&format!("{} {}", q.method, q.path))
                                });
                            }
                            Err(e) => {
                                ok = false;
                                r.errors += 1;
                                r.first_error.get_or_insert(e);
                            }
                        }
                    }
                    if ok {
                        r.ops.record(t0.elapsed());
                    }
                }
                r
            })
        })
        .collect();
    let mut all = Result1 {
        ops: Lat::new(),
        reqs: Lat::new(),
        errors: 0,
        first_error: None,
    };
    for t in tasks {
        let r = t.await.map_err(|e| format!("reader task: {e}"))?;
        all.ops.merge(&r.ops);
        all.reqs.merge(&r.reqs);
        all.errors += r.errors;
        if let Some(e) = r.first_error {
            all.first_error.get_or_insert(e);
        }
    }
    Ok((all, started.elapsed()))
}

pub async fn run(api: &Api, seed: &Seed, o: &Opts) -> Res<Outcome> {
    let mut out = Outcome::default();
    // At least 60 posts in the channel, so that a page is full.
    for i in 0..60 {
        api.post(
            "/api/v4/posts",
            &seed.admin.token,
            &json!({"channel_id": seed.channel_id, "message": format!("reads filler {i}")}),
        )
        .await?;
    }
    out.m("concurrency", o.concurrency as f64, "");
    let (tid, cid) = (seed.team_id.clone(), seed.channel_id.clone());
    let cases: Vec<(&str, Workload<'_>)> = vec![
        (
            "channel_posts",
            Box::new(move |_| vec![get(format!("/api/v4/channels/{cid}/posts?per_page=60"))]),
        ),
        (
            "my_channels",
            Box::new(move |_| vec![get(format!("/api/v4/users/me/teams/{tid}/channels"))]),
        ),
        ("mobile_startup", Box::new(|u| mobile_sequence(seed, u))),
    ];
    for (name, ops) in cases {
        let (r, elapsed) = workload(api, seed, o, ops).await?;
        let secs = elapsed.as_secs_f64();
        let ops_s = r.ops.summary();
        out.lat(name, &ops_s, Some(ops_s.count as f64 / secs));
        if name == "mobile_startup" {
            let reqs = r.reqs.summary();
            out.m(
                "mobile_sequence_requests",
                mobile_sequence(seed, &seed.admin).len() as f64,
                "",
            );
            out.lat("mobile_requests", &reqs, Some(reqs.count as f64 / secs));
        }
        out.m(&format!("{name}_errors"), r.errors as f64, "");
        out.fail_if(
            r.errors > 0,
            format!(
                "{name}: {} failed requests; first: {}",
                r.errors,
                r.first_error.unwrap_or_default()
            ),
        );
        out.fail_if(ops_s.count == 0, format!("{name}: no request completed"));
    }
    out.notes.push(
        "mobile_startup = ping, config/client, license/client, preferences, my teams, team members, me, status, \
         team channels, channel members, categories, PUT sessions/device, roles/names, channel posts, threads, statuses by ids"
            .to_owned(),
    );
    Ok(out)
}
