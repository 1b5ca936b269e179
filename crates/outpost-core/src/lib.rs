//! Domain rules that need no IO: configuration, the error table, roles and permissions, validation.

pub mod config;
pub mod emoji;
pub mod error;
pub mod mentions;
pub mod roles;
pub mod search;
pub mod validate;

pub use config::Config;
pub use error::{AppError, AppResult};

/// The Mattermost version Outpost reports, so that the official apps enable their features.
pub const MATTERMOST_VERSION: &str = "10.11.4";
/// Outpost's own version.
pub const OUTPOST_VERSION: &str = env!("CARGO_PKG_VERSION");
