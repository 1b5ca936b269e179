//! Posts: create (with thread bookkeeping and `pending_post_id` de-duplication), read, edit with
//! history, delete, pin, thread and channel paging. Events go out after the write commits.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::post::{POST_MAX_FILES, POST_MESSAGE_MAX_RUNES, Post, PostPatch};
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::posts::{NewPost, PostChannel, PostPriority, SavedPost};

use crate::{App, SessionCtx, internal, not_found_or_internal};

pub(crate) use mentions::{Roster, Rosters};

mod mentions;
mod pins;
mod read;

/// How long a `pending_post_id` is remembered, so a client retry returns the first post.
const PENDING_TTL: Duration = Duration::from_secs(30);

/// Recently seen `pending_post_id`s, per author and channel → the post they created, or `None`
/// while that post is being saved.
#[derive(Default)]
pub struct PendingPosts {
    seen: Mutex<HashMap<String, (Option<String>, Instant)>>,
}

/// What a `pending_post_id` is known as.
enum Pending {
    /// Not seen: the caller saves the post (and now holds the claim).
    Fresh,
    /// Being saved by a concurrent request.
    InFlight,
    /// Saved already, as this post.
    Done(String),
}

impl PendingPosts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Option<String>, Instant)>> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Looks the key up and, when it is fresh, claims it in the same step.
    fn claim(&self, key: &str) -> Pending {
        let mut m = self.lock();
        m.retain(|_, (_, at)| at.elapsed() < PENDING_TTL);
        match m.get(key) {
            Some((Some(id), _)) => Pending::Done(id.clone()),
            Some((None, _)) => Pending::InFlight,
            None => {
                m.insert(key.to_owned(), (None, Instant::now()));
                Pending::Fresh
            }
        }
    }

    fn complete(&self, key: &str, post_id: &str) {
        self.lock()
            .insert(key.to_owned(), (Some(post_id.to_owned()), Instant::now()));
    }

    fn release(&self, key: &str) {
        let mut m = self.lock();
        if m.get(key).is_some_and(|(id, _)| id.is_none()) {
            m.remove(key);
        }
    }
}

/// How `GET /channels/{id}/posts` was asked to page.
#[derive(Debug, Clone, Default)]
pub struct ChannelPostsQuery {
    pub page: i64,
    pub per_page: i64,
    pub since: i64,
    pub before: String,
    pub after: String,
    /// Leave out replies (collapsed reply threads).
    pub collapsed_threads: bool,
    /// With collapsed threads, participants as full users.
    pub collapsed_threads_extended: bool,
    /// Include deleted posts (system admins only).
    pub include_deleted: bool,
}

/// `#hashtags` of a message: at least three characters, not starting with a digit.
pub fn parse_hashtags(message: &str) -> String {
    let mut tags: Vec<String> = Vec::new();
    for word in message.split(|c: char| c.is_whitespace() || ",;:!?()[]{}\"'".contains(c)) {
        let Some(tag) = word.strip_prefix('#') else {
            continue;
        };
        let tag = tag.trim_end_matches(['.', '-', '_']);
        let valid = tag.chars().count() >= 2
            && tag.chars().next().is_some_and(char::is_alphabetic)
            && tag
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
        let tagged = format!("#{tag}");
        if valid && !tags.contains(&tagged) {
            tags.push(tagged);
        }
    }
    let mut out = tags.join(" ");
    out.truncate(1000);
    out
}

/// Props only the server (webhooks, slash commands, bots) may set; a user's own request never
/// carries them, so nobody can post as an integration or under another name.
const RESERVED_PROPS: &[&str] = &[
    "from_webhook",
    "webhook_display_name",
    "override_username",
    "override_icon_url",
    "override_icon_emoji",
    "add_channel_member",
    "force_notification",
    "from_bot",
];

