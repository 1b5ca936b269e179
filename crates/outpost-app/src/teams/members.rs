//! Team memberships: joining (which also joins the default channels), invites, leaving, roles,
//! unread counts.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::default_channel_notify_props;
use outpost_model::now_millis;
use outpost_model::team::{Team, TeamMember, TeamUnread};
use outpost_model::user::User;
use outpost_store::StoreError;
use outpost_store::teams::TeamUnreadRow;

use super::{DEFAULT_CHANNELS, TOWN_SQUARE};
use crate::system_posts::SystemMessage;
use crate::{App, SessionCtx, internal, not_found_or_internal};

fn member_not_found(e: StoreError) -> AppError {
    not_found_or_internal(
        "app.team.get_member.missing.app_error",
        "No team member found for that user ID and team ID.",
    )(e)
}

fn unread(r: TeamUnreadRow) -> TeamUnread {
    TeamUnread {
        team_id: r.team_id,
        msg_count: r.msg_count,
        mention_count: r.mention_count,
        mention_count_root: r.mention_count_root,
        msg_count_root: r.msg_count_root,
        ..TeamUnread::default()
    }
}

/// Whether the user's email domain is one the team allows (empty list: any).
fn domain_allowed(team: &Team, user: &User) -> bool {
    let domains: Vec<String> = team
        .allowed_domains
        .split([',', ' '])
        .map(|d| d.trim().trim_start_matches('@').to_lowercase())
        .filter(|d| !d.is_empty())
        .collect();
    if domains.is_empty() {
        return true;
    }
    let email_domain = user
        .email
        .rsplit_once('@')
        .map(|(_, d)| d.to_lowercase())
        .unwrap_or_default();
    domains.contains(&email_domain)
}

impl App {
    /// Adds a user to a team and its default channels; an active membership is returned as is.
    /// `requestor` is who added them, when not themselves.
    pub(crate) async fn join_user_to_team(
        &self,
        team: &Team,
        user: &User,
        requestor: Option<&str>,
    ) -> AppResult<TeamMember> {
        if let Ok(m) = self.store.get_team_member(&team.id, &user.id).await
            && m.delete_at == 0
        {
            return Ok(m);
        }
        if !domain_allowed(team, user) {
            return Err(AppError::bad_request(
                "api.team.join_user_to_team.allowed_domains.app_error",
                "The user cannot be added as the domain associated with the account is not permitted.",
            ));
        }
        let max = self.config().team_settings.max_users_per_team;
        if max > 0 {
            let stats = self
                .store
                .get_team_stats(&team.id)
                .await
                .map_err(internal("app.team.get_member_count.app_error"))?;
            if stats.active_member_count >= max {
                return Err(AppError::bad_request(
                    "app.team.join_user_to_team.max_accounts.app_error",
                    "This team has reached the maximum number of allowed accounts.",
                ));
            }
        }
        let guest = user.roles.split_whitespace().any(|r| r == "system_guest");
        let now = now_millis();
        let member = TeamMember {
            team_id: team.id.clone(),
            user_id: user.id.clone(),
            scheme_guest: guest,
            scheme_user: !guest,
            create_at: now,
            ..TeamMember::default()
        };
        let names: Vec<&str> = DEFAULT_CHANNELS.iter().map(|(n, _)| *n).collect();
        self.store
            .join_team(&member, &names, &default_channel_notify_props(), now)
            .await
            .map_err(internal("app.team.join_user_to_team.save_member.app_error"))?;
        let member = self
            .store
            .get_team_member(&team.id, &user.id)
            .await
            .map_err(member_not_found)?;
        self.announce_team_join(&team.id, &user.id, requestor).await;
        Ok(member)
    }

    /// After `user_id` joined a team (and its default channels): `user_added` and the join (or
    /// "added by") message in each default channel — "joined the team" in town-square — then
    /// `added_to_team` to the user.
    pub(crate) async fn announce_team_join(
        &self,
        team_id: &str,
        user_id: &str,
        requestor: Option<&str>,
    ) {
        let username = self.username_of(user_id).await;
        let adder = match requestor {
            Some(r) => Some((r, self.username_of(r).await)),
            None => None,
        };
        for (name, _) in DEFAULT_CHANNELS {
            let Ok(c) = self.store.get_channel_by_name(team_id, name, false).await else {
                continue;
            };
            self.emit_user_added(&c, user_id).await;
            let town_square = name == TOWN_SQUARE;
            let (author, msg) = match &adder {
                None if town_square => (user_id, SystemMessage::join_team(&username)),
                None => (user_id, SystemMessage::join_channel(&username)),
                Some((r, by)) if town_square => (
                    *r,
                    SystemMessage::add_to_team((r, by), (user_id, &username)),
                ),
                Some((r, by)) => (
                    *r,
                    SystemMessage::add_to_channel((r, by), (user_id, &username)),
                ),
            };
            self.post_system_message(&c.id, author, msg).await;
        }
        self.emit_added_to_team(team_id, user_id).await;
    }

