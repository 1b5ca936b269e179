//! Notifications: one service decides who is told about a post ([`outpost_core::notify::decide`]
//! over the facts gathered here) and every channel reads that plan: the `posted` event's
//! `mentions`/`followers` hints for open clients, pushes through a Mattermost push proxy,
//! e-mails (immediate or batched) and Web Push. Deliveries run in the background with retries
//! and back-off; a delivery that still fails is logged, never dropped silently.

mod account;
mod email;
mod invite;
pub mod keys;
mod push;
mod webpush;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use outpost_core::notify::{ACTIVE_CHANNEL_TIMEOUT_MS, Decision, MemberFacts, PostFacts, decide};
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;
use outpost_model::post::Post;
use outpost_model::user::User;
use outpost_store::posts::PostChannel;

use crate::posts::Roster;
use tokio::sync::Semaphore;

pub use email::PendingMail;
pub use invite::EmailInviteResult;
pub use push::PushAck;
pub use webpush::{WebPushKeys, WebPushSubscribe};

use crate::{App, internal};

/// Attempts per delivery before it is logged as failed.
const ATTEMPTS: u32 = 4;
/// First back-off; doubled after each failed attempt.
const BACKOFF: Duration = Duration::from_millis(500);
/// Deliveries in flight at once (pushes, mails, Web Pushes together).
const IN_FLIGHT: usize = 32;

/// Notification state of one node.
pub struct NotifyState {
    keys: OnceLock<keys::ServerKeys>,
    http: reqwest::Client,
    /// user id → (channel on screen, when it was last viewed).
    viewing: Mutex<HashMap<String, (String, i64)>>,
    /// user id → notification e-mails waiting for the user's batch.
    batch: Mutex<HashMap<String, Vec<PendingMail>>>,
    slots: Arc<Semaphore>,
}

impl Default for NotifyState {
    fn default() -> Self {
        Self {
            keys: OnceLock::new(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            viewing: Mutex::new(HashMap::new()),
            batch: Mutex::new(HashMap::new()),
            slots: Arc::new(Semaphore::new(IN_FLIGHT)),
        }
    }
}

/// How one delivery attempt ended.
pub(crate) enum Attempt {
    Done,
    /// Worth another try (network error, 5xx, garbage answer).
    Retry(String),
    /// Final (the other side refused): logged, not retried.
    Fatal(String),
}

/// The mentions `create_post` found, handed to the notification service.
pub(crate) struct PostMentions {
    /// The channel's live members, with their notify props.
    pub roster: Arc<Roster>,
    /// Named in the message (username, key, first name).
    pub explicit: BTreeSet<String>,
    /// Everyone mentioned, channel-wide mentions included (DM partners too).
    pub mentioned: Vec<String>,
}

/// Who gets what for one post, decided once, read by every channel.
pub(crate) struct NotifyPlan {
    pub post: Post,
    pub channel: PostChannel,
    pub sender: User,
    pub recipients: Vec<(User, Decision)>,
}

impl NotifyPlan {
    /// `posted.followers`: thread followers told about a reply (collapsed threads).
    pub fn followers(&self) -> Vec<String> {
        self.recipients
            .iter()
            .filter(|(_, d)| d.follower)
            .map(|(u, _)| u.id.clone())
            .collect()
    }
}

/// Notify props as stored (a JSON object of strings).
pub(crate) type NotifyProps = std::collections::BTreeMap<String, String>;

pub(crate) fn parse_props(json: &str) -> NotifyProps {
    serde_json::from_str(json).unwrap_or_default()
}

impl App {
    /// Loads the server keys, generating and storing them at first start.
    pub(crate) async fn init_notifications(&self) -> AppResult<()> {
        let err = internal("app.system.get.app_error");
        let signing = self
            .store
            .save_system_if_absent(keys::SIGNING_KEY_ROW, &keys::new_signing_row())
            .await
            .map_err(&err)?;
        let vapid = self
            .store
            .save_system_if_absent(keys::VAPID_KEY_ROW, &keys::new_vapid_row())
            .await
            .map_err(&err)?;
        let loaded = keys::ServerKeys::from_rows(&signing, &vapid).ok_or_else(|| {
            AppError::internal("app.system.get.app_error").with_detail("unreadable server keys")
        })?;
        let _ = self.notify.keys.set(loaded);
        Ok(())
    }

