//! Users: sign-up, profiles, activation, passwords, roles, search, profile images.

use outpost_core::roles::perm;
use outpost_core::validate::{check_password, is_valid_email, is_valid_username};
use outpost_core::{AppError, AppResult};
use outpost_model::user::{User, UserPatch, default_notify_props, default_timezone};
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::users::{UserQuery, UserSearch, UserSort};

use crate::{App, SessionCtx, internal, not_found_or_internal};

pub mod admin;

/// Filters of `GET /users`, as the API parsed them.
#[derive(Debug, Clone, Default)]
pub struct ListUsers {
    pub in_team: String,
    pub not_in_team: String,
    pub in_channel: String,
    pub not_in_channel: String,
    pub without_team: bool,
    pub active: Option<bool>,
    pub role: String,
    pub sort: String,
    pub page: i64,
    pub per_page: i64,
}

/// `POST /users/search` body.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SearchUsers {
    pub term: String,
    pub team_id: String,
    pub not_in_team_id: String,
    pub in_channel_id: String,
    pub not_in_channel_id: String,
    pub allow_inactive: bool,
    pub without_team: bool,
    pub limit: i64,
}

fn user_error(e: StoreError) -> AppError {
    if e.is_conflict_on("username") {
        AppError::bad_request(
            "app.user.save.username_exists.app_error",
            "An account with that username already exists.",
        )
    } else if e.is_conflict_on("email") {
        AppError::bad_request(
            "app.user.save.email_exists.app_error",
            "An account with that email already exists.",
        )
    } else {
        internal("app.user.save.app_error")(e)
    }
}

fn validate_profile(u: &User) -> AppResult<()> {
    let bad = |field: &'static str, id: &'static str| {
        AppError::bad_request(id, format!("Invalid {field}."))
            .with_detail(format!("user_id={}", u.id))
    };
    if !is_valid_username(&u.username) {
        return Err(bad("username", "model.user.is_valid.username.app_error"));
    }
    if !is_valid_email(&u.email) {
        return Err(bad("email", "model.user.is_valid.email.app_error"));
    }
    for (value, max, field, id) in [
        (
            &u.nickname,
            64,
            "nickname",
            "model.user.is_valid.nickname.app_error",
        ),
        (
            &u.first_name,
            64,
            "first name",
            "model.user.is_valid.first_name.app_error",
        ),
        (
            &u.last_name,
            64,
            "last name",
            "model.user.is_valid.last_name.app_error",
        ),
        (
            &u.position,
            128,
            "position",
            "model.user.is_valid.position.app_error",
        ),
    ] {
        if value.chars().count() > max {
            return Err(bad(field, id));
        }
    }
    if u.locale.len() > 5 {
        return Err(bad("locale", "model.user.is_valid.locale.app_error"));
    }
    Ok(())
}

