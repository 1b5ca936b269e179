//! Channels: creation, reads, listings, edits. Archiving lives in [`archive`], direct and group
//! messages in [`direct`], memberships in [`members`].

pub mod archive;
pub mod direct;
pub mod members;

use outpost_core::roles::perm;
use outpost_core::validate::is_valid_channel_name;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::{
    Channel, ChannelMember, ChannelPatch, ChannelStats, default_channel_notify_props,
};
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::channels::{ChannelListKind, UserChannelsQuery};

use crate::system_posts::SystemMessage;
use crate::teams::TOWN_SQUARE;
use crate::{App, SessionCtx, internal, not_found_or_internal};

/// Which team channel listing (`GET /teams/{team_id}/channels[/deleted|/private]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamChannelList {
    Public,
    Deleted,
    Private,
}

/// Filters of `GET /users/{user_id}/[teams/{team_id}/]channels`.
#[derive(Debug, Clone, Default)]
pub struct UserChannels {
    pub include_deleted: bool,
    pub last_delete_at: i64,
}

pub(crate) fn channel_not_found(e: StoreError) -> AppError {
    not_found_or_internal(
        "app.channel.get.existing.app_error",
        "Unable to find the existing channel.",
    )(e)
}

fn bad(id: &'static str, message: &str, channel_id: &str) -> AppError {
    AppError::bad_request(id, message).with_detail(format!("id={channel_id}"))
}

/// `Channel.IsValid` for the fields a client controls.
fn validate_channel(c: &Channel) -> AppResult<()> {
    let display = c.display_name.chars().count();
    if (display == 0 && !c.is_dm_or_gm()) || display > 64 {
        return Err(bad(
            "model.channel.is_valid.display_name.app_error",
            "Invalid display name.",
            &c.id,
        ));
    }
    if !is_valid_channel_name(&c.name) {
        return Err(bad(
            "model.channel.is_valid.1_or_more.app_error",
            "Name must be 1 or more lowercase alphanumeric characters.",
            &c.id,
        ));
    }
    if !matches!(c.channel_type.as_str(), "O" | "P" | "D" | "G") {
        return Err(bad(
            "model.channel.is_valid.type.app_error",
            "Invalid type.",
            &c.id,
        ));
    }
    if c.header.chars().count() > 1024 {
        return Err(bad(
            "model.channel.is_valid.header.app_error",
            "Invalid header.",
            &c.id,
        ));
    }
    if c.purpose.chars().count() > 250 {
        return Err(bad(
            "model.channel.is_valid.purpose.app_error",
            "Invalid purpose.",
            &c.id,
        ));
    }
    if !c.is_dm_or_gm() && looks_like_dm_or_gm_name(&c.name) {
        return Err(bad(
            "model.channel.is_valid.name.app_error",
            "Channel names can't be in a hexadecimal format. Please enter a different channel name.",
            &c.id,
        ));
    }
    Ok(())
}

/// Names reserved for DMs (`id__id`) and GMs (40 hex digits).
fn looks_like_dm_or_gm_name(name: &str) -> bool {
    let gm = name.len() == 40
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let dm = name
        .split_once("__")
        .is_some_and(|(a, b)| outpost_model::is_valid_id(a) && outpost_model::is_valid_id(b));
    gm || dm
}

impl App {
    /// A channel by id (internal use, no permission check).
    pub(crate) async fn get_channel_raw(&self, id: &str) -> AppResult<Channel> {
        self.store.get_channel(id).await.map_err(channel_not_found)
    }

    /// Whether the caller may read a channel: members (and admins) always, team members for public ones.
    pub(crate) async fn can_read_channel(&self, ctx: &SessionCtx, c: &Channel) -> AppResult<bool> {
        if self
            .has_channel_permission(ctx, &c.id, perm::READ_CHANNEL_CONTENT)
            .await?
        {
            return Ok(true);
        }
        if c.channel_type == "O" {
            return self
                .has_team_permission(ctx, &c.team_id, perm::READ_PUBLIC_CHANNEL)
                .await;
        }
        Ok(false)
    }

