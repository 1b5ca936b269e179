//! Account e-mails against a real SMTP conversation (see `common/smtp.rs`): password reset,
//! e-mail verification, the SMTP test and team invitations.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::time::Duration;

use common::smtp::{Delivered, setup};
use serde_json::json;

fn token_in(m: &Delivered) -> String {
    let body = m.decoded();
    let i = body.find("token=").expect("a link with a token") + 6;
    body[i..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

#[tokio::test]
async fn password_reset_by_email() {
    let t = setup(json!({})).await;
    let anon = t.s.client();
    anon.post("/api/v4/users/password/reset/send", json!({"email": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    anon.post(
        "/api/v4/users/password/reset/send",
        json!({"email": "nobody@example.com"}),
    )
    .await
    .ok(200);
    anon.post(
        "/api/v4/users/password/reset/send",
        json!({"email": "BOB@example.com"}),
    )
    .await
    .ok(200);
    let mails = t.sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(t.sink.mails().len(), 1, "unknown addresses get no mail");
    assert_eq!(mails[0].to, vec!["<bob@example.com>"]);
    assert!(mails[0].header("Subject").contains("Reset your password"));
    let token = token_in(&mails[0]);
    assert_eq!(token.len(), 64);
    assert!(
        mails[0]
            .decoded()
            .contains("http://chat.example/reset_password_complete?token=")
    );
    anon.post(
        "/api/v4/users/password/reset",
        json!({"token": "short", "new_password": "Whatever1!"}),
    )
    .await
    .err(400, "api.context.invalid_body_param.app_error");
    anon.post(
        "/api/v4/users/password/reset",
        json!({"token": token, "new_password": "x"}),
    )
    .await
    .err(400, "model.user.is_valid.pwd.app_error");
    anon.post(
        "/api/v4/users/password/reset",
        json!({"token": "a".repeat(64), "new_password": "NewPassw0rd!"}),
    )
    .await
    .err(400, "api.user.reset_password.invalid_link.app_error");
    // A rejected password leaves the token usable, as in Mattermost.
    anon.post(
        "/api/v4/users/password/reset",
        json!({"token": token, "new_password": "NewPassw0rd!"}),
    )
    .await
    .ok(200);
    t.bob
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    let mut again = t.s.client();
    again.login("bob", "NewPassw0rd!").await;
    anon.post(
        "/api/v4/users/password/reset",
        json!({"token": token, "new_password": "Other0ne!!"}),
    )
    .await
    .err(400, "api.user.reset_password.invalid_link.app_error");
    t.s.stop().await;
}

#[tokio::test]
async fn email_verification() {
    let t = setup(json!({
        "TeamSettings": {"EnableOpenServer": true},
        "EmailSettings": {"RequireEmailVerification": true}
    }))
    .await;
    let anon = t.s.client();
    let carol = anon
        .post(
            "/api/v4/users",
            json!({"username": "carol", "email": "carol@example.com", "password": "Passw0rd!"}),
        )
        .await
        .ok(201);
    let carol_id = carol["id"].as_str().unwrap().to_owned();
    let before = t
        .admin
        .get(&format!("/api/v4/users/{carol_id}"))
        .await
        .ok(200);
    assert_ne!(
        before["email_verified"], true,
        "self sign-up starts unverified"
    );
    // The first account (unverified too, as verification is required) and carol's sign-up.
    let carols = |mails: Vec<Delivered>| -> Vec<Delivered> {
        mails
            .into_iter()
            .filter(|m| m.to == ["<carol@example.com>"])
            .collect()
    };
    let mails = carols(t.sink.wait_for(2).await);
    assert_eq!(mails.len(), 1, "sign-up sends one");
    assert!(mails[0].header("Subject").contains("Verify your email"));
    anon.post(
        "/api/v4/users/email/verify/send",
        json!({"email": "carol@example.com"}),
    )
    .await
    .ok(200);
    let mails = carols(t.sink.wait_for(3).await);
    assert!(mails[1].header("Subject").contains("Verify your email"));
    let token = token_in(&mails[1]);
    anon.post(
        "/api/v4/users/email/verify",
        json!({"token": "b".repeat(64)}),
    )
    .await
    .err(400, "api.user.verify_email.bad_link.app_error");
    anon.post("/api/v4/users/email/verify", json!({"token": "nope"}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    anon.post("/api/v4/users/email/verify", json!({"token": token}))
        .await
        .ok(200);
    let me = t
        .admin
        .get(&format!("/api/v4/users/{carol_id}"))
        .await
        .ok(200);
    assert_eq!(me["email_verified"], true);
    anon.post("/api/v4/users/email/verify", json!({"token": token}))
        .await
        .err(400, "api.user.verify_email.bad_link.app_error");
    // Verified addresses are not mailed again.
    anon.post(
        "/api/v4/users/email/verify/send",
        json!({"email": "carol@example.com"}),
    )
    .await
    .ok(200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(carols(t.sink.mails()).len(), 2);
    t.s.stop().await;
}

#[tokio::test]
async fn test_email_endpoint() {
    let t = setup(json!({})).await;
    t.admin.post("/api/v4/email/test", json!({})).await.ok(200);
    let mails = t.sink.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["<sysadmin@example.com>"]);
    assert_eq!(mails[0].header("Subject"), "[Outpost] Test Email");
    t.alice
        .post("/api/v4/email/test", json!({}))
        .await
        .err(403, "api.context.permissions.app_error");
    t.admin
        .post(
            "/api/v4/email/test",
            json!({"EmailSettings": {"SMTPServer": ""}}),
        )
        .await
        .err(400, "api.admin.test_email.missing_server");
    // Settings that do not work are reported, with SMTP AUTH sent when asked for.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    t.admin
        .post(
            "/api/v4/email/test",
            json!({"EmailSettings": {"SMTPPort": port.to_string()}}),
        )
        .await
        .err(500, "app.admin.test_email.failure");
    t.admin
        .post(
            "/api/v4/email/test",
            json!({"EmailSettings": {"EnableSMTPAuth": true, "SMTPUsername": "mailer", "SMTPPassword": "secret"}}),
        )
        .await
        .ok(200);
    let mails = t.sink.wait_for(2).await;
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD
        .decode(mails[1].auth.clone().unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(auth, b"\0mailer\0secret");
    t.s.client()
        .post("/api/v4/email/test", json!({}))
        .await
        .err(401, "api.context.session_expired.app_error");
    t.s.stop().await;
}

#[tokio::test]
async fn team_invitations_by_email() {
    let t = setup(json!({})).await;
    let team = t.alice.get("/api/v4/teams/name/mailteam").await.ok(200);
    let team_id = team["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v4/teams/{team_id}/invite/email");
    t.alice
        .post(&path, json!(["dave@example.com"]))
        .await
        .err(501, "api.team.invite_members.disabled.app_error");
    t.admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableEmailInvitations": true}}),
        )
        .await
        .ok(200);
    t.alice
        .post(&path, json!([]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    t.alice
        .post(&path, json!(["not-an-address"]))
        .await
        .err(400, "api.team.invite_members.invalid_email.app_error");
    let (eve, _) = t.s.user(&t.admin, "eve").await;
    eve.post(&path, json!(["dave@example.com"]))
        .await
        .err(403, "api.context.permissions.app_error");
    t.alice
        .post(&path, json!(["dave@example.com"]))
        .await
        .ok(200);
    let mails = t.sink.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["<dave@example.com>"]);
    assert_eq!(
        mails[0].header("Subject"),
        "[Outpost] @alice invited you to join Mail"
    );
    let invite_id = team["invite_id"].as_str().unwrap_or_default().to_owned();
    let full = t
        .admin
        .get(&format!("/api/v4/teams/{team_id}"))
        .await
        .ok(200);
    let invite_id = if invite_id.is_empty() {
        full["invite_id"].as_str().unwrap().to_owned()
    } else {
        invite_id
    };
    assert!(
        mails[0].decoded().contains(&format!(
            "http://chat.example/signup_user_complete/?id={invite_id}"
        )),
        "{}",
        mails[0].decoded()
    );
    let results = t
        .alice
        .post(
            &format!("{path}?graceful=true"),
            json!({"emails": ["erin@example.com", "bad"], "channelIds": []}),
        )
        .await
        .ok(200);
    assert_eq!(results[0]["email"], "erin@example.com");
    assert!(results[0]["error"].is_null());
    assert_eq!(
        results[1]["error"]["id"],
        "api.team.invite_members.invalid_email.app_error"
    );
    t.sink.wait_for(2).await;
    t.s.stop().await;
}
