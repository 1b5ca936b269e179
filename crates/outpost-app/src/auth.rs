//! Sessions: token lookup, login, logout, session listing and revoking, personal access tokens.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::user::{Session, User, UserAccessToken};
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;

use crate::password::{self, Verdict};
use crate::{App, internal, not_found_or_internal};

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct SessionCtx {
    /// The session row (roles are the user's system roles).
    pub session: Session,
}

impl SessionCtx {
    /// The caller's user id.
    pub fn user_id(&self) -> &str {
        &self.session.user_id
    }
    /// The CSRF token of a browser session.
    pub fn csrf_token(&self) -> &str {
        self.session
            .props
            .get("csrf")
            .map(String::as_str)
            .unwrap_or("")
    }
}

const HOUR_MS: i64 = 3_600_000;

impl App {
    /// Resolves a session token (or personal access token) to the caller. 401 when unknown or expired.
    pub async fn authenticate(&self, token: &str) -> AppResult<SessionCtx> {
        if !outpost_model::is_valid_id(token) {
            return Err(AppError::session_expired());
        }
        let now = now_millis();
        match self.store.get_session_by_token(token).await {
            Ok(session) => {
                if session.expires_at != 0 && session.expires_at < now {
                    let _ = self.store.delete_session(&session.id).await;
                    return Err(AppError::session_expired());
                }
                // A personal access token stops working as soon as the feature is turned off.
                if session
                    .props
                    .get("type")
                    .is_some_and(|t| t == "UserAccessToken")
                    && !self.config().service_settings.enable_user_access_tokens
                {
                    return Err(AppError::unauthorized(
                        "app.user_access_token.invalid_or_missing",
                        "Invalid or missing token.",
                    )
                    .with_detail("EnableUserAccessTokens=false"));
                }
                // Activity is stamped at most once a minute to keep reads cheap.
                if now - session.last_activity_at > 60_000 {
                    let cfg = self.config();
                    let extend = cfg.service_settings.extend_session_length_with_activity
                        && session.expires_at != 0;
                    let expires = extend.then(|| now + session_length_ms(&cfg, &session.device_id));
                    self.store
                        .touch_session(&session.id, now, expires)
                        .await
                        .map_err(internal("app.session.update_last_activity.app_error"))?;
                }
                Ok(SessionCtx { session })
            }
            Err(StoreError::NotFound) => self.authenticate_access_token(token, now).await,
            Err(e) => Err(internal("app.session.get.app_error")(e)),
        }
    }

    async fn authenticate_access_token(&self, token: &str, now: i64) -> AppResult<SessionCtx> {
        let pat = match self.store.get_access_token_by_token(token).await {
            Ok(t) => t,
            Err(StoreError::NotFound) => return Err(AppError::session_expired()),
            Err(e) => return Err(internal("app.user_access_token.get_by_token.app_error")(e)),
        };
        if !pat.is_active || !self.config().service_settings.enable_user_access_tokens {
            return Err(AppError::unauthorized(
                "app.user_access_token.invalid_or_missing",
                "Invalid or missing token.",
            ));
        }
        let user = self
            .store
            .get_user(&pat.user_id)
            .await
            .map_err(|_| AppError::session_expired())?;
        if user.delete_at != 0 {
            return Err(AppError::session_expired());
        }
        let mut session = Session {
            id: new_id(),
            token: pat.token.clone(),
            create_at: now,
            expires_at: 0,
            last_activity_at: now,
            user_id: user.id.clone(),
            roles: user.roles.clone(),
            ..Session::default()
        };
        session
            .props
            .insert("type".to_owned(), "UserAccessToken".to_owned());
        session
            .props
            .insert("user_access_token_id".to_owned(), pat.id.clone());
        self.store
            .save_session(&session)
            .await
            .map_err(internal("app.session.save.app_error"))?;
        Ok(SessionCtx { session })
    }

