//! Sidebar categories of a user in a team.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outpost_core::AppError;
use outpost_model::channel::{OrderedSidebarCategories, SidebarCategory};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Session};
use crate::handlers::{created, ok};

/// # GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories
pub async fn get_categories_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<OrderedSidebarCategories>> {
    let cats = app
        .get_sidebar_categories(&ctx, p.user_id(&ctx), p.get("team_id"))
        .await?;
    Ok(Json(cats))
}

/// # POST /api/v4/users/{user_id}/teams/{team_id}/channels/categories
pub async fn create_category_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(cat): Body<SidebarCategory>,
) -> ApiResult<Response> {
    let c = app
        .create_sidebar_category(&ctx, p.user_id(&ctx), p.get("team_id"), cat)
        .await?;
    Ok(created(c))
}

/// # PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories
pub async fn update_categories_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(cats): Body<Vec<SidebarCategory>>,
) -> ApiResult<Json<Vec<SidebarCategory>>> {
    let updated = app
        .update_sidebar_categories(&ctx, p.user_id(&ctx), p.get("team_id"), cats)
        .await?;
    Ok(Json(updated))
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories/order
pub async fn get_category_order_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<String>>> {
    let order = app
        .get_sidebar_category_order(&ctx, p.user_id(&ctx), p.get("team_id"))
        .await?;
    Ok(Json(order))
}

/// # PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories/order
pub async fn update_category_order_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(order): Body<Vec<String>>,
) -> ApiResult<Json<Vec<String>>> {
    let order = app
        .update_sidebar_category_order(&ctx, p.user_id(&ctx), p.get("team_id"), order)
        .await?;
    Ok(Json(order))
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}
pub async fn get_category_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<SidebarCategory>> {
    let c = app
        .get_sidebar_category(
            &ctx,
            p.user_id(&ctx),
            p.get("team_id"),
            p.get("category_id"),
        )
        .await?;
    Ok(Json(c))
}

/// # PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}
pub async fn update_category_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(cat): Body<SidebarCategory>,
) -> ApiResult<Json<SidebarCategory>> {
    if cat.id != p.get("category_id") {
        return Err(ApiError(AppError::invalid_body_param("category")));
    }
    let mut updated = app
        .update_sidebar_categories(&ctx, p.user_id(&ctx), p.get("team_id"), vec![cat])
        .await?;
    updated.pop().map(Json).ok_or_else(|| {
        ApiError(AppError::internal(
            "app.channel.sidebar_categories.app_error",
        ))
    })
}

/// # DELETE /api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}
pub async fn delete_category_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    app.delete_sidebar_category(
        &ctx,
        p.user_id(&ctx),
        p.get("team_id"),
        p.get("category_id"),
    )
    .await?;
    Ok(ok().into_response())
}
