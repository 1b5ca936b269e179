//! Unread state of a channel member: marking a channel unread from a post, reading around the
//! last viewed time, saved (flagged) posts.

use outpost_model::post::{JOIN_LEAVE_TYPES, Post};

use crate::{Store, StoreError, StoreResult, sql, with_db};

/// What a member has read of a channel (`model.ChannelUnreadAt` without the team).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadAt {
    pub last_viewed_at: i64,
    pub msg_count: i64,
    pub msg_count_root: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
}

impl Store {
    /// How many posts (all, roots) a channel had before `time`.
    pub async fn count_channel_posts_before(
        &self,
        channel_id: &str,
        time: i64,
    ) -> StoreResult<(i64, i64)> {
        // Counted like the channel's `totalmsgcount`: join/leave messages do not count.
        let excluded: Vec<String> = JOIN_LEAVE_TYPES.iter().map(|t| format!("'{t}'")).collect();
        let text = format!(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN rootid = '' THEN 1 ELSE 0 END), 0) FROM posts \
             WHERE channelid = $1 AND createat < $2 AND originalid = '' AND type NOT IN ({})",
            excluded.join(", ")
        );
        with_db!(self, |p, pg| {
            let row: (i64, i64) = sqlx::query_as(sql(pg, &text))
                .bind(channel_id)
                .bind(time)
                .fetch_one(p)
                .await?;
            Ok(row)
        })
    }

    /// Live posts of a channel created at or after `time`, oldest first (at most `limit`).
    pub async fn get_channel_posts_from(
        &self,
        channel_id: &str,
        time: i64,
        limit: i64,
    ) -> StoreResult<Vec<Post>> {
        let ids: Vec<String> = with_db!(self, |p, pg| {
            sqlx::query_scalar(sql(
                pg,
                &format!(
                    "SELECT id FROM posts WHERE channelid = $1 AND createat >= $2 AND deleteat = 0 AND originalid = '' \
                     ORDER BY createat ASC, id ASC LIMIT {}",
                    limit.clamp(0, 10_000)
                ),
            ))
            .bind(channel_id)
            .bind(time)
            .fetch_all(p)
            .await
        })?;
        let mut posts = self.get_posts_by_ids(&ids).await?;
        posts.reverse();
        Ok(posts)
    }

    /// Live posts of a channel created at or before `time`, newest first (at most `limit`).
    pub async fn get_channel_posts_until(
        &self,
        channel_id: &str,
        time: i64,
        limit: i64,
    ) -> StoreResult<Vec<Post>> {
        let ids: Vec<String> = with_db!(self, |p, pg| {
            sqlx::query_scalar(sql(
                pg,
                &format!(
                    "SELECT id FROM posts WHERE channelid = $1 AND createat <= $2 AND deleteat = 0 AND originalid = '' \
                     ORDER BY createat DESC, id DESC LIMIT {}",
                    limit.clamp(0, 10_000)
                ),
            ))
            .bind(channel_id)
            .bind(time)
            .fetch_all(p)
            .await
        })?;
        self.get_posts_by_ids(&ids).await
    }

    /// Rewrites what a member has read of a channel.
    pub async fn set_member_unread(
        &self,
        channel_id: &str,
        user_id: &str,
        u: &UnreadAt,
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE channelmembers SET lastviewedat = $3, msgcount = $4, msgcountroot = $5, mentioncount = $6, \
                 mentioncountroot = $7, lastupdateat = $8 WHERE channelid = $1 AND userid = $2",
            ))
            .bind(channel_id)
            .bind(user_id)
            .bind(u.last_viewed_at)
            .bind(u.msg_count)
            .bind(u.msg_count_root)
            .bind(u.mention_count)
            .bind(u.mention_count_root)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Ids of the posts a user saved (`flagged_post` preferences), by id (preferences keep no
    /// time: callers order the posts themselves).
    pub async fn get_flagged_post_ids(&self, user_id: &str) -> StoreResult<Vec<String>> {
        with_db!(self, |p, pg| {
            let ids: Vec<String> = sqlx::query_scalar(sql(
                pg,
                "SELECT name FROM preferences WHERE userid = $1 AND category = 'flagged_post' AND value = 'true' ORDER BY name",
            ))
            .bind(user_id)
            .fetch_all(p)
            .await?;
            Ok(ids)
        })
    }
}
