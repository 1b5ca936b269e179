//! Teams: creation (with the default channels), reads, listing, edits, archiving, invites.
//! Memberships live in [`members`].

pub mod members;

use outpost_core::roles::perm;
use outpost_core::validate::{is_valid_email, is_valid_team_name};
use outpost_core::{AppError, AppResult};
use outpost_model::channel::{Channel, ChannelMember, default_channel_notify_props};
use outpost_model::team::{Team, TeamMember, TeamPatch, TeamStats};
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::teams::{TeamInsert, TeamQuery, TeamVisibility};

use crate::{App, SessionCtx, internal};

/// The channels every team starts with and every new member joins: `(name, display name)`.
pub const DEFAULT_CHANNELS: [(&str, &str); 2] =
    [("town-square", "Town Square"), ("off-topic", "Off-Topic")];

/// The name of the channel nobody can leave or archive.
pub const TOWN_SQUARE: &str = "town-square";

/// One page of `GET /teams`, with the total when asked for.
#[derive(Debug, Clone)]
pub struct TeamPage {
    pub teams: Vec<Team>,
    pub total_count: Option<i64>,
}

fn team_not_found(e: StoreError) -> AppError {
    crate::not_found_or_internal(
        "app.team.get.find.app_error",
        "Unable to find the existing team.",
    )(e)
}

fn invalid(id: &'static str, message: &str, team_id: &str) -> AppError {
    AppError::bad_request(id, message).with_detail(format!("id={team_id}"))
}

/// `Team.IsValid`: the checks a team passes before it is written.
fn validate_team(t: &Team) -> AppResult<()> {
    let display = t.display_name.chars().count();
    if display == 0 || display > 64 {
        return Err(invalid(
            "model.team.is_valid.name.app_error",
            "Invalid name.",
            &t.id,
        ));
    }
    if !is_valid_team_name(&t.name) {
        return Err(invalid(
            "model.team.is_valid.url.app_error",
            "Name must be 2 or more lowercase alphanumeric characters, start with a letter and not be a reserved word.",
            &t.id,
        ));
    }
    if t.email.len() > 128 || (!t.email.is_empty() && !is_valid_email(&t.email)) {
        return Err(invalid(
            "model.team.is_valid.email.app_error",
            "Invalid email.",
            &t.id,
        ));
    }
    if t.description.chars().count() > 255 {
        return Err(invalid(
            "model.team.is_valid.description.app_error",
            "Invalid description.",
            &t.id,
        ));
    }
    if t.company_name.chars().count() > 64 {
        return Err(invalid(
            "model.team.is_valid.company.app_error",
            "Invalid company name.",
            &t.id,
        ));
    }
    if t.team_type != "O" && t.team_type != "I" {
        return Err(invalid(
            "model.team.is_valid.type.app_error",
            "Invalid type.",
            &t.id,
        ));
    }
    Ok(())
}

impl App {
    /// A team by id, unsanitized (internal use).
    pub(crate) async fn get_team_raw(&self, id: &str) -> AppResult<Team> {
        self.store.get_team(id).await.map_err(team_not_found)
    }

    /// Hides the email from callers who cannot manage the team, and the invite id too from those
    /// who cannot invite to it either (as Mattermost: a team member may share the invite link).
    pub(crate) async fn sanitize_team(&self, ctx: &SessionCtx, team: &mut Team) -> AppResult<()> {
        if self
            .has_team_permission(ctx, &team.id, perm::MANAGE_TEAM)
            .await?
        {
            return Ok(());
        }
        let invite_id = std::mem::take(&mut team.invite_id);
        team.sanitize();
        if self
            .has_team_permission(ctx, &team.id, perm::INVITE_USER)
            .await?
        {
            team.invite_id = invite_id;
        }
        Ok(())
    }

    async fn sanitize_teams(&self, ctx: &SessionCtx, mut teams: Vec<Team>) -> AppResult<Vec<Team>> {
        for t in &mut teams {
            self.sanitize_team(ctx, t).await?;
        }
        Ok(teams)
    }

    /// Open teams are visible to everyone; others need `view_team` (membership).
    async fn require_team_visible(&self, ctx: &SessionCtx, team: &Team) -> AppResult<()> {
        if team.allow_open_invite && team.team_type == "O" {
            return Ok(());
        }
        self.require_team_permission(ctx, &team.id, perm::VIEW_TEAM)
            .await
    }

