//! Thin handlers, one file per resource. Each is: extract → one service call → respond.

pub mod actions;
pub mod auth;
pub mod bots;
pub mod channels;
pub mod commands;
pub mod drafts;
pub mod emoji;
pub mod files;
pub mod notifications;
pub mod posts;
pub mod preferences;
pub mod search;
pub mod sidebar;
pub mod status;
pub mod system;
pub mod teams;
pub mod threads;
pub mod users;
pub mod webhooks;
pub mod websocket;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use outpost_model::misc::StatusOk;
use serde::Serialize;

/// `{"status":"OK"}`.
pub fn ok() -> Json<StatusOk> {
    Json(StatusOk::ok())
}

/// 201 with a JSON body.
pub fn created<T: Serialize>(body: T) -> Response {
    (StatusCode::CREATED, Json(body)).into_response()
}

/// A JSON body with an `ETag`; 304 when the client already has it (`If-None-Match`).
pub fn with_etag<T: Serialize>(req_headers: &HeaderMap, etag: &str, body: T) -> Response {
    let quoted = etag.to_owned();
    let matches = req_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_matches('"') == quoted);
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Json(body).into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&quoted) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}
