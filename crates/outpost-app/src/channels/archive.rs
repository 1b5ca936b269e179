//! Archiving and restoring channels (and permanent deletion, when the configuration allows it).

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::channel::Channel;
use outpost_model::now_millis;

use super::channel_not_found;
use crate::system_posts::SystemMessage;
use crate::teams::TOWN_SQUARE;
use crate::{App, SessionCtx, internal};

impl App {
    /// `DELETE /channels/{channel_id}`: archives a public or private channel (not town-square).
    pub async fn delete_channel(
        &self,
        ctx: &SessionCtx,
        id: &str,
        permanent: bool,
    ) -> AppResult<()> {
        let mut c = self.get_channel_raw(id).await?;
        match c.channel_type.as_str() {
            "O" => {
                self.require_channel_permission(ctx, id, perm::DELETE_PUBLIC_CHANNEL)
                    .await?
            }
            "P" => {
                self.require_channel_permission(ctx, id, perm::DELETE_PRIVATE_CHANNEL)
                    .await?
            }
            _ => {
                return Err(AppError::bad_request(
                    "api.channel.delete_channel.type.invalid",
                    "Direct and group message channels cannot be deleted.",
                ));
            }
        }
        if permanent {
            self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
            if !self.config().service_settings.enable_api_channel_deletion {
                return Err(AppError::unauthorized(
                    "api.user.delete_channel.not_enabled.app_error",
                    "Permanent channel deletion feature is not enabled. Please contact your System Administrator.",
                ));
            }
            self.store
                .permanent_delete_channel(id)
                .await
                .map_err(internal("app.channel.permanent_delete.app_error"))?;
            self.unindex_channel(id);
            return Ok(());
        }
        if c.delete_at > 0 {
            return Err(AppError::bad_request(
                "api.channel.delete_channel.deleted.app_error",
                "The channel has been archived or deleted.",
            ));
        }
        if c.name == TOWN_SQUARE {
            return Err(AppError::bad_request(
                "api.channel.delete_channel.cannot.app_error",
                format!("Unable to delete the default channel {TOWN_SQUARE}."),
            ));
        }
        let now = now_millis();
        c.delete_at = now;
        c.update_at = now;
        self.store
            .update_channel(&c)
            .await
            .map_err(channel_not_found)?;
        let username = self.username_of(ctx.user_id()).await;
        self.post_system_message(
            &c.id,
            ctx.user_id(),
            SystemMessage::channel_archived(&username),
        )
        .await;
        self.emit_channel_deleted(&c).await;
        Ok(())
    }

    /// `POST /channels/{channel_id}/restore`: needs `manage_team` in the channel's team.
    pub async fn restore_channel(&self, ctx: &SessionCtx, id: &str) -> AppResult<Channel> {
        let mut c = self.get_channel_raw(id).await?;
        self.require_team_permission(ctx, &c.team_id, perm::MANAGE_TEAM)
            .await?;
        if c.delete_at == 0 {
            return Err(AppError::bad_request(
                "api.channel.restore_channel.restored.app_error",
                "Unable to unarchive channel. The channel is not archived.",
            ));
        }
        c.delete_at = 0;
        c.update_at = now_millis();
        self.store
            .update_channel(&c)
            .await
            .map_err(channel_not_found)?;
        self.emit_channel_restored(&c).await;
        let username = self.username_of(ctx.user_id()).await;
        self.post_system_message(
            &c.id,
            ctx.user_id(),
            SystemMessage::channel_restored(&username),
        )
        .await;
        Ok(c)
    }
}
