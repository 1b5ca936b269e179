//! Custom emoji.

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use outpost_app::emoji::MAX_EMOJI_FILE_SIZE;
use outpost_core::AppError;
use outpost_model::file::Emoji;
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Paging, Params, Q, Session};
use crate::handlers::ok;

fn too_large() -> ApiError {
    ApiError(AppError::new(
        413,
        "api.emoji.create.too_large.app_error",
        "Unable to create emoji. Image must be less than 512 KiB in size.",
    ))
}

/// # POST /api/v4/emoji
pub async fn create_emoji(
    State(app): State<AppState>,
    Session(ctx): Session,
    mut form: Multipart,
) -> ApiResult<Json<Emoji>> {
    let parse = |e: axum::extract::multipart::MultipartError| {
        ApiError(
            AppError::bad_request(
                "api.emoji.create.parse.app_error",
                "Unable to create emoji. Could not understand request.",
            )
            .with_detail(e.body_text()),
        )
    };
    let mut emoji: Option<String> = None;
    let mut image: Option<Vec<u8>> = None;
    while let Some(mut field) = form.next_field().await.map_err(parse)? {
        match field.name().unwrap_or_default() {
            "emoji" => emoji = Some(field.text().await.map_err(parse)?),
            "image" => {
                let mut buf = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(parse)? {
                    if buf.len() + chunk.len() > MAX_EMOJI_FILE_SIZE {
                        return Err(too_large());
                    }
                    buf.extend_from_slice(&chunk);
                }
                image = Some(buf);
            }
            _ => {}
        }
    }
    Ok(Json(app.create_emoji(&ctx, emoji.as_deref(), image).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    sort: String,
}

/// # GET /api/v4/emoji
pub async fn get_emoji_list(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(paging): Q<Paging>,
    Q(q): Q<ListQuery>,
) -> ApiResult<Json<Vec<Emoji>>> {
    let paging = paging.clamp();
    Ok(Json(
        app.get_emoji_list(&ctx, &q.sort, paging.page, paging.per_page)
            .await?,
    ))
}

/// # GET /api/v4/emoji/{emoji_id}
pub async fn get_emoji(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Emoji>> {
    Ok(Json(app.get_emoji(&ctx, p.get("emoji_id")).await?))
}

/// # GET /api/v4/emoji/name/{emoji_name}
pub async fn get_emoji_by_name(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Emoji>> {
    Ok(Json(
        app.get_emoji_by_name(&ctx, p.get("emoji_name")).await?,
    ))
}

/// # POST /api/v4/emoji/names
pub async fn get_emojis_by_names(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(names): Body<Vec<String>>,
) -> ApiResult<Json<Vec<Emoji>>> {
    Ok(Json(app.get_emojis_by_names(&ctx, &names).await?))
}

/// # GET /api/v4/emoji/{emoji_id}/image
pub async fn get_emoji_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    let (bytes, kind) = app.get_emoji_image(&ctx, p.get("emoji_id")).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("image/{kind}")) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=2592000, private"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmojiSearch {
    term: String,
    prefix_only: bool,
}

/// # POST /api/v4/emoji/search
pub async fn search_emoji(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(s): Body<EmojiSearch>,
) -> ApiResult<Json<Vec<Emoji>>> {
    if s.term.is_empty() {
        return Err(ApiError(AppError::invalid_body_param("term")));
    }
    Ok(Json(
        app.search_emoji(&ctx, &s.term, s.prefix_only, 200).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AutocompleteQuery {
    name: String,
}

/// # GET /api/v4/emoji/autocomplete
pub async fn autocomplete_emoji(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<AutocompleteQuery>,
) -> ApiResult<Json<Vec<Emoji>>> {
    if q.name.is_empty() {
        return Err(ApiError(AppError::invalid_url_param("name")));
    }
    Ok(Json(app.search_emoji(&ctx, &q.name, true, 100).await?))
}

/// # DELETE /api/v4/emoji/{emoji_id}
pub async fn delete_emoji(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_emoji(&ctx, p.get("emoji_id")).await?;
    Ok(ok())
}
