//! Bot accounts: a user row marked by a Bots row, owned by the person who made it. Bots log in
//! with personal access tokens only; their posts carry `from_bot`.

use outpost_core::roles::perm;
use outpost_core::validate::is_valid_username;
use outpost_core::{AppError, AppResult};
use outpost_model::integration::{Bot, BotPatch};
use outpost_model::now_millis;
use outpost_model::user::{User, default_notify_props, default_timezone};
use outpost_store::StoreError;
use outpost_store::commands::BotFilter;

use crate::{App, SessionCtx, internal};

/// `GET /bots` options.
#[derive(Debug, Clone, Default)]
pub struct BotListQuery {
    pub page: i64,
    pub per_page: i64,
    pub include_deleted: bool,
    pub only_orphaned: bool,
}

fn bot_not_found() -> AppError {
    AppError::not_found("store.sql_bot.get.missing.app_error", "Bot does not exist.")
}

fn validate(bot: &Bot) -> AppResult<()> {
    let bad = |id: &'static str, msg: &str| AppError::bad_request(id, msg.to_owned());
    if !is_valid_username(&bot.username) {
        return Err(bad(
            "model.bot.is_valid.username.app_error",
            "Invalid username.",
        ));
    }
    if bot.display_name.chars().count() > 64 {
        return Err(bad(
            "model.bot.is_valid.username.app_error",
            "Invalid display name.",
        ));
    }
    if bot.description.chars().count() > 1024 {
        return Err(bad(
            "model.bot.is_valid.description.app_error",
            "Invalid description.",
        ));
    }
    Ok(())
}

impl App {
    /// `POST /bots`: needs `create_bot` and `EnableBotAccountCreation`.
    pub async fn create_bot(&self, ctx: &SessionCtx, mut bot: Bot) -> AppResult<Bot> {
        self.require_system_permission(ctx, perm::CREATE_BOT)?;
        if !self.config().service_settings.enable_bot_account_creation {
            return Err(AppError::forbidden(
                "api.bot.create_disabled",
                "Bot creation has been disabled.",
            ));
        }
        bot.username = bot.username.trim().to_lowercase();
        validate(&bot)?;
        let now = now_millis();
        let user = User {
            id: outpost_model::new_id(),
            create_at: now,
            update_at: now,
            username: bot.username.clone(),
            email: format!("{}@localhost", bot.username),
            first_name: bot.display_name.clone(),
            roles: "system_user".to_owned(),
            locale: "en".to_owned(),
            notify_props: default_notify_props(),
            timezone: default_timezone(),
            email_verified: true,
            ..User::default()
        };
        bot.user_id.clone_from(&user.id);
        bot.owner_id = ctx.user_id().to_owned();
        bot.create_at = now;
        bot.update_at = now;
        bot.delete_at = 0;
        bot.last_icon_update = 0;
        self.store.save_bot(&bot, &user).await.map_err(|e| {
            if e.is_conflict_on("username") || e.is_conflict_on("email") {
                AppError::bad_request(
                    "app.user.save.username_exists.app_error",
                    "An account with that username already exists.",
                )
            } else {
                internal("app.bot.createbot.internal_error")(e)
            }
        })?;
        self.emit_new_user(&bot.user_id).await;
        Ok(bot)
    }

    pub(crate) async fn bot_raw(&self, id: &str) -> AppResult<Bot> {
        match self.store.get_bot(id).await {
            Ok(b) => Ok(b),
            Err(StoreError::NotFound) => Err(bot_not_found()),
            Err(e) => Err(internal("app.bot.getbot.internal_error")(e)),
        }
    }

    /// A bot the caller may read (`read_bots` for their own, `read_others_bots` for any);
    /// someone else's bot without the permission is a 404, as if it did not exist.
    async fn readable_bot(&self, ctx: &SessionCtx, id: &str, deleted: bool) -> AppResult<Bot> {
        let bot = self.bot_raw(id).await?;
        let own = bot.owner_id == ctx.user_id();
        let allowed = self.has_system_permission(ctx, perm::READ_OTHERS_BOTS)
            || (own && self.has_system_permission(ctx, perm::READ_BOTS));
        if !allowed {
            return if own {
                Err(AppError::no_permission())
            } else {
                Err(bot_not_found())
            };
        }
        if bot.delete_at != 0 && !deleted {
            return Err(bot_not_found());
        }
        Ok(bot)
    }

