//! Mobile push through a local push proxy that checks every signature the way the official app
//! does: the ES256 JWT in `signature` must verify with `AsymmetricSigningPublicKey` from the client
//! config and carry the push's `ack_id` and `device_id`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::routing::post;
use base64::Engine;
use outpost_testkit::{Client, TestServer};
use p256::pkcs8::DecodePublicKey;
use serde_json::{Value, json};

/// A push proxy: records `send_push` and `ack` bodies; answers with the queued statuses
/// (`"OK"` once they run out; `"500"` means an HTTP 500, `"garbage"` a non-JSON body).
#[derive(Clone, Default)]
struct Proxy {
    pushes: Arc<Mutex<Vec<Value>>>,
    acks: Arc<Mutex<Vec<Value>>>,
    answers: Arc<Mutex<Vec<&'static str>>>,
}

impl Proxy {
    async fn start() -> (Self, String) {
        let proxy = Proxy::default();
        let app = axum::Router::new()
            .route("/api/v1/send_push", post(send_push))
            .route("/api/v1/ack", post(ack))
            .with_state(proxy.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        (proxy, url)
    }

    fn pushes(&self) -> Vec<Value> {
        self.pushes.lock().expect("lock").clone()
    }

    /// Waits until `n` pushes arrived.
    async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..100 {
            let p = self.pushes();
            if p.len() >= n {
                return p;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} pushes, got {:#?}", self.pushes());
    }
}

async fn send_push(State(p): State<Proxy>, Json(body): Json<Value>) -> axum::response::Response {
    use axum::response::IntoResponse;
    p.pushes.lock().expect("lock").push(body);
    let answer = {
        let mut a = p.answers.lock().expect("lock");
        if a.is_empty() { "OK" } else { a.remove(0) }
    };
    match answer {
        "500" => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down").into_response(),
        "garbage" => "<html>not json</html>".into_response(),
        status => Json(json!({"status": status})).into_response(),
    }
}

async fn ack(State(p): State<Proxy>, Json(body): Json<Value>) -> Json<Value> {
    p.acks.lock().expect("lock").push(body);
    Json(json!({"status": "OK"}))
}

/// Verifies `push.signature` as the mobile app does.
fn verify_signature(public_key_b64: &str, push: &Value) {
    let der = base64::engine::general_purpose::STANDARD
        .decode(public_key_b64)
        .expect("public key is base64");
    let key = p256::PublicKey::from_public_key_der(&der).expect("SubjectPublicKeyInfo");
    let decoding = jsonwebtoken::DecodingKey::from_ec_der(&key.to_sec1_bytes());
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    let sig = push["signature"].as_str().expect("signature present");
    let data = jsonwebtoken::decode::<Value>(sig, &decoding, &v).expect("signature verifies");
    assert_eq!(data.claims["ack_id"], push["ack_id"]);
    assert_eq!(data.claims["device_id"], push["device_id"]);
    assert!(!push["ack_id"].as_str().unwrap_or_default().is_empty());
}

struct Setup {
    s: TestServer,
    proxy: Proxy,
    alice: Client,
    bob: Client,
    alice_id: String,
    bob_id: String,
    public_key: String,
}

async fn setup() -> Setup {
    let (proxy, url) = Proxy::start().await;
    let s = TestServer::spawn_with(json!({"EmailSettings": {"PushNotificationServer": url}})).await;
    let (admin, _) = s.admin().await;
    let (alice, a) = s.user(&admin, "alice").await;
    let (bob, b) = s.user(&admin, "bob").await;
    bob.put(
        "/api/v4/users/sessions/device",
        json!({"device_id": "android_rn-v2:bob-fcm-token"}),
    )
    .await
    .ok(200);
    let cfg = s
        .client()
        .get("/api/v4/config/client?format=old")
        .await
        .ok(200);
    let public_key = cfg["AsymmetricSigningPublicKey"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        !public_key.is_empty(),
        "the client config publishes the signing key"
    );
    Setup {
        s,
        proxy,
        alice,
        bob,
        alice_id: a["id"].as_str().unwrap_or_default().to_owned(),
        bob_id: b["id"].as_str().unwrap_or_default().to_owned(),
        public_key,
    }
}

async fn dm(t: &Setup) -> String {
    let c = t
        .alice
        .post("/api/v4/channels/direct", json!([t.alice_id, t.bob_id]))
        .await
        .ok(201);
    c["id"].as_str().unwrap_or_default().to_owned()
}

async fn say(c: &Client, channel_id: &str, message: &str) -> Value {
    c.post(
        "/api/v4/posts",
        json!({"channel_id": channel_id, "message": message}),
    )
    .await
    .ok(201)
}

#[tokio::test]
async fn a_dm_produces_a_signed_push() {
    let t = setup().await;
    let channel_id = dm(&t).await;
    let post = say(&t.alice, &channel_id, "hello **bob**").await;
    let pushes = t.proxy.wait_for(1).await;
    let p = &pushes[0];
    assert_eq!(p["type"], "message");
    assert_eq!(p["platform"], "android_rn-v2");
    assert_eq!(p["device_id"], "bob-fcm-token");
    assert_eq!(p["post_id"], post["id"]);
    assert_eq!(p["channel_id"], channel_id);
    assert_eq!(p["sender_id"], t.alice_id);
    assert_eq!(p["sender_name"], "@alice");
    assert_eq!(p["channel_name"], "@alice");
    assert_eq!(p["message"], "hello **bob**");
    assert_eq!(p["category"], "CAN_REPLY");
    assert_eq!(p["version"], "v2");
    assert_eq!(p["badge"], 1, "the unread DM counts on the badge");
    assert_eq!(p["is_crt_enabled"], true);
    verify_signature(&t.public_key, p);
    // The sender's own sessions get nothing; only bob's device was pushed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(t.proxy.pushes().len(), 1);
    t.s.stop().await;
}

#[tokio::test]
async fn dnd_and_muted_users_are_not_disturbed() {
    let t = setup().await;
    let channel_id = dm(&t).await;
    t.bob
        .put(
            &format!("/api/v4/users/{}/status", t.bob_id),
            json!({"user_id": t.bob_id, "status": "dnd"}),
        )
        .await
        .ok(200);
    say(&t.alice, &channel_id, "while you were away").await;
    t.bob
        .put(
            &format!("/api/v4/users/{}/status", t.bob_id),
            json!({"user_id": t.bob_id, "status": "online"}),
        )
        .await
        .ok(200);
    t.bob
        .put(
            &format!(
                "/api/v4/channels/{channel_id}/members/{}/notify_props",
                t.bob_id
            ),
            json!({"channel_id": channel_id, "user_id": t.bob_id, "mark_unread": "mention"}),
        )
        .await
        .ok(200);
    say(&t.alice, &channel_id, "muted").await;
    t.bob
        .put(
            &format!(
                "/api/v4/channels/{channel_id}/members/{}/notify_props",
                t.bob_id
            ),
            json!({"channel_id": channel_id, "user_id": t.bob_id, "mark_unread": "all"}),
        )
        .await
        .ok(200);
    say(&t.alice, &channel_id, "marker").await;
    let pushes = t.proxy.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pushes: Vec<Value> = t.proxy.pushes().into_iter().chain(pushes).collect();
    assert!(
        pushes.iter().all(|p| p["message"] == "marker"),
        "{pushes:#?}"
    );
    t.s.stop().await;
}

#[tokio::test]
async fn mentions_in_channels_push_and_plain_messages_do_not() {
    let t = setup().await;
    let teams = t
        .alice
        .post(
            "/api/v4/teams",
            json!({"name": "pushteam", "display_name": "Push", "type": "O"}),
        )
        .await
        .ok(201);
    let team_id = teams["id"].as_str().unwrap_or_default().to_owned();
    t.alice
        .post(
            &format!("/api/v4/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": t.bob_id}),
        )
        .await
        .ok(201);
    let ch = t
        .alice
        .post(
            "/api/v4/channels",
            json!({"team_id": team_id, "name": "town", "display_name": "Town", "type": "O"}),
        )
        .await
        .ok(201);
    let channel_id = ch["id"].as_str().unwrap_or_default().to_owned();
    t.alice
        .post(
            &format!("/api/v4/channels/{channel_id}/members"),
            json!({"user_id": t.bob_id}),
        )
        .await
        .ok(201);
    say(&t.alice, &channel_id, "nobody in particular").await;
    say(&t.alice, &channel_id, "hey @bob look").await;
    let pushes = t.proxy.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(t.proxy.pushes().len(), 1);
    assert_eq!(pushes[0]["message"], "@alice: hey @bob look");
    assert_eq!(pushes[0]["channel_name"], "Town");
    assert_eq!(pushes[0]["team_id"], team_id);
    verify_signature(&t.public_key, &pushes[0]);
    say(&t.alice, &channel_id, "@channel lunch").await;
    let pushes = t.proxy.wait_for(2).await;
    assert_eq!(pushes[1]["message"], "@alice: @channel lunch");
    t.s.stop().await;
}

#[tokio::test]
async fn reading_on_another_device_clears_the_push() {
    let t = setup().await;
    let channel_id = dm(&t).await;
    say(&t.alice, &channel_id, "ping").await;
    t.proxy.wait_for(1).await;
    let mut web = t.s.client();
    web.login("bob", outpost_testkit::PASSWORD).await;
    web.post(
        &format!("/api/v4/channels/members/{}/view", t.bob_id),
        json!({"channel_id": channel_id}),
    )
    .await
    .ok(200);
    let pushes = t.proxy.wait_for(2).await;
    let clear = &pushes[1];
    assert_eq!(clear["type"], "clear");
    assert_eq!(clear["channel_id"], channel_id);
    assert_eq!(clear["device_id"], "bob-fcm-token");
    assert!(
        clear.get("badge").is_none(),
        "badge 0 is omitted, as Mattermost's omitempty does"
    );
    verify_signature(&t.public_key, clear);
    t.s.stop().await;
}

#[tokio::test]
async fn proxy_failures_are_retried_and_removed_devices_dropped() {
    let t = setup().await;
    let channel_id = dm(&t).await;
    t.proxy
        .answers
        .lock()
        .expect("lock")
        .extend(["500", "garbage"]);
    say(&t.alice, &channel_id, "third time lucky").await;
    let pushes = t.proxy.wait_for(3).await;
    assert!(pushes.iter().all(|p| p["message"] == "third time lucky"));
    assert_ne!(pushes[0]["ack_id"], Value::Null);

    t.proxy.answers.lock().expect("lock").push("REMOVE");
    say(&t.alice, &channel_id, "are you there").await;
    t.proxy.wait_for(4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sessions = t
        .bob
        .get(&format!("/api/v4/users/{}/sessions", t.bob_id))
        .await
        .ok(200);
    let devices: Vec<&str> = sessions
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["device_id"].as_str())
                .filter(|d| !d.is_empty())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        devices.is_empty(),
        "a REMOVE answer drops the device: {sessions:#?}"
    );
    say(&t.alice, &channel_id, "nobody hears this").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(t.proxy.pushes().len(), 4, "no device, no push");
    t.s.stop().await;
}

