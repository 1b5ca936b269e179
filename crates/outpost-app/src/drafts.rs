//! Server-synced drafts (`ServiceSettings.AllowSyncedDrafts`): a user's unsent message per
//! channel and thread, shared between their devices with `draft_created` / `draft_deleted`.
//!
//! As in Mattermost, saving an empty message deletes the draft, a draft may be saved wherever the
//! user may post, and a root post's deletion removes every draft of a reply to it. Outpost also
//! deletes the author's draft when a post is sent (Mattermost's clients do that themselves with a
//! `DELETE`), so a draft never outlives its message on a device that missed the send.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::draft::{
    DRAFT_FILE_IDS_MAX_RUNES, DRAFT_PRIORITY_MAX_RUNES, DRAFT_PROPS_MAX_RUNES, Draft,
};
use outpost_model::post::{POST_MESSAGE_MAX_RUNES, Post};
use outpost_model::{is_valid_id, now_millis};
use outpost_realtime::Event;
use outpost_store::StoreError;

use crate::events::Audience;
use crate::{App, SessionCtx, internal};

fn invalid(id: &'static str, message: &str, channel_id: &str) -> AppError {
    AppError::bad_request(id, message).with_detail(format!("channelid={channel_id}"))
}

fn json_chars(value: &impl serde::Serialize) -> usize {
    serde_json::to_string(value)
        .map(|s| s.chars().count())
        .unwrap_or(usize::MAX)
}

/// `Draft.IsValid`, with the ids Mattermost's model reports.
fn validate(d: &Draft) -> AppResult<()> {
    let len = d.message.chars().count();
    if len > POST_MESSAGE_MAX_RUNES {
        return Err(invalid(
            "model.draft.is_valid.message_length.app_error",
            &format!(
                "Invalid Message property length. Length is {len}, max is {POST_MESSAGE_MAX_RUNES}."
            ),
            &d.channel_id,
        ));
    }
    if !d.root_id.is_empty() && !is_valid_id(&d.root_id) {
        return Err(AppError::bad_request(
            "model.draft.is_valid.root_id.app_error",
            "Invalid RootId property.",
        ));
    }
    if json_chars(&d.file_ids) > DRAFT_FILE_IDS_MAX_RUNES {
        return Err(invalid(
            "model.draft.is_valid.file_ids.app_error",
            "Invalid FileIds property.",
            &d.channel_id,
        ));
    }
    if json_chars(&d.props) > DRAFT_PROPS_MAX_RUNES {
        return Err(invalid(
            "model.draft.is_valid.props.app_error",
            "Invalid Props property.",
            &d.channel_id,
        ));
    }
    if json_chars(&d.priority) > DRAFT_PRIORITY_MAX_RUNES {
        return Err(invalid(
            "model.draft.is_valid.priority.app_error",
            "Invalid Priority property.",
            &d.channel_id,
        ));
    }
    Ok(())
}

impl App {
    /// 501 `api.drafts.disabled.app_error` when synced drafts are switched off.
    fn require_synced_drafts(&self) -> AppResult<()> {
        if self.config().service_settings.allow_synced_drafts {
            Ok(())
        } else {
            Err(AppError::not_implemented(
                "api.drafts.disabled.app_error",
                "Drafts are disabled.",
            ))
        }
    }

    /// 403 unless `user_id` is the caller: drafts are only ever one's own.
    fn require_own_drafts(ctx: &SessionCtx, user_id: &str) -> AppResult<()> {
        if user_id == ctx.user_id() {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// `POST /drafts`: saves the caller's draft (an empty message deletes it). `None` when it was
    /// deleted, as Mattermost answers `null`.
    pub async fn upsert_draft(
        &self,
        ctx: &SessionCtx,
        mut draft: Draft,
        connection_id: &str,
    ) -> AppResult<Option<Draft>> {
        self.require_synced_drafts()?;
        draft.user_id = ctx.user_id().to_owned();
        draft.delete_at = 0;
        draft.metadata = None;
        self.require_draft_permission(ctx, &draft.channel_id)
            .await?;
        let channel = self
            .store
            .get_channel(&draft.channel_id)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => AppError::bad_request(
                    "api.context.invalid_param.app_error",
                    "Invalid draft.channel_id parameter.",
                ),
                other => internal("app.channel.get.find.app_error")(other),
            })?;
        if channel.delete_at != 0 {
            return Err(AppError::bad_request(
                "api.draft.create_draft.can_not_draft_to_deleted.error",
                "Cannot create a draft in an archived channel.",
            ));
        }
        if draft.message.is_empty() {
            let gone = self
                .store
                .delete_draft(&draft.user_id, &draft.channel_id, &draft.root_id)
                .await
                .map_err(internal("app.draft.save.app_error"))?;
            if let Some(gone) = gone {
                self.emit_draft("draft_deleted", &gone, connection_id).await;
            }
            return Ok(None);
        }
        validate(&draft)?;
        let now = now_millis();
        if draft.create_at == 0 {
            draft.create_at = now;
        }
        draft.update_at = now;
        let mut seen = std::collections::HashSet::new();
        draft.file_ids.retain(|id| seen.insert(id.clone()));
        let mut saved = self
            .store
            .upsert_draft(&draft)
            .await
            .map_err(internal("app.draft.save.app_error"))?;
        self.attach_draft_files(&mut saved).await;
        self.emit_draft("draft_created", &saved, connection_id)
            .await;
        Ok(Some(saved))
    }

