//! Incoming webhooks: CRUD under `/hooks/incoming`, and the public `POST /hooks/{id}` that turns a
//! Slack-style payload (JSON, or `payload=` form data) into a post.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::Channel;
use outpost_model::integration::{IncomingWebhook, IncomingWebhookRequest};
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::webhooks::WebhookFilter;

use super::WebhookPost;
use crate::{App, SessionCtx, internal};

/// `GET /hooks/incoming` filters.
#[derive(Debug, Clone, Default)]
pub struct HookListQuery {
    pub team_id: String,
    pub channel_id: String,
    pub page: i64,
    pub per_page: i64,
}

fn disabled() -> AppError {
    AppError::not_implemented(
        "api.incoming_webhook.disabled.app_error",
        "Incoming webhooks have been disabled by the system admin.",
    )
}

fn hook_not_found() -> AppError {
    AppError::not_found(
        "app.webhooks.get_incoming.app_error",
        "Unable to get the webhook.",
    )
}

fn validate(h: &IncomingWebhook) -> AppResult<()> {
    let too_long = |s: &str, n: usize| s.chars().count() > n;
    let bad = |id: &'static str, msg: &str| AppError::bad_request(id, msg.to_owned());
    if too_long(&h.display_name, 64) {
        return Err(bad(
            "model.incoming_hook.display_name.app_error",
            "Invalid title.",
        ));
    }
    if too_long(&h.description, 500) {
        return Err(bad(
            "model.incoming_hook.description.app_error",
            "Invalid description.",
        ));
    }
    if too_long(&h.username, 255) {
        return Err(bad(
            "model.incoming_hook.username.app_error",
            "Invalid username.",
        ));
    }
    if too_long(&h.icon_url, 1024) {
        return Err(bad(
            "model.incoming_hook.icon_url.app_error",
            "Invalid icon.",
        ));
    }
    if !h.username.is_empty() && !outpost_core::validate::is_valid_username(&h.username) {
        return Err(bad(
            "api.incoming_webhook.invalid_username.app_error",
            "Invalid username.",
        ));
    }
    Ok(())
}

impl App {
    fn require_incoming_enabled(&self) -> AppResult<()> {
        if self.config().service_settings.enable_incoming_webhooks {
            Ok(())
        } else {
            Err(disabled())
        }
    }

    /// The caller may manage hooks in `channel`: own-hook permission on its team, read access
    /// to a private channel.
    async fn require_hook_channel(&self, ctx: &SessionCtx, channel: &Channel) -> AppResult<()> {
        self.require_team_permission(ctx, &channel.team_id, perm::MANAGE_OWN_INCOMING_WEBHOOKS)
            .await?;
        if channel.channel_type != "O" {
            self.require_channel_permission(ctx, &channel.id, perm::READ_CHANNEL_CONTENT)
                .await?;
        }
        Ok(())
    }

    /// `POST /hooks/incoming`.
    pub async fn create_incoming_webhook(
        &self,
        ctx: &SessionCtx,
        mut hook: IncomingWebhook,
    ) -> AppResult<IncomingWebhook> {
        let channel = self.get_channel_raw(&hook.channel_id).await?;
        self.require_hook_channel(ctx, &channel).await?;
        let mut owner = ctx.user_id().to_owned();
        if !hook.user_id.is_empty() && hook.user_id != owner {
            self.require_team_permission(
                ctx,
                &channel.team_id,
                perm::MANAGE_OTHERS_INCOMING_WEBHOOKS,
            )
            .await?;
            owner = self.get_user_raw(&hook.user_id).await?.id;
        }
        self.require_incoming_enabled()?;
        let cfg = self.config();
        if !cfg.service_settings.enable_post_username_override {
            hook.username.clear();
        }
        if !cfg.service_settings.enable_post_icon_override {
            hook.icon_url.clear();
        }
        validate(&hook)?;
        let now = now_millis();
        hook.id = new_id();
        hook.user_id = owner;
        hook.team_id = channel.team_id;
        hook.create_at = now;
        hook.update_at = now;
        hook.delete_at = 0;
        self.store
            .save_incoming_webhook(&hook)
            .await
            .map_err(internal("app.webhooks.save_incoming.app_error"))?;
        Ok(hook)
    }

    /// A hook the caller may manage (403 otherwise), 404 when unknown or deleted.
    async fn managed_incoming(&self, ctx: &SessionCtx, id: &str) -> AppResult<IncomingWebhook> {
        self.require_incoming_enabled()?;
        let hook = match self.store.get_incoming_webhook(id).await {
            Ok(h) => h,
            Err(outpost_store::StoreError::NotFound) => return Err(hook_not_found()),
            Err(e) => return Err(internal("app.webhooks.get_incoming.app_error")(e)),
        };
        let channel = self.get_channel_raw(&hook.channel_id).await?;
        self.require_hook_channel(ctx, &channel).await?;
        if hook.user_id != ctx.user_id() {
            self.require_team_permission(ctx, &hook.team_id, perm::MANAGE_OTHERS_INCOMING_WEBHOOKS)
                .await?;
        }
        Ok(hook)
    }

