//! Preferences: `/users/{user_id}/preferences…`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::TestServer;
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn save_read_and_delete() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let uid = id(&alice_user);

    // Login creates no preferences.
    let all = alice.get("/api/v4/users/me/preferences").await.ok(200);
    assert_eq!(all, json!([]));

    let prefs = json!([
        {"user_id": uid, "category": "display_settings", "name": "use_military_time", "value": "true"},
        {"user_id": uid, "category": "display_settings", "name": "colorize_usernames", "value": "false"},
        {"user_id": uid, "category": "tutorial_step", "name": uid, "value": "999"},
    ]);
    let r = alice
        .put(&format!("/api/v4/users/{uid}/preferences"), prefs)
        .await
        .ok(200);
    assert_eq!(r, json!({"status": "OK"}));

    let all = alice.get("/api/v4/users/me/preferences").await.ok(200);
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert!(all.as_array().unwrap().contains(&json!(
        {"user_id": uid, "category": "tutorial_step", "name": uid, "value": "999"}
    )));

    let cat = alice
        .get(&format!("/api/v4/users/{uid}/preferences/display_settings"))
        .await
        .ok(200);
    let names: Vec<&str> = cat
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["colorize_usernames", "use_military_time"]);

    let one = alice
        .get("/api/v4/users/me/preferences/display_settings/name/use_military_time")
        .await
        .ok(200);
    assert_eq!(
        one,
        json!({"user_id": uid, "category": "display_settings", "name": "use_military_time", "value": "true"})
    );

    // Upsert: same key, new value.
    alice
        .put(
            "/api/v4/users/me/preferences",
            json!([{"user_id": uid, "category": "display_settings", "name": "use_military_time", "value": "false"}]),
        )
        .await
        .ok(200);
    let one = alice
        .get("/api/v4/users/me/preferences/display_settings/name/use_military_time")
        .await
        .ok(200);
    assert_eq!(one["value"], "false");

    // Delete two of them (the value does not matter), deleting a missing one is fine.
    alice
        .post(
            "/api/v4/users/me/preferences/delete",
            json!([
                {"user_id": uid, "category": "display_settings", "name": "use_military_time"},
                {"user_id": uid, "category": "display_settings", "name": "colorize_usernames"},
                {"user_id": uid, "category": "nothing", "name": "here"},
            ]),
        )
        .await
        .ok(200);
    let all = alice.get("/api/v4/users/me/preferences").await.ok(200);
    assert_eq!(all.as_array().unwrap().len(), 1);

    // An empty category is a 404; a missing preference is a 400 (as in Mattermost).
    alice
        .get("/api/v4/users/me/preferences/display_settings")
        .await
        .err(404, "api.preference.preferences_category.get.app_error");
    alice
        .get("/api/v4/users/me/preferences/display_settings/name/use_military_time")
        .await
        .err(400, "app.preference.get.app_error");
    server.stop().await;
}

#[tokio::test]
async fn only_self_or_admins() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, _) = server.user(&admin, "bob").await;
    let uid = id(&alice_user);
    let pref =
        json!([{"user_id": uid, "category": "theme", "name": "", "value": "{\"type\":\"Denim\"}"}]);
    alice
        .put("/api/v4/users/me/preferences", pref.clone())
        .await
        .ok(200);

    for path in [
        format!("/api/v4/users/{uid}/preferences"),
        format!("/api/v4/users/{uid}/preferences/theme"),
        format!("/api/v4/users/{uid}/preferences/theme/name/x"),
    ] {
        bob.get(&path)
            .await
            .err(403, "api.context.permissions.app_error");
    }
    bob.put(&format!("/api/v4/users/{uid}/preferences"), pref.clone())
        .await
        .err(403, "api.context.permissions.app_error");
    bob.post(
        &format!("/api/v4/users/{uid}/preferences/delete"),
        pref.clone(),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    // Preferences of another user in one's own list.
    bob.put("/api/v4/users/me/preferences", pref.clone())
        .await
        .err(403, "api.preference.update_preferences.set.app_error");
    bob.post("/api/v4/users/me/preferences/delete", pref.clone())
        .await
        .err(403, "api.preference.delete_preferences.delete.app_error");
    // No session.
    server
        .client()
        .get(&format!("/api/v4/users/{uid}/preferences"))
        .await
        .err(401, "api.context.session_expired.app_error");

    // Admins (edit_other_users) may read and write them.
    let theme = admin
        .get(&format!("/api/v4/users/{uid}/preferences/theme"))
        .await
        .ok(200);
    assert_eq!(theme[0]["value"], "{\"type\":\"Denim\"}");
    admin
        .post(&format!("/api/v4/users/{uid}/preferences/delete"), pref)
        .await
        .ok(200);
    assert_eq!(
        alice.get("/api/v4/users/me/preferences").await.ok(200),
        json!([])
    );
    server.stop().await;
}

