//! Teams. Memberships live in [`members`].

mod members;

use outpost_model::channel::{Channel, ChannelMember};
use outpost_model::team::{Team, TeamMember};
use sqlx::FromRow;

pub use members::TeamUnreadRow;

use crate::WriteTx;
use crate::channels::{insert_channel, insert_channel_member};
use crate::{Store, StoreError, StoreResult, sql, with_db};

/// Team columns, aliased `t`.
const TEAM_COLS: &str = "t.id, t.createat, t.updateat, t.deleteat, t.displayname, t.name, \
     t.description, t.email, t.type::text AS type, t.companyname, t.alloweddomains, t.inviteid, \
     t.schemeid, t.allowopeninvite, t.lastteamiconupdate, t.groupconstrained, t.cloudlimitsarchived";

#[derive(FromRow)]
struct TeamRow {
    id: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    displayname: Option<String>,
    name: Option<String>,
    description: Option<String>,
    email: Option<String>,
    #[sqlx(rename = "type")]
    team_type: Option<String>,
    companyname: Option<String>,
    alloweddomains: Option<String>,
    inviteid: Option<String>,
    schemeid: Option<String>,
    allowopeninvite: Option<bool>,
    lastteamiconupdate: Option<i64>,
    groupconstrained: Option<bool>,
    cloudlimitsarchived: bool,
}

impl From<TeamRow> for Team {
    fn from(r: TeamRow) -> Self {
        Team {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            display_name: r.displayname.unwrap_or_default(),
            name: r.name.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            email: r.email.unwrap_or_default(),
            team_type: r.team_type.unwrap_or_default(),
            company_name: r.companyname.unwrap_or_default(),
            allowed_domains: r.alloweddomains.unwrap_or_default(),
            invite_id: r.inviteid.unwrap_or_default(),
            allow_open_invite: r.allowopeninvite.unwrap_or_default(),
            last_team_icon_update: r.lastteamiconupdate.unwrap_or_default(),
            scheme_id: r.schemeid.filter(|s| !s.is_empty()),
            group_constrained: r.groupconstrained,
            policy_id: None,
            cloud_limits_archived: r.cloudlimitsarchived,
        }
    }
}

/// Which teams a listing shows (`GET /teams`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamVisibility {
    /// Every team.
    All,
    /// Teams anyone may join (`allow_open_invite`).
    Open,
    /// Invite-only teams.
    Private,
}

/// Filters of a team listing.
#[derive(Debug, Clone, Copy)]
pub struct TeamQuery {
    pub visibility: TeamVisibility,
    pub include_deleted: bool,
    pub offset: i64,
    pub limit: i64,
}

impl TeamQuery {
    fn where_clause(&self) -> String {
        let mut conds = vec!["1 = 1"];
        if !self.include_deleted {
            conds.push("t.deleteat = 0");
        }
        match self.visibility {
            TeamVisibility::All => {}
            TeamVisibility::Open => conds.push("t.allowopeninvite = true"),
            TeamVisibility::Private => conds.push("t.allowopeninvite = false"),
        }
        conds.join(" AND ")
    }
}

/// A new team with its first member and default channels, written in one transaction.
pub struct TeamInsert<'a> {
    pub team: &'a Team,
    pub admin: &'a TeamMember,
    pub channels: &'a [Channel],
    pub channel_members: &'a [ChannelMember],
}