    /// `GET /hooks/incoming/{id}`.
    pub async fn get_incoming_webhook(
        &self,
        ctx: &SessionCtx,
        id: &str,
    ) -> AppResult<IncomingWebhook> {
        self.managed_incoming(ctx, id).await
    }

    /// `GET /hooks/incoming`: a team's hooks (or every team's for system-wide managers); people
    /// who may not manage others' hooks see their own.
    pub async fn get_incoming_webhooks(
        &self,
        ctx: &SessionCtx,
        q: HookListQuery,
    ) -> AppResult<Vec<IncomingWebhook>> {
        let mut f = WebhookFilter {
            team_id: q.team_id.clone(),
            channel_id: q.channel_id.clone(),
            offset: q.page * q.per_page,
            limit: q.per_page,
            ..WebhookFilter::default()
        };
        let others = if q.team_id.is_empty() {
            self.require_system_permission(ctx, perm::MANAGE_OWN_INCOMING_WEBHOOKS)?;
            self.has_system_permission(ctx, perm::MANAGE_OTHERS_INCOMING_WEBHOOKS)
        } else {
            self.require_team_permission(ctx, &q.team_id, perm::MANAGE_OWN_INCOMING_WEBHOOKS)
                .await?;
            self.has_team_permission(ctx, &q.team_id, perm::MANAGE_OTHERS_INCOMING_WEBHOOKS)
                .await?
        };
        if !others {
            ctx.user_id().clone_into(&mut f.user_id);
        }
        self.require_incoming_enabled()?;
        self.store
            .get_incoming_webhooks(&f)
            .await
            .map_err(internal("app.webhooks.get_incoming_by_user.app_error"))
    }

    /// `PUT /hooks/incoming/{id}`: display name, description, channel (same team), username,
    /// icon and channel lock.
    pub async fn update_incoming_webhook(
        &self,
        ctx: &SessionCtx,
        id: &str,
        new: IncomingWebhook,
    ) -> AppResult<IncomingWebhook> {
        if new.id != id {
            return Err(AppError::invalid_body_param("hook_id"));
        }
        let old = self.managed_incoming(ctx, id).await?;
        let mut hook = old.clone();
        if new.channel_id != old.channel_id && !new.channel_id.is_empty() {
            let channel = self.get_channel_raw(&new.channel_id).await?;
            if channel.team_id != old.team_id {
                return Err(AppError::bad_request(
                    "api.webhook.team_mismatch.app_error",
                    "Unable to update webhook across teams.",
                ));
            }
            self.require_hook_channel(ctx, &channel).await?;
            hook.channel_id = channel.id;
        }
        let cfg = self.config();
        hook.display_name = new.display_name;
        hook.description = new.description;
        hook.channel_locked = new.channel_locked;
        if cfg.service_settings.enable_post_username_override {
            hook.username = new.username;
        }
        if cfg.service_settings.enable_post_icon_override {
            hook.icon_url = new.icon_url;
        }
        validate(&hook)?;
        hook.update_at = now_millis();
        self.store
            .update_incoming_webhook(&hook)
            .await
            .map_err(internal("app.webhooks.update_incoming.app_error"))?;
        Ok(hook)
    }

    /// `DELETE /hooks/incoming/{id}`.
    pub async fn delete_incoming_webhook(&self, ctx: &SessionCtx, id: &str) -> AppResult<()> {
        let hook = self.managed_incoming(ctx, id).await?;
        self.store
            .delete_incoming_webhook(&hook.id, now_millis())
            .await
            .map_err(internal("app.webhooks.delete_incoming.app_error"))
    }

