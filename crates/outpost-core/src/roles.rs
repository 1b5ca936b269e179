//! Mattermost's built-in roles and their default permissions, and the permission names Outpost checks.

use std::collections::{BTreeMap, BTreeSet};

/// The default permissions of every built-in role (`role<TAB>permission`), from a fresh Mattermost install.
const DEFAULT_ROLES_TSV: &str = include_str!("../data/roles.tsv");

/// A built-in role as seeded into the Roles table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltinRole {
    /// Role name, e.g. `system_user`.
    pub name: String,
    /// Display name, e.g. `authentication.roles.global_user.name`.
    pub display_name: String,
    /// Whether a scheme manages the role (team and channel roles).
    pub scheme_managed: bool,
    /// Default permissions, sorted.
    pub permissions: BTreeSet<String>,
}

/// Every built-in role with its default permissions.
pub fn builtin_roles() -> Vec<BuiltinRole> {
    let mut map: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for line in DEFAULT_ROLES_TSV.lines().skip(1) {
        if let Some((role, perm)) = line.split_once('\t') {
            map.entry(role.trim())
                .or_default()
                .insert(perm.trim().to_owned());
        }
    }
    // Roles with no default permissions still exist.
    for empty in ["system_user_access_token", "team_guest"] {
        map.entry(empty).or_default();
    }
    map.into_iter()
        .map(|(name, permissions)| BuiltinRole {
            display_name: format!("authentication.roles.{name}.name"),
            scheme_managed: name.starts_with("team_")
                || name.starts_with("channel_")
                || name.starts_with("playbook_")
                || name.starts_with("run_")
                || matches!(name, "system_user" | "system_admin" | "system_guest"),
            name: name.to_owned(),
            permissions,
        })
        .collect()
}

