//! What administrators do to accounts: system roles, activation, unlocking.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;

use crate::{App, SessionCtx, internal};

/// Longest role name (`RoleNameMaxLength`).
const ROLE_NAME_MAX_LEN: usize = 64;

/// `model.IsValidUserRoles`: names of `a-z 0-9 _`, and not `system_admin` alone (it must come with
/// `system_user`). An empty list is refused too.
fn is_valid_user_roles(roles: &str) -> bool {
    let names: Vec<&str> = roles.split_whitespace().collect();
    !names.is_empty()
        && names.iter().all(|r| {
            r.len() <= ROLE_NAME_MAX_LEN
                && r.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
        && names != ["system_admin"]
}

impl App {
    /// `PUT /users/{id}/roles`: system roles (needs `manage_roles`, i.e. system admins).
    pub async fn update_user_roles(
        &self,
        ctx: &SessionCtx,
        id: &str,
        roles: &str,
    ) -> AppResult<()> {
        // Mattermost's order: the roles' syntax, the permission, then whether the roles exist.
        if !is_valid_user_roles(roles) {
            return Err(AppError::invalid_body_param("roles"));
        }
        self.require_system_permission(ctx, perm::MANAGE_ROLES)?;
        let names: Vec<String> = roles.split_whitespace().map(str::to_owned).collect();
        let known = self.get_roles_by_names(&names).await?;
        if let Some(missing) = names.iter().find(|n| !known.iter().any(|r| &r.name == *n)) {
            return Err(AppError::bad_request(
                "app.role.check_roles_exist.role_not_found",
                "The provided role does not exist",
            )
            .with_detail(format!("role={missing}")));
        }
        self.get_user_raw(id).await?;
        let joined = names.join(" ");
        self.store
            .update_user_roles(id, &joined, now_millis())
            .await
            .map_err(internal("app.user.update.app_error"))?;
        self.store
            .update_sessions_roles(id, &joined)
            .await
            .map_err(internal("app.session.update_roles.app_error"))?;
        self.announce_user_changed(id).await;
        self.emit_user_role_updated(id, &joined).await;
        Ok(())
    }

    /// `user_updated` with the user as now stored.
    pub(crate) async fn announce_user_changed(&self, id: &str) {
        match self.store.get_user(id).await {
            Ok(u) => self.emit_user_updated(&u).await,
            Err(e) => tracing::warn!(error = %e, "user vanished after its update"),
        }
    }

    /// `PUT /users/{id}/active`: deactivation ends the user's sessions. Admins only.
    pub async fn update_user_active(
        &self,
        ctx: &SessionCtx,
        id: &str,
        active: bool,
    ) -> AppResult<()> {
        self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
        self.get_user_raw(id).await?;
        let now = now_millis();
        self.store
            .update_user_delete_at(id, if active { 0 } else { now }, now)
            .await
            .map_err(internal("app.user.update.app_error"))?;
        if !active {
            self.end_user_sessions(id, "").await?;
        }
        self.announce_user_changed(id).await;
        Ok(())
    }

    /// `POST /users/{id}/reset_failed_attempts`: unlocks an account locked by failed logins (admins).
    pub async fn reset_failed_attempts(&self, ctx: &SessionCtx, id: &str) -> AppResult<()> {
        self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
        self.get_user_raw(id).await?;
        self.store
            .update_failed_attempts(id, 0)
            .await
            .map_err(internal("app.user.update.app_error"))
    }
}
