//! Notifications: push receipts, account e-mails (password reset, e-mail verification), the SMTP
//! test, and Outpost's Web Push subscriptions.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outpost_app::notifications::{PushAck, WebPushSubscribe};
use serde::Deserialize;
use serde_json::Value;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Params, Q, Session};
use crate::handlers::{created, ok};

/// # POST /api/v4/notifications/ack
pub async fn push_notification_ack(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ack): Body<PushAck>,
) -> ApiResult<impl IntoResponse> {
    app.ack_push_notification(&ctx, ack).await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct EmailBody {
    #[serde(default)]
    email: String,
}

/// # POST /api/v4/users/password/reset/send
pub async fn send_password_reset(
    State(app): State<AppState>,
    Body(b): Body<EmailBody>,
) -> ApiResult<impl IntoResponse> {
    app.send_password_reset(&b.email).await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct ResetBody {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
}

/// # POST /api/v4/users/password/reset
pub async fn reset_password(
    State(app): State<AppState>,
    Body(b): Body<ResetBody>,
) -> ApiResult<impl IntoResponse> {
    app.reset_password(&b.token, &b.new_password).await?;
    Ok(ok())
}

/// # POST /api/v4/users/email/verify/send
pub async fn send_verification_email(
    State(app): State<AppState>,
    Body(b): Body<EmailBody>,
) -> ApiResult<impl IntoResponse> {
    app.send_verification_email(&b.email).await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct TokenBody {
    #[serde(default)]
    token: String,
}

/// # POST /api/v4/users/email/verify
pub async fn verify_user_email(
    State(app): State<AppState>,
    Body(b): Body<TokenBody>,
) -> ApiResult<impl IntoResponse> {
    app.verify_email(&b.token).await?;
    Ok(ok())
}

/// # POST /api/v4/email/test
pub async fn test_email(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(config): Body<Value>,
) -> ApiResult<impl IntoResponse> {
    app.test_email(&ctx, config).await?;
    Ok(ok())
}

/// # POST /api/outpost/v1/webpush/subscriptions
pub async fn subscribe_web_push(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(sub): Body<WebPushSubscribe>,
) -> ApiResult<Response> {
    app.subscribe_web_push(&ctx, sub).await?;
    Ok(created(outpost_model::misc::StatusOk::ok()))
}

#[derive(Deserialize)]
pub struct EndpointBody {
    #[serde(default)]
    endpoint: String,
}

/// # POST /api/outpost/v1/webpush/subscriptions/delete
pub async fn unsubscribe_web_push(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(b): Body<EndpointBody>,
) -> ApiResult<impl IntoResponse> {
    app.unsubscribe_web_push(&ctx, &b.endpoint).await?;
    Ok(ok())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteQuery {
    graceful: Option<String>,
}

/// The addresses, as a list or (inviting to channels too) `{"emails": [...], ...}`.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum InviteBody {
    List(Vec<String>),
    WithChannels { emails: Vec<String> },
}

/// # POST /api/v4/teams/{team_id}/invite/email
pub async fn invite_users_to_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<InviteQuery>,
    Body(body): Body<InviteBody>,
) -> ApiResult<Response> {
    let graceful = q.graceful.is_some_and(|g| !g.is_empty());
    let emails = match body {
        InviteBody::List(e) | InviteBody::WithChannels { emails: e } => e,
    };
    let results = app
        .invite_users_by_email(&ctx, p.get("team_id"), emails, graceful)
        .await?;
    Ok(if graceful {
        axum::Json(results).into_response()
    } else {
        ok().into_response()
    })
}
