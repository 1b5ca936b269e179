//! Mattermost's system messages: joining, leaving, being added to or removed from a channel or a
//! team, header/purpose/display-name changes, archiving. They are ordinary posts (with a
//! `system_*` type and the props the clients render them from), so they also go out as `posted`.
//! Like Mattermost, a failure to post one is logged and does not fail the change that caused it.

use std::collections::BTreeMap;

use outpost_model::post::Post;
use outpost_model::{new_id, now_millis};
use serde_json::Value;

use crate::App;

/// A system message to post: its type, text and props.
pub(crate) struct SystemMessage {
    post_type: &'static str,
    message: String,
    props: BTreeMap<String, Value>,
}

fn props<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, Value> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect()
}

/// Who did something to whom: `(id, username)` pairs.
pub(crate) type Person<'a> = (&'a str, &'a str);

impl SystemMessage {
    fn new(post_type: &'static str, message: String, props: BTreeMap<String, Value>) -> Self {
        Self {
            post_type,
            message,
            props,
        }
    }

    pub(crate) fn join_channel(username: &str) -> Self {
        Self::new(
            "system_join_channel",
            format!("{username} joined the channel."),
            props([("username", username)]),
        )
    }

    /// The message embeds `@username` so that it still reads as a mention after the user left.
    pub(crate) fn leave_channel(username: &str) -> Self {
        Self::new(
            "system_leave_channel",
            format!("@{username} left the channel."),
            props([("username", username)]),
        )
    }

    pub(crate) fn add_to_channel(by: Person<'_>, added: Person<'_>) -> Self {
        Self::new(
            "system_add_to_channel",
            format!("{} added to the channel by {}.", added.1, by.1),
            props([
                ("userId", by.0),
                ("username", by.1),
                ("addedUserId", added.0),
                ("addedUsername", added.1),
            ]),
        )
    }

    pub(crate) fn remove_from_channel(removed: Person<'_>) -> Self {
        Self::new(
            "system_remove_from_channel",
            format!("@{} removed from the channel.", removed.1),
            props([("removedUserId", removed.0), ("removedUsername", removed.1)]),
        )
    }

    pub(crate) fn join_team(username: &str) -> Self {
        Self::new(
            "system_join_team",
            format!("{username} joined the team."),
            props([("username", username)]),
        )
    }

    pub(crate) fn add_to_team(by: Person<'_>, added: Person<'_>) -> Self {
        Self::new(
            "system_add_to_team",
            format!("{} added to the team by {}.", added.1, by.1),
            props([
                ("userId", by.0),
                ("username", by.1),
                ("addedUserId", added.0),
                ("addedUsername", added.1),
            ]),
        )
    }

    pub(crate) fn leave_team(username: &str) -> Self {
        Self::new(
            "system_leave_team",
            format!("{username} left the team."),
            props([("username", username)]),
        )
    }

    pub(crate) fn remove_from_team(username: &str) -> Self {
        Self::new(
            "system_remove_from_team",
            format!("{username} removed from the team."),
            props([("username", username)]),
        )
    }

    pub(crate) fn header_change(username: &str, old: &str, new: &str) -> Self {
        let message = if old.is_empty() {
            format!("{username} updated the channel header to: {new}")
        } else if new.is_empty() {
            format!("{username} removed the channel header (was: {old})")
        } else {
            format!("{username} updated the channel header from: {old} to: {new}")
        };
        Self::new(
            "system_header_change",
            message,
            props([
                ("username", username),
                ("old_header", old),
                ("new_header", new),
            ]),
        )
    }

    pub(crate) fn purpose_change(username: &str, old: &str, new: &str) -> Self {
        let message = if old.is_empty() {
            format!("{username} updated the channel purpose to: {new}")
        } else if new.is_empty() {
            format!("{username} removed the channel purpose (was: {old})")
        } else {
            format!("{username} updated the channel purpose from: {old} to: {new}")
        };
        Self::new(
            "system_purpose_change",
            message,
            props([
                ("username", username),
                ("old_purpose", old),
                ("new_purpose", new),
            ]),
        )
    }

    pub(crate) fn display_name_change(username: &str, old: &str, new: &str) -> Self {
        Self::new(
            "system_displayname_change",
            format!("{username} updated the channel display name from: {old} to: {new}"),
            props([
                ("username", username),
                ("old_displayname", old),
                ("new_displayname", new),
            ]),
        )
    }

    pub(crate) fn channel_archived(username: &str) -> Self {
        Self::new(
            "system_channel_deleted",
            format!("{username} archived the channel"),
            props([("username", username)]),
        )
    }

    pub(crate) fn channel_restored(username: &str) -> Self {
        Self::new(
            "system_channel_restored",
            format!("{username} unarchived the channel"),
            props([("username", username)]),
        )
    }
}

impl App {
    /// The username of a user, for system messages (empty when unknown).
    pub(crate) async fn username_of(&self, user_id: &str) -> String {
        self.store
            .get_user(user_id)
            .await
            .map(|u| u.username)
            .unwrap_or_default()
    }

    /// Posts `msg` in the channel as `author` and publishes it as `posted` to the channel's
    /// members. Failures are logged, as Mattermost does.
    pub(crate) async fn post_system_message(
        &self,
        channel_id: &str,
        author: &str,
        msg: SystemMessage,
    ) {
        if let Err(e) = self.try_post_system_message(channel_id, author, msg).await {
            tracing::warn!(error = %e, channel_id, "failed to post a system message");
        }
    }

    async fn try_post_system_message(
        &self,
        channel_id: &str,
        author: &str,
        msg: SystemMessage,
    ) -> Result<(), outpost_store::StoreError> {
        let channel = self.store.get_post_channel(channel_id).await?;
        let now = now_millis();
        let post = Post {
            id: new_id(),
            create_at: now,
            update_at: now,
            user_id: author.to_owned(),
            channel_id: channel_id.to_owned(),
            message: msg.message,
            post_type: msg.post_type.to_owned(),
            props: msg.props,
            metadata: Some(serde_json::json!({})),
            ..Post::default()
        };
        self.store.save_post(&post, &channel.team_id).await?;
        let sender = self.username_of(author).await;
        let members = self.store.get_channel_member_ids(channel_id).await?;
        self.publish_posted(&post, channel, &sender, members, &[], &[]);
        Ok(())
    }
}
