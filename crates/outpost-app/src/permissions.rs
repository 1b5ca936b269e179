//! Roles and permission checks, shared by every entry point.

use std::collections::{HashMap, HashSet};
use std::sync::RwLock;

use outpost_core::{AppError, AppResult};
use outpost_model::misc::Role;

use crate::{App, SessionCtx, internal};

/// Role name → permissions, loaded from the Roles table.
#[derive(Default)]
pub struct RoleCache {
    map: RwLock<HashMap<String, HashSet<String>>>,
}

impl RoleCache {
    fn replace(&self, roles: Vec<Role>) {
        let map = roles
            .into_iter()
            .map(|r| (r.name, r.permissions.into_iter().collect()))
            .collect();
        match self.map.write() {
            Ok(mut m) => *m = map,
            Err(p) => *p.into_inner() = map,
        }
    }

    /// Whether any of the space-separated `roles` grants `permission`.
    pub fn grants(&self, roles: &str, permission: &str) -> bool {
        let read = |m: &HashMap<String, HashSet<String>>| {
            roles
                .split_whitespace()
                .any(|r| m.get(r).is_some_and(|p| p.contains(permission)))
        };
        match self.map.read() {
            Ok(m) => read(&m),
            Err(p) => read(&p.into_inner()),
        }
    }
}

impl App {
    /// Reloads the role cache from the database (after a role changed).
    pub async fn reload_roles(&self) -> AppResult<()> {
        let roles = self
            .store
            .get_all_roles()
            .await
            .map_err(internal("app.role.get_all.app_error"))?;
        self.roles.replace(roles);
        Ok(())
    }

    /// Whether the session's system roles grant `permission`.
    pub fn has_system_permission(&self, ctx: &SessionCtx, permission: &str) -> bool {
        self.roles.grants(&ctx.session.roles, permission)
    }

    /// 403 unless the session's system roles grant `permission`.
    pub fn require_system_permission(&self, ctx: &SessionCtx, permission: &str) -> AppResult<()> {
        if self.has_system_permission(ctx, permission) {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// Whether the session may act with `permission` on a team: system roles, then team membership roles.
    pub async fn has_team_permission(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        permission: &str,
    ) -> AppResult<bool> {
        if self.has_system_permission(ctx, permission) {
            return Ok(true);
        }
        let roles = self
            .store
            .get_team_member_roles(team_id, &ctx.session.user_id)
            .await
            .map_err(internal("app.team.get_member.app_error"))?;
        Ok(roles.is_some_and(|r| self.roles.grants(&r, permission)))
    }

    /// 403 unless [`Self::has_team_permission`].
    pub async fn require_team_permission(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        permission: &str,
    ) -> AppResult<()> {
        if self.has_team_permission(ctx, team_id, permission).await? {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// Whether the session may act with `permission` in a channel: system roles, channel membership
    /// roles, then the roles of the channel's team membership.
    pub async fn has_channel_permission(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        permission: &str,
    ) -> AppResult<bool> {
        if self.has_system_permission(ctx, permission) {
            return Ok(true);
        }
        let (channel_roles, team_roles) = self
            .store
            .get_channel_member_roles(channel_id, &ctx.session.user_id)
            .await
            .map_err(internal("app.channel.get_member.app_error"))?;
        if channel_roles
            .as_deref()
            .is_some_and(|r| self.roles.grants(r, permission))
        {
            return Ok(true);
        }
        Ok(team_roles.is_some_and(|r| self.roles.grants(&r, permission)))
    }

    /// 403 unless [`Self::has_channel_permission`].
    pub async fn require_channel_permission(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        permission: &str,
    ) -> AppResult<()> {
        if self
            .has_channel_permission(ctx, channel_id, permission)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// 403 unless the session is `user_id` itself or may edit other users.
    pub fn require_self_or_permission(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        permission: &str,
    ) -> AppResult<()> {
        if ctx.session.user_id == user_id || self.has_system_permission(ctx, permission) {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// All roles (`GET /roles`).
    pub async fn get_all_roles(&self) -> AppResult<Vec<Role>> {
        self.store
            .get_all_roles()
            .await
            .map_err(internal("app.role.get_all.app_error"))
    }

    /// One role by id.
    pub async fn get_role(&self, id: &str) -> AppResult<Role> {
        self.store
            .get_role(id)
            .await
            .map_err(crate::not_found_or_internal(
                "app.role.get.app_error",
                "Unable to get role.",
            ))
    }

    /// Roles by names (`POST /roles/names`, `GET /roles/name/{name}`).
    pub async fn get_roles_by_names(&self, names: &[String]) -> AppResult<Vec<Role>> {
        self.store
            .get_roles_by_names(names)
            .await
            .map_err(internal("app.role.get_by_names.app_error"))
    }

    /// `PUT /roles/{id}/patch`: replaces a role's permissions (needs `manage_roles`… i.e. `manage_system`).
    pub async fn patch_role(
        &self,
        ctx: &SessionCtx,
        id: &str,
        permissions: Vec<String>,
    ) -> AppResult<Role> {
        self.require_system_permission(ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
        let role = self.get_role(id).await?;
        self.store
            .update_role_permissions(&role.id, &permissions, outpost_model::now_millis())
            .await
            .map_err(internal("app.role.save.app_error"))?;
        self.reload_roles().await?;
        self.get_role(id).await
    }
}

/// A membership's roles as `PUT …/members/{user_id}/roles` parsed them.
pub(crate) struct MemberFlags {
    pub guest: bool,
    pub user: bool,
    pub admin: bool,
    /// Roles that are not scheme-managed, space-separated.
    pub explicit: String,
}

impl App {
    /// Splits a roles string for a `scope` (`team` or `channel`) membership into scheme flags and
    /// explicit roles. Unknown roles are a 404; scheme roles of another scope are refused with
    /// `scheme_role_error`.
    pub(crate) async fn parse_member_roles(
        &self,
        roles: &str,
        scope: &str,
        scheme_role_error: &'static str,
    ) -> AppResult<MemberFlags> {
        let names: Vec<String> = roles.split_whitespace().map(str::to_owned).collect();
        let known = self.get_roles_by_names(&names).await?;
        let mut flags = MemberFlags {
            guest: false,
            user: false,
            admin: false,
            explicit: String::new(),
        };
        let mut explicit: Vec<&str> = Vec::new();
        for name in &names {
            let role = known.iter().find(|r| &r.name == name).ok_or_else(|| {
                AppError::not_found("app.role.get_by_name.app_error", "Unable to get role.")
            })?;
            if !role.scheme_managed {
                explicit.push(name);
                continue;
            }
            match name.strip_prefix(scope).and_then(|s| s.strip_prefix('_')) {
                Some("guest") => flags.guest = true,
                Some("user") => flags.user = true,
                Some("admin") => flags.admin = true,
                _ => {
                    return Err(AppError::bad_request(
                        scheme_role_error,
                        "The provided role is managed by a Scheme and therefore cannot be applied directly to a Member.",
                    ));
                }
            }
        }
        flags.explicit = explicit.join(" ");
        Ok(flags)
    }
}
