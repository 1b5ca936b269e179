//! `model.Post`, `model.PostList` and friends.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Longest message Mattermost accepts, in characters (runes).
pub const POST_MESSAGE_MAX_RUNES: usize = 16_383;
/// Most files one post may carry.
pub const POST_MAX_FILES: usize = 10;

/// A post as the API sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Post {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub edit_at: i64,
    pub delete_at: i64,
    pub is_pinned: bool,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub original_id: String,
    pub message: String,
    #[serde(rename = "type")]
    pub post_type: String,
    pub props: BTreeMap<String, Value>,
    pub hashtags: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_ids: Vec<String>,
    pub pending_post_id: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_reactions: bool,
    pub reply_count: i64,
    pub last_reply_at: i64,
    pub participants: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_following: Option<bool>,
    pub metadata: Option<Value>,
}

impl Post {
    /// Whether this is a system message (`system_*` types).
    pub fn is_system(&self) -> bool {
        self.post_type.starts_with("system_")
    }

    /// Whether this is a join/leave/add/remove message (`Post.IsJoinLeaveMessage`): those do not
    /// count as channel messages (no unread badge).
    pub fn is_join_leave(&self) -> bool {
        JOIN_LEAVE_TYPES.contains(&self.post_type.as_str())
    }
}

/// Post types of join/leave/add/remove messages, which do not count as channel messages.
pub const JOIN_LEAVE_TYPES: &[&str] = &[
    "system_join_leave",
    "system_join_channel",
    "system_leave_channel",
    "system_join_team",
    "system_leave_team",
    "system_add_remove",
    "system_add_to_channel",
    "system_remove_from_channel",
    "system_add_to_team",
    "system_remove_from_team",
    "system_add_guest_to_chan",
    "system_guest_join_channel",
];

/// `PUT /posts/{id}/patch` body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PostPatch {
    pub is_pinned: Option<bool>,
    pub message: Option<String>,
    pub props: Option<BTreeMap<String, Value>>,
    pub file_ids: Option<Vec<String>>,
    pub has_reactions: Option<bool>,
}

/// `{order, posts, next_post_id, prev_post_id, has_next}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostList {
    pub order: Vec<String>,
    pub posts: BTreeMap<String, Post>,
    pub next_post_id: String,
    pub prev_post_id: String,
    pub has_next: bool,
}

impl PostList {
    /// Appends a post at the end of `order`.
    pub fn push(&mut self, post: Post) {
        self.order.push(post.id.clone());
        self.posts.insert(post.id.clone(), post);
    }
}

/// `POST /teams/{id}/posts/search`: a [`PostList`] plus, per post, the words the search matched.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostSearchResults {
    #[serde(flatten)]
    pub list: PostList,
    pub first_inaccessible_post_time: i64,
    pub matches: BTreeMap<String, Vec<String>>,
}
