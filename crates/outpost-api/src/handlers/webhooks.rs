//! Incoming and outgoing webhooks: management under `/api/v4/hooks`, and the public endpoints
//! integrations call (`/hooks/{id}`, `/hooks/commands/{id}`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use outpost_app::integrations::incoming::HookListQuery;
use outpost_model::integration::{IncomingWebhook, OutgoingWebhook};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Paging, Params, Q, Session};
use crate::handlers::{created, ok};

/// `?team_id=&channel_id=` (paging comes separately).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HookQuery {
    team_id: String,
    channel_id: String,
}

impl HookQuery {
    fn list(self, paging: Paging) -> HookListQuery {
        let paging = paging.clamp();
        HookListQuery {
            team_id: self.team_id,
            channel_id: self.channel_id,
            page: paging.page,
            per_page: paging.per_page,
        }
    }
}

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// `ok` as plain text, the answer of the public hook endpoints.
fn plain_ok() -> Response {
    ([(header::CONTENT_TYPE, "text/plain")], "ok").into_response()
}

/// # POST /api/v4/hooks/incoming
pub async fn create_incoming_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(hook): Body<IncomingWebhook>,
) -> ApiResult<Response> {
    Ok(created(app.create_incoming_webhook(&ctx, hook).await?))
}

/// # GET /api/v4/hooks/incoming
pub async fn get_incoming_hooks(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<HookQuery>,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<IncomingWebhook>>> {
    Ok(Json(app.get_incoming_webhooks(&ctx, q.list(paging)).await?))
}

/// # GET /api/v4/hooks/incoming/{hook_id}
pub async fn get_incoming_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<IncomingWebhook>> {
    Ok(Json(
        app.get_incoming_webhook(&ctx, p.get("hook_id")).await?,
    ))
}

/// # PUT /api/v4/hooks/incoming/{hook_id}
pub async fn update_incoming_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(hook): Body<IncomingWebhook>,
) -> ApiResult<Json<IncomingWebhook>> {
    Ok(Json(
        app.update_incoming_webhook(&ctx, p.get("hook_id"), hook)
            .await?,
    ))
}

/// # DELETE /api/v4/hooks/incoming/{hook_id}
pub async fn delete_incoming_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_incoming_webhook(&ctx, p.get("hook_id")).await?;
    Ok(ok())
}

/// # POST /api/v4/hooks/outgoing
pub async fn create_outgoing_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(hook): Body<OutgoingWebhook>,
) -> ApiResult<Response> {
    Ok(created(app.create_outgoing_webhook(&ctx, hook).await?))
}

/// # GET /api/v4/hooks/outgoing
pub async fn get_outgoing_hooks(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<HookQuery>,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<OutgoingWebhook>>> {
    Ok(Json(app.get_outgoing_webhooks(&ctx, q.list(paging)).await?))
}

/// # GET /api/v4/hooks/outgoing/{hook_id}
pub async fn get_outgoing_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<OutgoingWebhook>> {
    Ok(Json(
        app.get_outgoing_webhook(&ctx, p.get("hook_id")).await?,
    ))
}

/// # PUT /api/v4/hooks/outgoing/{hook_id}
pub async fn update_outgoing_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(hook): Body<OutgoingWebhook>,
) -> ApiResult<Json<OutgoingWebhook>> {
    Ok(Json(
        app.update_outgoing_webhook(&ctx, p.get("hook_id"), hook)
            .await?,
    ))
}

/// # DELETE /api/v4/hooks/outgoing/{hook_id}
pub async fn delete_outgoing_hook(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_outgoing_webhook(&ctx, p.get("hook_id")).await?;
    Ok(ok())
}

/// # POST /api/v4/hooks/outgoing/{hook_id}/regen_token
pub async fn regen_outgoing_hook_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<OutgoingWebhook>> {
    Ok(Json(
        app.regen_outgoing_webhook_token(&ctx, p.get("hook_id"))
            .await?,
    ))
}

/// # POST /hooks/{id}
///
/// The hook id is the only credential; unknown and deleted ids answer the same 404.
pub async fn incoming_webhook(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    app.handle_incoming_webhook(&id, content_type(&headers), &body)
        .await?;
    Ok(plain_ok())
}

/// # POST /hooks/commands/{id}
///
/// A slash command's delayed answer through its `response_url`.
pub async fn command_webhook(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    app.handle_command_webhook(&id, content_type(&headers), &body)
        .await?;
    Ok(plain_ok())
}
