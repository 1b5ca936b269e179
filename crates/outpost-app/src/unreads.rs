//! Unread state: mark a channel unread from a post, read around the first unread post, saved posts.

use outpost_core::mentions::{MentionCandidate, find_mentions};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;
use outpost_model::post::{Post, PostList};
use outpost_realtime::{Event, Target};
use outpost_store::unreads::UnreadAt;
use serde_json::{Value, json};

use crate::{App, SessionCtx, internal, not_found_or_internal};

impl App {
    /// `POST /users/{uid}/posts/{pid}/set_unread`: the channel is unread from this post on.
    pub async fn set_post_unread(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        post_id: &str,
    ) -> AppResult<Value> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let post = self.get_post(ctx, post_id).await?;
        let channel = self
            .store
            .get_post_channel(&post.channel_id)
            .await
            .map_err(internal("app.channel.get.app_error"))?;
        let user = self.get_user_raw(user_id).await?;
        let (msg_count, msg_count_root) = self
            .store
            .count_channel_posts_before(&post.channel_id, post.create_at)
            .await
            .map_err(internal("app.post.get_posts.app_error"))?;
        let later = self
            .store
            .get_channel_posts_from(&post.channel_id, post.create_at, 10_000)
            .await
            .map_err(internal("app.post.get_posts.app_error"))?;
        let me = [MentionCandidate::for_user(&user, false)];
        let mentioning: Vec<&Post> = later
            .iter()
            .filter(|p| p.user_id != user_id)
            .filter(|p| {
                channel.channel_type == "D"
                    || !find_mentions(&p.message, &me, &p.user_id, true)
                        .user_ids
                        .is_empty()
            })
            .collect();
        let unread = UnreadAt {
            last_viewed_at: post.create_at - 1,
            msg_count,
            msg_count_root,
            mention_count: i64::try_from(mentioning.len()).unwrap_or(0),
            mention_count_root: i64::try_from(
                mentioning.iter().filter(|p| p.root_id.is_empty()).count(),
            )
            .unwrap_or(0),
        };
        self.store
            .set_member_unread(&post.channel_id, user_id, &unread, now_millis())
            .await
            .map_err(not_found_or_internal(
                "app.channel.get_member.missing.app_error",
                "No channel member found for that user ID and channel ID.",
            ))?;
        let body = json!({
            "team_id": channel.team_id,
            "channel_id": post.channel_id,
            "msg_count": unread.msg_count,
            "mention_count": unread.mention_count,
            "mention_count_root": unread.mention_count_root,
            "urgent_mention_count": 0,
            "msg_count_root": unread.msg_count_root,
            "last_viewed_at": unread.last_viewed_at,
        });
        let mut ev = Event::new("post_unread").with("post_id", post_id);
        if let (Value::Object(data), Value::Object(fields)) = (&mut ev.data, &body) {
            data.extend(fields.clone());
        }
        ev.broadcast.channel_id = post.channel_id.clone();
        ev.broadcast.user_id = user_id.to_owned();
        self.hub
            .publish(&ev, &Target::Users(vec![user_id.to_owned()]));
        Ok(body)
    }

    /// `GET /users/{uid}/channels/{cid}/posts/unread`: the posts around the user's last viewed time.
    pub async fn get_posts_around_unread(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        channel_id: &str,
        limit_before: i64,
        limit_after: i64,
    ) -> AppResult<PostList> {
        if ctx.user_id() != user_id {
            return Err(AppError::no_permission());
        }
        let member = self.get_channel_member(ctx, channel_id, user_id).await?;
        self.require_channel_permission(ctx, channel_id, perm::READ_CHANNEL_CONTENT)
            .await?;
        let (before_n, after_n) = (limit_before.clamp(0, 200), limit_after.clamp(1, 200));
        let err = internal("app.post.get_posts.app_error");
        let mut before = self
            .store
            .get_channel_posts_until(channel_id, member.last_viewed_at, before_n + 1)
            .await
            .map_err(&err)?;
        let mut after = self
            .store
            .get_channel_posts_from(channel_id, member.last_viewed_at + 1, after_n + 1)
            .await
            .map_err(&err)?;
        // Cursors: the post just beyond each end (the extra row fetched on each side).
        let (keep_before, keep_after) = (
            usize::try_from(before_n).unwrap_or(0),
            usize::try_from(after_n).unwrap_or(0),
        );
        let beyond =
            |posts: &[Post], keep: usize| posts.get(keep).map(|p| p.id.clone()).unwrap_or_default();
        let mut list = PostList {
            next_post_id: beyond(&after, keep_after),
            prev_post_id: beyond(&before, keep_before),
            has_next: after.len() > keep_after,
            ..PostList::default()
        };
        before.truncate(keep_before);
        after.truncate(keep_after);
        after.into_iter().rev().for_each(|p| list.push(p));
        before.into_iter().for_each(|p| list.push(p));
        Ok(list)
    }

    /// `GET /users/{uid}/posts/flagged`: the user's saved posts they can still read, newest first.
    pub async fn get_flagged_posts(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        page: i64,
        per_page: i64,
    ) -> AppResult<PostList> {
        if ctx.user_id() != user_id {
            return Err(AppError::no_permission());
        }
        let ids = self
            .store
            .get_flagged_post_ids(user_id)
            .await
            .map_err(internal("app.post.get_flagged_posts.app_error"))?;
        let posts = self.get_posts_by_ids(ctx, &ids).await?;
        let mut list = PostList::default();
        posts
            .into_iter()
            .skip(usize::try_from(page.max(0).saturating_mul(per_page)).unwrap_or(0))
            .take(usize::try_from(per_page).unwrap_or(60))
            .for_each(|p| list.push(p));
        Ok(list)
    }
}
