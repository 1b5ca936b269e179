//! Incoming and outgoing webhooks, and the one-use `response_url` hooks of slash commands.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use outpost_model::integration::{IncomingWebhook, OutgoingWebhook};
use sqlx::FromRow;

use crate::WriteTx;
use crate::{Store, StoreError, StoreResult, sql, with_db};

#[derive(FromRow)]
struct IncomingRow {
    id: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    userid: Option<String>,
    channelid: Option<String>,
    teamid: Option<String>,
    displayname: Option<String>,
    description: Option<String>,
    username: Option<String>,
    iconurl: Option<String>,
    channellocked: Option<bool>,
}

impl From<IncomingRow> for IncomingWebhook {
    fn from(r: IncomingRow) -> Self {
        IncomingWebhook {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            user_id: r.userid.unwrap_or_default(),
            channel_id: r.channelid.unwrap_or_default(),
            team_id: r.teamid.unwrap_or_default(),
            display_name: r.displayname.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            username: r.username.unwrap_or_default(),
            icon_url: r.iconurl.unwrap_or_default(),
            channel_locked: r.channellocked.unwrap_or_default(),
        }
    }
}

const IN_COLS: &str = "id, createat, updateat, deleteat, userid, channelid, teamid, displayname, \
     description, username, iconurl, channellocked";

#[derive(FromRow)]
struct OutgoingRow {
    id: String,
    token: Option<String>,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    creatorid: Option<String>,
    channelid: Option<String>,
    teamid: Option<String>,
    triggerwords: Option<String>,
    callbackurls: Option<String>,
    displayname: Option<String>,
    contenttype: Option<String>,
    triggerwhen: Option<i32>,
    username: Option<String>,
    iconurl: Option<String>,
    description: Option<String>,
}

