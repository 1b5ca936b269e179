//! Statuses and custom statuses.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::TestServer;
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn status_lifecycle() {
    let server = TestServer::spawn().await;
    let (admin, admin_user) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let uid = id(&alice_user);

    // Logging in made alice online (not manually).
    let s = alice.get("/api/v4/users/me/status").await.ok(200);
    assert_eq!(s["user_id"], uid);
    assert_eq!(s["status"], "online");
    assert_eq!(s["manual"], false);
    assert!(s["last_activity_at"].as_i64().unwrap() > 0);
    assert_eq!(s["dnd_end_time"], 0);
    assert!(s.get("prev_status").is_none());

    for status in ["away", "offline"] {
        let s = alice
            .put(
                "/api/v4/users/me/status",
                json!({"user_id": uid, "status": status}),
            )
            .await
            .ok(200);
        assert_eq!(s["status"], status);
        assert_eq!(s["manual"], true);
    }
    // A manual status survives a new login.
    let mut again = server.client();
    again.login("alice", outpost_testkit::PASSWORD).await;
    let s = admin
        .get(&format!("/api/v4/users/{uid}/status"))
        .await
        .ok(200);
    assert_eq!(s["status"], "offline");

    // DND with an end time (seconds), truncated to the minute.
    let s = alice
        .put(
            &format!("/api/v4/users/{uid}/status"),
            json!({"user_id": uid, "status": "dnd", "dnd_end_time": 4_102_444_830_i64}),
        )
        .await
        .ok(200);
    assert_eq!(s["status"], "dnd");
    assert_eq!(s["manual"], true);
    assert_eq!(s["dnd_end_time"], 4_102_444_800_i64);

    // Going online clears "manual": online is never a manual status.
    let s = alice
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": uid, "status": "online"}),
        )
        .await
        .ok(200);
    assert_eq!(
        (s["status"].clone(), s["manual"].clone()),
        (json!("online"), json!(false))
    );

    // Statuses by ids: in order, offline for users without one (or unknown ids).
    let (_bob, bob_user) = server.user(&admin, "bob").await;
    let unknown = "abcdefghijklmnopqrstuvwxyz";
    let carol = admin
        .post(
            "/api/v4/users",
            json!({"username": "carol", "email": "carol@example.com", "password": outpost_testkit::PASSWORD}),
        )
        .await
        .ok(201);
    let list = alice
        .post(
            "/api/v4/users/status/ids",
            json!([uid, id(&carol), unknown, id(&bob_user), id(&admin_user)]),
        )
        .await
        .ok(200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[0]["status"], "online");
    assert_eq!(
        list[1],
        json!({"user_id": id(&carol), "status": "offline", "manual": false, "last_activity_at": 0, "dnd_end_time": 0})
    );
    assert_eq!(list[2]["user_id"], unknown);
    assert_eq!(list[2]["status"], "offline");
    assert_eq!(list[3]["status"], "online");

    // Anyone can read anyone's status; a user without one is offline.
    let s = alice
        .get(&format!("/api/v4/users/{}/status", id(&carol)))
        .await
        .ok(200);
    assert_eq!(s["status"], "offline");
    server.stop().await;
}

