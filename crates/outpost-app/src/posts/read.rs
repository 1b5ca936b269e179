//! Reading posts: one, many, a thread, a channel's history in every paging mode, pinned posts,
//! edit history, and the metadata reads attach.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::is_valid_id;
use outpost_model::post::{Post, PostList};
use outpost_store::posts::ChannelPosts;

use super::ChannelPostsQuery;
use crate::{App, SessionCtx, internal};

impl App {
    /// With collapsed threads, root posts carry their participants (users when `extended`, else
    /// `{id}` stubs) and whether the caller follows the thread.
    async fn attach_thread_state(
        &self,
        ctx: &SessionCtx,
        posts: &mut [Post],
        extended: bool,
    ) -> AppResult<()> {
        let roots: Vec<String> = posts
            .iter()
            .filter(|p| p.root_id.is_empty() && p.reply_count > 0)
            .map(|p| p.id.clone())
            .collect();
        let infos = self
            .store
            .get_thread_infos(ctx.user_id(), &roots)
            .await
            .map_err(internal("app.thread.get_thread.app_error"))?;
        let mut user_ids: Vec<String> = Vec::new();
        let parsed: Vec<(String, Vec<String>, Option<bool>)> = infos
            .into_iter()
            .map(|i| {
                (
                    i.post_id,
                    serde_json::from_str::<Vec<String>>(&i.participants).unwrap_or_default(),
                    i.following,
                )
            })
            .collect();
        if extended {
            parsed
                .iter()
                .for_each(|(_, ids, _)| user_ids.extend(ids.iter().cloned()));
            user_ids.sort();
            user_ids.dedup();
        }
        let mut users = self
            .store
            .get_users_by_ids(&user_ids)
            .await
            .map_err(internal("app.user.get_profile_by_ids.app_error"))?;
        users
            .iter_mut()
            .for_each(|u| self.sanitize_user_for(ctx, u));
        for p in posts.iter_mut() {
            let Some((_, ids, following)) = parsed.iter().find(|(id, _, _)| *id == p.id) else {
                continue;
            };
            p.is_following = Some(following.unwrap_or(false));
            p.participants = Some(
                ids.iter()
                    .map(|id| match users.iter().find(|u| &u.id == id) {
                        Some(u) => serde_json::to_value(u).unwrap_or_default(),
                        None => serde_json::json!({ "id": id }),
                    })
                    .collect(),
            );
        }
        Ok(())
    }

    /// Fills `metadata` the way Mattermost does for reads: the reactions and files of posts that have some.
    pub(crate) async fn attach_metadata(&self, posts: &mut [Post]) -> AppResult<()> {
        let ids: Vec<String> = posts
            .iter()
            .filter(|p| p.has_reactions)
            .map(|p| p.id.clone())
            .collect();
        let reactions = self
            .store
            .get_reactions(&ids)
            .await
            .map_err(internal("app.reaction.get_for_post.app_error"))?;
        let with_files: Vec<String> = posts
            .iter()
            .filter(|p| !p.file_ids.is_empty() && p.delete_at == 0)
            .map(|p| p.id.clone())
            .collect();
        let files = self
            .store
            .get_file_infos_for_posts(&with_files)
            .await
            .map_err(internal("app.file_info.get_for_post.app_error"))?;
        let ids: Vec<String> = posts.iter().map(|p| p.id.clone()).collect();
        let priorities = self
            .store
            .get_post_priorities(&ids)
            .await
            .map_err(internal("app.post.get_priority.app_error"))?;
        for p in posts.iter_mut() {
            let mut meta = serde_json::Map::new();
            if let Some(pr) = priorities.iter().find(|pr| pr.postid == p.id) {
                meta.insert("priority".to_owned(), priority_json(pr));
            }
            let mine: Vec<&outpost_model::reaction::Reaction> =
                reactions.iter().filter(|r| r.post_id == p.id).collect();
            if !mine.is_empty() {
                meta.insert("reactions".to_owned(), serde_json::json!(mine));
            }
            let attached: Vec<&outpost_model::file::FileInfo> =
                files.iter().filter(|f| f.post_id == p.id).collect();
            if !attached.is_empty() {
                meta.insert("files".to_owned(), serde_json::json!(attached));
            }
            p.metadata = Some(serde_json::Value::Object(meta));
        }
        Ok(())
    }

    /// `GET /posts/{id}`.
    pub async fn get_post(&self, ctx: &SessionCtx, post_id: &str) -> AppResult<Post> {
        let p = self.readable_post(ctx, post_id).await?;
        let mut one = [p];
        self.attach_metadata(&mut one).await?;
        let [p] = one;
        Ok(p)
    }

    /// `POST /posts/ids`: the readable ones among the given posts.
    pub async fn get_posts_by_ids(&self, ctx: &SessionCtx, ids: &[String]) -> AppResult<Vec<Post>> {
        let posts = self
            .store
            .get_posts_by_ids(ids)
            .await
            .map_err(internal("app.post.get.app_error"))?;
        // One permission check per channel, not per post.
        let mut readable: std::collections::HashMap<String, bool> =
            std::collections::HashMap::new();
        let mut out = Vec::with_capacity(posts.len());
        for p in posts {
            let ok = match readable.get(&p.channel_id) {
                Some(ok) => *ok,
                None => {
                    let ok = self
                        .has_channel_permission(ctx, &p.channel_id, perm::READ_CHANNEL_CONTENT)
                        .await?;
                    readable.insert(p.channel_id.clone(), ok);
                    ok
                }
            };
            if ok {
                out.push(p);
            }
        }
        self.attach_metadata(&mut out).await?;
        Ok(out)
    }

