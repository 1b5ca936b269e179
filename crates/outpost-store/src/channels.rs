//! Channels. Memberships live in [`members`].

mod members;

use outpost_model::channel::{Channel, ChannelMember, ChannelStats};
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, placeholders, sql, with_db};

/// Channel columns, aliased `c`.
pub(crate) const CHANNEL_COLS: &str = "c.id, c.createat, c.updateat, c.deleteat, c.teamid, \
     c.type::text AS type, c.displayname, c.name, c.header, c.purpose, c.lastpostat, c.totalmsgcount, \
     c.extraupdateat, c.creatorid, c.schemeid, c.groupconstrained, c.shared, c.totalmsgcountroot, \
     c.lastrootpostat, c.bannerinfo::text AS bannerinfo, c.defaultcategoryname, c.autotranslation";

/// Inserts a channel. Expands to an `.await?` expression: use inside a `with_db!` body.
macro_rules! insert_channel {
    ($exec:expr, $pg:expr, $c:expr) => {{
        let c: &outpost_model::channel::Channel = $c;
        sqlx::query($crate::sql(
            $pg,
            "INSERT INTO channels (id, createat, updateat, deleteat, teamid, type, displayname, name, \
             header, purpose, lastpostat, totalmsgcount, extraupdateat, creatorid, schemeid, \
             groupconstrained, shared, totalmsgcountroot, lastrootpostat, defaultcategoryname, \
             autotranslation) VALUES ($1, $2, $3, $4, $5, $6::channel_type, $7, $8, $9, $10, $11, $12, \
             $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        ))
        .bind(&c.id)
        .bind(c.create_at)
        .bind(c.update_at)
        .bind(c.delete_at)
        .bind(&c.team_id)
        .bind(&c.channel_type)
        .bind(&c.display_name)
        .bind(&c.name)
        .bind(&c.header)
        .bind(&c.purpose)
        .bind(c.last_post_at)
        .bind(c.total_msg_count)
        .bind(c.extra_update_at)
        .bind(&c.creator_id)
        .bind(c.scheme_id.as_deref().unwrap_or(""))
        .bind(c.group_constrained)
        .bind(c.shared)
        .bind(c.total_msg_count_root)
        .bind(c.last_root_post_at)
        .bind(&c.default_category_name)
        .bind(c.auto_translation)
        .execute($exec)
        .await?
    }};
}
pub(crate) use insert_channel;

/// Inserts a channel membership unless it exists. Expands to an `.await?` expression.
macro_rules! insert_channel_member {
    ($exec:expr, $pg:expr, $m:expr) => {{
        let m: &outpost_model::channel::ChannelMember = $m;
        sqlx::query($crate::sql(
            $pg,
            "INSERT INTO channelmembers (channelid, userid, roles, lastviewedat, msgcount, mentioncount, \
             notifyprops, lastupdateat, schemeuser, schemeadmin, schemeguest, mentioncountroot, \
             msgcountroot, urgentmentioncount) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, \
             $11, $12, $13, $14) ON CONFLICT (channelid, userid) DO NOTHING",
        ))
        .bind(&m.channel_id)
        .bind(&m.user_id)
        .bind(&m.explicit_roles)
        .bind(m.last_viewed_at)
        .bind(m.msg_count)
        .bind(m.mention_count)
        .bind(serde_json::to_string(&m.notify_props).unwrap_or_else(|_| "{}".to_owned()))
        .bind(m.last_update_at)
        .bind(m.scheme_user)
        .bind(m.scheme_admin)
        .bind(m.scheme_guest)
        .bind(m.mention_count_root)
        .bind(m.msg_count_root)
        .bind(m.urgent_mention_count)
        .execute($exec)
        .await?
    }};
}
pub(crate) use insert_channel_member;

#[derive(FromRow)]
pub(crate) struct ChannelRow {
    id: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    teamid: Option<String>,
    #[sqlx(rename = "type")]
    channel_type: Option<String>,
    displayname: Option<String>,
    name: Option<String>,
    header: Option<String>,
    purpose: Option<String>,
    lastpostat: Option<i64>,
    totalmsgcount: Option<i64>,
    extraupdateat: Option<i64>,
    creatorid: Option<String>,
    schemeid: Option<String>,
    groupconstrained: Option<bool>,
    shared: Option<bool>,
    totalmsgcountroot: Option<i64>,
    lastrootpostat: Option<i64>,
    bannerinfo: Option<String>,
    defaultcategoryname: String,
    autotranslation: bool,
}

impl From<ChannelRow> for Channel {
    fn from(r: ChannelRow) -> Self {
        Channel {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            team_id: r.teamid.unwrap_or_default(),
            channel_type: r.channel_type.unwrap_or_default(),
            display_name: r.displayname.unwrap_or_default(),
            name: r.name.unwrap_or_default(),
            header: r.header.unwrap_or_default(),
            purpose: r.purpose.unwrap_or_default(),
            last_post_at: r.lastpostat.unwrap_or_default(),
            total_msg_count: r.totalmsgcount.unwrap_or_default(),
            extra_update_at: r.extraupdateat.unwrap_or_default(),
            creator_id: r.creatorid.unwrap_or_default(),
            scheme_id: r.schemeid.filter(|s| !s.is_empty()),
            props: None,
            group_constrained: r.groupconstrained,
            shared: r.shared,
            total_msg_count_root: r.totalmsgcountroot.unwrap_or_default(),
            policy_id: None,
            last_root_post_at: r.lastrootpostat.unwrap_or_default(),
            auto_translation: r.autotranslation,
            banner_info: r.bannerinfo.and_then(|s| serde_json::from_str(&s).ok()),
            default_category_name: r.defaultcategoryname,
            ..Channel::default()
        }
    }
}

/// Which channels of a team a listing shows.
#[derive(Debug, Clone)]
pub enum ChannelListKind {
    /// Undeleted public channels.
    Public,
    /// Undeleted private channels.
    Private,
    /// Archived public channels, and archived private ones `user_id` is a member of.
    Deleted { user_id: String },
}

/// The channels of one user: in a team (plus DMs and GMs), or everywhere.
#[derive(Debug, Clone, Default)]
pub struct UserChannelsQuery {
    pub user_id: String,
    /// `None`: every team.
    pub team_id: Option<String>,
    pub include_deleted: bool,
    /// With `include_deleted`, only channels archived at or after this time (0 = all).
    pub last_delete_at: i64,
}

impl Store {
    /// Inserts a channel with its first members, in one transaction.
    pub async fn save_channel(&self, c: &Channel, members: &[ChannelMember]) -> StoreResult<()> {
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            insert_channel!(&mut *tx, pg, c);
            for m in members {
                insert_channel_member!(&mut *tx, pg, m);
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// One channel by id (archived ones included).
    pub async fn get_channel(&self, id: &str) -> StoreResult<Channel> {
        let text = format!("SELECT {CHANNEL_COLS} FROM channels c WHERE c.id = $1");
        with_db!(self, |p, pg| {
            let r: ChannelRow = sqlx::query_as(sql(pg, &text)).bind(id).fetch_one(p).await?;
            Ok(r.into())
        })
    }

    /// One channel by team and name (`team_id` empty for DMs and GMs).
    pub async fn get_channel_by_name(
        &self,
        team_id: &str,
        name: &str,
        include_deleted: bool,
    ) -> StoreResult<Channel> {
        let text = format!(
            "SELECT {CHANNEL_COLS} FROM channels c WHERE c.teamid = $1 AND c.name = $2{}",
            if include_deleted {
                ""
            } else {
                " AND c.deleteat = 0"
            }
        );
        with_db!(self, |p, pg| {
            let r: ChannelRow = sqlx::query_as(sql(pg, &text))
                .bind(team_id)
                .bind(name)
                .fetch_one(p)
                .await?;
            Ok(r.into())
        })
    }

    /// Channels by ids, in one team (missing ids skipped), by display name.
    pub async fn get_team_channels_by_ids(
        &self,
        team_id: &str,
        ids: &[String],
    ) -> StoreResult<Vec<Channel>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {CHANNEL_COLS} FROM channels c WHERE c.teamid = $1 AND c.id IN {} \
             ORDER BY c.displayname, c.id",
            placeholders(2, ids.len())
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, ChannelRow>(s).bind(team_id);
            for id in ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(Channel::from)
                .collect())
        })
    }

    /// A page of a team's channels of one kind, by display name.
    pub async fn get_team_channels(
        &self,
        team_id: &str,
        kind: &ChannelListKind,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<Channel>> {
        let cond = match kind {
            ChannelListKind::Public => "c.type = 'O' AND c.deleteat = 0",
            ChannelListKind::Private => "c.type = 'P' AND c.deleteat = 0",
            ChannelListKind::Deleted { .. } => {
                "c.deleteat > 0 AND (c.type = 'O' OR (c.type = 'P' AND EXISTS (SELECT 1 FROM \
                 channelmembers cm WHERE cm.channelid = c.id AND cm.userid = $2)))"
            }
        };
        let text = format!(
            "SELECT {CHANNEL_COLS} FROM channels c WHERE c.teamid = $1 AND {cond} \
             ORDER BY c.displayname, c.id LIMIT {} OFFSET {}",
            limit.clamp(0, 10_000),
            offset.max(0)
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, ChannelRow>(s).bind(team_id);
            if let ChannelListKind::Deleted { user_id } = kind {
                q = q.bind(user_id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(Channel::from)
                .collect())
        })
    }

    /// Undeleted public channels of a team whose name, display name or purpose contains `term`
    /// (case-insensitive for every letter, on both backends: see [`crate::Search`]).
    pub async fn search_team_channels(
        &self,
        team_id: &str,
        term: &str,
        limit: i64,
    ) -> StoreResult<Vec<Channel>> {
        let search = crate::Search::new(term, false);
        let limit = limit.clamp(0, 10_000);
        let text = format!(
            "SELECT {CHANNEL_COLS} FROM channels c WHERE c.teamid = $1 AND c.type = 'O' \
             AND c.deleteat = 0 AND (lower(c.name) LIKE $2 ESCAPE '\\' \
             OR lower(c.displayname) LIKE $2 ESCAPE '\\' OR lower(c.purpose) LIKE $2 ESCAPE '\\') \
             ORDER BY c.displayname, c.id LIMIT {}",
            if search.exact { limit } else { 10_000 }
        );
        with_db!(self, |p, pg| {
            let rows: Vec<ChannelRow> = sqlx::query_as(sql(pg, &text))
                .bind(team_id)
                .bind(&search.pattern)
                .fetch_all(p)
                .await?;
            Ok(rows
                .into_iter()
                .map(Channel::from)
                .filter(|c| {
                    search.matches([c.name.as_str(), c.display_name.as_str(), c.purpose.as_str()])
                })
                .take(usize::try_from(limit).unwrap_or(0))
                .collect())
        })
    }

    /// The channels a user is a member of, by display name.
    pub async fn get_channels_for_user(&self, q: &UserChannelsQuery) -> StoreResult<Vec<Channel>> {
        let mut conds = vec!["cm.userid = $1".to_owned()];
        if q.team_id.is_some() {
            conds.push("(c.teamid = $2 OR c.teamid = '')".to_owned());
        }
        if !q.include_deleted {
            conds.push("c.deleteat = 0".to_owned());
        } else if q.last_delete_at > 0 {
            conds.push(format!(
                "(c.deleteat = 0 OR c.deleteat >= {})",
                q.last_delete_at
            ));
        }
        let text = format!(
            "SELECT {CHANNEL_COLS} FROM channels c JOIN channelmembers cm ON cm.channelid = c.id \
             WHERE {} ORDER BY c.displayname, c.id",
            conds.join(" AND ")
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut query = sqlx::query_as::<_, ChannelRow>(s).bind(&q.user_id);
            if let Some(t) = &q.team_id {
                query = query.bind(t);
            }
            Ok(query
                .fetch_all(p)
                .await?
                .into_iter()
                .map(Channel::from)
                .collect())
        })
    }

    /// Writes the editable fields of a channel (names, texts, type, `delete_at`).
    pub async fn update_channel(&self, c: &Channel) -> StoreResult<()> {
        // A channel's name, type, team and deletion are kept facts (see `crate::facts`).
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE channels SET updateat = $2, deleteat = $3, type = $4::channel_type, \
                 displayname = $5, name = $6, header = $7, purpose = $8, groupconstrained = $9, \
                 defaultcategoryname = $10, autotranslation = $11 WHERE id = $1",
            ))
            .bind(&c.id)
            .bind(c.update_at)
            .bind(c.delete_at)
            .bind(&c.channel_type)
            .bind(&c.display_name)
            .bind(&c.name)
            .bind(&c.header)
            .bind(&c.purpose)
            .bind(c.group_constrained)
            .bind(&c.default_category_name)
            .bind(c.auto_translation)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Deletes a channel for good with its memberships and sidebar placements.
    pub async fn permanent_delete_channel(&self, id: &str) -> StoreResult<()> {
        let _audience = self.audience_change();
        const STATEMENTS: &[&str] = &[
            "DELETE FROM sidebarchannels WHERE channelid = $1",
            "DELETE FROM channelmembers WHERE channelid = $1",
            "DELETE FROM channels WHERE id = $1",
        ];
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            for s in STATEMENTS {
                sqlx::query(sql(pg, s)).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Active member and guest counts of a channel (posts and files are counted elsewhere).
    pub async fn get_channel_stats(&self, channel_id: &str) -> StoreResult<ChannelStats> {
        with_db!(self, |p, pg| {
            let (members, guests): (i64, Option<i64>) = sqlx::query_as(sql(
                pg,
                "SELECT COUNT(*), SUM(CASE WHEN cm.schemeguest THEN 1 ELSE 0 END) FROM channelmembers cm \
                 JOIN users u ON u.id = cm.userid WHERE cm.channelid = $1 AND u.deleteat = 0",
            ))
            .bind(channel_id)
            .fetch_one(p)
            .await?;
            Ok(ChannelStats {
                channel_id: channel_id.to_owned(),
                member_count: members,
                guest_count: guests.unwrap_or_default(),
                pinnedpost_count: 0,
                files_count: 0,
            })
        })
    }

    /// The `timezone` JSON of every active member of a channel.
    pub async fn get_channel_member_timezones(&self, channel_id: &str) -> StoreResult<Vec<String>> {
        with_db!(self, |p, pg| {
            let rows: Vec<Option<String>> = sqlx::query_scalar(sql(
                pg,
                "SELECT u.timezone::text FROM users u JOIN channelmembers cm ON cm.userid = u.id \
                 WHERE cm.channelid = $1 AND u.deleteat = 0",
            ))
            .bind(channel_id)
            .fetch_all(p)
            .await?;
            Ok(rows.into_iter().flatten().collect())
        })
    }
}
