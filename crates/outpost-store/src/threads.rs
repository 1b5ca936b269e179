//! Collapsed reply threads: who follows which thread, and what they have read.

use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

/// A followed thread as `GET /users/{uid}/teams/{tid}/threads` lists it.
#[derive(Debug, Clone, FromRow)]
pub struct ThreadRow {
    pub post_id: String,
    pub channel_id: String,
    pub reply_count: i64,
    pub last_reply_at: i64,
    pub participants: String,
    pub thread_delete_at: i64,
    pub following: bool,
    pub last_viewed: i64,
    pub unread_mentions: i64,
    pub unread_replies: i64,
}

/// Filters for a user's threads.
#[derive(Debug, Clone, Default)]
pub struct ThreadQuery {
    pub user_id: String,
    pub team_id: String,
    /// Only threads updated after this time (ms).
    pub since: i64,
    pub include_deleted: bool,
    pub unread_only: bool,
    pub offset: i64,
    pub limit: i64,
}

// Joined with channelmembers: someone who left or was removed from a channel no longer sees its
// threads.
const THREAD_SELECT: &str = "SELECT t.postid AS post_id, COALESCE(t.channelid, '') AS channel_id, \
     COALESCE(t.replycount, 0) AS reply_count, COALESCE(t.lastreplyat, 0) AS last_reply_at, \
     COALESCE(t.participants::text, '[]') AS participants, COALESCE(t.threaddeleteat, 0) AS thread_delete_at, \
     COALESCE(m.following, false) AS following, COALESCE(m.lastviewed, 0) AS last_viewed, \
     COALESCE(m.unreadmentions, 0) AS unread_mentions, \
     (SELECT COUNT(*) FROM posts r WHERE r.rootid = t.postid AND r.deleteat = 0 AND r.createat > COALESCE(m.lastviewed, 0) \
        AND r.userid <> m.userid) AS unread_replies \
     FROM threadmemberships m JOIN threads t ON t.postid = m.postid JOIN channels c ON c.id = t.channelid \
     JOIN channelmembers cmb ON cmb.channelid = t.channelid AND cmb.userid = m.userid";

impl Store {
    /// Makes `user_ids` follow a thread (creating memberships as needed). `viewed_at` marks the
    /// thread read for them (the replier); `None` keeps what they had read.
    pub async fn follow_thread(
        &self,
        post_id: &str,
        user_ids: &[String],
        viewed_at: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        self.upsert_memberships(post_id, user_ids, viewed_at, now, false)
            .await
    }

