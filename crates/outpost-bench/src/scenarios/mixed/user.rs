//! One simulated user: a small async task holding one WebSocket, reading and counting its events,
//! and acting at human pace through the shared HTTP client.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, watch};
use tokio_tungstenite::tungstenite::Message;

use super::plan::{Action, Mix, REPLY_SHARE, Think, user_channels};
use crate::api::Api;
use crate::seed::User;
use crate::stats::Lat;
use crate::ws::Ws;

/// What every user shares.
pub struct Ctx {
    pub api: Api,
    /// Bounds the requests in flight, so that the HTTP client keeps a bounded pool of keep-alive
    /// connections instead of opening (and leaving in TIME_WAIT) one per burst.
    pub inflight: Semaphore,
    pub run: String,
    pub password: String,
    pub team_id: String,
    pub channels: Vec<String>,
    pub channels_per_user: usize,
    pub mix: Mix,
    pub think: Think,
    pub stats: Mutex<StepStats>,
    pub ws_events: AtomicU64,
}

/// Figures of the current step; swapped out at the end of each step.
#[derive(Default)]
pub struct StepStats {
    pub lat: Lat,
    pub errors: u64,
    pub first_error: Option<String>,
    pub actions: [u64; Action::ALL.len()],
    /// Latency per action kind (all of its requests).
    pub by_action: Vec<Lat>,
}

impl StepStats {
    pub fn new() -> Self {
        Self {
            by_action: Action::ALL.iter().map(|_| Lat::new()).collect(),
            ..Self::default()
        }
    }
}

impl Ctx {
    fn error(&self, e: String) {
        if let Ok(mut s) = self.stats.lock() {
            s.errors += 1;
            s.first_error.get_or_insert(e);
        }
    }
}

/// The newest posts of the current channel: (post id, thread root id).
#[derive(Deserialize)]
struct PostList {
    #[serde(default)]
    order: Vec<String>,
    #[serde(default)]
    posts: std::collections::HashMap<String, PostRoot>,
}

#[derive(Deserialize)]
struct PostRoot {
    #[serde(default)]
    root_id: String,
}

/// Posts remembered per user, to reply and react to.
const KEEP: usize = 8;

pub struct SimUser {
    index: usize,
    user: User,
    channel: usize,
    page: u32,
    recent: Vec<(String, String)>,
    /// A reply or post being typed: sent at the next wake-up.
    typing: Option<String>,
    seq: u64,
}

impl SimUser {
    pub fn new(index: usize, user: User) -> Self {
        Self {
            index,
            user,
            channel: 0,
            page: 0,
            recent: Vec::new(),
            typing: None,
            seq: 0,
        }
    }

