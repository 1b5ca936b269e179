//! What notifications read and keep: mobile sessions, thread followers, badge counts, one-time
//! tokens (Mattermost's `tokens`) and Web Push subscriptions (`outpost_webpush_subscriptions`).

use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

/// A session with a mobile device attached.
#[derive(Debug, Clone, FromRow)]
pub struct DeviceSession {
    pub id: String,
    pub userid: String,
    pub deviceid: String,
    pub expiresat: i64,
}

/// A one-time token row.
#[derive(Debug, Clone, FromRow)]
pub struct Token {
    pub token: String,
    pub createat: i64,
    #[sqlx(rename = "type")]
    pub kind: String,
    pub extra: String,
}

/// A Web Push subscription of one browser.
#[derive(Debug, Clone, FromRow)]
pub struct WebPushSubscription {
    pub id: String,
    pub userid: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub createat: i64,
}

impl Store {
    /// The user's unexpired sessions that have a device id (`GetSessionsWithActiveDeviceIds`).
    pub async fn get_device_sessions(
        &self,
        user_id: &str,
        now: i64,
    ) -> StoreResult<Vec<DeviceSession>> {
        with_db!(self, |p, pg| {
            Ok(sqlx::query_as(sql(
                pg,
                "SELECT id, COALESCE(userid, '') AS userid, COALESCE(deviceid, '') AS deviceid, \
                 COALESCE(expiresat, 0) AS expiresat FROM sessions \
                 WHERE userid = $1 AND COALESCE(deviceid, '') <> '' \
                 AND (COALESCE(expiresat, 0) = 0 OR expiresat > $2)",
            ))
            .bind(user_id)
            .bind(now)
            .fetch_all(p)
            .await?)
        })
    }

    /// Ends the user's other sessions registered with the same device (a reinstalled app).
    pub async fn delete_device_sessions(
        &self,
        user_id: &str,
        device_id: &str,
        keep: &str,
    ) -> StoreResult<u64> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                let r = sqlx::query(sql(
                    pg,
                    "DELETE FROM sessions WHERE userid = $1 AND deviceid = $2 AND id <> $3",
                ))
                .bind(user_id)
                .bind(device_id)
                .bind(keep)
                .execute(p)
                .await?;
                Ok(r.rows_affected())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.clear();
        result
    }

    /// Forgets a device the push proxy reported as gone.
    pub async fn clear_session_device(&self, session_id: &str) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                sqlx::query(sql(pg, "UPDATE sessions SET deviceid = '' WHERE id = $1"))
                    .bind(session_id)
                    .execute(p)
                    .await?;
                Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.forget(session_id);
        result
    }

    /// Which of `user_ids` follow the thread rooted at `root_id`.
    pub async fn get_thread_followers(
        &self,
        root_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<String>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT userid FROM threadmemberships WHERE postid = $1 AND following = true AND userid IN {}",
            placeholders(2, user_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_scalar::<_, String>(s).bind(root_id);
            for u in user_ids {
                q = q.bind(u);
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// The app icon badge: unread mentions in live channels (root mentions with collapsed
    /// threads) plus unread mentions in followed threads.
    pub async fn get_badge_count(&self, user_id: &str, crt: bool) -> StoreResult<i64> {
        let column = if crt {
            "mentioncountroot"
        } else {
            "mentioncount"
        };
        let channels = format!(
            "SELECT CAST(COALESCE(SUM(COALESCE(cm.{column}, 0)), 0) AS BIGINT) FROM channelmembers cm \
             JOIN channels c ON c.id = cm.channelid WHERE cm.userid = $1 AND c.deleteat = 0"
        );
        with_db!(self, |p, pg| {
            let mut n: i64 = sqlx::query_scalar(sql(pg, &channels))
                .bind(user_id)
                .fetch_one(p)
                .await?;
            if crt {
                let t: i64 = sqlx::query_scalar(sql(
                    pg,
                    "SELECT CAST(COALESCE(SUM(COALESCE(unreadmentions, 0)), 0) AS BIGINT) \
                     FROM threadmemberships WHERE userid = $1 AND following = true",
                ))
                .bind(user_id)
                .fetch_one(p)
                .await?;
                n += t;
            }
            Ok(n)
        })
    }

    /// Stores a value of the Systems table unless one exists; returns the stored value (so
    /// nodes starting together agree on one).
    pub async fn save_system_if_absent(&self, name: &str, value: &str) -> StoreResult<String> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            sqlx::query(sql(
                pg,
                "INSERT INTO systems (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            ))
            .bind(name)
            .bind(value)
            .execute(&mut *tx)
            .await?;
            let v: Option<String> =
                sqlx::query_scalar(sql(pg, "SELECT value FROM systems WHERE name = $1"))
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await?;
            tx.commit().await?;
            v.ok_or(StoreError::NotFound)
        })
    }

    /// Saves a one-time token.
    pub async fn save_token(&self, t: &Token) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO tokens (token, createat, type, extra) VALUES ($1, $2, $3, $4)",
            ))
            .bind(&t.token)
            .bind(t.createat)
            .bind(&t.kind)
            .bind(&t.extra)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// A token of `kind`.
    pub async fn get_token(&self, token: &str, kind: &str) -> StoreResult<Token> {
        with_db!(self, |p, pg| {
            let t: Option<Token> = sqlx::query_as(sql(
                pg,
                "SELECT token, COALESCE(createat, 0) AS createat, COALESCE(type, '') AS type, \
                 COALESCE(extra, '') AS extra FROM tokens WHERE token = $1 AND type = $2",
            ))
            .bind(token)
            .bind(kind)
            .fetch_optional(p)
            .await?;
            t.ok_or(StoreError::NotFound)
        })
    }

    /// Deletes a used token; not-found when it was already used (so it works once).
    pub async fn delete_token(&self, token: &str) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(pg, "DELETE FROM tokens WHERE token = $1"))
                .bind(token)
                .execute(p)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Saves (or moves to this user) the subscription of a browser endpoint.
    pub async fn save_webpush_subscription(&self, s: &WebPushSubscription) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            sqlx::query(sql(
                pg,
                "DELETE FROM outpost_webpush_subscriptions WHERE endpoint = $1",
            ))
            .bind(&s.endpoint)
            .execute(&mut *tx)
            .await?;
            sqlx::query(sql(
                pg,
                "INSERT INTO outpost_webpush_subscriptions (id, userid, endpoint, p256dh, auth, createat) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            ))
            .bind(&s.id)
            .bind(&s.userid)
            .bind(&s.endpoint)
            .bind(&s.p256dh)
            .bind(&s.auth)
            .bind(s.createat)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// A user's Web Push subscriptions.
    pub async fn get_webpush_subscriptions(
        &self,
        user_id: &str,
    ) -> StoreResult<Vec<WebPushSubscription>> {
        with_db!(self, |p, pg| {
            Ok(sqlx::query_as(sql(
                pg,
                "SELECT id, userid, endpoint, p256dh, auth, createat FROM outpost_webpush_subscriptions \
                 WHERE userid = $1 ORDER BY createat",
            ))
            .bind(user_id)
            .fetch_all(p)
            .await?)
        })
    }

    /// Removes a subscription by endpoint (of `user_id` when given); not-found when none matched.
    pub async fn delete_webpush_subscription(
        &self,
        endpoint: &str,
        user_id: Option<&str>,
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "DELETE FROM outpost_webpush_subscriptions WHERE endpoint = $1 \
                 AND ($2 = '' OR userid = $2)",
            ))
            .bind(endpoint)
            .bind(user_id.unwrap_or(""))
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }
}
