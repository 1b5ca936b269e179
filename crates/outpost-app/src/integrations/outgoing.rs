//! Outgoing webhooks: CRUD under `/hooks/outgoing`, and, after a post in a public channel, a POST
//! (JSON or form) to every matching hook's callback URLs; an answer with text or attachments
//! becomes a post (a reply in the thread with `response_type: "comment"`).

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::integration::{OutgoingWebhook, OutgoingWebhookResponse};
use outpost_model::post::Post;
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::webhooks::WebhookFilter;

use super::WebhookPost;
use super::incoming::HookListQuery;
use super::outbound::OutboundBody;
use crate::{App, SessionCtx, internal};

fn disabled() -> AppError {
    AppError::not_implemented(
        "api.outgoing_webhook.disabled.app_error",
        "Outgoing webhooks have been disabled by the system admin.",
    )
}

fn validate(h: &OutgoingWebhook) -> AppResult<()> {
    let bad = |id: &'static str, msg: &str| AppError::bad_request(id, msg.to_owned());
    if h.callback_urls.is_empty()
        || h.callback_urls
            .iter()
            .any(|u| !url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
        || serde_json::to_string(&h.callback_urls).map_or(0, |s| s.len()) > 1024
    {
        return Err(bad(
            "model.outgoing_hook.is_valid.callback.app_error",
            "Invalid callback urls.",
        ));
    }
    if h.trigger_words.iter().any(|w| w.trim().is_empty())
        || serde_json::to_string(&h.trigger_words).map_or(0, |s| s.len()) > 1024
    {
        return Err(bad(
            "model.outgoing_hook.is_valid.words.app_error",
            "Invalid trigger words.",
        ));
    }
    if h.trigger_when != 0 && h.trigger_when != 1 {
        return Err(bad(
            "model.outgoing_hook.is_valid.trigger_when.app_error",
            "Invalid trigger when.",
        ));
    }
    if !matches!(
        h.content_type.as_str(),
        "" | "application/json" | "application/x-www-form-urlencoded"
    ) {
        return Err(bad(
            "model.outgoing_hook.is_valid.content_type.app_error",
            "Invalid content type.",
        ));
    }
    for (v, max, id) in [
        (
            &h.display_name,
            64,
            "model.outgoing_hook.is_valid.display_name.app_error",
        ),
        (
            &h.description,
            500,
            "model.outgoing_hook.is_valid.description.app_error",
        ),
        (&h.username, 64, "model.outgoing_hook.username.app_error"),
        (&h.icon_url, 1024, "model.outgoing_hook.icon_url.app_error"),
    ] {
        if v.chars().count() > max {
            return Err(bad(id, "Invalid value."));
        }
    }
    Ok(())
}

/// The trigger word a message's first word fires, if any (`None`: the hook does not fire).
fn matching_trigger(hook: &OutgoingWebhook, channel_id: &str, message: &str) -> Option<String> {
    if !hook.channel_id.is_empty() && hook.channel_id != channel_id {
        return None;
    }
    if !hook.channel_id.is_empty() && hook.trigger_words.is_empty() {
        return Some(String::new());
    }
    let first = message.split_whitespace().next()?;
    hook.trigger_words
        .iter()
        .find(|w| {
            if hook.trigger_when == 1 {
                first.starts_with(w.as_str())
            } else {
                first == w.as_str()
            }
        })
        .cloned()
}

impl App {
    fn require_outgoing_enabled(&self) -> AppResult<()> {
        if self.config().service_settings.enable_outgoing_webhooks {
            Ok(())
        } else {
            Err(disabled())
        }
    }

    /// Checks a hook's channel (public, in the hook's team) or, without one, its trigger words.
    async fn check_outgoing_target(&self, h: &OutgoingWebhook) -> AppResult<()> {
        if h.channel_id.is_empty() {
            if h.trigger_words.is_empty() {
                return Err(AppError::bad_request(
                    "api.webhook.create_outgoing.triggers.app_error",
                    "Either trigger_words or channel_id must be set.",
                ));
            }
            return Ok(());
        }
        let channel = self.get_channel_raw(&h.channel_id).await?;
        if channel.channel_type != "O" {
            return Err(AppError::forbidden(
                "api.webhook.create_outgoing.not_open.app_error",
                "Outgoing webhooks can only be created for public channels.",
            ));
        }
        if channel.team_id != h.team_id {
            return Err(AppError::forbidden(
                "api.webhook.create_outgoing.permissions.app_error",
                "Invalid permissions to create outgoing webhook.",
            ));
        }
        Ok(())
    }

    async fn check_no_overlap(&self, h: &OutgoingWebhook) -> AppResult<()> {
        let all = self
            .store
            .get_outgoing_webhooks(&WebhookFilter {
                team_id: h.team_id.clone(),
                ..WebhookFilter::default()
            })
            .await
            .map_err(internal("app.webhooks.get_outgoing_by_team.app_error"))?;
        let clash = all.iter().any(|o| {
            o.id != h.id
                && o.channel_id == h.channel_id
                && o.callback_urls.iter().any(|u| h.callback_urls.contains(u))
                && o.trigger_words.iter().any(|w| h.trigger_words.contains(w))
        });
        if clash {
            return Err(AppError::bad_request(
                "api.webhook.create_outgoing.intersect.app_error",
                "Outgoing webhooks from the same channel cannot have the same trigger words/callback URLs.",
            ));
        }
        Ok(())
    }

    /// `POST /hooks/outgoing`.
    pub async fn create_outgoing_webhook(
        &self,
        ctx: &SessionCtx,
        mut hook: OutgoingWebhook,
    ) -> AppResult<OutgoingWebhook> {
        if !hook.channel_id.is_empty() && hook.team_id.is_empty() {
            hook.team_id = self.get_channel_raw(&hook.channel_id).await?.team_id;
        }
        if !is_valid_id(&hook.team_id) {
            return Err(AppError::invalid_body_param("team_id"));
        }
        self.require_team_permission(ctx, &hook.team_id, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)
            .await?;
        self.require_outgoing_enabled()?;
        validate(&hook)?;
        self.check_outgoing_target(&hook).await?;
        self.check_no_overlap(&hook).await?;
        let now = now_millis();
        hook.id = new_id();
        hook.token = new_id();
        hook.creator_id = ctx.user_id().to_owned();
        hook.create_at = now;
        hook.update_at = now;
        hook.delete_at = 0;
        self.store
            .save_outgoing_webhook(&hook)
            .await
            .map_err(internal("app.webhooks.save_outgoing.app_error"))?;
        Ok(hook)
    }

    async fn managed_outgoing(&self, ctx: &SessionCtx, id: &str) -> AppResult<OutgoingWebhook> {
        self.require_outgoing_enabled()?;
        let hook = match self.store.get_outgoing_webhook(id).await {
            Ok(h) => h,
            Err(StoreError::NotFound) => {
                return Err(AppError::not_found(
                    "app.webhooks.get_outgoing.app_error",
                    "Unable to get the webhook.",
                ));
            }
            Err(e) => return Err(internal("app.webhooks.get_outgoing.app_error")(e)),
        };
        self.require_team_permission(ctx, &hook.team_id, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)
            .await?;
        if hook.creator_id != ctx.user_id() {
            self.require_team_permission(ctx, &hook.team_id, perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS)
                .await?;
        }
        Ok(hook)
    }

    /// `GET /hooks/outgoing/{id}`.
    pub async fn get_outgoing_webhook(
        &self,
        ctx: &SessionCtx,
        id: &str,
    ) -> AppResult<OutgoingWebhook> {
        self.managed_outgoing(ctx, id).await
    }

    /// `GET /hooks/outgoing?team_id=&channel_id=`.
    pub async fn get_outgoing_webhooks(
        &self,
        ctx: &SessionCtx,
        q: HookListQuery,
    ) -> AppResult<Vec<OutgoingWebhook>> {
        let mut team_id = q.team_id.clone();
        if !q.channel_id.is_empty() {
            team_id = self.get_channel_raw(&q.channel_id).await?.team_id;
        }
        let others = if team_id.is_empty() {
            self.require_system_permission(ctx, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)?;
            self.has_system_permission(ctx, perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS)
        } else {
            self.require_team_permission(ctx, &team_id, perm::MANAGE_OWN_OUTGOING_WEBHOOKS)
                .await?;
            self.has_team_permission(ctx, &team_id, perm::MANAGE_OTHERS_OUTGOING_WEBHOOKS)
                .await?
        };
        self.require_outgoing_enabled()?;
        let f = WebhookFilter {
            team_id,
            channel_id: q.channel_id,
            user_id: if others {
                String::new()
            } else {
                ctx.user_id().to_owned()
            },
            offset: q.page * q.per_page,
            limit: q.per_page,
        };
        self.store
            .get_outgoing_webhooks(&f)
            .await
            .map_err(internal("app.webhooks.get_outgoing_by_team.app_error"))
    }

    /// `PUT /hooks/outgoing/{id}`.
    pub async fn update_outgoing_webhook(
        &self,
        ctx: &SessionCtx,
        id: &str,
        new: OutgoingWebhook,
    ) -> AppResult<OutgoingWebhook> {
        if new.id != id {
            return Err(AppError::invalid_body_param("hook_id"));
        }
        let old = self.managed_outgoing(ctx, id).await?;
        let hook = OutgoingWebhook {
            id: old.id.clone(),
            token: old.token.clone(),
            create_at: old.create_at,
            update_at: now_millis(),
            delete_at: 0,
            creator_id: old.creator_id.clone(),
            team_id: old.team_id.clone(),
            ..new
        };
        validate(&hook)?;
        self.check_outgoing_target(&hook).await?;
        self.check_no_overlap(&hook).await?;
        self.store
            .update_outgoing_webhook(&hook)
            .await
            .map_err(internal("app.webhooks.update_outgoing.app_error"))?;
        Ok(hook)
    }

    /// `DELETE /hooks/outgoing/{id}`.
    pub async fn delete_outgoing_webhook(&self, ctx: &SessionCtx, id: &str) -> AppResult<()> {
        let hook = self.managed_outgoing(ctx, id).await?;
        self.store
            .delete_outgoing_webhook(&hook.id, now_millis())
            .await
            .map_err(internal("app.webhooks.delete_outgoing.app_error"))
    }

    /// `POST /hooks/outgoing/{id}/regen_token`.
    pub async fn regen_outgoing_webhook_token(
        &self,
        ctx: &SessionCtx,
        id: &str,
    ) -> AppResult<OutgoingWebhook> {
        let mut hook = self.managed_outgoing(ctx, id).await?;
        hook.token = new_id();
        hook.update_at = now_millis();
        self.store
            .update_outgoing_webhook(&hook)
            .await
            .map_err(internal("app.webhooks.update_outgoing.app_error"))?;
        Ok(hook)
    }

    /// Calls the hooks a new post in a public channel triggers, in the background; failures are
    /// logged. Each callback is called once: nothing is retried, so nothing posts twice. Boxed
    /// because an answer is itself a post, which may fire hooks again (a recursive future).
    pub(crate) fn fire_outgoing_webhooks(
        self: std::sync::Arc<Self>,
        post: Post,
        team_id: String,
        channel_name: String,
        username: String,
    ) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(async move {
            self.fire_matching(post, team_id, channel_name, username)
                .await;
        })
    }

    async fn fire_matching(
        &self,
        post: Post,
        team_id: String,
        channel_name: String,
        username: String,
    ) {
        if !self.config().service_settings.enable_outgoing_webhooks {
            return;
        }
        match self.store.any_outgoing_webhooks().await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                tracing::warn!(error = %e, "outgoing webhooks unavailable");
                return;
            }
        }
        let filter = WebhookFilter {
            team_id: team_id.clone(),
            ..WebhookFilter::default()
        };
        let hooks = match self.store.get_outgoing_webhooks(&filter).await {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(error = %e, "outgoing webhooks unavailable");
                return;
            }
        };
        // Most teams have no outgoing webhooks: the team is read only when one exists.
        if hooks.is_empty() {
            return;
        }
        let team_domain = self.team_name_of(&team_id).await;
        for hook in hooks {
            let Some(trigger_word) = matching_trigger(&hook, &post.channel_id, &post.message)
            else {
                continue;
            };
            let fields = [
                ("token", hook.token.clone()),
                ("team_id", hook.team_id.clone()),
                ("team_domain", team_domain.clone()),
                ("channel_id", post.channel_id.clone()),
                ("channel_name", channel_name.clone()),
                ("timestamp", post.create_at.to_string()),
                ("user_id", post.user_id.clone()),
                ("user_name", username.clone()),
                ("post_id", post.id.clone()),
                ("text", post.message.clone()),
                ("trigger_word", trigger_word),
                ("file_ids", post.file_ids.join(",")),
            ];
            for url in &hook.callback_urls {
                self.call_outgoing(&hook, url, &fields, &post).await;
            }
        }
    }

    async fn team_name_of(&self, team_id: &str) -> String {
        self.store
            .get_team(team_id)
            .await
            .map(|t| t.name)
            .unwrap_or_default()
    }

    async fn call_outgoing(
        &self,
        hook: &OutgoingWebhook,
        url: &str,
        fields: &[(&str, String)],
        post: &Post,
    ) {
        let body = if hook.content_type == "application/json" {
            let map: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|(k, v)| {
                    let v = if *k == "timestamp" {
                        serde_json::json!(post.create_at)
                    } else {
                        serde_json::json!(v)
                    };
                    ((*k).to_owned(), v)
                })
                .collect();
            OutboundBody::Json(serde_json::to_vec(&map).unwrap_or_default())
        } else {
            OutboundBody::Form(
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(fields.iter().map(|(k, v)| (*k, v.as_str())))
                    .finish(),
            )
        };
        let cfg = self.config();
        let res = self
            .outbound
            .send(
                reqwest::Method::POST,
                url,
                body,
                &[("Accept", "application/json".to_owned())],
                &cfg.service_settings.allowed_untrusted_internal_connections,
                cfg.service_settings.outgoing_integration_requests_timeout,
            )
            .await;
        let res = match res {
            Ok(r) if (200..300).contains(&r.status) => r,
            Ok(r) => {
                tracing::warn!(hook = %hook.id, status = r.status, "outgoing webhook answered an error");
                return;
            }
            Err(e) => {
                tracing::warn!(hook = %hook.id, error = %e, "outgoing webhook request failed");
                return;
            }
        };
        if res.body.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let answer: OutgoingWebhookResponse = match serde_json::from_slice(&res.body) {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(hook = %hook.id, error = %e, "outgoing webhook answered garbage");
                return;
            }
        };
        if let Err(e) = self.post_outgoing_answer(hook, post, answer).await {
            tracing::warn!(hook = %hook.id, error = %e.id, "outgoing webhook answer not posted");
        }
    }

    async fn post_outgoing_answer(
        &self,
        hook: &OutgoingWebhook,
        post: &Post,
        answer: OutgoingWebhookResponse,
    ) -> AppResult<()> {
        if answer.text.is_none() && answer.attachments.is_empty() {
            return Ok(());
        }
        let mut props = answer.props;
        props.insert(
            "webhook_display_name".into(),
            hook.display_name.clone().into(),
        );
        let root_id = if answer.response_type == "comment" {
            if post.root_id.is_empty() {
                post.id.clone()
            } else {
                post.root_id.clone()
            }
        } else {
            String::new()
        };
        let ctx = self.acting_as(&hook.creator_id).await?;
        let out = WebhookPost {
            channel_id: post.channel_id.clone(),
            root_id,
            text: answer.text.unwrap_or_default(),
            username: if answer.username.is_empty() {
                hook.username.clone()
            } else {
                answer.username
            },
            icon_url: if answer.icon_url.is_empty() {
                hook.icon_url.clone()
            } else {
                answer.icon_url
            },
            props,
            attachments: answer.attachments,
            post_type: answer.post_type,
            ..WebhookPost::default()
        };
        self.create_webhook_post(&ctx, out).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_matching() {
        let mut h = OutgoingWebhook {
            trigger_words: vec!["deploy".into(), "build".into()],
            ..OutgoingWebhook::default()
        };
        assert_eq!(
            matching_trigger(&h, "c", "deploy now"),
            Some("deploy".into())
        );
        assert_eq!(matching_trigger(&h, "c", "deployment now"), None);
        assert_eq!(matching_trigger(&h, "c", "please deploy"), None);
        h.trigger_when = 1;
        assert_eq!(
            matching_trigger(&h, "c", "deployment now"),
            Some("deploy".into())
        );
        h.channel_id = "c".into();
        assert_eq!(matching_trigger(&h, "d", "deploy"), None);
        h.trigger_words.clear();
        assert_eq!(matching_trigger(&h, "c", "anything"), Some(String::new()));
    }
}
