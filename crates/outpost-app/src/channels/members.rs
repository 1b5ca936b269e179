//! Channel memberships: reads, adding and removing members, roles, notify props, viewing.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::{
    Channel, ChannelMember, ChannelView, ChannelViewResponse, default_channel_notify_props,
};
use outpost_model::now_millis;
use outpost_model::user::StringMap;
use outpost_store::StoreError;

use crate::system_posts::SystemMessage;
use crate::teams::TOWN_SQUARE;
use crate::{App, SessionCtx, internal, not_found_or_internal};

fn member_not_found(e: StoreError) -> AppError {
    not_found_or_internal(
        "app.channel.get_member.missing.app_error",
        "No channel member found for that user ID and channel ID.",
    )(e)
}

impl App {
    /// `GET /channels/{channel_id}/members`.
    pub async fn get_channel_members(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        page: i64,
        per_page: i64,
    ) -> AppResult<Vec<ChannelMember>> {
        let c = self.get_channel_raw(channel_id).await?;
        self.require_read_channel(ctx, &c).await?;
        self.store
            .get_channel_members(channel_id, page.saturating_mul(per_page), per_page)
            .await
            .map_err(internal("app.channel.get_members.app_error"))
    }

    /// `GET /channels/{channel_id}/members/{user_id}`.
    pub async fn get_channel_member(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        user_id: &str,
    ) -> AppResult<ChannelMember> {
        let c = self.get_channel_raw(channel_id).await?;
        self.require_read_channel(ctx, &c).await?;
        self.store
            .get_channel_member(channel_id, user_id)
            .await
            .map_err(member_not_found)
    }

