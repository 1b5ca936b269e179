//! Sessions and personal access tokens.

use outpost_model::user::{Session, StringMap, UserAccessToken};
use sqlx::FromRow;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

/// How long a session read from the database answers token lookups without asking again. Every
/// change made through this store updates or drops the cached copies at once; the limit only
/// bounds how long a change made elsewhere (another process or node) can go unnoticed. It is
/// longer than a user's usual pause between requests and than the WebSocket's session check
/// (30 s), so an active user's requests and sockets rarely read the session; Mattermost keeps
/// sessions for 10 minutes (`SessionCacheInMinutes`).
const SESSION_TTL: Duration = Duration::from_secs(60);
/// Cached sessions, at most (the cache starts over when full).
const SESSION_CAP: usize = 50_000;

/// Sessions by token, so authenticating a request usually costs no query.
#[derive(Default)]
pub(crate) struct SessionCache {
    inner: Mutex<CacheInner>,
}

#[derive(Default)]
struct CacheInner {
    by_token: HashMap<String, (Session, Instant)>,
    token_of: HashMap<String, String>,
    /// Bumped by every invalidation: a lookup that started before it must not cache its answer.
    generation: u64,
}

impl SessionCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, CacheInner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, token: &str) -> Result<Session, u64> {
        let c = self.lock();
        match c.by_token.get(token) {
            Some((s, at)) if at.elapsed() < SESSION_TTL => Ok(s.clone()),
            _ => Err(c.generation),
        }
    }

    fn put(&self, generation: u64, session: &Session) {
        let mut c = self.lock();
        if c.generation != generation {
            return;
        }
        if c.by_token.len() >= SESSION_CAP {
            c.by_token.clear();
            c.token_of.clear();
        }
        c.token_of.insert(session.id.clone(), session.token.clone());
        c.by_token
            .insert(session.token.clone(), (session.clone(), Instant::now()));
    }

    /// Forgets everything (sessions of a user or of everyone changed).
    pub(crate) fn clear(&self) {
        let mut c = self.lock();
        c.by_token.clear();
        c.token_of.clear();
        c.generation += 1;
    }

    pub(crate) fn forget(&self, id: &str) {
        let mut c = self.lock();
        if let Some(token) = c.token_of.remove(id) {
            c.by_token.remove(&token);
        }
        c.generation += 1;
    }

    fn touched(&self, id: &str, now: i64, expires_at: Option<i64>) {
        let mut c = self.lock();
        let Some(token) = c.token_of.get(id).cloned() else {
            return;
        };
        if let Some((s, _)) = c.by_token.get_mut(&token) {
            s.last_activity_at = now;
            if let Some(e) = expires_at {
                s.expires_at = e;
            }
        }
    }
}

const SESSION_COLS: &str = "id, token, createat, expiresat, lastactivityat, userid, deviceid, roles, \
     isoauth, props::text AS props, expirednotify";

#[derive(FromRow)]
struct SessionRow {
    id: String,
    token: Option<String>,
    createat: Option<i64>,
    expiresat: Option<i64>,
    lastactivityat: Option<i64>,
    userid: Option<String>,
    deviceid: Option<String>,
    roles: Option<String>,
    isoauth: Option<bool>,
    props: Option<String>,
    expirednotify: Option<bool>,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            id: r.id,
            token: r.token.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            expires_at: r.expiresat.unwrap_or_default(),
            last_activity_at: r.lastactivityat.unwrap_or_default(),
            user_id: r.userid.unwrap_or_default(),
            device_id: r.deviceid.unwrap_or_default(),
            roles: r.roles.unwrap_or_default(),
            is_oauth: r.isoauth.unwrap_or_default(),
            expired_notify: r.expirednotify.unwrap_or_default(),
            props: r
                .props
                .and_then(|s| serde_json::from_str::<StringMap>(&s).ok())
                .unwrap_or_default(),
            local: false,
        }
    }
}

