//! Direct (two people) and group (three to eight) message channels: found by a name derived from
//! the member ids, created on first use.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::{Channel, ChannelMember, default_channel_notify_props};
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;
use sha1::{Digest, Sha1};

use crate::{App, SessionCtx, internal};

/// `model.GetDMNameFromIds`: the two ids in order, joined by `__`.
pub fn direct_channel_name(a: &str, b: &str) -> String {
    if a > b {
        format!("{b}__{a}")
    } else {
        format!("{a}__{b}")
    }
}

/// `model.GetGroupNameFromUserIds`: hex SHA-1 of the sorted ids concatenated.
pub fn group_channel_name(ids: &[String]) -> String {
    let mut sorted: Vec<&String> = ids.iter().collect();
    sorted.sort();
    let mut h = Sha1::new();
    for id in sorted {
        h.update(id.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl App {
    /// Returns the channel named `name` outside any team, creating it with `members` when missing
    /// (a concurrent creation is resolved by reading the winner).
    async fn get_or_create_message_channel(
        &self,
        channel: Channel,
        user_ids: &[String],
    ) -> AppResult<Channel> {
        match self
            .store
            .get_channel_by_name("", &channel.name, true)
            .await
        {
            Ok(existing) => return Ok(existing),
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(internal("app.channel.get_by_name.existing.app_error")(e)),
        }
        let members: Vec<ChannelMember> = user_ids
            .iter()
            .map(|u| ChannelMember {
                channel_id: channel.id.clone(),
                user_id: u.clone(),
                notify_props: default_channel_notify_props(),
                last_update_at: channel.create_at,
                scheme_user: true,
                ..ChannelMember::default()
            })
            .collect();
        match self.store.save_channel(&channel, &members).await {
            Ok(()) => Ok(channel),
            Err(StoreError::Conflict(_)) => self
                .store
                .get_channel_by_name("", &channel.name, true)
                .await
                .map_err(internal("app.channel.get_by_name.existing.app_error")),
            Err(e) => Err(internal("app.channel.create_direct_channel.internal_error")(e)),
        }
    }

    fn new_message_channel(
        &self,
        ctx: &SessionCtx,
        kind: &str,
        name: String,
        display: String,
    ) -> Channel {
        let now = now_millis();
        Channel {
            id: new_id(),
            create_at: now,
            update_at: now,
            channel_type: kind.to_owned(),
            name,
            display_name: display,
            creator_id: ctx.user_id().to_owned(),
            ..Channel::default()
        }
    }

    /// `POST /channels/direct`: the DM between two users (one of them the caller, unless admin).
    pub async fn create_direct_channel(
        &self,
        ctx: &SessionCtx,
        ids: &[String],
    ) -> AppResult<Channel> {
        if ids.len() != 2 {
            return Err(AppError::invalid_body_param("user_ids"));
        }
        if ids.iter().any(|i| !outpost_model::is_valid_id(i)) {
            return Err(AppError::invalid_body_param("user_id"));
        }
        self.require_system_permission(ctx, perm::CREATE_DIRECT_CHANNEL)?;
        if !ids.iter().any(|i| i == ctx.user_id()) {
            self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
        }
        let mut unique = ids.to_vec();
        unique.dedup();
        let users = self
            .store
            .get_users_by_ids(&unique)
            .await
            .map_err(internal("app.user.get_users.app_error"))?;
        if users.len() != unique.len() {
            return Err(AppError::bad_request(
                "api.channel.create_direct_channel.invalid_user.app_error",
                "Invalid user ID for direct channel creation.",
            ));
        }
        let name = direct_channel_name(&ids[0], &ids[1]);
        let channel = self.new_message_channel(ctx, "D", name, String::new());
        self.get_or_create_message_channel(channel, &unique).await
    }

    /// `POST /channels/group`: the GM of 3–8 distinct users, the caller included.
    pub async fn create_group_channel(
        &self,
        ctx: &SessionCtx,
        ids: &[String],
    ) -> AppResult<Channel> {
        if ids.is_empty() {
            return Err(AppError::invalid_body_param("user_ids"));
        }
        if ids.iter().any(|i| !outpost_model::is_valid_id(i)) {
            return Err(AppError::invalid_body_param("user_id"));
        }
        let mut unique: Vec<String> = Vec::new();
        for id in ids.iter().map(String::as_str).chain([ctx.user_id()]) {
            if !unique.iter().any(|u| u == id) {
                unique.push(id.to_owned());
            }
        }
        self.require_system_permission(ctx, perm::CREATE_GROUP_CHANNEL)?;
        if !(3..=8).contains(&unique.len()) {
            return Err(AppError::bad_request(
                "api.channel.create_group.bad_size.app_error",
                "Group message channels must contain at least 3 and no more than 8 users.",
            ));
        }
        let users = self
            .store
            .get_users_by_ids(&unique)
            .await
            .map_err(internal("app.user.get_users.app_error"))?;
        if users.len() != unique.len() {
            return Err(AppError::bad_request(
                "api.channel.create_group.bad_user.app_error",
                "One of the provided users does not exist.",
            ));
        }
        let mut names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
        names.sort_unstable();
        let mut display = names.join(", ");
        if display.len() > 64 {
            let mut cut = 64;
            while !display.is_char_boundary(cut) {
                cut -= 1;
            }
            display.truncate(cut);
        }
        let channel = self.new_message_channel(ctx, "G", group_channel_name(&unique), display);
        self.get_or_create_message_channel(channel, &unique).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable() {
        assert_eq!(direct_channel_name("b", "a"), "a__b");
        let ids = vec!["c".to_owned(), "a".to_owned(), "b".to_owned()];
        // sha1("abc")
        assert_eq!(
            group_channel_name(&ids),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }
}