#[tokio::test]
async fn status_permissions_and_bad_input() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, bob_user) = server.user(&admin, "bob").await;
    let uid = id(&alice_user);

    bob.put(
        &format!("/api/v4/users/{uid}/status"),
        json!({"user_id": uid, "status": "away"}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    // Admins may set anyone's status.
    let s = admin
        .put(
            &format!("/api/v4/users/{uid}/status"),
            json!({"user_id": uid, "status": "away"}),
        )
        .await
        .ok(200);
    assert_eq!(s["status"], "away");

    // The body must name the user of the URL.
    alice
        .put(
            "/api/v4/users/me/status",
            json!({"user_id": id(&bob_user), "status": "away"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    for bad in ["busy", "ooo", ""] {
        alice
            .put(
                "/api/v4/users/me/status",
                json!({"user_id": uid, "status": bad}),
            )
            .await
            .err(400, "api.context.invalid_body_param.app_error");
    }
    alice
        .post("/api/v4/users/status/ids", json!([]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    alice
        .post("/api/v4/users/status/ids", json!(["short"]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    alice
        .get("/api/v4/users/nope/status")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    server
        .client()
        .get(&format!("/api/v4/users/{uid}/status"))
        .await
        .err(401, "api.context.session_expired.app_error");
    drop(bob);
    server.stop().await;
}

#[tokio::test]
async fn statuses_can_be_disabled() {
    let server =
        TestServer::spawn_with(json!({"ServiceSettings": {"EnableUserStatuses": false}})).await;
    let (admin, admin_user) = server.admin().await;
    admin
        .get("/api/v4/users/me/status")
        .await
        .err(404, "api.status.user_not_found.app_error");
    let list = admin
        .post("/api/v4/users/status/ids", json!([id(&admin_user)]))
        .await
        .ok(200);
    assert_eq!(list, json!([]));
    server.stop().await;
}

#[tokio::test]
async fn custom_status() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, _) = server.user(&admin, "bob").await;
    let uid = id(&alice_user);

    let long_text = "x".repeat(150);
    alice
        .put(
            "/api/v4/users/me/status/custom",
            json!({"emoji": "calendar", "text": long_text, "duration": "one_hour", "expires_at": "2999-01-01T10:00:00Z"}),
        )
        .await
        .ok(200);
    let me = alice.get("/api/v4/users/me").await.ok(200);
    let cs: Value = serde_json::from_str(me["props"]["customStatus"].as_str().unwrap()).unwrap();
    assert_eq!(cs["emoji"], "calendar");
    assert_eq!(cs["text"].as_str().unwrap().len(), 100, "text cut to 100");
    assert_eq!(cs["duration"], "one_hour");
    assert_eq!(cs["expires_at"], "2999-01-01T10:00:00Z");
    // Others see it too (props are public).
    let seen = bob.get(&format!("/api/v4/users/{uid}")).await.ok(200);
    assert_eq!(seen["props"]["customStatus"], me["props"]["customStatus"]);

    // It is remembered among the recent ones.
    let recent = alice
        .get("/api/v4/users/me/preferences/custom_status/name/recent_custom_statuses")
        .await
        .ok(200);
    let list: Value = serde_json::from_str(recent["value"].as_str().unwrap()).unwrap();
    assert_eq!(list[0]["emoji"], "calendar");

    // No expiry given: Go's zero time.
    alice
        .put(
            &format!("/api/v4/users/{uid}/status/custom"),
            json!({"emoji": "", "text": "Lunch"}),
        )
        .await
        .ok(200);
    let me = alice.get("/api/v4/users/me").await.ok(200);
    let cs: Value = serde_json::from_str(me["props"]["customStatus"].as_str().unwrap()).unwrap();
    assert_eq!(
        cs,
        json!({"emoji": "", "text": "Lunch", "duration": "", "expires_at": "0001-01-01T00:00:00Z"})
    );
    // Forget one recent status.
    alice
        .post("/api/v4/users/me/status/custom/recent/delete", cs.clone())
        .await
        .ok(200);
    alice
        .post("/api/v4/users/me/status/custom/recent/delete", cs)
        .await
        .err(
            400,
            "api.custom_status.recent_custom_statuses.delete.app_error",
        );

    // Bad input and permissions.
    for bad in [
        json!({"emoji": "", "text": ""}),
        json!({"emoji": "x", "duration": "forever", "expires_at": "2999-01-01T00:00:00Z"}),
        json!({"emoji": "x", "duration": "one_hour", "expires_at": "2001-01-01T00:00:00Z"}),
        json!({"emoji": "x", "expires_at": "tomorrow"}),
    ] {
        alice
            .put("/api/v4/users/me/status/custom", bad)
            .await
            .err(400, "api.context.invalid_body_param.app_error");
    }
    bob.put(
        &format!("/api/v4/users/{uid}/status/custom"),
        json!({"emoji": "x"}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    bob.delete(&format!("/api/v4/users/{uid}/status/custom"))
        .await
        .err(403, "api.context.permissions.app_error");

    // Clearing leaves an empty prop, as Mattermost does.
    alice.delete("/api/v4/users/me/status/custom").await.ok(200);
    let me = alice.get("/api/v4/users/me").await.ok(200);
    assert_eq!(me["props"]["customStatus"], "");
    server.stop().await;
}

#[tokio::test]
async fn custom_status_can_be_disabled() {
    let server =
        TestServer::spawn_with(json!({"TeamSettings": {"EnableCustomUserStatuses": false}})).await;
    let (admin, _) = server.admin().await;
    admin
        .put("/api/v4/users/me/status/custom", json!({"emoji": "x"}))
        .await
        .err(501, "api.custom_status.disabled");
    admin
        .delete("/api/v4/users/me/status/custom")
        .await
        .err(501, "api.custom_status.disabled");
    let cfg = server
        .client()
        .get("/api/v4/config/client?format=old")
        .await
        .ok(200);
    assert_eq!(cfg["EnableCustomUserStatuses"], "false");
    server.stop().await;
}
