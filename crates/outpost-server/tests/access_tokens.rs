//! Personal access tokens.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::{Client, TestServer};
use serde_json::json;

#[tokio::test]
async fn disabled_by_default() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    admin
        .post("/api/v4/users/me/tokens", json!({"description": "ci"}))
        .await
        .err(501, "app.user_access_token.disabled");
    server.stop().await;
}

#[tokio::test]
async fn create_use_disable_enable_revoke() {
    let server =
        TestServer::spawn_with(json!({"ServiceSettings": {"EnableUserAccessTokens": true}})).await;
    let (admin, admin_user) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let alice_id = alice_user["id"].as_str().unwrap();

    // Plain users lack the role.
    alice
        .post("/api/v4/users/me/tokens", json!({"description": "mine"}))
        .await
        .err(403, "api.context.permissions.app_error");
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/roles"),
            json!({"roles": "system_user system_user_access_token"}),
        )
        .await
        .ok(200);
    alice
        .post("/api/v4/users/me/tokens", json!({"description": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    // Not for someone else.
    alice
        .post(
            &format!(
                "/api/v4/users/{}/tokens",
                admin_user["id"].as_str().unwrap()
            ),
            json!({"description": "theirs"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");

    let t = alice
        .post("/api/v4/users/me/tokens", json!({"description": "mine"}))
        .await
        .ok(200);
    assert_eq!(t["user_id"], alice_id);
    assert_eq!(t["description"], "mine");
    assert_eq!(t["is_active"], true);
    let secret = t["token"].as_str().unwrap().to_owned();
    let token_id = t["id"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 26);

    // The token works as a Bearer token.
    let mut pat = Client::new(&server.url);
    pat.token = Some(secret.clone());
    let me = pat.get("/api/v4/users/me").await.ok(200);
    assert_eq!(me["id"], alice_id);

    // Listing never shows the secret.
    let list = alice.get("/api/v4/users/me/tokens").await.ok(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("token").is_none());
    let one = alice
        .get(&format!("/api/v4/users/tokens/{token_id}"))
        .await
        .ok(200);
    assert_eq!(one["description"], "mine");
    assert!(one.get("token").is_none());
    let all = admin.get("/api/v4/users/tokens").await.ok(200);
    assert_eq!(all.as_array().unwrap().len(), 1);
    alice
        .get("/api/v4/users/tokens")
        .await
        .err(403, "api.context.permissions.app_error");

    // Disable, enable, revoke.
    alice
        .post(
            "/api/v4/users/tokens/disable",
            json!({"token_id": token_id}),
        )
        .await
        .ok(200);
    pat.get("/api/v4/users/me")
        .await
        .err(401, "app.user_access_token.invalid_or_missing");
    let one = alice
        .get(&format!("/api/v4/users/tokens/{token_id}"))
        .await
        .ok(200);
    assert_eq!(one["is_active"], false);
    alice
        .post("/api/v4/users/tokens/enable", json!({"token_id": token_id}))
        .await
        .ok(200);
    pat.get("/api/v4/users/me").await.ok(200);
    alice
        .post("/api/v4/users/tokens/revoke", json!({"token_id": token_id}))
        .await
        .ok(200);
    pat.get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    alice
        .get(&format!("/api/v4/users/tokens/{token_id}"))
        .await
        .err(404, "app.user_access_token.get_by_id.app_error");
    alice
        .post("/api/v4/users/tokens/revoke", json!({"token_id": "x"}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    server.stop().await;
}

#[tokio::test]
async fn turning_the_feature_off_stops_tokens() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableUserAccessTokens": true}}),
        )
        .await
        .ok(200);
    let t = admin
        .post("/api/v4/users/me/tokens", json!({"description": "ci"}))
        .await
        .ok(200);
    let mut pat = Client::new(&server.url);
    pat.token = Some(t["token"].as_str().unwrap().to_owned());
    pat.get("/api/v4/users/me").await.ok(200);
    admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableUserAccessTokens": false}}),
        )
        .await
        .ok(200);
    let again = Client::new(&server.url);
    let mut pat2 = again.clone();
    pat2.token = pat.token.clone();
    pat2.get("/api/v4/users/me")
        .await
        .err(401, "app.user_access_token.invalid_or_missing");
    server.stop().await;
}