    /// 403 unless [`Self::can_read_channel`].
    pub(crate) async fn require_read_channel(
        &self,
        ctx: &SessionCtx,
        c: &Channel,
    ) -> AppResult<()> {
        if self.can_read_channel(ctx, c).await? {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// `POST /channels`: a public or private channel; the creator becomes its admin.
    pub async fn create_channel(
        &self,
        ctx: &SessionCtx,
        mut channel: Channel,
    ) -> AppResult<Channel> {
        match channel.channel_type.as_str() {
            "O" => {
                self.require_team_permission(ctx, &channel.team_id, perm::CREATE_PUBLIC_CHANNEL)
                    .await?
            }
            "P" => {
                self.require_team_permission(ctx, &channel.team_id, perm::CREATE_PRIVATE_CHANNEL)
                    .await?
            }
            "D" | "G" => {
                return Err(AppError::bad_request(
                    "api.channel.create_channel.direct_channel.app_error",
                    "Must use createDirectChannel API service for direct message channel creation.",
                ));
            }
            _ => {}
        }
        let now = now_millis();
        channel.id = new_id();
        channel.create_at = now;
        channel.update_at = now;
        channel.delete_at = 0;
        channel.display_name = channel.display_name.trim().to_owned();
        channel.creator_id = ctx.user_id().to_owned();
        channel.last_post_at = 0;
        channel.total_msg_count = 0;
        channel.total_msg_count_root = 0;
        channel.last_root_post_at = 0;
        channel.extra_update_at = 0;
        validate_channel(&channel)?;
        let team = self.get_team_raw(&channel.team_id).await?;
        if team.delete_at > 0 {
            return Err(AppError::bad_request(
                "api.channel.create_channel.archived_team.app_error",
                "Unable to create a channel in an archived team.",
            ));
        }
        let creator = ChannelMember {
            channel_id: channel.id.clone(),
            user_id: ctx.user_id().to_owned(),
            notify_props: default_channel_notify_props(),
            last_update_at: now,
            scheme_user: true,
            scheme_admin: true,
            ..ChannelMember::default()
        };
        self.store
            .save_channel(&channel, &[creator])
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::bad_request(
                    "store.sql_channel.save_channel.exists.app_error",
                    "A channel with that name already exists on the same team.",
                ),
                other => internal("app.channel.create_channel.internal_error")(other),
            })?;
        let username = self.username_of(ctx.user_id()).await;
        self.post_system_message(
            &channel.id,
            ctx.user_id(),
            SystemMessage::join_channel(&username),
        )
        .await;
        self.emit_channel_created(ctx.user_id(), &channel).await;
        Ok(channel)
    }

    /// `GET /channels/{channel_id}`.
    pub async fn get_channel(&self, ctx: &SessionCtx, id: &str) -> AppResult<Channel> {
        let c = self.get_channel_raw(id).await?;
        self.require_read_channel(ctx, &c).await?;
        Ok(c)
    }

    /// `GET /teams/{team_id}/channels/name/{channel_name}`: private channels the caller cannot
    /// read are reported as missing.
    pub async fn get_channel_by_name(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        name: &str,
        include_deleted: bool,
    ) -> AppResult<Channel> {
        let missing = || {
            AppError::not_found(
                "app.channel.get_by_name.missing.app_error",
                "Channel does not exist.",
            )
        };
        let c = match self
            .store
            .get_channel_by_name(team_id, name, include_deleted)
            .await
        {
            Ok(c) => c,
            Err(StoreError::NotFound) => return Err(missing()),
            Err(e) => return Err(internal("app.channel.get_by_name.existing.app_error")(e)),
        };
        if c.channel_type == "O" {
            self.require_read_channel(ctx, &c).await?;
        } else if !self.can_read_channel(ctx, &c).await? {
            return Err(missing());
        }
        Ok(c)
    }

    /// `GET /teams/name/{team_name}/channels/name/{channel_name}`.
    pub async fn get_channel_by_name_for_team_name(
        &self,
        ctx: &SessionCtx,
        team_name: &str,
        name: &str,
        include_deleted: bool,
    ) -> AppResult<Channel> {
        let team = self
            .store
            .get_team_by_name(team_name)
            .await
            .map_err(not_found_or_internal(
                "app.team.get_by_name.missing.app_error",
                "Unable to find the existing team.",
            ))?;
        self.get_channel_by_name(ctx, &team.id, name, include_deleted)
            .await
    }

