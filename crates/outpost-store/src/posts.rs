//! Posts: saving with the channel and thread counters, edits with history, soft deletes, paging.

use std::collections::BTreeMap;

use outpost_model::post::Post;
use serde_json::Value;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

/// Binds a new post row's arguments, `$1..$12` of [`INSERT_POST`], to the query `$q`: `$post`
/// is the post, `$props` its props as JSON text.
macro_rules! bind_row {
    ($q:expr, $post:expr, $props:expr) => {
        $q.bind(&$post.id)
            .bind($post.create_at)
            .bind($post.update_at)
            .bind(&$post.user_id)
            .bind(&$post.channel_id)
            .bind(&$post.root_id)
            .bind(&$post.message)
            .bind(&$post.post_type)
            .bind($props)
            .bind(&$post.hashtags)
            .bind(file_ids_json(&$post.file_ids))
            .bind($post.is_pinned)
    };
}

const POST_COLS: &str = "p.id, p.createat, p.updateat, p.deleteat, p.userid, p.channelid, p.rootid, p.originalid, \
     p.message, p.type, p.props::text AS props, p.hashtags, p.fileids, p.hasreactions, p.editat, p.ispinned, \
     COALESCE(t.replycount, 0) AS replycount, COALESCE(t.lastreplyat, 0) AS lastreplyat";

const POST_FROM: &str = "posts p LEFT JOIN threads t ON t.postid = (CASE WHEN p.rootid = '' THEN p.id ELSE p.rootid END)";

#[derive(FromRow)]
struct PostRow {
    id: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    userid: Option<String>,
    channelid: Option<String>,
    rootid: Option<String>,
    originalid: Option<String>,
    message: Option<String>,
    r#type: Option<String>,
    props: Option<String>,
    hashtags: Option<String>,
    fileids: Option<String>,
    hasreactions: Option<bool>,
    editat: Option<i64>,
    ispinned: Option<bool>,
    replycount: i64,
    lastreplyat: i64,
}

impl From<PostRow> for Post {
    fn from(r: PostRow) -> Self {
        Post {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            edit_at: r.editat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            is_pinned: r.ispinned.unwrap_or_default(),
            user_id: r.userid.unwrap_or_default(),
            channel_id: r.channelid.unwrap_or_default(),
            root_id: r.rootid.unwrap_or_default(),
            original_id: r.originalid.unwrap_or_default(),
            message: r.message.unwrap_or_default(),
            post_type: r.r#type.unwrap_or_default(),
            props: r
                .props
                .and_then(|p| serde_json::from_str::<BTreeMap<String, Value>>(&p).ok())
                .unwrap_or_default(),
            hashtags: r.hashtags.unwrap_or_default(),
            file_ids: r
                .fileids
                .and_then(|f| serde_json::from_str::<Vec<String>>(&f).ok())
                .unwrap_or_default(),
            pending_post_id: String::new(),
            has_reactions: r.hasreactions.unwrap_or_default(),
            reply_count: r.replycount,
            last_reply_at: r.lastreplyat,
            participants: None,
            is_following: None,
            metadata: None,
        }
    }
}

fn file_ids_json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
}

/// Which posts of a channel to read.
#[derive(Debug, Clone)]
pub enum ChannelPosts {
    /// Newest first, skipping `offset`.
    Page { offset: i64, limit: i64 },
    /// Everything created, edited or deleted after `since` (ms).
    Since { since: i64 },
    /// Older than the given post, newest first.
    Before {
        post_id: String,
        offset: i64,
        limit: i64,
    },
    /// Newer than the given post, oldest first.
    After {
        post_id: String,
        offset: i64,
        limit: i64,
    },
}

impl Store {
    /// Inserts a post and, in the same transaction, bumps the channel's counters, the thread's
    /// reply count and participants (for replies) and marks the channel read for the author.
    pub async fn save_post(&self, post: &Post, team_id: &str) -> StoreResult<()> {
        self.save_new_post(post, team_id, &NewPost::default())
            .await
            .map(drop)
    }

