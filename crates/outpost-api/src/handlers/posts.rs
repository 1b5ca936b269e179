//! Posts: create, read, edit, delete, pin, threads, channel history.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outpost_app::posts::ChannelPostsQuery;
use outpost_core::AppError;
use outpost_model::post::{Post, PostList, PostPatch};
use outpost_model::reaction::Reaction;
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Q, Session};
use crate::handlers::{created, ok};

/// # POST /api/v4/posts
pub async fn create_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(post): Body<Post>,
) -> ApiResult<Response> {
    Ok(created(app.create_post(&ctx, post).await?))
}

/// # GET /api/v4/posts/{post_id}
pub async fn get_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Post>> {
    Ok(Json(app.get_post(&ctx, p.get("post_id")).await?))
}

/// # PUT /api/v4/posts/{post_id}
pub async fn update_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(post): Body<Post>,
) -> ApiResult<Json<Post>> {
    Ok(Json(app.update_post(&ctx, p.get("post_id"), post).await?))
}

/// # PUT /api/v4/posts/{post_id}/patch
pub async fn patch_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(patch): Body<PostPatch>,
) -> ApiResult<Json<Post>> {
    Ok(Json(app.patch_post(&ctx, p.get("post_id"), patch).await?))
}

/// # DELETE /api/v4/posts/{post_id}
pub async fn delete_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_post(&ctx, p.get("post_id")).await?;
    Ok(ok())
}

/// # GET /api/v4/posts/{post_id}/thread
pub async fn get_post_thread(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<PostList>> {
    Ok(Json(app.get_post_thread(&ctx, p.get("post_id")).await?))
}

/// # GET /api/v4/posts/{post_id}/edit_history
pub async fn get_edit_history_for_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Post>>> {
    Ok(Json(app.get_edit_history(&ctx, p.get("post_id")).await?))
}

/// # POST /api/v4/posts/ids
pub async fn get_posts_by_ids(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<Vec<Post>>> {
    if ids.is_empty() || ids.len() > 1000 || ids.iter().any(|i| !outpost_model::is_valid_id(i)) {
        return Err(ApiError(AppError::invalid_body_param("post_ids")));
    }
    Ok(Json(app.get_posts_by_ids(&ctx, &ids).await?))
}

/// # POST /api/v4/posts/{post_id}/pin
pub async fn pin_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.set_post_pinned(&ctx, p.get("post_id"), true).await?;
    Ok(ok())
}

/// # POST /api/v4/posts/{post_id}/unpin
pub async fn unpin_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.set_post_pinned(&ctx, p.get("post_id"), false).await?;
    Ok(ok())
}

/// # GET /api/v4/channels/{channel_id}/pinned
pub async fn get_pinned_posts(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<PostList>> {
    Ok(Json(app.get_pinned_posts(&ctx, p.get("channel_id")).await?))
}

#[derive(Deserialize)]
#[serde(default)]
pub struct ChannelPostsParams {
    page: i64,
    per_page: i64,
    since: i64,
    before: String,
    after: String,
    #[serde(rename = "collapsedThreads")]
    collapsed_threads: bool,
    #[serde(rename = "collapsedThreadsExtended")]
    collapsed_threads_extended: bool,
    include_deleted: bool,
}

impl Default for ChannelPostsParams {
    fn default() -> Self {
        Self {
            page: 0,
            per_page: 60,
            since: 0,
            before: String::new(),
            after: String::new(),
            collapsed_threads: false,
            collapsed_threads_extended: false,
            include_deleted: false,
        }
    }
}

/// # GET /api/v4/channels/{channel_id}/posts
pub async fn get_posts_for_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<ChannelPostsParams>,
) -> ApiResult<Json<PostList>> {
    let query = ChannelPostsQuery {
        page: q.page,
        per_page: q.per_page,
        since: q.since,
        before: q.before,
        after: q.after,
        collapsed_threads: q.collapsed_threads,
        collapsed_threads_extended: q.collapsed_threads_extended,
        include_deleted: q.include_deleted,
    };
    Ok(Json(
        app.get_channel_posts(&ctx, p.get("channel_id"), query)
            .await?,
    ))
}

/// # POST /api/v4/reactions
pub async fn save_reaction(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(r): Body<Reaction>,
) -> ApiResult<Json<Reaction>> {
    Ok(Json(app.save_reaction(&ctx, r).await?))
}

/// # GET /api/v4/posts/{post_id}/reactions
pub async fn get_reactions(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Reaction>>> {
    Ok(Json(app.get_reactions(&ctx, p.get("post_id")).await?))
}

/// # DELETE /api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}
pub async fn delete_reaction(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_reaction(&ctx, p.user_id(&ctx), p.get("post_id"), p.get("emoji_name"))
        .await?;
    Ok(ok())
}

/// # POST /api/v4/posts/ids/reactions
pub async fn get_bulk_reactions(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<BTreeMap<String, Vec<Reaction>>>> {
    if ids.is_empty() || ids.len() > 200 || ids.iter().any(|i| !outpost_model::is_valid_id(i)) {
        return Err(ApiError(AppError::invalid_body_param("post_ids")));
    }
    Ok(Json(app.get_bulk_reactions(&ctx, &ids).await?))
}

/// # POST /api/v4/users/{user_id}/posts/{post_id}/set_unread
pub async fn set_post_unread(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(
        app.set_post_unread(&ctx, p.user_id(&ctx), p.get("post_id"))
            .await?,
    ))
}

#[derive(Deserialize)]
#[serde(default)]
pub struct AroundUnread {
    limit_before: i64,
    limit_after: i64,
}

impl Default for AroundUnread {
    fn default() -> Self {
        Self {
            limit_before: 60,
            limit_after: 60,
        }
    }
}

/// # GET /api/v4/users/{user_id}/channels/{channel_id}/posts/unread
pub async fn get_posts_for_channel_around_last_unread(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<AroundUnread>,
) -> ApiResult<Json<PostList>> {
    Ok(Json(
        app.get_posts_around_unread(
            &ctx,
            p.user_id(&ctx),
            p.get("channel_id"),
            q.limit_before,
            q.limit_after,
        )
        .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/posts/flagged
pub async fn get_flagged_posts_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(pg): Q<crate::extract::Paging>,
) -> ApiResult<Json<PostList>> {
    let pg = pg.clamp();
    Ok(Json(
        app.get_flagged_posts(&ctx, p.user_id(&ctx), pg.page, pg.per_page)
            .await?,
    ))
}

#[derive(Deserialize)]
pub struct EphemeralBody {
    user_id: String,
    post: Post,
}

/// # POST /api/v4/posts/ephemeral
pub async fn create_ephemeral_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(b): Body<EphemeralBody>,
) -> ApiResult<Response> {
    Ok(created(
        app.create_ephemeral_post(&ctx, &b.user_id, b.post).await?,
    ))
}
