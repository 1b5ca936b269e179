//! Collapsed reply threads: auto-following, the threads API, read state and unread counts.

use outpost_core::mentions::{MentionCandidate, find_mentions};
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;
use outpost_model::post::Post;
use outpost_realtime::{Event, Target};
use outpost_store::StoreError;
use outpost_store::threads::{ThreadQuery, ThreadRow};
use serde_json::{Value, json};

use crate::{App, SessionCtx, internal};

/// `GET /users/{uid}/teams/{tid}/threads` options.
#[derive(Debug, Clone, Default)]
pub struct ThreadsQuery {
    pub since: i64,
    pub deleted: bool,
    pub extended: bool,
    pub unread: bool,
    pub totals_only: bool,
    pub threads_only: bool,
    pub page: i64,
    pub per_page: i64,
    /// A thread id: the threads listed after it (older replies), for paging; `page` is ignored.
    pub before: String,
    /// A thread id: the threads listed before it (newer replies), nearest to it first out.
    pub after: String,
}

impl App {
    /// Bookkeeping after a reply: the replier follows (and has read) the thread, the root's
    /// author and mentioned users follow it, mentioned followers get an unread mention, and every
    /// follower is told the thread changed.
    pub(crate) async fn after_reply(
        &self,
        reply: &Post,
        root_author: &str,
        mentioned: &[String],
    ) -> AppResult<()> {
        let now = reply.create_at;
        let root = reply.root_id.as_str();
        let err = internal("app.thread.update_membership.app_error");
        self.store
            .follow_thread(root, std::slice::from_ref(&reply.user_id), Some(now), now)
            .await
            .map_err(&err)?;
        let mut others: Vec<String> = mentioned.to_vec();
        if root_author != reply.user_id {
            self.store
                .ensure_thread_members(root, &[root_author.to_owned()], now)
                .await
                .map_err(&err)?;
        }
        others.retain(|u| *u != reply.user_id);
        self.store
            .follow_thread(root, &others, None, now)
            .await
            .map_err(&err)?;
        self.store
            .add_thread_mentions(root, &others, now)
            .await
            .map_err(&err)?;
        let followers = self
            .store
            .touch_thread_memberships(root, now)
            .await
            .map_err(&err)?;
        let root_post = self
            .store
            .get_post(root)
            .await
            .map_err(internal("app.post.get.app_error"))?;
        for user in followers {
            if let Ok(row) = self.store.get_user_thread(&user, root).await {
                let thread = self.thread_response_with(&row, &root_post, false).await?;
                let mut ev = Event::new("thread_updated").with("thread", thread.to_string());
                ev.broadcast.user_id = user.clone();
                self.hub.publish(&ev, &Target::Users(vec![user]));
            }
        }
        Ok(())
    }

    async fn thread_response(&self, row: &ThreadRow, extended: bool) -> AppResult<Value> {
        let post = self
            .store
            .get_post(&row.post_id)
            .await
            .map_err(internal("app.post.get.app_error"))?;
        self.thread_response_with(row, &post, extended).await
    }

    /// [`Self::thread_response`] with the root post already loaded.
    async fn thread_response_with(
        &self,
        row: &ThreadRow,
        post: &Post,
        extended: bool,
    ) -> AppResult<Value> {
        let ids: Vec<String> = serde_json::from_str(&row.participants).unwrap_or_default();
        // The participants' public view, as the privacy settings allow it to anyone.
        let privacy = self.config().privacy_settings.clone();
        let participants: Vec<Value> = if extended {
            let mut users = self
                .store
                .get_users_by_ids(&ids)
                .await
                .map_err(internal("app.user.get_profile_by_ids.app_error"))?;
            users.iter_mut().for_each(|u| {
                u.sanitize_for_others(privacy.show_email_address, privacy.show_full_name)
            });
            users
                .into_iter()
                .map(|u| serde_json::to_value(u).unwrap_or(Value::Null))
                .collect()
        } else {
            ids.into_iter().map(|id| json!({ "id": id })).collect()
        };
        Ok(json!({
            "id": row.post_id,
            "reply_count": row.reply_count,
            "last_reply_at": row.last_reply_at,
            "last_viewed_at": row.last_viewed,
            "participants": participants,
            "post": post,
            "unread_replies": row.unread_replies,
            "unread_mentions": row.unread_mentions,
            "is_urgent": false,
            "delete_at": row.thread_delete_at,
        }))
    }

    fn require_self(&self, ctx: &SessionCtx, user_id: &str) -> AppResult<()> {
        if ctx.user_id() == user_id {
            Ok(())
        } else {
            Err(AppError::no_permission())
        }
    }

