//! Real-time actions that come in over the WebSocket, and the helpers services use to publish.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_realtime::{Event, Target};

use crate::{App, SessionCtx};

impl App {
    /// The `hello` event greeting a new connection.
    pub fn hello_event(&self, user_id: &str, connection_id: &str) -> Event {
        let mut ev = Event::new("hello")
            .with("server_version", self.version_id())
            .with("connection_id", connection_id)
            .with("server_hostname", hostname());
        ev.broadcast.user_id = user_id.to_owned();
        ev
    }

    /// `user_typing`: tells the channel's other members (and the caller's other connections) that
    /// the caller is typing.
    pub async fn user_typing(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        parent_id: &str,
        connection_id: &str,
    ) -> AppResult<()> {
        if !outpost_model::is_valid_id(channel_id) {
            return Err(ws_invalid_param("channel_id"));
        }
        if !parent_id.is_empty() && !outpost_model::is_valid_id(parent_id) {
            return Err(ws_invalid_param("parent_id"));
        }
        self.require_channel_permission(ctx, channel_id, perm::CREATE_POST)
            .await?;
        let members = self.channel_member_ids(channel_id).await?;
        let mut ev = Event::new("typing")
            .with("parent_id", parent_id)
            .with("user_id", ctx.user_id());
        ev.broadcast.channel_id = channel_id.to_owned();
        ev.broadcast.omit_users = Some([(ctx.user_id().to_owned(), true)].into());
        ev.broadcast.omit_connection_id = connection_id.to_owned();
        self.hub.publish(&ev, &Target::Users(members));
        Ok(())
    }
}

/// Mattermost's error for a bad WebSocket action parameter.
fn ws_invalid_param(name: &str) -> AppError {
    AppError::bad_request(
        "api.websocket_handler.invalid_param.app_error",
        format!("Invalid {name} parameter."),
    )
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}