    /// `GET /posts/{id}/thread`: the whole thread, newest first.
    pub async fn get_post_thread(&self, ctx: &SessionCtx, post_id: &str) -> AppResult<PostList> {
        let post = self.readable_post(ctx, post_id).await?;
        let root = if post.root_id.is_empty() {
            post.id
        } else {
            post.root_id
        };
        let mut posts = self
            .store
            .get_thread_posts(&root)
            .await
            .map_err(internal("app.post.get_thread.app_error"))?;
        posts.reverse();
        self.attach_metadata(&mut posts).await?;
        let mut list = PostList::default();
        posts.into_iter().for_each(|p| list.push(p));
        Ok(list)
    }

    /// `GET /channels/{id}/posts` in its paging modes.
    pub async fn get_channel_posts(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        q: ChannelPostsQuery,
    ) -> AppResult<PostList> {
        self.require_channel_permission(ctx, channel_id, perm::READ_CHANNEL_CONTENT)
            .await?;
        let per_page = if q.per_page <= 0 {
            60
        } else {
            q.per_page.min(200)
        };
        let offset = q.page.max(0).saturating_mul(per_page);
        for (name, id) in [("before", &q.before), ("after", &q.after)] {
            if !id.is_empty() && !is_valid_id(id) {
                return Err(AppError::invalid_url_param(name));
            }
        }
        let limit = per_page + 1;
        let mode = if q.since > 0 {
            ChannelPosts::Since { since: q.since }
        } else if !q.after.is_empty() {
            ChannelPosts::After {
                post_id: q.after.clone(),
                offset,
                limit,
            }
        } else if !q.before.is_empty() {
            ChannelPosts::Before {
                post_id: q.before.clone(),
                offset,
                limit,
            }
        } else {
            ChannelPosts::Page { offset, limit }
        };
        let include_deleted =
            q.include_deleted && self.has_system_permission(ctx, perm::MANAGE_SYSTEM);
        let mut posts = self
            .store
            .get_channel_posts(channel_id, &mode, q.collapsed_threads, include_deleted)
            .await
            .map_err(internal("app.post.get_posts.app_error"))?;
        self.attach_metadata(&mut posts).await?;
        if q.collapsed_threads {
            self.attach_thread_state(ctx, &mut posts, q.collapsed_threads_extended)
                .await?;
        }
        let mut list = PostList::default();
        if matches!(mode, ChannelPosts::Since { .. }) {
            posts.into_iter().for_each(|p| list.push(p));
            return Ok(list);
        }
        // Cursors as Mattermost sets them: the post just beyond each end of the page (the extra
        // row fetched), and the anchor itself on the first page of `before`/`after`.
        let keep = usize::try_from(per_page).unwrap_or(60);
        let beyond = posts.get(keep).map(|p| p.id.clone()).unwrap_or_default();
        posts.truncate(keep);
        match &mode {
            ChannelPosts::After { post_id, .. } => {
                posts.reverse();
                list.has_next = !beyond.is_empty();
                list.next_post_id = beyond;
                if q.page == 0 {
                    list.prev_post_id.clone_from(post_id);
                }
            }
            ChannelPosts::Before { post_id, .. } => {
                list.prev_post_id = beyond;
                if q.page == 0 {
                    list.next_post_id.clone_from(post_id);
                }
            }
            _ => {
                list.prev_post_id = beyond;
                if offset > 0 {
                    list.next_post_id = self
                        .store
                        .get_channel_posts(
                            channel_id,
                            &ChannelPosts::Page {
                                offset: offset - 1,
                                limit: 1,
                            },
                            q.collapsed_threads,
                            include_deleted,
                        )
                        .await
                        .map_err(internal("app.post.get_posts.app_error"))?
                        .into_iter()
                        .next()
                        .map(|p| p.id)
                        .unwrap_or_default();
                }
            }
        }
        posts.into_iter().for_each(|p| list.push(p));
        Ok(list)
    }

    /// `GET /channels/{id}/pinned`.
    pub async fn get_pinned_posts(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
    ) -> AppResult<PostList> {
        self.require_channel_permission(ctx, channel_id, perm::READ_CHANNEL_CONTENT)
            .await?;
        let mut posts = self
            .store
            .get_pinned_posts(channel_id)
            .await
            .map_err(internal("app.post.get_pinned.app_error"))?;
        self.attach_metadata(&mut posts).await?;
        let mut list = PostList::default();
        posts.into_iter().for_each(|p| list.push(p));
        Ok(list)
    }

    /// `GET /posts/{id}/edit_history`: earlier versions, for the author only (as Mattermost).
    pub async fn get_edit_history(&self, ctx: &SessionCtx, post_id: &str) -> AppResult<Vec<Post>> {
        let post = self.readable_post(ctx, post_id).await?;
        if post.user_id != ctx.user_id() {
            return Err(AppError::forbidden(
                "api.post.get_edit_history.forbidden.app_error",
                "Only the author can view the edit history.",
            ));
        }
        let history = self
            .store
            .get_edit_history(post_id)
            .await
            .map_err(internal("app.post.get_edit_history.app_error"))?;
        if history.is_empty() {
            return Err(AppError::not_found(
                "app.post.get_edit_history.app_error",
                "No edit history for this post.",
            ));
        }
        Ok(history)
    }
}

/// `metadata.priority` of a post.
pub(crate) fn priority_json(pr: &outpost_store::posts::PostPriority) -> serde_json::Value {
    serde_json::json!({
        "priority": pr.priority,
        "requested_ack": pr.requestedack.unwrap_or(false),
        "persistent_notifications": pr.persistentnotifications.unwrap_or(false),
    })
}
