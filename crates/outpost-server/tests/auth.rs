//! Login, logout, token lookup, CSRF, lockout, sessions.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::{Client, PASSWORD, Resp, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

fn cookies(r: &Resp) -> Vec<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn cookie_value(set_cookies: &[String], name: &str) -> String {
    set_cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_default()
        .to_owned()
}

async fn raw_login(server: &TestServer, login_id: &str, password: &str) -> Resp {
    server
        .client()
        .post(
            "/api/v4/users/login",
            json!({"login_id": login_id, "password": password}),
        )
        .await
}

#[tokio::test]
async fn login_by_username_and_email() {
    let server = TestServer::spawn().await;
    let (admin, admin_user) = server.admin().await;
    let (_, alice) = server.user(&admin, "alice").await;

    let r = raw_login(&server, "alice", PASSWORD).await;
    let token = r.header("token");
    let set = cookies(&r);
    let user = r.ok(200);
    assert_eq!(user["id"], alice["id"]);
    assert_eq!(user["username"], "alice");
    assert!(user.get("password").is_none());
    assert!(user["last_login"].as_i64().unwrap() > 0);
    assert_eq!(token.len(), 26);
    assert_eq!(cookie_value(&set, "MMAUTHTOKEN"), token);
    assert_eq!(
        cookie_value(&set, "MMUSERID"),
        alice["id"].as_str().unwrap()
    );
    assert_eq!(cookie_value(&set, "MMCSRF").len(), 26);
    let auth_cookie = set.iter().find(|c| c.starts_with("MMAUTHTOKEN=")).unwrap();
    assert!(auth_cookie.contains("HttpOnly"));
    assert!(auth_cookie.contains("Path=/"));
    let csrf_cookie = set.iter().find(|c| c.starts_with("MMCSRF=")).unwrap();
    assert!(
        !csrf_cookie.contains("HttpOnly"),
        "the web app reads MMCSRF"
    );

    // By email, in any case; the older `id` field works too.
    let user = raw_login(&server, "ALICE@example.com", PASSWORD)
        .await
        .ok(200);
    assert_eq!(user["id"], alice["id"]);
    let r = server
        .client()
        .post(
            "/api/v4/users/login",
            json!({"id": "sysadmin", "password": PASSWORD}),
        )
        .await
        .ok(200);
    assert_eq!(r["id"], admin_user["id"]);

    // Missing fields.
    server
        .client()
        .post("/api/v4/users/login", json!({"password": PASSWORD}))
        .await
        .err(400, "api.user.login.blank_login_id.app_error");
    raw_login(&server, "alice", "")
        .await
        .err(400, "api.user.login.blank_pwd.app_error");
    server.stop().await;
}

#[tokio::test]
async fn login_can_be_restricted_to_email_or_username() {
    let server =
        TestServer::spawn_with(json!({"EmailSettings": {"EnableSignInWithUsername": false}})).await;
    let c = server.client();
    c.post(
        "/api/v4/users",
        json!({"username": "boss", "email": "boss@example.com", "password": PASSWORD}),
    )
    .await
    .ok(201);
    raw_login(&server, "boss", PASSWORD)
        .await
        .err(401, "api.user.login.invalid_credentials_email_username");
    raw_login(&server, "boss@example.com", PASSWORD)
        .await
        .ok(200);
    server.stop().await;
}

