//! The WebSocket endpoint: authentication, `hello`, actions and replies, resuming a connection.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::time::Duration;

use common::ws::{next_json, open, send};
use futures_util::StreamExt;
use outpost_testkit::TestServer;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

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

#[tokio::test]
async fn channel_members_get_posted_edited_reactions_and_typing() {
    let f = common::fixture().await;
    let ch = common::id(&common::channel(&f.alice, &f.team_id, "live", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let mut bob = open(&f.s, "", f.bob.token.as_deref()).await;
    assert_eq!(next_json(&mut bob).await["event"], "hello");
    let mut eve = open(&f.s, "", f.eve.token.as_deref()).await;
    assert_eq!(next_json(&mut eve).await["event"], "hello");
    let mut alice = open(&f.s, "", f.alice.token.as_deref()).await;
    assert_eq!(next_json(&mut alice).await["event"], "hello");

    send(
        &mut alice,
        json!({"seq": 1, "action": "user_typing", "data": {"channel_id": ch, "parent_id": ""}}),
    )
    .await;
    assert_eq!(
        next_json(&mut alice).await,
        json!({"status": "OK", "seq_reply": 1})
    );
    let typing = next_json(&mut bob).await;
    assert_eq!(typing["event"], "typing");
    assert_eq!(typing["data"]["user_id"], f.alice_id.as_str());
    assert_eq!(typing["broadcast"]["channel_id"], ch.as_str());
    assert_eq!(typing["seq"], 1);

    let p = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "hi @bob"}),
        )
        .await
        .ok(201);
    let posted = next_json(&mut bob).await;
    assert_eq!(posted["event"], "posted");
    assert_eq!(posted["seq"], 2);
    let inner: Value = serde_json::from_str(
        posted["data"]["post"]
            .as_str()
            .expect("post is a JSON string"),
    )
    .unwrap();
    assert_eq!(inner["id"], p["id"]);
    assert_eq!(posted["data"]["channel_name"], "live");
    assert_eq!(posted["data"]["channel_type"], "O");
    assert_eq!(posted["data"]["sender_name"], "@alice");
    assert_eq!(posted["data"]["team_id"], f.team_id.as_str());
    let mentions: Vec<String> =
        serde_json::from_str(posted["data"]["mentions"].as_str().unwrap()).unwrap();
    assert_eq!(mentions, vec![f.bob_id.clone()]);
    // The author's own connection gets it too.
    assert_eq!(next_json(&mut alice).await["event"], "posted");

    let pid = p["id"].as_str().unwrap();
    f.alice
        .put(
            &format!("/api/v4/posts/{pid}/patch"),
            json!({"message": "edited"}),
        )
        .await
        .ok(200);
    assert_eq!(next_json(&mut bob).await["event"], "post_edited");
    f.bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.bob_id, "post_id": pid, "emoji_name": "smile"}),
        )
        .await
        .ok(200);
    let r = next_json(&mut bob).await;
    assert_eq!(r["event"], "reaction_added");
    let reaction: Value = serde_json::from_str(r["data"]["reaction"].as_str().unwrap()).unwrap();
    assert_eq!(reaction["emoji_name"], "smile");
    f.alice
        .delete(&format!("/api/v4/posts/{pid}"))
        .await
        .ok(200);
    assert_eq!(next_json(&mut bob).await["event"], "post_deleted");

    // eve is not in the channel: she got none of it.
    send(&mut eve, json!({"seq": 1, "action": "ping"})).await;
    assert_eq!(
        next_json(&mut eve).await["seq_reply"],
        1,
        "the first frame eve sees is her own pong"
    );
    f.s.stop().await;
}
