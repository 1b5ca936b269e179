//! Presence (online, away, do not disturb, offline) and custom statuses.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::misc::{CustomStatus, Preference, Status};
use outpost_model::now_millis;

use crate::{App, SessionCtx, internal};

/// Category and name of the preference holding the last custom statuses a user set.
const RECENT_CATEGORY: &str = "custom_status";
const RECENT_NAME: &str = "recent_custom_statuses";
const MAX_RECENT: usize = 5;

/// What `PUT /users/{id}/status` may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewStatus {
    Online,
    Away,
    Dnd {
        /// Seconds since the epoch; 0 = until changed.
        end_time: i64,
    },
    Offline,
}

impl NewStatus {
    /// Parses the `status` field; `None` for anything else (including `ooo`, set only by the server).
    pub fn parse(status: &str, dnd_end_time: i64) -> Option<Self> {
        match status {
            Status::ONLINE => Some(Self::Online),
            Status::AWAY => Some(Self::Away),
            Status::DND => Some(Self::Dnd {
                end_time: dnd_end_time,
            }),
            Status::OFFLINE => Some(Self::Offline),
            _ => None,
        }
    }
}

fn custom_status_disabled() -> AppError {
    AppError::not_implemented(
        "api.custom_status.disabled",
        "Custom status feature has been disabled. Please contact your system administrator for details.",
    )
}

/// Parses an RFC 3339 time; an empty string is Go's zero time.
fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = if s.is_empty() {
        CustomStatus::ZERO_TIME
    } else {
        s
    };
    DateTime::parse_from_rfc3339(s).ok()
}

/// `CustomStatus.AreDurationAndExpirationTimeValid` then `PreSave`: the expiry must not be past
/// (unless unset), the duration must be known; text is cut to 100 characters.
pub fn prepare_custom_status(mut cs: CustomStatus) -> AppResult<CustomStatus> {
    let bad = || AppError::invalid_body_param("custom_status");
    if cs.emoji.is_empty() && cs.text.is_empty() {
        return Err(bad());
    }
    let expires = parse_time(&cs.expires_at).ok_or_else(bad)?;
    let now = Utc::now();
    let is_zero = Some(expires) == parse_time("");
    let not_past = expires >= now;
    let valid = if cs.duration.is_empty() {
        is_zero || not_past
    } else {
        CustomStatus::DURATIONS.contains(&cs.duration.as_str()) && not_past
    };
    if !valid {
        return Err(bad());
    }
    if cs.duration.is_empty() && not_past {
        cs.duration = "date_and_time".to_owned();
    }
    cs.expires_at = expires.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    if cs.text.chars().count() > CustomStatus::TEXT_MAX_CHARS {
        cs.text = cs.text.chars().take(CustomStatus::TEXT_MAX_CHARS).collect();
    }
    Ok(cs)
}

impl App {
    pub(crate) fn statuses_enabled(&self) -> bool {
        self.config().service_settings.enable_user_statuses
    }

    pub(crate) async fn load_status(&self, user_id: &str) -> AppResult<Option<Status>> {
        self.store
            .get_status(user_id)
            .await
            .map_err(internal("app.status.get.app_error"))
    }

    pub(crate) async fn store_status(&self, status: &Status) -> AppResult<()> {
        let previous = self.load_status(&status.user_id).await?;
        self.store
            .save_status(status)
            .await
            .map_err(internal("app.status.save.app_error"))?;
        if previous.is_none_or(|p| p.status != status.status) {
            self.publish_status(status);
        }
        Ok(())
    }