#[tokio::test]
async fn wrong_password_lockout_and_reset() {
    let server =
        TestServer::spawn_with(json!({"ServiceSettings": {"MaximumLoginAttempts": 3}})).await;
    let (admin, _) = server.admin().await;
    let (_, alice) = server.user(&admin, "alice").await;
    let alice_id = alice["id"].as_str().unwrap();

    raw_login(&server, "nobody", PASSWORD)
        .await
        .err(401, "api.user.login.invalid_credentials_email_username");
    for _ in 0..3 {
        raw_login(&server, "alice", "wrong-password")
            .await
            .err(401, "api.user.login.invalid_credentials_email_username");
    }
    // Locked, even with the right password.
    raw_login(&server, "alice", PASSWORD)
        .await
        .err(401, "api.user.check_user_login_attempts.too_many.app_error");
    let seen = admin
        .get(&format!("/api/v4/users/{alice_id}"))
        .await
        .ok(200);
    assert_eq!(seen["failed_attempts"], 3);

    // Only admins may unlock.
    let (bob, _) = server.user(&admin, "bob").await;
    bob.post(
        &format!("/api/v4/users/{alice_id}/reset_failed_attempts"),
        json!({}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    admin
        .post(
            &format!("/api/v4/users/{alice_id}/reset_failed_attempts"),
            json!({}),
        )
        .await
        .ok(200);
    raw_login(&server, "alice", PASSWORD).await.ok(200);

    // A successful login resets the counter.
    raw_login(&server, "alice", "wrong-password")
        .await
        .err(401, "api.user.login.invalid_credentials_email_username");
    raw_login(&server, "alice", PASSWORD).await.ok(200);
    let seen = admin
        .get(&format!("/api/v4/users/{alice_id}"))
        .await
        .ok(200);
    assert!(seen.get("failed_attempts").is_none_or(|v| v == 0));
    server.stop().await;
}

#[tokio::test]
async fn deactivated_users_cannot_log_in() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice_client, alice) = server.user(&admin, "alice").await;
    let alice_id = alice["id"].as_str().unwrap();
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/active"),
            json!({"active": false}),
        )
        .await
        .ok(200);
    // Deactivation ends the sessions…
    alice_client
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    // …and refuses new ones.
    raw_login(&server, "alice", PASSWORD)
        .await
        .err(401, "api.user.login.inactive.app_error");
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/active"),
            json!({"active": true}),
        )
        .await
        .ok(200);
    raw_login(&server, "alice", PASSWORD).await.ok(200);
    server.stop().await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, _) = server.user(&admin, "alice").await;
    alice.get("/api/v4/users/me").await.ok(200);
    let r = alice.post("/api/v4/users/logout", json!({})).await;
    let set = cookies(&r);
    assert_eq!(r.ok(200), json!({"status": "OK"}));
    assert!(set.iter().any(
        |c| c.starts_with("MMAUTHTOKEN=;") && c.contains("Max-Age=0")
            || c.starts_with("MMAUTHTOKEN=;") && c.contains("Max-Age=-1")
    ));
    alice
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    // No session at all.
    server
        .client()
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    server.stop().await;
}

#[tokio::test]
async fn token_lookup_order() {
    let server = TestServer::spawn().await;
    let (admin, admin_user) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let admin_token = admin.token.clone().unwrap();
    let alice_token = alice.token.clone().unwrap();
    let anon = server.client();

    let me = |req: reqwest::RequestBuilder| async { Client::read(req).await };
    // Cookie wins over the Authorization header.
    let r = me(anon
        .request(Method::GET, "/api/v4/users/me")
        .header("Cookie", format!("MMAUTHTOKEN={alice_token}"))
        .header("Authorization", format!("Bearer {admin_token}")))
    .await
    .ok(200);
    assert_eq!(r["id"], alice_user["id"]);
    // Bearer and Token schemes.
    for scheme in ["Bearer", "Token", "bearer"] {
        let r = me(anon
            .request(Method::GET, "/api/v4/users/me")
            .header("Authorization", format!("{scheme} {admin_token}")))
        .await
        .ok(200);
        assert_eq!(r["id"], admin_user["id"]);
    }
    // Header wins over the query parameter.
    let r = me(anon
        .request(
            Method::GET,
            &format!("/api/v4/users/me?access_token={alice_token}"),
        )
        .header("Authorization", format!("Bearer {admin_token}")))
    .await
    .ok(200);
    assert_eq!(r["id"], admin_user["id"]);
    let r = me(anon.request(
        Method::GET,
        &format!("/api/v4/users/me?access_token={alice_token}"),
    ))
    .await
    .ok(200);
    assert_eq!(r["id"], alice_user["id"]);
    // A bad token is a 401 whatever its place.
    me(anon
        .request(Method::GET, "/api/v4/users/me")
        .header("Authorization", "Bearer abcdefghijklmnopqrstuvwxyz"))
    .await
    .err(401, "api.context.session_expired.app_error");
    me(anon
        .request(Method::GET, "/api/v4/users/me")
        .header("Cookie", "MMAUTHTOKEN=garbage"))
    .await
    .err(401, "api.context.session_expired.app_error");
    server.stop().await;
}

async fn cookie_session(server: &TestServer, username: &str) -> (String, String) {
    let r = raw_login(server, username, PASSWORD).await;
    let set = cookies(&r);
    r.ok(200);
    (
        cookie_value(&set, "MMAUTHTOKEN"),
        cookie_value(&set, "MMCSRF"),
    )
}