#[tokio::test]
async fn device_ids_are_validated() {
    let t = setup().await;
    t.bob
        .put("/api/v4/users/sessions/device", json!({"device_id": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    t.bob
        .put(
            "/api/v4/users/sessions/device",
            json!({"device_id": "no-platform"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    t.s.client()
        .put(
            "/api/v4/users/sessions/device",
            json!({"device_id": "apple_rn-v2:x"}),
        )
        .await
        .err(401, "api.context.session_expired.app_error");
    t.s.stop().await;
}

#[tokio::test]
async fn acks_are_forwarded_to_the_proxy() {
    let t = setup().await;
    let channel_id = dm(&t).await;
    let post = say(&t.alice, &channel_id, "ack me").await;
    let push = t.proxy.wait_for(1).await.remove(0);
    t.bob
        .post(
            "/api/v4/notifications/ack",
            json!({"id": push["ack_id"], "received_at": 1, "platform": "android_rn-v2", "type": "message", "post_id": post["id"]}),
        )
        .await
        .ok(200);
    for _ in 0..100 {
        if !t.proxy.acks.lock().expect("lock").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let acks = t.proxy.acks.lock().expect("lock").clone();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0]["id"], push["ack_id"]);
    assert_eq!(acks[0]["type"], "message");
    t.bob
        .request(reqwest::Method::POST, "/api/v4/notifications/ack")
        .body("{not json")
        .send()
        .await
        .map(|r| assert_eq!(r.status().as_u16(), 400))
        .expect("sent");
    t.s.client()
        .post("/api/v4/notifications/ack", json!({"id": "x"}))
        .await
        .err(401, "api.context.session_expired.app_error");
    t.s.stop().await;
}

#[tokio::test]
async fn the_channel_on_screen_is_not_pushed() {
    let t = setup().await;
    let channel_id = dm(&t).await;
    let mut ws = common::ws::connect(&t.s, &t.bob).await;
    common::ws::send(
        &mut ws,
        json!({"seq": 1, "action": "presence", "data": {"channel_id": channel_id}}),
    )
    .await;
    assert_eq!(common::ws::reply(&mut ws, 1).await["status"], "OK");
    say(&t.alice, &channel_id, "you are looking at this").await;
    common::ws::send(
        &mut ws,
        json!({"seq": 2, "action": "presence", "data": {"channel_id": ""}}),
    )
    .await;
    assert_eq!(common::ws::reply(&mut ws, 2).await["status"], "OK");
    say(&t.alice, &channel_id, "now you are not").await;
    t.proxy.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pushes = t.proxy.pushes();
    assert_eq!(pushes.len(), 1, "{pushes:#?}");
    assert_eq!(pushes[0]["message"], "now you are not");
    t.s.stop().await;
}

#[tokio::test]
async fn posted_hints_name_mentions_and_thread_followers() {
    let t = setup().await;
    let team = t
        .alice
        .post(
            "/api/v4/teams",
            json!({"name": "hints", "display_name": "Hints", "type": "O"}),
        )
        .await
        .ok(201);
    let team_id = team["id"].as_str().unwrap().to_owned();
    t.alice
        .post(
            &format!("/api/v4/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": t.bob_id}),
        )
        .await
        .ok(201);
    let ch = t
        .alice
        .post(
            "/api/v4/channels",
            json!({"team_id": team_id, "name": "hall", "display_name": "Hall", "type": "O"}),
        )
        .await
        .ok(201);
    let channel_id = ch["id"].as_str().unwrap().to_owned();
    t.alice
        .post(
            &format!("/api/v4/channels/{channel_id}/members"),
            json!({"user_id": t.bob_id}),
        )
        .await
        .ok(201);
    let root = say(&t.alice, &channel_id, "a thread").await;
    let mut ws = common::ws::connect(&t.s, &t.alice).await;
    t.bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": channel_id, "root_id": root["id"], "message": "a reply"}),
        )
        .await
        .ok(201);
    let ev = common::ws::next_event(&mut ws, "posted").await;
    assert_eq!(common::ws::data_json(&ev, "followers"), json!([t.alice_id]));
    assert!(ev["data"].get("mentions").is_none(), "{ev}");
    t.bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": channel_id, "root_id": root["id"], "message": "@alice look"}),
        )
        .await
        .ok(201);
    let ev = common::ws::next_event(&mut ws, "posted").await;
    assert_eq!(common::ws::data_json(&ev, "mentions"), json!([t.alice_id]));
    assert!(
        ev["data"].get("followers").is_none(),
        "a mention is not also a follower hint"
    );
    t.s.stop().await;
}

#[tokio::test]
async fn the_server_screen_test_push() {
    let t = setup().await;
    let ping =
        t.s.client()
            .get("/api/v4/system/ping?device_id=apple_rn-v2:phone")
            .await
            .ok(200);
    assert_eq!(ping["CanReceiveNotifications"], "true");
    let p = t.proxy.wait_for(1).await.remove(0);
    assert_eq!(
        (p["type"].as_str(), p["platform"].as_str()),
        (Some("test"), Some("apple_rn-v2"))
    );
    assert_eq!(p["device_id"], "phone");
    t.proxy.answers.lock().unwrap().push("REMOVE");
    let ping =
        t.s.client()
            .get("/api/v4/system/ping?device_id=apple_rn-v2:gone")
            .await
            .ok(200);
    assert_eq!(ping["CanReceiveNotifications"], "false");
    t.proxy.answers.lock().unwrap().push("garbage");
    let ping =
        t.s.client()
            .get("/api/v4/system/ping?device_id=apple_rn-v2:x")
            .await
            .ok(200);
    assert_eq!(ping["CanReceiveNotifications"], "unknown");
    t.s.stop().await;
}

#[tokio::test]
async fn channel_wide_mentions_stop_above_the_channel_limit() {
    let (proxy, url) = Proxy::start().await;
    let s = TestServer::spawn_with(json!({
        "EmailSettings": {"PushNotificationServer": url},
        "TeamSettings": {"MaxNotificationsPerChannel": 1}
    }))
    .await;
    let (admin, _) = s.admin().await;
    let (alice, _) = s.user(&admin, "alice").await;
    let (bob, b) = s.user(&admin, "bob").await;
    let bob_id = b["id"].as_str().unwrap().to_owned();
    bob.put(
        "/api/v4/users/sessions/device",
        json!({"device_id": "android_rn-v2:bob"}),
    )
    .await
    .ok(200);
    let team = alice
        .post(
            "/api/v4/teams",
            json!({"name": "big", "display_name": "Big", "type": "O"}),
        )
        .await
        .ok(201);
    let team_id = team["id"].as_str().unwrap().to_owned();
    alice
        .post(
            &format!("/api/v4/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": bob_id}),
        )
        .await
        .ok(201);
    let ch = alice
        .post(
            "/api/v4/channels",
            json!({"team_id": team_id, "name": "all", "display_name": "All", "type": "O"}),
        )
        .await
        .ok(201);
    let channel_id = ch["id"].as_str().unwrap().to_owned();
    alice
        .post(
            &format!("/api/v4/channels/{channel_id}/members"),
            json!({"user_id": bob_id}),
        )
        .await
        .ok(201);
    let mut ws = common::ws::connect(&s, &alice).await;
    say(&alice, &channel_id, "@channel too many of you").await;
    let note = common::ws::next_event(&mut ws, "ephemeral_message").await;
    let note = common::ws::data_json(&note, "post");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("more than 1 users"),
        "{note}"
    );
    say(&alice, &channel_id, "@bob still reachable by name").await;
    let pushes = proxy.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(proxy.pushes().len(), 1);
    assert_eq!(pushes[0]["message"], "@alice: @bob still reachable by name");
    s.stop().await;
}