    /// [`Self::save_post`], and in the same transaction what posting also writes: the post's
    /// priority and, when asked, the author's draft of this channel or thread is deleted (it was
    /// just sent). Returns what a fresh read of the post would add (the thread's counters) and
    /// the deleted draft, so the caller needs no read after the write.
    pub async fn save_new_post(
        &self,
        post: &Post,
        team_id: &str,
        extra: &NewPost<'_>,
    ) -> StoreResult<SavedPost> {
        let props = serde_json::to_string(&post.props).unwrap_or_else(|_| "{}".to_owned());
        let is_root = post.root_id.is_empty();
        // Join/leave messages move `last_post_at` but are not counted (as Mattermost).
        let counted = i64::from(!post.is_join_leave());
        if let Some(lite) = self.lite.as_deref().filter(|_| post.file_ids.is_empty()) {
            return save_new_post_lite(lite, post, team_id, extra, props, counted).await;
        }
        if let Some(batcher) = self
            .pg_posts
            .as_deref()
            .filter(|_| is_root && post.file_ids.is_empty())
        {
            // PostgreSQL: a root post without files is one statement (data-modifying CTEs),
            // written in a batch of posts that share a transaction (see `crate::pgbatch`).
            let args = std::sync::Arc::new(PgRootPost {
                text: pg_root_post_statement(extra),
                post: post.clone(),
                props,
                counted,
                priority: extra.priority.cloned(),
            });
            let row = batcher
                .run(move |c| {
                    let a = std::sync::Arc::clone(&args);
                    Box::pin(async move {
                        let q = sqlx::query_as::<_, crate::drafts::DraftRow>(sqlx::AssertSqlSafe(
                            a.text.clone(),
                        ));
                        a.bind(q).fetch_optional(c).await
                    })
                })
                .await?;
            return Ok(SavedPost {
                draft: row.map(Into::into),
                ..SavedPost::default()
            });
        }
        with_db!(self, |p, pg| {
            let mut saved = SavedPost::default();
            let mut tx = p.begin_write().await?;
            {
                bind_row!(sqlx::query(sql(pg, INSERT_POST)), post, &props)
                    .execute(&mut *tx)
                    .await?;
                if !post.file_ids.is_empty() {
                    // Only the author's own unattached uploads to this channel; anything else means
                    // another request attached a file first, and nothing of this post is kept.
                    let text = format!(
                        "UPDATE fileinfo SET postid = $1, updateat = $2 WHERE postid = '' AND deleteat = 0 \
                         AND creatorid = $3 AND channelid = $4 AND id IN {}",
                        crate::placeholders(5, post.file_ids.len())
                    );
                    let mut q = sqlx::query(sql(pg, &text))
                        .bind(&post.id)
                        .bind(post.create_at)
                        .bind(&post.user_id)
                        .bind(&post.channel_id);
                    for f in &post.file_ids {
                        q = q.bind(f);
                    }
                    let r = q.execute(&mut *tx).await?;
                    if r.rows_affected() != post.file_ids.len() as u64 {
                        return Err(StoreError::Conflict("file_attached".to_owned()));
                    }
                }
                sqlx::query(sql(pg, &channel_counters_sql("$1", "$2", "$3", "$4")))
                    .bind(&post.channel_id)
                    .bind(post.create_at)
                    .bind(i64::from(is_root))
                    .bind(counted)
                    .execute(&mut *tx)
                    .await?;
            }
            if !is_root {
                sqlx::query(sql(pg, THREAD_INSERT))
                    .bind(&post.root_id)
                    .bind(&post.channel_id)
                    .bind(team_id)
                    .execute(&mut *tx)
                    .await?;
                let (reply_count, last_reply_at, participants): (i64, i64, Option<String>) =
                    sqlx::query_as(sql(pg, THREAD_COUNT))
                        .bind(&post.root_id)
                        .bind(post.create_at)
                        .fetch_one(&mut *tx)
                        .await?;
                (saved.reply_count, saved.last_reply_at) = (reply_count, last_reply_at);
                sqlx::query(sql(pg, THREAD_PARTICIPANTS))
                    .bind(&post.root_id)
                    .bind(participants_with(participants.as_deref(), &post.user_id))
                    .execute(&mut *tx)
                    .await?;
            }
            {
                sqlx::query(sql(pg, &author_read_sql("$1", "$2", "$3")))
                    .bind(&post.channel_id)
                    .bind(&post.user_id)
                    .bind(post.create_at)
                    .execute(&mut *tx)
                    .await?;
                if let Some(pr) = extra.priority {
                    sqlx::query(sql(pg, &priority_sql("$1", "$2", "$3", "$4", "$5")))
                        .bind(&post.id)
                        .bind(&post.channel_id)
                        .bind(&pr.priority)
                        .bind(pr.requestedack)
                        .bind(pr.persistentnotifications)
                        .execute(&mut *tx)
                        .await?;
                }
                if extra.clear_draft {
                    let row: Option<crate::drafts::DraftRow> =
                        sqlx::query_as(sql(pg, &crate::drafts::delete_sql("$1", "$2", "$3")))
                            .bind(&post.user_id)
                            .bind(&post.channel_id)
                            .bind(&post.root_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    saved.draft = row.map(Into::into);
                }
            }
            tx.commit().await.map_err(StoreError::from)?;
            Ok(saved)
        })
    }

    /// One post (deleted ones too; callers decide).
    pub async fn get_post(&self, id: &str) -> StoreResult<Post> {
        let text = format!("SELECT {POST_COLS} FROM {POST_FROM} WHERE p.id = $1");
        with_db!(self, |p, pg| {
            let r: PostRow = sqlx::query_as(sql(pg, &text)).bind(id).fetch_one(p).await?;
            Ok(r.into())
        })
    }

    /// Posts by ids, not deleted, newest first (ties by id, like channel pages).
    pub async fn get_posts_by_ids(&self, ids: &[String]) -> StoreResult<Vec<Post>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // `+p.deleteat`: without statistics SQLite would rather walk the `deleteat` index (every
        // live post) than look up a long `IN` list by primary key.
        let text = format!(
            "SELECT {POST_COLS} FROM {POST_FROM} WHERE p.id IN {} AND +p.deleteat = 0 ORDER BY p.createat DESC, p.id DESC",
            placeholders(1, ids.len())
        );
        self.fetch_posts(&text, ids).await
    }

