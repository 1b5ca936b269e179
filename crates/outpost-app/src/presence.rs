//! Presence that follows the user: online while connected or active, away after inactivity,
//! offline when the last connection closes, and the end of do-not-disturb.

use std::time::Duration;

use outpost_core::AppResult;
use outpost_model::misc::Status;
use outpost_model::now_millis;
use outpost_realtime::{Event, Target};

use crate::{App, internal};

/// Inactivity after which an automatic `online` becomes `away` (Mattermost's `UserStatusAwayTimeout`).
pub const AWAY_AFTER: Duration = Duration::from_secs(300);
/// How often the presence job runs.
pub const PRESENCE_TICK: Duration = Duration::from_secs(30);

impl App {
    /// `status_change` to the user's own connections (others poll statuses, as in Mattermost).
    pub(crate) fn publish_status(&self, status: &Status) {
        let mut ev = Event::new("status_change")
            .with("status", status.status.clone())
            .with("user_id", status.user_id.clone());
        ev.broadcast.user_id = status.user_id.clone();
        self.hub
            .publish(&ev, &Target::Users(vec![status.user_id.clone()]));
    }

    /// A WebSocket connection opened or the user did something: online unless set by hand,
    /// and the activity time moves on.
    pub async fn user_active(&self, user_id: &str) -> AppResult<()> {
        if !self.statuses_enabled() {
            return Ok(());
        }
        match self.load_status(user_id).await? {
            Some(mut s) if s.manual => {
                s.last_activity_at = now_millis();
                self.store
                    .save_status(&s)
                    .await
                    .map_err(internal("app.status.save.app_error"))
            }
            _ => self.set_status_online(user_id, false).await,
        }
    }

    /// The user's last connection closed: offline unless set by hand.
    pub async fn user_disconnected(&self, user_id: &str) -> AppResult<()> {
        if !self.statuses_enabled() || self.hub.is_connected(user_id) {
            return Ok(());
        }
        match self.load_status(user_id).await? {
            Some(s) if s.manual => Ok(()),
            _ => {
                let status = Status {
                    user_id: user_id.to_owned(),
                    status: Status::OFFLINE.to_owned(),
                    manual: false,
                    last_activity_at: now_millis(),
                    dnd_end_time: 0,
                    prev_status: String::new(),
                };
                self.store_status(&status).await
            }
        }
    }

    /// `get_statuses` (WebSocket): `{user_id: status}` of everyone not offline.
    pub async fn get_active_statuses(
        &self,
    ) -> AppResult<serde_json::Map<String, serde_json::Value>> {
        let all = self
            .store
            .get_active_statuses()
            .await
            .map_err(internal("app.status.get.app_error"))?;
        Ok(all
            .into_iter()
            .map(|s| (s.user_id, serde_json::Value::String(s.status)))
            .collect())
    }

    /// `get_statuses_by_ids` (WebSocket): `{user_id: status}`, offline when never set.
    pub async fn get_status_map(
        &self,
        ctx: &crate::SessionCtx,
        ids: &[String],
    ) -> AppResult<serde_json::Map<String, serde_json::Value>> {
        let list = self.get_statuses_by_ids(ctx, ids).await?;
        Ok(list
            .into_iter()
            .map(|s| (s.user_id, serde_json::Value::String(s.status)))
            .collect())
    }

    /// One pass of the presence job: idle users become away, expired DND ends.
    pub async fn presence_tick(&self) -> AppResult<()> {
        if !self.statuses_enabled() {
            return Ok(());
        }
        let now = now_millis();
        let cutoff = now - i64::try_from(AWAY_AFTER.as_millis()).unwrap_or(300_000);
        let idle = self
            .store
            .get_idle_online_statuses(cutoff)
            .await
            .map_err(internal("app.status.get.app_error"))?;
        for mut s in idle {
            s.status = Status::AWAY.to_owned();
            self.store_status(&s).await?;
        }
        let expired = self
            .store
            .get_expired_dnd_statuses(now / 1000)
            .await
            .map_err(internal("app.status.get.app_error"))?;
        for mut s in expired {
            let back = if s.prev_status.is_empty() || s.prev_status == Status::DND {
                Status::ONLINE
            } else {
                s.prev_status.as_str()
            };
            let connected = self.hub.is_connected(&s.user_id);
            s.status = if back == Status::ONLINE && !connected {
                Status::OFFLINE.to_owned()
            } else {
                back.to_owned()
            };
            s.manual = s.status != Status::ONLINE && s.status != Status::OFFLINE;
            s.dnd_end_time = 0;
            s.prev_status.clear();
            self.store_status(&s).await?;
        }
        Ok(())
    }

    /// Runs [`Self::presence_tick`] every [`PRESENCE_TICK`]; the server aborts it at shutdown.
    pub async fn run_presence_job(self: std::sync::Arc<Self>) {
        let mut tick = tokio::time::interval(PRESENCE_TICK);
        loop {
            tick.tick().await;
            if let Err(e) = self.presence_tick().await {
                tracing::warn!(error = %e, "presence job");
            }
        }
    }
}