    /// `POST /teams`: the creator becomes team admin and joins the default channels.
    pub async fn create_team(&self, ctx: &SessionCtx, mut team: Team) -> AppResult<Team> {
        self.require_system_permission(ctx, perm::CREATE_TEAM)?;
        let creator = self.get_user_raw(ctx.user_id()).await?;
        let now = now_millis();
        team.id = new_id();
        team.create_at = now;
        team.update_at = now;
        team.delete_at = 0;
        team.invite_id = new_id();
        team.display_name = team.display_name.trim().to_owned();
        if team.email.is_empty() {
            team.email = creator.email.clone();
        }
        team.last_team_icon_update = 0;
        validate_team(&team)?;
        let admin = TeamMember {
            team_id: team.id.clone(),
            user_id: creator.id.clone(),
            scheme_user: true,
            scheme_admin: true,
            create_at: now,
            ..TeamMember::default()
        };
        let channels: Vec<Channel> = DEFAULT_CHANNELS
            .iter()
            .map(|(name, display)| Channel {
                id: new_id(),
                create_at: now,
                update_at: now,
                team_id: team.id.clone(),
                channel_type: "O".to_owned(),
                display_name: (*display).to_owned(),
                name: (*name).to_owned(),
                creator_id: creator.id.clone(),
                ..Channel::default()
            })
            .collect();
        let channel_members: Vec<ChannelMember> = channels
            .iter()
            .map(|c| ChannelMember {
                channel_id: c.id.clone(),
                user_id: creator.id.clone(),
                notify_props: default_channel_notify_props(),
                last_update_at: now,
                scheme_user: true,
                ..ChannelMember::default()
            })
            .collect();
        self.store
            .save_team(TeamInsert {
                team: &team,
                admin: &admin,
                channels: &channels,
                channel_members: &channel_members,
            })
            .await
            .map_err(|e| {
                if matches!(e, StoreError::Conflict(_)) {
                    AppError::bad_request(
                        "app.team.save.existing.app_error",
                        "A team with that name already exists.",
                    )
                } else {
                    internal("app.team.save.app_error")(e)
                }
            })?;
        self.announce_team_join(&team.id, &creator.id, None).await;
        Ok(team)
    }

    /// `GET /teams/{team_id}`.
    pub async fn get_team(&self, ctx: &SessionCtx, id: &str) -> AppResult<Team> {
        let mut team = self.get_team_raw(id).await?;
        self.require_team_visible(ctx, &team).await?;
        self.sanitize_team(ctx, &mut team).await?;
        Ok(team)
    }

    /// `GET /teams/name/{name}`.
    pub async fn get_team_by_name(&self, ctx: &SessionCtx, name: &str) -> AppResult<Team> {
        let mut team =
            self.store
                .get_team_by_name(name)
                .await
                .map_err(crate::not_found_or_internal(
                    "app.team.get_by_name.missing.app_error",
                    "Unable to find the existing team.",
                ))?;
        self.require_team_visible(ctx, &team).await?;
        self.sanitize_team(ctx, &mut team).await?;
        Ok(team)
    }

    /// `GET /teams/name/{name}/exists`: true when the team exists and the caller could see it.
    pub async fn team_exists(&self, ctx: &SessionCtx, name: &str) -> AppResult<bool> {
        let team = match self.store.get_team_by_name(name).await {
            Ok(t) => t,
            Err(StoreError::NotFound) => return Ok(false),
            Err(e) => return Err(internal("app.team.get_by_name.app_error")(e)),
        };
        let member = self
            .store
            .get_team_member(&team.id, ctx.user_id())
            .await
            .ok()
            .is_some_and(|m| m.delete_at == 0);
        let listable = if team.allow_open_invite {
            self.has_system_permission(ctx, perm::LIST_PUBLIC_TEAMS)
        } else {
            self.has_system_permission(ctx, perm::LIST_PRIVATE_TEAMS)
        };
        Ok(member || listable)
    }

    /// `GET /teams`: open teams for those who may list them, invite-only ones too for those who
    /// may list private teams.
    pub async fn list_teams(
        &self,
        ctx: &SessionCtx,
        page: i64,
        per_page: i64,
        include_total_count: bool,
    ) -> AppResult<TeamPage> {
        let public = self.has_system_permission(ctx, perm::LIST_PUBLIC_TEAMS);
        let private = self.has_system_permission(ctx, perm::LIST_PRIVATE_TEAMS);
        let visibility = match (public, private) {
            (true, true) => TeamVisibility::All,
            (true, false) => TeamVisibility::Open,
            (false, true) => TeamVisibility::Private,
            (false, false) => {
                return Ok(TeamPage {
                    teams: Vec::new(),
                    total_count: include_total_count.then_some(0),
                });
            }
        };
        let q = TeamQuery {
            visibility,
            include_deleted: false,
            offset: page.saturating_mul(per_page),
            limit: per_page,
        };
        let teams = self
            .store
            .get_teams(q)
            .await
            .map_err(internal("app.team.get_all.app_error"))?;
        let total_count = if include_total_count {
            Some(
                self.store
                    .count_teams(q)
                    .await
                    .map_err(internal("app.team.get_all.app_error"))?,
            )
        } else {
            None
        };
        Ok(TeamPage {
            teams: self.sanitize_teams(ctx, teams).await?,
            total_count,
        })
    }

    /// `GET /users/{user_id}/teams`.
    pub async fn get_teams_for_user(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
    ) -> AppResult<Vec<Team>> {
        self.require_self_or_permission(ctx, user_id, perm::READ_OTHER_USERS_TEAMS)?;
        let teams = self
            .store
            .get_teams_for_user(user_id)
            .await
            .map_err(internal("app.team.get_all.app_error"))?;
        self.sanitize_teams(ctx, teams).await
    }

