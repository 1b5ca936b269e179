//! Preferences: `(user, category, name) → value` rows.

use outpost_model::misc::Preference;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

#[derive(FromRow)]
struct PreferenceRow {
    userid: String,
    category: String,
    name: String,
    value: Option<String>,
}

impl From<PreferenceRow> for Preference {
    fn from(r: PreferenceRow) -> Self {
        Preference {
            user_id: r.userid,
            category: r.category,
            name: r.name,
            value: r.value.unwrap_or_default(),
        }
    }
}

const COLS: &str = "userid, category, name, value";

impl Store {
    /// Every preference of a user, by category then name.
    pub async fn get_preferences(&self, user_id: &str) -> StoreResult<Vec<Preference>> {
        let text =
            format!("SELECT {COLS} FROM preferences WHERE userid = $1 ORDER BY category, name");
        with_db!(self, |p, pg| {
            let rows: Vec<PreferenceRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(Preference::from).collect())
        })
    }

    /// The preferences of one category, by name.
    pub async fn get_preferences_by_category(
        &self,
        user_id: &str,
        category: &str,
    ) -> StoreResult<Vec<Preference>> {
        let text = format!(
            "SELECT {COLS} FROM preferences WHERE userid = $1 AND category = $2 ORDER BY name"
        );
        with_db!(self, |p, pg| {
            let rows: Vec<PreferenceRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(category)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(Preference::from).collect())
        })
    }

    /// One preference; [`StoreError::NotFound`] when unset.
    pub async fn get_preference(
        &self,
        user_id: &str,
        category: &str,
        name: &str,
    ) -> StoreResult<Preference> {
        let text = format!(
            "SELECT {COLS} FROM preferences WHERE userid = $1 AND category = $2 AND name = $3"
        );
        with_db!(self, |p, pg| {
            let row: PreferenceRow = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(category)
                .bind(name)
                .fetch_one(p)
                .await?;
            Ok(row.into())
        })
    }

    /// Inserts or replaces preferences, all or none.
    pub async fn save_preferences(&self, prefs: &[Preference]) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for pref in prefs {
                sqlx::query(sql(
                    pg,
                    "INSERT INTO preferences (userid, category, name, value) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (userid, category, name) DO UPDATE SET value = excluded.value",
                ))
                .bind(&pref.user_id)
                .bind(&pref.category)
                .bind(&pref.name)
                .bind(&pref.value)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Deletes a user's preferences by `(category, name)`, all or none. Missing ones are ignored.
    pub async fn delete_preferences(
        &self,
        user_id: &str,
        keys: &[(String, String)],
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for (category, name) in keys {
                sqlx::query(sql(
                    pg,
                    "DELETE FROM preferences WHERE userid = $1 AND category = $2 AND name = $3",
                ))
                .bind(user_id)
                .bind(category)
                .bind(name)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }
}
