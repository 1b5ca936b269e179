//! The body of every Mattermost error response (`model.AppError`).

use serde::{Deserialize, Serialize};

/// `{id, message, detailed_error, request_id, status_code}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AppErrorBody {
    pub id: String,
    pub message: String,
    pub detailed_error: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request_id: String,
    #[serde(default)]
    pub status_code: u16,
}