    /// A thread: the root and its live replies, oldest first.
    pub async fn get_thread_posts(&self, root_id: &str) -> StoreResult<Vec<Post>> {
        let text = format!(
            "SELECT {POST_COLS} FROM {POST_FROM} WHERE (p.id = $1 OR p.rootid = $1) AND p.deleteat = 0 ORDER BY p.createat ASC, p.id ASC"
        );
        self.fetch_posts(&text, &[root_id.to_owned()]).await
    }

    /// Posts of a channel in one of the paging modes. Edit-history copies are never included;
    /// `roots_only` leaves out replies (collapsed threads); deleted posts only with `include_deleted`
    /// (the `Since` mode always includes them, so clients learn about deletions).
    pub async fn get_channel_posts(
        &self,
        channel_id: &str,
        mode: &ChannelPosts,
        roots_only: bool,
        include_deleted: bool,
    ) -> StoreResult<Vec<Post>> {
        let mut base = format!(
            "SELECT {POST_COLS} FROM {POST_FROM} WHERE p.channelid = $1 AND p.originalid = ''"
        );
        if roots_only {
            base.push_str(" AND p.rootid = ''");
        }
        let live = if include_deleted {
            ""
        } else {
            " AND p.deleteat = 0"
        };
        let mut args = vec![channel_id.to_owned()];
        let page = |limit: i64, offset: i64| {
            format!("LIMIT {} OFFSET {}", limit.clamp(0, 1000), offset.max(0))
        };
        let text = match mode {
            ChannelPosts::Page { offset, limit } => {
                format!(
                    "{base}{live} ORDER BY p.createat DESC, p.id DESC {}",
                    page(*limit, *offset)
                )
            }
            ChannelPosts::Since { since } => {
                format!(
                    "{base} AND p.updateat > {since} ORDER BY p.createat DESC, p.id DESC LIMIT 1000"
                )
            }
            ChannelPosts::Before {
                post_id,
                offset,
                limit,
            } => {
                args.push(post_id.clone());
                // Posts created in the same millisecond as the cursor are ordered by id, like
                // the pages: a strict `createat <` would skip them.
                format!(
                    "{base}{live} AND p.createat <= (SELECT createat FROM posts WHERE id = $2) \
                     AND (p.createat < (SELECT createat FROM posts WHERE id = $2) OR p.id < $2) \
                     ORDER BY p.createat DESC, p.id DESC {}",
                    page(*limit, *offset)
                )
            }
            ChannelPosts::After {
                post_id,
                offset,
                limit,
            } => {
                args.push(post_id.clone());
                format!(
                    "{base}{live} AND p.createat >= (SELECT createat FROM posts WHERE id = $2) \
                     AND (p.createat > (SELECT createat FROM posts WHERE id = $2) OR p.id > $2) \
                     ORDER BY p.createat ASC, p.id ASC {}",
                    page(*limit, *offset)
                )
            }
        };
        self.fetch_posts(&text, &args).await
    }

