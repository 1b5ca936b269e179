//! The Systems key/value table and the database-backed configuration (`Configurations`).

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

impl Store {
    /// A value of the Systems table.
    pub async fn get_system(&self, name: &str) -> StoreResult<Option<String>> {
        with_db!(self, |p, pg| {
            let v: Option<Option<String>> =
                sqlx::query_scalar(sql(pg, "SELECT value FROM systems WHERE name = $1"))
                    .bind(name)
                    .fetch_optional(p)
                    .await?;
            Ok(v.flatten())
        })
    }

    /// Inserts or replaces a value of the Systems table.
    pub async fn save_system(&self, name: &str, value: &str) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO systems (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            ))
            .bind(name)
            .bind(value)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// The active configuration document, if one was saved.
    pub async fn get_active_config(&self) -> StoreResult<Option<String>> {
        with_db!(self, |p, pg| {
            let v: Option<String> = sqlx::query_scalar(sql(
                pg,
                "SELECT value FROM configurations WHERE active = true",
            ))
            .fetch_optional(p)
            .await?;
            Ok(v)
        })
    }

    /// Saves a new configuration document and makes it the active one.
    pub async fn save_config(&self, id: &str, value: &str, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            sqlx::query(sql(
                pg,
                "UPDATE configurations SET active = NULL WHERE active = true",
            ))
            .execute(&mut *tx)
            .await?;
            sqlx::query(sql(
                pg,
                "INSERT INTO configurations (id, value, createat, active) VALUES ($1, $2, $3, true)",
            ))
            .bind(id)
            .bind(value)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }
}
