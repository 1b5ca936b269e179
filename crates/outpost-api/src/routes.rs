//! The route table: every API v4 route Outpost serves, grouped by resource. `ROUTES` lists them
//! for the parity test against Mattermost's endpoint inventory.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, delete, get, post, put};

use crate::AppState;
use crate::handlers::{
    actions, auth, bots, channels, commands, drafts, emoji, files, notifications, posts,
    preferences, search, sidebar, status, system, teams, threads, users, webhooks, websocket,
};

/// `(method, path)` of every route, in Mattermost's `{param}` notation.
pub static ROUTES: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
    std::sync::LazyLock::new(|| table().into_iter().map(|(m, p, _)| (m, p)).collect());

type Entry = (&'static str, &'static str, MethodRouter<AppState>);

#[rustfmt::skip]
fn table() -> Vec<Entry> {
    vec![
        // users
        ("POST", "/api/v4/users", post(users::create_user)),
        ("GET", "/api/v4/users", get(users::get_users)),
        ("POST", "/api/v4/users/ids", post(users::get_users_by_ids)),
        ("POST", "/api/v4/users/usernames", post(users::get_users_by_usernames)),
        ("POST", "/api/v4/users/search", post(users::search_users)),
        ("GET", "/api/v4/users/autocomplete", get(users::autocomplete_users)),
        ("GET", "/api/v4/users/{user_id}", get(users::get_user)),
        ("PUT", "/api/v4/users/{user_id}", put(users::update_user)),
        ("PUT", "/api/v4/users/{user_id}/patch", put(users::patch_user)),
        ("PUT", "/api/v4/users/{user_id}/active", put(users::update_user_active)),
        ("PUT", "/api/v4/users/{user_id}/password", put(users::update_password)),
        ("PUT", "/api/v4/users/{user_id}/roles", put(users::update_user_roles)),
        ("POST", "/api/v4/users/{user_id}/reset_failed_attempts", post(users::reset_failed_attempts)),
        ("GET", "/api/v4/users/username/{username}", get(users::get_user_by_username)),
        ("GET", "/api/v4/users/email/{email}", get(users::get_user_by_email)),
        ("GET", "/api/v4/users/{user_id}/image", get(users::get_profile_image)),
        ("POST", "/api/v4/users/{user_id}/image", post(users::set_profile_image)),
        ("DELETE", "/api/v4/users/{user_id}/image", delete(users::set_default_profile_image)),
        ("GET", "/api/v4/users/{user_id}/image/default", get(users::get_default_profile_image)),
        // preferences
        ("GET", "/api/v4/users/{user_id}/preferences", get(preferences::get_preferences)),
        ("PUT", "/api/v4/users/{user_id}/preferences", put(preferences::update_preferences)),
        ("POST", "/api/v4/users/{user_id}/preferences/delete", post(preferences::delete_preferences)),
        ("GET", "/api/v4/users/{user_id}/preferences/{category}", get(preferences::get_preferences_by_category)),
        ("GET", "/api/v4/users/{user_id}/preferences/{category}/name/{preference_name}", get(preferences::get_preference_by_category_and_name)),
        // drafts
        ("POST", "/api/v4/drafts", post(drafts::upsert_draft)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/drafts", get(drafts::get_drafts)),
        ("DELETE", "/api/v4/users/{user_id}/channels/{channel_id}/drafts", delete(drafts::delete_draft)),
        ("DELETE", "/api/v4/users/{user_id}/channels/{channel_id}/drafts/{thread_id}", delete(drafts::delete_draft)),
        // statuses
        ("GET", "/api/v4/users/{user_id}/status", get(status::get_user_status)),
        ("PUT", "/api/v4/users/{user_id}/status", put(status::update_user_status)),
        ("POST", "/api/v4/users/status/ids", post(status::get_user_statuses_by_ids)),
        ("PUT", "/api/v4/users/{user_id}/status/custom", put(status::update_user_custom_status)),
        ("DELETE", "/api/v4/users/{user_id}/status/custom", delete(status::remove_user_custom_status)),
        ("DELETE", "/api/v4/users/{user_id}/status/custom/recent", delete(status::remove_user_recent_custom_status)),
        ("POST", "/api/v4/users/{user_id}/status/custom/recent/delete", post(status::remove_user_recent_custom_status)),
        // authentication and sessions
        ("POST", "/api/v4/users/login", post(auth::login)),
        ("POST", "/api/v4/users/logout", post(auth::logout)),
        ("GET", "/api/v4/users/{user_id}/sessions", get(auth::get_sessions)),
        ("POST", "/api/v4/users/{user_id}/sessions/revoke", post(auth::revoke_session)),
        ("POST", "/api/v4/users/{user_id}/sessions/revoke/all", post(auth::revoke_all_sessions_for_user)),
        ("POST", "/api/v4/users/sessions/revoke/all", post(auth::revoke_all_sessions_all_users)),
        ("PUT", "/api/v4/users/sessions/device", put(auth::attach_device_id)),
        // account e-mails
        ("POST", "/api/v4/users/password/reset/send", post(notifications::send_password_reset)),
        ("POST", "/api/v4/users/password/reset", post(notifications::reset_password)),
        ("POST", "/api/v4/users/email/verify/send", post(notifications::send_verification_email)),
        ("POST", "/api/v4/users/email/verify", post(notifications::verify_user_email)),
        // personal access tokens
        ("POST", "/api/v4/users/{user_id}/tokens", post(auth::create_user_access_token)),
        ("GET", "/api/v4/users/{user_id}/tokens", get(auth::get_user_access_tokens_for_user)),
        ("GET", "/api/v4/users/tokens", get(auth::get_user_access_tokens)),
        ("GET", "/api/v4/users/tokens/{token_id}", get(auth::get_user_access_token)),
        ("POST", "/api/v4/users/tokens/revoke", post(auth::revoke_user_access_token)),
        ("POST", "/api/v4/users/tokens/disable", post(auth::disable_user_access_token)),
        ("POST", "/api/v4/users/tokens/enable", post(auth::enable_user_access_token)),
        // teams
        ("POST", "/api/v4/teams", post(teams::create_team)),
        ("GET", "/api/v4/teams", get(teams::get_all_teams)),
        ("GET", "/api/v4/teams/{team_id}", get(teams::get_team)),
        ("PUT", "/api/v4/teams/{team_id}", put(teams::update_team)),
        ("DELETE", "/api/v4/teams/{team_id}", delete(teams::delete_team)),
        ("PUT", "/api/v4/teams/{team_id}/patch", put(teams::patch_team)),
        ("POST", "/api/v4/teams/{team_id}/restore", post(teams::restore_team)),
        ("POST", "/api/v4/teams/{team_id}/regenerate_invite_id", post(teams::regenerate_team_invite_id)),
        ("GET", "/api/v4/teams/{team_id}/stats", get(teams::get_team_stats)),
        ("GET", "/api/v4/teams/name/{team_name}", get(teams::get_team_by_name)),
        ("GET", "/api/v4/teams/name/{team_name}/exists", get(teams::team_exists)),
        ("GET", "/api/v4/users/{user_id}/teams", get(teams::get_teams_for_user)),
        ("GET", "/api/v4/users/{user_id}/teams/unread", get(teams::get_teams_unread_for_user)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/unread", get(teams::get_team_unread)),
        // team members
        ("GET", "/api/v4/teams/{team_id}/members", get(teams::get_team_members)),
        ("POST", "/api/v4/teams/{team_id}/members", post(teams::add_team_member)),
        ("POST", "/api/v4/teams/{team_id}/members/batch", post(teams::add_team_members)),
        ("POST", "/api/v4/teams/{team_id}/members/ids", post(teams::get_team_members_by_ids)),
        ("GET", "/api/v4/teams/{team_id}/members/{user_id}", get(teams::get_team_member)),
        ("DELETE", "/api/v4/teams/{team_id}/members/{user_id}", delete(teams::remove_team_member)),
        ("PUT", "/api/v4/teams/{team_id}/members/{user_id}/roles", put(teams::update_team_member_roles)),
        ("POST", "/api/v4/teams/members/invite", post(teams::add_user_to_team_from_invite)),
        ("POST", "/api/v4/teams/{team_id}/invite/email", post(notifications::invite_users_to_team)),
        ("GET", "/api/v4/users/{user_id}/teams/members", get(teams::get_team_members_for_user)),
        // channels
        ("POST", "/api/v4/channels", post(channels::create_channel)),
        ("POST", "/api/v4/channels/direct", post(channels::create_direct_channel)),
        ("POST", "/api/v4/channels/group", post(channels::create_group_channel)),
        ("GET", "/api/v4/channels/{channel_id}", get(channels::get_channel)),
        ("PUT", "/api/v4/channels/{channel_id}", put(channels::update_channel)),
        ("DELETE", "/api/v4/channels/{channel_id}", delete(channels::delete_channel)),
        ("PUT", "/api/v4/channels/{channel_id}/patch", put(channels::patch_channel)),
        ("POST", "/api/v4/channels/{channel_id}/restore", post(channels::restore_channel)),
        ("GET", "/api/v4/channels/{channel_id}/stats", get(channels::get_channel_stats)),
        ("GET", "/api/v4/channels/{channel_id}/timezones", get(channels::get_channel_members_timezones)),
        ("GET", "/api/v4/teams/{team_id}/channels", get(channels::get_public_channels_for_team)),
        ("GET", "/api/v4/teams/{team_id}/channels/deleted", get(channels::get_deleted_channels_for_team)),
        ("GET", "/api/v4/teams/{team_id}/channels/private", get(channels::get_private_channels_for_team)),
        ("POST", "/api/v4/teams/{team_id}/channels/search", post(channels::search_channels)),
        ("POST", "/api/v4/teams/{team_id}/channels/ids", post(channels::get_public_channels_by_ids_for_team)),
        ("GET", "/api/v4/teams/{team_id}/channels/name/{channel_name}", get(channels::get_channel_by_name)),
        ("GET", "/api/v4/teams/name/{team_name}/channels/name/{channel_name}", get(channels::get_channel_by_name_for_team_name)),
        ("GET", "/api/v4/users/{user_id}/channels", get(channels::get_channels_for_user)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels", get(channels::get_channels_for_team_for_user)),
        // channel members
        ("GET", "/api/v4/channels/{channel_id}/members", get(channels::get_channel_members)),
        ("POST", "/api/v4/channels/{channel_id}/members", post(channels::add_channel_member)),
        ("POST", "/api/v4/channels/{channel_id}/members/ids", post(channels::get_channel_members_by_ids)),
        ("GET", "/api/v4/channels/{channel_id}/members/{user_id}", get(channels::get_channel_member)),
        ("DELETE", "/api/v4/channels/{channel_id}/members/{user_id}", delete(channels::remove_channel_member)),
        ("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/roles", put(channels::update_channel_member_roles)),
        ("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/notify_props", put(channels::update_channel_member_notify_props)),
        ("POST", "/api/v4/channels/members/{user_id}/view", post(channels::view_channel)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/members", get(channels::get_channel_members_for_team_for_user)),
        // sidebar categories
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories", get(sidebar::get_categories_for_team_for_user)),
        ("POST", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories", post(sidebar::create_category_for_team_for_user)),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories", put(sidebar::update_categories_for_team_for_user)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/order", get(sidebar::get_category_order_for_team_for_user)),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/order", put(sidebar::update_category_order_for_team_for_user)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}", get(sidebar::get_category_for_team_for_user)),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}", put(sidebar::update_category_for_team_for_user)),
        ("DELETE", "/api/v4/users/{user_id}/teams/{team_id}/channels/categories/{category_id}", delete(sidebar::delete_category_for_team_for_user)),
        // system
        ("GET", "/api/v4/system/ping", get(system::get_system_ping)),
        ("GET", "/api/v4/system/timezones", get(system::get_supported_timezones)),
        ("GET", "/api/v4/config/client", get(system::get_client_config)),
        ("GET", "/api/v4/license/client", get(system::get_client_license)),
        ("GET", "/api/v4/config", get(system::get_config)),
        ("PUT", "/api/v4/config", put(system::update_config)),
        ("PUT", "/api/v4/config/patch", put(system::patch_config)),
        ("POST", "/api/v4/config/reload", post(system::config_reload)),
        ("GET", "/api/v4/config/environment", get(system::get_environment_config)),
        ("POST", "/api/v4/email/test", post(notifications::test_email)),
        ("POST", "/api/v4/notifications/ack", post(notifications::push_notification_ack)),
        // posts
        ("POST", "/api/v4/posts", post(posts::create_post)),
        ("POST", "/api/v4/posts/ids", post(posts::get_posts_by_ids)),
        ("POST", "/api/v4/posts/ephemeral", post(posts::create_ephemeral_post)),
        ("POST", "/api/v4/posts/search", post(search::search_posts_in_all_teams)),
        ("POST", "/api/v4/teams/{team_id}/posts/search", post(search::search_posts_in_team)),
        ("GET", "/api/v4/posts/{post_id}", get(posts::get_post)),
        ("PUT", "/api/v4/posts/{post_id}", put(posts::update_post)),
        ("DELETE", "/api/v4/posts/{post_id}", delete(posts::delete_post)),
        ("PUT", "/api/v4/posts/{post_id}/patch", put(posts::patch_post)),
        ("GET", "/api/v4/posts/{post_id}/thread", get(posts::get_post_thread)),
        ("GET", "/api/v4/posts/{post_id}/edit_history", get(posts::get_edit_history_for_post)),
        ("POST", "/api/v4/posts/{post_id}/pin", post(posts::pin_post)),
        ("POST", "/api/v4/posts/{post_id}/unpin", post(posts::unpin_post)),
        ("GET", "/api/v4/channels/{channel_id}/posts", get(posts::get_posts_for_channel)),
        ("GET", "/api/v4/channels/{channel_id}/pinned", get(posts::get_pinned_posts)),
        ("POST", "/api/v4/users/{user_id}/posts/{post_id}/set_unread", post(posts::set_post_unread)),
        ("GET", "/api/v4/users/{user_id}/channels/{channel_id}/posts/unread", get(posts::get_posts_for_channel_around_last_unread)),
        ("GET", "/api/v4/users/{user_id}/posts/flagged", get(posts::get_flagged_posts_for_user)),
        // threads
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/threads", get(threads::get_user_threads)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/threads/mention_counts", get(threads::get_thread_mention_counts)),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/threads/read", put(threads::update_threads_read_for_user)),
        ("GET", "/api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}", get(threads::get_user_thread)),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}", put(threads::update_thread_read_for_user)),
        ("POST", "/api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/set_unread/{post_id}", post(threads::set_unread_thread_by_post_id)),
        ("PUT", "/api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following", put(threads::follow_thread_by_user)),
        ("DELETE", "/api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following", delete(threads::unfollow_thread_by_user)),
        // files (uploads stream: no body limit beyond FileSettings.MaxFileSize, enforced while reading)
        ("POST", "/api/v4/files", post(files::upload_file).layer(DefaultBodyLimit::disable())),
        ("POST", "/api/v4/files/search", post(files::search_files)),
        ("GET", "/api/v4/files/{file_id}", get(files::get_file)),
        ("GET", "/api/v4/files/{file_id}/thumbnail", get(files::get_file_thumbnail)),
        ("GET", "/api/v4/files/{file_id}/preview", get(files::get_file_preview)),
        ("GET", "/api/v4/files/{file_id}/info", get(files::get_file_info)),
        ("GET", "/api/v4/files/{file_id}/link", get(files::get_file_link)),
        ("GET", "/files/{file_id}/public", get(files::get_file_public)),
        ("GET", "/api/v4/posts/{post_id}/files/info", get(files::get_file_infos_for_post)),
        ("POST", "/api/v4/teams/{team_id}/files/search", post(files::search_files_in_team)),
        ("POST", "/api/v4/uploads", post(files::create_upload)),
        ("GET", "/api/v4/uploads/{upload_id}", get(files::get_upload)),
        ("POST", "/api/v4/uploads/{upload_id}", post(files::upload_data).layer(DefaultBodyLimit::disable())),
        ("GET", "/api/v4/users/{user_id}/uploads", get(files::get_uploads_for_user)),
        // custom emoji
        ("POST", "/api/v4/emoji", post(emoji::create_emoji).layer(DefaultBodyLimit::max(2 << 20))),
        ("GET", "/api/v4/emoji", get(emoji::get_emoji_list)),
        ("POST", "/api/v4/emoji/names", post(emoji::get_emojis_by_names)),
        ("POST", "/api/v4/emoji/search", post(emoji::search_emoji)),
        ("GET", "/api/v4/emoji/autocomplete", get(emoji::autocomplete_emoji)),
        ("GET", "/api/v4/emoji/name/{emoji_name}", get(emoji::get_emoji_by_name)),
        ("GET", "/api/v4/emoji/{emoji_id}", get(emoji::get_emoji)),
        ("DELETE", "/api/v4/emoji/{emoji_id}", delete(emoji::delete_emoji)),
        ("GET", "/api/v4/emoji/{emoji_id}/image", get(emoji::get_emoji_image)),
        // reactions
        ("POST", "/api/v4/reactions", post(posts::save_reaction)),
        ("GET", "/api/v4/posts/{post_id}/reactions", get(posts::get_reactions)),
        ("POST", "/api/v4/posts/ids/reactions", post(posts::get_bulk_reactions)),
        ("DELETE", "/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}", delete(posts::delete_reaction)),
        // websocket
        ("GET", "/api/v4/websocket", get(websocket::connect_websocket)),
        // incoming webhooks
        ("POST", "/api/v4/hooks/incoming", post(webhooks::create_incoming_hook)),
        ("GET", "/api/v4/hooks/incoming", get(webhooks::get_incoming_hooks)),
        ("GET", "/api/v4/hooks/incoming/{hook_id}", get(webhooks::get_incoming_hook)),
        ("PUT", "/api/v4/hooks/incoming/{hook_id}", put(webhooks::update_incoming_hook)),
        ("DELETE", "/api/v4/hooks/incoming/{hook_id}", delete(webhooks::delete_incoming_hook)),
        ("POST", "/hooks/{id}", post(webhooks::incoming_webhook)),
        // outgoing webhooks
        ("POST", "/api/v4/hooks/outgoing", post(webhooks::create_outgoing_hook)),
        ("GET", "/api/v4/hooks/outgoing", get(webhooks::get_outgoing_hooks)),
        ("GET", "/api/v4/hooks/outgoing/{hook_id}", get(webhooks::get_outgoing_hook)),
        ("PUT", "/api/v4/hooks/outgoing/{hook_id}", put(webhooks::update_outgoing_hook)),
        ("DELETE", "/api/v4/hooks/outgoing/{hook_id}", delete(webhooks::delete_outgoing_hook)),
        ("POST", "/api/v4/hooks/outgoing/{hook_id}/regen_token", post(webhooks::regen_outgoing_hook_token)),
        ("POST", "/hooks/commands/{id}", post(webhooks::command_webhook)),
        // slash commands
        ("POST", "/api/v4/commands", post(commands::create_command)),
        ("GET", "/api/v4/commands", get(commands::list_commands)),
        ("POST", "/api/v4/commands/execute", post(commands::execute_command)),
        ("GET", "/api/v4/commands/{command_id}", get(commands::get_command)),
        ("PUT", "/api/v4/commands/{command_id}", put(commands::update_command)),
        ("DELETE", "/api/v4/commands/{command_id}", delete(commands::delete_command)),
        ("PUT", "/api/v4/commands/{command_id}/regen_token", put(commands::regen_command_token)),
        ("GET", "/api/v4/teams/{team_id}/commands/autocomplete", get(commands::list_autocomplete_commands)),
        ("GET", "/api/v4/teams/{team_id}/commands/autocomplete_suggestions", get(commands::list_command_autocomplete_suggestions)),
        // interactive messages
        ("POST", "/api/v4/posts/{post_id}/actions/{action_id}", post(actions::do_post_action)),
        ("POST", "/api/v4/actions/dialogs/open", post(actions::open_dialog)),
        ("POST", "/api/v4/actions/dialogs/submit", post(actions::submit_dialog)),
        // bots
        ("POST", "/api/v4/bots", post(bots::create_bot)),
        ("GET", "/api/v4/bots", get(bots::get_bots)),
        ("GET", "/api/v4/bots/{bot_user_id}", get(bots::get_bot)),
        ("PUT", "/api/v4/bots/{bot_user_id}", put(bots::patch_bot)),
        ("POST", "/api/v4/bots/{bot_user_id}/disable", post(bots::disable_bot)),
        ("POST", "/api/v4/bots/{bot_user_id}/enable", post(bots::enable_bot)),
        ("POST", "/api/v4/bots/{bot_user_id}/assign/{user_id}", post(bots::assign_bot)),
        ("GET", "/api/v4/bots/{bot_user_id}/icon", get(bots::get_bot_icon_image)),
        ("POST", "/api/v4/bots/{bot_user_id}/icon", post(bots::set_bot_icon_image)),
        ("DELETE", "/api/v4/bots/{bot_user_id}/icon", delete(bots::delete_bot_icon_image)),
        // roles
        ("GET", "/api/v4/roles", get(system::get_all_roles)),
        ("GET", "/api/v4/roles/{role_id}", get(system::get_role)),
        ("GET", "/api/v4/roles/name/{role_name}", get(system::get_role_by_name)),
        ("POST", "/api/v4/roles/names", post(system::get_roles_by_names)),
        ("PUT", "/api/v4/roles/{role_id}/patch", put(system::patch_role)),
    ]
}

/// Outpost's own routes, outside Mattermost's `/api/v4` (features Mattermost does not have, for
/// Outpost's web client). Kept apart so the parity test of [`ROUTES`] stays about Mattermost.
#[rustfmt::skip]
fn extensions() -> Vec<Entry> {
    vec![
        // Web Push (the VAPID key is `WebPushPublicKey` in the client config)
        ("POST", "/api/outpost/v1/webpush/subscriptions", post(notifications::subscribe_web_push)),
        ("POST", "/api/outpost/v1/webpush/subscriptions/delete", post(notifications::unsubscribe_web_push)),
    ]
}

/// The router with every route of both tables. Routes sharing a path are merged.
pub fn api_routes() -> Router<AppState> {
    let mut merged: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for (_, path, handler) in table().into_iter().chain(extensions()) {
        match merged.iter_mut().find(|(p, _)| *p == path) {
            Some((_, existing)) => {
                let prev = std::mem::take(existing);
                *existing = prev.merge(handler);
            }
            None => merged.push((path, handler)),
        }
    }
    merged
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}
