//! Mattermost API v4 wire types. serde only: no IO, no database, no HTTP.

pub mod channel;
pub mod draft;
pub mod error;
pub mod file;
pub mod id;
pub mod integration;
pub mod misc;
pub mod post;
pub mod reaction;
pub mod team;
pub mod user;

pub use error::AppErrorBody;
pub use id::{is_valid_id, new_id};

/// Current time in epoch milliseconds, the unit of every Mattermost timestamp.
pub fn now_millis() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
