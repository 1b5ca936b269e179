//! `GET /api/v4/websocket`: authentication at upgrade or by `authentication_challenge`, `hello`,
//! numbered events from the hub, client actions with `seq_reply`, resume by `connection_id` +
//! `sequence_number`.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use futures_util::SinkExt;
use outpost_app::SessionCtx;
use outpost_realtime::Frame;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::extract::{Q, find_token};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WsQuery {
    connection_id: String,
    sequence_number: i64,
}

/// How often the session behind a socket is re-checked.
const SESSION_CHECK: Duration = Duration::from_secs(30);
/// How long an unauthenticated socket may wait for its `authentication_challenge`.
const AUTH_TIMEOUT: Duration = Duration::from_secs(30);
/// Server pings keep intermediaries from closing idle sockets: one every this many session checks
/// (every 60 s). One timer serves both, so a frame's wake-up polls one timer, not two.
const PING_EVERY_CHECKS: u32 = 2;
/// A socket silent this long (not even a pong) is dead: half-open connections are dropped.
const SILENCE_LIMIT: Duration = Duration::from_secs(100);

/// The upgrade request's token, if any (cookie or Authorization header).
pub struct UpgradeToken(Option<String>);

impl FromRequestParts<AppState> for UpgradeToken {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(UpgradeToken(find_token(parts).map(|(t, _)| t)))
    }
}