    /// `POST /users/login`: checks the credentials and opens a session.
    pub async fn login(
        &self,
        login_id: &str,
        password: &str,
        device_id: &str,
    ) -> AppResult<(User, Session)> {
        let cfg = self.config();
        if password.is_empty() {
            return Err(AppError::bad_request(
                "api.user.login.blank_pwd.app_error",
                "Password field must not be blank",
            ));
        }
        let bad = || {
            AppError::unauthorized(
                "api.user.login.invalid_credentials_email_username",
                "Enter a valid email or username and/or password.",
            )
        };
        let login = login_id.trim();
        let mut user = None;
        if cfg.email_settings.enable_sign_in_with_username && !login.contains('@') {
            user = self.store.get_user_by_username(login).await.ok();
        }
        if user.is_none() && cfg.email_settings.enable_sign_in_with_email {
            user = self.store.get_user_by_email(login).await.ok();
        }
        let mut user = user.ok_or_else(bad)?;
        if user.failed_attempts >= cfg.service_settings.maximum_login_attempts {
            return Err(AppError::unauthorized(
                "api.user.check_user_login_attempts.too_many.app_error",
                "Your account is locked because of too many failed password attempts. Please reset your password.",
            ));
        }
        if user.delete_at != 0 {
            return Err(AppError::unauthorized(
                "api.user.login.inactive.app_error",
                "Login failed because your account has been deactivated. Please contact an administrator.",
            ));
        }
        let iterations = self.opts.password_iterations;
        let stored = user.password.clone();
        let verdict = tokio::task::spawn_blocking({
            let password = password.to_owned();
            move || password::verify(&password, &stored, iterations)
        })
        .await
        .unwrap_or(Verdict::Mismatch);
        if verdict == Verdict::Mismatch {
            self.store
                .increment_failed_attempts(&user.id)
                .await
                .map_err(internal("app.user.update_failed_pwd_attempts.app_error"))?;
            return Err(bad());
        }
        let now = now_millis();
        if verdict == Verdict::OkNeedsRehash {
            let new_hash = self.hash_password(password).await;
            self.store
                .update_password(&user.id, &new_hash, user.last_password_update.max(1))
                .await
                .map_err(internal("app.user.update_password.app_error"))?;
        }
        self.store
            .record_login(&user.id, now)
            .await
            .map_err(internal("app.user.update.app_error"))?;
        user.failed_attempts = 0;
        user.last_login = now;
        if let Err(e) = self.set_status_online(&user.id, false).await {
            tracing::warn!(error = %e, "could not set the status at login");
        }
        let session = self.create_session(&user, device_id).await?;
        user.sanitize_secrets();
        Ok((user, session))
    }

    /// Opens a session for `user` (login, sign-up in the web client).
    pub async fn create_session(&self, user: &User, device_id: &str) -> AppResult<Session> {
        let cfg = self.config();
        let now = now_millis();
        let mut session = Session {
            id: new_id(),
            token: new_id(),
            create_at: now,
            expires_at: now + session_length_ms(&cfg, device_id),
            last_activity_at: now,
            user_id: user.id.clone(),
            device_id: device_id.to_owned(),
            roles: user.roles.clone(),
            ..Session::default()
        };
        session.props.insert("csrf".to_owned(), new_id());
        session.props.insert("platform".to_owned(), String::new());
        if !device_id.is_empty() {
            // One session per mobile device: a new login on the device replaces the old one.
            for old in self
                .store
                .get_sessions(&user.id)
                .await
                .map_err(internal("app.session.get_sessions.app_error"))?
            {
                if old.device_id == device_id {
                    let _ = self.store.delete_session(&old.id).await;
                }
            }
        }
        self.store
            .save_session(&session)
            .await
            .map_err(internal("app.session.save.app_error"))?;
        Ok(session)
    }

    /// Whether `password` matches a stored hash (checked off the async threads).
    pub(crate) async fn password_matches(&self, password: &str, stored: &str) -> bool {
        let iterations = self.opts.password_iterations;
        let (password, stored) = (password.to_owned(), stored.to_owned());
        tokio::task::spawn_blocking(move || password::verify(&password, &stored, iterations))
            .await
            .is_ok_and(|v| v != Verdict::Mismatch)
    }