    /// `GET /users/{uid}/teams/{tid}/threads`.
    pub async fn get_user_threads(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        q: ThreadsQuery,
    ) -> AppResult<Value> {
        self.require_self(ctx, user_id)?;
        self.require_team_permission(ctx, team_id, outpost_core::roles::perm::VIEW_TEAM)
            .await?;
        let per_page = if q.per_page <= 0 {
            25
        } else {
            q.per_page.min(200)
        };
        let all = self
            .store
            .get_user_threads(&ThreadQuery {
                user_id: user_id.to_owned(),
                team_id: team_id.to_owned(),
                since: q.since,
                include_deleted: q.deleted,
                unread_only: false,
                offset: 0,
                limit: 1000,
            })
            .await
            .map_err(internal("app.thread.get_threads_for_user.app_error"))?;
        let unread = |r: &&ThreadRow| r.unread_replies > 0 || r.unread_mentions > 0;
        let total_unread_threads = all.iter().filter(unread).count();
        let total_unread_mentions: i64 = all.iter().map(|r| r.unread_mentions).sum();
        let mut out = json!({
            "total": all.len(),
            "total_unread_threads": total_unread_threads,
            "total_unread_mentions": total_unread_mentions,
            "total_unread_urgent_mentions": 0,
            "threads": [],
        });
        if q.totals_only {
            return Ok(out);
        }
        let listed: Vec<&ThreadRow> = all.iter().filter(|r| !q.unread || unread(r)).collect();
        let take = usize::try_from(per_page).unwrap_or(25);
        // Newest reply first; a cursor is a thread of the list, found by its place in it.
        let cursor = |name: &str, thread_id: &str| {
            if !outpost_model::is_valid_id(thread_id) {
                return Err(AppError::invalid_url_param(name));
            }
            listed
                .iter()
                .position(|r| r.post_id == thread_id)
                .ok_or_else(|| AppError::invalid_url_param(name))
        };
        let window: &[&ThreadRow] = if !q.before.is_empty() {
            let at = cursor("before", &q.before)?;
            let rest = &listed[at + 1..];
            &rest[..take.min(rest.len())]
        } else if !q.after.is_empty() {
            let at = cursor("after", &q.after)?;
            &listed[at.saturating_sub(take)..at]
        } else {
            let start = usize::try_from(q.page.max(0).saturating_mul(per_page)).unwrap_or(0);
            let rest = listed.get(start..).unwrap_or(&[]);
            &rest[..take.min(rest.len())]
        };
        let mut threads = Vec::new();
        for row in window {
            threads.push(self.thread_response(row, q.extended).await?);
        }
        out["threads"] = Value::Array(threads);
        if q.threads_only {
            out["total"] = json!(0);
            out["total_unread_threads"] = json!(0);
            out["total_unread_mentions"] = json!(0);
        }
        Ok(out)
    }

