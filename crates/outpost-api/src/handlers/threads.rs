//! Collapsed reply threads of a user in a team.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use outpost_app::threads::ThreadsQuery;
use serde::Deserialize;
use serde_json::Value;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Params, Q, Session};
use crate::handlers::ok;

#[derive(Deserialize)]
#[serde(default)]
pub struct ThreadsParams {
    since: i64,
    deleted: bool,
    extended: bool,
    unread: bool,
    #[serde(rename = "totalsOnly")]
    totals_only: bool,
    #[serde(rename = "threadsOnly")]
    threads_only: bool,
    page: i64,
    #[serde(alias = "pageSize")]
    per_page: i64,
    before: String,
    after: String,
}

impl Default for ThreadsParams {
    fn default() -> Self {
        Self {
            since: 0,
            deleted: false,
            extended: false,
            unread: false,
            totals_only: false,
            threads_only: false,
            page: 0,
            per_page: 25,
            before: String::new(),
            after: String::new(),
        }
    }
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/threads
pub async fn get_user_threads(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<ThreadsParams>,
) -> ApiResult<Json<Value>> {
    let query = ThreadsQuery {
        since: q.since,
        deleted: q.deleted,
        extended: q.extended,
        unread: q.unread,
        totals_only: q.totals_only,
        threads_only: q.threads_only,
        page: q.page,
        per_page: q.per_page,
        before: q.before,
        after: q.after,
    };
    Ok(Json(
        app.get_user_threads(&ctx, p.user_id(&ctx), p.get("team_id"), query)
            .await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtendedParam {
    extended: bool,
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}
pub async fn get_user_thread(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<ExtendedParam>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        app.get_user_thread(&ctx, p.user_id(&ctx), p.get("thread_id"), q.extended)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/threads/mention_counts
pub async fn get_thread_mention_counts(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        app.get_thread_mention_counts(&ctx, p.user_id(&ctx), p.get("team_id"))
            .await?,
    ))
}

/// # PUT /api/v4/users/{user_id}/teams/{team_id}/threads/read
pub async fn update_threads_read_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.mark_all_threads_read(&ctx, p.user_id(&ctx), p.get("team_id"))
        .await?;
    Ok(ok())
}

/// # PUT /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}
pub async fn update_thread_read_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Value>> {
    let ts: i64 = p.get("timestamp").parse().map_err(|_| {
        crate::error::ApiError(outpost_core::AppError::invalid_url_param("timestamp"))
    })?;
    Ok(Json(
        app.set_thread_read(
            &ctx,
            p.user_id(&ctx),
            p.get("team_id"),
            p.get("thread_id"),
            ts,
        )
        .await?,
    ))
}

/// # POST /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/set_unread/{post_id}
pub async fn set_unread_thread_by_post_id(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        app.set_thread_unread(
            &ctx,
            p.user_id(&ctx),
            p.get("team_id"),
            p.get("thread_id"),
            p.get("post_id"),
        )
        .await?,
    ))
}

/// # PUT /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following
pub async fn follow_thread_by_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.set_thread_following(
        &ctx,
        p.user_id(&ctx),
        p.get("team_id"),
        p.get("thread_id"),
        true,
    )
    .await?;
    Ok(ok())
}

/// # DELETE /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following
pub async fn unfollow_thread_by_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.set_thread_following(
        &ctx,
        p.user_id(&ctx),
        p.get("team_id"),
        p.get("thread_id"),
        false,
    )
    .await?;
    Ok(ok())
}
