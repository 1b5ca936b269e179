//! Custom slash commands and bot accounts.

use outpost_model::integration::{Bot, Command};
use outpost_model::user::User;
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

#[derive(FromRow)]
struct CommandRow {
    id: String,
    token: Option<String>,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    creatorid: Option<String>,
    teamid: Option<String>,
    trigger: Option<String>,
    method: Option<String>,
    username: Option<String>,
    iconurl: Option<String>,
    autocomplete: Option<bool>,
    autocompletedesc: Option<String>,
    autocompletehint: Option<String>,
    displayname: Option<String>,
    description: Option<String>,
    url: Option<String>,
    pluginid: Option<String>,
}

impl From<CommandRow> for Command {
    fn from(r: CommandRow) -> Self {
        Command {
            id: r.id,
            token: r.token.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            creator_id: r.creatorid.unwrap_or_default(),
            team_id: r.teamid.unwrap_or_default(),
            trigger: r.trigger.unwrap_or_default(),
            method: r.method.unwrap_or_default(),
            username: r.username.unwrap_or_default(),
            icon_url: r.iconurl.unwrap_or_default(),
            auto_complete: r.autocomplete.unwrap_or_default(),
            auto_complete_desc: r.autocompletedesc.unwrap_or_default(),
            auto_complete_hint: r.autocompletehint.unwrap_or_default(),
            display_name: r.displayname.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            url: r.url.unwrap_or_default(),
            plugin_id: r.pluginid.unwrap_or_default(),
        }
    }
}

const CMD_COLS: &str = "id, token, createat, updateat, deleteat, creatorid, teamid, \"trigger\", \
     method, username, iconurl, autocomplete, autocompletedesc, autocompletehint, displayname, \
     description, url, pluginid";

#[derive(FromRow)]
struct BotRow {
    userid: String,
    description: Option<String>,
    ownerid: Option<String>,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    lasticonupdate: Option<i64>,
    username: Option<String>,
    firstname: Option<String>,
}

impl From<BotRow> for Bot {
    fn from(r: BotRow) -> Self {
        Bot {
            user_id: r.userid,
            username: r.username.unwrap_or_default(),
            display_name: r.firstname.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            owner_id: r.ownerid.unwrap_or_default(),
            last_icon_update: r.lasticonupdate.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
        }
    }
}

const BOT_SELECT: &str = "SELECT b.userid, b.description, b.ownerid, b.createat, b.updateat, \
     b.deleteat, b.lasticonupdate, u.username, u.firstname FROM bots b JOIN users u ON u.id = b.userid";

/// Which bots `GET /bots` lists.
#[derive(Debug, Clone, Default)]
pub struct BotFilter {
    /// Only bots owned by this user (empty: any owner).
    pub owner_id: String,
    pub include_deleted: bool,
    /// Only bots whose owner is deactivated or gone.
    pub only_orphaned: bool,
    pub offset: i64,
    pub limit: i64,
}

impl Store {
    /// Saves a new command.
    pub async fn save_command(&self, c: &Command) -> StoreResult<()> {
        self.write_command(c, true).await
    }

    /// Writes every field of a command.
    pub async fn update_command(&self, c: &Command) -> StoreResult<()> {
        self.write_command(c, false).await
    }

