//! The membership rows permission checks read.

use sqlx::FromRow;

use crate::{Store, StoreResult, sql, with_db};

#[derive(FromRow)]
struct MemberRoles {
    roles: Option<String>,
    schemeguest: Option<bool>,
    schemeuser: Option<bool>,
    schemeadmin: Option<bool>,
}

impl MemberRoles {
    fn names(&self, scope: &str) -> String {
        let mut roles: Vec<String> = self
            .roles
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        for (on, suffix) in [
            (self.schemeguest, "guest"),
            (self.schemeuser, "user"),
            (self.schemeadmin, "admin"),
        ] {
            let name = format!("{scope}_{suffix}");
            if on.unwrap_or(false) && !roles.contains(&name) {
                roles.push(name);
            }
        }
        roles.join(" ")
    }
}

impl Store {
    /// The role names of an active team membership, or `None` when the user is not in the team.
    pub async fn get_team_member_roles(
        &self,
        team_id: &str,
        user_id: &str,
    ) -> StoreResult<Option<String>> {
        let key = crate::facts::pair(team_id, user_id);
        self.fact(&self.facts.team_roles, key, async {
            with_db!(self, |p, pg| {
                let r: Option<MemberRoles> = sqlx::query_as(sql(
                    pg,
                    "SELECT roles, schemeguest, schemeuser, schemeadmin FROM teammembers \
                 WHERE teamid = $1 AND userid = $2 AND deleteat = 0",
                ))
                .bind(team_id)
                .bind(user_id)
                .fetch_optional(p)
                .await?;
                Ok(r.map(|m| m.names("team")))
            })
        })
        .await
    }

    /// The role names of a channel membership and of the membership of the channel's team
    /// (each `None` when absent).
    pub async fn get_channel_member_roles(
        &self,
        channel_id: &str,
        user_id: &str,
    ) -> StoreResult<(Option<String>, Option<String>)> {
        let key = crate::facts::pair(channel_id, user_id);
        // Both memberships in one query: every channel-scoped request checks a permission, and
        // on SQLite each query is a hand-off to the connection's thread.
        self.fact(&self.facts.channel_roles, key, async {
            with_db!(self, |p, pg| {
            let rows: Vec<ScopedRoles> = sqlx::query_as(sql(
                pg,
                "SELECT 'channel' AS scope, roles, schemeguest, schemeuser, schemeadmin FROM channelmembers \
                 WHERE channelid = $1 AND userid = $2 \
                 UNION ALL \
                 SELECT 'team' AS scope, tm.roles, tm.schemeguest, tm.schemeuser, tm.schemeadmin FROM teammembers tm \
                 JOIN channels c ON c.teamid = tm.teamid WHERE c.id = $1 AND tm.userid = $2 AND tm.deleteat = 0",
            ))
            .bind(channel_id)
            .bind(user_id)
            .fetch_all(p)
            .await?;
            let of = |scope: &str| {
                rows.iter()
                    .find(|r| r.scope == scope)
                    .map(|r| r.roles.names(scope))
            };
            Ok((of("channel"), of("team")))
            })
        })
        .await
    }
}

#[derive(FromRow)]
struct ScopedRoles {
    scope: String,
    #[sqlx(flatten)]
    roles: MemberRoles,
}

impl Store {
    /// Ids of every member of a channel (the recipients of channel-scoped events).
    pub async fn get_channel_member_ids(&self, channel_id: &str) -> StoreResult<Vec<String>> {
        with_db!(self, |p, pg| {
            let ids: Vec<String> = sqlx::query_scalar(sql(
                pg,
                "SELECT userid FROM channelmembers WHERE channelid = $1",
            ))
            .bind(channel_id)
            .fetch_all(p)
            .await?;
            Ok(ids)
        })
    }
}

impl Store {
    /// Ids of the active members of a team (the recipients of team-scoped events).
    pub async fn get_team_member_ids(&self, team_id: &str) -> StoreResult<Vec<String>> {
        with_db!(self, |p, pg| {
            let ids: Vec<String> = sqlx::query_scalar(sql(
                pg,
                "SELECT userid FROM teammembers WHERE teamid = $1 AND deleteat = 0",
            ))
            .bind(team_id)
            .fetch_all(p)
            .await?;
            Ok(ids)
        })
    }

    /// Ids of the active system administrators (who may see other users' sensitive fields).
    pub async fn get_system_admin_ids(&self) -> StoreResult<Vec<String>> {
        with_db!(self, |p, pg| {
            let roles: Vec<(String, String)> = sqlx::query_as(sql(
                pg,
                "SELECT id, roles FROM users WHERE deleteat = 0 AND roles LIKE '%system_admin%'",
            ))
            .fetch_all(p)
            .await?;
            Ok(roles
                .into_iter()
                .filter(|(_, r)| r.split_whitespace().any(|n| n == "system_admin"))
                .map(|(id, _)| id)
                .collect())
        })
    }
}
