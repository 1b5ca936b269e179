//! `model.Draft`: a message being written, kept on the server so the user's other devices see it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest `props`, in characters of their JSON: the width of the `props` column. (Mattermost
/// checks `PostPropsMaxRunes`, 800,000, and then fails in the database above 8,000.)
pub const DRAFT_PROPS_MAX_RUNES: usize = 8_000;
/// Longest `priority`, in characters of its JSON (`PostPropsMaxRunes`).
pub const DRAFT_PRIORITY_MAX_RUNES: usize = 800_000;
/// Longest `file_ids`, in characters of their JSON (`PostFileidsMaxRunes`).
pub const DRAFT_FILE_IDS_MAX_RUNES: usize = 300;

/// A draft of one user in one channel or thread (`root_id`, empty for the channel itself).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Draft {
    pub create_at: i64,
    pub update_at: i64,
    /// Always 0: drafts are deleted, not marked.
    pub delete_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub message: String,
    pub props: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_ids: Vec<String>,
    /// `{ "files": [FileInfo…] }` for the attached files not yet posted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub priority: BTreeMap<String, Value>,
}
