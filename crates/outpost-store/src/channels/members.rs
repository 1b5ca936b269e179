//! Channel memberships: add, remove, roles, notify props, viewing.

use std::collections::BTreeMap;

use outpost_model::channel::ChannelMember;
use outpost_model::user::StringMap;
use sqlx::FromRow;

use super::insert_channel_member;
use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

const MEMBER_COLS: &str = "cm.channelid, cm.userid, cm.roles, cm.lastviewedat, cm.msgcount, \
     cm.mentioncount, cm.notifyprops::text AS notifyprops, cm.lastupdateat, cm.schemeuser, \
     cm.schemeadmin, cm.schemeguest, cm.mentioncountroot, cm.msgcountroot, cm.urgentmentioncount";

#[derive(FromRow)]
struct MemberRow {
    channelid: String,
    userid: String,
    roles: Option<String>,
    lastviewedat: Option<i64>,
    msgcount: Option<i64>,
    mentioncount: Option<i64>,
    notifyprops: Option<String>,
    lastupdateat: Option<i64>,
    schemeuser: Option<bool>,
    schemeadmin: Option<bool>,
    schemeguest: Option<bool>,
    mentioncountroot: Option<i64>,
    msgcountroot: Option<i64>,
    urgentmentioncount: Option<i64>,
}

impl From<MemberRow> for ChannelMember {
    fn from(r: MemberRow) -> Self {
        let explicit = r.roles.unwrap_or_default();
        let (guest, user, admin) = (
            r.schemeguest.unwrap_or_default(),
            r.schemeuser.unwrap_or_default(),
            r.schemeadmin.unwrap_or_default(),
        );
        ChannelMember {
            roles: crate::scheme_roles("channel", &explicit, guest, user, admin),
            channel_id: r.channelid,
            user_id: r.userid,
            last_viewed_at: r.lastviewedat.unwrap_or_default(),
            msg_count: r.msgcount.unwrap_or_default(),
            mention_count: r.mentioncount.unwrap_or_default(),
            mention_count_root: r.mentioncountroot.unwrap_or_default(),
            urgent_mention_count: r.urgentmentioncount.unwrap_or_default(),
            msg_count_root: r.msgcountroot.unwrap_or_default(),
            notify_props: r
                .notifyprops
                .and_then(|s| serde_json::from_str::<StringMap>(&s).ok())
                .unwrap_or_default(),
            last_update_at: r.lastupdateat.unwrap_or_default(),
            scheme_guest: guest,
            scheme_user: user,
            scheme_admin: admin,
            explicit_roles: explicit,
        }
    }
}

