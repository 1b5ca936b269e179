//! Reactions.

use outpost_model::reaction::Reaction;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

#[derive(FromRow)]
struct ReactionRow {
    userid: String,
    postid: String,
    emojiname: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    remoteid: Option<String>,
    channelid: String,
}

impl From<ReactionRow> for Reaction {
    fn from(r: ReactionRow) -> Self {
        Reaction {
            user_id: r.userid,
            post_id: r.postid,
            emoji_name: r.emojiname,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            remote_id: r.remoteid.unwrap_or_default(),
            channel_id: r.channelid,
        }
    }
}

const COLS: &str = "userid, postid, emojiname, createat, updateat, deleteat, remoteid, channelid";

impl Store {
    /// Adds (or revives) a reaction and flags the post as having reactions. Refuses a new emoji
    /// beyond `max_distinct` different emoji on the post with `Conflict("too_many_reactions")`.
    pub async fn save_reaction(&self, r: &Reaction, max_distinct: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            // A write first: it takes the post's row lock (PostgreSQL) or the write lock (SQLite), so
            // the limit check below cannot race another reaction, and SQLite never has to upgrade a
            // read snapshot mid-transaction.
            sqlx::query(sql(
                pg,
                "UPDATE posts SET hasreactions = true, updateat = $2 WHERE id = $1",
            ))
            .bind(&r.post_id)
            .bind(r.create_at)
            .execute(&mut *tx)
            .await?;
            let distinct: i64 = sqlx::query_scalar(sql(
                pg,
                "SELECT COUNT(DISTINCT emojiname) FROM reactions WHERE postid = $1 AND deleteat = 0 AND emojiname <> $2",
            ))
            .bind(&r.post_id)
            .bind(&r.emoji_name)
            .fetch_one(&mut *tx)
            .await?;
            let exists: i64 = sqlx::query_scalar(sql(
                pg,
                "SELECT COUNT(*) FROM reactions WHERE postid = $1 AND deleteat = 0 AND emojiname = $2",
            ))
            .bind(&r.post_id)
            .bind(&r.emoji_name)
            .fetch_one(&mut *tx)
            .await?;
            if exists == 0 && distinct >= max_distinct {
                return Err(StoreError::Conflict("too_many_reactions".to_owned()));
            }
            sqlx::query(sql(
                pg,
                "INSERT INTO reactions (userid, postid, emojiname, createat, updateat, deleteat, remoteid, channelid) \
                 VALUES ($1, $2, $3, $4, $4, 0, '', $5) ON CONFLICT (postid, userid, emojiname) \
                 DO UPDATE SET deleteat = 0, updateat = excluded.updateat, createat = excluded.createat",
            ))
            .bind(&r.user_id)
            .bind(&r.post_id)
            .bind(&r.emoji_name)
            .bind(r.create_at)
            .bind(&r.channel_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Removes a reaction (soft) and updates the post's flag.
    pub async fn delete_reaction(
        &self,
        user_id: &str,
        post_id: &str,
        emoji: &str,
        now: i64,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "UPDATE reactions SET deleteat = $4, updateat = $4 WHERE userid = $1 AND postid = $2 AND emojiname = $3 AND deleteat = 0",
            ))
            .bind(user_id)
            .bind(post_id)
            .bind(emoji)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(sql(
                pg,
                "UPDATE posts SET updateat = $2, hasreactions = EXISTS (SELECT 1 FROM reactions WHERE postid = $1 AND deleteat = 0) WHERE id = $1",
            ))
            .bind(post_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Live reactions on the given posts, oldest first.
    pub async fn get_reactions(&self, post_ids: &[String]) -> StoreResult<Vec<Reaction>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {COLS} FROM reactions WHERE postid IN {} AND deleteat = 0 ORDER BY createat ASC",
            placeholders(1, post_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, ReactionRow>(s);
            for id in post_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(Reaction::from)
                .collect())
        })
    }
}
