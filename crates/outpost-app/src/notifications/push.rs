//! Pushes to the official mobile apps through a Mattermost-compatible push proxy:
//! `POST {PushNotificationServer}/api/v1/send_push` with Mattermost's `PushNotification` body,
//! one per mobile session, each signed (`signature`: an ES256 JWT over `ack_id` and `device_id`
//! made with the server key whose public half is `AsymmetricSigningPublicKey`).

use std::sync::Arc;

use outpost_core::notify::{Decision, push_message};
use outpost_core::{AppError, AppResult};
use outpost_model::user::User;
use outpost_model::{new_id, now_millis};
use outpost_store::notifications::DeviceSession;
use serde::{Deserialize, Serialize};

use super::{Attempt, NotifyPlan};
use crate::{App, SessionCtx};

/// Mattermost's `model.PushNotification` as the proxy receives it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PushNotification {
    pub ack_id: String,
    pub platform: String,
    pub server_id: String,
    pub device_id: String,
    pub post_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub category: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sound: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub badge: i64,
    #[serde(rename = "cont_ava", skip_serializing_if = "is_zero")]
    pub content_available: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub team_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub root_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub channel_name: String,
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sender_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sender_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub override_username: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub override_icon_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub from_webhook: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    pub is_crt_enabled: bool,
    pub is_id_loaded: bool,
    pub signature: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// The claims the mobile app checks (`require("ack_id")`, `require("device_id")`).
#[derive(Serialize)]
struct PushClaims<'a> {
    ack_id: &'a str,
    device_id: &'a str,
}

/// `POST /notifications/ack` (Mattermost's `PushNotificationAck`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PushAck {
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "received_at")]
    pub client_received_at: i64,
    #[serde(default, rename = "platform")]
    pub client_platform: String,
    #[serde(default, rename = "type")]
    pub notification_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub post_id: String,
    #[serde(default)]
    pub is_id_loaded: bool,
}

/// The display name Mattermost puts in pushes: `@username`.
pub(crate) fn at_name(u: &User) -> String {
    format!("@{}", u.username)
}

impl App {
    /// Signs a push for one device.
    fn sign_push(&self, msg: &mut PushNotification) {
        let Some(keys) = self.server_keys() else {
            return;
        };
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        let key = jsonwebtoken::EncodingKey::from_ec_der(&keys.signing_pkcs8);
        let claims = PushClaims {
            ack_id: &msg.ack_id,
            device_id: &msg.device_id,
        };
        match jsonwebtoken::encode(&header, &claims, &key) {
            Ok(sig) => msg.signature = sig,
            Err(e) => tracing::error!(error = %e, "push signature"),
        }
    }

    fn push_url(&self, path: &str) -> String {
        let base = self
            .config()
            .email_settings
            .push_notification_server
            .clone();
        format!("{}/api/v1/{path}", base.trim_end_matches('/'))
    }

    /// Sends `msg` to every mobile session of `user_id` but `skip_session`, one signed copy each.
    pub(crate) async fn push_to_sessions(
        &self,
        msg: PushNotification,
        user_id: &str,
        skip_session: &str,
    ) {
        let sessions = self.push_sessions(user_id, skip_session).await;
        self.push_to(msg, sessions);
    }

    /// The user's sessions with a mobile device to push to, but `skip_session` (empty when the
    /// sessions cannot be read: logged).
    async fn push_sessions(&self, user_id: &str, skip_session: &str) -> Vec<DeviceSession> {
        match self.store.get_device_sessions(user_id, now_millis()).await {
            Ok(s) => s.into_iter().filter(|s| s.id != skip_session).collect(),
            Err(e) => {
                tracing::error!(error = %e, user_id, "push sessions unavailable");
                Vec::new()
            }
        }
    }