    /// Creates a following membership for users that have none (an explicit unfollow stays).
    pub async fn ensure_thread_members(
        &self,
        post_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> StoreResult<()> {
        self.upsert_memberships(post_id, user_ids, None, now, true)
            .await
    }

    async fn upsert_memberships(
        &self,
        post_id: &str,
        user_ids: &[String],
        viewed_at: Option<i64>,
        now: i64,
        only_missing: bool,
    ) -> StoreResult<()> {
        let conflict = if only_missing {
            "DO NOTHING"
        } else {
            "DO UPDATE SET following = true, lastupdated = excluded.lastupdated, \
             lastviewed = CASE WHEN $3 IS NULL THEN threadmemberships.lastviewed ELSE excluded.lastviewed END, \
             unreadmentions = CASE WHEN $3 IS NULL THEN threadmemberships.unreadmentions ELSE 0 END"
        };
        let text = format!(
            "INSERT INTO threadmemberships (postid, userid, following, lastviewed, lastupdated, unreadmentions) \
             VALUES ($1, $2, true, COALESCE($3, 0), $4, 0) ON CONFLICT (postid, userid) {conflict}"
        );
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for u in user_ids {
                sqlx::query(sql(pg, &text))
                    .bind(post_id)
                    .bind(u)
                    .bind(viewed_at)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Adds an unread mention to these users' memberships of the thread.
    pub async fn add_thread_mentions(
        &self,
        post_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> StoreResult<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let text = format!(
            "UPDATE threadmemberships SET unreadmentions = COALESCE(unreadmentions, 0) + 1, lastupdated = $2 \
             WHERE postid = $1 AND userid IN {}",
            placeholders(3, user_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query(s).bind(post_id).bind(now);
            for u in user_ids {
                q = q.bind(u);
            }
            q.execute(p).await?;
            Ok(())
        })
    }

    /// Stamps `lastupdated` on every membership of a thread (a new reply arrived).
    pub async fn touch_thread_memberships(
        &self,
        post_id: &str,
        now: i64,
    ) -> StoreResult<Vec<String>> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "UPDATE threadmemberships SET lastupdated = $2 WHERE postid = $1",
            ))
            .bind(post_id)
            .bind(now)
            .execute(p)
            .await?;
            let followers: Vec<String> = sqlx::query_scalar(sql(
                pg,
                "SELECT userid FROM threadmemberships WHERE postid = $1 AND following = true",
            ))
            .bind(post_id)
            .fetch_all(p)
            .await?;
            Ok(followers)
        })
    }

    /// Follows (creating the membership) or unfollows.
    pub async fn set_thread_following(
        &self,
        post_id: &str,
        user_id: &str,
        following: bool,
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO threadmemberships (postid, userid, following, lastviewed, lastupdated, unreadmentions) \
                 VALUES ($1, $2, $3, 0, $4, 0) ON CONFLICT (postid, userid) DO UPDATE SET following = excluded.following, \
                 lastupdated = excluded.lastupdated",
            ))
            .bind(post_id)
            .bind(user_id)
            .bind(following)
            .bind(now)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// Sets what a user has read of a thread (`unread_mentions` recomputed by the caller).
    pub async fn set_thread_viewed(
        &self,
        post_id: &str,
        user_id: &str,
        viewed: i64,
        unread_mentions: i64,
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE threadmemberships SET lastviewed = $3, unreadmentions = $4, lastupdated = $5 WHERE postid = $1 AND userid = $2",
            ))
            .bind(post_id)
            .bind(user_id)
            .bind(viewed)
            .bind(unread_mentions)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Marks every followed thread of a user in a team read.
    pub async fn mark_all_threads_read(
        &self,
        user_id: &str,
        team_id: &str,
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "UPDATE threadmemberships SET lastviewed = $3, unreadmentions = 0, lastupdated = $3 \
                 WHERE userid = $1 AND postid IN (SELECT t.postid FROM threads t JOIN channels c ON c.id = t.channelid \
                 WHERE c.teamid = $2 OR c.teamid = '')",
            ))
            .bind(user_id)
            .bind(team_id)
            .bind(now)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// A user's followed threads in a team (DM/GM threads included), newest reply first.
    pub async fn get_user_threads(&self, q: &ThreadQuery) -> StoreResult<Vec<ThreadRow>> {
        let mut text = format!(
            "{THREAD_SELECT} WHERE m.userid = $1 AND m.following = true AND (c.teamid = $2 OR c.teamid = '') \
             AND COALESCE(t.lastreplyat, 0) > $3"
        );
        if !q.include_deleted {
            text.push_str(" AND COALESCE(t.threaddeleteat, 0) = 0");
        }
        if q.unread_only {
            text.push_str(" AND (COALESCE(t.lastreplyat, 0) > COALESCE(m.lastviewed, 0) OR COALESCE(m.unreadmentions, 0) > 0)");
        }
        text.push_str(&format!(
            " ORDER BY t.lastreplyat DESC, t.postid DESC LIMIT {} OFFSET {}",
            q.limit.clamp(0, 1000),
            q.offset.max(0)
        ));
        with_db!(self, |p, pg| {
            let rows: Vec<ThreadRow> = sqlx::query_as(sql(pg, &text))
                .bind(&q.user_id)
                .bind(&q.team_id)
                .bind(q.since)
                .fetch_all(p)
                .await?;
            Ok(rows)
        })
    }

    /// One thread as a user sees it, through their membership: `NotFound` when they have none.
    pub async fn get_user_thread(&self, user_id: &str, post_id: &str) -> StoreResult<ThreadRow> {
        let text = format!("{THREAD_SELECT} WHERE m.userid = $1 AND m.postid = $2");
        with_db!(self, |p, pg| {
            let row: ThreadRow = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(post_id)
                .fetch_one(p)
                .await?;
            Ok(row)
        })
    }

    /// Reply times of a thread after `since`, with the mentioned flag left to the caller.
    pub async fn get_thread_reply_times(
        &self,
        post_id: &str,
        since: i64,
    ) -> StoreResult<Vec<(String, i64)>> {
        with_db!(self, |p, pg| {
            let rows: Vec<(String, i64)> = sqlx::query_as(sql(
                pg,
                "SELECT id, createat FROM posts WHERE rootid = $1 AND deleteat = 0 AND createat > $2 ORDER BY createat, id",
            ))
            .bind(post_id)
            .bind(since)
            .fetch_all(p)
            .await?;
            Ok(rows)
        })
    }
}

/// A thread's participants and whether one user follows it (`None`: no membership).
#[derive(Debug, Clone, FromRow)]
pub struct ThreadInfo {
    pub post_id: String,
    pub participants: String,
    pub following: Option<bool>,
}

impl Store {
    /// Participants and the user's following state for these root posts (threads without replies
    /// are absent).
    pub async fn get_thread_infos(
        &self,
        user_id: &str,
        post_ids: &[String],
    ) -> StoreResult<Vec<ThreadInfo>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT t.postid AS post_id, COALESCE(t.participants::text, '[]') AS participants, m.following AS following \
             FROM threads t LEFT JOIN threadmemberships m ON m.postid = t.postid AND m.userid = $1 \
             WHERE t.postid IN {}",
            placeholders(2, post_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, ThreadInfo>(s).bind(user_id);
            for id in post_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p).await?)
        })
    }
}
