//! Files: streaming uploads (multipart or raw body), downloads with safe headers and byte ranges,
//! thumbnails, previews, public links, resumable uploads and file search.

use axum::Json;
use axum::body::Body as HttpBody;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt, TryStreamExt};
use outpost_app::SessionCtx;
use outpost_app::files::search::FileSearchParams;
use outpost_app::files::uploads::NewUpload;
use outpost_app::files::{Download, FileVariant};
use outpost_core::AppError;
use outpost_model::file::{FileInfo, FileUploadResponse, UploadSession};
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Q, Session};
use crate::handlers::created;

fn read_error(detail: impl std::fmt::Display) -> ApiError {
    ApiError(
        AppError::bad_request(
            "api.file.upload_file.read_request.app_error",
            "Unable to upload file(s). Error reading or parsing request data.",
        )
        .with_detail(detail.to_string()),
    )
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

fn content_length(headers: &HeaderMap) -> Option<i64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

/// The chunks of one multipart field as a stream.
fn field_stream(
    field: axum::extract::multipart::Field<'_>,
) -> impl Stream<Item = Result<bytes::Bytes, axum::extract::multipart::MultipartError>> + Send + '_
{
    futures_util::stream::unfold(Some(field), |state| async move {
        let mut f = state?;
        match f.chunk().await {
            Ok(Some(b)) => Some((Ok(b), Some(f))),
            Ok(None) => None,
            Err(e) => Some((Err(e), None)),
        }
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UploadQuery {
    channel_id: String,
    filename: String,
    client_id: String,
}

/// # POST /api/v4/files
pub async fn upload_file(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<UploadQuery>,
    req: Request,
) -> ApiResult<Response> {
    let length = content_length(req.headers());
    if length == Some(0) {
        return Err(read_error("Content-Length should not be 0"));
    }
    if !is_multipart(req.headers()) {
        if q.channel_id.is_empty() {
            return Err(ApiError(AppError::invalid_url_param("channel_id")));
        }
        if q.filename.is_empty() {
            return Err(ApiError(AppError::invalid_url_param("filename")));
        }
        let body = req.into_body().into_data_stream();
        let info = app
            .upload_file(&ctx, &q.channel_id, &q.filename, length, body)
            .await?;
        let client_ids = if q.client_id.is_empty() {
            Vec::new()
        } else {
            vec![q.client_id]
        };
        return Ok(created(FileUploadResponse {
            file_infos: vec![info],
            client_ids,
        }));
    }
    let form = Multipart::from_request(req, &app)
        .await
        .map_err(|e| read_error(e.body_text()))?;
    Ok(created(
        upload_multipart(&app, &ctx, q.channel_id, form).await?,
    ))
}

/// Streams every file part of the form. Parts that arrive before `channel_id` are spooled to a
/// temporary file first (the channel decides permissions and the storage path).
async fn upload_multipart(
    app: &AppState,
    ctx: &SessionCtx,
    mut channel_id: String,
    mut form: Multipart,
) -> ApiResult<FileUploadResponse> {
    let mut client_ids: Vec<String> = Vec::new();
    let mut infos: Vec<FileInfo> = Vec::new();
    let mut spooled: Vec<(String, tempfile::NamedTempFile)> = Vec::new();
    while let Some(field) = form.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let Some(file_name) = file_name.filter(|n| !n.is_empty()) else {
            let value = field.text().await.map_err(read_error)?;
            match name.as_str() {
                "channel_id" => {
                    if !channel_id.is_empty() && channel_id != value {
                        return Err(ApiError(AppError::bad_request(
                            "api.file.upload_file.multiple_channel_ids.app_error",
                            "Unable to upload file(s). Multiple conflicting channel_ids.",
                        )));
                    }
                    channel_id = value;
                    app.check_upload(ctx, &channel_id).await?;
                }
                "client_ids" => client_ids.push(value),
                "" => {}
                other => return Err(ApiError(AppError::invalid_body_param(other))),
            }
            continue;
        };
        if channel_id.is_empty() {
            spooled.push((file_name, spool(field).await?));
            continue;
        }
        let stream = Box::pin(field_stream(field));
        infos.push(
            app.upload_file(ctx, &channel_id, &file_name, None, stream)
                .await?,
        );
    }
    if !spooled.is_empty() {
        if channel_id.is_empty() {
            return Err(ApiError(AppError::invalid_body_param("channel_id")));
        }
        for (file_name, tmp) in spooled {
            let file = tokio::fs::File::from_std(tmp.reopen().map_err(read_error)?);
            let stream = tokio_util::io::ReaderStream::new(file);
            infos.push(
                app.upload_file(ctx, &channel_id, &file_name, None, stream)
                    .await?,
            );
        }
    }
    if infos.is_empty() {
        return Err(ApiError(AppError::invalid_body_param("files")));
    }
    if !client_ids.is_empty() && client_ids.len() != infos.len() {
        return Err(ApiError(AppError::bad_request(
            "api.file.upload_file.incorrect_number_of_client_ids.app_error",
            format!(
                "Unable to upload file(s). Have {} client_ids for {} files.",
                client_ids.len(),
                infos.len()
            ),
        )));
    }
    Ok(FileUploadResponse {
        file_infos: infos,
        client_ids,
    })
}

async fn spool(field: axum::extract::multipart::Field<'_>) -> ApiResult<tempfile::NamedTempFile> {
    use tokio::io::AsyncWriteExt as _;
    let tmp = tempfile::NamedTempFile::new().map_err(read_error)?;
    let mut out = tokio::fs::File::from_std(tmp.reopen().map_err(read_error)?);
    let mut stream = Box::pin(field_stream(field));
    while let Some(chunk) = stream.next().await {
        out.write_all(&chunk.map_err(read_error)?)
            .await
            .map_err(read_error)?;
    }
    out.flush().await.map_err(read_error)?;
    Ok(tmp)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DownloadQuery {
    download: Option<String>,
}

impl DownloadQuery {
    fn forced(&self) -> bool {
        self.download
            .as_deref()
            .is_some_and(|v| matches!(v, "1" | "t" | "T" | "true" | "TRUE" | "True"))
    }
}

/// `bytes=a-b` or `bytes=a-` (one range; anything else is served whole).
fn requested_range(headers: &HeaderMap) -> Option<(u64, Option<u64>)> {
    let v = headers.get(header::RANGE)?.to_str().ok()?;
    let spec = v.strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let start: u64 = a.trim().parse().ok()?;
    let end = match b.trim() {
        "" => None,
        e => Some(e.parse::<u64>().ok()?.checked_add(1)?),
    };
    if end.is_some_and(|e| e <= start) {
        return None;
    }
    Some((start, end))
}

/// Media types shown inline; everything else downloads.
const INLINE_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/bmp",
    "image/gif",
    "image/tiff",
    "image/webp",
    "video/avi",
    "video/mpeg",
    "video/mp4",
    "video/webm",
    "video/quicktime",
    "audio/mpeg",
    "audio/wav",
    "audio/mp4",
    "audio/ogg",
    "audio/webm",
];

/// Types a browser would run or render as a document are never served as themselves.
fn safe_type(mime: &str) -> &str {
    let m = mime.to_ascii_lowercase();
    if m.is_empty()
        || m.contains("html")
        || m.contains("javascript")
        || m.contains("ecmascript")
        || m.contains("xml")
        || m.starts_with("image/svg")
        || m.starts_with("multipart/")
    {
        "application/octet-stream"
    } else {
        mime
    }
}

fn file_response(
    name: &str,
    mime: &str,
    dl: Download,
    force_download: bool,
    updated: i64,
) -> Response {
    let content_type = safe_type(mime).to_owned();
    let inline = !force_download && INLINE_TYPES.iter().any(|t| content_type.starts_with(t));
    let partial = dl.range.start != 0 || dl.range.end != dl.total;
    let len = dl.range.end.saturating_sub(dl.range.start);
    let mut res = HttpBody::from_stream(dl.stream).into_response();
    if partial {
        *res.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    let h = res.headers_mut();
    let mut set = |k: header::HeaderName, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    };
    set(header::CONTENT_TYPE, content_type);
    set(header::CONTENT_LENGTH, len.to_string());
    set(header::ACCEPT_RANGES, "bytes".to_owned());
    if partial {
        set(
            header::CONTENT_RANGE,
            format!(
                "bytes {}-{}/{}",
                dl.range.start,
                dl.range.end.saturating_sub(1),
                dl.total
            ),
        );
    }
    let escaped: String = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let disposition = if inline { "inline" } else { "attachment" };
    set(
        header::CONTENT_DISPOSITION,
        format!("{disposition};filename=\"{escaped}\"; filename*=UTF-8''{escaped}"),
    );
    set(header::CACHE_CONTROL, "private, no-cache".to_owned());
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned());
    set(header::X_FRAME_OPTIONS, "DENY".to_owned());
    set(
        header::CONTENT_SECURITY_POLICY,
        "frame-ancestors 'none'; sandbox".to_owned(),
    );
    if let Some(t) = chrono::DateTime::from_timestamp_millis(updated) {
        set(
            header::LAST_MODIFIED,
            t.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
        );
    }
    res
}

async fn serve(
    app: &AppState,
    ctx: &SessionCtx,
    p: &Params,
    headers: &HeaderMap,
    q: &DownloadQuery,
    variant: FileVariant,
) -> ApiResult<Response> {
    let (info, dl) = app
        .read_file(ctx, p.get("file_id"), variant, requested_range(headers))
        .await?;
    let mime = match variant {
        FileVariant::Original => info.mime_type.as_str(),
        // Derivatives are JPEG or PNG, following the original's format.
        _ if info.mime_type == "image/png" => "image/png",
        _ => "image/jpeg",
    };
    Ok(file_response(
        &info.name,
        mime,
        dl,
        q.forced(),
        info.update_at,
    ))
}

/// # GET /api/v4/files/{file_id}
pub async fn get_file(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<DownloadQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&app, &ctx, &p, &headers, &q, FileVariant::Original).await
}

/// # GET /api/v4/files/{file_id}/thumbnail
pub async fn get_file_thumbnail(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<DownloadQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&app, &ctx, &p, &headers, &q, FileVariant::Thumbnail).await
}

