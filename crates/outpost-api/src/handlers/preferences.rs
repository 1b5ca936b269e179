//! Preferences of a user.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use outpost_core::AppError;
use outpost_model::misc::Preference;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Session};
use crate::handlers::ok;

/// Categories and names in URLs are `[A-Za-z0-9_]+`, as Mattermost's routes require.
fn url_name<'a>(p: &'a Params, param: &str) -> ApiResult<&'a str> {
    let v = p.get(param);
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(v)
    } else {
        Err(ApiError(AppError::invalid_url_param(param)))
    }
}

/// # GET /api/v4/users/{user_id}/preferences
pub async fn get_preferences(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Preference>>> {
    Ok(Json(app.get_preferences(&ctx, p.user_id(&ctx)).await?))
}

/// # PUT /api/v4/users/{user_id}/preferences
pub async fn update_preferences(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(prefs): Body<Vec<Preference>>,
) -> ApiResult<impl IntoResponse> {
    app.update_preferences(&ctx, p.user_id(&ctx), prefs).await?;
    Ok(ok())
}

/// # POST /api/v4/users/{user_id}/preferences/delete
pub async fn delete_preferences(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(prefs): Body<Vec<Preference>>,
) -> ApiResult<impl IntoResponse> {
    app.delete_preferences(&ctx, p.user_id(&ctx), prefs).await?;
    Ok(ok())
}

/// # GET /api/v4/users/{user_id}/preferences/{category}
pub async fn get_preferences_by_category(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Preference>>> {
    let category = url_name(&p, "category")?;
    Ok(Json(
        app.get_preferences_by_category(&ctx, p.user_id(&ctx), category)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/preferences/{category}/name/{preference_name}
pub async fn get_preference_by_category_and_name(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Preference>> {
    let category = url_name(&p, "category")?;
    let name = url_name(&p, "preference_name")?;
    Ok(Json(
        app.get_preference(&ctx, p.user_id(&ctx), category, name)
            .await?,
    ))
}