#[tokio::test]
async fn bad_input() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let uid = id(&alice_user);
    let p = |category: &str, name: &str, value: &str| json!({"user_id": uid, "category": category, "name": name, "value": value});

    let cases = [
        (json!([]), "api.context.invalid_body_param.app_error"),
        (
            json!([p("", "x", "1")]),
            "model.preference.is_valid.category.app_error",
        ),
        (
            json!([p(&"c".repeat(33), "x", "1")]),
            "model.preference.is_valid.category.app_error",
        ),
        (
            json!([p("c", &"n".repeat(33), "1")]),
            "model.preference.is_valid.name.app_error",
        ),
        (
            json!([p("theme", "", "not json")]),
            "model.preference.is_valid.theme.app_error",
        ),
        (
            json!([p("sidebar_settings", "limit_visible_dms_gms", "0")]),
            "model.preference.is_valid.limit_visible_dms_gms.app_error",
        ),
        (
            json!({"not": "a list"}),
            "api.context.invalid_body_param.app_error",
        ),
    ];
    for (body, err) in cases {
        alice
            .put("/api/v4/users/me/preferences", body)
            .await
            .err(400, err);
    }
    // 32 characters is the limit, not an error.
    alice
        .put(
            "/api/v4/users/me/preferences",
            json!([p(&"c".repeat(32), &"n".repeat(32), "ok")]),
        )
        .await
        .ok(200);

    // At most 100 per request, and a failing batch writes nothing.
    let many: Vec<Value> = (0..101).map(|i| p("bulk", &format!("n{i}"), "1")).collect();
    alice
        .put("/api/v4/users/me/preferences", json!(many))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    alice
        .put("/api/v4/users/me/preferences", json!(many[..100]))
        .await
        .ok(200);
    let bulk = alice.get("/api/v4/users/me/preferences/bulk").await.ok(200);
    assert_eq!(bulk.as_array().unwrap().len(), 100);
    alice
        .put(
            "/api/v4/users/me/preferences",
            json!([p("atomic", "a", "1"), p("", "b", "1")]),
        )
        .await
        .err(400, "model.preference.is_valid.category.app_error");
    alice
        .get("/api/v4/users/me/preferences/atomic")
        .await
        .err(404, "api.preference.preferences_category.get.app_error");

    // Theme colours that are not colours are whitened.
    alice
        .put(
            "/api/v4/users/me/preferences",
            json!([p(
                "theme",
                "",
                r##"{"type":"Custom","sidebarBg":"javascript:","buttonBg":"#123456"}"##
            )]),
        )
        .await
        .ok(200);
    let theme = alice.get("/api/v4/users/me/preferences/theme/name/").await;
    // An empty name cannot be addressed in the URL.
    assert!(theme.status == 404 || theme.status == 400);
    let themes = alice
        .get("/api/v4/users/me/preferences/theme")
        .await
        .ok(200);
    let value: Value = serde_json::from_str(themes[0]["value"].as_str().unwrap()).unwrap();
    assert_eq!(value["sidebarBg"], "#ffffff");
    assert_eq!(value["buttonBg"], "#123456");

    // Bad ids and names in the URL.
    alice
        .get("/api/v4/users/notanid/preferences")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    alice
        .get("/api/v4/users/me/preferences/bad-category")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    server.stop().await;
}
