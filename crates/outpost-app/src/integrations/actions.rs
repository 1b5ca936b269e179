//! Interactive messages: buttons and menus in attachments (`POST /posts/{id}/actions/{action_id}`
//! calls the action's integration and applies its answer), and interactive dialogs (opened by an
//! integration with a `trigger_id`, submitted by the user to the integration).

use std::collections::BTreeMap;

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::integration::{
    DoPostActionRequest, MessageAttachment, OpenDialogRequest, PostAction,
    PostActionIntegrationResponse, SubmitDialogRequest,
};
use outpost_model::post::Post;
use outpost_model::{is_valid_id, now_millis};
use serde_json::Value;

use super::outbound::OutboundBody;
use crate::{App, SessionCtx, internal};

/// Props an action's update may not change.
const KEPT_PROPS: &[&str] = &[
    "from_webhook",
    "override_username",
    "override_icon_url",
    "override_icon_emoji",
    "webhook_display_name",
    "from_bot",
];

fn find_action(post: &Post, action_id: &str) -> Option<PostAction> {
    let attachments: Vec<MessageAttachment> =
        serde_json::from_value(post.props.get("attachments")?.clone()).ok()?;
    attachments
        .into_iter()
        .flat_map(|a| a.actions)
        .find(|a| a.id == action_id)
}

fn integration_error(detail: String) -> AppError {
    AppError::bad_request(
        "api.post.do_action.action_integration.app_error",
        "Action integration error.",
    )
    .with_detail(detail)
}

impl App {
    /// POSTs `body` as JSON to an integration and returns its answer, or a 400 for the caller.
    async fn call_integration(&self, url: &str, body: &Value) -> AppResult<Vec<u8>> {
        let cfg = self.config();
        let res = self
            .outbound
            .send(
                reqwest::Method::POST,
                url,
                OutboundBody::Json(serde_json::to_vec(body).unwrap_or_default()),
                &[("Accept", "application/json".to_owned())],
                &cfg.service_settings.allowed_untrusted_internal_connections,
                cfg.service_settings.outgoing_integration_requests_timeout,
            )
            .await
            .map_err(|e| integration_error(e.to_string()))?;
        if res.status != 200 {
            return Err(integration_error(format!("status={}", res.status)));
        }
        Ok(res.body)
    }

    /// `POST /posts/{id}/actions/{action_id}`: returns `goto_location` (may be empty).
    pub async fn do_post_action(
        &self,
        ctx: &SessionCtx,
        post_id: &str,
        action_id: &str,
        req: DoPostActionRequest,
    ) -> AppResult<String> {
        let post = self.readable_post(ctx, post_id).await?;
        let action = find_action(&post, action_id).ok_or_else(|| {
            AppError::not_found(
                "api.post.do_action.action_id.app_error",
                "Invalid action id.",
            )
        })?;
        let integration = action
            .integration
            .clone()
            .filter(|i| !i.url.is_empty())
            .ok_or_else(|| integration_error("the action has no integration URL".into()))?;
        let channel = self.get_channel_raw(&post.channel_id).await?;
        let team_domain = match self.store.get_team(&channel.team_id).await {
            Ok(t) => t.name,
            Err(_) => String::new(),
        };
        let mut context: BTreeMap<String, Value> = integration.context.clone();
        if !req.selected_option.is_empty() {
            context.insert("selected_option".into(), req.selected_option.clone().into());
        }
        let body = serde_json::json!({
            "user_id": ctx.user_id(),
            "user_name": self.username_of(ctx.user_id()).await,
            "channel_id": channel.id,
            "channel_name": channel.name,
            "team_id": channel.team_id,
            "team_domain": team_domain,
            "post_id": post.id,
            "trigger_id": self.new_trigger_id(ctx.user_id()),
            "type": action.action_type,
            "data_source": action.data_source,
            "context": context,
        });
        let answer = self.call_integration(&integration.url, &body).await?;
        let resp: PostActionIntegrationResponse = if answer.iter().all(u8::is_ascii_whitespace) {
            PostActionIntegrationResponse::default()
        } else {
            serde_json::from_slice(&answer).map_err(|e| integration_error(e.to_string()))?
        };
        if let Some(update) = resp.update {
            self.apply_action_update(post.clone(), update.message, update.props)
                .await?;
        }
        if !resp.ephemeral_text.is_empty() {
            let note = Post {
                channel_id: post.channel_id.clone(),
                root_id: if post.root_id.is_empty() {
                    post.id.clone()
                } else {
                    post.root_id.clone()
                },
                user_id: ctx.user_id().to_owned(),
                message: super::slack::process_text(&resp.ephemeral_text),
                ..Post::default()
            };
            self.send_ephemeral(ctx.user_id(), note).await;
        }
        Ok(resp.goto_location)
    }

