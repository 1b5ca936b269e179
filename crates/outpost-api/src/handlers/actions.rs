//! Interactive messages: post actions (buttons, menus) and dialogs.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use outpost_model::integration::{DoPostActionRequest, OpenDialogRequest, SubmitDialogRequest};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Params, Session};
use crate::handlers::ok;

/// # POST /api/v4/posts/{post_id}/actions/{action_id}
pub async fn do_post_action(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(req): Body<DoPostActionRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    let goto = app
        .do_post_action(&ctx, p.get("post_id"), p.get("action_id"), req)
        .await?;
    Ok(Json(
        serde_json::json!({"status": "OK", "goto_location": goto}),
    ))
}

/// # POST /api/v4/actions/dialogs/open
///
/// Called by integrations: the `trigger_id` they were given is the credential.
pub async fn open_dialog(
    State(app): State<AppState>,
    Body(req): Body<OpenDialogRequest>,
) -> ApiResult<impl IntoResponse> {
    app.open_dialog(req).await?;
    Ok(ok())
}

/// # POST /api/v4/actions/dialogs/submit
pub async fn submit_dialog(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(req): Body<SubmitDialogRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(app.submit_dialog(&ctx, req).await?))
}