    /// The team a sign-up invite id belongs to, or 404 when no team has it.
    pub async fn is_valid_team_invite(&self, invite_id: &str) -> AppResult<Team> {
        let team =
            self.store
                .get_team_by_invite_id(invite_id)
                .await
                .map_err(not_found_or_internal(
                    "app.team.get_by_invite_id.finding.app_error",
                    "Unable to find the existing team.",
                ))?;
        if team.group_constrained == Some(true) {
            return Err(AppError::forbidden(
                "app.team.invite_id.group_constrained.error",
                "Unable to join a group-constrained team by invite.",
            ));
        }
        Ok(team)
    }

    /// `POST /users?iid=`: sign-up through a team invite (allowed even on a closed server), then
    /// joins the new user to the team.
    pub async fn create_user_with_invite(
        &self,
        ctx: Option<&SessionCtx>,
        user: User,
        invite_id: &str,
    ) -> AppResult<User> {
        let team = self.is_valid_team_invite(invite_id).await?;
        if !domain_allowed(&team, &user) {
            return Err(AppError::bad_request(
                "api.team.invite_members.invalid_email.app_error",
                "The following email addresses do not belong to an accepted domain.",
            ));
        }
        let created = self.create_user(ctx, user, true).await?;
        self.join_user_to_team(&team, &created, None).await?;
        Ok(created)
    }

    /// `POST /teams/{team_id}/members`: joining yourself needs the join permission matching the
    /// team's openness; adding someone else needs `add_user_to_team`.
    pub async fn add_team_member(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        user_id: &str,
    ) -> AppResult<TeamMember> {
        let team = self.get_team_raw(team_id).await?;
        if user_id == ctx.user_id() {
            let needed = if team.allow_open_invite {
                perm::JOIN_PUBLIC_TEAMS
            } else {
                perm::JOIN_PRIVATE_TEAMS
            };
            if !self.has_system_permission(ctx, needed)
                && !self
                    .has_team_permission(ctx, team_id, perm::ADD_USER_TO_TEAM)
                    .await?
            {
                return Err(AppError::no_permission());
            }
        } else {
            self.require_team_permission(ctx, team_id, perm::ADD_USER_TO_TEAM)
                .await?;
        }
        let user = self.get_user_raw(user_id).await?;
        let requestor = (user_id != ctx.user_id()).then_some(ctx.user_id());
        self.join_user_to_team(&team, &user, requestor).await
    }

    /// `POST /teams/{team_id}/members/batch`.
    pub async fn add_team_members(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        members: Vec<TeamMember>,
    ) -> AppResult<Vec<TeamMember>> {
        if members.is_empty()
            || members
                .iter()
                .any(|m| m.team_id != team_id || !outpost_model::is_valid_id(&m.user_id))
        {
            return Err(AppError::invalid_body_param("members"));
        }
        self.require_team_permission(ctx, team_id, perm::ADD_USER_TO_TEAM)
            .await?;
        let team = self.get_team_raw(team_id).await?;
        let mut out = Vec::with_capacity(members.len());
        for m in members {
            let user = self.get_user_raw(&m.user_id).await?;
            let requestor = (user.id != ctx.user_id()).then_some(ctx.user_id());
            out.push(self.join_user_to_team(&team, &user, requestor).await?);
        }
        Ok(out)
    }

    /// `POST /teams/members/invite?invite_id=`: the caller joins the team the invite belongs to.
    pub async fn add_team_member_from_invite(
        &self,
        ctx: &SessionCtx,
        invite_id: &str,
    ) -> AppResult<TeamMember> {
        let team = self.is_valid_team_invite(invite_id).await?;
        let user = self.get_user_raw(ctx.user_id()).await?;
        self.join_user_to_team(&team, &user, None).await
    }

    /// `GET /teams/{team_id}/members`.
    pub async fn get_team_members(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        page: i64,
        per_page: i64,
    ) -> AppResult<Vec<TeamMember>> {
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        self.store
            .get_team_members(team_id, page.saturating_mul(per_page), per_page)
            .await
            .map_err(internal("app.team.get_members.app_error"))
    }