    fn channel_id<'a>(&self, ctx: &'a Ctx) -> &'a str {
        &ctx.channels[self.channel]
    }

    /// One timed request; records latency or the error; returns the body when it succeeded.
    async fn req(
        &self,
        ctx: &Ctx,
        action: Action,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Option<Vec<u8>> {
        let t0 = Instant::now();
        let permit = ctx.inflight.acquire().await.ok()?;
        let r = ctx
            .api
            .call(method.clone(), path, Some(&self.user.token), body)
            .await;
        drop(permit);
        let took = t0.elapsed();
        match r {
            Ok(resp) if resp.is_ok() => {
                if let Ok(mut s) = ctx.stats.lock() {
                    s.lat.record(took);
                    s.by_action[action.index()].record(took);
                }
                Some(resp.body)
            }
            Ok(resp) => {
                ctx.error(resp.error(&format!("{method} {path}")));
                None
            }
            Err(e) => {
                ctx.error(e);
                None
            }
        }
    }

    async fn load_page(&mut self, ctx: &Ctx, action: Action) {
        let path = format!(
            "/api/v4/channels/{}/posts?page={}&per_page=60",
            self.channel_id(ctx),
            self.page
        );
        let Some(body) = self.req(ctx, action, Method::GET, &path, None).await else {
            return;
        };
        if let Ok(list) = serde_json::from_slice::<PostList>(&body) {
            let recent = list.order.iter().take(KEEP).map(|id| {
                let root = list
                    .posts
                    .get(id)
                    .map(|p| p.root_id.as_str())
                    .filter(|r| !r.is_empty())
                    .unwrap_or(id);
                (id.clone(), root.to_owned())
            });
            if self.page == 0 || self.recent.is_empty() {
                self.recent = recent.collect();
            }
        }
    }

    async fn switch_channel(&mut self, ctx: &Ctx) {
        let mine = user_channels(self.index, ctx.channels.len(), ctx.channels_per_user);
        let prev = self.channel_id(ctx).to_owned();
        let pick = rand::Rng::random_range(&mut rand::rng(), 0..mine.len().max(1));
        self.channel = mine.get(pick).copied().unwrap_or(0);
        self.page = 0;
        self.load_page(ctx, Action::SwitchChannel).await;
        let body = json!({"channel_id": self.channel_id(ctx), "prev_channel_id": prev});
        self.req(
            ctx,
            Action::SwitchChannel,
            Method::POST,
            "/api/v4/channels/members/me/view",
            Some(&body),
        )
        .await;
    }

    async fn typing(&mut self, ctx: &Ctx, ws: Option<&mut Ws>, parent: &str) {
        let Some(ws) = ws else { return };
        self.seq += 1;
        let frame = json!({
            "action": "user_typing",
            "seq": self.seq,
            "data": {"channel_id": self.channel_id(ctx), "parent_id": parent},
        });
        if let Err(e) = ws.send(Message::text(frame.to_string())).await {
            ctx.error(format!("websocket send: {e}"));
        }
    }

    /// Runs the next action; returns how long to wait before the one after.
    pub async fn act(&mut self, ctx: &Ctx, ws: Option<&mut Ws>) -> Duration {
        if let Some(root) = self.typing.take() {
            let n = ctx.ws_events.load(Ordering::Relaxed);
            let body = json!({
                "channel_id": self.channel_id(ctx),
                "root_id": root,
                "message": format!("mixed {} {} {n}: the quick brown fox jumps over the lazy dog", ctx.run, self.index),
            });
            self.req(
                ctx,
                Action::Post,
                Method::POST,
                "/api/v4/posts",
                Some(&body),
            )
            .await;
            return ctx.think.pick(&mut rand::rng());
        }
        let action = if self.recent.is_empty() && self.page == 0 {
            Action::SwitchChannel
        } else {
            ctx.mix.pick(&mut rand::rng())
        };
        if let Ok(mut s) = ctx.stats.lock() {
            s.actions[action.index()] += 1;
        }
        let (uid, tid) = (self.user.id.clone(), ctx.team_id.as_str());
        let recent = {
            let mut rng = rand::rng();
            let k = rand::Rng::random_range(&mut rng, 0..self.recent.len().max(1));
            self.recent.get(k).cloned()
        };
        match action {
            Action::SwitchChannel => self.switch_channel(ctx).await,
            Action::ScrollChannel => {
                self.page += 1;
                self.load_page(ctx, action).await;
            }
            Action::UnreadCheck => {
                self.req(
                    ctx,
                    action,
                    Method::GET,
                    "/api/v4/users/me/teams/unread",
                    None,
                )
                .await;
            }
            Action::Post => {
                let reply = rand::Rng::random_bool(&mut rand::rng(), REPLY_SHARE);
                let root = match (&recent, reply) {
                    (Some((_, root)), true) => root.clone(),
                    _ => String::new(),
                };
                self.typing(ctx, ws, &root).await;
                self.typing = Some(root);
                // The message is sent after a few seconds of typing.
                let secs = rand::Rng::random_range(&mut rand::rng(), 2.0..6.0);
                return Duration::from_secs_f64(secs);
            }
            Action::React => {
                if let Some((post, _)) = recent {
                    let emoji = ["+1", "smile", "heart", "tada", "eyes"]
                        [rand::Rng::random_range(&mut rand::rng(), 0..5)];
                    let body = json!({"user_id": uid, "post_id": post, "emoji_name": emoji});
                    self.req(ctx, action, Method::POST, "/api/v4/reactions", Some(&body))
                        .await;
                }
            }
            Action::ViewThreads => {
                let path = format!("/api/v4/users/{uid}/teams/{tid}/threads?per_page=25");
                self.req(ctx, action, Method::GET, &path, None).await;
            }
            Action::ReadThread => {
                if let Some((_, root)) = recent {
                    let path = format!("/api/v4/posts/{root}/thread");
                    self.req(ctx, action, Method::GET, &path, None).await;
                }
            }
            Action::Typing => self.typing(ctx, ws, "").await,
            Action::ChannelList => {
                let path = format!("/api/v4/users/me/teams/{tid}/channels");
                self.req(ctx, action, Method::GET, &path, None).await;
                let path = format!("/api/v4/users/me/teams/{tid}/channels/members");
                self.req(ctx, action, Method::GET, &path, None).await;
            }
            Action::Login => self.login(ctx).await,
        }
        ctx.think.pick(&mut rand::rng())
    }

    async fn login(&mut self, ctx: &Ctx) {
        let t0 = Instant::now();
        let name = super::seed::username(&ctx.run, self.index);
        let r = match ctx.inflight.acquire().await {
            Ok(_permit) => ctx.api.login(&name, &ctx.password).await,
            Err(e) => Err(e.to_string()),
        };
        match r {
            Ok((_, token)) => {
                if let Ok(mut s) = ctx.stats.lock() {
                    s.lat.record(t0.elapsed());
                    s.by_action[Action::Login.index()].record(t0.elapsed());
                }
                self.user.token = token;
            }
            Err(e) => ctx.error(e),
        }
    }
}

/// Runs a user until `stop`: reads (and counts) WebSocket events, acts when its idle time is over.
pub async fn run(ctx: Arc<Ctx>, mut user: SimUser, ws: Ws, mut stop: watch::Receiver<bool>) {
    let mut ws = Some(ws);
    let mut next = tokio::time::Instant::now() + ctx.think.first(&mut rand::rng());
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            msg = async { ws.as_mut()?.next().await }, if ws.is_some() => match msg {
                Some(Ok(Message::Text(_) | Message::Binary(_))) => {
                    ctx.ws_events.fetch_add(1, Ordering::Relaxed);
                }
                Some(Ok(Message::Close(c))) => {
                    ctx.error(format!("the server closed a user's WebSocket: {c:?}"));
                    ws = None;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    ctx.error(format!("websocket: {e}"));
                    ws = None;
                }
                None => {
                    ctx.error("a user's WebSocket ended".to_owned());
                    ws = None;
                }
            },
            () = tokio::time::sleep_until(next) => {
                let wait = user.act(&ctx, ws.as_mut()).await;
                next = tokio::time::Instant::now() + wait;
            }
        }
    }
    if let Some(mut ws) = ws {
        let _ = tokio::time::timeout(Duration::from_secs(2), ws.close(None)).await;
    }
}