fn list(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn list_json(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

impl From<OutgoingRow> for OutgoingWebhook {
    fn from(r: OutgoingRow) -> Self {
        OutgoingWebhook {
            id: r.id,
            token: r.token.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            creator_id: r.creatorid.unwrap_or_default(),
            channel_id: r.channelid.unwrap_or_default(),
            team_id: r.teamid.unwrap_or_default(),
            trigger_words: list(r.triggerwords),
            trigger_when: i64::from(r.triggerwhen.unwrap_or_default()),
            callback_urls: list(r.callbackurls),
            display_name: r.displayname.unwrap_or_default(),
            description: r.description.unwrap_or_default(),
            content_type: r.contenttype.unwrap_or_default(),
            username: r.username.unwrap_or_default(),
            icon_url: r.iconurl.unwrap_or_default(),
        }
    }
}

const OUT_COLS: &str = "id, token, createat, updateat, deleteat, creatorid, channelid, teamid, \
     triggerwords, callbackurls, displayname, contenttype, triggerwhen, username, iconurl, description";

/// Which webhooks a list returns; empty strings mean "any".
#[derive(Debug, Clone, Default)]
pub struct WebhookFilter {
    pub team_id: String,
    pub channel_id: String,
    pub user_id: String,
    pub offset: i64,
    /// At most this many; `0` means all.
    pub limit: i64,
}

impl WebhookFilter {
    /// `WHERE …` over `user_col` (the creator column) and the bind values, in order.
    fn clause(&self, user_col: &str) -> (String, Vec<String>) {
        let mut conds = vec!["deleteat = 0".to_owned()];
        let mut args = Vec::new();
        for (col, v) in [
            ("teamid", &self.team_id),
            ("channelid", &self.channel_id),
            (user_col, &self.user_id),
        ] {
            if !v.is_empty() {
                args.push(v.clone());
                conds.push(format!("{col} = ${}", args.len()));
            }
        }
        let mut text = format!(
            "WHERE {} ORDER BY createat ASC, id ASC",
            conds.join(" AND ")
        );
        if self.limit > 0 {
            text.push_str(&format!(
                " LIMIT {} OFFSET {}",
                self.limit.min(10_000),
                self.offset.max(0)
            ));
        }
        (text, args)
    }
}

impl Store {
    /// Saves a new incoming webhook.
    pub async fn save_incoming_webhook(&self, h: &IncomingWebhook) -> StoreResult<()> {
        self.write_incoming(h, true).await
    }

    /// Writes every editable field of an incoming webhook.
    pub async fn update_incoming_webhook(&self, h: &IncomingWebhook) -> StoreResult<()> {
        self.write_incoming(h, false).await
    }

    async fn write_incoming(&self, h: &IncomingWebhook, insert: bool) -> StoreResult<()> {
        let text = if insert {
            "INSERT INTO incomingwebhooks (id, createat, updateat, deleteat, userid, channelid, teamid, \
             displayname, description, username, iconurl, channellocked) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        } else {
            "UPDATE incomingwebhooks SET createat = $2, updateat = $3, deleteat = $4, userid = $5, \
             channelid = $6, teamid = $7, displayname = $8, description = $9, username = $10, \
             iconurl = $11, channellocked = $12 WHERE id = $1"
        };
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(pg, text))
                .bind(&h.id)
                .bind(h.create_at)
                .bind(h.update_at)
                .bind(h.delete_at)
                .bind(&h.user_id)
                .bind(&h.channel_id)
                .bind(&h.team_id)
                .bind(&h.display_name)
                .bind(&h.description)
                .bind(&h.username)
                .bind(&h.icon_url)
                .bind(h.channel_locked)
                .execute(p)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// A live incoming webhook.
    pub async fn get_incoming_webhook(&self, id: &str) -> StoreResult<IncomingWebhook> {
        let text = format!("SELECT {IN_COLS} FROM incomingwebhooks WHERE id = $1 AND deleteat = 0");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, IncomingRow>(sql(pg, &text))
                .bind(id)
                .fetch_optional(p)
                .await?
                .map(IncomingWebhook::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// Live incoming webhooks, oldest first.
    pub async fn get_incoming_webhooks(
        &self,
        f: &WebhookFilter,
    ) -> StoreResult<Vec<IncomingWebhook>> {
        let (clause, args) = f.clause("userid");
        let text = format!("SELECT {IN_COLS} FROM incomingwebhooks {clause}");
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, IncomingRow>(s);
            for a in &args {
                q = q.bind(a);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(IncomingWebhook::from)
                .collect())
        })
    }

    /// Soft-deletes an incoming webhook.
    pub async fn delete_incoming_webhook(&self, id: &str, now: i64) -> StoreResult<()> {
        self.soft_delete("incomingwebhooks", id, now).await
    }

    async fn soft_delete(&self, table: &str, id: &str, now: i64) -> StoreResult<()> {
        let text = format!(
            "UPDATE {table} SET deleteat = $2, updateat = $2 WHERE id = $1 AND deleteat = 0"
        );
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(pg, &text))
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

    /// Saves a new outgoing webhook.
    pub async fn save_outgoing_webhook(&self, h: &OutgoingWebhook) -> StoreResult<()> {
        self.write_outgoing(h, true).await
    }

    /// Writes every field of an outgoing webhook (token included).
    pub async fn update_outgoing_webhook(&self, h: &OutgoingWebhook) -> StoreResult<()> {
        self.write_outgoing(h, false).await
    }

    /// Whether any live outgoing webhook exists. Answered from memory while no outgoing webhook
    /// was written through this store, for up to 10 s (writes by another process): every post
    /// in a public channel asks, and most servers have none.
    pub async fn any_outgoing_webhooks(&self) -> StoreResult<bool> {
        let generation = self.outgoing.generation.load(Ordering::Acquire);
        if let Some(any) = self.outgoing.known(generation) {
            return Ok(any);
        }
        let any: bool = with_db!(self, |p, pg| {
            sqlx::query_scalar(sql(
                pg,
                "SELECT EXISTS (SELECT 1 FROM outgoingwebhooks WHERE deleteat = 0)",
            ))
            .fetch_one(p)
            .await?
        });
        *self.outgoing.lock() = Some((generation, Instant::now(), any));
        Ok(any)
    }

    async fn write_outgoing(&self, h: &OutgoingWebhook, insert: bool) -> StoreResult<()> {
        let _changing = self.outgoing_change();
        let text = if insert {
            "INSERT INTO outgoingwebhooks (id, token, createat, updateat, deleteat, creatorid, channelid, \
             teamid, triggerwords, callbackurls, displayname, contenttype, triggerwhen, username, \
             iconurl, description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        } else {
            "UPDATE outgoingwebhooks SET token = $2, createat = $3, updateat = $4, deleteat = $5, \
             creatorid = $6, channelid = $7, teamid = $8, triggerwords = $9, callbackurls = $10, \
             displayname = $11, contenttype = $12, triggerwhen = $13, username = $14, iconurl = $15, \
             description = $16 WHERE id = $1"
        };
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(pg, text))
                .bind(&h.id)
                .bind(&h.token)
                .bind(h.create_at)
                .bind(h.update_at)
                .bind(h.delete_at)
                .bind(&h.creator_id)
                .bind(&h.channel_id)
                .bind(&h.team_id)
                .bind(list_json(&h.trigger_words))
                .bind(list_json(&h.callback_urls))
                .bind(&h.display_name)
                .bind(&h.content_type)
                .bind(i32::try_from(h.trigger_when).unwrap_or(0))
                .bind(&h.username)
                .bind(&h.icon_url)
                .bind(&h.description)
                .execute(p)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// A live outgoing webhook.
    pub async fn get_outgoing_webhook(&self, id: &str) -> StoreResult<OutgoingWebhook> {
        let text =
            format!("SELECT {OUT_COLS} FROM outgoingwebhooks WHERE id = $1 AND deleteat = 0");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, OutgoingRow>(sql(pg, &text))
                .bind(id)
                .fetch_optional(p)
                .await?
                .map(OutgoingWebhook::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// Live outgoing webhooks, oldest first.
    pub async fn get_outgoing_webhooks(
        &self,
        f: &WebhookFilter,
    ) -> StoreResult<Vec<OutgoingWebhook>> {
        let (clause, args) = f.clause("creatorid");
        let text = format!("SELECT {OUT_COLS} FROM outgoingwebhooks {clause}");
        with_db!(self, |p, pg| {
            let s = sql(pg, &text);
            let mut q = sqlx::query_as::<_, OutgoingRow>(s);
            for a in &args {
                q = q.bind(a);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(OutgoingWebhook::from)
                .collect())
        })
    }

    /// Soft-deletes an outgoing webhook.
    pub async fn delete_outgoing_webhook(&self, id: &str, now: i64) -> StoreResult<()> {
        let _changing = self.outgoing_change();
        self.soft_delete("outgoingwebhooks", id, now).await
    }

    fn outgoing_change(&self) -> crate::db::AudienceChange {
        self.outgoing.generation.fetch_add(1, Ordering::AcqRel);
        crate::db::AudienceChange(Arc::clone(&self.outgoing.generation))
    }

    /// Saves the `response_url` hook of one command execution.
    pub async fn save_command_webhook(&self, h: &CommandWebhook) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO commandwebhooks (id, createat, commandid, userid, channelid, rootid, usecount) \
                 VALUES ($1, $2, $3, $4, $5, $6, 0)",
            ))
            .bind(&h.id)
            .bind(h.create_at)
            .bind(&h.command_id)
            .bind(&h.user_id)
            .bind(&h.channel_id)
            .bind(&h.root_id)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// Takes one use of a command's `response_url` hook created after `since`: `NotFound` when
    /// it does not exist (or expired), `Conflict` once it has been used `max_uses` times.
    pub async fn use_command_webhook(
        &self,
        id: &str,
        since: i64,
        max_uses: i32,
    ) -> StoreResult<CommandWebhook> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let row = sqlx::query_as::<_, CommandWebhookRow>(sql(
                pg,
                "SELECT id, createat, commandid, userid, channelid, rootid, usecount \
                 FROM commandwebhooks WHERE id = $1 AND createat > $2",
            ))
            .bind(id)
            .bind(since)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            if row.usecount.unwrap_or_default() >= max_uses {
                return Err(StoreError::Conflict("command_webhook_used_up".to_owned()));
            }
            sqlx::query(sql(
                pg,
                "UPDATE commandwebhooks SET usecount = usecount + 1 WHERE id = $1",
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(CommandWebhook::from(row))
        })
    }
}

/// The `response_url` hook of one slash command execution (`model.CommandWebhook`).
#[derive(Debug, Clone, Default)]
pub struct CommandWebhook {
    pub id: String,
    pub create_at: i64,
    pub command_id: String,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
}

#[derive(FromRow)]
struct CommandWebhookRow {
    id: String,
    createat: Option<i64>,
    commandid: Option<String>,
    userid: Option<String>,
    channelid: Option<String>,
    rootid: Option<String>,
    usecount: Option<i32>,
}

impl From<CommandWebhookRow> for CommandWebhook {
    fn from(r: CommandWebhookRow) -> Self {
        CommandWebhook {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            command_id: r.commandid.unwrap_or_default(),
            user_id: r.userid.unwrap_or_default(),
            channel_id: r.channelid.unwrap_or_default(),
            root_id: r.rootid.unwrap_or_default(),
        }
    }
}

/// What [`Store::any_outgoing_webhooks`] last found, with the write generation it was read at.
#[derive(Default)]
pub(crate) struct OutgoingPresence {
    generation: Arc<AtomicU64>,
    last: Mutex<Option<(u64, Instant, bool)>>,
}

impl OutgoingPresence {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, Instant, bool)>> {
        self.last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn known(&self, generation: u64) -> Option<bool> {
        self.lock()
            .filter(|(g, at, _)| *g == generation && at.elapsed() < Duration::from_secs(10))
            .map(|(_, _, any)| any)
    }
}
