//! `ApiError`: a service error on its way out. The body (with the request id) is written by
//! `middleware::finalize`, which knows the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use outpost_core::AppError;

/// A handler's error: turned into Mattermost's `{id, message, detailed_error, request_id, status_code}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = status.into_response();
        res.extensions_mut().insert(self.0);
        res
    }
}

/// Handler result.
pub type ApiResult<T> = Result<T, ApiError>;