#[derive(FromRow)]
struct TokenRow {
    id: String,
    token: Option<String>,
    userid: Option<String>,
    description: Option<String>,
    isactive: Option<bool>,
}

impl From<TokenRow> for UserAccessToken {
    fn from(r: TokenRow) -> Self {
        UserAccessToken {
            id: r.id,
            token: r.token.unwrap_or_default(),
            user_id: r.userid.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            is_active: r.isactive.unwrap_or_default(),
        }
    }
}

impl Store {
    /// Inserts a session.
    pub async fn save_session(&self, s: &Session) -> StoreResult<()> {
        let props = serde_json::to_string(&s.props).unwrap_or_else(|_| "{}".to_owned());
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO sessions (id, token, createat, expiresat, lastactivityat, userid, deviceid, \
                 roles, isoauth, props, expirednotify) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)",
            ))
            .bind(&s.id)
            .bind(&s.token)
            .bind(s.create_at)
            .bind(s.expires_at)
            .bind(s.last_activity_at)
            .bind(&s.user_id)
            .bind(&s.device_id)
            .bind(&s.roles)
            .bind(s.is_oauth)
            .bind(props)
            .bind(s.expired_notify)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// The session holding `token`.
    pub async fn get_session_by_token(&self, token: &str) -> StoreResult<Session> {
        let generation = match self.sessions.get(token) {
            Ok(s) => return Ok(s),
            Err(g) => g,
        };
        let text = format!("SELECT {SESSION_COLS} FROM sessions WHERE token = $1");
        let session: Session = with_db!(self, |p, pg| {
            let r: SessionRow = sqlx::query_as(sql(pg, &text))
                .bind(token)
                .fetch_one(p)
                .await?;
            r.into()
        });
        self.sessions.put(generation, &session);
        Ok(session)
    }

    /// One session by id.
    pub async fn get_session(&self, id: &str) -> StoreResult<Session> {
        let text = format!("SELECT {SESSION_COLS} FROM sessions WHERE id = $1");
        with_db!(self, |p, pg| {
            let r: SessionRow = sqlx::query_as(sql(pg, &text)).bind(id).fetch_one(p).await?;
            Ok(r.into())
        })
    }

    /// A user's sessions, newest activity first.
    pub async fn get_sessions(&self, user_id: &str) -> StoreResult<Vec<Session>> {
        let text = format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE userid = $1 ORDER BY lastactivityat DESC"
        );
        with_db!(self, |p, pg| {
            let rows: Vec<SessionRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(Session::from).collect())
        })
    }

    /// Deletes one session.
    pub async fn delete_session(&self, id: &str) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                let r = sqlx::query(sql(pg, "DELETE FROM sessions WHERE id = $1"))
                    .bind(id)
                    .execute(p)
                    .await?;
                if r.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.forget(id);
        result
    }

    /// Deletes every session of a user except `keep` (a session id, or empty).
    pub async fn delete_user_sessions(&self, user_id: &str, keep: &str) -> StoreResult<u64> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                let r = sqlx::query(sql(
                    pg,
                    "DELETE FROM sessions WHERE userid = $1 AND id <> $2",
                ))
                .bind(user_id)
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

    /// Deletes every session of every user.
    pub async fn delete_all_sessions(&self) -> StoreResult<u64> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                let r = sqlx::query(sql(pg, "DELETE FROM sessions"))
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

    /// Stamps activity and, when given, a new expiry.
    pub async fn touch_session(
        &self,
        id: &str,
        now: i64,
        expires_at: Option<i64>,
    ) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "UPDATE sessions SET lastactivityat = $2, expiresat = COALESCE($3, expiresat) WHERE id = $1",
            ))
            .bind(id)
            .bind(now)
            .bind(expires_at)
            .execute(p)
            .await?;
            Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.touched(id, now, expires_at);
        result
    }

    /// Attaches a mobile device id to a session (`PUT /users/sessions/device`).
    pub async fn set_session_device(
        &self,
        id: &str,
        device_id: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                sqlx::query(sql(
                    pg,
                    "UPDATE sessions SET deviceid = $2, expiresat = $3 WHERE id = $1",
                ))
                .bind(id)
                .bind(device_id)
                .bind(expires_at)
                .execute(p)
                .await?;
                Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.forget(id);
        result
    }

    /// Rewrites the cached roles of every session of a user.
    pub async fn update_sessions_roles(&self, user_id: &str, roles: &str) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                sqlx::query(sql(pg, "UPDATE sessions SET roles = $2 WHERE userid = $1"))
                    .bind(user_id)
                    .bind(roles)
                    .execute(p)
                    .await?;
                Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.clear();
        result
    }

    /// Inserts a personal access token.
    pub async fn save_access_token(&self, t: &UserAccessToken) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO useraccesstokens (id, token, userid, description, isactive) VALUES ($1, $2, $3, $4, $5)",
            ))
            .bind(&t.id)
            .bind(&t.token)
            .bind(&t.user_id)
            .bind(&t.description)
            .bind(t.is_active)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// One token by id.
    pub async fn get_access_token(&self, id: &str) -> StoreResult<UserAccessToken> {
        self.get_token_where("id = $1", id).await
    }

    /// One token by its secret.
    pub async fn get_access_token_by_token(&self, token: &str) -> StoreResult<UserAccessToken> {
        self.get_token_where("token = $1", token).await
    }

    async fn get_token_where(&self, cond: &str, arg: &str) -> StoreResult<UserAccessToken> {
        let text = format!(
            "SELECT id, token, userid, description, isactive FROM useraccesstokens WHERE {cond}"
        );
        with_db!(self, |p, pg| {
            let r: TokenRow = sqlx::query_as(sql(pg, &text))
                .bind(arg)
                .fetch_one(p)
                .await?;
            Ok(r.into())
        })
    }

    /// Tokens of one user, or of everyone when `user_id` is `None`; paged.
    pub async fn get_access_tokens(
        &self,
        user_id: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<UserAccessToken>> {
        let cond = if user_id.is_some() {
            "WHERE userid = $1"
        } else {
            ""
        };
        let text = format!(
            "SELECT id, token, userid, description, isactive FROM useraccesstokens {cond} ORDER BY id LIMIT {} OFFSET {}",
            limit.clamp(0, 1000),
            offset.max(0)
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, TokenRow>(s);
            if let Some(u) = user_id {
                q = q.bind(u.to_owned());
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(UserAccessToken::from)
                .collect())
        })
    }

    /// Enables or disables a token; disabling also ends the sessions it opened.
    pub async fn set_access_token_active(
        &self,
        id: &str,
        token: &str,
        active: bool,
    ) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                let mut tx = p.begin_write().await?;
                sqlx::query(sql(
                    pg,
                    "UPDATE useraccesstokens SET isactive = $2 WHERE id = $1",
                ))
                .bind(id)
                .bind(active)
                .execute(&mut *tx)
                .await?;
                if !active {
                    sqlx::query(sql(pg, "DELETE FROM sessions WHERE token = $1"))
                        .bind(token)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.clear();
        result
    }

    /// Deletes a token and the sessions it opened.
    pub async fn delete_access_token(&self, id: &str, token: &str) -> StoreResult<()> {
        let result: StoreResult<_> = async {
            with_db!(self, |p, pg| {
                let mut tx = p.begin_write().await?;
                sqlx::query(sql(pg, "DELETE FROM useraccesstokens WHERE id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(sql(pg, "DELETE FROM sessions WHERE token = $1"))
                    .bind(token)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            })
        }
        .await;
        // After the change: a lookup that read the old row meanwhile cannot keep it cached.
        self.sessions.clear();
        result
    }
}
