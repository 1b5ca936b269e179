//! Who a new post mentions: mention counts, and the `@channel` limit of large channels.

use outpost_core::AppResult;
use outpost_core::mentions::{MentionCandidate, find_mentions};
use outpost_core::roles::perm;
use outpost_model::post::Post;
use outpost_model::{new_id, now_millis};

use crate::notifications::{NotifyProps, PostMentions, parse_props};
use crate::{App, SessionCtx, internal};

impl App {
    /// Finds who the post mentions and bumps their mention counts. `@all`, `@channel` and
    /// `@here` reach nobody in a channel above `MaxNotificationsPerChannel` (the sender is told).
    pub(super) async fn record_mentions(
        &self,
        ctx: &SessionCtx,
        post: &Post,
        channel_type: &str,
    ) -> AppResult<PostMentions> {
        let rows = self
            .store
            .get_mention_members(&post.channel_id)
            .await
            .map_err(internal("app.channel.get_members.app_error"))?;
        // Each member's notify props are parsed once per post (a large channel has thousands).
        let props: Vec<(NotifyProps, NotifyProps)> = rows
            .iter()
            .map(|r| {
                (
                    parse_props(&r.user_notify_props),
                    parse_props(&r.channel_notify_props),
                )
            })
            .collect();
        let candidates: Vec<MentionCandidate> = rows
            .iter()
            .zip(&props)
            .map(|(r, (user, channel))| MentionCandidate {
                user_id: r.user_id.clone(),
                username: r.username.clone(),
                first_name: r.first_name.clone(),
                mention_keys: prop(user, "mention_keys").to_owned(),
                first_name_mentions: prop(user, "first_name") == "true",
                channel_mentions: prop(user, "channel") != "false"
                    && prop(channel, "ignore_channel_mentions") != "on",
                online: self.hub.is_connected(&r.user_id),
            })
            .collect();
        let mut allow_channel = self
            .has_channel_permission(ctx, &post.channel_id, perm::USE_CHANNEL_MENTIONS)
            .await?;
        let limit = self.config().team_settings.max_notifications_per_channel;
        let explicit = find_mentions(&post.message, &candidates, &post.user_id, false).user_ids;
        let mut mentioned: Vec<String> = if channel_type == "D" {
            candidates
                .iter()
                .filter(|c| c.user_id != post.user_id)
                .map(|c| c.user_id.clone())
                .collect()
        } else {
            let mut found = find_mentions(&post.message, &candidates, &post.user_id, allow_channel);
            if (found.channel || found.here)
                && i64::try_from(rows.len()).unwrap_or(i64::MAX) > limit
            {
                allow_channel = false;
                self.tell_channel_mentions_disabled(ctx, post, limit).await;
                found = find_mentions(&post.message, &candidates, &post.user_id, allow_channel);
            }
            found.user_ids.into_iter().collect()
        };
        mentioned.sort();
        self.store
            .increment_mentions(
                &post.channel_id,
                &mentioned,
                post.root_id.is_empty(),
                post.create_at,
            )
            .await
            .map_err(internal("app.channel.increment_mention_count.app_error"))?;
        Ok(PostMentions {
            rows,
            props,
            explicit,
            mentioned,
        })
    }

    /// An ephemeral note to the sender that channel-wide mentions were not sent.
    async fn tell_channel_mentions_disabled(&self, ctx: &SessionCtx, post: &Post, limit: i64) {
        let note = Post {
            id: new_id(),
            channel_id: post.channel_id.clone(),
            root_id: post.root_id.clone(),
            user_id: post.user_id.clone(),
            create_at: now_millis(),
            update_at: now_millis(),
            post_type: "system_ephemeral".to_owned(),
            message: format!(
                "@all, @channel and @here have been disabled because the channel has more than {limit} users."
            ),
            ..Post::default()
        };
        let ev = outpost_realtime::Event::new("ephemeral_message")
            .with("post", serde_json::to_string(&note).unwrap_or_default())
            .for_channel(&post.channel_id)
            .for_user(ctx.user_id());
        self.emit(ev, crate::events::Audience::User(ctx.user_id()))
            .await;
    }
}

/// One notify prop, empty when unset.
fn prop<'a>(m: &'a NotifyProps, key: &str) -> &'a str {
    m.get(key).map_or("", String::as_str)
}