    /// `POST /channels/{channel_id}/members/ids`.
    pub async fn get_channel_members_by_ids(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        user_ids: &[String],
    ) -> AppResult<Vec<ChannelMember>> {
        let c = self.get_channel_raw(channel_id).await?;
        self.require_read_channel(ctx, &c).await?;
        self.store
            .get_channel_members_by_ids(channel_id, user_ids)
            .await
            .map_err(internal("app.channel.get_members_by_ids.app_error"))
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels/members`.
    pub async fn get_channel_members_for_user(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<Vec<ChannelMember>> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        self.store
            .get_channel_members_for_user(user_id, Some(team_id))
            .await
            .map_err(internal("app.channel.get_members.app_error"))
    }

    /// Who may add `user_id` to `c`: joining a public channel yourself needs
    /// `join_public_channels`; otherwise the channel's manage-members permission.
    async fn require_add_member(
        &self,
        ctx: &SessionCtx,
        c: &Channel,
        user_id: &str,
    ) -> AppResult<()> {
        match c.channel_type.as_str() {
            "O" if user_id == ctx.user_id() => {
                if self
                    .has_team_permission(ctx, &c.team_id, perm::JOIN_PUBLIC_CHANNELS)
                    .await?
                {
                    return Ok(());
                }
                self.require_channel_permission(ctx, &c.id, perm::MANAGE_PUBLIC_CHANNEL_MEMBERS)
                    .await
            }
            "O" => {
                self.require_channel_permission(ctx, &c.id, perm::MANAGE_PUBLIC_CHANNEL_MEMBERS)
                    .await
            }
            "P" => {
                self.require_channel_permission(ctx, &c.id, perm::MANAGE_PRIVATE_CHANNEL_MEMBERS)
                    .await
            }
            _ => Err(AppError::bad_request(
                "api.channel.add_user_to_channel.type.app_error",
                "Can not add user to this channel type.",
            )),
        }
    }

    /// `POST /channels/{channel_id}/members`: adds users who are members of the channel's team.
    /// Existing memberships are returned unchanged.
    pub async fn add_channel_members(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        user_ids: &[String],
    ) -> AppResult<Vec<ChannelMember>> {
        if user_ids.is_empty() || user_ids.iter().any(|u| !outpost_model::is_valid_id(u)) {
            return Err(AppError::invalid_body_param("user_id"));
        }
        let c = self.get_channel_raw(channel_id).await?;
        for u in user_ids {
            self.require_add_member(ctx, &c, u).await?;
        }
        if c.delete_at > 0 {
            return Err(AppError::bad_request(
                "api.channel.add_user_to_channel.deleted.app_error",
                "The channel has been archived or deleted.",
            ));
        }
        let existing: Vec<String> = self
            .store
            .get_channel_members_by_ids(&c.id, user_ids)
            .await
            .map_err(internal("app.channel.get_members_by_ids.app_error"))?
            .into_iter()
            .map(|m| m.user_id)
            .collect();
        let now = now_millis();
        let mut new_members = Vec::with_capacity(user_ids.len());
        for u in user_ids.iter().filter(|u| !existing.contains(u)) {
            let user = self.get_user_raw(u).await?;
            let tm =
                self.store
                    .get_team_member(&c.team_id, u)
                    .await
                    .map_err(not_found_or_internal(
                        "app.team.get_member.missing.app_error",
                        "No team member found for that user ID and team ID.",
                    ))?;
            if tm.delete_at > 0 {
                return Err(AppError::forbidden(
                    "api.channel.add_user.to.channel.failed.deleted.app_error",
                    "Failed to add user to channel because they have been removed from the team.",
                ));
            }
            new_members.push(ChannelMember {
                channel_id: c.id.clone(),
                user_id: user.id,
                notify_props: default_channel_notify_props(),
                last_update_at: now,
                scheme_guest: tm.scheme_guest,
                scheme_user: !tm.scheme_guest,
                ..ChannelMember::default()
            });
        }
        self.store
            .save_channel_members(&new_members)
            .await
            .map_err(internal("api.channel.add_user.to.channel.failed.app_error"))?;
        for m in &new_members {
            self.announce_join(ctx, &c, &m.user_id).await;
        }
        self.store
            .get_channel_members_by_ids(&c.id, user_ids)
            .await
            .map_err(internal("app.channel.get_members_by_ids.app_error"))
    }

    /// `DELETE /channels/{channel_id}/members/{user_id}`: leaving, or removal by a member manager.
    /// Nobody leaves town-square, a DM or a GM.
    pub async fn remove_channel_member(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        user_id: &str,
    ) -> AppResult<()> {
        let c = self.get_channel_raw(channel_id).await?;
        let leaving = user_id == ctx.user_id();
        match c.channel_type.as_str() {
            "O" if !leaving => {
                self.require_channel_permission(ctx, &c.id, perm::MANAGE_PUBLIC_CHANNEL_MEMBERS)
                    .await?
            }
            "P" if !leaving => {
                self.require_channel_permission(ctx, &c.id, perm::MANAGE_PRIVATE_CHANNEL_MEMBERS)
                    .await?
            }
            "O" | "P" => {}
            // Direct and group messages have no member removal (Mattermost refuses both).
            _ => {
                return Err(AppError::bad_request(
                    "api.channel.remove_channel_member.type.app_error",
                    "Unable to remove user from a channel of this type.",
                ));
            }
        }
        if c.delete_at > 0 {
            return Err(AppError::bad_request(
                "api.channel.remove_user_from_channel.deleted.app_error",
                "The channel has been archived or deleted.",
            ));
        }
        if c.name == TOWN_SQUARE {
            let id = if leaving {
                "api.channel.leave.default.app_error"
            } else {
                "api.channel.remove.default.app_error"
            };
            return Err(AppError::bad_request(
                id,
                format!("Unable to remove user from the default channel {TOWN_SQUARE}."),
            ));
        }
        self.store
            .delete_channel_member(channel_id, user_id)
            .await
            .map_err(member_not_found)?;
        self.emit_user_removed(&c.id, user_id, ctx.user_id()).await;
        if !c.is_dm_or_gm() {
            let username = self.username_of(user_id).await;
            let msg = if leaving {
                SystemMessage::leave_channel(&username)
            } else {
                SystemMessage::remove_from_channel((user_id, &username))
            };
            self.post_system_message(&c.id, ctx.user_id(), msg).await;
        }
        Ok(())
    }

    /// After `user_id` joined `c` (or was added by the caller): `user_added` to the members, and
    /// the join or "added by" system message.
    async fn announce_join(&self, ctx: &SessionCtx, c: &Channel, user_id: &str) {
        self.emit_user_added(c, user_id).await;
        let username = self.username_of(user_id).await;
        let msg = if user_id == ctx.user_id() {
            SystemMessage::join_channel(&username)
        } else {
            let adder = self.username_of(ctx.user_id()).await;
            SystemMessage::add_to_channel((ctx.user_id(), &adder), (user_id, &username))
        };
        self.post_system_message(&c.id, ctx.user_id(), msg).await;
    }

    /// `PUT /channels/{channel_id}/members/{user_id}/roles`.
    pub async fn update_channel_member_roles(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        user_id: &str,
        roles: &str,
    ) -> AppResult<()> {
        self.require_channel_permission(ctx, channel_id, perm::MANAGE_CHANNEL_ROLES)
            .await?;
        let mut m = self
            .store
            .get_channel_member(channel_id, user_id)
            .await
            .map_err(member_not_found)?;
        let flags = self
            .parse_member_roles(
                roles,
                "channel",
                "api.channel.update_channel_member_roles.scheme_role.app_error",
            )
            .await?;
        if flags.user && flags.guest {
            return Err(AppError::bad_request(
                "api.channel.update_channel_member_roles.guest_and_user.app_error",
                "Invalid channel member update: A user must be a guest or a user but not both.",
            ));
        }
        m.scheme_guest = flags.guest;
        m.scheme_user = flags.user;
        m.scheme_admin = flags.admin;
        m.explicit_roles = flags.explicit;
        self.store
            .update_channel_member_roles(&m, now_millis())
            .await
            .map_err(member_not_found)?;
        self.announce_member_update(channel_id, user_id).await;
        Ok(())
    }

    /// `channel_member_updated` with the membership as it now is.
    pub(crate) async fn announce_member_update(&self, channel_id: &str, user_id: &str) {
        match self.store.get_channel_member(channel_id, user_id).await {
            Ok(m) => self.emit_channel_member_updated(&m).await,
            Err(e) => tracing::warn!(error = %e, "channel member vanished after its update"),
        }
    }

    /// `PUT /channels/{channel_id}/members/{user_id}/notify_props`: merges the given props.
    pub async fn update_channel_member_notify_props(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        user_id: &str,
        props: StringMap,
    ) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let m = self
            .store
            .get_channel_member(channel_id, user_id)
            .await
            .map_err(member_not_found)?;
        let mut merged = m.notify_props;
        for (k, v) in props {
            merged.insert(k, v);
        }
        if serde_json::to_string(&merged).map(|s| s.len()).unwrap_or(0) > 800_000 {
            return Err(AppError::bad_request(
                "model.channel_member.is_valid.notify_props.app_error",
                "Notify props size limit exceeded.",
            ));
        }
        self.store
            .update_channel_member_notify_props(channel_id, user_id, &merged, now_millis())
            .await
            .map_err(member_not_found)?;
        self.announce_member_update(channel_id, user_id).await;
        Ok(())
    }

    /// `POST /channels/members/{user_id}/view`: marks the channel read for the user.
    pub async fn view_channel(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        view: ChannelView,
    ) -> AppResult<ChannelViewResponse> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let ids: Vec<String> = [view.channel_id]
            .into_iter()
            .filter(|id| !id.is_empty())
            .collect();
        let times = self
            .store
            .view_channels(user_id, &ids, now_millis())
            .await
            .map_err(internal("app.channel.update_last_viewed_at.app_error"))?;
        self.emit_channels_viewed(user_id, &times).await;
        for channel_id in times.keys() {
            self.set_active_channel(user_id, channel_id);
            self.after_read(&ctx.session.id, user_id, channel_id, "");
        }
        Ok(ChannelViewResponse {
            status: "OK".to_owned(),
            last_viewed_at_times: times,
        })
    }
}