    async fn thread_for(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        thread_id: &str,
    ) -> AppResult<ThreadRow> {
        self.require_self(ctx, user_id)?;
        let root = self.get_post(ctx, thread_id).await?;
        if !root.root_id.is_empty() {
            return Err(AppError::bad_request(
                "app.thread.not_a_root.app_error",
                "The post is not the root of a thread.",
            ));
        }
        self.store
            .get_user_thread(user_id, thread_id)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => AppError::not_found(
                    "app.thread.get_thread.app_error",
                    "Unable to find the thread.",
                ),
                other => internal("app.thread.get_thread.app_error")(other),
            })
    }

    /// `GET /users/{uid}/teams/{tid}/threads/{thread_id}`.
    pub async fn get_user_thread(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        thread_id: &str,
        extended: bool,
    ) -> AppResult<Value> {
        let row = self.thread_for(ctx, user_id, thread_id).await?;
        self.thread_response(&row, extended).await
    }

    /// `GET /users/{uid}/teams/{tid}/threads/mention_counts`: unread thread mentions per channel.
    pub async fn get_thread_mention_counts(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<Value> {
        self.require_self(ctx, user_id)?;
        let rows = self
            .store
            .get_user_threads(&ThreadQuery {
                user_id: user_id.to_owned(),
                team_id: team_id.to_owned(),
                limit: 1000,
                ..ThreadQuery::default()
            })
            .await
            .map_err(internal("app.thread.get_threads_for_user.app_error"))?;
        let mut counts = serde_json::Map::new();
        for r in rows.iter().filter(|r| r.unread_mentions > 0) {
            let slot = counts.entry(r.channel_id.clone()).or_insert(json!(0));
            *slot = json!(slot.as_i64().unwrap_or(0) + r.unread_mentions);
        }
        Ok(Value::Object(counts))
    }

    /// `PUT /users/{uid}/teams/{tid}/threads/read`.
    pub async fn mark_all_threads_read(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
    ) -> AppResult<()> {
        self.require_self(ctx, user_id)?;
        let now = now_millis();
        self.store
            .mark_all_threads_read(user_id, team_id, now)
            .await
            .map_err(internal("app.thread.mark_all_as_read_by_team.app_error"))?;
        let mut ev = Event::new("thread_read_changed").with("timestamp", now);
        ev.broadcast.user_id = user_id.to_owned();
        ev.broadcast.team_id = team_id.to_owned();
        self.hub
            .publish(&ev, &Target::Users(vec![user_id.to_owned()]));
        Ok(())
    }

    /// Unread mentions of `user_id` in the thread's replies after `since`.
    async fn count_thread_mentions(
        &self,
        user_id: &str,
        thread_id: &str,
        since: i64,
    ) -> AppResult<i64> {
        let user = self.get_user_raw(user_id).await?;
        let me = MentionCandidate::for_user(&user, true);
        let posts = self
            .store
            .get_thread_posts(thread_id)
            .await
            .map_err(internal("app.post.get_thread.app_error"))?;
        let n = posts
            .iter()
            .filter(|p| p.id != thread_id && p.create_at > since && p.user_id != user_id)
            .filter(|p| {
                !find_mentions(&p.message, std::slice::from_ref(&me), &p.user_id, true)
                    .user_ids
                    .is_empty()
            })
            .count();
        Ok(i64::try_from(n).unwrap_or(0))
    }

    async fn set_thread_viewed(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        viewed: i64,
    ) -> AppResult<Value> {
        self.thread_for(ctx, user_id, thread_id).await?;
        let mentions = self
            .count_thread_mentions(user_id, thread_id, viewed)
            .await?;
        self.store
            .set_thread_viewed(thread_id, user_id, viewed, mentions, now_millis())
            .await
            .map_err(internal("app.thread.update_membership.app_error"))?;
        let row = self.thread_for(ctx, user_id, thread_id).await?;
        let mut ev = Event::new("thread_read_changed")
            .with("thread_id", thread_id)
            .with("timestamp", viewed)
            .with("unread_mentions", row.unread_mentions)
            .with("unread_replies", row.unread_replies);
        ev.broadcast.user_id = user_id.to_owned();
        ev.broadcast.team_id = team_id.to_owned();
        self.hub
            .publish(&ev, &Target::Users(vec![user_id.to_owned()]));
        self.thread_response(&row, false).await
    }

    /// `PUT /users/{uid}/teams/{tid}/threads/{thread_id}/read/{timestamp}`.
    pub async fn set_thread_read(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        timestamp: i64,
    ) -> AppResult<Value> {
        if timestamp < 0 {
            return Err(AppError::invalid_url_param("timestamp"));
        }
        let thread = self
            .set_thread_viewed(ctx, user_id, team_id, thread_id, timestamp)
            .await?;
        if let Ok(root) = self.store.get_post(thread_id).await {
            self.after_read(&ctx.session.id, user_id, &root.channel_id, thread_id);
        }
        Ok(thread)
    }

    /// `POST /users/{uid}/teams/{tid}/threads/{thread_id}/set_unread/{post_id}`: unread from that reply on.
    pub async fn set_thread_unread(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        post_id: &str,
    ) -> AppResult<Value> {
        let post = self.get_post(ctx, post_id).await?;
        if post.id != thread_id && post.root_id != thread_id {
            return Err(AppError::bad_request(
                "api.thread.set_unread.not_in_thread.app_error",
                "The post is not in this thread.",
            ));
        }
        self.set_thread_viewed(ctx, user_id, team_id, thread_id, post.create_at - 1)
            .await
    }

    /// `PUT`/`DELETE /users/{uid}/teams/{tid}/threads/{thread_id}/following`.
    pub async fn set_thread_following(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        team_id: &str,
        thread_id: &str,
        following: bool,
    ) -> AppResult<()> {
        self.require_self(ctx, user_id)?;
        let root = self.get_post(ctx, thread_id).await?;
        if !root.root_id.is_empty() {
            return Err(AppError::bad_request(
                "app.thread.not_a_root.app_error",
                "The post is not the root of a thread.",
            ));
        }
        self.store
            .set_thread_following(thread_id, user_id, following, now_millis())
            .await
            .map_err(internal("app.thread.update_membership.app_error"))?;
        let mut ev = Event::new("thread_follow_changed")
            .with("thread_id", thread_id)
            .with("state", following)
            .with("reply_count", root.reply_count);
        ev.broadcast.user_id = user_id.to_owned();
        ev.broadcast.team_id = team_id.to_owned();
        self.hub
            .publish(&ev, &Target::Users(vec![user_id.to_owned()]));
        Ok(())
    }
}