    /// The permission to edit a channel's properties, by type; DMs and GMs need membership.
    async fn require_manage_properties(&self, ctx: &SessionCtx, c: &Channel) -> AppResult<()> {
        let needed = match c.channel_type.as_str() {
            "O" => perm::MANAGE_PUBLIC_CHANNEL_PROPERTIES,
            "P" => perm::MANAGE_PRIVATE_CHANNEL_PROPERTIES,
            _ => {
                return match self.store.get_channel_member(&c.id, ctx.user_id()).await {
                    Ok(_) => Ok(()),
                    Err(_) => Err(AppError::forbidden(
                        "api.channel.patch_update_channel.forbidden.app_error",
                        "Failed to update the channel.",
                    )),
                };
            }
        };
        self.require_channel_permission(ctx, &c.id, needed).await
    }

    /// Writes an edited channel, then publishes `channel_updated` and posts Mattermost's system
    /// messages for a changed display name, header or purpose (in every channel type).
    async fn save_channel_changes(
        &self,
        ctx: &SessionCtx,
        old: &Channel,
        mut c: Channel,
    ) -> AppResult<Channel> {
        c.update_at = now_millis();
        validate_channel(&c)?;
        self.store.update_channel(&c).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::bad_request(
                "store.sql_channel.update.exists.app_error",
                "A channel with that handle already exists.",
            ),
            other => channel_not_found(other),
        })?;
        self.emit_channel_updated(&c).await;
        let me = ctx.user_id();
        let username = self.username_of(me).await;
        let changes = [
            (old.display_name != c.display_name).then(|| {
                SystemMessage::display_name_change(&username, &old.display_name, &c.display_name)
            }),
            (old.header != c.header)
                .then(|| SystemMessage::header_change(&username, &old.header, &c.header)),
            (old.purpose != c.purpose)
                .then(|| SystemMessage::purpose_change(&username, &old.purpose, &c.purpose)),
        ];
        for msg in changes.into_iter().flatten() {
            self.post_system_message(&c.id, me, msg).await;
        }
        Ok(c)
    }

    /// `PUT /channels/{channel_id}`.
    pub async fn update_channel(
        &self,
        ctx: &SessionCtx,
        id: &str,
        new: Channel,
    ) -> AppResult<Channel> {
        if new.id != id {
            return Err(AppError::invalid_body_param("channel_id"));
        }
        let old = self.get_channel_raw(id).await?;
        self.require_manage_properties(ctx, &old).await?;
        let mut c = old.clone();
        if c.delete_at > 0 {
            return Err(AppError::bad_request(
                "api.channel.update_channel.deleted.app_error",
                "The channel has been archived or deleted.",
            ));
        }
        if !new.channel_type.is_empty() && new.channel_type != c.channel_type {
            return Err(AppError::bad_request(
                "api.channel.update_channel.typechange.app_error",
                "Channel type cannot be updated.",
            ));
        }
        if c.name == TOWN_SQUARE && !new.name.is_empty() && new.name != c.name {
            return Err(town_square_rename());
        }
        c.header = new.header;
        c.purpose = new.purpose;
        if !new.display_name.is_empty() {
            c.display_name = new.display_name.trim().to_owned();
        }
        if !new.name.is_empty() {
            c.name = new.name;
        }
        if new.group_constrained.is_some() {
            c.group_constrained = new.group_constrained;
        }
        self.save_channel_changes(ctx, &old, c).await
    }

    /// `PUT /channels/{channel_id}/patch`.
    pub async fn patch_channel(
        &self,
        ctx: &SessionCtx,
        id: &str,
        patch: ChannelPatch,
    ) -> AppResult<Channel> {
        let old = self.get_channel_raw(id).await?;
        self.require_manage_properties(ctx, &old).await?;
        let mut c = old.clone();
        if c.name == TOWN_SQUARE && patch.name.as_ref().is_some_and(|n| *n != c.name) {
            return Err(town_square_rename());
        }
        if c.delete_at > 0 {
            return Err(AppError::bad_request(
                "api.channel.update_channel.deleted.app_error",
                "The channel has been archived or deleted.",
            ));
        }
        if let Some(v) = patch.display_name {
            c.display_name = v.trim().to_owned();
        }
        if let Some(v) = patch.name {
            c.name = v;
        }
        if let Some(v) = patch.header {
            c.header = v;
        }
        if let Some(v) = patch.purpose {
            c.purpose = v;
        }
        if patch.group_constrained.is_some() {
            c.group_constrained = patch.group_constrained;
        }
        self.save_channel_changes(ctx, &old, c).await
    }

    /// `GET /teams/{team_id}/channels`, `…/deleted` and `…/private`.
    pub async fn get_team_channels(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        list: TeamChannelList,
        page: i64,
        per_page: i64,
    ) -> AppResult<Vec<Channel>> {
        let kind = match list {
            TeamChannelList::Public => {
                self.require_team_permission(ctx, team_id, perm::LIST_TEAM_CHANNELS)
                    .await?;
                ChannelListKind::Public
            }
            TeamChannelList::Deleted => {
                self.require_team_permission(ctx, team_id, perm::LIST_TEAM_CHANNELS)
                    .await?;
                ChannelListKind::Deleted {
                    user_id: ctx.user_id().to_owned(),
                }
            }
            TeamChannelList::Private => {
                self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
                ChannelListKind::Private
            }
        };
        self.store
            .get_team_channels(team_id, &kind, page.saturating_mul(per_page), per_page)
            .await
            .map_err(internal("app.channel.get_channels.get.app_error"))
    }

    /// `POST /teams/{team_id}/channels/search`: public channels matching a term.
    pub async fn search_team_channels(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        term: &str,
    ) -> AppResult<Vec<Channel>> {
        self.require_team_permission(ctx, team_id, perm::LIST_TEAM_CHANNELS)
            .await?;
        self.store
            .search_team_channels(team_id, term.trim(), 50)
            .await
            .map_err(internal("app.channel.search.app_error"))
    }

    /// `POST /teams/{team_id}/channels/ids`: public channels of the team among the ids.
    pub async fn get_public_channels_by_ids(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        ids: &[String],
    ) -> AppResult<Vec<Channel>> {
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        let channels = self
            .store
            .get_team_channels_by_ids(team_id, ids)
            .await
            .map_err(internal("app.channel.get_channels_by_ids.app_error"))?;
        Ok(channels
            .into_iter()
            .filter(|c| c.channel_type == "O")
            .collect())
    }

    /// `GET /users/{user_id}/teams/{team_id}/channels` (with DMs and GMs) and, with `team_id`
    /// `None`, `GET /users/{user_id}/channels`.
    pub async fn get_channels_for_user(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: Option<&str>,
        f: UserChannels,
    ) -> AppResult<Vec<Channel>> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        if let Some(t) = team_id {
            self.require_team_permission(ctx, t, perm::VIEW_TEAM)
                .await?;
        }
        self.store
            .get_channels_for_user(&UserChannelsQuery {
                user_id: user_id.to_owned(),
                team_id: team_id.map(str::to_owned),
                include_deleted: f.include_deleted,
                last_delete_at: f.last_delete_at,
            })
            .await
            .map_err(internal("app.channel.get_channels.get.app_error"))
    }

    /// `GET /channels/{channel_id}/stats`.
    pub async fn get_channel_stats(&self, ctx: &SessionCtx, id: &str) -> AppResult<ChannelStats> {
        let c = self.get_channel_raw(id).await?;
        self.require_read_channel(ctx, &c).await?;
        self.store
            .get_channel_stats(id)
            .await
            .map_err(internal("app.channel.get_member_count.app_error"))
    }

    /// `GET /channels/{channel_id}/timezones`: the distinct timezones members use.
    pub async fn get_channel_timezones(
        &self,
        ctx: &SessionCtx,
        id: &str,
    ) -> AppResult<Vec<String>> {
        let c = self.get_channel_raw(id).await?;
        self.require_read_channel(ctx, &c).await?;
        let rows = self
            .store
            .get_channel_member_timezones(id)
            .await
            .map_err(internal("app.channel.get_members.app_error"))?;
        let mut out: Vec<String> = Vec::new();
        for json in rows {
            let tz: outpost_model::user::StringMap =
                serde_json::from_str(&json).unwrap_or_default();
            let get = |k: &str| tz.get(k).cloned().unwrap_or_default();
            let name = if get("useAutomaticTimezone") == "true" {
                get("automaticTimezone")
            } else {
                get("manualTimezone")
            };
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
        Ok(out)
    }
}

fn town_square_rename() -> AppError {
    AppError::bad_request(
        "api.channel.update_channel.tried.app_error",
        format!("Tried to perform an invalid update of the default channel {TOWN_SQUARE}."),
    )
}
