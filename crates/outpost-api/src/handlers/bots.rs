//! Bot accounts.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use outpost_app::integrations::bots::BotListQuery;
use outpost_model::integration::{Bot, BotPatch};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Paging, Params, Q, Session};
use crate::handlers::created;

/// `?include_deleted=&only_orphaned=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BotQuery {
    include_deleted: bool,
    only_orphaned: bool,
}

/// # POST /api/v4/bots
pub async fn create_bot(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(bot): Body<Bot>,
) -> ApiResult<Response> {
    Ok(created(app.create_bot(&ctx, bot).await?))
}

/// # GET /api/v4/bots
pub async fn get_bots(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<BotQuery>,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<Bot>>> {
    let paging = paging.clamp();
    let q = BotListQuery {
        page: paging.page,
        per_page: paging.per_page,
        include_deleted: q.include_deleted,
        only_orphaned: q.only_orphaned,
    };
    Ok(Json(app.get_bots(&ctx, q).await?))
}

/// # GET /api/v4/bots/{bot_user_id}
pub async fn get_bot(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<BotQuery>,
) -> ApiResult<Json<Bot>> {
    Ok(Json(
        app.get_bot(&ctx, p.get("bot_user_id"), q.include_deleted)
            .await?,
    ))
}

/// # PUT /api/v4/bots/{bot_user_id}
pub async fn patch_bot(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(patch): Body<BotPatch>,
) -> ApiResult<Json<Bot>> {
    Ok(Json(
        app.patch_bot(&ctx, p.get("bot_user_id"), patch).await?,
    ))
}

/// # POST /api/v4/bots/{bot_user_id}/disable
pub async fn disable_bot(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Bot>> {
    Ok(Json(
        app.set_bot_active(&ctx, p.get("bot_user_id"), false)
            .await?,
    ))
}

/// # POST /api/v4/bots/{bot_user_id}/enable
pub async fn enable_bot(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Bot>> {
    Ok(Json(
        app.set_bot_active(&ctx, p.get("bot_user_id"), true).await?,
    ))
}

/// # POST /api/v4/bots/{bot_user_id}/assign/{user_id}
pub async fn assign_bot(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Bot>> {
    let owner = p.user_id(&ctx).to_owned();
    Ok(Json(
        app.assign_bot(&ctx, p.get("bot_user_id"), &owner).await?,
    ))
}
