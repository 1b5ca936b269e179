//! Reactions: add, remove, list, bulk list; at most 50 different emoji per post.

use std::collections::BTreeMap;

use outpost_core::emoji::{is_system_emoji, is_valid_emoji_name};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;
use outpost_model::reaction::Reaction;
use outpost_realtime::Event;
use outpost_store::StoreError;

use crate::events::Audience;
use crate::{App, SessionCtx, internal, not_found_or_internal};

/// Most different emoji on one post (`ServiceSettings.UniqueEmojiReactionLimitPerPost`).
pub const MAX_DISTINCT_REACTIONS: i64 = 50;

impl App {
    /// `reaction_added` / `reaction_removed` (the reaction as a JSON string), to the channel.
    async fn publish_reaction(&self, name: &str, r: &Reaction) {
        let ev = Event::new(name)
            .with("reaction", serde_json::to_string(r).unwrap_or_default())
            .for_channel(&r.channel_id);
        self.emit(ev, Audience::Channel(&r.channel_id)).await;
    }

    /// `POST /reactions`.
    pub async fn save_reaction(&self, ctx: &SessionCtx, mut r: Reaction) -> AppResult<Reaction> {
        if r.user_id != ctx.user_id() {
            return Err(AppError::forbidden(
                "api.reaction.save_reaction.user_id.app_error",
                "You cannot save reaction for the other user.",
            ));
        }
        if !outpost_model::is_valid_id(&r.post_id) {
            return Err(AppError::invalid_body_param("post_id"));
        }
        if !is_valid_emoji_name(&r.emoji_name)
            || !(is_system_emoji(&r.emoji_name) || self.custom_emoji_exists(&r.emoji_name).await?)
        {
            return Err(AppError::bad_request(
                "model.reaction.is_valid.emoji_name.app_error",
                "Invalid emoji name.",
            ));
        }
        let post = self.get_post(ctx, &r.post_id).await?;
        self.require_channel_permission(ctx, &post.channel_id, perm::ADD_REACTION)
            .await?;
        let now = now_millis();
        r.channel_id = post.channel_id.clone();
        r.create_at = now;
        r.update_at = now;
        r.delete_at = 0;
        r.remote_id.clear();
        self.store
            .save_reaction(&r, MAX_DISTINCT_REACTIONS)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::bad_request(
                    "app.reaction.save.save.too_many_reactions",
                    "Reaction limit has been reached for this post.",
                ),
                other => internal("app.reaction.save.save.app_error")(other),
            })?;
        self.publish_reaction("reaction_added", &r).await;
        Ok(r)
    }

    /// `DELETE /users/{uid}/posts/{pid}/reactions/{emoji}`: own reactions, or others' with `remove_others_reactions`.
    pub async fn delete_reaction(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        post_id: &str,
        emoji: &str,
    ) -> AppResult<()> {
        if !is_valid_emoji_name(emoji) {
            return Err(AppError::invalid_url_param("emoji_name"));
        }
        let post = self.get_post(ctx, post_id).await?;
        let needed = if user_id == ctx.user_id() {
            perm::REMOVE_REACTION
        } else {
            perm::REMOVE_OTHERS_REACTIONS
        };
        self.require_channel_permission(ctx, &post.channel_id, needed)
            .await?;
        let now = now_millis();
        self.store
            .delete_reaction(user_id, post_id, emoji, now)
            .await
            .map_err(not_found_or_internal(
                "app.reaction.delete_all_with_emoji_name.get_reactions.app_error",
                "Unable to find the reaction.",
            ))?;
        let r = Reaction {
            user_id: user_id.to_owned(),
            post_id: post_id.to_owned(),
            emoji_name: emoji.to_owned(),
            create_at: now,
            update_at: now,
            delete_at: now,
            channel_id: post.channel_id.clone(),
            ..Reaction::default()
        };
        self.publish_reaction("reaction_removed", &r).await;
        Ok(())
    }

    /// `GET /posts/{id}/reactions`.
    pub async fn get_reactions(&self, ctx: &SessionCtx, post_id: &str) -> AppResult<Vec<Reaction>> {
        self.get_post(ctx, post_id).await?;
        self.store
            .get_reactions(&[post_id.to_owned()])
            .await
            .map_err(internal("app.reaction.get_for_post.app_error"))
    }

    /// `POST /posts/ids/reactions`: `{post_id: [reactions]}` for the readable posts (empty lists included).
    pub async fn get_bulk_reactions(
        &self,
        ctx: &SessionCtx,
        post_ids: &[String],
    ) -> AppResult<BTreeMap<String, Vec<Reaction>>> {
        let readable = self.get_posts_by_ids(ctx, post_ids).await?;
        let ids: Vec<String> = readable.into_iter().map(|p| p.id).collect();
        let mut out: BTreeMap<String, Vec<Reaction>> =
            ids.iter().map(|id| (id.clone(), Vec::new())).collect();
        for r in self
            .store
            .get_reactions(&ids)
            .await
            .map_err(internal("app.reaction.bulk_get_for_post_ids.app_error"))?
        {
            out.entry(r.post_id.clone()).or_default().push(r);
        }
        Ok(out)
    }
}
