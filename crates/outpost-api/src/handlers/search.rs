//! Post search, in one team or in all of the caller's teams.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use outpost_app::search::PostSearch;
use outpost_core::AppError;
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Session};

/// Mattermost's `SearchParameter`.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct SearchBody {
    terms: Option<String>,
    is_or_search: bool,
    time_zone_offset: i64,
    include_deleted_channels: bool,
    page: i64,
    per_page: i64,
}

impl Default for SearchBody {
    fn default() -> Self {
        Self {
            terms: None,
            is_or_search: false,
            time_zone_offset: 0,
            include_deleted_channels: false,
            page: 0,
            per_page: 60,
        }
    }
}

/// A body that is not a `SearchParameter` gets Mattermost's own error id.
fn search_body(body: Result<Body<SearchBody>, ApiError>) -> ApiResult<PostSearch> {
    let Body(b) = body.map_err(|e| {
        if e.0.status == 413 {
            return e;
        }
        ApiError(
            AppError::bad_request(
                "api.post.search_posts.invalid_body.app_error",
                "Unable to parse the search request body.",
            )
            .with_detail(e.0.detailed_error),
        )
    })?;
    Ok(PostSearch {
        terms: b.terms.unwrap_or_default(),
        is_or_search: b.is_or_search,
        time_zone_offset: b.time_zone_offset,
        include_deleted_channels: b.include_deleted_channels,
        page: b.page,
        per_page: b.per_page,
    })
}

fn no_store(results: impl serde::Serialize) -> Response {
    let mut res = Json(results).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, must-revalidate"),
    );
    res
}

/// # POST /api/v4/teams/{team_id}/posts/search
pub async fn search_posts_in_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    body: Result<Body<SearchBody>, ApiError>,
) -> ApiResult<Response> {
    let req = search_body(body)?;
    Ok(no_store(
        app.search_posts(&ctx, Some(p.get("team_id")), req).await?,
    ))
}

/// # POST /api/v4/posts/search
pub async fn search_posts_in_all_teams(
    State(app): State<AppState>,
    Session(ctx): Session,
    body: Result<Body<SearchBody>, ApiError>,
) -> ApiResult<Response> {
    let req = search_body(body)?;
    Ok(no_store(app.search_posts(&ctx, None, req).await?))
}