/// Whether a browser's `Origin` may open a socket: no Origin (native clients), the same host as
/// the request, or the site URL's origin. A cross-site page must not ride the session cookie.
fn origin_allowed(headers: &axum::http::HeaderMap, site_url: &str) -> bool {
    let Some(origin) = headers
        .get(axum::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let origin = origin.trim_end_matches('/');
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    (!host.is_empty() && origin_host == host)
        || (!site_url.is_empty() && origin == site_url.trim_end_matches('/'))
}

/// # GET /api/v4/websocket
pub async fn connect_websocket(
    State(app): State<AppState>,
    UpgradeToken(token): UpgradeToken,
    Q(q): Q<WsQuery>,
    headers: axum::http::HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !origin_allowed(&headers, &app.config().service_settings.site_url) {
        return crate::error::ApiError(outpost_core::AppError::forbidden(
            "api.web_socket.connect.origin.app_error",
            "The origin of this WebSocket request is not allowed.",
        ))
        .into_response();
    }
    let pre_auth = match &token {
        Some(t) => app.authenticate(t).await.ok().map(|ctx| (t.clone(), ctx)),
        None => None,
    };
    // Small buffers: tungstenite's defaults (128 KiB each) would dominate per-connection memory.
    // Clients send small frames (typing, pings, status requests); a larger one grows the buffer.
    ws.max_message_size(1 << 20)
        .read_buffer_size(1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(1 << 20)
        .on_upgrade(move |socket| run(app, socket, pre_auth, q))
}

#[derive(Deserialize)]
struct Action {
    #[serde(default)]
    seq: i64,
    #[serde(default)]
    action: String,
    #[serde(default)]
    data: Value,
}

fn reply_ok(seq: i64, data: Option<Value>) -> Value {
    let mut r = json!({"status": "OK", "seq_reply": seq});
    if let Some(d) = data {
        r["data"] = d;
    }
    r
}

fn reply_fail(seq: i64, id: &str, message: &str) -> Value {
    json!({"status": "FAIL", "seq_reply": seq, "error": {"id": id, "message": message}})
}

async fn wait_for_challenge(
    app: &AppState,
    socket: &mut WebSocket,
) -> Option<(String, SessionCtx, i64)> {
    let msg = tokio::time::timeout(AUTH_TIMEOUT, socket.recv())
        .await
        .ok()??
        .ok()?;
    let Message::Text(text) = msg else {
        return None;
    };
    let action: Action = serde_json::from_str(text.as_str()).ok()?;
    if action.action != "authentication_challenge" {
        return None;
    }
    let token = action.data.get("token")?.as_str()?.to_owned();
    let ctx = app.authenticate(&token).await.ok()?;
    Some((token, ctx, action.seq))
}

async fn run(
    app: AppState,
    mut socket: WebSocket,
    pre_auth: Option<(String, SessionCtx)>,
    q: WsQuery,
) {
    let (token, ctx, challenge_seq) = match pre_auth {
        Some((t, c)) => (t, c, None),
        None => match Box::pin(wait_for_challenge(&app, &mut socket)).await {
            Some((t, c, seq)) => (t, c, Some(seq)),
            None => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
        },
    };
    let user_id = ctx.user_id().to_owned();
    let resume =
        (!q.connection_id.is_empty()).then_some((q.connection_id.as_str(), q.sequence_number));
    let mut conn = app.hub().connect(&user_id, &ctx.session.id, resume);
    if let Some(seq) = challenge_seq {
        app.hub()
            .send_reply(&user_id, &conn.id, &reply_ok(seq, None));
    }
    if conn.needs_hello {
        app.hub()
            .send_to_connection(&user_id, &conn.id, &app.hello_event(&user_id, &conn.id));
    }
    if let Err(e) = Box::pin(app.user_active(&user_id)).await {
        tracing::warn!(error = %e, "setting the user online");
    }
    let mut session_check = tokio::time::interval(SESSION_CHECK);
    let mut checks = 0u32;
    let mut last_heard = std::time::Instant::now();
    session_check.tick().await;
    loop {
        tokio::select! {
            frame = conn.rx.recv() => match frame {
                Some(f) => {
                    if write_frames(&mut socket, f, &mut conn.rx).await.is_err() {
                        break;
                    }
                }
                None => break,
            },
            incoming = socket.recv() => {
                last_heard = std::time::Instant::now();
                match incoming {
                // Boxed: a database-heavy future held inline would make every idle connection's task large.
                Some(Ok(Message::Text(text))) => Box::pin(handle_action(&app, &ctx, &conn.id, text.as_str())).await,
                Some(Ok(Message::Binary(_))) => {
                    app.hub().send_reply(&user_id, &conn.id, &reply_fail(0, "api.web_socket_router.bad_action.app_error", "Binary (msgpack) requests are not supported."));
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
                }
            },
            _ = session_check.tick() => {
                if Box::pin(app.authenticate(&token)).await.is_err() {
                    break;
                }
                checks += 1;
                if checks.is_multiple_of(PING_EVERY_CHECKS)
                    && (last_heard.elapsed() > SILENCE_LIMIT
                        || socket.send(Message::Ping(Vec::new().into())).await.is_err())
                {
                    break;
                }
            },
        }
    }
    app.hub().disconnect(&user_id, &conn.id, conn.generation);
    let _ = socket.send(Message::Close(None)).await;
    if let Err(e) = Box::pin(app.user_disconnected(&user_id)).await {
        tracing::warn!(error = %e, "setting the user offline");
    }
}

/// Frames written with one flush: a burst that queued up while the socket was busy (a channel
/// switch, a busy channel) goes out in one `write` instead of one per frame.
const WRITE_BURST: usize = 32;

/// Writes `first` and whatever else is already queued (up to [`WRITE_BURST`] frames), then flushes.
async fn write_frames(
    socket: &mut WebSocket,
    first: Frame,
    rx: &mut tokio::sync::mpsc::Receiver<Frame>,
) -> Result<(), axum::Error> {
    socket.feed(Message::Text(first.text().into())).await?;
    for _ in 1..WRITE_BURST {
        match rx.try_recv() {
            Ok(f) => socket.feed(Message::Text(f.text().into())).await?,
            Err(_) => break,
        }
    }
    socket.flush().await
}

async fn handle_action(app: &AppState, ctx: &SessionCtx, conn_id: &str, text: &str) {
    let user_id = ctx.user_id();
    let Ok(action) = serde_json::from_str::<Action>(text) else {
        app.hub().send_reply(
            user_id,
            conn_id,
            &reply_fail(
                0,
                "api.web_socket_router.bad_seq.app_error",
                "Invalid sequence for WebSocket message.",
            ),
        );
        return;
    };
    if action.seq <= 0 {
        app.hub().send_reply(
            user_id,
            conn_id,
            &reply_fail(
                action.seq,
                "api.web_socket_router.bad_seq.app_error",
                "Invalid sequence for WebSocket message.",
            ),
        );
        return;
    }
    let str_field = |k: &str| {
        action
            .data
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let reply = match action.action.as_str() {
        "authentication_challenge" => reply_ok(action.seq, None),
        "ping" => reply_ok(
            action.seq,
            Some(json!({
                "text": "pong",
                "version": outpost_core::MATTERMOST_VERSION,
                "server_time": outpost_model::now_millis(),
                "node_id": "",
            })),
        ),
        "get_statuses" => match app.get_active_statuses().await {
            Ok(map) => reply_ok(action.seq, Some(Value::Object(map))),
            Err(e) => reply_fail(action.seq, e.id, &e.message),
        },
        "get_statuses_by_ids" => {
            let ids: Vec<String> = action
                .data
                .get("user_ids")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            if ids.is_empty() || ids.iter().any(|i| !outpost_model::is_valid_id(i)) {
                reply_fail(
                    action.seq,
                    "api.websocket_handler.invalid_param.app_error",
                    "Invalid user_ids parameter.",
                )
            } else {
                match app.get_status_map(ctx, &ids).await {
                    Ok(map) => reply_ok(action.seq, Some(Value::Object(map))),
                    Err(e) => reply_fail(action.seq, e.id, &e.message),
                }
            }
        }
        "user_update_active_status" => {
            let active = action
                .data
                .get("user_is_active")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let result = if active {
                app.user_active(user_id).await
            } else {
                Ok(())
            };
            match result {
                Ok(()) => reply_ok(action.seq, None),
                Err(e) => reply_fail(action.seq, e.id, &e.message),
            }
        }
        // The channel on screen: pushes about it are skipped while the user looks at it.
        "presence" => {
            app.set_active_channel(user_id, &str_field("channel_id"));
            reply_ok(action.seq, None)
        }
        // Acknowledgements of `posted` (with `posted_ack=true`) are accepted; push notifications will
        // use them to skip devices that already showed the message.
        "posted_notify_ack" => reply_ok(action.seq, None),
        "user_typing" => match app
            .user_typing(
                ctx,
                &str_field("channel_id"),
                &str_field("parent_id"),
                conn_id,
            )
            .await
        {
            Ok(()) => reply_ok(action.seq, None),
            Err(e) => reply_fail(action.seq, e.id, &e.message),
        },
        _ => reply_fail(
            action.seq,
            "api.web_socket_router.not_implemented.app_error",
            "The WebSocket action is not implemented.",
        ),
    };
    app.hub().send_reply(user_id, conn_id, &reply);
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header};

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::HOST,
            HeaderValue::from_str(host).unwrap_or(HeaderValue::from_static("")),
        );
        if let Some(o) = origin {
            h.insert(
                header::ORIGIN,
                HeaderValue::from_str(o).unwrap_or(HeaderValue::from_static("")),
            );
        }
        h
    }

    #[test]
    fn origins() {
        assert!(super::origin_allowed(
            &headers(None, "chat.example.com"),
            ""
        ));
        assert!(super::origin_allowed(
            &headers(Some("https://chat.example.com"), "chat.example.com"),
            ""
        ));
        assert!(!super::origin_allowed(
            &headers(Some("https://evil.example.com"), "chat.example.com"),
            ""
        ));
        assert!(super::origin_allowed(
            &headers(Some("https://chat.example.com"), "10.0.0.5:8065"),
            "https://chat.example.com/"
        ));
    }
}
