//! Cross-cutting response work: request ids, the version header, payload limits, error bodies.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use outpost_core::AppError;
use outpost_model::AppErrorBody;

use crate::AppState;
use crate::error::ApiError;

/// Assigns `X-Request-Id`, rejects oversized payloads, stamps `X-Version-Id`, and renders errors.
pub async fn finalize(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let request_id = outpost_model::new_id();
    let max = app.config().service_settings.maximum_payload_size_bytes;
    let oversized = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|len| len > max && !is_upload(req.uri().path()));
    let mut res = if oversized {
        ApiError(too_large()).into_response()
    } else {
        next.run(req).await
    };
    if let Some(err) = res.extensions_mut().remove::<AppError>() {
        if err.status >= 500 {
            tracing::error!(id = err.id, request_id = %request_id, "request failed");
        }
        let body = AppErrorBody {
            id: err.id.to_owned(),
            message: err.message,
            detailed_error: err.detailed_error,
            request_id: request_id.clone(),
            status_code: err.status,
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        *res.body_mut() = Body::from(bytes);
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        res.headers_mut().remove(header::CONTENT_LENGTH);
    }
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert("x-request-id", v);
    }
    if let Ok(v) = HeaderValue::from_str(&app.version_id()) {
        headers.insert("x-version-id", v);
    }
    res
}

/// 413 for a body over `ServiceSettings.MaximumPayloadSizeBytes`.
pub(crate) fn too_large() -> AppError {
    AppError::new(
        413,
        "api.context.request_body_too_large.app_error",
        "The request body is too large.",
    )
}

fn is_upload(path: &str) -> bool {
    path.ends_with("/image")
        || path == "/api/v4/emoji"
        || path.starts_with("/api/v4/files")
        || path.starts_with("/api/v4/uploads")
}
