//! `POST /users`: sign-up rules, uniqueness, validation, the password policy.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::{PASSWORD, TestServer};
use serde_json::json;

fn new_user(name: &str) -> serde_json::Value {
    json!({"username": name, "email": format!("{name}@example.com"), "password": PASSWORD})
}

#[tokio::test]
async fn first_user_is_admin_and_open_signup_is_off() {
    let server = TestServer::spawn().await;
    let anon = server.client();
    let first = anon
        .post(
            "/api/v4/users",
            json!({"username": "Boss", "email": "Boss@Example.com", "password": PASSWORD,
                   "first_name": "Big", "last_name": "Boss", "nickname": "b", "locale": "fr"}),
        )
        .await
        .ok(201);
    assert_eq!(first["username"], "boss", "usernames are lower-cased");
    assert_eq!(first["email"], "boss@example.com");
    assert_eq!(first["roles"], "system_admin system_user");
    assert_eq!(first["first_name"], "Big");
    assert_eq!(first["locale"], "fr");
    assert_eq!(first["id"].as_str().unwrap().len(), 26);
    assert!(first["create_at"].as_i64().unwrap() > 0);
    assert_eq!(first["delete_at"], 0);
    assert!(first.get("password").is_none(), "no password hash");
    assert_eq!(first["notify_props"]["push"], "mention");
    assert_eq!(first["timezone"]["useAutomaticTimezone"], "true");

    // The second, anonymous sign-up is refused: open server is off by default.
    anon.post("/api/v4/users", new_user("second"))
        .await
        .err(403, "api.user.create_user.no_open_server");

    // An admin may still create accounts; they are plain users.
    let mut admin = server.client();
    admin.login("boss", PASSWORD).await;
    let u = admin
        .post("/api/v4/users", new_user("second"))
        .await
        .ok(201);
    assert_eq!(u["roles"], "system_user");

    // A plain user may not create accounts either.
    let mut second = server.client();
    second.login("second", PASSWORD).await;
    second
        .post("/api/v4/users", new_user("third"))
        .await
        .err(403, "api.user.create_user.no_open_server");
    server.stop().await;
}

#[tokio::test]
async fn open_server_allows_anonymous_signup() {
    let server = TestServer::spawn_with(json!({"TeamSettings": {"EnableOpenServer": true}})).await;
    server.admin().await;
    let u = server
        .client()
        .post("/api/v4/users", new_user("visitor"))
        .await
        .ok(201);
    assert_eq!(u["roles"], "system_user");
    server.stop().await;
}

#[tokio::test]
async fn user_creation_can_be_disabled() {
    let server = TestServer::spawn_with(
        json!({"TeamSettings": {"EnableOpenServer": true, "EnableUserCreation": false}}),
    )
    .await;
    let (admin, _) = server.admin().await;
    server
        .client()
        .post("/api/v4/users", new_user("visitor"))
        .await
        .err(403, "api.user.create_user.signup_email_disabled.app_error");
    // Admins are not bound by it.
    admin.post("/api/v4/users", new_user("staff")).await.ok(201);
    server.stop().await;
}

#[tokio::test]
async fn duplicates_are_refused() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    admin.post("/api/v4/users", new_user("alice")).await.ok(201);
    admin
        .post(
            "/api/v4/users",
            json!({"username": "ALICE", "email": "other@example.com", "password": PASSWORD}),
        )
        .await
        .err(400, "app.user.save.username_exists.app_error");
    admin
        .post(
            "/api/v4/users",
            json!({"username": "alice2", "email": "Alice@Example.com", "password": PASSWORD}),
        )
        .await
        .err(400, "app.user.save.email_exists.app_error");
    server.stop().await;
}

#[tokio::test]
async fn invalid_fields() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let cases = [
        (
            json!({"username": "ab", "email": "ab@example.com", "password": PASSWORD}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "9lives", "email": "n@example.com", "password": PASSWORD}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "has space", "email": "s@example.com", "password": PASSWORD}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "all", "email": "all@example.com", "password": PASSWORD}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "valid", "email": "not-an-email", "password": PASSWORD}),
            "model.user.is_valid.email.app_error",
        ),
        (
            json!({"username": "valid", "email": "", "password": PASSWORD}),
            "model.user.is_valid.email.app_error",
        ),
        (
            json!({"username": "valid", "email": "v@example.com", "password": PASSWORD, "nickname": "n".repeat(65)}),
            "model.user.is_valid.nickname.app_error",
        ),
        (
            json!({"username": "valid", "email": "v@example.com", "password": PASSWORD, "first_name": "f".repeat(65)}),
            "model.user.is_valid.first_name.app_error",
        ),
        (
            json!({"username": "valid", "email": "v@example.com", "password": PASSWORD, "position": "p".repeat(129)}),
            "model.user.is_valid.position.app_error",
        ),
        (
            json!({"username": "valid", "email": "v@example.com", "password": "short"}),
            "model.user.is_valid.pwd.app_error",
        ),
        (
            json!({"username": "valid", "email": "v@example.com", "password": "x".repeat(73)}),
            "model.user.is_valid.pwd_max_length.app_error",
        ),
    ];
    for (body, id) in cases {
        admin.post("/api/v4/users", body).await.err(400, id);
    }
    admin
        .post("/api/v4/users", json!("not an object"))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    server.stop().await;
}

#[tokio::test]
async fn password_policy_from_config() {
    let server = TestServer::spawn_with(json!({"PasswordSettings": {
        "MinimumLength": 10, "Lowercase": true, "Uppercase": true, "Number": true, "Symbol": true
    }}))
    .await;
    // The policy applies to the very first user too.
    let anon = server.client();
    anon.post(
        "/api/v4/users",
        json!({"username": "boss", "email": "boss@example.com", "password": "Passw0rd!"}),
    )
    .await
    .err(
        400,
        "model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error",
    );
    anon.post(
        "/api/v4/users",
        json!({"username": "boss", "email": "boss@example.com", "password": "longpassword1!"}),
    )
    .await
    .err(
        400,
        "model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error",
    );
    let u = anon
        .post(
            "/api/v4/users",
            json!({"username": "boss", "email": "boss@example.com", "password": "LongPassw0rd!"}),
        )
        .await
        .ok(201);
    assert_eq!(u["username"], "boss");
    let cfg = anon.get("/api/v4/config/client?format=old").await.ok(200);
    assert_eq!(cfg["PasswordMinimumLength"], "10");
    assert_eq!(cfg["PasswordRequireSymbol"], "true");
    server.stop().await;
}
