//! The WebSocket event envelope (`model.WebSocketEvent`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// Who an event is meant for, as sent in the envelope's `broadcast`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Broadcast {
    /// Users that must not receive it (`null` when none).
    pub omit_users: Option<BTreeMap<String, bool>>,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    /// Only this connection receives it.
    pub connection_id: String,
    /// Every connection but this one receives it.
    pub omit_connection_id: String,
}

impl Broadcast {
    /// Whether `user` is omitted.
    pub fn omits(&self, user: &str) -> bool {
        self.omit_users
            .as_ref()
            .is_some_and(|m| m.get(user).copied().unwrap_or(false))
    }
}

/// An event: `{"event": …, "data": {…}, "broadcast": {…}, "seq": N}`.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event: String,
    pub data: Value,
    pub broadcast: Broadcast,
}

impl Event {
    /// An event with empty data and broadcast.
    pub fn new(name: &str) -> Self {
        Self {
            event: name.to_owned(),
            data: Value::Object(Default::default()),
            broadcast: Broadcast::default(),
        }
    }

    /// Adds a data field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        if let Value::Object(m) = &mut self.data {
            m.insert(key.to_owned(), value.into());
        }
        self
    }

    /// Addressed to one user (`broadcast.user_id`).
    pub fn for_user(mut self, user_id: &str) -> Self {
        user_id.clone_into(&mut self.broadcast.user_id);
        self
    }

    /// Scoped to a channel (`broadcast.channel_id`).
    pub fn for_channel(mut self, channel_id: &str) -> Self {
        channel_id.clone_into(&mut self.broadcast.channel_id);
        self
    }

    /// Scoped to a team (`broadcast.team_id`).
    pub fn for_team(mut self, team_id: &str) -> Self {
        team_id.clone_into(&mut self.broadcast.team_id);
        self
    }

    /// Never delivered to `user_id` (`broadcast.omit_users`).
    pub fn omit(mut self, user_id: &str) -> Self {
        self.broadcast
            .omit_users
            .get_or_insert_with(BTreeMap::new)
            .insert(user_id.to_owned(), true);
        self
    }

    /// The serialised event without its closing brace, ready for `,"seq":N}`.
    pub(crate) fn prefix(&self) -> String {
        let mut text = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned());
        text.pop();
        text
    }
}