impl App {
    /// `POST /users`: sign-up, or creation by an admin. The very first account becomes system admin.
    /// `invite_ok` tells that the request carried a valid team invite (checked by the caller).
    pub async fn create_user(
        &self,
        ctx: Option<&SessionCtx>,
        mut user: User,
        invite_ok: bool,
    ) -> AppResult<User> {
        let cfg = self.config();
        let count = self
            .store
            .count_users(true)
            .await
            .map_err(internal("app.user.get_total_users_count.app_error"))?;
        let is_admin = ctx.is_some_and(|c| self.has_system_permission(c, perm::MANAGE_SYSTEM));
        if count > 0 && !is_admin && !invite_ok {
            if !cfg.team_settings.enable_user_creation {
                return Err(AppError::forbidden(
                    "api.user.create_user.signup_email_disabled.app_error",
                    "User sign-up with email is disabled.",
                ));
            }
            if !cfg.team_settings.enable_open_server {
                return Err(AppError::forbidden(
                    "api.user.create_user.no_open_server",
                    "This server does not allow open signups.  Please speak with your Administrator to receive an invitation.",
                ));
            }
        }
        let now = now_millis();
        user.id = new_id();
        user.username = user.username.trim().to_lowercase();
        user.email = user.email.trim().to_lowercase();
        user.create_at = now;
        user.update_at = now;
        user.delete_at = 0;
        user.auth_service.clear();
        user.auth_data = None;
        user.email_verified = !cfg.email_settings.require_email_verification || is_admin;
        user.roles = if count == 0 {
            "system_admin system_user".to_owned()
        } else {
            "system_user".to_owned()
        };
        if user.locale.is_empty() {
            user.locale = "en".to_owned();
        }
        if user.notify_props.is_empty() {
            user.notify_props = default_notify_props();
        }
        if user.timezone.is_empty() {
            user.timezone = default_timezone();
        }
        user.failed_attempts = 0;
        user.last_login = 0;
        user.mfa_active = false;
        user.mfa_secret.clear();
        validate_profile(&user)?;
        check_password(&user.password, &cfg.password_settings)?;
        user.password = self.hash_password(&user.password).await;
        user.last_password_update = now;
        self.store.save_user(&user).await.map_err(user_error)?;
        if self
            .no_accounts
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            self.refresh_version_id();
        }
        user.sanitize_secrets();
        self.emit_new_user(&user.id).await;
        if !user.email_verified {
            // A mail that cannot be sent must not fail the sign-up; it is logged.
            if let Err(e) = self.send_verification_email(&user.email).await {
                tracing::error!(error = %e.message, user_id = %user.id, "verification e-mail");
            }
        }
        Ok(user)
    }

    /// A user row with secrets (internal use).
    pub(crate) async fn get_user_raw(&self, id: &str) -> AppResult<User> {
        self.store.get_user(id).await.map_err(not_found_or_internal(
            "app.user.missing_account.const",
            "Unable to find the user.",
        ))
    }

    /// The user as the caller may see it: everything but secrets for self and admins, the public
    /// view (privacy settings applied) for others.
    pub fn sanitize_user_for(&self, ctx: &SessionCtx, user: &mut User) {
        if ctx.user_id() == user.id || self.has_system_permission(ctx, perm::MANAGE_SYSTEM) {
            user.sanitize_secrets();
        } else {
            let cfg = self.config();
            user.sanitize_for_others(
                cfg.privacy_settings.show_email_address,
                cfg.privacy_settings.show_full_name,
            );
        }
    }

    fn sanitize_all(&self, ctx: &SessionCtx, mut users: Vec<User>) -> Vec<User> {
        users
            .iter_mut()
            .for_each(|u| self.sanitize_user_for(ctx, u));
        users
    }

    /// `GET /users/{id}`.
    pub async fn get_user(&self, ctx: &SessionCtx, id: &str) -> AppResult<User> {
        let mut u = self.get_user_raw(id).await?;
        self.sanitize_user_for(ctx, &mut u);
        Ok(u)
    }

    /// `GET /users/username/{username}`.
    pub async fn get_user_by_username(&self, ctx: &SessionCtx, username: &str) -> AppResult<User> {
        let mut u = self
            .store
            .get_user_by_username(username)
            .await
            .map_err(not_found_or_internal("app.user.get_by_username.app_error", "Unable to find an existing account matching your username for this team. This team may require an invite from the team owner to join."))?;
        self.sanitize_user_for(ctx, &mut u);
        Ok(u)
    }

    /// `GET /users/email/{email}`: only when emails are visible, or for admins.
    pub async fn get_user_by_email(&self, ctx: &SessionCtx, email: &str) -> AppResult<User> {
        if !self.config().privacy_settings.show_email_address
            && !self.has_system_permission(ctx, perm::MANAGE_SYSTEM)
        {
            return Err(AppError::no_permission());
        }
        let mut u = self
            .store
            .get_user_by_email(email)
            .await
            .map_err(not_found_or_internal(
                "app.user.missing_account.const",
                "Unable to find the user.",
            ))?;
        self.sanitize_user_for(ctx, &mut u);
        Ok(u)
    }

    /// `GET /users` with its filters.
    pub async fn list_users(&self, ctx: &SessionCtx, f: ListUsers) -> AppResult<Vec<User>> {
        if !f.in_team.is_empty() {
            self.require_team_permission(ctx, &f.in_team, perm::VIEW_TEAM)
                .await?;
        }
        if !f.not_in_team.is_empty() {
            self.require_team_permission(ctx, &f.not_in_team, perm::VIEW_TEAM)
                .await?;
        }
        if !f.in_channel.is_empty() {
            self.require_channel_permission(ctx, &f.in_channel, perm::READ_CHANNEL)
                .await?;
        }
        if !f.not_in_channel.is_empty() {
            self.require_channel_permission(ctx, &f.not_in_channel, perm::READ_CHANNEL)
                .await?;
        }
        if f.in_team.is_empty() && f.in_channel.is_empty() {
            self.require_system_permission(ctx, perm::VIEW_MEMBERS)?;
        }
        let q = UserQuery {
            in_team: f.in_team,
            not_in_team: f.not_in_team,
            in_channel: f.in_channel,
            not_in_channel: f.not_in_channel,
            without_team: f.without_team,
            inactive: f.active.map(|a| !a),
            role: f.role,
            sort: if f.sort == "create_at" {
                UserSort::CreateAt
            } else {
                UserSort::Username
            },
            offset: f.page.saturating_mul(f.per_page),
            limit: f.per_page,
        };
        let users = self
            .store
            .get_users(&q)
            .await
            .map_err(internal("app.user.get_profiles.app_error"))?;
        Ok(self.sanitize_all(ctx, users))
    }

    /// `POST /users/ids`.
    pub async fn get_users_by_ids(&self, ctx: &SessionCtx, ids: &[String]) -> AppResult<Vec<User>> {
        let users = self
            .store
            .get_users_by_ids(ids)
            .await
            .map_err(internal("app.user.get_profile_by_ids.app_error"))?;
        Ok(self.sanitize_all(ctx, users))
    }

    /// `POST /users/usernames`.
    pub async fn get_users_by_usernames(
        &self,
        ctx: &SessionCtx,
        names: &[String],
    ) -> AppResult<Vec<User>> {
        let users = self
            .store
            .get_users_by_usernames(names)
            .await
            .map_err(internal("app.user.get_profiles.app_error"))?;
        Ok(self.sanitize_all(ctx, users))
    }

    /// `POST /users/search`.
    pub async fn search_users(&self, ctx: &SessionCtx, s: SearchUsers) -> AppResult<Vec<User>> {
        if !s.team_id.is_empty() {
            self.require_team_permission(ctx, &s.team_id, perm::VIEW_TEAM)
                .await?;
        }
        if !s.in_channel_id.is_empty() {
            self.require_channel_permission(ctx, &s.in_channel_id, perm::READ_CHANNEL)
                .await?;
        }
        if !s.not_in_channel_id.is_empty() {
            self.require_channel_permission(ctx, &s.not_in_channel_id, perm::READ_CHANNEL)
                .await?;
        }
        let limit = if s.limit <= 0 { 100 } else { s.limit.min(1000) };
        let is_admin = self.has_system_permission(ctx, perm::MANAGE_SYSTEM);
        let privacy = self.config().privacy_settings.clone();
        let q = UserSearch {
            term: s.term,
            in_team: s.team_id,
            not_in_team: s.not_in_team_id,
            in_channel: s.in_channel_id,
            not_in_channel: s.not_in_channel_id,
            allow_inactive: s.allow_inactive
                && self.has_system_permission(ctx, perm::MANAGE_SYSTEM),
            without_team: s.without_team,
            limit,
            // Hidden emails and names must not be findable either.
            allow_emails: is_admin || privacy.show_email_address,
            allow_full_names: is_admin || privacy.show_full_name,
        };
        let users = self
            .store
            .search_users(&q)
            .await
            .map_err(internal("app.user.search.app_error"))?;
        Ok(self.sanitize_all(ctx, users))
    }

    /// `GET /users/autocomplete`: `(users, out_of_channel)`; the second list only when `in_channel` is set.
    pub async fn autocomplete_users(
        &self,
        ctx: &SessionCtx,
        in_team: &str,
        in_channel: &str,
        name: &str,
        limit: i64,
    ) -> AppResult<(Vec<User>, Option<Vec<User>>)> {
        let base = SearchUsers {
            term: name.to_owned(),
            team_id: in_team.to_owned(),
            limit,
            ..SearchUsers::default()
        };
        if in_channel.is_empty() {
            return Ok((self.search_users(ctx, base).await?, None));
        }
        let inside = self
            .search_users(
                ctx,
                SearchUsers {
                    in_channel_id: in_channel.to_owned(),
                    ..base.clone()
                },
            )
            .await?;
        let outside = self
            .search_users(
                ctx,
                SearchUsers {
                    not_in_channel_id: in_channel.to_owned(),
                    ..base
                },
            )
            .await?;
        Ok((inside, Some(outside)))
    }

    /// `PUT /users/{id}/patch`.
    pub async fn patch_user(
        &self,
        ctx: &SessionCtx,
        id: &str,
        patch: UserPatch,
    ) -> AppResult<User> {
        self.require_self_or_permission(ctx, id, perm::EDIT_OTHER_USERS)?;
        let mut u = self.get_user_raw(id).await?;
        let old_email = u.email.clone();
        if let Some(v) = patch.username {
            u.username = v.trim().to_lowercase();
        }
        if let Some(v) = patch.email {
            u.email = v.trim().to_lowercase();
        }
        if let Some(v) = patch.nickname {
            u.nickname = v;
        }
        if let Some(v) = patch.first_name {
            u.first_name = v;
        }
        if let Some(v) = patch.last_name {
            u.last_name = v;
        }
        if let Some(v) = patch.position {
            u.position = v;
        }
        if let Some(v) = patch.props {
            u.props = v;
        }
        if let Some(v) = patch.notify_props {
            u.notify_props = v;
        }
        if let Some(v) = patch.locale {
            u.locale = v;
        }
        if let Some(v) = patch.timezone {
            u.timezone = v;
        }
        let password = patch.password.unwrap_or_default();
        self.check_email_change(ctx, &mut u, &old_email, &password)
            .await?;
        self.save_profile(ctx, u).await
    }

    /// Changing one's own email needs the current password (Mattermost's `DoubleCheckPassword`),
    /// and makes the new address unverified when verification is required.
    async fn check_email_change(
        &self,
        ctx: &SessionCtx,
        u: &mut User,
        old_email: &str,
        password: &str,
    ) -> AppResult<()> {
        if u.email == old_email {
            return Ok(());
        }
        if ctx.user_id() == u.id {
            if password.is_empty() {
                return Err(AppError::invalid_body_param("password"));
            }
            if !self.password_matches(password, &u.password).await {
                return Err(AppError::unauthorized(
                    "api.user.check_user_password.invalid.app_error",
                    "Login failed because of invalid password.",
                ));
            }
        }
        if self.config().email_settings.require_email_verification {
            u.email_verified = false;
        }
        Ok(())
    }

    /// `PUT /users/{id}`: replaces the profile fields (password, roles and auth data are ignored).
    pub async fn update_user(&self, ctx: &SessionCtx, id: &str, new: User) -> AppResult<User> {
        self.require_self_or_permission(ctx, id, perm::EDIT_OTHER_USERS)?;
        if new.id != id {
            return Err(AppError::invalid_body_param("user_id"));
        }
        let mut u = self.get_user_raw(id).await?;
        let old_email = u.email.clone();
        u.username = new.username.trim().to_lowercase();
        u.email = new.email.trim().to_lowercase();
        u.nickname = new.nickname;
        u.first_name = new.first_name;
        u.last_name = new.last_name;
        u.position = new.position;
        u.props = new.props;
        if !new.notify_props.is_empty() {
            u.notify_props = new.notify_props;
        }
        if !new.locale.is_empty() {
            u.locale = new.locale;
        }
        if !new.timezone.is_empty() {
            u.timezone = new.timezone;
        }
        self.check_email_change(ctx, &mut u, &old_email, &new.password)
            .await?;
        self.save_profile(ctx, u).await
    }

    async fn save_profile(&self, ctx: &SessionCtx, mut u: User) -> AppResult<User> {
        validate_profile(&u)?;
        u.update_at = now_millis();
        self.store.update_user(&u).await.map_err(user_error)?;
        self.emit_user_updated(&u).await;
        self.sanitize_user_for(ctx, &mut u);
        Ok(u)
    }

    /// `PUT /users/{id}/password`: the user must give the current password; admins need not.
    pub async fn update_password(
        &self,
        ctx: &SessionCtx,
        id: &str,
        current: &str,
        new: &str,
    ) -> AppResult<()> {
        self.require_self_or_permission(ctx, id, perm::EDIT_OTHER_USERS)?;
        let user = self.get_user_raw(id).await?;
        let is_self = ctx.user_id() == id;
        if is_self {
            if current.is_empty() {
                return Err(AppError::invalid_body_param("current_password"));
            }
            if !self.password_matches(current, &user.password).await {
                return Err(AppError::bad_request(
                    "api.user.update_password.incorrect.app_error",
                    "The \"Current Password\" you entered is incorrect. Please check that Caps Lock is off and try again.",
                ));
            }
        }
        check_password(new, &self.config().password_settings)?;
        let hash = self.hash_password(new).await;
        self.store
            .update_password(id, &hash, now_millis())
            .await
            .map_err(internal("app.user.update_password.app_error"))?;
        if self
            .config()
            .service_settings
            .terminate_sessions_on_password_change
        {
            let keep = if is_self { ctx.session.id.as_str() } else { "" };
            self.end_user_sessions(id, keep).await?;
        }
        Ok(())
    }

    /// CLI `outpost user create`: no session, no sign-up rules; optionally a system admin.
    pub async fn create_user_from_cli(
        &self,
        mut user: User,
        system_admin: bool,
    ) -> AppResult<User> {
        user.id.clear();
        let created = self.create_user(None, user, true).await?;
        if system_admin && !created.is_system_admin() {
            self.store
                .update_user_roles(&created.id, "system_admin system_user", now_millis())
                .await
                .map_err(internal("app.user.update.app_error"))?;
            return self.get_user_raw(&created.id).await.map(|mut u| {
                u.sanitize_secrets();
                u
            });
        }
        Ok(created)
    }
}
