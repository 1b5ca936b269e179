//! Integrations: incoming and outgoing webhooks, slash commands (built-in and custom), bots,
//! interactive messages. Posts they make go through [`App::create_integration_post`], the only
//! path that may set the reserved props (`from_webhook`, `override_username`, …).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use outpost_core::{AppError, AppResult};
use outpost_model::integration::MessageAttachment;
use outpost_model::post::Post;
use outpost_model::user::Session;
use serde_json::Value;

use crate::{App, SessionCtx};

pub mod actions;
pub mod bot_icons;
pub mod bots;
mod builtin;
pub mod commands;
pub mod incoming;
pub mod outbound;
pub mod outgoing;
mod responses;
pub mod slack;

/// The username shown on webhook posts when overriding is on and the hook names none
/// (Mattermost's `DefaultWebhookUsername`).
const DEFAULT_WEBHOOK_USERNAME: &str = "webhook";

/// A post an integration makes (Mattermost's `CreateWebhookPost` arguments).
#[derive(Debug, Clone, Default)]
pub(crate) struct WebhookPost {
    pub channel_id: String,
    pub root_id: String,
    pub text: String,
    pub username: String,
    pub icon_url: String,
    pub icon_emoji: String,
    pub props: BTreeMap<String, Value>,
    pub attachments: Vec<MessageAttachment>,
    pub post_type: String,
    /// `priority` of the payload (`{priority, requested_ack, persistent_notifications}`).
    pub priority: Option<Value>,
}

/// How long a `trigger_id` (handed to a command or action, for opening a dialog) stays valid.
const TRIGGER_TTL: Duration = Duration::from_secs(180);

/// Trigger ids handed out, → the user they were made for and when.
#[derive(Default)]
pub struct Triggers {
    issued: Mutex<HashMap<String, (String, Instant)>>,
}

impl App {
    /// A new `trigger_id` for `user_id`; an integration that gets one may open a dialog for
    /// that user once, within a few minutes.
    pub(crate) fn new_trigger_id(&self, user_id: &str) -> String {
        let id = outpost_model::new_id();
        let mut m = self
            .triggers
            .issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.retain(|_, (_, at)| at.elapsed() < TRIGGER_TTL);
        m.insert(id.clone(), (user_id.to_owned(), Instant::now()));
        id
    }

    /// Uses up a `trigger_id`; the user it was made for, if it is known and fresh.
    pub(crate) fn take_trigger(&self, trigger_id: &str) -> Option<String> {
        let mut m = self
            .triggers
            .issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.remove(trigger_id)
            .filter(|(_, at)| at.elapsed() < TRIGGER_TTL)
            .map(|(user, _)| user)
    }

    /// The server's public URL: `SiteURL`, or the address a request came in on.
    pub fn public_origin(&self, host: &str) -> String {
        let site = self.config().service_settings.site_url.clone();
        if site.is_empty() {
            format!("http://{host}")
        } else {
            site.trim_end_matches('/').to_owned()
        }
    }

    /// A request context acting as `user_id` with their system roles, for work an integration
    /// does on its owner's behalf.
    pub(crate) async fn acting_as(&self, user_id: &str) -> AppResult<SessionCtx> {
        let user = self.get_user_raw(user_id).await?;
        if user.delete_at != 0 {
            return Err(AppError::forbidden(
                "web.incoming_webhook.user.app_error",
                "Couldn't find the user.",
            ));
        }
        Ok(SessionCtx {
            session: Session {
                user_id: user.id,
                roles: user.roles,
                ..Session::default()
            },
        })
    }

    /// Posts as an integration: `from_webhook`, the override name and icon when the settings
    /// allow them, the attachments in `props.attachments` (type `slack_attachment`).
    pub(crate) async fn create_webhook_post(
        &self,
        ctx: &SessionCtx,
        mut p: WebhookPost,
    ) -> AppResult<Post> {
        if p.post_type.starts_with("system_") {
            return Err(AppError::bad_request(
                "api.context.invalid_param.app_error",
                "Invalid post.type parameter.",
            ));
        }
        let cfg = self.config();
        let mut props: BTreeMap<String, Value> = p
            .props
            .into_iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "override_icon_url" | "override_username" | "from_webhook" | "attachments"
                )
            })
            .collect();
        props.insert("from_webhook".into(), "true".into());
        if cfg.service_settings.enable_post_username_override {
            let name = if p.username.is_empty() {
                DEFAULT_WEBHOOK_USERNAME.to_owned()
            } else {
                p.username
            };
            props.insert("override_username".into(), name.into());
        }
        if cfg.service_settings.enable_post_icon_override {
            if !p.icon_url.is_empty() {
                props.insert("override_icon_url".into(), p.icon_url.into());
            }
            if !p.icon_emoji.is_empty() {
                props.insert("override_icon_emoji".into(), p.icon_emoji.into());
            }
        }
        if !p.attachments.is_empty() {
            slack::process_attachments(&mut p.attachments);
            if p.post_type.is_empty() {
                p.post_type = "slack_attachment".to_owned();
            }
            props.insert(
                "attachments".into(),
                serde_json::to_value(&p.attachments).unwrap_or(Value::Null),
            );
        }
        let post = Post {
            channel_id: p.channel_id,
            root_id: p.root_id,
            message: slack::process_text(&p.text),
            post_type: p.post_type,
            props,
            metadata: p.priority.map(|pr| serde_json::json!({ "priority": pr })),
            ..Post::default()
        };
        self.create_integration_post(ctx, post).await
    }
}