    /// `GET /users/{id}/status`: anyone may read anyone's; offline when never set.
    pub async fn get_user_status(&self, ctx: &SessionCtx, user_id: &str) -> AppResult<Status> {
        self.get_statuses_by_ids(ctx, &[user_id.to_owned()])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                AppError::not_found("api.status.user_not_found.app_error", "User not found.")
            })
    }

    /// `POST /users/status/ids`: one status per id, in the order asked, offline when never set;
    /// empty when statuses are disabled.
    pub async fn get_statuses_by_ids(
        &self,
        _ctx: &SessionCtx,
        user_ids: &[String],
    ) -> AppResult<Vec<Status>> {
        if !self.statuses_enabled() {
            return Ok(Vec::new());
        }
        let stored = self
            .store
            .get_statuses(user_ids)
            .await
            .map_err(internal("app.status.get.app_error"))?;
        Ok(user_ids
            .iter()
            .map(|id| {
                stored
                    .iter()
                    .find(|s| &s.user_id == id)
                    .cloned()
                    .unwrap_or_else(|| Status::offline(id))
            })
            .collect())
    }

    /// `PUT /users/{id}/status`: sets the status by hand and returns it. `status` is checked after
    /// the permission, as Mattermost does.
    pub async fn update_user_status(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        status: &str,
        dnd_end_time: i64,
    ) -> AppResult<Status> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        match NewStatus::parse(status, dnd_end_time) {
            Some(NewStatus::Online) => self.set_status_online(user_id, true).await?,
            Some(NewStatus::Away) => self.set_status_manual(user_id, Status::AWAY, 0).await?,
            Some(NewStatus::Dnd { end_time }) => {
                // Truncated to the minute, as the job that ends DND runs once a minute.
                let end = end_time.max(0) - end_time.max(0) % 60;
                self.set_status_manual(user_id, Status::DND, end).await?;
            }
            Some(NewStatus::Offline) => {
                self.set_status_manual(user_id, Status::OFFLINE, 0).await?;
            }
            None => return Err(AppError::invalid_body_param("status")),
        }
        self.get_user_status(ctx, user_id).await
    }

    /// Marks a user online. Automatic updates (`manual = false`, e.g. at login) never override a
    /// status the user set by hand. "online" itself is never stored as manual.
    pub async fn set_status_online(&self, user_id: &str, manual: bool) -> AppResult<()> {
        if !self.statuses_enabled() {
            return Ok(());
        }
        let current = self.load_status(user_id).await?;
        if !manual && current.as_ref().is_some_and(|s| s.manual) {
            return Ok(());
        }
        let status = Status {
            user_id: user_id.to_owned(),
            status: Status::ONLINE.to_owned(),
            manual: false,
            last_activity_at: now_millis(),
            dnd_end_time: 0,
            prev_status: String::new(),
        };
        self.store_status(&status).await
    }

    /// Sets away, dnd or offline by hand.
    async fn set_status_manual(&self, user_id: &str, value: &str, dnd_end: i64) -> AppResult<()> {
        if !self.statuses_enabled() {
            return Ok(());
        }
        let current = self
            .load_status(user_id)
            .await?
            .unwrap_or_else(|| Status::offline(user_id));
        let mut status = Status {
            user_id: user_id.to_owned(),
            status: value.to_owned(),
            manual: true,
            last_activity_at: current.last_activity_at,
            dnd_end_time: 0,
            prev_status: String::new(),
        };
        match value {
            Status::DND => {
                status.prev_status = current.status;
                status.dnd_end_time = dnd_end;
            }
            Status::OFFLINE => status.last_activity_at = now_millis(),
            _ => {}
        }
        self.store_status(&status).await
    }

    /// `PUT /users/{id}/status/custom`: stores the custom status in the user's props and remembers
    /// it among the recent ones.
    pub async fn update_custom_status(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        cs: CustomStatus,
    ) -> AppResult<()> {
        if !self.config().team_settings.enable_custom_user_statuses {
            return Err(custom_status_disabled());
        }
        let cs = prepare_custom_status(cs)?;
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let json = serde_json::to_string(&cs).map_err(|_| {
            AppError::internal("api.custom_status.set_custom_statuses.update.app_error")
        })?;
        self.set_user_prop(user_id, CustomStatus::PROPS_KEY, json)
            .await?;
        if let Err(e) = self.add_recent_custom_status(user_id, &cs).await {
            tracing::warn!(error = %e, "could not record the recent custom status");
        }
        // Everyone's clients show it beside the user's name: `user_updated`, as Mattermost sends.
        self.announce_user_changed(user_id).await;
        Ok(())
    }

    /// `DELETE /users/{id}/status/custom`: clears the custom status (the prop becomes `""`).
    pub async fn remove_custom_status(&self, ctx: &SessionCtx, user_id: &str) -> AppResult<()> {
        if !self.config().team_settings.enable_custom_user_statuses {
            return Err(custom_status_disabled());
        }
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.set_user_prop(user_id, CustomStatus::PROPS_KEY, String::new())
            .await?;
        self.announce_user_changed(user_id).await;
        Ok(())
    }

    /// `POST /users/{id}/status/custom/recent/delete` (and the `DELETE …/recent` alias): forgets one
    /// of the recent custom statuses.
    pub async fn remove_recent_custom_status(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        cs: &CustomStatus,
    ) -> AppResult<()> {
        if !self.config().team_settings.enable_custom_user_statuses {
            return Err(custom_status_disabled());
        }
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let not_there = || {
            AppError::bad_request(
                "api.custom_status.recent_custom_statuses.delete.app_error",
                "Failed to delete the recent custom status. Please try again.",
            )
        };
        let mut recent = self.recent_custom_statuses(user_id).await?;
        let before = recent.len();
        recent.retain(|r| r != cs);
        if recent.len() == before {
            return Err(not_there());
        }
        self.save_recent_custom_statuses(user_id, &recent).await
    }

    async fn set_user_prop(&self, user_id: &str, key: &str, value: String) -> AppResult<()> {
        let mut user = self.get_user_raw(user_id).await?;
        user.props.insert(key.to_owned(), value);
        user.update_at = now_millis();
        self.store
            .update_user(&user)
            .await
            .map_err(internal("app.user.update.app_error"))
    }

    async fn recent_custom_statuses(&self, user_id: &str) -> AppResult<Vec<CustomStatus>> {
        match self
            .store
            .get_preference(user_id, RECENT_CATEGORY, RECENT_NAME)
            .await
        {
            Ok(p) => Ok(serde_json::from_str(&p.value).unwrap_or_default()),
            Err(outpost_store::StoreError::NotFound) => Ok(Vec::new()),
            Err(e) => Err(internal("app.preference.get.app_error")(e)),
        }
    }

    async fn save_recent_custom_statuses(
        &self,
        user_id: &str,
        recent: &[CustomStatus],
    ) -> AppResult<()> {
        let value = serde_json::to_string(recent).unwrap_or_else(|_| "[]".to_owned());
        self.save_preferences_internal(&[Preference {
            user_id: user_id.to_owned(),
            category: RECENT_CATEGORY.to_owned(),
            name: RECENT_NAME.to_owned(),
            value,
        }])
        .await
    }

    /// Puts `cs` first in the `custom_status/recent_custom_statuses` preference (one per text,
    /// five at most).
    async fn add_recent_custom_status(&self, user_id: &str, cs: &CustomStatus) -> AppResult<()> {
        let mut recent = self.recent_custom_statuses(user_id).await?;
        recent.retain(|r| r.text != cs.text);
        recent.insert(0, cs.clone());
        recent.truncate(MAX_RECENT);
        self.save_recent_custom_statuses(user_id, &recent).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cs(emoji: &str, text: &str, duration: &str, expires_at: &str) -> CustomStatus {
        CustomStatus {
            emoji: emoji.to_owned(),
            text: text.to_owned(),
            duration: duration.to_owned(),
            expires_at: expires_at.to_owned(),
        }
    }

    #[test]
    fn custom_status_rules() {
        let ok = prepare_custom_status(cs("calendar", "Meeting", "", ""));
        assert_eq!(
            ok.map(|c| (c.duration, c.expires_at)),
            Ok((String::new(), CustomStatus::ZERO_TIME.to_owned()))
        );
        assert!(prepare_custom_status(cs("", "", "", "")).is_err());
        assert!(prepare_custom_status(cs("x", "", "forever", "2999-01-01T00:00:00Z")).is_err());
        assert!(prepare_custom_status(cs("x", "", "one_hour", "2000-01-01T00:00:00Z")).is_err());
        let future = prepare_custom_status(cs("x", "", "", "2999-01-01T10:00:00+02:00"));
        assert_eq!(
            future.map(|c| (c.duration, c.expires_at)),
            Ok((
                "date_and_time".to_owned(),
                "2999-01-01T10:00:00+02:00".to_owned()
            ))
        );
        let long = prepare_custom_status(cs("", &"é".repeat(150), "", ""));
        assert_eq!(long.map(|c| c.text.chars().count()), Ok(100));
        assert_eq!(NewStatus::parse("ooo", 0), None);
        assert_eq!(
            NewStatus::parse("dnd", 5),
            Some(NewStatus::Dnd { end_time: 5 })
        );
    }
}
