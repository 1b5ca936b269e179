//! The configuration service: database-backed, environment overrides win, changes apply live.

use std::sync::Arc;

use outpost_core::config::merge_json;
use outpost_core::{AppError, AppResult, Config};
use serde_json::Value;

use crate::{App, SessionCtx, internal};

impl App {
    /// Loads the active stored configuration (if any) and applies environment overrides on top.
    pub(crate) async fn load_stored_config(&self) -> AppResult<()> {
        let stored = self
            .store
            .get_active_config()
            .await
            .map_err(internal("app.config.load.app_error"))?;
        let mut value = serde_json::to_value(&*self.config()).unwrap_or(Value::Null);
        if let Some(text) = stored {
            match serde_json::from_str::<Value>(&text) {
                Ok(saved) => merge_json(&mut value, &saved),
                Err(e) => tracing::warn!(error = %e, "ignoring unreadable stored configuration"),
            }
        }
        merge_json(&mut value, &self.opts.env_overrides);
        let mut cfg: Config = serde_json::from_value(value).map_err(|e| {
            AppError::internal("app.config.load.app_error").with_detail(e.to_string())
        })?;
        if cfg.file_settings.public_link_salt.is_empty() {
            // Generated once and stored, so public links survive restarts (as Mattermost does).
            let mut salt = outpost_model::new_id();
            salt.push_str(&outpost_model::new_id());
            salt.truncate(32);
            cfg.file_settings.public_link_salt = salt;
            let text = serde_json::to_string(&cfg).unwrap_or_default();
            self.store
                .save_config(&outpost_model::new_id(), &text, outpost_model::now_millis())
                .await
                .map_err(internal("app.config.save.app_error"))?;
        }
        self.set_config(cfg);
        Ok(())
    }

    fn set_config(&self, cfg: Config) {
        match self.config.write() {
            Ok(mut slot) => *slot = Arc::new(cfg),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(cfg),
        }
        self.refresh_version_id();
    }

    /// Recomputes `X-Version-Id` from the client configuration (which it hashes).
    pub(crate) fn refresh_version_id(&self) {
        let text = serde_json::to_string(&self.client_config()).unwrap_or_default();
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let id = format!(
            "{}.outpost.{hash:016x}.false",
            outpost_core::MATTERMOST_VERSION
        );
        match self.version_id.write() {
            Ok(mut slot) => *slot = id,
            Err(poisoned) => *poisoned.into_inner() = id,
        }
    }

