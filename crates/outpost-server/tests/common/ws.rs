//! WebSocket helpers: connect, read frames and events, prove that nothing else arrived.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use outpost_testkit::{Client, TestServer};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/api/v4/websocket{query}`, authenticated by header when a token is given.
pub async fn open(server: &TestServer, query: &str, token: Option<&str>) -> Ws {
    let url = format!(
        "{}/api/v4/websocket{query}",
        server.url.replace("http://", "ws://")
    );
    let mut req = url.into_client_request().unwrap();
    if let Some(t) = token {
        req.headers_mut()
            .insert("authorization", format!("Bearer {t}").parse().unwrap());
    }
    tokio_tungstenite::connect_async(req)
        .await
        .expect("websocket connects")
        .0
}

/// A connection of `client`, past its `hello`.
pub async fn connect(server: &TestServer, client: &Client) -> Ws {
    let mut ws = open(server, "", client.token.as_deref()).await;
    assert_eq!(next_json(&mut ws).await["event"], "hello");
    ws
}

/// The next text frame, as JSON (5 s at most), skipping `status_change` events (a user's own
/// presence changes as their connections come and go; presence has tests of its own).
pub async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let v = next_raw(ws).await;
        if v["event"] != "status_change" {
            return v;
        }
    }
}

/// The next text frame, as JSON (5 s at most).
pub async fn next_raw(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame in time");
        match msg {
            Some(Ok(Message::Text(t))) => return serde_json::from_str(t.as_str()).unwrap(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected a text frame, got {other:?}"),
        }
    }
}

/// The reply to the action sent with `seq`, skipping any events that arrive first.
pub async fn reply(ws: &mut Ws, seq: i64) -> Value {
    loop {
        let v = next_raw(ws).await;
        if v["seq_reply"] == seq {
            return v;
        }
        assert!(v.get("seq_reply").is_none(), "reply to another action: {v}");
    }
}

pub async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

/// The next event called `name`, skipping other events (but never a reply).
pub async fn next_event(ws: &mut Ws, name: &str) -> Value {
    loop {
        let v = next_json(ws).await;
        assert!(v.get("seq_reply").is_none(), "no {name} event before {v}");
        if v["event"] == name {
            return v;
        }
    }
}

/// Sends a `ping` and returns every event that arrived before its reply. Events published before
/// the ping are queued ahead of the pong, so this proves what did (not) arrive.
pub async fn events_until_pong(ws: &mut Ws) -> Vec<Value> {
    send(ws, json!({"seq": 999, "action": "ping"})).await;
    let mut seen = Vec::new();
    loop {
        let v = next_json(ws).await;
        if v["seq_reply"] == 999 {
            assert_eq!(v["data"]["text"], "pong");
            return seen;
        }
        seen.push(v);
    }
}

/// Asserts that the connection received no event at all since it was last read.
pub async fn assert_quiet(ws: &mut Ws) {
    let seen = events_until_pong(ws).await;
    assert!(seen.is_empty(), "unexpected events: {seen:?}");
}

/// Asserts that none of the events received since the last read is called `name`.
pub async fn assert_no_event(ws: &mut Ws, name: &str) {
    let seen = events_until_pong(ws).await;
    assert!(
        seen.iter().all(|e| e["event"] != name),
        "unexpected {name}: {seen:?}"
    );
}

/// A JSON-string field of an event's data, decoded.
pub fn data_json(ev: &Value, key: &str) -> Value {
    serde_json::from_str(ev["data"][key].as_str().expect("a JSON string")).unwrap()
}

/// The post of a `posted` event.
pub fn posted(ev: &Value) -> Value {
    assert_eq!(ev["event"], "posted");
    data_json(ev, "post")
}

/// The next `posted` event's post, skipping other events.
pub async fn next_post(ws: &mut Ws) -> Value {
    posted(&next_event(ws, "posted").await)
}