    async fn write_command(&self, c: &Command, insert: bool) -> StoreResult<()> {
        let text = if insert {
            "INSERT INTO commands (id, token, createat, updateat, deleteat, creatorid, teamid, \"trigger\", \
             method, username, iconurl, autocomplete, autocompletedesc, autocompletehint, displayname, \
             description, url, pluginid) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, $16, $17, $18)"
        } else {
            "UPDATE commands SET token = $2, createat = $3, updateat = $4, deleteat = $5, creatorid = $6, \
             teamid = $7, \"trigger\" = $8, method = $9, username = $10, iconurl = $11, autocomplete = $12, \
             autocompletedesc = $13, autocompletehint = $14, displayname = $15, description = $16, \
             url = $17, pluginid = $18 WHERE id = $1"
        };
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(pg, text))
                .bind(&c.id)
                .bind(&c.token)
                .bind(c.create_at)
                .bind(c.update_at)
                .bind(c.delete_at)
                .bind(&c.creator_id)
                .bind(&c.team_id)
                .bind(&c.trigger)
                .bind(&c.method)
                .bind(&c.username)
                .bind(&c.icon_url)
                .bind(c.auto_complete)
                .bind(&c.auto_complete_desc)
                .bind(&c.auto_complete_hint)
                .bind(&c.display_name)
                .bind(&c.description)
                .bind(&c.url)
                .bind(&c.plugin_id)
                .execute(p)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// A live command.
    pub async fn get_command(&self, id: &str) -> StoreResult<Command> {
        let text = format!("SELECT {CMD_COLS} FROM commands WHERE id = $1 AND deleteat = 0");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, CommandRow>(sql(pg, &text))
                .bind(id)
                .fetch_optional(p)
                .await?
                .map(Command::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// A team's live commands, by trigger.
    pub async fn get_team_commands(&self, team_id: &str) -> StoreResult<Vec<Command>> {
        let text = format!(
            "SELECT {CMD_COLS} FROM commands WHERE teamid = $1 AND deleteat = 0 ORDER BY \"trigger\", id"
        );
        with_db!(self, |p, pg| {
            Ok(sqlx::query_as::<_, CommandRow>(sql(pg, &text))
                .bind(team_id)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(Command::from)
                .collect())
        })
    }

    /// Soft-deletes a command.
    pub async fn delete_command(&self, id: &str, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE commands SET deleteat = $2, updateat = $2 WHERE id = $1 AND deleteat = 0",
            ))
            .bind(id)
            .bind(now)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// Saves a bot and its user account together.
    pub async fn save_bot(&self, bot: &Bot, user: &User) -> StoreResult<()> {
        self.save_user(user).await?;
        let saved = with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO bots (userid, description, ownerid, createat, updateat, deleteat, lasticonupdate) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            ))
            .bind(&bot.user_id)
            .bind(&bot.description)
            .bind(&bot.owner_id)
            .bind(bot.create_at)
            .bind(bot.update_at)
            .bind(bot.delete_at)
            .bind(bot.last_icon_update)
            .execute(p)
            .await
            .map(|_| ())
        });
        if let Err(e) = saved {
            // Without its bot row the account would be an ordinary user nobody can log in as.
            let _ = self.permanent_delete_user_row(&user.id).await;
            return Err(e.into());
        }
        Ok(())
    }

    async fn permanent_delete_user_row(&self, id: &str) -> StoreResult<()> {
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            sqlx::query(sql(pg, "DELETE FROM users WHERE id = $1"))
                .bind(id)
                .execute(p)
                .await?;
            Ok(())
        })
    }

    /// One bot (deleted ones included).
    pub async fn get_bot(&self, user_id: &str) -> StoreResult<Bot> {
        let text = format!("{BOT_SELECT} WHERE b.userid = $1");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, BotRow>(sql(pg, &text))
                .bind(user_id)
                .fetch_optional(p)
                .await?
                .map(Bot::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// Bots, oldest first.
    pub async fn get_bots(&self, f: &BotFilter) -> StoreResult<Vec<Bot>> {
        let mut conds: Vec<&str> = Vec::new();
        if !f.owner_id.is_empty() {
            conds.push("b.ownerid = $1");
        }
        if !f.include_deleted {
            conds.push("b.deleteat = 0");
        }
        if f.only_orphaned {
            conds.push(
                "NOT EXISTS (SELECT 1 FROM users o WHERE o.id = b.ownerid AND o.deleteat = 0)",
            );
        }
        let where_ = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let text = format!(
            "{BOT_SELECT} {where_} ORDER BY b.createat, b.userid LIMIT {} OFFSET {}",
            f.limit.clamp(0, 10_000),
            f.offset.max(0)
        );
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, BotRow>(s);
            if !f.owner_id.is_empty() {
                q = q.bind(&f.owner_id);
            }
            Ok(q.fetch_all(p).await?.into_iter().map(Bot::from).collect())
        })
    }

    /// Writes a bot's own fields (description, owner, times); the account is updated separately.
    pub async fn update_bot(&self, bot: &Bot) -> StoreResult<()> {
        let _audience = self.audience_change();
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "UPDATE bots SET description = $2, ownerid = $3, updateat = $4, deleteat = $5, \
                 lasticonupdate = $6 WHERE userid = $1",
            ))
            .bind(&bot.user_id)
            .bind(&bot.description)
            .bind(&bot.owner_id)
            .bind(bot.update_at)
            .bind(bot.delete_at)
            .bind(bot.last_icon_update)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(sql(
                pg,
                "UPDATE users SET deleteat = $2, updateat = $3 WHERE id = $1",
            ))
            .bind(&bot.user_id)
            .bind(bot.delete_at)
            .bind(bot.update_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