impl Store {
    /// Inserts a team, its creator's membership, its default channels and their memberships.
    pub async fn save_team(&self, new: TeamInsert<'_>) -> StoreResult<()> {
        let _audience = self.audience_change();
        let t = new.team;
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            sqlx::query(sql(
                pg,
                "INSERT INTO teams (id, createat, updateat, deleteat, displayname, name, description, \
                 email, type, companyname, alloweddomains, inviteid, schemeid, allowopeninvite, \
                 lastteamiconupdate, groupconstrained, cloudlimitsarchived) VALUES ($1, $2, $3, $4, $5, \
                 $6, $7, $8, $9::team_type, $10, $11, $12, $13, $14, $15, $16, $17)",
            ))
            .bind(&t.id)
            .bind(t.create_at)
            .bind(t.update_at)
            .bind(t.delete_at)
            .bind(&t.display_name)
            .bind(&t.name)
            .bind(&t.description)
            .bind(&t.email)
            .bind(&t.team_type)
            .bind(&t.company_name)
            .bind(&t.allowed_domains)
            .bind(&t.invite_id)
            .bind(t.scheme_id.as_deref().unwrap_or(""))
            .bind(t.allow_open_invite)
            .bind(t.last_team_icon_update)
            .bind(t.group_constrained)
            .bind(t.cloud_limits_archived)
            .execute(&mut *tx)
            .await?;
            members::upsert_team_member!(&mut *tx, pg, new.admin);
            for c in new.channels {
                insert_channel!(&mut *tx, pg, c);
            }
            for m in new.channel_members {
                insert_channel_member!(&mut *tx, pg, m);
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// One team by id (deleted ones included).
    pub async fn get_team(&self, id: &str) -> StoreResult<Team> {
        self.get_team_where("t.id = $1", id).await
    }

    /// One team by name.
    pub async fn get_team_by_name(&self, name: &str) -> StoreResult<Team> {
        self.get_team_where("t.name = $1", name).await
    }

    /// One team by invite id.
    pub async fn get_team_by_invite_id(&self, invite_id: &str) -> StoreResult<Team> {
        self.get_team_where("t.inviteid = $1 AND t.inviteid <> ''", invite_id)
            .await
    }

    async fn get_team_where(&self, cond: &str, arg: &str) -> StoreResult<Team> {
        let text = format!("SELECT {TEAM_COLS} FROM teams t WHERE {cond}");
        with_db!(self, |p, pg| {
            let row: TeamRow = sqlx::query_as(sql(pg, &text))
                .bind(arg)
                .fetch_one(p)
                .await?;
            Ok(row.into())
        })
    }

    /// A page of teams, by display name.
    pub async fn get_teams(&self, q: TeamQuery) -> StoreResult<Vec<Team>> {
        let text = format!(
            "SELECT {TEAM_COLS} FROM teams t WHERE {} ORDER BY t.displayname, t.id LIMIT {} OFFSET {}",
            q.where_clause(),
            q.limit.clamp(0, 10_000),
            q.offset.max(0)
        );
        with_db!(self, |p, pg| {
            let rows: Vec<TeamRow> = sqlx::query_as(sql(pg, &text)).fetch_all(p).await?;
            Ok(rows.into_iter().map(Team::from).collect())
        })
    }

    /// How many teams a listing has in all pages.
    pub async fn count_teams(&self, q: TeamQuery) -> StoreResult<i64> {
        let text = format!("SELECT COUNT(*) FROM teams t WHERE {}", q.where_clause());
        with_db!(self, |p, pg| {
            let n: i64 = sqlx::query_scalar(sql(pg, &text)).fetch_one(p).await?;
            Ok(n)
        })
    }

    /// The undeleted teams a user is an active member of, by display name.
    pub async fn get_teams_for_user(&self, user_id: &str) -> StoreResult<Vec<Team>> {
        let text = format!(
            "SELECT {TEAM_COLS} FROM teams t JOIN teammembers tm ON tm.teamid = t.id \
             WHERE tm.userid = $1 AND tm.deleteat = 0 AND t.deleteat = 0 ORDER BY t.displayname, t.id"
        );
        with_db!(self, |p, pg| {
            let rows: Vec<TeamRow> = sqlx::query_as(sql(pg, &text))
                .bind(user_id)
                .fetch_all(p)
                .await?;
            Ok(rows.into_iter().map(Team::from).collect())
        })
    }

    /// Writes every editable field of a team (names, settings, invite id, `delete_at`).
    pub async fn update_team(&self, t: &Team) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE teams SET updateat = $2, deleteat = $3, displayname = $4, name = $5, \
                 description = $6, email = $7, type = $8::team_type, companyname = $9, \
                 alloweddomains = $10, inviteid = $11, allowopeninvite = $12, \
                 lastteamiconupdate = $13, groupconstrained = $14 WHERE id = $1",
            ))
            .bind(&t.id)
            .bind(t.update_at)
            .bind(t.delete_at)
            .bind(&t.display_name)
            .bind(&t.name)
            .bind(&t.description)
            .bind(&t.email)
            .bind(&t.team_type)
            .bind(&t.company_name)
            .bind(&t.allowed_domains)
            .bind(&t.invite_id)
            .bind(t.allow_open_invite)
            .bind(t.last_team_icon_update)
            .bind(t.group_constrained)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Deletes a team for good with its channels, memberships and sidebar rows.
    pub async fn permanent_delete_team(&self, team_id: &str) -> StoreResult<()> {
        let _audience = self.audience_change();
        const STATEMENTS: &[&str] = &[
            "DELETE FROM sidebarchannels WHERE categoryid IN (SELECT id FROM sidebarcategories WHERE teamid = $1)",
            "DELETE FROM sidebarcategories WHERE teamid = $1",
            "DELETE FROM channelmembers WHERE channelid IN (SELECT id FROM channels WHERE teamid = $1)",
            "DELETE FROM channels WHERE teamid = $1",
            "DELETE FROM teammembers WHERE teamid = $1",
            "DELETE FROM teams WHERE id = $1",
        ];
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for s in STATEMENTS {
                sqlx::query(sql(pg, s))
                    .bind(team_id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }
}
