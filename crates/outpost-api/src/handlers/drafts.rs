//! Server-synced drafts.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use outpost_model::draft::Draft;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Params, Session};
use crate::handlers::{created, ok};

/// The `Connection-Id` header: the WebSocket connection of the caller's client, which is left out
/// of the `draft_*` event it caused.
fn connection_id(headers: &HeaderMap) -> &str {
    headers
        .get("Connection-Id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// # POST /api/v4/drafts
pub async fn upsert_draft(
    State(app): State<AppState>,
    Session(ctx): Session,
    headers: HeaderMap,
    Body(draft): Body<Draft>,
) -> ApiResult<Response> {
    let saved = app
        .upsert_draft(&ctx, draft, connection_id(&headers))
        .await?;
    Ok(created(saved))
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/drafts
pub async fn get_drafts(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Draft>>> {
    Ok(Json(
        app.get_drafts(&ctx, p.user_id(&ctx), p.get("team_id"))
            .await?,
    ))
}

/// # DELETE /api/v4/users/{user_id}/channels/{channel_id}/drafts
/// # DELETE /api/v4/users/{user_id}/channels/{channel_id}/drafts/{thread_id}
pub async fn delete_draft(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<impl IntoResponse> {
    app.delete_draft(
        &ctx,
        p.user_id(&ctx),
        p.get("channel_id"),
        p.get("thread_id"),
        connection_id(&headers),
    )
    .await?;
    Ok(ok())
}