    pub(crate) fn server_keys(&self) -> Option<&keys::ServerKeys> {
        self.notify.keys.get()
    }

    /// `AsymmetricSigningPublicKey` of the client config.
    pub(crate) fn signing_public_key(&self) -> String {
        self.server_keys()
            .map(|k| k.signing_public.clone())
            .unwrap_or_default()
    }

    /// Remembers which channel a user has on screen (view, WebSocket `presence`).
    pub fn set_active_channel(&self, user_id: &str, channel_id: &str) {
        let mut m = self
            .notify
            .viewing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if channel_id.is_empty() {
            m.remove(user_id);
        } else {
            m.insert(user_id.to_owned(), (channel_id.to_owned(), now_millis()));
        }
    }

    fn is_viewing(&self, user_id: &str, channel_id: &str, now: i64) -> bool {
        let m = self
            .notify
            .viewing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.get(user_id)
            .is_some_and(|(c, at)| c == channel_id && now - at <= ACTIVE_CHANNEL_TIMEOUT_MS)
    }

    fn crt_enabled(&self) -> bool {
        matches!(
            self.config().service_settings.collapsed_threads.as_str(),
            "always_on" | "default_on"
        )
    }

    /// Decides, for every member of the channel, what a new post brings them.
    pub(crate) async fn plan_notifications(
        &self,
        post: &Post,
        channel: &PostChannel,
        root_author: &str,
        m: &PostMentions,
    ) -> AppResult<NotifyPlan> {
        let ids: Vec<String> = m.roster.user_ids().cloned().collect();
        let followers: BTreeSet<String> = if post.root_id.is_empty() {
            BTreeSet::new()
        } else {
            self.store
                .get_thread_followers(&post.root_id, &ids)
                .await
                .map_err(internal("app.thread.get_membership.app_error"))?
                .into_iter()
                .collect()
        };
        let facts = PostFacts {
            channel_type: channel.channel_type.clone(),
            is_reply: !post.root_id.is_empty(),
            is_system: post.is_system(),
            sender_id: post.user_id.clone(),
            root_author: root_author.to_owned(),
        };
        let now = now_millis();
        let crt = self.crt_enabled();
        let mentioned: BTreeSet<&String> = m.mentioned.iter().collect();
        let member = |i: usize, status: &'static str| {
            let c = &m.roster.candidates[i];
            let (user_props, channel_props) = &m.roster.props[i];
            let explicit = m.explicit.contains(&c.user_id);
            MemberFacts {
                user_id: &c.user_id,
                user_props: Cow::Borrowed(&**user_props),
                channel_props: Cow::Borrowed(&**channel_props),
                status,
                viewing_channel: self.is_viewing(&c.user_id, &post.channel_id, now),
                connected: self.hub.is_connected(&c.user_id),
                explicit_mention: explicit,
                channel_mention: !explicit && mentioned.contains(&c.user_id),
                follows_thread: followers.contains(&c.user_id),
                crt,
                is_bot: false,
                deleted: false,
            }
        };
        // A status only ever holds notifications back, and `offline` holds none back: members
        // who get no push, e-mail or Web Push while offline get none in any status, so only the
        // others' statuses are read (in a large channel, a handful instead of everyone).
        // Deleted users are not among the members; bots are known once the recipients are loaded.
        let mut decided: Vec<(usize, Decision)> = Vec::new();
        for i in 0..m.roster.len() {
            let d = decide(&facts, &member(i, "offline"));
            if d != Decision::default() {
                decided.push((i, d));
            }
        }
        let ask: Vec<String> = decided
            .iter()
            .filter(|(_, d)| d.push || d.email || d.web_push)
            .map(|(i, _)| m.roster.candidates[*i].user_id.clone())
            .collect();
        if !ask.is_empty() {
            let statuses: HashMap<String, String> = self
                .store
                .get_statuses(&ask)
                .await
                .map_err(internal("app.status.get.app_error"))?
                .into_iter()
                .map(|s| (s.user_id, s.status))
                .collect();
            for (i, d) in &mut decided {
                if !(d.push || d.email || d.web_push) {
                    continue;
                }
                let status = statuses
                    .get(&m.roster.candidates[*i].user_id)
                    .map_or("offline", String::as_str);
                *d = decide(
                    &facts,
                    &MemberFacts {
                        status,
                        ..member(*i, "offline")
                    },
                );
            }
            decided.retain(|(_, d)| *d != Decision::default());
        }
        let decided: Vec<(String, Decision)> = decided
            .into_iter()
            .map(|(i, d)| (m.roster.candidates[i].user_id.clone(), d))
            .collect();
        if decided.is_empty() {
            // Nobody to notify (the usual case): no profiles to read. A plan without recipients
            // is never delivered, so its sender is only the author's id.
            return Ok(NotifyPlan {
                post: post.clone(),
                channel: channel.clone(),
                sender: User {
                    id: post.user_id.clone(),
                    ..User::default()
                },
                recipients: Vec::new(),
            });
        }
        let mut wanted: Vec<String> = decided.iter().map(|(id, _)| id.clone()).collect();
        wanted.push(post.user_id.clone());
        let mut users: HashMap<String, User> = self
            .store
            .get_users_by_ids(&wanted)
            .await
            .map_err(internal("app.user.get_profiles.app_error"))?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let sender = match users.get(&post.user_id) {
            Some(u) => u.clone(),
            None => self.get_user_raw(&post.user_id).await?,
        };
        let mut recipients = Vec::with_capacity(decided.len());
        for (id, mut d) in decided {
            let Some(user) = users.remove(&id) else {
                continue;
            };
            if user.is_bot {
                (d.push, d.email, d.web_push) = (false, false, false);
            }
            recipients.push((user, d));
        }
        Ok(NotifyPlan {
            post: post.clone(),
            channel: channel.clone(),
            sender,
            recipients,
        })
    }

