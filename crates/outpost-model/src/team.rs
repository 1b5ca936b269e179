//! `model.Team`, `model.TeamMember` and friends.

use serde::{Deserialize, Serialize};

use crate::user::is_zero;

/// A team. `type` is `O` (open) or `I` (invite only).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Team {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub display_name: String,
    pub name: String,
    pub description: String,
    pub email: String,
    #[serde(rename = "type")]
    pub team_type: String,
    pub company_name: String,
    pub allowed_domains: String,
    pub invite_id: String,
    pub allow_open_invite: bool,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_team_icon_update: i64,
    pub scheme_id: Option<String>,
    pub group_constrained: Option<bool>,
    pub policy_id: Option<String>,
    pub cloud_limits_archived: bool,
}

impl Team {
    /// Hides the fields only team admins may read (`Team.Sanitize`).
    pub fn sanitize(&mut self) {
        self.email.clear();
        self.invite_id.clear();
    }
}

/// `PUT /teams/{id}/patch` body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TeamPatch {
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub company_name: Option<String>,
    pub allowed_domains: Option<String>,
    pub allow_open_invite: Option<bool>,
    pub group_constrained: Option<bool>,
}

/// A team membership.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TeamMember {
    pub team_id: String,
    pub user_id: String,
    pub roles: String,
    pub delete_at: i64,
    pub scheme_guest: bool,
    pub scheme_user: bool,
    pub scheme_admin: bool,
    pub explicit_roles: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub create_at: i64,
}

/// `GET /users/{uid}/teams/unread` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TeamUnread {
    pub team_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub msg_count_root: i64,
    pub thread_count: i64,
    pub thread_mention_count: i64,
    pub thread_urgent_mention_count: i64,
}

/// `GET /teams/{id}/stats`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TeamStats {
    pub team_id: String,
    pub total_member_count: i64,
    pub active_member_count: i64,
}

/// `GET /teams?include_total_count=true`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TeamsWithCount {
    pub teams: Vec<Team>,
    pub total_count: i64,
}

/// `PUT /teams/{id}/members/{uid}/roles` and `PUT /channels/{id}/members/{uid}/roles` body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MemberRoles {
    pub roles: String,
}