    /// `POST /hooks/{id}`: the body is JSON, or a form whose `payload` field holds the JSON.
    pub async fn handle_incoming_webhook(
        &self,
        hook_id: &str,
        content_type: &str,
        body: &[u8],
    ) -> AppResult<()> {
        if !self.config().service_settings.enable_incoming_webhooks {
            return Err(AppError::not_implemented(
                "web.incoming_webhook.disabled.app_error",
                "Incoming webhooks have been disabled by the system admin.",
            ));
        }
        let max = self.config().service_settings.maximum_payload_size_bytes;
        if i64::try_from(body.len()).is_ok_and(|len| len > max) {
            return Err(AppError::new(
                413,
                "api.context.request_body_too_large.app_error",
                "The request body is too large.",
            ));
        }
        let req = parse_request(content_type, body)?;
        if req.text.is_empty() && req.attachments.is_none() {
            return Err(AppError::bad_request(
                "web.incoming_webhook.text.app_error",
                "No text specified.",
            ));
        }
        // Unknown and deleted hooks look the same: nothing tells whether an id ever existed.
        let hook = if is_valid_id(hook_id) {
            self.store.get_incoming_webhook(hook_id).await.ok()
        } else {
            None
        };
        let Some(hook) = hook else {
            return Err(AppError::not_found(
                "web.incoming_webhook.invalid.app_error",
                "Invalid webhook.",
            ));
        };
        let ctx = self.acting_as(&hook.user_id).await?;
        let channel = self.webhook_target(&ctx, &hook, &req.channel_name).await?;
        if hook.channel_locked && hook.channel_id != channel.id {
            return Err(AppError::forbidden(
                "web.incoming_webhook.channel_locked.app_error",
                "This webhook is not permitted to post to the requested channel.",
            ));
        }
        if channel.channel_type != "O"
            && !self
                .has_channel_permission(&ctx, &channel.id, perm::READ_CHANNEL_CONTENT)
                .await?
        {
            return Err(AppError::forbidden(
                "web.incoming_webhook.permissions.app_error",
                "Inappropriate channel permissions.",
            ));
        }
        let mut props = req.props;
        props.insert("webhook_display_name".into(), hook.display_name.into());
        let post = WebhookPost {
            channel_id: channel.id,
            text: req.text,
            username: if req.username.is_empty() {
                hook.username
            } else {
                req.username
            },
            icon_url: if req.icon_url.is_empty() {
                hook.icon_url
            } else {
                req.icon_url
            },
            icon_emoji: req.icon_emoji,
            props,
            attachments: req
                .attachments
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .collect(),
            post_type: req.post_type,
            priority: req.priority,
            ..WebhookPost::default()
        };
        self.create_webhook_post(&ctx, post).await.map(|_| ())
    }

    /// The channel a payload goes to: the hook's, or its `channel` override (`name`, `#name`, or
    /// `@username` for a direct message with the hook's owner).
    async fn webhook_target(
        &self,
        ctx: &SessionCtx,
        hook: &IncomingWebhook,
        name: &str,
    ) -> AppResult<Channel> {
        if name.is_empty() {
            return self.get_channel_raw(&hook.channel_id).await;
        }
        if let Some(username) = name.strip_prefix('@') {
            let user = self
                .store
                .get_user_by_username(&username.to_lowercase())
                .await
                .map_err(|_| {
                    AppError::bad_request(
                        "web.incoming_webhook.user.app_error",
                        "Couldn't find the user.",
                    )
                })?;
            let ids = [hook.user_id.clone(), user.id];
            return self.create_direct_channel(ctx, &ids).await;
        }
        let bare = name.strip_prefix('#').unwrap_or(name);
        self.store
            .get_channel_by_name(&hook.team_id, bare, true)
            .await
            .map_err(|_| {
                AppError::not_found(
                    "web.incoming_webhook.channel.app_error",
                    "Couldn't find the channel.",
                )
            })
    }
}

/// Decodes `POST /hooks/{id}`'s body: `payload=` form data (Slack style), or JSON.
fn parse_request(content_type: &str, body: &[u8]) -> AppResult<IncomingWebhookRequest> {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json: std::borrow::Cow<'_, [u8]> = if media == "application/x-www-form-urlencoded" {
        let payload = url::form_urlencoded::parse(body)
            .find(|(k, _)| k == "payload")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        std::borrow::Cow::Owned(payload.into_bytes())
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let parse_error = |detail: String| {
        AppError::bad_request(
            "api.webhook.incoming.error",
            "Could not decode the multipart payload of incoming webhook.",
        )
        .with_detail(detail)
    };
    let mut value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|e| parse_error(e.to_string()))?;
    if let Some(m) = value.as_object_mut() {
        m.retain(|k, v| !v.is_null() || k == "attachments");
    }
    if !value.is_object() {
        return Err(parse_error("the payload is not a JSON object".to_owned()));
    }
    serde_json::from_value(value).map_err(|e| parse_error(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn payload_forms() {
        let r = super::parse_request(
            "application/x-www-form-urlencoded",
            b"payload=%7B%22text%22%3A%22hi%22%2C%22channel%22%3A%22town-square%22%7D",
        )
        .unwrap_or_default();
        assert_eq!(
            (r.text.as_str(), r.channel_name.as_str()),
            ("hi", "town-square")
        );
        assert!(super::parse_request("application/json", b"{nope").is_err());
        assert!(super::parse_request("application/json", b"[1]").is_err());
        assert!(super::parse_request("application/json", br#"{"attachments": "x"}"#).is_err());
    }
}