    /// Pinned, live posts of a channel, newest first.
    pub async fn get_pinned_posts(&self, channel_id: &str) -> StoreResult<Vec<Post>> {
        let text = format!(
            "SELECT {POST_COLS} FROM {POST_FROM} WHERE p.channelid = $1 AND p.ispinned = true AND p.deleteat = 0 \
             ORDER BY p.createat DESC, p.id DESC"
        );
        self.fetch_posts(&text, &[channel_id.to_owned()]).await
    }

    /// Earlier versions of an edited post, newest first.
    pub async fn get_edit_history(&self, post_id: &str) -> StoreResult<Vec<Post>> {
        let text = format!(
            "SELECT {POST_COLS} FROM {POST_FROM} WHERE p.originalid = $1 ORDER BY p.editat DESC, p.updateat DESC"
        );
        self.fetch_posts(&text, &[post_id.to_owned()]).await
    }

    async fn fetch_posts(&self, text: &str, args: &[String]) -> StoreResult<Vec<Post>> {
        with_db!(self, |p, pg| {
            let s = sql(pg, text);
            let mut q = sqlx::query_as::<_, PostRow>(s);
            for a in args {
                q = q.bind(a);
            }
            Ok(q.fetch_all(p).await?.into_iter().map(Post::from).collect())
        })
    }

