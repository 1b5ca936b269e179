//! `model.Channel`, `model.ChannelMember`, sidebar categories.

use serde::{Deserialize, Serialize};

use crate::user::StringMap;

/// A channel. `type` is `O` (public), `P` (private), `D` (direct) or `G` (group).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Channel {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub team_id: String,
    #[serde(rename = "type")]
    pub channel_type: String,
    pub display_name: String,
    pub name: String,
    pub header: String,
    pub purpose: String,
    pub last_post_at: i64,
    pub total_msg_count: i64,
    pub extra_update_at: i64,
    pub creator_id: String,
    pub scheme_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub props: Option<serde_json::Value>,
    pub group_constrained: Option<bool>,
    pub shared: Option<bool>,
    pub total_msg_count_root: i64,
    pub policy_id: Option<String>,
    pub last_root_post_at: i64,
    #[serde(rename = "autotranslation")]
    pub auto_translation: bool,
    pub banner_info: Option<serde_json::Value>,
    pub policy_enforced: bool,
    pub policy_is_active: bool,
    pub default_category_name: String,
    pub managed_category_name: String,
    pub discoverable: bool,
}

impl Channel {
    /// Whether this is a direct or group message channel (no team).
    pub fn is_dm_or_gm(&self) -> bool {
        self.channel_type == "D" || self.channel_type == "G"
    }
}

/// `PUT /channels/{id}/patch` body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChannelPatch {
    pub display_name: Option<String>,
    pub name: Option<String>,
    pub header: Option<String>,
    pub purpose: Option<String>,
    pub group_constrained: Option<bool>,
}

/// A channel membership.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ChannelMember {
    pub channel_id: String,
    pub user_id: String,
    pub roles: String,
    pub last_viewed_at: i64,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub msg_count_root: i64,
    pub notify_props: StringMap,
    pub last_update_at: i64,
    pub scheme_guest: bool,
    pub scheme_user: bool,
    pub scheme_admin: bool,
    pub explicit_roles: String,
}

/// Default notify props of a channel membership (`GetDefaultChannelNotifyProps`).
pub fn default_channel_notify_props() -> StringMap {
    let mut m = StringMap::new();
    for (k, v) in [
        ("desktop", "default"),
        ("email", "default"),
        ("mark_unread", "all"),
        ("push", "default"),
        ("ignore_channel_mentions", "default"),
        ("channel_auto_follow_threads", "off"),
        ("desktop_threads", "default"),
        ("push_threads", "default"),
        ("desktop_sound", "default"),
        ("desktop_notification_sound", "default"),
    ] {
        m.insert(k.to_owned(), v.to_owned());
    }
    m
}

/// `POST /channels/members/{uid}/view` body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ChannelView {
    pub channel_id: String,
    pub prev_channel_id: String,
    pub collapsed_threads_supported: bool,
}

/// `POST /channels/members/{uid}/view` response.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ChannelViewResponse {
    pub status: String,
    pub last_viewed_at_times: std::collections::BTreeMap<String, i64>,
}

/// `GET /channels/{id}/stats`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ChannelStats {
    pub channel_id: String,
    pub member_count: i64,
    pub guest_count: i64,
    pub pinnedpost_count: i64,
    pub files_count: i64,
}

/// A sidebar category with its ordered channel ids (`model.SidebarCategoryWithChannels`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SidebarCategory {
    pub id: String,
    pub user_id: String,
    pub team_id: String,
    pub sort_order: i64,
    pub sorting: String,
    #[serde(rename = "type")]
    pub category_type: String,
    pub display_name: String,
    pub muted: bool,
    pub collapsed: bool,
    pub channel_ids: Vec<String>,
}

/// `GET /users/{uid}/teams/{tid}/channels/categories`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OrderedSidebarCategories {
    pub categories: Vec<SidebarCategory>,
    pub order: Vec<String>,
}