    /// Sends what a plan asks for, in the background of `create_post`.
    pub(crate) async fn deliver(self: Arc<Self>, plan: NotifyPlan) {
        let cfg = self.config();
        let plan = Arc::new(plan);
        let team_name = self.team_name(&plan.channel.team_id).await;
        for (user, d) in &plan.recipients {
            if d.push && cfg.email_settings.send_push_notifications {
                self.push_post(&plan, user, d).await;
            }
            if d.email && cfg.email_settings.send_email_notifications {
                self.email_post(&plan, user, &team_name).await;
            }
            if d.web_push {
                self.web_push_post(&plan, user, d).await;
            }
        }
    }

    /// A team's name (URL slug), or empty when there is none.
    pub(crate) async fn team_name(&self, team_id: &str) -> String {
        if team_id.is_empty() {
            return String::new();
        }
        match self.store.get_team(team_id).await {
            Ok(t) => t.name,
            Err(_) => String::new(),
        }
    }

    /// Runs `attempt` until it succeeds, is refused, or [`ATTEMPTS`] tries failed, backing off
    /// between tries; failures are logged with `what`. Holds one of the in-flight slots.
    pub(crate) fn spawn_delivery<F, Fut>(&self, what: String, mut attempt: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Attempt> + Send,
    {
        let slots = Arc::clone(&self.notify.slots);
        tokio::spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else {
                return;
            };
            let mut wait = BACKOFF;
            for n in 1..=ATTEMPTS {
                match attempt().await {
                    Attempt::Done => return,
                    Attempt::Fatal(e) => {
                        tracing::error!(delivery = %what, error = %e, "notification refused");
                        return;
                    }
                    Attempt::Retry(e) if n == ATTEMPTS => {
                        tracing::error!(delivery = %what, error = %e, attempts = n, "notification failed");
                    }
                    Attempt::Retry(e) => {
                        tracing::warn!(delivery = %what, error = %e, attempt = n, "notification retry");
                        tokio::time::sleep(wait).await;
                        wait *= 2;
                    }
                }
            }
        });
    }

    /// After a channel (or thread) is read: clears its push notifications on the user's other
    /// devices and updates their badge.
    pub(crate) fn after_read(
        &self,
        session_id: &str,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) {
        if !self.config().email_settings.send_push_notifications {
            return;
        }
        let (session_id, user_id) = (session_id.to_owned(), user_id.to_owned());
        let (channel_id, root_id) = (channel_id.to_owned(), root_id.to_owned());
        self.spawn_background(move |app| async move {
            app.push_clear(&session_id, &user_id, &channel_id, &root_id)
                .await;
        });
    }
}
