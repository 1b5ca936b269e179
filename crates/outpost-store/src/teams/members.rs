//! Team memberships: join (with the default channels), leave, roles, stats, unread counts.

use outpost_model::team::{TeamMember, TeamStats};
use outpost_model::user::StringMap;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

const MEMBER_COLS: &str = "tm.teamid, tm.userid, tm.roles, tm.deleteat, tm.schemeuser, tm.schemeadmin, \
     tm.schemeguest, tm.createat";

/// Inserts a team membership, or reactivates a deleted one with the given roles. Expands to an
/// `.await?` expression: use inside a `with_db!` body.
macro_rules! upsert_team_member {
    ($exec:expr, $pg:expr, $m:expr) => {{
        let m: &outpost_model::team::TeamMember = $m;
        sqlx::query($crate::sql(
            $pg,
            "INSERT INTO teammembers (teamid, userid, roles, deleteat, schemeuser, schemeadmin, \
             schemeguest, createat) VALUES ($1, $2, $3, 0, $4, $5, $6, $7) \
             ON CONFLICT (teamid, userid) DO UPDATE SET deleteat = 0, roles = excluded.roles, \
             schemeuser = excluded.schemeuser, schemeadmin = excluded.schemeadmin, \
             schemeguest = excluded.schemeguest WHERE teammembers.deleteat <> 0",
        ))
        .bind(&m.team_id)
        .bind(&m.user_id)
        .bind(&m.explicit_roles)
        .bind(m.scheme_user)
        .bind(m.scheme_admin)
        .bind(m.scheme_guest)
        .bind(m.create_at)
        .execute($exec)
        .await?
    }};
}
pub(crate) use upsert_team_member;

#[derive(FromRow)]
struct MemberRow {
    teamid: String,
    userid: String,
    roles: Option<String>,
    deleteat: Option<i64>,
    schemeuser: Option<bool>,
    schemeadmin: Option<bool>,
    schemeguest: Option<bool>,
    createat: Option<i64>,
}

impl From<MemberRow> for TeamMember {
    fn from(r: MemberRow) -> Self {
        let explicit = r.roles.unwrap_or_default();
        let (guest, user, admin) = (
            r.schemeguest.unwrap_or_default(),
            r.schemeuser.unwrap_or_default(),
            r.schemeadmin.unwrap_or_default(),
        );
        TeamMember {
            roles: crate::scheme_roles("team", &explicit, guest, user, admin),
            team_id: r.teamid,
            user_id: r.userid,
            delete_at: r.deleteat.unwrap_or_default(),
            scheme_guest: guest,
            scheme_user: user,
            scheme_admin: admin,
            explicit_roles: explicit,
            create_at: r.createat.unwrap_or_default(),
        }
    }
}

/// Unread counts of one team for one user (`GET /users/{uid}/teams/unread`).
#[derive(Debug, Clone, Default, FromRow)]
pub struct TeamUnreadRow {
    pub team_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub msg_count_root: i64,
    pub mention_count_root: i64,
}

impl Store {
    /// Adds (or reactivates) a membership and joins the member to the team's channels named in
    /// `channel_names`, in one transaction. An active membership is left as it is.
    pub async fn join_team(
        &self,
        m: &TeamMember,
        channel_names: &[&str],
        notify_props: &StringMap,
        now: i64,
    ) -> StoreResult<()> {
        let _audience = self.audience_change();
        let props = serde_json::to_string(notify_props).unwrap_or_else(|_| "{}".to_owned());
        let text = format!(
            "INSERT INTO channelmembers (channelid, userid, roles, lastviewedat, msgcount, mentioncount, \
             notifyprops, lastupdateat, schemeuser, schemeadmin, schemeguest, mentioncountroot, \
             msgcountroot, urgentmentioncount) SELECT c.id, $1, '', 0, 0, 0, $2::jsonb, $3, $4, false, \
             $5, 0, 0, 0 FROM channels c WHERE c.teamid = $6 AND c.deleteat = 0 AND c.name IN {} \
             ON CONFLICT (channelid, userid) DO NOTHING",
            placeholders(7, channel_names.len().max(1))
        );
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            upsert_team_member!(&mut *tx, pg, m);
            if !channel_names.is_empty() {
                let mut q = sqlx::query(sql(pg, &text))
                    .bind(&m.user_id)
                    .bind(&props)
                    .bind(now)
                    .bind(!m.scheme_guest)
                    .bind(m.scheme_guest)
                    .bind(&m.team_id);
                for n in channel_names {
                    q = q.bind(*n);
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// One membership, active or not.
    pub async fn get_team_member(&self, team_id: &str, user_id: &str) -> StoreResult<TeamMember> {
        let text = format!(
            "SELECT {MEMBER_COLS} FROM teammembers tm WHERE tm.teamid = $1 AND tm.userid = $2"
        );
        with_db!(self, |p, pg| {
            let r: MemberRow = sqlx::query_as(sql(pg, &text))
                .bind(team_id)
                .bind(user_id)
                .fetch_one(p)
                .await?;
            Ok(r.into())
        })
    }

    /// A page of a team's active members, by user id.
    pub async fn get_team_members(
        &self,
        team_id: &str,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<TeamMember>> {
        let text = format!(
            "SELECT {MEMBER_COLS} FROM teammembers tm WHERE tm.teamid = $1 AND tm.deleteat = 0 \
             ORDER BY tm.userid LIMIT {} OFFSET {}",
            limit.clamp(0, 10_000),
            offset.max(0)
        );
        with_db!(self, |p, pg| {
            let rows: Vec<MemberRow> = sqlx::query_as(sql(pg, &text))
                .bind(team_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(TeamMember::from).collect())
        })
    }

    /// Active members of a team among `user_ids`.
    pub async fn get_team_members_by_ids(
        &self,
        team_id: &str,
        user_ids: &[String],
    ) -> StoreResult<Vec<TeamMember>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {MEMBER_COLS} FROM teammembers tm WHERE tm.teamid = $1 AND tm.deleteat = 0 \
             AND tm.userid IN {} ORDER BY tm.userid",
            placeholders(2, user_ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, MemberRow>(s).bind(team_id);
            for id in user_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(TeamMember::from)
                .collect())
        })
    }

    /// Every membership of a user, deleted ones included.
    pub async fn get_team_members_for_user(&self, user_id: &str) -> StoreResult<Vec<TeamMember>> {
        let text = format!(
            "SELECT {MEMBER_COLS} FROM teammembers tm WHERE tm.userid = $1 ORDER BY tm.teamid"
        );
        with_db!(self, |p, pg| {
            let rows: Vec<MemberRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(TeamMember::from).collect())
        })
    }