    /// Replaces a post's message and props as an integration asked, keeping who it is from.
    async fn apply_action_update(
        &self,
        old: Post,
        message: Option<String>,
        props: Option<BTreeMap<String, Value>>,
    ) -> AppResult<()> {
        let mut post = old.clone();
        if let Some(m) = message {
            post.message = super::slack::process_text(&m);
        }
        if let Some(mut p) = props {
            for key in KEPT_PROPS {
                p.remove(*key);
                if let Some(v) = old.props.get(*key) {
                    p.insert((*key).to_owned(), v.clone());
                }
            }
            if let Some(raw) = p.get("attachments").cloned() {
                let mut attachments: Vec<MessageAttachment> = serde_json::from_value(raw)
                    .map_err(|e| integration_error(format!("attachments: {e}")))?;
                super::slack::process_attachments(&mut attachments);
                p.insert(
                    "attachments".into(),
                    serde_json::to_value(&attachments).unwrap_or_default(),
                );
            }
            post.props = p;
        }
        let now = now_millis();
        post.update_at = now;
        let edited = post.message != old.message;
        if edited {
            post.edit_at = now;
        }
        self.store
            .update_post(&post, edited.then_some(&old))
            .await
            .map_err(internal("app.post.update.app_error"))?;
        let saved = self
            .store
            .get_post(&post.id)
            .await
            .map_err(internal("app.post.get.app_error"))?;
        let members = self
            .store
            .get_channel_member_ids(&saved.channel_id)
            .await
            .map_err(internal("app.channel.get_members.app_error"))?;
        self.publish_post_event("post_edited", &saved, members, &[]);
        Ok(())
    }

    /// `POST /actions/dialogs/open`: the integration proves with a fresh `trigger_id` that the
    /// user just acted; the dialog goes to that user's clients as `open_dialog`.
    pub async fn open_dialog(&self, req: OpenDialogRequest) -> AppResult<()> {
        if req.url.is_empty() {
            return Err(AppError::invalid_body_param("url"));
        }
        let title = req
            .dialog
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("");
        if title.is_empty() || title.chars().count() > 24 {
            return Err(AppError::bad_request(
                "interactive_message.dialog.invalid_title",
                "Invalid dialog title.",
            ));
        }
        let Some(user_id) = self.take_trigger(&req.trigger_id) else {
            return Err(AppError::bad_request(
                "interactive_message.decode_trigger_id.expired",
                "Trigger ID for interactive dialog is expired or unknown.",
            ));
        };
        let ev = outpost_realtime::Event::new("open_dialog")
            .with("dialog", serde_json::to_string(&req).unwrap_or_default())
            .for_user(&user_id);
        self.emit(ev, crate::events::Audience::User(&user_id)).await;
        Ok(())
    }

    /// `POST /actions/dialogs/submit`: sends the user's answers to the integration and returns
    /// its reply (`{errors: {field: message}}` when it rejects fields).
    pub async fn submit_dialog(
        &self,
        ctx: &SessionCtx,
        mut req: SubmitDialogRequest,
    ) -> AppResult<Value> {
        if req.url.is_empty() {
            return Err(AppError::invalid_body_param("url"));
        }
        if !is_valid_id(&req.channel_id) {
            return Err(AppError::invalid_body_param("channel_id"));
        }
        self.require_channel_permission(ctx, &req.channel_id, perm::READ_CHANNEL)
            .await?;
        ctx.user_id().clone_into(&mut req.user_id);
        req.request_type = "dialog_submission".to_owned();
        let url = req.url.clone();
        let body = serde_json::to_value(&req).unwrap_or_default();
        let answer = self.call_integration(&url, &body).await?;
        if answer.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::json!({}));
        }
        let v: Value =
            serde_json::from_slice(&answer).map_err(|e| integration_error(e.to_string()))?;
        if !v.is_object() {
            return Err(integration_error("the answer is not a JSON object".into()));
        }
        Ok(v)
    }
}
