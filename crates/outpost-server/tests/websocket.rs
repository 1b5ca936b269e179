//! The WebSocket endpoint: authentication, `hello`, actions and replies, resuming a connection.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::time::Duration;

use common::ws::{Ws, next_json, next_raw, open, reply, send};
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

#[tokio::test]
async fn presence_follows_connections_and_statuses_are_served() {
    let f = common::fixture().await;
    let status = |c: &outpost_testkit::Client, uid: String| {
        let c = c.clone();
        async move {
            c.get(&format!("/api/v4/users/{uid}/status")).await.ok(200)["status"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    // Going offline by hand, then connecting: manual statuses are kept.
    f.bob
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": f.bob_id, "status": "offline"}),
        )
        .await
        .ok(200);
    let mut bob = open(&f.s, "", f.bob.token.as_deref()).await;
    assert_eq!(next_raw(&mut bob).await["event"], "hello");
    assert_eq!(status(&f.alice, f.bob_id.clone()).await, "offline");
    f.bob
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": f.bob_id, "status": "online"}),
        )
        .await
        .ok(200);
    let ev = next_raw(&mut bob).await;
    assert_eq!(ev["event"], "status_change");
    assert_eq!(ev["data"], json!({"status": "online", "user_id": f.bob_id}));
    assert_eq!(ev["broadcast"]["user_id"], f.bob_id.as_str());

    // A user who never logged in has no status row: offline.
    let quiet = f
        .admin
        .post(
            "/api/v4/users",
            json!({"username": "quiet", "email": "quiet@example.com", "password": "Passw0rd!"}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    send(
        &mut bob,
        json!({"seq": 1, "action": "get_statuses_by_ids", "data": {"user_ids": [f.bob_id, quiet]}}),
    )
    .await;
    let r = reply(&mut bob, 1).await;
    assert_eq!(r["data"][&f.bob_id], "online");
    assert_eq!(r["data"][&quiet], "offline");
    send(&mut bob, json!({"seq": 2, "action": "get_statuses"})).await;
    assert_eq!(reply(&mut bob, 2).await["data"][&f.bob_id], "online");
    send(
        &mut bob,
        json!({"seq": 3, "action": "get_statuses_by_ids", "data": {"user_ids": ["bad"]}}),
    )
    .await;
    assert_eq!(reply(&mut bob, 3).await["status"], "FAIL");
    send(
        &mut bob,
        json!({"seq": 4, "action": "presence", "data": {"channel_id": "", "team_id": f.team_id}}),
    )
    .await;
    assert_eq!(
        reply(&mut bob, 4).await,
        json!({"status": "OK", "seq_reply": 4})
    );
    send(
        &mut bob,
        json!({"seq": 5, "action": "user_update_active_status", "data": {"user_is_active": true}}),
    )
    .await;
    assert_eq!(
        reply(&mut bob, 5).await,
        json!({"status": "OK", "seq_reply": 5})
    );

    // Closing the last connection makes an automatic status offline.
    bob.close(None).await.unwrap();
    drop(bob);
    let mut offline = false;
    for _ in 0..50 {
        if status(&f.alice, f.bob_id.clone()).await == "offline" {
            offline = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(offline, "offline after the last connection closed");
    // Connecting again brings an automatic status back online.
    let mut again = open(&f.s, "", f.bob.token.as_deref()).await;
    assert_eq!(next_json(&mut again).await["event"], "hello");
    let mut online = false;
    for _ in 0..50 {
        if status(&f.alice, f.bob_id.clone()).await == "online" {
            online = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(online, "online again once connected");
    f.s.stop().await;
}

#[tokio::test]
async fn do_not_disturb_ends_at_its_time() {
    let f = common::fixture().await;
    let mut bob = open(&f.s, "", f.bob.token.as_deref()).await;
    assert_eq!(next_raw(&mut bob).await["event"], "hello");
    let past = outpost_model::now_millis() / 1000 - 120;
    let s = f
        .bob
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": f.bob_id, "status": "dnd", "dnd_end_time": past}),
        )
        .await
        .ok(200);
    assert_eq!(s["status"], "dnd");
    assert_eq!(next_raw(&mut bob).await["data"]["status"], "dnd");
    let later = outpost_model::now_millis() / 1000 + 3600;
    f.eve
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": f.eve_id, "status": "dnd", "dnd_end_time": later}),
        )
        .await
        .ok(200);

    f.s.app().presence_tick().await.unwrap();
    let ev = next_raw(&mut bob).await;
    assert_eq!(ev["event"], "status_change");
    assert_eq!(
        ev["data"]["status"], "online",
        "back to the status before DND"
    );
    let bob_status = f
        .alice
        .get(&format!("/api/v4/users/{}/status", f.bob_id))
        .await
        .ok(200);
    assert_eq!(
        (
            bob_status["status"].as_str(),
            bob_status["dnd_end_time"].as_i64()
        ),
        (Some("online"), Some(0))
    );
    let eve_status = f
        .alice
        .get(&format!("/api/v4/users/{}/status", f.eve_id))
        .await
        .ok(200);
    assert_eq!(
        eve_status["status"], "dnd",
        "a DND that has not ended stays"
    );
    f.s.stop().await;
}

async fn closed(ws: &mut Ws) -> bool {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) if t.as_str().contains("status_change") => continue,
            Ok(Some(Ok(Message::Close(_))) | None | Some(Err(_))) => return true,
            _ => return false,
        }
    }
}

#[tokio::test]
async fn logout_and_revocation_close_sockets() {
    let f = common::fixture().await;
    let mut bob = open(&f.s, "", f.bob.token.as_deref()).await;
    assert_eq!(next_json(&mut bob).await["event"], "hello");
    f.bob.post("/api/v4/users/logout", json!({})).await.ok(200);
    assert!(closed(&mut bob).await, "logout closes the session's socket");

    let mut eve = open(&f.s, "", f.eve.token.as_deref()).await;
    assert_eq!(next_json(&mut eve).await["event"], "hello");
    let mut alice = open(&f.s, "", f.alice.token.as_deref()).await;
    assert_eq!(next_json(&mut alice).await["event"], "hello");
    f.admin
        .post(
            &format!("/api/v4/users/{}/sessions/revoke/all", f.eve_id),
            json!({}),
        )
        .await
        .ok(200);
    assert!(
        closed(&mut eve).await,
        "revoking all of eve's sessions closes her socket"
    );
    send(&mut alice, json!({"seq": 1, "action": "ping"})).await;
    assert_eq!(
        next_json(&mut alice).await["seq_reply"],
        1,
        "alice is unaffected"
    );
    f.s.stop().await;
}

#[tokio::test]
async fn a_dropped_client_resumes_without_missing_posts() {
    let f = common::fixture().await;
    let ch = common::id(&common::channel(&f.alice, &f.team_id, "resume", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let mut bob = open(&f.s, "", f.bob.token.as_deref()).await;
    let hello = next_json(&mut bob).await;
    let conn_id = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "before"}),
        )
        .await
        .ok(201);
    let first = next_json(&mut bob).await;
    assert_eq!(first["event"], "posted");
    let next_seq = first["seq"].as_i64().unwrap() + 1;
    drop(bob);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let missed = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "while away"}),
        )
        .await
        .ok(201);

    let mut bob = open(
        &f.s,
        &format!("?connection_id={conn_id}&sequence_number={next_seq}"),
        f.bob.token.as_deref(),
    )
    .await;
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "after"}),
        )
        .await
        .ok(201);
    // Every frame from `next_seq` on arrives, numbered without gaps: replayed ones, then live ones.
    let mut expected = next_seq;
    let mut posts = Vec::new();
    while posts.len() < 2 {
        let frame = next_raw(&mut bob).await;
        assert_ne!(
            frame["event"], "hello",
            "a resumed connection gets no new hello"
        );
        assert_eq!(
            frame["seq"].as_i64(),
            Some(expected),
            "no gap in sequence numbers: {frame}"
        );
        expected += 1;
        if frame["event"] == "posted" {
            let inner: Value =
                serde_json::from_str(frame["data"]["post"].as_str().unwrap()).unwrap();
            posts.push(inner["id"].clone());
        }
    }
    assert_eq!(
        posts[0], missed["id"],
        "the post made while away is replayed first"
    );
    f.s.stop().await;
}

/// Actions sent in one go are answered while the socket is busy reading them, so their replies
/// queue up and are written in bursts: every reply arrives once, in order, and the events after
/// them keep their numbering.
#[tokio::test]
async fn a_burst_of_replies_arrives_whole_and_in_order() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let mut ws = open(&server, "", admin.token.as_deref()).await;
    let hello = next_json(&mut ws).await;
    assert_eq!(hello["seq"], 0);
    for seq in 1..=80 {
        send(&mut ws, json!({"seq": seq, "action": "ping"})).await;
    }
    for seq in 1..=80 {
        let pong = next_json(&mut ws).await;
        assert_eq!(pong["seq_reply"], seq, "{pong}");
        assert_eq!(pong["data"]["text"], "pong");
    }
    send(&mut ws, json!({"seq": 81, "action": "get_statuses"})).await;
    assert_eq!(next_json(&mut ws).await["seq_reply"], 81);
}