/// Permission names Outpost checks (Mattermost's `model.Permission*` ids).
pub mod perm {
    pub const MANAGE_SYSTEM: &str = "manage_system";
    pub const CREATE_POST: &str = "create_post";
    pub const CREATE_POST_PUBLIC: &str = "create_post_public";
    pub const EDIT_POST: &str = "edit_post";
    pub const EDIT_OTHERS_POSTS: &str = "edit_others_posts";
    pub const DELETE_POST: &str = "delete_post";
    pub const DELETE_OTHERS_POSTS: &str = "delete_others_posts";
    pub const ADD_REACTION: &str = "add_reaction";
    pub const UPLOAD_FILE: &str = "upload_file";
    pub const CREATE_EMOJIS: &str = "create_emojis";
    pub const DELETE_EMOJIS: &str = "delete_emojis";
    pub const DELETE_OTHERS_EMOJIS: &str = "delete_others_emojis";
    pub const CREATE_POST_EPHEMERAL: &str = "create_post_ephemeral";
    pub const USE_CHANNEL_MENTIONS: &str = "use_channel_mentions";
    pub const REMOVE_REACTION: &str = "remove_reaction";
    pub const REMOVE_OTHERS_REACTIONS: &str = "remove_others_reactions";
    pub const CREATE_TEAM: &str = "create_team";
    pub const MANAGE_TEAM: &str = "manage_team";
    pub const MANAGE_TEAM_ROLES: &str = "manage_team_roles";
    pub const VIEW_TEAM: &str = "view_team";
    pub const LIST_TEAM_CHANNELS: &str = "list_team_channels";
    pub const JOIN_PUBLIC_TEAMS: &str = "join_public_teams";
    pub const JOIN_PRIVATE_TEAMS: &str = "join_private_teams";
    pub const LIST_PUBLIC_TEAMS: &str = "list_public_teams";
    pub const LIST_PRIVATE_TEAMS: &str = "list_private_teams";
    pub const ADD_USER_TO_TEAM: &str = "add_user_to_team";
    pub const REMOVE_USER_FROM_TEAM: &str = "remove_user_from_team";
    pub const INVITE_USER: &str = "invite_user";
    pub const DELETE_TEAM: &str = "delete_team";
    pub const CREATE_PUBLIC_CHANNEL: &str = "create_public_channel";
    pub const CREATE_PRIVATE_CHANNEL: &str = "create_private_channel";
    pub const CREATE_DIRECT_CHANNEL: &str = "create_direct_channel";
    pub const CREATE_GROUP_CHANNEL: &str = "create_group_channel";
    pub const READ_CHANNEL: &str = "read_channel";
    pub const READ_CHANNEL_CONTENT: &str = "read_channel_content";
    pub const READ_PUBLIC_CHANNEL: &str = "read_public_channel";
    pub const JOIN_PUBLIC_CHANNELS: &str = "join_public_channels";
    pub const MANAGE_PUBLIC_CHANNEL_PROPERTIES: &str = "manage_public_channel_properties";
    pub const MANAGE_PRIVATE_CHANNEL_PROPERTIES: &str = "manage_private_channel_properties";
    pub const MANAGE_PUBLIC_CHANNEL_MEMBERS: &str = "manage_public_channel_members";
    pub const MANAGE_PRIVATE_CHANNEL_MEMBERS: &str = "manage_private_channel_members";
    pub const DELETE_PUBLIC_CHANNEL: &str = "delete_public_channel";
    pub const DELETE_PRIVATE_CHANNEL: &str = "delete_private_channel";
    pub const MANAGE_CHANNEL_ROLES: &str = "manage_channel_roles";
    pub const EDIT_OTHER_USERS: &str = "edit_other_users";
    pub const MANAGE_ROLES: &str = "manage_roles";
    pub const CREATE_USER_ACCESS_TOKEN: &str = "create_user_access_token";
    pub const READ_USER_ACCESS_TOKEN: &str = "read_user_access_token";
    pub const REVOKE_USER_ACCESS_TOKEN: &str = "revoke_user_access_token";
    pub const VIEW_MEMBERS: &str = "view_members";
    pub const READ_OTHER_USERS_TEAMS: &str = "read_other_users_teams";
    pub const SYSCONSOLE_READ_ENVIRONMENT: &str = "sysconsole_read_environment_web_server";
    pub const MANAGE_SYSTEM_WIDE_OAUTH: &str = "manage_system_wide_oauth";
    pub const MANAGE_OWN_INCOMING_WEBHOOKS: &str = "manage_own_incoming_webhooks";
    pub const MANAGE_OTHERS_INCOMING_WEBHOOKS: &str = "manage_others_incoming_webhooks";
    pub const BYPASS_INCOMING_WEBHOOK_CHANNEL_LOCK: &str = "bypass_incoming_webhook_channel_lock";
    pub const MANAGE_OWN_OUTGOING_WEBHOOKS: &str = "manage_own_outgoing_webhooks";
    pub const MANAGE_OTHERS_OUTGOING_WEBHOOKS: &str = "manage_others_outgoing_webhooks";
    pub const MANAGE_OWN_SLASH_COMMANDS: &str = "manage_own_slash_commands";
    pub const MANAGE_OTHERS_SLASH_COMMANDS: &str = "manage_others_slash_commands";
    pub const CREATE_BOT: &str = "create_bot";
    pub const READ_BOTS: &str = "read_bots";
    pub const READ_OTHERS_BOTS: &str = "read_others_bots";
    pub const MANAGE_BOTS: &str = "manage_bots";
    pub const MANAGE_OTHERS_BOTS: &str = "manage_others_bots";
    pub const ASSIGN_BOT: &str = "assign_bot";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_mattermost() {
        let roles = builtin_roles();
        let get = |n: &str| roles.iter().find(|r| r.name == n).cloned();
        let user = get("system_user");
        assert!(
            user.as_ref()
                .is_some_and(|r| r.permissions.contains(perm::CREATE_TEAM))
        );
        assert!(
            user.as_ref()
                .is_some_and(|r| !r.permissions.contains(perm::MANAGE_SYSTEM))
        );
        let admin = get("system_admin");
        assert!(admin.is_some_and(|r| r.permissions.contains(perm::MANAGE_SYSTEM)));
        assert!(
            get("team_user").is_some_and(|r| r.permissions.contains(perm::CREATE_PUBLIC_CHANNEL))
        );
        assert!(get("channel_user").is_some_and(|r| r.permissions.contains("create_post")));
        assert!(!roles.iter().any(|r| r.name == "role"));
    }
}