    /// Writes an edited team, then publishes `event` (`update_team` or `restore_team`).
    async fn save_team_changes(
        &self,
        ctx: &SessionCtx,
        mut team: Team,
        event: &str,
    ) -> AppResult<Team> {
        team.update_at = now_millis();
        validate_team(&team)?;
        self.store.update_team(&team).await.map_err(|e| match e {
            StoreError::Conflict(_) => AppError::bad_request(
                "app.team.save.existing.app_error",
                "A team with that name already exists.",
            ),
            other => team_not_found(other),
        })?;
        self.emit_team_event(event, &team).await;
        self.sanitize_team(ctx, &mut team).await?;
        Ok(team)
    }

    /// `PUT /teams/{team_id}`: replaces the editable fields.
    pub async fn update_team(&self, ctx: &SessionCtx, id: &str, new: Team) -> AppResult<Team> {
        if new.id != id {
            return Err(AppError::invalid_body_param("id"));
        }
        self.require_team_permission(ctx, id, perm::MANAGE_TEAM)
            .await?;
        let mut team = self.get_team_raw(id).await?;
        team.display_name = new.display_name.trim().to_owned();
        team.description = new.description;
        team.company_name = new.company_name;
        team.allowed_domains = new.allowed_domains;
        team.allow_open_invite = new.allow_open_invite;
        team.group_constrained = new.group_constrained;
        self.save_team_changes(ctx, team, "update_team").await
    }

    /// `PUT /teams/{team_id}/patch`.
    pub async fn patch_team(
        &self,
        ctx: &SessionCtx,
        id: &str,
        patch: TeamPatch,
    ) -> AppResult<Team> {
        self.require_team_permission(ctx, id, perm::MANAGE_TEAM)
            .await?;
        let mut team = self.get_team_raw(id).await?;
        if let Some(v) = patch.display_name {
            team.display_name = v.trim().to_owned();
        }
        if let Some(v) = patch.description {
            team.description = v;
        }
        if let Some(v) = patch.company_name {
            team.company_name = v;
        }
        if let Some(v) = patch.allowed_domains {
            team.allowed_domains = v;
        }
        if let Some(v) = patch.allow_open_invite {
            team.allow_open_invite = v;
        }
        if patch.group_constrained.is_some() {
            team.group_constrained = patch.group_constrained;
        }
        self.save_team_changes(ctx, team, "update_team").await
    }

    /// `DELETE /teams/{team_id}`: archives, or with `permanent` erases when the configuration allows it.
    pub async fn delete_team(&self, ctx: &SessionCtx, id: &str, permanent: bool) -> AppResult<()> {
        self.require_team_permission(ctx, id, perm::MANAGE_TEAM)
            .await?;
        let mut team = self.get_team_raw(id).await?;
        if permanent {
            if !self.config().service_settings.enable_api_team_deletion {
                let admin = self.has_system_permission(ctx, perm::MANAGE_SYSTEM);
                return Err(AppError::unauthorized(
                    if admin {
                        "api.user.delete_team.not_enabled.for_admin.app_error"
                    } else {
                        "api.user.delete_team.not_enabled.app_error"
                    },
                    "Permanent team deletion feature is not enabled. Please contact your System Administrator.",
                ));
            }
            return self
                .store
                .permanent_delete_team(id)
                .await
                .map_err(internal("app.team.permanent_delete.app_error"));
        }
        let now = now_millis();
        team.delete_at = now;
        team.update_at = now;
        self.store
            .update_team(&team)
            .await
            .map_err(team_not_found)?;
        self.emit_team_event("delete_team", &team).await;
        Ok(())
    }

    /// `POST /teams/{team_id}/restore`.
    pub async fn restore_team(&self, ctx: &SessionCtx, id: &str) -> AppResult<Team> {
        self.require_team_permission(ctx, id, perm::MANAGE_TEAM)
            .await?;
        let mut team = self.get_team_raw(id).await?;
        team.delete_at = 0;
        self.save_team_changes(ctx, team, "restore_team").await
    }

    /// `POST /teams/{team_id}/regenerate_invite_id`.
    pub async fn regenerate_team_invite_id(&self, ctx: &SessionCtx, id: &str) -> AppResult<Team> {
        self.require_team_permission(ctx, id, perm::MANAGE_TEAM)
            .await?;
        let mut team = self.get_team_raw(id).await?;
        team.invite_id = new_id();
        self.save_team_changes(ctx, team, "update_team").await
    }

    /// `GET /teams/{team_id}/stats`.
    pub async fn get_team_stats(&self, ctx: &SessionCtx, id: &str) -> AppResult<TeamStats> {
        self.require_team_permission(ctx, id, perm::VIEW_TEAM)
            .await?;
        self.get_team_raw(id).await?;
        self.store
            .get_team_stats(id)
            .await
            .map_err(internal("app.team.get_member_count.app_error"))
    }
}