    /// Writes an edit and, when `previous` is given, keeps it as edit history (a deleted copy
    /// pointing at the post through `originalid`, as Mattermost stores it).
    pub async fn update_post(&self, post: &Post, previous: Option<&Post>) -> StoreResult<()> {
        let props = serde_json::to_string(&post.props).unwrap_or_else(|_| "{}".to_owned());
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "UPDATE posts SET message = $2, props = $3::jsonb, editat = $4, updateat = $5, fileids = $6, \
                 ispinned = $7, hashtags = $8, hasreactions = $9 WHERE id = $1 AND deleteat = 0",
            ))
            .bind(&post.id)
            .bind(&post.message)
            .bind(props)
            .bind(post.edit_at)
            .bind(post.update_at)
            .bind(file_ids_json(&post.file_ids))
            .bind(post.is_pinned)
            .bind(&post.hashtags)
            .bind(post.has_reactions)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            if let Some(old) = previous {
                sqlx::query(sql(
                    pg,
                    "INSERT INTO posts (id, createat, updateat, deleteat, userid, channelid, rootid, originalid, message, \
                     type, props, hashtags, filenames, fileids, hasreactions, editat, ispinned) \
                     VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, '[]', $12, false, $13, false)",
                ))
                .bind(outpost_model::new_id())
                .bind(old.create_at)
                .bind(post.update_at)
                .bind(&old.user_id)
                .bind(&old.channel_id)
                .bind(&old.root_id)
                .bind(&old.id)
                .bind(&old.message)
                .bind(&old.post_type)
                .bind(serde_json::to_string(&old.props).unwrap_or_else(|_| "{}".to_owned()))
                .bind(&old.hashtags)
                .bind(file_ids_json(&old.file_ids))
                .bind(old.edit_at)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Soft-deletes a post; deleting a root deletes its replies and its thread.
    pub async fn delete_post(&self, id: &str, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "UPDATE posts SET deleteat = $2, updateat = $2 WHERE id = $1 AND deleteat = 0",
            ))
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(sql(
                pg,
                "UPDATE posts SET deleteat = $2, updateat = $2 WHERE rootid = $1 AND deleteat = 0",
            ))
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(sql(
                pg,
                "UPDATE threads SET threaddeleteat = $2 WHERE postid = $1",
            ))
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // Files go with their post (and with the replies deleted with a root).
            sqlx::query(sql(
                pg,
                "UPDATE fileinfo SET deleteat = $2, updateat = $2 WHERE deleteat = 0 AND postid <> '' \
                 AND (postid = $1 OR postid IN (SELECT id FROM posts WHERE rootid = $1))",
            ))
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // A deleted reply no longer counts in its thread.
            sqlx::query(sql(
                pg,
                "UPDATE threads SET replycount = (SELECT COUNT(*) FROM posts WHERE rootid = threads.postid AND deleteat = 0) \
                 WHERE postid = (SELECT rootid FROM posts WHERE id = $1)",
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Sets or clears the pinned flag.
    pub async fn set_post_pinned(&self, id: &str, pinned: bool, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE posts SET ispinned = $2, updateat = $3 WHERE id = $1 AND deleteat = 0",
            ))
            .bind(id)
            .bind(pinned)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// The channel facts a post needs (kept between writes, see [`crate::facts`]).
    pub async fn get_post_channel(&self, channel_id: &str) -> StoreResult<PostChannel> {
        self.fact(&self.facts.post_channels, channel_id.to_owned(), async {
            with_db!(self, |p, pg| {
                let row: PostChannel = sqlx::query_as(sql(
                pg,
                "SELECT COALESCE(teamid, '') AS team_id, COALESCE(type::text, '') AS channel_type, \
                 COALESCE(name, '') AS name, COALESCE(displayname, '') AS display_name, \
                 COALESCE(deleteat, 0) AS delete_at FROM channels WHERE id = $1",
            ))
            .bind(channel_id)
            .fetch_one(p)
            .await?;
                Ok(row)
            })
        })
        .await
    }

    /// The author facts a post needs (kept between writes, see [`crate::facts`]).
    pub async fn get_post_author(&self, user_id: &str) -> StoreResult<PostAuthor> {
        self.fact(&self.facts.post_authors, user_id.to_owned(), async {
            with_db!(self, |p, pg| {
                let row: PostAuthor = sqlx::query_as(sql(
                    pg,
                    "SELECT COALESCE(username, '') AS username, \
                     (id IN (SELECT userid FROM bots)) AS is_bot FROM users WHERE id = $1",
                ))
                .bind(user_id)
                .fetch_one(p)
                .await?;
                Ok(row)
            })
        })
        .await
    }
}

/// What posting needs to know about its author.
#[derive(Debug, Clone, FromRow)]
pub struct PostAuthor {
    pub username: String,
    pub is_bot: bool,
}

/// What posting needs to know about a channel.
#[derive(Debug, Clone, FromRow)]
pub struct PostChannel {
    pub team_id: String,
    pub channel_type: String,
    pub name: String,
    pub display_name: String,
    pub delete_at: i64,
}

/// A channel member as mention detection needs them.
#[derive(Debug, Clone, FromRow)]
pub struct MentionMember {
    pub user_id: String,
    pub username: String,
    pub first_name: String,
    pub user_notify_props: String,
    pub channel_notify_props: String,
}

impl Store {
    /// Members of a channel with what mention detection reads.
    pub async fn get_mention_members(&self, channel_id: &str) -> StoreResult<Vec<MentionMember>> {
        with_db!(self, |p, pg| {
            let rows: Vec<MentionMember> = sqlx::query_as(sql(
                pg,
                "SELECT u.id AS user_id, COALESCE(u.username, '') AS username, COALESCE(u.firstname, '') AS first_name, \
                 COALESCE(u.notifyprops::text, '{}') AS user_notify_props, \
                 COALESCE(cm.notifyprops::text, '{}') AS channel_notify_props \
                 FROM channelmembers cm JOIN users u ON u.id = cm.userid \
                 WHERE cm.channelid = $1 AND u.deleteat = 0",
            ))
            .bind(channel_id)
            .fetch_all(p)
            .await?;
            Ok(rows)
        })
    }

