//! Sidebar categories and the channels placed in them, per user and team.

use outpost_model::channel::SidebarCategory;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

#[derive(FromRow)]
struct CategoryRow {
    id: String,
    userid: Option<String>,
    teamid: Option<String>,
    sortorder: Option<i64>,
    sorting: Option<String>,
    #[sqlx(rename = "type")]
    category_type: Option<String>,
    displayname: Option<String>,
    muted: Option<bool>,
    collapsed: Option<bool>,
}

impl From<CategoryRow> for SidebarCategory {
    fn from(r: CategoryRow) -> Self {
        SidebarCategory {
            id: r.id,
            user_id: r.userid.unwrap_or_default(),
            team_id: r.teamid.unwrap_or_default(),
            sort_order: r.sortorder.unwrap_or_default(),
            sorting: r.sorting.unwrap_or_default(),
            category_type: r.category_type.unwrap_or_default(),
            display_name: r.displayname.unwrap_or_default(),
            muted: r.muted.unwrap_or_default(),
            collapsed: r.collapsed.unwrap_or_default(),
            channel_ids: Vec::new(),
        }
    }
}

impl Store {
    /// A user's categories in a team, by sort order, each with its placed channels in order.
    pub async fn get_sidebar_categories(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<Vec<SidebarCategory>> {
        with_db!(self, |p, pg| {
            let rows: Vec<CategoryRow> = sqlx::query_as(sql(
                pg,
                "SELECT id, userid, teamid, sortorder, sorting, type, displayname, muted, collapsed \
                 FROM sidebarcategories WHERE userid = $1 AND teamid = $2 ORDER BY sortorder, id",
            ))
            .bind(user_id)
            .bind(team_id)
            .fetch_all(p)
            .await?;
            let placed: Vec<(String, String)> = sqlx::query_as(sql(
                pg,
                "SELECT sc.categoryid, sc.channelid FROM sidebarchannels sc JOIN sidebarcategories c \
                 ON c.id = sc.categoryid WHERE c.userid = $1 AND c.teamid = $2 \
                 ORDER BY sc.sortorder, sc.channelid",
            ))
            .bind(user_id)
            .bind(team_id)
            .fetch_all(p)
            .await?;
            let mut cats: Vec<SidebarCategory> =
                rows.into_iter().map(SidebarCategory::from).collect();
            for (cat, channel) in placed {
                if let Some(c) = cats.iter_mut().find(|c| c.id == cat) {
                    c.channel_ids.push(channel);
                }
            }
            Ok(cats)
        })
    }

    /// Inserts categories (existing ids are left alone) with their channels, in one transaction.
    pub async fn save_sidebar_categories(&self, cats: &[SidebarCategory]) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for c in cats {
                let r = sqlx::query(sql(
                    pg,
                    "INSERT INTO sidebarcategories (id, userid, teamid, sortorder, sorting, type, \
                     displayname, muted, collapsed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (id) DO NOTHING",
                ))
                .bind(&c.id)
                .bind(&c.user_id)
                .bind(&c.team_id)
                .bind(c.sort_order)
                .bind(&c.sorting)
                .bind(&c.category_type)
                .bind(&c.display_name)
                .bind(c.muted)
                .bind(c.collapsed)
                .execute(&mut *tx)
                .await?;
                if r.rows_affected() == 0 {
                    continue;
                }
                for (i, ch) in c.channel_ids.iter().enumerate() {
                    sqlx::query(sql(
                        pg,
                        "INSERT INTO sidebarchannels (channelid, userid, categoryid, sortorder) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    ))
                    .bind(ch)
                    .bind(&c.user_id)
                    .bind(&c.id)
                    .bind(i64::try_from(i).unwrap_or(0) * 10)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Rewrites categories: their fields and channel lists (a channel moved into one category
    /// leaves the user's other categories of the team), in one transaction.
    pub async fn update_sidebar_categories(&self, cats: &[SidebarCategory]) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for c in cats {
                let r = sqlx::query(sql(
                    pg,
                    "UPDATE sidebarcategories SET displayname = $2, sorting = $3, muted = $4, \
                     collapsed = $5 WHERE id = $1 AND userid = $6 AND teamid = $7",
                ))
                .bind(&c.id)
                .bind(&c.display_name)
                .bind(&c.sorting)
                .bind(c.muted)
                .bind(c.collapsed)
                .bind(&c.user_id)
                .bind(&c.team_id)
                .execute(&mut *tx)
                .await?;
                if r.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query(sql(pg, "DELETE FROM sidebarchannels WHERE categoryid = $1"))
                    .bind(&c.id)
                    .execute(&mut *tx)
                    .await?;
                for (i, ch) in c.channel_ids.iter().enumerate() {
                    sqlx::query(sql(
                        pg,
                        "DELETE FROM sidebarchannels WHERE channelid = $1 AND userid = $2 AND categoryid \
                         IN (SELECT id FROM sidebarcategories WHERE userid = $2 AND teamid = $3)",
                    ))
                    .bind(ch)
                    .bind(&c.user_id)
                    .bind(&c.team_id)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(sql(
                        pg,
                        "INSERT INTO sidebarchannels (channelid, userid, categoryid, sortorder) \
                         VALUES ($1, $2, $3, $4)",
                    ))
                    .bind(ch)
                    .bind(&c.user_id)
                    .bind(&c.id)
                    .bind(i64::try_from(i).unwrap_or(0) * 10)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Sets the order of a user's categories in a team (`sortorder` 0, 10, 20, …).
    pub async fn update_sidebar_category_order(
        &self,
        user_id: &str,
        team_id: &str,
        ids: &[String],
    ) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for (i, id) in ids.iter().enumerate() {
                sqlx::query(sql(
                    pg,
                    "UPDATE sidebarcategories SET sortorder = $4 WHERE id = $1 AND userid = $2 AND teamid = $3",
                ))
                .bind(id)
                .bind(user_id)
                .bind(team_id)
                .bind(i64::try_from(i).unwrap_or(0) * 10)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Deletes a category and its channel placements.
    pub async fn delete_sidebar_category(&self, id: &str) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            sqlx::query(sql(pg, "DELETE FROM sidebarchannels WHERE categoryid = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let r = sqlx::query(sql(pg, "DELETE FROM sidebarcategories WHERE id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }
}
