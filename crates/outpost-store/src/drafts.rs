//! Server-synced drafts: one row per `(user, channel, root)`, replaced on every save and deleted,
//! not marked, when sent or discarded.

use std::collections::BTreeMap;

use outpost_model::draft::Draft;
use serde_json::Value;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

#[derive(FromRow)]
pub(crate) struct DraftRow {
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    userid: String,
    channelid: String,
    rootid: String,
    message: Option<String>,
    props: Option<String>,
    fileids: Option<String>,
    priority: Option<String>,
}

impl DraftRow {
    /// A row of [`COLS`] read by SQLite's writer thread ([`crate::lite`]).
    pub(crate) fn from_lite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            createat: row.get("createat")?,
            updateat: row.get("updateat")?,
            deleteat: row.get("deleteat")?,
            userid: row.get("userid")?,
            channelid: row.get("channelid")?,
            rootid: row.get("rootid")?,
            message: row.get("message")?,
            props: row.get("props")?,
            fileids: row.get("fileids")?,
            priority: row.get("priority")?,
        })
    }
}

/// A JSON column that may hold `null`, nothing or (written by someone else) garbage.
fn parse_or_default<T: serde::de::DeserializeOwned + Default>(text: Option<&str>) -> T {
    text.and_then(|t| serde_json::from_str::<Option<T>>(t).ok().flatten())
        .unwrap_or_default()
}

/// Deletes one draft, returning it; the arguments name the placeholders of its user, channel
/// and root (`"$1", "$2", "$3"` on its own).
pub(crate) fn delete_sql(user: &str, channel: &str, root: &str) -> String {
    format!(
        "DELETE FROM drafts WHERE userid = {user} AND channelid = {channel} AND rootid = {root} RETURNING {COLS}"
    )
}

impl From<DraftRow> for Draft {
    fn from(r: DraftRow) -> Self {
        Draft {
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            user_id: r.userid,
            channel_id: r.channelid,
            root_id: r.rootid,
            message: r.message.unwrap_or_default(),
            props: parse_or_default::<BTreeMap<String, Value>>(r.props.as_deref()),
            file_ids: parse_or_default::<Vec<String>>(r.fileids.as_deref()),
            metadata: None,
            priority: parse_or_default::<BTreeMap<String, Value>>(r.priority.as_deref()),
        }
    }
}

pub(crate) const COLS: &str =
    "createat, updateat, deleteat, userid, channelid, rootid, message, props, fileids, priority";

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl Store {
    /// Saves a draft, replacing the one of the same user, channel and root (whose `createat` is
    /// kept); returns the stored row.
    pub async fn upsert_draft(&self, d: &Draft) -> StoreResult<Draft> {
        let text = format!(
            "INSERT INTO drafts ({COLS}, type) VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, '') \
             ON CONFLICT (userid, channelid, rootid) DO UPDATE SET updateat = excluded.updateat, \
             message = excluded.message, props = excluded.props, fileids = excluded.fileids, \
             priority = excluded.priority, deleteat = 0 RETURNING {COLS}"
        );
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let row: DraftRow = sqlx::query_as(sql(pg, &text))
                .bind(d.create_at)
                .bind(d.update_at)
                .bind(&d.user_id)
                .bind(&d.channel_id)
                .bind(&d.root_id)
                .bind(&d.message)
                .bind(json(&d.props))
                .bind(json(&d.file_ids))
                .bind(json(&d.priority))
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(row.into())
        })
    }

    /// One draft; [`StoreError::NotFound`] when there is none.
    pub async fn get_draft(
        &self,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) -> StoreResult<Draft> {
        let text = format!(
            "SELECT {COLS} FROM drafts WHERE userid = $1 AND channelid = $2 AND rootid = $3 \
             AND deleteat = 0"
        );
        with_db!(self, |p, pg| {
            let row: DraftRow = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(channel_id)
                .bind(root_id)
                .fetch_one(p)
                .await?;
            Ok(row.into())
        })
    }

    /// The user's drafts in the channels they belong to of one team, and in their direct and
    /// group messages; the latest first.
    pub async fn get_drafts_for_user(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> StoreResult<Vec<Draft>> {
        let cols = COLS
            .split(", ")
            .map(|c| format!("d.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "SELECT {cols} FROM drafts d \
             JOIN channelmembers cm ON cm.channelid = d.channelid AND cm.userid = d.userid \
             JOIN channels c ON c.id = d.channelid \
             WHERE d.userid = $1 AND d.deleteat = 0 AND (c.teamid = $2 OR c.teamid = '') \
             ORDER BY d.updateat DESC"
        );
        with_db!(self, |p, pg| {
            let rows: Vec<DraftRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(team_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(Draft::from).collect())
        })
    }

    /// Deletes one draft; returns it, or `None` when there was none.
    pub async fn delete_draft(
        &self,
        user_id: &str,
        channel_id: &str,
        root_id: &str,
    ) -> StoreResult<Option<Draft>> {
        let text = delete_sql("$1", "$2", "$3");
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let row: Option<DraftRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(channel_id)
                .bind(root_id)
                .fetch_optional(&mut *tx)
                .await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(row.map(Draft::from))
        })
    }

    /// Deletes every user's drafts of replies to a thread (its root post was deleted).
    pub async fn delete_thread_drafts(&self, channel_id: &str, root_id: &str) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            sqlx::query(sql(
                pg,
                "DELETE FROM drafts WHERE channelid = $1 AND rootid = $2",
            ))
            .bind(channel_id)
            .bind(root_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }
}