    /// Adds one mention for each of these members (and a root mention when the post is a root).
    pub async fn increment_mentions(
        &self,
        channel_id: &str,
        user_ids: &[String],
        is_root: bool,
        now: i64,
    ) -> StoreResult<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let text = format!(
            "UPDATE channelmembers SET mentioncount = COALESCE(mentioncount, 0) + 1, \
             mentioncountroot = COALESCE(mentioncountroot, 0) + {}, lastupdateat = $2 \
             WHERE channelid = $1 AND userid IN {}",
            i64::from(is_root),
            placeholders(3, user_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query(s).bind(channel_id).bind(now);
            for u in user_ids {
                q = q.bind(u);
            }
            q.execute(p).await?;
            Ok(())
        })
    }
}

/// A new root post for PostgreSQL's batches: the statement and what it binds.
struct PgRootPost {
    text: String,
    post: Post,
    props: String,
    counted: i64,
    priority: Option<PostPriority>,
}

impl PgRootPost {
    /// The arguments of [`pg_root_post_statement`].
    fn bind<'q>(
        &'q self,
        q: sqlx::query::QueryAs<
            'q,
            sqlx::Postgres,
            crate::drafts::DraftRow,
            sqlx::postgres::PgArguments,
        >,
    ) -> sqlx::query::QueryAs<
        'q,
        sqlx::Postgres,
        crate::drafts::DraftRow,
        sqlx::postgres::PgArguments,
    > {
        let mut q = bind_row!(q, self.post, &self.props)
            .bind(1_i64)
            .bind(self.counted);
        if let Some(pr) = &self.priority {
            q = q
                .bind(&pr.priority)
                .bind(pr.requestedack)
                .bind(pr.persistentnotifications);
        }
        q
    }
}

/// A reply's thread row, made if missing. Arguments: root, channel, team.
const THREAD_INSERT: &str = "INSERT INTO threads (postid, replycount, lastreplyat, participants, channelid, threaddeleteat, threadteamid) \
     VALUES ($1, 0, 0, '[]'::jsonb, $2, 0, $3) ON CONFLICT (postid) DO NOTHING";

/// A reply's thread counters, returned with the participants. Arguments: root, the reply's time.
/// It comes before the participants' update: it locks the thread row, so concurrent replies
/// read and write the participant list one after the other.
const THREAD_COUNT: &str = "UPDATE threads SET replycount = replycount + 1, \
     lastreplyat = CASE WHEN lastreplyat > $2 THEN lastreplyat ELSE $2 END WHERE postid = $1 \
     RETURNING COALESCE(replycount, 0), COALESCE(lastreplyat, 0), participants::text";

/// A thread's participants. Arguments: root, the list (JSON).
const THREAD_PARTICIPANTS: &str = "UPDATE threads SET participants = $2::jsonb WHERE postid = $1";