    /// Ends a membership (`delete_at = now`) and leaves every channel of the team, in one
    /// transaction. `NotFound` when there is no active membership.
    pub async fn remove_team_member(
        &self,
        team_id: &str,
        user_id: &str,
        now: i64,
    ) -> StoreResult<()> {
        let _audience = self.audience_change();
        const CLEANUP: &[&str] = &[
            "DELETE FROM channelmembers WHERE userid = $2 AND channelid IN (SELECT id FROM channels WHERE teamid = $1)",
            "DELETE FROM sidebarchannels WHERE userid = $2 AND categoryid IN (SELECT id FROM sidebarcategories WHERE teamid = $1 AND userid = $2)",
            "DELETE FROM sidebarcategories WHERE teamid = $1 AND userid = $2",
        ];
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "UPDATE teammembers SET deleteat = $3 WHERE teamid = $1 AND userid = $2 AND deleteat = 0",
            ))
            .bind(team_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            for s in CLEANUP {
                sqlx::query(sql(pg, s))
                    .bind(team_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Sets the explicit roles and scheme flags of an active membership.
    pub async fn update_team_member_roles(&self, m: &TeamMember) -> StoreResult<()> {
        // Membership roles are kept facts (see `crate::facts`).
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE teammembers SET roles = $3, schemeuser = $4, schemeadmin = $5, schemeguest = $6 \
                 WHERE teamid = $1 AND userid = $2 AND deleteat = 0",
            ))
            .bind(&m.team_id)
            .bind(&m.user_id)
            .bind(&m.explicit_roles)
            .bind(m.scheme_user)
            .bind(m.scheme_admin)
            .bind(m.scheme_guest)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Member counts: everyone with an active membership, and those whose account is active.
    pub async fn get_team_stats(&self, team_id: &str) -> StoreResult<TeamStats> {
        with_db!(self, |p, pg| {
            let (total, active): (i64, Option<i64>) = sqlx::query_as(sql(
                pg,
                "SELECT COUNT(*), SUM(CASE WHEN u.deleteat = 0 THEN 1 ELSE 0 END) FROM teammembers tm \
                 JOIN users u ON u.id = tm.userid WHERE tm.teamid = $1 AND tm.deleteat = 0",
            ))
            .bind(team_id)
            .fetch_one(p)
            .await?;
            Ok(TeamStats {
                team_id: team_id.to_owned(),
                total_member_count: total,
                active_member_count: active.unwrap_or_default(),
            })
        })
    }

    /// Unread message and mention counts per team over the user's undeleted channels.
    /// `team_id` restricts to one team; `exclude_team_id` leaves one out.
    pub async fn get_team_unreads(
        &self,
        user_id: &str,
        team_id: Option<&str>,
        exclude_team_id: Option<&str>,
    ) -> StoreResult<Vec<TeamUnreadRow>> {
        let text = "SELECT tm.teamid AS team_id, \
             CAST(COALESCE(SUM(x.msgs), 0) AS bigint) AS msg_count, \
             CAST(COALESCE(SUM(x.mentions), 0) AS bigint) AS mention_count, \
             CAST(COALESCE(SUM(x.msgs_root), 0) AS bigint) AS msg_count_root, \
             CAST(COALESCE(SUM(x.mentions_root), 0) AS bigint) AS mention_count_root \
             FROM teammembers tm JOIN teams t ON t.id = tm.teamid AND t.deleteat = 0 \
             LEFT JOIN (SELECT c.teamid, cm.userid, \
                 COALESCE(c.totalmsgcount, 0) - COALESCE(cm.msgcount, 0) AS msgs, \
                 COALESCE(cm.mentioncount, 0) AS mentions, \
                 COALESCE(c.totalmsgcountroot, 0) - COALESCE(cm.msgcountroot, 0) AS msgs_root, \
                 COALESCE(cm.mentioncountroot, 0) AS mentions_root \
                 FROM channelmembers cm JOIN channels c ON c.id = cm.channelid \
                 WHERE cm.userid = $1 AND c.deleteat = 0) x \
             ON x.teamid = tm.teamid AND x.userid = tm.userid \
             WHERE tm.userid = $1 AND tm.deleteat = 0 \
             AND ($2 = '' OR tm.teamid = $2) AND ($3 = '' OR tm.teamid <> $3) \
             GROUP BY tm.teamid ORDER BY tm.teamid";
        with_db!(self, |p, pg| {
            let rows: Vec<TeamUnreadRow> = sqlx::query_as(sql(pg, text))
                .bind(user_id)
                .bind(team_id.unwrap_or(""))
                .bind(exclude_team_id.unwrap_or(""))
                .fetch_all(p)
                .await?;
            Ok(rows)
        })
    }
}
