//! Service errors: a Mattermost error id, a message and an HTTP status, from one place.

use std::fmt;

/// An error the API turns into Mattermost's `{id, message, detailed_error, request_id, status_code}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppError {
    /// Stable i18n key clients may branch on, e.g. `api.user.login.invalid_credentials_email_username`.
    pub id: &'static str,
    /// Human-readable message.
    pub message: String,
    /// Extra detail safe to show; internal causes are logged, never put here.
    pub detailed_error: String,
    /// HTTP status.
    pub status: u16,
}

/// Result of a service call.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// An error with an explicit status.
    pub fn new(status: u16, id: &'static str, message: impl Into<String>) -> Self {
        Self {
            id,
            message: message.into(),
            detailed_error: String::new(),
            status,
        }
    }
    /// 400.
    pub fn bad_request(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(400, id, message)
    }
    /// 401.
    pub fn unauthorized(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(401, id, message)
    }
    /// 403.
    pub fn forbidden(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(403, id, message)
    }
    /// 404.
    pub fn not_found(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(404, id, message)
    }
    /// 501: a feature switched off by configuration.
    pub fn not_implemented(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(501, id, message)
    }
    /// 500 with a generic message; the cause must be logged by the caller.
    pub fn internal(id: &'static str) -> Self {
        Self::new(500, id, "An internal error occurred.")
    }
    /// Adds the detail text.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detailed_error = detail.into();
        self
    }

    /// `api.context.permissions.app_error`: the caller lacks a permission.
    pub fn no_permission() -> Self {
        Self::forbidden(
            "api.context.permissions.app_error",
            "You do not have the appropriate permissions.",
        )
    }
    /// `api.context.invalid_url_param.app_error` for the named path or query parameter
    /// (Mattermost's `SetInvalidURLParam`).
    pub fn invalid_url_param(name: &str) -> Self {
        Self::bad_request(
            "api.context.invalid_url_param.app_error",
            format!("Invalid or missing {name} parameter in request URL."),
        )
    }
    /// `api.context.invalid_body_param.app_error` for the named body field (Mattermost's
    /// `SetInvalidParam`, which it also uses for a few query parameters).
    pub fn invalid_body_param(name: &str) -> Self {
        Self::bad_request(
            "api.context.invalid_body_param.app_error",
            format!("Invalid or missing {name} in request body."),
        )
    }
    /// `api.context.session_expired.app_error`: no valid session.
    pub fn session_expired() -> Self {
        Self::unauthorized(
            "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.",
        )
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.id, self.status, self.message)
    }
}

impl std::error::Error for AppError {}