/// `metadata.priority` of a new post (`{priority, requested_ack, persistent_notifications}`), checked:
/// `priority` must be empty, `important` or `urgent`.
pub(crate) fn parse_priority(
    metadata: Option<&serde_json::Value>,
) -> AppResult<Option<outpost_store::posts::PostPriority>> {
    let Some(p) = metadata
        .and_then(|m| m.get("priority"))
        .filter(|p| !p.is_null())
    else {
        return Ok(None);
    };
    let bad = || {
        AppError::bad_request(
            "model.post.is_valid.priority.app_error",
            "Invalid priority: use \"\", \"important\" or \"urgent\".",
        )
    };
    let obj = p.as_object().ok_or_else(bad)?;
    let level = match obj.get("priority") {
        None | Some(serde_json::Value::Null) => "",
        Some(v) => v.as_str().ok_or_else(bad)?,
    };
    if !matches!(level, "" | "important" | "urgent") {
        return Err(bad());
    }
    let flag = |key: &str| match obj.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(bad),
    };
    Ok(Some(outpost_store::posts::PostPriority {
        postid: String::new(),
        priority: level.to_owned(),
        requestedack: flag("requested_ack")?,
        persistentnotifications: flag("persistent_notifications")?,
    }))
}

fn strip_reserved_props(props: &mut std::collections::BTreeMap<String, serde_json::Value>) {
    props.retain(|k, _| !RESERVED_PROPS.contains(&k.as_str()));
}

fn validate_content(message: &str, file_ids: &[String]) -> AppResult<()> {
    if message.chars().count() > POST_MESSAGE_MAX_RUNES {
        return Err(AppError::bad_request(
            "model.post.is_valid.msg.app_error",
            "Invalid Message.",
        ));
    }
    if file_ids.len() > POST_MAX_FILES || file_ids.iter().any(|f| !is_valid_id(f)) {
        return Err(AppError::bad_request(
            "model.post.is_valid.file_ids.app_error",
            "Invalid file ids.",
        ));
    }
    Ok(())
}

impl App {
    async fn channel_facts(&self, channel_id: &str) -> AppResult<PostChannel> {
        self.store
            .get_post_channel(channel_id)
            .await
            .map_err(not_found_or_internal(
                "app.channel.get.existing.app_error",
                "Unable to find the existing channel.",
            ))
    }

    /// A live post the caller may read.
    pub(crate) async fn readable_post(&self, ctx: &SessionCtx, post_id: &str) -> AppResult<Post> {
        let post = self
            .store
            .get_post(post_id)
            .await
            .map_err(not_found_or_internal(
                "app.post.get.app_error",
                "Unable to get the post.",
            ))?;
        self.require_channel_permission(ctx, &post.channel_id, perm::READ_CHANNEL_CONTENT)
            .await?;
        if post.delete_at != 0 {
            return Err(AppError::not_found(
                "app.post.get.app_error",
                "Unable to get the post.",
            ));
        }
        Ok(post)
    }

    async fn channel_members(&self, channel_id: &str) -> AppResult<Vec<String>> {
        self.channel_member_ids(channel_id).await
    }

    /// `POST /posts`.
    pub async fn create_post(&self, ctx: &SessionCtx, post: Post) -> AppResult<Post> {
        self.create_post_from(ctx, post, false).await
    }

    /// A post made by an integration (webhook, slash command, bot action) on behalf of `ctx`:
    /// it may carry the reserved props (`from_webhook`, `override_username`, …) and the
    /// `slack_attachment` type, and may have attachments instead of a message.
    pub(crate) async fn create_integration_post(
        &self,
        ctx: &SessionCtx,
        post: Post,
    ) -> AppResult<Post> {
        self.create_post_from(ctx, post, true).await
    }