/// # GET /api/v4/files/{file_id}/preview
pub async fn get_file_preview(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<DownloadQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&app, &ctx, &p, &headers, &q, FileVariant::Preview).await
}

/// # GET /api/v4/files/{file_id}/info
pub async fn get_file_info(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    let info = app.get_file_info(&ctx, p.get("file_id")).await?;
    let mut res = Json(info).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=2592000, private"),
    );
    Ok(res)
}

/// # GET /api/v4/files/{file_id}/link
pub async fn get_file_link(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Json<serde_json::Value>> {
    let configured = app.config().service_settings.site_url.clone();
    let site = if configured.is_empty() {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    } else {
        configured
    };
    let link = app.get_file_link(&ctx, p.get("file_id"), &site).await?;
    Ok(Json(serde_json::json!({ "link": link })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicQuery {
    h: String,
}

/// # GET /files/{file_id}/public
pub async fn get_file_public(
    State(app): State<AppState>,
    p: Params,
    Q(q): Q<PublicQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (info, dl) = app
        .get_public_file(p.get("file_id"), &q.h, requested_range(&headers))
        .await?;
    Ok(file_response(
        &info.name,
        &info.mime_type,
        dl,
        false,
        info.update_at,
    ))
}

/// # GET /api/v4/posts/{post_id}/files/info
pub async fn get_file_infos_for_post(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<FileInfo>>> {
    Ok(Json(
        app.get_file_infos_for_post(&ctx, p.get("post_id")).await?,
    ))
}

/// # POST /api/v4/teams/{team_id}/files/search
pub async fn search_files_in_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(params): Body<FileSearchParams>,
) -> ApiResult<Response> {
    let list = app
        .search_files(&ctx, Some(p.get("team_id")), params)
        .await?;
    Ok(Json(list).into_response())
}

/// # POST /api/v4/files/search
pub async fn search_files(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(params): Body<FileSearchParams>,
) -> ApiResult<Response> {
    let list = app.search_files(&ctx, None, params).await?;
    Ok(Json(list).into_response())
}

/// # POST /api/v4/uploads
pub async fn create_upload(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(req): Body<NewUpload>,
) -> ApiResult<Response> {
    Ok(created(app.create_upload(&ctx, req).await?))
}

/// # GET /api/v4/uploads/{upload_id}
pub async fn get_upload(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<UploadSession>> {
    Ok(Json(app.get_upload(&ctx, p.get("upload_id")).await?))
}

/// # GET /api/v4/users/{user_id}/uploads
pub async fn get_uploads_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<UploadSession>>> {
    Ok(Json(app.get_uploads_for_user(&ctx, p.user_id(&ctx)).await?))
}

/// # POST /api/v4/uploads/{upload_id}
///
/// The raw body, or the first part of a multipart body, is the next chunk. 204 until the last
/// byte arrives, then the file info.
pub async fn upload_data(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    req: Request,
) -> ApiResult<Response> {
    let id = p.get("upload_id").to_owned();
    let done = if is_multipart(req.headers()) {
        let mut form = Multipart::from_request(req, &app).await.map_err(|e| {
            ApiError(
                AppError::bad_request(
                    "api.upload.upload_data.invalid_content_type",
                    "Invalid multipart data.",
                )
                .with_detail(e.body_text()),
            )
        })?;
        let field = form.next_field().await.ok().flatten().ok_or_else(|| {
            ApiError(AppError::bad_request(
                "api.upload.upload_data.multipart_error",
                "Unable to read the multipart data.",
            ))
        })?;
        app.upload_data(&ctx, &id, None, Box::pin(field_stream(field)))
            .await?
    } else {
        let length = content_length(req.headers());
        let body = req
            .into_body()
            .into_data_stream()
            .map_err(std::io::Error::other);
        app.upload_data(&ctx, &id, length, body).await?
    };
    Ok(match done {
        Some(info) => Json(info).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}
