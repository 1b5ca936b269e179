//! Presence and custom statuses.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use outpost_core::AppError;
use outpost_model::misc::{CustomStatus, Status};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Session};
use crate::handlers::ok;

/// # GET /api/v4/users/{user_id}/status
pub async fn get_user_status(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Status>> {
    Ok(Json(app.get_user_status(&ctx, p.user_id(&ctx)).await?))
}

/// # POST /api/v4/users/status/ids
pub async fn get_user_statuses_by_ids(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<Vec<Status>>> {
    if ids.is_empty() || ids.iter().any(|id| id.len() != 26) {
        return Err(ApiError(AppError::invalid_body_param("user_ids")));
    }
    Ok(Json(app.get_statuses_by_ids(&ctx, &ids).await?))
}

/// # PUT /api/v4/users/{user_id}/status
pub async fn update_user_status(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(status): Body<Status>,
) -> ApiResult<Json<Status>> {
    let user_id = p.user_id(&ctx);
    // The user in the body must be the one in the URL.
    if status.user_id != user_id {
        return Err(ApiError(AppError::invalid_body_param("user_id")));
    }
    Ok(Json(
        app.update_user_status(&ctx, user_id, &status.status, status.dnd_end_time)
            .await?,
    ))
}

/// # PUT /api/v4/users/{user_id}/status/custom
pub async fn update_user_custom_status(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(cs): Body<CustomStatus>,
) -> ApiResult<impl IntoResponse> {
    app.update_custom_status(&ctx, p.user_id(&ctx), cs).await?;
    Ok(ok())
}

/// # DELETE /api/v4/users/{user_id}/status/custom
pub async fn remove_user_custom_status(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.remove_custom_status(&ctx, p.user_id(&ctx)).await?;
    Ok(ok())
}

/// # POST /api/v4/users/{user_id}/status/custom/recent/delete
///
/// Also `DELETE /api/v4/users/{user_id}/status/custom/recent` (the mobile app cannot send a body
/// with DELETE, hence the POST form).
pub async fn remove_user_recent_custom_status(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(cs): Body<CustomStatus>,
) -> ApiResult<impl IntoResponse> {
    app.remove_recent_custom_status(&ctx, p.user_id(&ctx), &cs)
        .await?;
    Ok(ok())
}