    async fn create_post_from(
        &self,
        ctx: &SessionCtx,
        mut post: Post,
        trusted: bool,
    ) -> AppResult<Post> {
        if !is_valid_id(&post.channel_id) {
            return Err(AppError::invalid_body_param("channel_id"));
        }
        if !post.root_id.is_empty() && !is_valid_id(&post.root_id) {
            return Err(AppError::bad_request(
                "model.post.is_valid.root_id.app_error",
                "Invalid root ID.",
            ));
        }
        let integration_type =
            trusted && matches!(post.post_type.as_str(), "slack_attachment" | "me");
        if !post.post_type.is_empty() && !post.post_type.starts_with("custom_") && !integration_type
        {
            return Err(AppError::bad_request(
                "model.post.is_valid.type.app_error",
                "Invalid type.",
            ));
        }
        validate_content(&post.message, &post.file_ids)?;
        let priority = parse_priority(post.metadata.as_ref())?;
        let has_attachments = trusted && post.props.contains_key("attachments");
        if post.message.trim().is_empty() && post.file_ids.is_empty() && !has_attachments {
            return Err(AppError::bad_request(
                "model.post.is_valid.msg.app_error",
                "Invalid Message.",
            ));
        }
        self.require_channel_permission(ctx, &post.channel_id, perm::CREATE_POST)
            .await?;
        let channel = self.channel_facts(&post.channel_id).await?;
        if channel.delete_at != 0 {
            return Err(AppError::bad_request(
                "api.post.create_post.can_not_post_to_deleted.error",
                "Can not post to deleted channel.",
            ));
        }
        if !post.file_ids.is_empty() {
            post.file_ids = self
                .attachable_files(ctx, &post.channel_id, &post.file_ids)
                .await?;
            if post.message.trim().is_empty() && post.file_ids.is_empty() && !has_attachments {
                return Err(AppError::bad_request(
                    "model.post.is_valid.msg.app_error",
                    "Invalid Message.",
                ));
            }
        }
        if !trusted {
            strip_reserved_props(&mut post.props);
        }
        let author =
            self.store
                .get_post_author(ctx.user_id())
                .await
                .map_err(not_found_or_internal(
                    "app.user.missing_account.const",
                    "Unable to find the user.",
                ))?;
        if author.is_bot {
            post.props.insert("from_bot".to_owned(), "true".into());
        }
        // Keyed by author and channel: a guessed pending id never reveals someone else's post.
        let pending_key = (!post.pending_post_id.is_empty()).then(|| {
            format!(
                "{}:{}:{}",
                ctx.user_id(),
                post.channel_id,
                post.pending_post_id
            )
        });
        if let Some(key) = &pending_key {
            match self.pending.claim(key) {
                Pending::Fresh => {}
                Pending::InFlight => {
                    return Err(AppError::new(
                        500,
                        "api.post.deduplicate_create_post.pending",
                        "Rejected post since another client is making the same request.",
                    ));
                }
                Pending::Done(existing) => {
                    let mut p = self
                        .store
                        .get_post(&existing)
                        .await
                        .map_err(internal("app.post.get.app_error"))?;
                    p.pending_post_id = post.pending_post_id;
                    return Ok(p);
                }
            }
        }
        let saved = self
            .save_new_post(ctx, &mut post, &channel, priority.as_ref())
            .await;
        match (&pending_key, &saved) {
            (Some(key), Ok(_)) => self.pending.complete(key, &post.id),
            (Some(key), Err(_)) => self.pending.release(key),
            (None, _) => {}
        }
        let (root_author, saved) = saved?;
        // The post as stored: what was written plus the thread counters the write returned, so
        // no read follows the write.
        let mut out = Post {
            reply_count: saved.reply_count,
            last_reply_at: saved.last_reply_at,
            participants: None,
            is_following: None,
            metadata: None,
            ..post
        };
        if out.file_ids.is_empty() {
            // Nothing to read: a new post has no reactions, and its priority is the one saved.
            let mut meta = serde_json::Map::new();
            if let Some(pr) = &priority {
                meta.insert("priority".to_owned(), read::priority_json(pr));
            }
            out.metadata = Some(serde_json::Value::Object(meta));
        } else {
            self.attach_metadata(std::slice::from_mut(&mut out)).await?;
        }
        let sender = author.username;
        let mentions = self
            .record_mentions(ctx, &out, &channel.channel_type)
            .await?;
        if !out.root_id.is_empty() {
            self.after_reply(&out, &root_author, &mentions.mentioned)
                .await?;
        }
        // One plan decides every notification; a failure to make it never fails the post.
        let plan = match self
            .plan_notifications(&out, &channel, &root_author, &mentions)
            .await
        {
            Ok(plan) => Some(plan),
            Err(e) => {
                tracing::error!(error = %e.message, post_id = %out.id, "notifications not planned");
                None
            }
        };
        self.index_post(&out);
        if channel.channel_type == "O" && !out.props.contains_key("from_webhook") {
            let (post, team_id, channel_name) =
                (out.clone(), channel.team_id.clone(), channel.name.clone());
            let username = sender.clone();
            self.spawn_background(move |app| {
                app.fire_outgoing_webhooks(post, team_id, channel_name, username)
            });
        }
        let followers = plan.as_ref().map(|p| p.followers()).unwrap_or_default();
        let members = mentions.roster.user_ids().cloned().collect();
        self.publish_posted(
            &out,
            channel,
            &sender,
            members,
            &mentions.mentioned,
            &followers,
        );
        if let Some(plan) = plan.filter(|p| !p.recipients.is_empty()) {
            self.spawn_background(move |app| app.deliver(plan));
        }
        if let Some(gone) = &saved.draft {
            self.emit_draft("draft_deleted", gone, "").await;
        }
        Ok(out)
    }

