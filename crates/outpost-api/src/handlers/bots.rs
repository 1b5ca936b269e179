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

/// # GET /api/v4/bots/{bot_user_id}/icon
pub async fn get_bot_icon_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<axum::response::Response> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse as _;
    let svg = app.get_bot_icon(&ctx, p.get("bot_user_id")).await?;
    let mut res = svg.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=86400, private"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // An SVG opened on its own never runs script.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    Ok(res)
}

/// # POST /api/v4/bots/{bot_user_id}/icon
pub async fn set_bot_icon_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    mut form: axum::extract::Multipart,
) -> ApiResult<Json<outpost_model::misc::StatusOk>> {
    let bad = |_| {
        crate::error::ApiError(outpost_core::AppError::bad_request(
            "api.bot.set_bot_icon_image.no_file.app_error",
            "No file under 'image' in request.",
        ))
    };
    let mut image = None;
    while let Some(field) = form.next_field().await.map_err(bad)? {
        if field.name() == Some("image") {
            image = Some(field.bytes().await.map_err(bad)?.to_vec());
        }
    }
    app.set_bot_icon(&ctx, p.get("bot_user_id"), image).await?;
    Ok(crate::handlers::ok())
}

/// # DELETE /api/v4/bots/{bot_user_id}/icon
pub async fn delete_bot_icon_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<outpost_model::misc::StatusOk>> {
    app.delete_bot_icon(&ctx, p.get("bot_user_id")).await?;
    Ok(crate::handlers::ok())
}