    /// Sends `msg` to each of `sessions`' devices.
    fn push_to(&self, msg: PushNotification, sessions: Vec<DeviceSession>) {
        let Some(app) = self.arc() else { return };
        for session in sessions {
            let mut m = msg.clone();
            if let Some((platform, device)) = session.deviceid.split_once(':') {
                m.platform = platform.to_owned();
                m.device_id = device.to_owned();
            }
            m.ack_id = new_id();
            m.server_id = self.server_id();
            self.sign_push(&mut m);
            let what = format!("push {} to session {} ({})", m.kind, session.id, m.ack_id);
            let (app, m, session_id) = (Arc::clone(&app), Arc::new(m), session.id.clone());
            self.spawn_delivery(what, move || {
                let (app, m, session_id) = (Arc::clone(&app), Arc::clone(&m), session_id.clone());
                async move { app.send_push_once(&m, &session_id).await }
            });
        }
    }

    /// One attempt at the proxy. `REMOVE` drops the device from the session.
    async fn send_push_once(&self, msg: &PushNotification, session_id: &str) -> Attempt {
        let resp = match self
            .notify
            .http
            .post(self.push_url("send_push"))
            .json(msg)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => return Attempt::Retry(e.to_string()),
        };
        let status = resp.status();
        let body: serde_json::Value = match resp.json().await {
            Ok(v) => v,
            Err(e) => return Attempt::Retry(format!("{status}: unreadable answer: {e}")),
        };
        match body.get("status").and_then(|s| s.as_str()) {
            Some("OK") => Attempt::Done,
            Some("REMOVE") => {
                if let Err(e) = self.store.clear_session_device(session_id).await {
                    tracing::warn!(error = %e, "could not drop a removed device");
                }
                Attempt::Fatal("device was reported as removed".to_owned())
            }
            Some("FAIL") => Attempt::Fatal(
                body.get("error")
                    .and_then(|e| e.as_str())
                    .unwrap_or("FAIL")
                    .to_owned(),
            ),
            _ if status.is_server_error() => Attempt::Retry(format!("{status}")),
            _ => Attempt::Retry(format!("{status}: unexpected answer {body}")),
        }
    }

    /// The telemetry id Mattermost sends as `server_id` (the signing key's public half names
    /// this server just as well, and is the same on every node).
    fn server_id(&self) -> String {
        let public = self.signing_public_key();
        let tail: String = public
            .chars()
            .rev()
            .filter(char::is_ascii_alphanumeric)
            .take(26)
            .collect();
        tail.to_lowercase()
    }

    fn crt_for(&self) -> bool {
        self.crt_enabled()
    }

    /// A `message` push about a post.
    pub(crate) async fn push_post(&self, plan: &NotifyPlan, user: &User, d: &Decision) {
        let cfg = self.config();
        let contents = cfg.email_settings.push_notification_contents.as_str();
        let contents = if contents == "id_loaded" {
            "generic"
        } else {
            contents
        };
        let post = &plan.post;
        let crt = self.crt_for();
        let sender_name = at_name(&plan.sender);
        let mut channel_name = match plan.channel.channel_type.as_str() {
            "D" => sender_name.clone(),
            _ => plan.channel.display_name.clone(),
        };
        if contents == "generic_no_channel" && plan.channel.channel_type != "D" {
            channel_name.clear();
        }
        let badge = self
            .store
            .get_badge_count(&user.id, crt)
            .await
            .unwrap_or_default();
        let msg = PushNotification {
            category: "CAN_REPLY".to_owned(),
            version: "v2".to_owned(),
            kind: "message".to_owned(),
            team_id: plan.channel.team_id.clone(),
            channel_id: post.channel_id.clone(),
            post_id: post.id.clone(),
            root_id: post.root_id.clone(),
            sender_id: post.user_id.clone(),
            sender_name: sender_name.clone(),
            channel_name,
            is_crt_enabled: crt,
            badge,
            message: push_message(
                contents,
                &post.message,
                &sender_name,
                &plan.channel.channel_type,
                d,
                !post.file_ids.is_empty(),
            ),
            from_webhook: post
                .props
                .get("from_webhook")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            ..PushNotification::default()
        };
        self.push_to_sessions(msg, &user.id, "").await;
    }

    /// A `clear` push for a channel (or thread) just read, to the user's other devices.
    pub(crate) async fn push_clear(
        &self,
        session_id: &str,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) {
        // Most readers have no mobile device: then there is no badge to count.
        let sessions = self.push_sessions(user_id, session_id).await;
        if sessions.is_empty() {
            return;
        }
        let crt = self.crt_for();
        let badge = self
            .store
            .get_badge_count(user_id, crt)
            .await
            .unwrap_or_default();
        let msg = PushNotification {
            kind: "clear".to_owned(),
            version: "v2".to_owned(),
            channel_id: channel_id.to_owned(),
            root_id: root_id.to_owned(),
            content_available: 1,
            badge,
            is_crt_enabled: crt,
            ..PushNotification::default()
        };
        self.push_to(msg, sessions);
    }

    /// The test push of the mobile app's server screen (`GET /system/ping?device_id=`):
    /// `"true"` when the proxy accepted it, `"false"` when pushes are off or the device is gone,
    /// `"unknown"` when the proxy could not be asked.
    pub async fn send_test_push(&self, device_id: &str) -> &'static str {
        if !self.config().email_settings.send_push_notifications {
            return "false";
        }
        let mut msg = PushNotification {
            version: "2".to_owned(),
            kind: "test".to_owned(),
            server_id: self.server_id(),
            badge: -1,
            ..PushNotification::default()
        };
        if let Some((platform, device)) = device_id.split_once(':') {
            msg.platform = platform.to_owned();
            msg.device_id = device.to_owned();
        }
        self.sign_push(&mut msg);
        let resp = self
            .notify
            .http
            .post(self.push_url("send_push"))
            .json(&msg)
            .send()
            .await;
        let body: Option<serde_json::Value> = match resp {
            Ok(r) => r.json().await.ok(),
            Err(e) => {
                tracing::warn!(error = %e, "test push");
                None
            }
        };
        match body
            .as_ref()
            .and_then(|b| b.get("status"))
            .and_then(|s| s.as_str())
        {
            Some("OK") => "true",
            Some("REMOVE") => "false",
            _ => "unknown",
        }
    }

    /// `PUT /users/sessions/device`: attaches the app's push token to the session; other sessions
    /// of the user on the same device end (a reinstalled app).
    pub async fn attach_device(&self, ctx: &SessionCtx, device_id: &str) -> AppResult<()> {
        if device_id.is_empty() || device_id.len() > 512 {
            return Err(AppError::invalid_body_param("device_id"));
        }
        match device_id.split_once(':') {
            Some((platform, token)) if !platform.is_empty() && !token.is_empty() => {}
            _ => return Err(AppError::invalid_body_param("device_id")),
        }
        self.store
            .delete_device_sessions(ctx.user_id(), device_id, &ctx.session.id)
            .await
            .map_err(crate::internal(
                "app.session.remove_all_sessions_for_team.app_error",
            ))?;
        let cfg = self.config();
        let expires =
            now_millis() + cfg.service_settings.session_length_mobile_in_hours * 3_600_000;
        self.store
            .set_session_device(&ctx.session.id, device_id, expires)
            .await
            .map_err(crate::internal("app.session.update_device_id.app_error"))
    }

    /// `POST /notifications/ack`: forwards the app's receipt to the push proxy.
    pub async fn ack_push_notification(&self, ctx: &SessionCtx, ack: PushAck) -> AppResult<()> {
        if !self.config().email_settings.send_push_notifications {
            return Err(AppError::not_implemented(
                "api.push_notification.disabled.app_error",
                "Push Notifications are disabled on this server.",
            ));
        }
        if !ack.post_id.is_empty() && ack.notification_type == "message" {
            self.readable_post(ctx, &ack.post_id).await?;
        }
        let Some(app) = self.arc() else { return Ok(()) };
        let ack = Arc::new(ack);
        self.spawn_delivery(format!("push ack {}", ack.id), move || {
            let (app, ack) = (Arc::clone(&app), Arc::clone(&ack));
            async move {
                match app
                    .notify
                    .http
                    .post(app.push_url("ack"))
                    .json(&*ack)
                    .send()
                    .await
                {
                    Ok(r) if r.status().is_server_error() => Attempt::Retry(r.status().to_string()),
                    Ok(_) => Attempt::Done,
                    Err(e) => Attempt::Retry(e.to_string()),
                }
            }
        });
        Ok(())
    }
}
