//! The WebSocket endpoint: authentication, `hello`, actions and replies, resuming a connection.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use outpost_testkit::TestServer;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(server: &TestServer, query: &str, token: Option<&str>) -> Ws {
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

async fn next_json(ws: &mut Ws) -> Value {
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

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

#[tokio::test]
async fn header_auth_gets_hello_and_pong() {
    let server = TestServer::spawn().await;
    let (admin, me) = server.admin().await;
    let mut ws = open(&server, "", admin.token.as_deref()).await;
    let hello = next_json(&mut ws).await;
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    assert_eq!(hello["broadcast"]["user_id"], me["id"]);
    assert!(
        hello["data"]["server_version"]
            .as_str()
            .unwrap()
            .starts_with("10.11.4.")
    );
    assert_eq!(hello["data"]["connection_id"].as_str().unwrap().len(), 26);

    send(&mut ws, json!({"seq": 1, "action": "ping"})).await;
    let pong = next_json(&mut ws).await;
    assert_eq!(pong["status"], "OK");
    assert_eq!(pong["seq_reply"], 1);
    assert_eq!(pong["data"]["text"], "pong");
    assert!(pong["data"]["server_time"].as_i64().unwrap() > 0);

    // The mobile app also sends the challenge after header auth: it is acknowledged.
    send(
        &mut ws,
        json!({"seq": 2, "action": "authentication_challenge", "data": {"token": admin.token}}),
    )
    .await;
    assert_eq!(
        next_json(&mut ws).await,
        json!({"status": "OK", "seq_reply": 2})
    );
}

#[tokio::test]
async fn challenge_auth_and_bad_input() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let mut ws = open(&server, "", None).await;
    send(
        &mut ws,
        json!({"seq": 1, "action": "authentication_challenge", "data": {"token": admin.token}}),
    )
    .await;
    assert_eq!(
        next_json(&mut ws).await,
        json!({"status": "OK", "seq_reply": 1})
    );
    assert_eq!(next_json(&mut ws).await["event"], "hello");

    send(&mut ws, json!({"seq": 0, "action": "ping"})).await;
    let r = next_json(&mut ws).await;
    assert_eq!(r["status"], "FAIL");
    assert_eq!(r["error"]["id"], "api.web_socket_router.bad_seq.app_error");

    send(&mut ws, json!({"seq": 3, "action": "no_such_action"})).await;
    let r = next_json(&mut ws).await;
    assert_eq!(
        (r["status"].as_str(), r["seq_reply"].as_i64()),
        (Some("FAIL"), Some(3))
    );

    send(
        &mut ws,
        json!({"seq": 4, "action": "user_typing", "data": {"channel_id": "nope"}}),
    )
    .await;
    let r = next_json(&mut ws).await;
    assert_eq!(r["status"], "FAIL");
    assert_eq!(
        r["error"]["id"],
        "api.websocket_handler.invalid_param.app_error"
    );
}

#[tokio::test]
async fn a_bad_token_closes_the_socket() {
    let server = TestServer::spawn().await;
    let mut ws = open(&server, "", None).await;
    send(&mut ws, json!({"seq": 1, "action": "authentication_challenge", "data": {"token": "abcdefghijklmnopqrstuvwxyz"}})).await;
    let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .expect("answer in time");
    assert!(
        matches!(msg, Some(Ok(Message::Close(_))) | None | Some(Err(_))),
        "{msg:?}"
    );
}

#[tokio::test]
async fn resuming_keeps_the_connection_and_skips_hello() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let mut ws = open(&server, "", admin.token.as_deref()).await;
    let hello = next_json(&mut ws).await;
    let conn_id = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    ws.close(None).await.unwrap();
    drop(ws);
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut ws = open(
        &server,
        &format!("?connection_id={conn_id}&sequence_number=1"),
        admin.token.as_deref(),
    )
    .await;
    send(&mut ws, json!({"seq": 1, "action": "ping"})).await;
    let first = next_json(&mut ws).await;
    assert_eq!(
        first["seq_reply"], 1,
        "no new hello on a resumed connection: {first}"
    );

    let mut ws2 = open(
        &server,
        "?connection_id=abcdefghijklmnopqrstuvwxyz&sequence_number=5",
        admin.token.as_deref(),
    )
    .await;
    let hello2 = next_json(&mut ws2).await;
    assert_eq!(hello2["event"], "hello");
    assert_eq!(hello2["seq"], 0);
    assert_ne!(hello2["data"]["connection_id"], conn_id.as_str());
}
