//! Pinning and unpinning posts.

use outpost_core::AppResult;
use outpost_core::roles::perm;
use outpost_model::now_millis;

use crate::{App, SessionCtx, internal, not_found_or_internal};

impl App {
    /// `POST /posts/{id}/pin` and `/unpin`.
    pub async fn set_post_pinned(
        &self,
        ctx: &SessionCtx,
        post_id: &str,
        pinned: bool,
    ) -> AppResult<()> {
        let post = self.readable_post(ctx, post_id).await?;
        self.require_channel_permission(ctx, &post.channel_id, perm::READ_CHANNEL_CONTENT)
            .await?;
        self.require_channel_permission(ctx, &post.channel_id, perm::CREATE_POST)
            .await?;
        self.store
            .set_post_pinned(post_id, pinned, now_millis())
            .await
            .map_err(not_found_or_internal(
                "app.post.update.app_error",
                "Unable to update the post.",
            ))?;
        let saved = self
            .store
            .get_post(post_id)
            .await
            .map_err(internal("app.post.get.app_error"))?;
        let members = self.channel_members(&saved.channel_id).await?;
        self.publish_post_event("post_edited", &saved, members, &[]);
        Ok(())
    }
}