    /// `GET /config`: the whole configuration with secrets redacted (system admins only).
    pub fn get_config(&self, ctx: &SessionCtx) -> AppResult<Value> {
        self.require_system_permission(ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
        Ok(self.config().redacted_json())
    }

    /// `GET /config/environment`: which settings the environment fixes, as `{Section: {Key: true}}`.
    pub fn get_environment_config(&self, ctx: &SessionCtx) -> AppResult<Value> {
        self.require_system_permission(ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
        Ok(mark_true(&self.opts.env_overrides))
    }

    /// `PUT /config`: replaces the configuration. Secrets sent back redacted are kept; settings
    /// fixed by the environment keep their environment value.
    pub async fn update_config(&self, ctx: &SessionCtx, new: Value) -> AppResult<Value> {
        self.require_system_permission(ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
        let mut base = serde_json::to_value(Config::default()).unwrap_or(Value::Null);
        merge_json(&mut base, &new);
        self.save_config_value(base).await
    }

    /// `PUT /config/patch`: merges the given keys into the current configuration.
    pub async fn patch_config(&self, ctx: &SessionCtx, patch: Value) -> AppResult<Value> {
        self.require_system_permission(ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
        let mut base = serde_json::to_value(&*self.config()).unwrap_or(Value::Null);
        merge_json(&mut base, &patch);
        self.save_config_value(base).await
    }

    /// `POST /config/reload`: re-reads the stored configuration.
    pub async fn reload_config(&self, ctx: &SessionCtx) -> AppResult<()> {
        self.require_system_permission(ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
        self.load_stored_config().await
    }

    async fn save_config_value(&self, mut value: Value) -> AppResult<Value> {
        if !value.is_object() {
            return Err(AppError::invalid_body_param("config"));
        }
        let previous = self.config();
        let mut cfg: Config = serde_json::from_value(value.clone()).map_err(|e| {
            AppError::bad_request(
                "api.config.update_config.invalid.app_error",
                "Invalid config.",
            )
            .with_detail(e.to_string())
        })?;
        cfg.restore_secrets_from(&previous);
        // Values fixed by the environment are not persisted over, and stay in force.
        value = serde_json::to_value(&cfg).unwrap_or(Value::Null);
        merge_json(&mut value, &self.opts.env_overrides);
        let cfg: Config = serde_json::from_value(value).unwrap_or_else(|_| (*previous).clone());
        cfg.validate()
            .map_err(|(id, msg)| AppError::bad_request(id, msg))?;
        let text = serde_json::to_string(&cfg).unwrap_or_default();
        self.store
            .save_config(&outpost_model::new_id(), &text, outpost_model::now_millis())
            .await
            .map_err(internal("app.config.save.app_error"))?;
        let redacted = cfg.redacted_json();
        self.set_config(cfg);
        Ok(redacted)
    }

    /// `GET /config/client?format=old`: the flat string map clients read at start.
    pub fn client_config(&self) -> Value {
        let c = self.config();
        let b = |v: bool| Value::String(v.to_string());
        let s = |v: &str| Value::String(v.to_owned());
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_owned(), v);
        };
        put("Version", s(outpost_core::MATTERMOST_VERSION));
        put("BuildNumber", s("outpost"));
        put("BuildDate", s(""));
        put("BuildHash", s(outpost_core::OUTPOST_VERSION));
        put("BuildHashEnterprise", s("none"));
        put("BuildEnterpriseReady", b(false));
        put("SiteURL", s(&c.service_settings.site_url));
        put("SiteName", s(&c.team_settings.site_name));
        put("EnableOpenServer", b(c.team_settings.enable_open_server));
        put(
            "EnableUserCreation",
            b(c.team_settings.enable_user_creation),
        );
        put(
            "EnableSignUpWithEmail",
            b(c.email_settings.enable_sign_up_with_email),
        );
        put(
            "EnableSignInWithEmail",
            b(c.email_settings.enable_sign_in_with_email),
        );
        put(
            "EnableSignInWithUsername",
            b(c.email_settings.enable_sign_in_with_username),
        );
        put(
            "RequireEmailVerification",
            b(c.email_settings.require_email_verification),
        );
        put(
            "PasswordMinimumLength",
            s(&c.password_settings.minimum_length.to_string()),
        );
        put("PasswordRequireLowercase", b(c.password_settings.lowercase));
        put("PasswordRequireUppercase", b(c.password_settings.uppercase));
        put("PasswordRequireNumber", b(c.password_settings.number));
        put("PasswordRequireSymbol", b(c.password_settings.symbol));
        put(
            "EnableForgotLink",
            b(c.password_settings.enable_forgot_link),
        );
        put("DiagnosticsEnabled", b(false));
        put("TelemetryId", s(""));
        put(
            "NoAccounts",
            b(self.no_accounts.load(std::sync::atomic::Ordering::Relaxed)),
        );
        put("EnableLdap", b(false));
        put("EnableSaml", b(false));
        put("EnableSignUpWithGitLab", b(false));
        put("EnableSignUpWithGoogle", b(false));
        put("EnableSignUpWithOffice365", b(false));
        put("EnableSignUpWithOpenId", b(false));
        put(
            "EnableMultifactorAuthentication",
            b(c.service_settings.enable_multifactor_authentication),
        );
        put("EnforceMultifactorAuthentication", b(false));
        put("EnableGuestAccounts", b(false));
        put(
            "AllowSyncedDrafts",
            b(c.service_settings.allow_synced_drafts),
        );
        put(
            "EnableCustomEmoji",
            b(c.service_settings.enable_custom_emoji),
        );
        put(
            "EnableUserAccessTokens",
            b(c.service_settings.enable_user_access_tokens),
        );
        put("CollapsedThreads", s(&c.service_settings.collapsed_threads));
        put(
            "EnableLinkPreviews",
            b(c.service_settings.enable_link_previews),
        );
        put("EnableCommands", b(c.service_settings.enable_commands));
        let svc = &c.service_settings;
        put("EnableIncomingWebhooks", b(svc.enable_incoming_webhooks));
        put("EnableOutgoingWebhooks", b(svc.enable_outgoing_webhooks));
        put(
            "EnablePostUsernameOverride",
            b(svc.enable_post_username_override),
        );
        put("EnablePostIconOverride", b(svc.enable_post_icon_override));
        put(
            "EnableCustomUserStatuses",
            b(c.team_settings.enable_custom_user_statuses),
        );
        put(
            "EnableBotAccountCreation",
            b(c.service_settings.enable_bot_account_creation),
        );
        put("ShowEmailAddress", b(c.privacy_settings.show_email_address));
        put("ShowFullName", b(c.privacy_settings.show_full_name));
        put(
            "TeammateNameDisplay",
            s(&c.team_settings.teammate_name_display),
        );
        put(
            "LockTeammateNameDisplay",
            b(c.team_settings.lock_teammate_name_display),
        );
        put(
            "ExperimentalViewArchivedChannels",
            b(c.team_settings.experimental_view_archived_channels),
        );
        put(
            "ExperimentalTownSquareIsReadOnly",
            b(c.team_settings.experimental_town_square_is_read_only),
        );
        put(
            "EnableFileAttachments",
            b(c.file_settings.enable_file_attachments),
        );
        put("MaxFileSize", s(&c.file_settings.max_file_size.to_string()));
        put("EnablePublicLink", b(c.file_settings.enable_public_link));
        put(
            "EnableMobileFileUpload",
            b(c.file_settings.enable_mobile_upload),
        );
        put(
            "EnableMobileFileDownload",
            b(c.file_settings.enable_mobile_download),
        );
        put("MaxPostSize", s("16383"));
        put("PluginsEnabled", b(false));
        put("EnableConfirmNotificationsToChannel", b(true));
        put("FeatureFlagCollapsedThreads", b(true));
        put("IsDefaultMarketplace", b(false));
        put("DefaultClientLocale", s("en"));
        put("AvailableLocales", s(""));
        put("AsymmetricSigningPublicKey", s(&self.signing_public_key()));
        put(
            "SendPushNotifications",
            b(c.email_settings.send_push_notifications),
        );
        put(
            "SendEmailNotifications",
            b(c.email_settings.send_email_notifications),
        );
        put(
            "EnableEmailBatching",
            b(c.email_settings.enable_email_batching),
        );
        put(
            "EmailNotificationContentsType",
            s(&c.email_settings.email_notification_contents_type),
        );
        put(
            "MaxNotificationsPerChannel",
            s(&c.team_settings.max_notifications_per_channel.to_string()),
        );
        put(
            "EnableEmailInvitations",
            b(c.service_settings.enable_email_invitations),
        );
        // Outpost's own: the VAPID key the web client subscribes to Web Push with.
        put("WebPushPublicKey", s(&self.vapid_public_key()));
        Value::Object(m)
    }
}

/// `{Section: {Key: value}}` → `{Section: {Key: true}}`.
fn mark_true(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), mark_true(v))).collect())
        }
        _ => Value::Bool(true),
    }
}