    /// Hashes a password off the async threads.
    pub(crate) async fn hash_password(&self, password: &str) -> String {
        let iterations = self.opts.password_iterations;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || password::hash(&password, iterations))
            .await
            .unwrap_or_default()
    }

    /// `POST /users/logout`: ends the caller's session.
    pub async fn logout(&self, ctx: &SessionCtx) -> AppResult<()> {
        match self.store.delete_session(&ctx.session.id).await {
            Ok(()) | Err(StoreError::NotFound) => {
                self.hub
                    .close_sessions(ctx.user_id(), std::slice::from_ref(&ctx.session.id));
                Ok(())
            }
            Err(e) => Err(internal("app.session.remove.app_error")(e)),
        }
    }

    /// Deletes a user's sessions (all but `keep`, a session id or empty) and closes their sockets.
    pub(crate) async fn end_user_sessions(&self, user_id: &str, keep: &str) -> AppResult<()> {
        let ending: Vec<String> = self
            .store
            .get_sessions(user_id)
            .await
            .map_err(internal("app.session.get_sessions.app_error"))?
            .into_iter()
            .map(|s| s.id)
            .filter(|id| id != keep)
            .collect();
        self.store
            .delete_user_sessions(user_id, keep)
            .await
            .map_err(internal("app.session.remove_all.app_error"))?;
        if !ending.is_empty() {
            self.hub.close_sessions(user_id, &ending);
        }
        Ok(())
    }

    /// `GET /users/{id}/sessions`: the user's sessions, tokens removed.
    pub async fn get_sessions(&self, ctx: &SessionCtx, user_id: &str) -> AppResult<Vec<Session>> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let mut sessions = self
            .store
            .get_sessions(user_id)
            .await
            .map_err(internal("app.session.get_sessions.app_error"))?;
        for s in &mut sessions {
            s.token.clear();
        }
        Ok(sessions)
    }

    /// `POST /users/{id}/sessions/revoke`.
    pub async fn revoke_session(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        session_id: &str,
    ) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let s = self
            .store
            .get_session(session_id)
            .await
            .map_err(not_found_or_internal(
                "app.session.get.app_error",
                "Unable to find the session.",
            ))?;
        if s.user_id != user_id {
            return Err(AppError::bad_request(
                "api.user.revoke_session.app_error",
                "Session id does not belong to the user.",
            ));
        }
        self.store
            .delete_session(session_id)
            .await
            .map_err(internal("app.session.remove.app_error"))?;
        self.hub.close_sessions(user_id, &[session_id.to_owned()]);
        Ok(())
    }

    /// `POST /users/{id}/sessions/revoke/all`.
    pub async fn revoke_user_sessions(&self, ctx: &SessionCtx, user_id: &str) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.end_user_sessions(user_id, "").await
    }

    /// `POST /users/sessions/revoke/all`: every session of every user (system admins).
    pub async fn revoke_all_sessions(&self, ctx: &SessionCtx) -> AppResult<()> {
        self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
        self.store
            .delete_all_sessions()
            .await
            .map_err(internal("app.session.remove_all.app_error"))?;
        self.hub.close_all();
        Ok(())
    }

    fn require_access_tokens_enabled(&self) -> AppResult<()> {
        if self.config().service_settings.enable_user_access_tokens {
            Ok(())
        } else {
            Err(AppError::not_implemented(
                "app.user_access_token.disabled",
                "Personal access tokens are disabled on this server. Please contact your system administrator for details.",
            ))
        }
    }

    /// `POST /users/{id}/tokens`: creates a personal access token; the secret is shown only now.
    pub async fn create_access_token(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        description: &str,
    ) -> AppResult<UserAccessToken> {
        // Mattermost's order: body, permissions, then whether the feature is on.
        if description.is_empty() {
            return Err(AppError::invalid_body_param("description"));
        }
        if !self.has_system_permission(ctx, perm::CREATE_USER_ACCESS_TOKEN) {
            return Err(AppError::no_permission());
        }
        // A bot's owner (or a manager of others' bots) may make tokens for it.
        if self
            .require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)
            .is_err()
            && !self.can_manage_bot_user(ctx, user_id).await
        {
            return Err(AppError::no_permission());
        }
        let user = self.get_user_raw(user_id).await?;
        self.require_access_tokens_enabled()?;
        if description.chars().count() > 255 {
            return Err(AppError::bad_request(
                "model.user_access_token.is_valid.description.app_error",
                "Invalid description, must be 255 or less characters",
            ));
        }
        if user.delete_at != 0 {
            return Err(AppError::bad_request(
                "app.user_access_token.disabled",
                "Personal access tokens are disabled for this user.",
            ));
        }
        let token = UserAccessToken {
            id: new_id(),
            token: new_id(),
            user_id: user_id.to_owned(),
            description: description.to_owned(),
            is_active: true,
        };
        self.store
            .save_access_token(&token)
            .await
            .map_err(internal("app.user_access_token.save.app_error"))?;
        Ok(token)
    }

    /// `GET /users/{id}/tokens`: a user's tokens, secrets removed.
    pub async fn get_user_access_tokens(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        page: i64,
        per_page: i64,
    ) -> AppResult<Vec<UserAccessToken>> {
        if !self.has_system_permission(ctx, perm::READ_USER_ACCESS_TOKEN) {
            return Err(AppError::no_permission());
        }
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let mut tokens = self
            .store
            .get_access_tokens(Some(user_id), page.saturating_mul(per_page), per_page)
            .await
            .map_err(internal("app.user_access_token.get_by_user.app_error"))?;
        tokens.iter_mut().for_each(|t| t.token.clear());
        Ok(tokens)
    }

    /// `GET /users/tokens`: every token (system admins).
    pub async fn get_all_access_tokens(
        &self,
        ctx: &SessionCtx,
        page: i64,
        per_page: i64,
    ) -> AppResult<Vec<UserAccessToken>> {
        self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
        let mut tokens = self
            .store
            .get_access_tokens(None, page.saturating_mul(per_page), per_page)
            .await
            .map_err(internal("app.user_access_token.get_all.app_error"))?;
        tokens.iter_mut().for_each(|t| t.token.clear());
        Ok(tokens)
    }

    /// Loads a token the caller may manage (owner with the read permission, or an admin).
    async fn token_for_caller(
        &self,
        ctx: &SessionCtx,
        token_id: &str,
        permission: &str,
    ) -> AppResult<UserAccessToken> {
        let t = self
            .store
            .get_access_token(token_id)
            .await
            .map_err(not_found_or_internal(
                "app.user_access_token.get_by_id.app_error",
                "Unable to get user access token.",
            ))?;
        if !self.has_system_permission(ctx, permission) {
            return Err(AppError::no_permission());
        }
        self.require_self_or_permission(ctx, &t.user_id, perm::EDIT_OTHER_USERS)?;
        Ok(t)
    }

    /// `GET /users/tokens/{token_id}`.
    pub async fn get_access_token(
        &self,
        ctx: &SessionCtx,
        token_id: &str,
    ) -> AppResult<UserAccessToken> {
        let mut t = self
            .token_for_caller(ctx, token_id, perm::READ_USER_ACCESS_TOKEN)
            .await?;
        t.token.clear();
        Ok(t)
    }

    /// `POST /users/tokens/revoke`: deletes a token and its sessions.
    pub async fn revoke_access_token(&self, ctx: &SessionCtx, token_id: &str) -> AppResult<()> {
        let t = self
            .token_for_caller(ctx, token_id, perm::REVOKE_USER_ACCESS_TOKEN)
            .await?;
        self.store
            .delete_access_token(&t.id, &t.token)
            .await
            .map_err(internal("app.user_access_token.delete.app_error"))
    }

    /// `POST /users/tokens/disable` and `/enable`.
    pub async fn set_access_token_active(
        &self,
        ctx: &SessionCtx,
        token_id: &str,
        active: bool,
    ) -> AppResult<()> {
        let t = self
            .token_for_caller(ctx, token_id, perm::CREATE_USER_ACCESS_TOKEN)
            .await?;
        self.store
            .set_access_token_active(&t.id, &t.token, active)
            .await
            .map_err(internal(
                "app.user_access_token.update_token_enable.app_error",
            ))
    }
}

fn session_length_ms(cfg: &outpost_core::Config, device_id: &str) -> i64 {
    let hours = if device_id.is_empty() {
        cfg.service_settings.session_length_web_in_hours
    } else {
        cfg.service_settings.session_length_mobile_in_hours
    };
    hours * HOUR_MS
}
