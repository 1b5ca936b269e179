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
}

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