impl Store {
    /// Adds memberships (existing ones are kept as they are), in one transaction.
    pub async fn save_channel_members(&self, members: &[ChannelMember]) -> StoreResult<()> {
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for m in members {
                insert_channel_member!(&mut *tx, pg, m);
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// One membership.
    pub async fn get_channel_member(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> StoreResult<ChannelMember> {
        let text = format!(
            "SELECT {MEMBER_COLS} FROM channelmembers cm WHERE cm.channelid = $1 AND cm.userid = $2"
        );
        with_db!(self, |p, pg| {
            let r: MemberRow = sqlx::query_as(sql(pg, &text))
                .bind(channel_id)
                .bind(user_id)
                .fetch_one(p)
                .await?;
            Ok(r.into())
        })
    }

    /// A page of a channel's members, by user id.
    pub async fn get_channel_members(
        &self,
        channel_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChannelMember>> {
        let text = format!(
            "SELECT {MEMBER_COLS} FROM channelmembers cm WHERE cm.channelid = $1 \
             ORDER BY cm.userid LIMIT {} OFFSET {}",
            limit.clamp(0, 10_000),
            offset.max(0)
        );
        with_db!(self, |p, pg| {
            let rows: Vec<MemberRow> = sqlx::query_as(sql(pg, &text))
                .bind(channel_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(ChannelMember::from).collect())
        })
    }

    /// Members of a channel among `user_ids`.
    pub async fn get_channel_members_by_ids(
        &self,
        channel_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<ChannelMember>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {MEMBER_COLS} FROM channelmembers cm WHERE cm.channelid = $1 AND cm.userid IN {} \
             ORDER BY cm.userid",
            placeholders(2, user_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, MemberRow>(s).bind(channel_id);
            for id in user_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(ChannelMember::from)
                .collect())
        })
    }

    /// A user's memberships in one team's channels plus DMs and GMs, or everywhere (`team_id` `None`).
    pub async fn get_channel_members_for_user(
        &self,
        user_id: &str,
        team_id: Option<&str>,
    ) -> StoreResult<Vec<ChannelMember>> {
        let text = format!(
            "SELECT {MEMBER_COLS} FROM channelmembers cm JOIN channels c ON c.id = cm.channelid \
             WHERE cm.userid = $1 AND ($2 = '' OR c.teamid = $2 OR c.teamid = '') ORDER BY cm.channelid"
        );
        with_db!(self, |p, pg| {
            let rows: Vec<MemberRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .bind(team_id.unwrap_or(""))
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(ChannelMember::from).collect())
        })
    }

    /// Removes a membership and its sidebar placement. `NotFound` when there is none.
    pub async fn delete_channel_member(&self, channel_id: &str, user_id: &str) -> StoreResult<()> {
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "DELETE FROM channelmembers WHERE channelid = $1 AND userid = $2",
            ))
            .bind(channel_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(sql(
                pg,
                "DELETE FROM sidebarchannels WHERE channelid = $1 AND userid = $2",
            ))
            .bind(channel_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Sets the explicit roles and scheme flags of a membership.
    pub async fn update_channel_member_roles(
        &self,
        m: &ChannelMember,
        now: i64,
    ) -> StoreResult<()> {
        // Membership roles are kept facts (see `crate::facts`).
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE channelmembers SET roles = $3, schemeuser = $4, schemeadmin = $5, \
                 schemeguest = $6, lastupdateat = $7 WHERE channelid = $1 AND userid = $2",
            ))
            .bind(&m.channel_id)
            .bind(&m.user_id)
            .bind(&m.explicit_roles)
            .bind(m.scheme_user)
            .bind(m.scheme_admin)
            .bind(m.scheme_guest)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Replaces the notify props of a membership.
    pub async fn update_channel_member_notify_props(
        &self,
        channel_id: &str,
        user_id: &str,
        props: &StringMap,
        now: i64,
    ) -> StoreResult<()> {
        let _audience = self.audience_change();
        let json = serde_json::to_string(props).unwrap_or_else(|_| "{}".to_owned());
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE channelmembers SET notifyprops = $3::jsonb, lastupdateat = $4 \
                 WHERE channelid = $1 AND userid = $2",
            ))
            .bind(channel_id)
            .bind(user_id)
            .bind(json)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Marks channels read for a user: `last_viewed_at = now`, message counts caught up with the
    /// channel, mentions cleared. Returns the channels that were updated (the user's memberships).
    pub async fn view_channels(
        &self,
        user_id: &str,
        channel_ids: &[String],
        now: i64,
    ) -> StoreResult<BTreeMap<String, i64>> {
        let mut out = BTreeMap::new();
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for id in channel_ids {
                let r = sqlx::query(sql(
                    pg,
                    "UPDATE channelmembers SET lastviewedat = $3, lastupdateat = $3, mentioncount = 0, \
                     mentioncountroot = 0, urgentmentioncount = 0, \
                     msgcount = (SELECT COALESCE(totalmsgcount, 0) FROM channels WHERE id = $2), \
                     msgcountroot = (SELECT COALESCE(totalmsgcountroot, 0) FROM channels WHERE id = $2) \
                     WHERE userid = $1 AND channelid = $2",
                ))
                .bind(user_id)
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if r.rows_affected() > 0 {
                    out.insert(id.clone(), now);
                }
            }
            tx.commit().await.map_err(StoreError::from)
        })?;
        Ok(out)
    }
}
