//! Statuses: one presence row per user.

use outpost_model::misc::Status;
use sqlx::FromRow;

use crate::{Store, StoreResult, placeholders, sql, with_db};

#[derive(FromRow)]
struct StatusRow {
    userid: String,
    status: Option<String>,
    manual: Option<bool>,
    lastactivityat: Option<i64>,
    dndendtime: Option<i64>,
    prevstatus: Option<String>,
}

impl From<StatusRow> for Status {
    fn from(r: StatusRow) -> Self {
        Status {
            user_id: r.userid,
            status: r.status.unwrap_or_default(),
            manual: r.manual.unwrap_or_default(),
            last_activity_at: r.lastactivityat.unwrap_or_default(),
            dnd_end_time: r.dndendtime.unwrap_or_default(),
            prev_status: r.prevstatus.unwrap_or_default(),
        }
    }
}

const COLS: &str = "userid, status, manual, lastactivityat, dndendtime, prevstatus";

impl Store {
    /// A user's stored status, if any.
    pub async fn get_status(&self, user_id: &str) -> StoreResult<Option<Status>> {
        let text = format!("SELECT {COLS} FROM status WHERE userid = $1");
        with_db!(self, |p, pg| {
            let row: Option<StatusRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .fetch_optional(p)
                .await?;
            Ok(row.map(Status::from))
        })
    }

    /// The stored statuses of these users (users without one are skipped).
    pub async fn get_statuses(&self, user_ids: &[String]) -> StoreResult<Vec<Status>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {COLS} FROM status WHERE userid IN {}",
            placeholders(1, user_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, StatusRow>(s);
            for id in user_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(Status::from)
                .collect())
        })
    }

    /// Inserts or replaces a user's status.
    pub async fn save_status(&self, s: &Status) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO status (userid, status, manual, lastactivityat, dndendtime, prevstatus) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (userid) DO UPDATE SET \
                 status = excluded.status, manual = excluded.manual, lastactivityat = excluded.lastactivityat, \
                 dndendtime = excluded.dndendtime, prevstatus = excluded.prevstatus",
            ))
            .bind(&s.user_id)
            .bind(&s.status)
            .bind(s.manual)
            .bind(s.last_activity_at)
            .bind(s.dnd_end_time)
            .bind(&s.prev_status)
            .execute(p)
            .await?;
            Ok(())
        })
    }
}
