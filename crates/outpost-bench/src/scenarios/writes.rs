//! Scenario 2: C concurrent posters over keep-alive HTTP for a fixed time, then an audit through
//! `GET /channels/{id}/posts` that every acknowledged post is stored exactly once with its content.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::api::{Api, Res};
use crate::report::Outcome;
use crate::seed::{self, Seed};
use crate::stats::Lat;

pub struct Opts {
    pub posters: usize,
    pub duration: Duration,
}

struct Worker {
    lat: Lat,
    acked: Vec<(String, String)>,
    errors: u64,
    first_error: Option<String>,
}

pub async fn run(api: &Api, seed: &Seed, o: &Opts) -> Res<Outcome> {
    let mut out = Outcome::default();
    let channel_id = seed::channel(
        api,
        &seed.admin.token,
        &seed.team_id,
        &format!("writes-{}", seed.run),
    )
    .await?;
    let posters: Vec<_> = (0..o.posters)
        .map(|i| seed.users[i % seed.users.len()].clone())
        .collect();
    let mut members = posters.clone();
    members.sort_by(|a, b| a.id.cmp(&b.id));
    members.dedup_by(|a, b| a.id == b.id);
    seed::add_to_channel(api, &seed.admin.token, &channel_id, &members, 16).await?;

    let started = Instant::now();
    let deadline = started + o.duration;
    let tasks: Vec<_> = posters
        .into_iter()
        .enumerate()
        .map(|(w, user)| {
            let (api, channel_id, run) = (api.clone(), channel_id.clone(), seed.run.clone());
            tokio::spawn(async move {
                let mut me = Worker {
                    lat: Lat::new(),
                    acked: Vec::new(),
                    errors: 0,
                    first_error: None,
                };
                let mut seq = 0u64;
                while Instant::now() < deadline {
                    let message = format!("writes {run} {w} {seq}");
                    seq += 1;
                    let t0 = Instant::now();
                    let body = json!({"channel_id": channel_id, "message": message});
                    match api.post("/api/v4/posts", &user.token, &body).await {
                        Ok(v) => {
                            me.lat.record(t0.elapsed());
                            let id = v["id"].as_str().unwrap_or_default().to_owned();
                            me.acked.push((id, message));
                        }
                        Err(e) => {
                            me.errors += 1;
                            me.first_error.get_or_insert(e);
                        }
                    }
                }
                me
            })
        })
        .collect();
    let mut lat = Lat::new();
    let mut acked = Vec::new();
    let (mut errors, mut first_error) = (0u64, None);
    for t in tasks {
        let w = t.await.map_err(|e| format!("poster task: {e}"))?;
        lat.merge(&w.lat);
        acked.extend(w.acked);
        errors += w.errors;
        if let Some(e) = w.first_error {
            first_error.get_or_insert(e);
        }
    }
    let elapsed = started.elapsed();
    out.m("posters", o.posters as f64, "");
    out.m("posts_acknowledged", acked.len() as f64, "");
    out.m(
        "posts_per_s",
        acked.len() as f64 / elapsed.as_secs_f64(),
        "/s",
    );
    out.m("errors", errors as f64, "");
    out.lat("post", &lat.summary(), None);

    // The audit.
    let audit_started = Instant::now();
    let prefix = format!("writes {} ", seed.run);
    let mut id_seen: HashMap<String, u32> = HashMap::new();
    let mut by_message: HashMap<String, Vec<String>> = HashMap::new();
    let mut stored_message: HashMap<String, String> = HashMap::new();
    let mut page = 0u32;
    loop {
        let v = api
            .get(
                &format!("/api/v4/channels/{channel_id}/posts?page={page}&per_page=200"),
                &seed.admin.token,
            )
            .await?;
        let order = v["order"].as_array().cloned().unwrap_or_default();
        if order.is_empty() {
            break;
        }
        for id in order.iter().filter_map(|i| i.as_str()) {
            let msg = v["posts"][id]["message"].as_str().unwrap_or_default();
            if !msg.starts_with(&prefix) {
                continue;
            }
            *id_seen.entry(id.to_owned()).or_default() += 1;
            by_message
                .entry(msg.to_owned())
                .or_default()
                .push(id.to_owned());
            stored_message.insert(id.to_owned(), msg.to_owned());
        }
        page += 1;
    }
    let (mut lost, mut duplicated, mut wrong) = (0u64, 0u64, 0u64);
    for (id, message) in &acked {
        match id_seen.get(id) {
            None => lost += 1,
            Some(&n) => {
                if n > 1 || by_message.get(message).is_some_and(|ids| ids.len() > 1) {
                    duplicated += 1;
                }
                if stored_message.get(id) != Some(message) {
                    wrong += 1;
                }
            }
        }
    }
    let acked_ids: std::collections::HashSet<&str> =
        acked.iter().map(|(i, _)| i.as_str()).collect();
    let unacked_stored = id_seen
        .keys()
        .filter(|i| !acked_ids.contains(i.as_str()))
        .count();
    out.m("audit_pages", f64::from(page), "");
    out.m("audit_s", audit_started.elapsed().as_secs_f64(), "s");
    out.m("audit_stored", id_seen.len() as f64, "");
    out.m("audit_lost", lost as f64, "");
    out.m("audit_duplicated", duplicated as f64, "");
    out.m("audit_wrong_content", wrong as f64, "");
    out.m("audit_stored_unacknowledged", unacked_stored as f64, "");
    out.fail_if(acked.is_empty(), "no post was acknowledged".to_owned());
    out.fail_if(
        errors > 0,
        format!(
            "{errors} posts failed; first: {}",
            first_error.unwrap_or_default()
        ),
    );
    out.fail_if(lost > 0, format!("{lost} acknowledged posts are missing"));
    out.fail_if(
        duplicated > 0,
        format!("{duplicated} posts are stored more than once"),
    );
    out.fail_if(
        wrong > 0,
        format!("{wrong} posts are stored with the wrong content"),
    );
    Ok(out)
}