    /// A bot the caller may change (`manage_bots` for their own, `manage_others_bots` for any).
    pub(crate) async fn managed_bot(&self, ctx: &SessionCtx, id: &str) -> AppResult<Bot> {
        let bot = self.readable_bot(ctx, id, true).await?;
        let own = bot.owner_id == ctx.user_id();
        let allowed = self.has_system_permission(ctx, perm::MANAGE_OTHERS_BOTS)
            || (own && self.has_system_permission(ctx, perm::MANAGE_BOTS));
        if allowed {
            Ok(bot)
        } else {
            Err(AppError::no_permission())
        }
    }

    /// Whether `user_id` is a bot the caller may manage (for its access tokens).
    pub(crate) async fn can_manage_bot_user(&self, ctx: &SessionCtx, user_id: &str) -> bool {
        self.managed_bot(ctx, user_id).await.is_ok()
    }

    /// `GET /bots/{id}`.
    pub async fn get_bot(&self, ctx: &SessionCtx, id: &str, deleted: bool) -> AppResult<Bot> {
        self.readable_bot(ctx, id, deleted).await
    }

    /// `GET /bots`: every bot with `read_others_bots`, one's own with `read_bots`.
    pub async fn get_bots(&self, ctx: &SessionCtx, q: BotListQuery) -> AppResult<Vec<Bot>> {
        let owner_id = if self.has_system_permission(ctx, perm::READ_OTHERS_BOTS) {
            String::new()
        } else if self.has_system_permission(ctx, perm::READ_BOTS) {
            ctx.user_id().to_owned()
        } else {
            return Err(AppError::no_permission());
        };
        let f = BotFilter {
            owner_id,
            include_deleted: q.include_deleted,
            only_orphaned: q.only_orphaned,
            offset: q.page * q.per_page,
            limit: q.per_page,
        };
        self.store
            .get_bots(&f)
            .await
            .map_err(internal("app.bot.getbots.internal_error"))
    }

    /// `PUT /bots/{id}`: username, display name, description.
    pub async fn patch_bot(&self, ctx: &SessionCtx, id: &str, patch: BotPatch) -> AppResult<Bot> {
        let mut bot = self.managed_bot(ctx, id).await?;
        if let Some(u) = patch.username {
            bot.username = u.trim().to_lowercase();
        }
        if let Some(d) = patch.display_name {
            bot.display_name = d;
        }
        if let Some(d) = patch.description {
            bot.description = d;
        }
        validate(&bot)?;
        let mut user = self.get_user_raw(id).await?;
        bot.update_at = now_millis();
        user.username.clone_from(&bot.username);
        user.first_name.clone_from(&bot.display_name);
        user.update_at = bot.update_at;
        self.store.update_user(&user).await.map_err(|e| {
            if e.is_conflict_on("username") {
                AppError::bad_request(
                    "app.user.save.username_exists.app_error",
                    "An account with that username already exists.",
                )
            } else {
                internal("app.user.update.finding.app_error")(e)
            }
        })?;
        self.store
            .update_bot(&bot)
            .await
            .map_err(internal("app.bot.patchbot.internal_error"))?;
        self.announce_user_changed(id).await;
        Ok(bot)
    }

    /// `POST /bots/{id}/disable` and `/enable`: a disabled bot's account is deactivated, so its
    /// tokens stop working.
    pub async fn set_bot_active(&self, ctx: &SessionCtx, id: &str, active: bool) -> AppResult<Bot> {
        let mut bot = self.managed_bot(ctx, id).await?;
        let now = now_millis();
        bot.delete_at = if active { 0 } else { now };
        bot.update_at = now;
        self.store
            .update_bot(&bot)
            .await
            .map_err(internal("app.bot.update.internal_error"))?;
        if !active {
            self.end_user_sessions(id, "").await?;
        }
        self.announce_user_changed(id).await;
        Ok(bot)
    }

    /// `POST /bots/{id}/assign/{user_id}`: hands the bot to another owner (`assign_bot`).
    pub async fn assign_bot(&self, ctx: &SessionCtx, id: &str, owner: &str) -> AppResult<Bot> {
        let mut bot = self.managed_bot(ctx, id).await?;
        self.require_system_permission(ctx, perm::ASSIGN_BOT)?;
        let new_owner = self.get_user_raw(owner).await?;
        if new_owner.is_bot {
            return Err(AppError::bad_request(
                "api.context.invalid_param.app_error",
                "Invalid user_id parameter.",
            ));
        }
        bot.owner_id = new_owner.id;
        bot.update_at = now_millis();
        self.store
            .update_bot(&bot)
            .await
            .map_err(internal("app.bot.update.internal_error"))?;
        Ok(bot)
    }
}