#[tokio::test]
async fn csrf_for_cookie_sessions() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    server.user(&admin, "alice").await;
    let (token, csrf) = cookie_session(&server, "alice").await;
    let anon = server.client();
    let write = || {
        anon.request(Method::PUT, "/api/v4/users/me/patch")
            .header("Cookie", format!("MMAUTHTOKEN={token}; MMCSRF={csrf}"))
            .json(&json!({"nickname": "al"}))
    };
    // Reads need no CSRF token.
    Client::read(
        anon.request(Method::GET, "/api/v4/users/me")
            .header("Cookie", format!("MMAUTHTOKEN={token}")),
    )
    .await
    .ok(200);
    // Writes do.
    let e = Client::read(write())
        .await
        .err(401, "api.context.session_expired.app_error");
    assert!(e["detailed_error"].as_str().unwrap().contains("CSRF"));
    Client::read(write().header("X-CSRF-Token", "abcdefghijklmnopqrstuvwxyz"))
        .await
        .err(401, "api.context.session_expired.app_error");
    let u = Client::read(write().header("X-CSRF-Token", &csrf))
        .await
        .ok(200);
    assert_eq!(u["nickname"], "al");
    // The XHR header is accepted instead, unless strict mode is on.
    Client::read(write().header("X-Requested-With", "XMLHttpRequest"))
        .await
        .ok(200);
    // Bearer tokens need none.
    let mut bearer = server.client();
    bearer.login("alice", PASSWORD).await;
    bearer
        .put("/api/v4/users/me/patch", json!({"nickname": "b"}))
        .await
        .ok(200);
    server.stop().await;
}

#[tokio::test]
async fn strict_csrf_refuses_xhr_only() {
    let server = TestServer::spawn_with(
        json!({"ServiceSettings": {"ExperimentalStrictCSRFEnforcement": true}}),
    )
    .await;
    let (admin, _) = server.admin().await;
    server.user(&admin, "alice").await;
    let (token, csrf) = cookie_session(&server, "alice").await;
    let anon = server.client();
    let write = || {
        anon.request(Method::PUT, "/api/v4/users/me/patch")
            .header("Cookie", format!("MMAUTHTOKEN={token}"))
            .json(&json!({"nickname": "al"}))
    };
    Client::read(write().header("X-Requested-With", "XMLHttpRequest"))
        .await
        .err(401, "api.context.session_expired.app_error");
    Client::read(write().header("X-CSRF-Token", &csrf))
        .await
        .ok(200);
    server.stop().await;
}

#[tokio::test]
async fn sessions_list_revoke_and_device() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, _) = server.user(&admin, "bob").await;
    let alice_id = alice_user["id"].as_str().unwrap();
    let mut alice2 = server.client();
    alice2.login("alice", PASSWORD).await;

    let sessions = alice.get("/api/v4/users/me/sessions").await.ok(200);
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    for s in sessions {
        assert_eq!(s["user_id"], alice_id);
        assert_eq!(s["token"], "", "tokens are not listed");
        assert!(s["expires_at"].as_i64().unwrap() > s["create_at"].as_i64().unwrap());
        assert_eq!(s["roles"], "system_user");
    }
    bob.get(&format!("/api/v4/users/{alice_id}/sessions"))
        .await
        .err(403, "api.context.permissions.app_error");
    admin
        .get(&format!("/api/v4/users/{alice_id}/sessions"))
        .await
        .ok(200);

    // Attach a device to the second session.
    alice2
        .put(
            "/api/v4/users/sessions/device",
            json!({"device_id": "android_rn-v2:abc"}),
        )
        .await
        .ok(200);
    alice2
        .put("/api/v4/users/sessions/device", json!({"device_id": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    let sessions = alice.get("/api/v4/users/me/sessions").await.ok(200);
    let with_device: Vec<&Value> = sessions
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["device_id"] == "android_rn-v2:abc")
        .collect();
    assert_eq!(with_device.len(), 1);
    let second_id = with_device[0]["id"].as_str().unwrap().to_owned();

    // Revoke one session.
    bob.post(
        &format!("/api/v4/users/{alice_id}/sessions/revoke"),
        json!({"session_id": second_id}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    alice
        .post(
            "/api/v4/users/me/sessions/revoke",
            json!({"session_id": "bad"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    alice
        .post(
            &format!("/api/v4/users/{alice_id}/sessions/revoke"),
            json!({"session_id": second_id}),
        )
        .await
        .ok(200);
    alice2
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    alice.get("/api/v4/users/me").await.ok(200);

    // Revoke all of a user's sessions.
    admin
        .post(
            &format!("/api/v4/users/{alice_id}/sessions/revoke/all"),
            json!({}),
        )
        .await
        .ok(200);
    alice
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");

    // Revoke every session: admins only.
    bob.post("/api/v4/users/sessions/revoke/all", json!({}))
        .await
        .err(403, "api.context.permissions.app_error");
    admin
        .post("/api/v4/users/sessions/revoke/all", json!({}))
        .await
        .ok(200);
    bob.get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    admin
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    server.stop().await;
}
