//! Access rules that cross features: who may remove whom, whose posts a retry returns, what a
//! removed member still sees, what needs a password, what is searchable, where sockets come from.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, fixture, id};
use serde_json::{Value, json};

#[tokio::test]
async fn nobody_removes_members_of_group_or_direct_messages() {
    let f = fixture().await;
    let gm = f
        .alice
        .post(
            "/api/v4/channels/group",
            json!([f.alice_id, f.bob_id, f.eve_id]),
        )
        .await
        .ok(201);
    let gm_id = id(&gm);
    for (who, target) in [
        (&f.eve, &f.bob_id),
        (&f.alice, &f.bob_id),
        (&f.bob, &f.bob_id),
    ] {
        who.delete(&format!("/api/v4/channels/{gm_id}/members/{target}"))
            .await
            .err(400, "api.channel.remove_channel_member.type.app_error");
    }
    let members = f
        .alice
        .get(&format!("/api/v4/channels/{gm_id}/members"))
        .await
        .ok(200);
    assert_eq!(members.as_array().unwrap().len(), 3, "nobody was removed");
    let dm = f
        .alice
        .post("/api/v4/channels/direct", json!([f.alice_id, f.bob_id]))
        .await
        .ok(201);
    f.alice
        .delete(&format!(
            "/api/v4/channels/{}/members/{}",
            id(&dm),
            f.bob_id
        ))
        .await
        .err(400, "api.channel.remove_channel_member.type.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn a_pending_post_id_only_returns_the_callers_own_post() {
    let f = fixture().await;
    let secret = id(&channel(&f.alice, &f.team_id, "secret", "P").await);
    let mine = id(&channel(&f.bob, &f.team_id, "bobs", "O").await);
    let pending = format!("{}:{}", f.alice_id, 1_700_000_000_000u64);
    let private = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": secret, "message": "classified", "pending_post_id": pending}),
        )
        .await
        .ok(201);
    // Bob guesses alice's pending id while posting in his own channel: he gets his own new post.
    let his = f
        .bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": mine, "message": "hello", "pending_post_id": pending}),
        )
        .await
        .ok(201);
    assert_ne!(his["id"], private["id"]);
    assert_eq!(his["message"], "hello");
    // Alice's own retry is de-duplicated.
    let retry = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": secret, "message": "classified", "pending_post_id": pending}),
        )
        .await
        .ok(201);
    assert_eq!(retry["id"], private["id"]);
    f.s.stop().await;
}

#[tokio::test]
async fn a_removed_member_no_longer_sees_the_channels_threads() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "inner", "P").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let root = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "plan"}),
        )
        .await
        .ok(201);
    f.bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "+1", "root_id": root["id"]}),
        )
        .await
        .ok(201);
    let threads = |c: outpost_testkit::Client, team: String| async move {
        c.get(&format!("/api/v4/users/me/teams/{team}/threads"))
            .await
            .ok(200)["total"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(threads(f.bob.clone(), f.team_id.clone()).await, 1);
    f.alice
        .delete(&format!("/api/v4/channels/{ch}/members/{}", f.bob_id))
        .await
        .ok(200);
    assert_eq!(
        threads(f.bob.clone(), f.team_id.clone()).await,
        0,
        "the private thread is gone for bob"
    );
    f.s.stop().await;
}

#[tokio::test]
async fn changing_ones_own_email_needs_the_password() {
    let f = fixture().await;
    f.bob
        .put(
            "/api/v4/users/me/patch",
            json!({"email": "new-bob@example.com"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.bob
        .put(
            "/api/v4/users/me/patch",
            json!({"email": "new-bob@example.com", "password": "wrong-password"}),
        )
        .await
        .err(401, "api.user.check_user_password.invalid.app_error");
    let u = f
        .bob
        .put(
            "/api/v4/users/me/patch",
            json!({"email": "new-bob@example.com", "password": outpost_testkit::PASSWORD}),
        )
        .await
        .ok(200);
    assert_eq!(u["email"], "new-bob@example.com");
    // Other fields need no password; an admin changes an email without one.
    f.bob
        .put("/api/v4/users/me/patch", json!({"nickname": "B"}))
        .await
        .ok(200);
    let u = f
        .admin
        .put(
            &format!("/api/v4/users/{}/patch", f.bob_id),
            json!({"email": "bob@example.com"}),
        )
        .await
        .ok(200);
    assert_eq!(u["email"], "bob@example.com");
    f.s.stop().await;
}

#[tokio::test]
async fn hidden_emails_cannot_be_searched() {
    let s = outpost_testkit::TestServer::spawn_with(
        json!({"PrivacySettings": {"ShowEmailAddress": false}}),
    )
    .await;
    let (admin, _) = s.admin().await;
    let (alice, _) = s.user(&admin, "alice").await;
    s.user(&admin, "bob").await;
    let found: Value = alice
        .post("/api/v4/users/search", json!({"term": "bob@exam"}))
        .await
        .ok(200);
    assert_eq!(
        found,
        json!([]),
        "an email prefix finds nobody when emails are hidden"
    );
    let found = alice
        .post("/api/v4/users/search", json!({"term": "bob"}))
        .await
        .ok(200);
    assert_eq!(found[0]["username"], "bob");
    assert_eq!(found[0]["email"], "", "and the email is not shown");
    let found = admin
        .post("/api/v4/users/search", json!({"term": "bob@exam"}))
        .await
        .ok(200);
    assert_eq!(found[0]["username"], "bob", "admins still search emails");
    s.stop().await;
}

#[tokio::test]
async fn reserved_props_cannot_be_set_by_users() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "props", "O").await);
    let p = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "hi", "props": {"from_webhook": "true", "override_username": "CEO", "k": "v"}}),
        )
        .await
        .ok(201);
    assert_eq!(p["props"], json!({"k": "v"}));
    let patched = f
        .alice
        .put(
            &format!("/api/v4/posts/{}/patch", id(&p)),
            json!({"props": {"override_username": "CEO", "k": "w"}}),
        )
        .await
        .ok(200);
    assert_eq!(patched["props"], json!({"k": "w"}));
    f.s.stop().await;
}

#[tokio::test]
async fn websocket_refuses_foreign_origins() {
    let f = fixture().await;
    let url = format!("{}/api/v4/websocket", f.s.url);
    let res = reqwest::Client::new()
        .get(&url)
        .header("connection", "Upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("origin", "https://evil.example.com")
        .bearer_auth(f.alice.token.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["id"], "api.web_socket.connect.origin.app_error");
    f.s.stop().await;
}