    /// `GET /teams/{team_id}/members/{user_id}`.
    pub async fn get_team_member(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        user_id: &str,
    ) -> AppResult<TeamMember> {
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        self.store
            .get_team_member(team_id, user_id)
            .await
            .map_err(member_not_found)
    }

    /// `POST /teams/{team_id}/members/ids`.
    pub async fn get_team_members_by_ids(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        user_ids: &[String],
    ) -> AppResult<Vec<TeamMember>> {
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        self.store
            .get_team_members_by_ids(team_id, user_ids)
            .await
            .map_err(internal("app.team.get_members_by_ids.app_error"))
    }

    /// `GET /users/{user_id}/teams/members`.
    pub async fn get_team_members_for_user(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
    ) -> AppResult<Vec<TeamMember>> {
        self.require_self_or_permission(ctx, user_id, perm::READ_OTHER_USERS_TEAMS)?;
        self.store
            .get_team_members_for_user(user_id)
            .await
            .map_err(internal("app.team.get_members.app_error"))
    }

    /// `DELETE /teams/{team_id}/members/{user_id}`: leaving, or removal by someone allowed to.
    /// The member also leaves every channel of the team.
    pub async fn remove_team_member(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        user_id: &str,
    ) -> AppResult<()> {
        if user_id != ctx.user_id() {
            self.require_team_permission(ctx, team_id, perm::REMOVE_USER_FROM_TEAM)
                .await?;
        }
        self.get_team_raw(team_id).await?;
        self.store
            .remove_team_member(team_id, user_id, now_millis())
            .await
            .map_err(member_not_found)?;
        if let Ok(c) = self
            .store
            .get_channel_by_name(team_id, TOWN_SQUARE, false)
            .await
        {
            let username = self.username_of(user_id).await;
            let msg = if user_id == ctx.user_id() {
                SystemMessage::leave_team(&username)
            } else {
                SystemMessage::remove_from_team(&username)
            };
            self.post_system_message(&c.id, user_id, msg).await;
        }
        self.emit_leave_team(team_id, user_id).await;
        Ok(())
    }

    /// `PUT /teams/{team_id}/members/{user_id}/roles`: `team_user`/`team_admin`/`team_guest` set
    /// the scheme flags; other (non scheme-managed) roles are kept as explicit roles.
    pub async fn update_team_member_roles(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        user_id: &str,
        roles: &str,
    ) -> AppResult<()> {
        self.require_team_permission(ctx, team_id, perm::MANAGE_TEAM_ROLES)
            .await?;
        let mut member = self
            .store
            .get_team_member(team_id, user_id)
            .await
            .map_err(member_not_found)?;
        if member.delete_at != 0 {
            return Err(member_not_found(StoreError::NotFound));
        }
        let flags = self
            .parse_member_roles(
                roles,
                "team",
                "api.team.update_team_member_roles.scheme_role.app_error",
            )
            .await?;
        if flags.user && flags.guest {
            return Err(AppError::bad_request(
                "api.team.update_team_member_roles.guest_and_user.app_error",
                "Invalid team member update: A user must be a guest or a user but not both.",
            ));
        }
        member.scheme_guest = flags.guest;
        member.scheme_user = flags.user;
        member.scheme_admin = flags.admin;
        member.explicit_roles = flags.explicit;
        self.store
            .update_team_member_roles(&member)
            .await
            .map_err(member_not_found)?;
        let updated = self
            .store
            .get_team_member(team_id, user_id)
            .await
            .map_err(member_not_found)?;
        self.emit_team_member_role_updated(&updated).await;
        Ok(())
    }

    /// `GET /users/{user_id}/teams/{team_id}/unread`.
    pub async fn get_team_unread(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<TeamUnread> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        let rows = self
            .store
            .get_team_unreads(user_id, Some(team_id), None)
            .await
            .map_err(internal("app.team.get_unread.app_error"))?;
        Ok(rows.into_iter().next().map(unread).unwrap_or(TeamUnread {
            team_id: team_id.to_owned(),
            ..TeamUnread::default()
        }))
    }

    /// `GET /users/{user_id}/teams/unread`.
    pub async fn get_teams_unread(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        exclude_team: &str,
    ) -> AppResult<Vec<TeamUnread>> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let exclude = (!exclude_team.is_empty()).then_some(exclude_team);
        let rows = self
            .store
            .get_team_unreads(user_id, None, exclude)
            .await
            .map_err(internal("app.team.get_unread.app_error"))?;
        Ok(rows.into_iter().map(unread).collect())
    }
}