    /// Whether the caller may post in the channel, or (a non-member) in any public channel of its
    /// team (`create_post_public`), as Mattermost checks for drafts.
    async fn require_draft_permission(&self, ctx: &SessionCtx, channel_id: &str) -> AppResult<()> {
        if is_valid_id(channel_id)
            && self
                .has_channel_permission(ctx, channel_id, perm::CREATE_POST)
                .await?
        {
            return Ok(());
        }
        if is_valid_id(channel_id)
            && let Ok(channel) = self.store.get_channel(channel_id).await
            && channel.channel_type == "O"
            && self
                .has_team_permission(ctx, &channel.team_id, perm::CREATE_POST_PUBLIC)
                .await?
        {
            return Ok(());
        }
        Err(AppError::no_permission())
    }

    /// `GET /users/{user_id}/teams/{team_id}/drafts`: the caller's drafts in that team's channels
    /// they belong to and in their direct and group messages, the latest first.
    pub async fn get_drafts(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<Vec<Draft>> {
        self.require_synced_drafts()?;
        Self::require_own_drafts(ctx, user_id)?;
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        let mut drafts = self
            .store
            .get_drafts_for_user(ctx.user_id(), team_id)
            .await
            .map_err(internal("app.draft.get_drafts.app_error"))?;
        for d in &mut drafts {
            self.attach_draft_files(d).await;
        }
        Ok(drafts)
    }

    /// `DELETE /users/{user_id}/channels/{channel_id}/drafts[/{thread_id}]`: deleting a draft
    /// that does not exist succeeds.
    pub async fn delete_draft(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
        connection_id: &str,
    ) -> AppResult<()> {
        self.require_synced_drafts()?;
        Self::require_own_drafts(ctx, user_id)?;
        let gone = self
            .store
            .delete_draft(ctx.user_id(), channel_id, root_id)
            .await
            .map_err(internal("app.draft.delete.app_error"))?;
        if let Some(gone) = gone {
            self.emit_draft("draft_deleted", &gone, connection_id).await;
        }
        Ok(())
    }

    /// After a root post is deleted: nobody can reply to it any more.
    pub(crate) async fn drafts_after_post_deleted(&self, post: &Post) {
        if !post.root_id.is_empty() {
            return;
        }
        if let Err(e) = self
            .store
            .delete_thread_drafts(&post.channel_id, &post.id)
            .await
        {
            tracing::warn!(error = %e, "deleting the drafts of a deleted thread failed");
        }
    }

    /// `metadata.files`: the draft's files that are still unattached and the author's own.
    async fn attach_draft_files(&self, d: &mut Draft) {
        if d.file_ids.is_empty() {
            return;
        }
        let mut files = Vec::new();
        for id in &d.file_ids {
            if let Ok(f) = self.store.get_file_info(id).await
                && f.post_id.is_empty()
                && f.creator_id == d.user_id
                && f.delete_at == 0
            {
                files.push(f);
            }
        }
        if !files.is_empty() {
            d.metadata = Some(serde_json::json!({ "files": files }));
        }
    }

    /// A `draft_*` event to the owner's connections except the one that made the change; `draft`
    /// is a JSON string, as in Mattermost.
    pub(crate) async fn emit_draft(&self, name: &str, d: &Draft, connection_id: &str) {
        let mut ev = Event::new(name)
            .with("draft", serde_json::to_string(d).unwrap_or_default())
            .for_user(&d.user_id)
            .for_channel(&d.channel_id);
        ev.broadcast.omit_connection_id = connection_id.to_owned();
        self.emit(ev, Audience::User(&d.user_id)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(message: &str) -> Draft {
        Draft {
            user_id: "abcdefghijklmnopqrstuvwxyz".to_owned(),
            channel_id: "bcdefghijklmnopqrstuvwxyza".to_owned(),
            message: message.to_owned(),
            ..Draft::default()
        }
    }

    #[test]
    fn validation_follows_mattermost() {
        assert!(validate(&draft("hi")).is_ok());
        assert!(validate(&draft(&"é".repeat(POST_MESSAGE_MAX_RUNES))).is_ok());
        let e = validate(&draft(&"x".repeat(POST_MESSAGE_MAX_RUNES + 1))).err();
        assert_eq!(
            e.map(|e| e.id),
            Some("model.draft.is_valid.message_length.app_error")
        );
        let mut d = draft("hi");
        d.root_id = "short".to_owned();
        assert_eq!(
            validate(&d).err().map(|e| e.id),
            Some("model.draft.is_valid.root_id.app_error")
        );
        let mut d = draft("hi");
        d.file_ids = (0..12).map(|i| format!("{i:0>26}")).collect();
        assert_eq!(
            validate(&d).err().map(|e| e.id),
            Some("model.draft.is_valid.file_ids.app_error")
        );
        let mut d = draft("hi");
        d.props.insert("big".to_owned(), "x".repeat(8_000).into());
        assert_eq!(
            validate(&d).err().map(|e| e.id),
            Some("model.draft.is_valid.props.app_error")
        );
    }
}
