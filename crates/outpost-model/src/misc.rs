//! Preferences, statuses, roles and small system payloads.

use serde::{Deserialize, Serialize};

/// A user preference row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Preference {
    pub user_id: String,
    pub category: String,
    pub name: String,
    pub value: String,
}

/// Preferences one request may write or delete (`maxUpdatePreferences`).
pub const MAX_PREFERENCES_PER_REQUEST: usize = 100;

/// A user's presence (`model.Status`). `dnd_end_time` is in seconds, unlike other timestamps.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Status {
    pub user_id: String,
    pub status: String,
    pub manual: bool,
    pub last_activity_at: i64,
    pub dnd_end_time: i64,
    /// The status before DND, restored when it ends; never sent to clients.
    #[serde(skip)]
    pub prev_status: String,
}

impl Status {
    /// `online`.
    pub const ONLINE: &'static str = "online";
    /// `away`.
    pub const AWAY: &'static str = "away";
    /// `dnd`.
    pub const DND: &'static str = "dnd";
    /// `offline`.
    pub const OFFLINE: &'static str = "offline";

    /// The status of a user who has none stored: offline.
    pub fn offline(user_id: &str) -> Self {
        Self {
            user_id: user_id.to_owned(),
            status: Self::OFFLINE.to_owned(),
            ..Self::default()
        }
    }
}

/// A custom status (`model.CustomStatus`), stored as a JSON string in the user's
/// `props.customStatus`. `expires_at` is an RFC 3339 time, as Go encodes `time.Time`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct CustomStatus {
    pub emoji: String,
    pub text: String,
    pub duration: String,
    pub expires_at: String,
}

impl CustomStatus {
    /// Key of the custom status in the user's props.
    pub const PROPS_KEY: &'static str = "customStatus";
    /// Longest text kept, in characters.
    pub const TEXT_MAX_CHARS: usize = 100;
    /// Go's zero `time.Time`, what an unset `expires_at` encodes as.
    pub const ZERO_TIME: &'static str = "0001-01-01T00:00:00Z";
    /// Durations a client may choose.
    pub const DURATIONS: &'static [&'static str] = &[
        "thirty_minutes",
        "one_hour",
        "four_hours",
        "today",
        "this_week",
        "date_and_time",
    ];
}

/// A role with its permissions.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub description: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub permissions: Vec<String>,
    pub scheme_managed: bool,
    pub built_in: bool,
}

/// `{"status":"OK"}`, the body of most write endpoints that return nothing else.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StatusOk {
    pub status: String,
}

impl StatusOk {
    /// The OK body.
    pub fn ok() -> Self {
        Self {
            status: "OK".to_owned(),
        }
    }
}
