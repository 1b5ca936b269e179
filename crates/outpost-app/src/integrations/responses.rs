//! What commands answer: posts in the channel or ephemeral messages (with `extra_responses`),
//! and delayed answers through a command's `response_url` (`POST /hooks/commands/{id}`).

use outpost_core::{AppError, AppResult};
use outpost_model::integration::{Command, CommandResponse};
use outpost_model::post::Post;
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::StoreError;

use super::WebhookPost;
use super::commands::Execution;
use crate::{App, SessionCtx, internal};

/// How long a `response_url` may be used, and how often (Mattermost: 30 minutes, 5 times).
const RESPONSE_URL_TTL_MS: i64 = 30 * 60 * 1000;
const RESPONSE_URL_USES: i32 = 5;

/// An integration's answer: JSON when it says so, plain text otherwise.
pub(crate) fn parse_response(content_type: &str, body: &[u8]) -> AppResult<CommandResponse> {
    if content_type.contains("application/json") {
        serde_json::from_slice(body).map_err(|e| {
            AppError::internal("api.command.execute_command.failed.app_error")
                .with_detail(format!("invalid JSON response: {e}"))
        })
    } else {
        Ok(CommandResponse {
            text: String::from_utf8_lossy(body).into_owned(),
            ..CommandResponse::default()
        })
    }
}

impl App {
    /// Posts a command's response and its `extra_responses`: in the channel, or as ephemeral
    /// messages only the caller sees. Custom commands post as integrations (`from_webhook`).
    pub(crate) async fn handle_command_response(
        &self,
        ctx: &SessionCtx,
        cmd: Option<&Command>,
        exec: &Execution,
        resp: &CommandResponse,
    ) -> AppResult<()> {
        let mut all = vec![resp.clone()];
        all.extend(resp.extra_responses.iter().cloned());
        for r in all {
            if r.text.is_empty() && r.attachments.is_empty() {
                continue;
            }
            let channel_id = if r.channel_id.is_empty() {
                exec.channel_id.clone()
            } else {
                r.channel_id.clone()
            };
            if r.response_type == "in_channel" {
                self.command_post(ctx, cmd, exec, &r, channel_id).await?;
            } else {
                self.command_ephemeral(cmd, exec, &r, channel_id).await;
            }
        }
        Ok(())
    }

    async fn command_post(
        &self,
        ctx: &SessionCtx,
        cmd: Option<&Command>,
        exec: &Execution,
        r: &CommandResponse,
        channel_id: String,
    ) -> AppResult<Post> {
        match cmd {
            Some(cmd) => {
                let post = WebhookPost {
                    channel_id,
                    root_id: exec.root_id.clone(),
                    text: r.text.clone(),
                    username: first_set(&r.username, &cmd.username),
                    icon_url: first_set(&r.icon_url, &cmd.icon_url),
                    props: r.props.clone(),
                    attachments: r.attachments.clone(),
                    post_type: r.post_type.clone(),
                    ..WebhookPost::default()
                };
                self.create_webhook_post(ctx, post).await
            }
            None => {
                let post = Post {
                    channel_id,
                    root_id: exec.root_id.clone(),
                    message: r.text.clone(),
                    post_type: r.post_type.clone(),
                    props: r.props.clone(),
                    ..Post::default()
                };
                self.create_integration_post(ctx, post).await
            }
        }
    }

    async fn command_ephemeral(
        &self,
        cmd: Option<&Command>,
        exec: &Execution,
        r: &CommandResponse,
        channel_id: String,
    ) {
        let mut props = r.props.clone();
        if !r.attachments.is_empty() {
            let mut attachments = r.attachments.clone();
            super::slack::process_attachments(&mut attachments);
            props.insert(
                "attachments".into(),
                serde_json::to_value(&attachments).unwrap_or_default(),
            );
        }
        if let Some(cmd) = cmd {
            props.insert("from_webhook".into(), "true".into());
            let name = first_set(&r.username, &cmd.username);
            if !name.is_empty() && self.config().service_settings.enable_post_username_override {
                props.insert("override_username".into(), name.into());
            }
        }
        let post = Post {
            channel_id,
            root_id: exec.root_id.clone(),
            user_id: exec.user_id.clone(),
            message: super::slack::process_text(&r.text),
            props,
            ..Post::default()
        };
        self.send_ephemeral(&exec.user_id, post).await;
    }

    /// An ephemeral post: sent to one user's connections, never stored.
    pub(crate) async fn send_ephemeral(&self, user_id: &str, mut post: Post) {
        let now = now_millis();
        post.id = new_id();
        post.create_at = now;
        post.update_at = now;
        post.post_type = "system_ephemeral".to_owned();
        let ev = outpost_realtime::Event::new("ephemeral_message")
            .with("post", serde_json::to_string(&post).unwrap_or_default())
            .for_channel(&post.channel_id)
            .for_user(user_id);
        self.emit(ev, crate::events::Audience::User(user_id)).await;
    }

    /// `POST /hooks/commands/{id}`: a delayed answer through a command's `response_url`.
    pub async fn handle_command_webhook(
        &self,
        hook_id: &str,
        content_type: &str,
        body: &[u8],
    ) -> AppResult<()> {
        let resp = parse_response(content_type, body).map_err(|_| {
            AppError::bad_request(
                "web.command_webhook.parse.app_error",
                "Unable to parse incoming data.",
            )
        })?;
        let since = now_millis() - RESPONSE_URL_TTL_MS;
        let hook = if is_valid_id(hook_id) {
            self.store
                .use_command_webhook(hook_id, since, RESPONSE_URL_USES)
                .await
        } else {
            Err(StoreError::NotFound)
        };
        let hook = match hook {
            Ok(h) => h,
            Err(StoreError::NotFound) => {
                return Err(AppError::not_found(
                    "app.command_webhook.get.missing",
                    "Unable to find the webhook.",
                ));
            }
            Err(StoreError::Conflict(_)) => {
                return Err(AppError::bad_request(
                    "app.command_webhook.try_use.invalid",
                    "Invalid webhook.",
                ));
            }
            Err(e) => return Err(internal("app.command_webhook.get.internal_error")(e)),
        };
        let cmd = self
            .store
            .get_command(&hook.command_id)
            .await
            .map_err(|_| {
                AppError::bad_request(
                    "web.command_webhook.command.app_error",
                    "Couldn't find the command.",
                )
            })?;
        let ctx = self.acting_as(&hook.user_id).await?;
        let exec = Execution {
            user_id: hook.user_id,
            channel_id: hook.channel_id,
            team_id: cmd.team_id.clone(),
            root_id: hook.root_id,
            ..Execution::default()
        };
        self.handle_command_response(&ctx, Some(&cmd), &exec, &resp)
            .await
    }
}

fn first_set(a: &str, b: &str) -> String {
    if a.is_empty() { b } else { a }.to_owned()
}