/// A thread's participants (JSON) with `user` added last (moved there if already in).
fn participants_with(participants: Option<&str>, user: &str) -> String {
    let mut list: Vec<String> = participants
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    list.retain(|u| u != user);
    list.push(user.to_owned());
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

/// The statements of a new post in SQLite's dialect (see [`sql`]), made once for the writer thread.
struct LiteStatements {
    insert_post: String,
    counters: String,
    author_read: String,
    priority: String,
    draft_delete: String,
    thread_insert: String,
    thread_count: String,
    thread_participants: String,
}

static LITE: std::sync::LazyLock<LiteStatements> = std::sync::LazyLock::new(|| {
    let lite = |text: &str| sql(false, text).0;
    LiteStatements {
        insert_post: lite(INSERT_POST),
        counters: lite(&channel_counters_sql("$5", "$2", "$13", "$14")),
        author_read: lite(&author_read_sql("$5", "$4", "$2")),
        priority: lite(&priority_sql("$1", "$5", "$15", "$16", "$17")),
        draft_delete: lite(&crate::drafts::delete_sql("$4", "$5", "$6")),
        thread_insert: lite(THREAD_INSERT),
        thread_count: lite(THREAD_COUNT),
        thread_participants: lite(THREAD_PARTICIPANTS),
    }
});

/// SQLite: a new post without files, written by the writer thread ([`crate::lite`]) with the
/// statements of [`Store::save_new_post`]'s general path and the arguments of [`pg_root_post_statement`].
async fn save_new_post_lite(
    lite: &crate::lite::LiteWriter,
    post: &Post,
    team_id: &str,
    extra: &NewPost<'_>,
    props: String,
    counted: i64,
) -> StoreResult<SavedPost> {
    use rusqlite::types::Value::{Integer, Null, Text};
    let is_root = post.root_id.is_empty();
    let flag = |b: Option<bool>| b.map_or(Null, |b| Integer(b.into()));
    let mut args = vec![
        Text(post.id.clone()),
        Integer(post.create_at),
        Integer(post.update_at),
        Text(post.user_id.clone()),
        Text(post.channel_id.clone()),
        Text(post.root_id.clone()),
        Text(post.message.clone()),
        Text(post.post_type.clone()),
        Text(props),
        Text(post.hashtags.clone()),
        Text(file_ids_json(&post.file_ids)),
        Integer(post.is_pinned.into()),
        Integer(is_root.into()),
        Integer(counted),
    ];
    let l = &*LITE;
    let mut statements = vec![&l.insert_post, &l.counters, &l.author_read];
    if let Some(pr) = extra.priority {
        args.extend([
            Text(pr.priority.clone()),
            flag(pr.requestedack),
            flag(pr.persistentnotifications),
        ]);
        statements.push(&l.priority);
    }
    let draft = extra.clear_draft.then_some(&l.draft_delete);
    let thread = (!is_root).then(|| {
        (
            [
                Text(post.root_id.clone()),
                Text(post.channel_id.clone()),
                Text(team_id.to_owned()),
            ],
            [Text(post.root_id.clone()), Integer(post.create_at)],
        )
    });
    let (root_id, user_id) = (post.root_id.clone(), post.user_id.clone());
    lite.run(move |c| {
        let mut saved = SavedPost::default();
        for text in &statements {
            crate::lite::execute(c, text, &args)?;
        }
        if let Some((insert, count)) = &thread {
            crate::lite::execute(c, &l.thread_insert, insert)?;
            let participants: Option<String>;
            {
                let mut stmt = crate::lite::bind(c, &l.thread_count, count)?;
                let mut rows = stmt.raw_query();
                let row = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
                saved.reply_count = row.get(0)?;
                saved.last_reply_at = row.get(1)?;
                participants = row.get(2)?;
            }
            let list = participants_with(participants.as_deref(), &user_id);
            crate::lite::execute(c, &l.thread_participants, &[Text(root_id), Text(list)])?;
        }
        if let Some(text) = &draft {
            let mut stmt = crate::lite::bind(c, text, &args)?;
            let mut rows = stmt.raw_query();
            if let Some(row) = rows.next()? {
                saved.draft = Some(crate::drafts::DraftRow::from_lite(row)?.into());
            }
        }
        Ok(saved)
    })
    .await
}

/// A new post's row, with the first twelve arguments of [`pg_root_post_statement`].
const INSERT_POST: &str = "INSERT INTO posts (id, createat, updateat, deleteat, userid, channelid, rootid, \
     originalid, message, type, props, hashtags, filenames, fileids, hasreactions, editat, ispinned, remoteid) \
     VALUES ($1, $2, $3, 0, $4, $5, $6, '', $7, $8, $9::jsonb, $10, '[]', $11, false, 0, $12, NULL)";

/// The channel's counters after a post; the arguments name the placeholders of the channel, the
/// post's time, 1 for a root post and 1 when the post is counted.
fn channel_counters_sql(channel: &str, at: &str, root: &str, counted: &str) -> String {
    format!(
        "UPDATE channels SET lastpostat = CASE WHEN lastpostat > {at} THEN lastpostat ELSE {at} END, \
         totalmsgcount = COALESCE(totalmsgcount, 0) + {counted}, \
         totalmsgcountroot = COALESCE(totalmsgcountroot, 0) + {root} * {counted}, \
         lastrootpostat = CASE WHEN {root} = 1 AND COALESCE(lastrootpostat, 0) < {at} THEN {at} \
         ELSE COALESCE(lastrootpostat, 0) END WHERE id = {channel}"
    )
}

/// The author's membership, read up to the post (counts from the channel's row); the arguments
/// name the placeholders of the channel, the author and the post's time.
fn author_read_sql(channel: &str, user: &str, at: &str) -> String {
    format!(
        "UPDATE channelmembers SET lastviewedat = {at}, lastupdateat = {at}, \
         msgcount = (SELECT totalmsgcount FROM channels WHERE id = {channel}), \
         msgcountroot = (SELECT totalmsgcountroot FROM channels WHERE id = {channel}), \
         mentioncount = 0, mentioncountroot = 0, urgentmentioncount = 0 \
         WHERE channelid = {channel} AND userid = {user}"
    )
}

/// A post's priority, replacing any; the arguments name the placeholders of the post, its
/// channel, the priority and the two flags.
fn priority_sql(post: &str, channel: &str, priority: &str, ack: &str, persistent: &str) -> String {
    format!(
        "INSERT INTO postspriority (postid, channelid, priority, requestedack, persistentnotifications) \
         VALUES ({post}, {channel}, {priority}, {ack}, {persistent}) ON CONFLICT (postid) DO UPDATE SET \
         priority = excluded.priority, requestedack = excluded.requestedack, \
         persistentnotifications = excluded.persistentnotifications"
    )
}

/// PostgreSQL: every write of a new root post without files as one statement. The membership
/// takes the channel's counters as the channel update returns them (the statements of one query
/// share a snapshot). Returns the deleted draft, if asked to delete it.
///
/// The arguments, shared with SQLite's writer job ([`save_new_post_lite`]): `$1` id, `$2`
/// createat, `$3` updateat, `$4` userid, `$5` channelid, `$6` rootid, `$7` message, `$8` type,
/// `$9` props, `$10` hashtags, `$11` fileids, `$12` ispinned, `$13` 1 for a root post, `$14` 1
/// when counted, then the priority's `$15`–`$17`.
fn pg_root_post_statement(extra: &NewPost<'_>) -> String {
    let mut text = format!(
        "WITH ins AS ({INSERT_POST}), \
         ch AS ({} RETURNING totalmsgcount, totalmsgcountroot), \
         cm AS (UPDATE channelmembers SET lastviewedat = $2, lastupdateat = $2, \
         msgcount = ch.totalmsgcount, msgcountroot = ch.totalmsgcountroot, \
         mentioncount = 0, mentioncountroot = 0, urgentmentioncount = 0 \
         FROM ch WHERE channelmembers.channelid = $5 AND channelmembers.userid = $4)",
        channel_counters_sql("$5", "$2", "$13", "$14")
    );
    if extra.priority.is_some() {
        text.push_str(&format!(
            ", pr AS ({})",
            priority_sql("$1", "$5", "$15", "$16", "$17")
        ));
    }
    text.push(' ');
    if extra.clear_draft {
        text.push_str(&crate::drafts::delete_sql("$4", "$5", "$6"));
    } else {
        // Nothing to return, but the statement must end in a query.
        text.push_str(&format!(
            "SELECT {} FROM drafts WHERE false",
            crate::drafts::COLS
        ));
    }
    text
}

/// What [`Store::save_new_post`] writes besides the post.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewPost<'a> {
    /// The post's priority (its `postid` is ignored: the post's id is used).
    pub priority: Option<&'a PostPriority>,
    /// Delete the author's draft of the post's channel and thread.
    pub clear_draft: bool,
}

/// What [`Store::save_new_post`] learnt while writing.
#[derive(Debug, Clone, Default)]
pub struct SavedPost {
    /// The thread's reply count and last reply time after this post (0 for a root post).
    pub reply_count: i64,
    pub last_reply_at: i64,
    /// The draft that was deleted, if there was one.
    pub draft: Option<outpost_model::draft::Draft>,
}

/// A post's priority (`PostsPriority`): `priority` is `important` or `urgent` (or empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct PostPriority {
    pub postid: String,
    pub priority: String,
    pub requestedack: Option<bool>,
    pub persistentnotifications: Option<bool>,
}

impl Store {
    /// The priorities of the given posts (those that have one).
    pub async fn get_post_priorities(&self, post_ids: &[String]) -> StoreResult<Vec<PostPriority>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT postid, priority, requestedack, persistentnotifications FROM postspriority WHERE postid IN {}",
            crate::placeholders(1, post_ids.len())
        );
        with_db!(self, |pool, pg| {
            let mut q = sqlx::query_as::<_, PostPriority>(sql(pg, &text));
            for id in post_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }
}