    /// Checks the thread a reply joins, then stamps and stores a new post with its priority
    /// (deleting the author's draft it was written from, when drafts are synced); returns the
    /// author of the thread's root (empty for a root post) and what the write returned.
    async fn save_new_post(
        &self,
        ctx: &SessionCtx,
        post: &mut Post,
        channel: &PostChannel,
        priority: Option<&PostPriority>,
    ) -> AppResult<(String, SavedPost)> {
        let mut root_author = String::new();
        if !post.root_id.is_empty() {
            let root = self
                .store
                .get_post(&post.root_id)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => AppError::bad_request(
                        "api.post.create_post.root_id.app_error",
                        "Invalid RootId parameter.",
                    ),
                    other => internal("app.post.get.app_error")(other),
                })?;
            if root.channel_id != post.channel_id || root.delete_at != 0 || !root.root_id.is_empty()
            {
                return Err(AppError::bad_request(
                    "api.post.create_post.root_id.app_error",
                    "Invalid RootId parameter.",
                ));
            }
            root_author = root.user_id;
        }
        let now = now_millis();
        post.id = new_id();
        post.user_id = ctx.user_id().to_owned();
        post.create_at = now;
        post.update_at = now;
        post.edit_at = 0;
        post.delete_at = 0;
        post.is_pinned = false;
        post.has_reactions = false;
        post.original_id.clear();
        post.hashtags = parse_hashtags(&post.message);
        let extra = NewPost {
            priority,
            clear_draft: self.config().service_settings.allow_synced_drafts,
        };
        let saved = self
            .store
            .save_new_post(post, &channel.team_id, &extra)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::bad_request(
                    "app.file_info.attach_to_post.app_error",
                    "Unable to attach the files to the post: they are attached to another post.",
                ),
                other => internal("app.post.save.app_error")(other),
            })?;
        Ok((root_author, saved))
    }

    /// `POST /posts/ephemeral`: a post only `user_id` sees, sent over the WebSocket and never stored.
    pub async fn create_ephemeral_post(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        mut post: Post,
    ) -> AppResult<Post> {
        self.require_system_permission(ctx, perm::CREATE_POST_EPHEMERAL)?;
        if !is_valid_id(user_id) {
            return Err(AppError::invalid_body_param("user_id"));
        }
        if !is_valid_id(&post.channel_id) {
            return Err(AppError::invalid_body_param("channel_id"));
        }
        validate_content(&post.message, &post.file_ids)?;
        let now = now_millis();
        post.id = new_id();
        post.user_id = ctx.user_id().to_owned();
        post.create_at = now;
        post.update_at = now;
        post.post_type = "system_ephemeral".to_owned();
        let ev = outpost_realtime::Event::new("ephemeral_message")
            .with("post", serde_json::to_string(&post).unwrap_or_default())
            .for_channel(&post.channel_id)
            .for_user(user_id);
        self.emit(ev, crate::events::Audience::User(user_id)).await;
        Ok(post)
    }

    /// `PUT /posts/{id}/patch` (and `PUT /posts/{id}` through [`Self::update_post`]).
    pub async fn patch_post(
        &self,
        ctx: &SessionCtx,
        post_id: &str,
        patch: PostPatch,
    ) -> AppResult<Post> {
        let old = self.readable_post(ctx, post_id).await?;
        let own = old.user_id == ctx.user_id();
        let needed = if own {
            perm::EDIT_POST
        } else {
            perm::EDIT_OTHERS_POSTS
        };
        self.require_channel_permission(ctx, &old.channel_id, needed)
            .await?;
        if old.is_system() {
            return Err(AppError::bad_request(
                "api.post.update_post.system_message.app_error",
                "Unable to update system message.",
            ));
        }
        let mut post = old.clone();
        let mut content_changed = false;
        if let Some(m) = patch.message {
            content_changed |= m != post.message;
            post.message = m;
        }
        if let Some(mut p) = patch.props {
            // Reserved props keep whatever the server set; the patch cannot add or change them.
            strip_reserved_props(&mut p);
            for key in RESERVED_PROPS {
                if let Some(v) = post.props.get(*key) {
                    p.insert((*key).to_owned(), v.clone());
                }
            }
            post.props = p;
        }
        if let Some(f) = patch.file_ids {
            content_changed |= f != post.file_ids;
            post.file_ids = f;
        }
        if let Some(pinned) = patch.is_pinned {
            post.is_pinned = pinned;
        }
        validate_content(&post.message, &post.file_ids)?;
        let now = now_millis();
        post.update_at = now;
        if content_changed {
            post.edit_at = now;
            post.hashtags = parse_hashtags(&post.message);
        }
        self.store
            .update_post(&post, content_changed.then_some(&old))
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
        if content_changed {
            self.index_post(&saved);
        }
        let members = self.channel_members(&saved.channel_id).await?;
        self.publish_post_event("post_edited", &saved, members, &[]);
        Ok(Post {
            metadata: Some(serde_json::json!({})),
            ..saved
        })
    }

    /// `PUT /posts/{id}`: the body's message, props and file ids replace the post's.
    pub async fn update_post(
        &self,
        ctx: &SessionCtx,
        post_id: &str,
        body: Post,
    ) -> AppResult<Post> {
        if body.id != post_id {
            return Err(AppError::invalid_body_param("id"));
        }
        let patch = PostPatch {
            message: Some(body.message),
            props: Some(body.props),
            file_ids: Some(body.file_ids),
            ..PostPatch::default()
        };
        self.patch_post(ctx, post_id, patch).await
    }

    /// `DELETE /posts/{id}`: the author (delete_post) or moderators (delete_others_posts).
    pub async fn delete_post(&self, ctx: &SessionCtx, post_id: &str) -> AppResult<()> {
        let post = self.readable_post(ctx, post_id).await?;
        let needed = if post.user_id == ctx.user_id() {
            perm::DELETE_POST
        } else {
            perm::DELETE_OTHERS_POSTS
        };
        self.require_channel_permission(ctx, &post.channel_id, needed)
            .await?;
        let now = now_millis();
        self.store
            .delete_post(post_id, now)
            .await
            .map_err(not_found_or_internal(
                "app.post.delete.app_error",
                "Unable to delete the post.",
            ))?;
        self.unindex_post(post_id);
        self.drafts_after_post_deleted(&post).await;
        let members = self.channel_members(&post.channel_id).await?;
        let gone = Post {
            delete_at: now,
            update_at: now,
            ..post
        };
        self.publish_post_event(
            "post_deleted",
            &gone,
            members,
            &[("delete_by", ctx.user_id().into())],
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashtags() {
        assert_eq!(
            super::parse_hashtags("hi #rust and #go-lang, #1bad #ok."),
            "#rust #go-lang #ok"
        );
        assert_eq!(super::parse_hashtags("#rust #rust"), "#rust");
        assert_eq!(super::parse_hashtags("no tags"), "");
    }
}
