//! E-mail against a real SMTP conversation: a small SMTP server runs inside the test on
//! 127.0.0.1:0, records every delivered message, and can refuse the first sessions (421) to
//! show that deliveries are retried.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use outpost_testkit::{Client, TestServer};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// One delivered message.
#[derive(Debug, Clone)]
struct Delivered {
    from: String,
    to: Vec<String>,
    auth: Option<String>,
    data: String,
}

impl Delivered {
    fn header(&self, name: &str) -> String {
        let prefix = format!("{}:", name.to_lowercase());
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
            .unwrap_or_default()
    }

    /// The body with quoted-printable soft breaks and escapes undone.
    fn decoded(&self) -> String {
        let joined = self.data.replace("=\r\n", "");
        let mut out = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'='
                && i + 2 < b.len()
                && let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(b[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[derive(Clone, Default)]
struct Sink {
    mails: Arc<Mutex<Vec<Delivered>>>,
    /// Sessions still to refuse with `421`.
    refuse: Arc<Mutex<u32>>,
}

impl Sink {
    async fn start() -> (Self, u16) {
        let sink = Sink::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.session(sock).await });
            }
        });
        (sink, port)
    }

    async fn session(&self, sock: tokio::net::TcpStream) {
        let (r, mut w) = sock.into_split();
        let mut r = BufReader::new(r);
        let refuse = {
            let mut n = self.refuse.lock().unwrap();
            let refuse = *n > 0;
            *n = n.saturating_sub(1);
            refuse
        };
        if refuse {
            let _ = w.write_all(b"421 try again later\r\n").await;
            return;
        }
        let _ = w.write_all(b"220 sink ESMTP\r\n").await;
        let mut mail = Delivered {
            from: String::new(),
            to: vec![],
            auth: None,
            data: String::new(),
        };
        let mut line = String::new();
        loop {
            line.clear();
            if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let cmd = line.trim_end().to_owned();
            let upper = cmd.to_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("AUTH PLAIN") {
                mail.auth = Some(cmd[10..].trim().to_owned());
                b"235 ok\r\n"
            } else if upper.starts_with("MAIL FROM:") {
                mail.from = cmd[10..].trim().to_owned();
                b"250 ok\r\n"
            } else if upper.starts_with("RCPT TO:") {
                mail.to.push(cmd[8..].trim().to_owned());
                b"250 ok\r\n"
            } else if upper == "DATA" {
                let _ = w.write_all(b"354 go on\r\n").await;
                let mut data = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(&line);
                }
                mail.data = data;
                self.mails.lock().unwrap().push(mail.clone());
                mail = Delivered {
                    from: String::new(),
                    to: vec![],
                    auth: mail.auth.clone(),
                    data: String::new(),
                };
                b"250 queued\r\n"
            } else if upper == "QUIT" {
                let _ = w.write_all(b"221 bye\r\n").await;
                return;
            } else {
                b"250 ok\r\n"
            };
            if w.write_all(reply).await.is_err() {
                return;
            }
        }
    }

    fn mails(&self) -> Vec<Delivered> {
        self.mails.lock().unwrap().clone()
    }

    async fn wait_for(&self, n: usize) -> Vec<Delivered> {
        for _ in 0..200 {
            let m = self.mails();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} mails, got {:#?}", self.mails());
    }
}

struct Setup {
    s: TestServer,
    sink: Sink,
    admin: Client,
    alice: Client,
    bob: Client,
    bob_id: String,
    channel_id: String,
}

async fn setup(extra: Value) -> Setup {
    let (sink, port) = Sink::start().await;
    let mut env = json!({
        "ServiceSettings": {"SiteURL": "http://chat.example"},
        "EmailSettings": {
            "SendEmailNotifications": true,
            "SMTPServer": "127.0.0.1",
            "SMTPPort": port.to_string(),
            "FeedbackEmail": "noreply@outpost.test",
            "FeedbackName": "Outpost"
        }
    });
    outpost_core::config::merge_json(&mut env, &extra);
    let s = TestServer::spawn_with(env).await;
    let (admin, _) = s.admin().await;
    let (alice, a) = s.user(&admin, "alice").await;
    let (bob, b) = s.user(&admin, "bob").await;
    let bob_id = b["id"].as_str().unwrap().to_owned();
    let team = alice
        .post(
            "/api/v4/teams",
            json!({"name": "mailteam", "display_name": "Mail", "type": "O"}),
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
            json!({"team_id": team_id, "name": "town", "display_name": "Town", "type": "O"}),
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
    let _ = a;
    // Mail goes to people who are not online.
    bob.put(
        &format!("/api/v4/users/{bob_id}/status"),
        json!({"user_id": bob_id, "status": "away"}),
    )
    .await
    .ok(200);
    Setup {
        s,
        sink,
        admin,
        alice,
        bob,
        bob_id,
        channel_id,
    }
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
async fn a_mention_arrives_by_email() {
    let t = setup(json!({})).await;
    say(&t.alice, &t.channel_id, "no mention here").await;
    let post = say(&t.alice, &t.channel_id, "@bob please *review* <b>this</b>").await;
    let mails = t.sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(t.sink.mails().len(), 1, "only the mention mails");
    let m = &mails[0];
    assert_eq!(m.to, vec!["<bob@example.com>"]);
    assert_eq!(m.from, "<noreply@outpost.test>");
    assert_eq!(m.header("From"), "Outpost <noreply@outpost.test>");
    assert_eq!(m.header("To"), "bob@example.com");
    assert_eq!(
        m.header("Subject"),
        "[Outpost] New Mention from @alice in Town"
    );
    assert!(
        m.header("Content-Type")
            .starts_with("multipart/alternative")
    );
    let body = m.decoded();
    let link = format!(
        "http://chat.example/mailteam/pl/{}",
        post["id"].as_str().unwrap()
    );
    assert!(body.contains("Content-Type: text/plain"), "{body}");
    assert!(body.contains("Content-Type: text/html"), "{body}");
    assert!(body.contains("@alice in Town"), "{body}");
    assert!(
        body.contains("@bob please *review* <b>this</b>"),
        "plain text keeps the message: {body}"
    );
    assert!(
        body.contains("<em>review</em>"),
        "HTML renders Markdown: {body}"
    );
    assert!(
        body.contains("&lt;b&gt;this&lt;/b&gt;"),
        "raw HTML is escaped: {body}"
    );
    assert!(body.contains(&link), "{body}");
    t.s.stop().await;
}

#[tokio::test]
async fn dnd_online_and_opted_out_users_get_no_mail() {
    let t = setup(json!({})).await;
    let status = |s: &'static str| json!({"user_id": t.bob_id, "status": s});
    t.bob
        .put(&format!("/api/v4/users/{}/status", t.bob_id), status("dnd"))
        .await
        .ok(200);
    say(&t.alice, &t.channel_id, "@bob dnd").await;
    t.bob
        .put(
            &format!("/api/v4/users/{}/status", t.bob_id),
            status("online"),
        )
        .await
        .ok(200);
    say(&t.alice, &t.channel_id, "@bob online").await;
    t.bob
        .put(
            &format!("/api/v4/users/{}/status", t.bob_id),
            status("away"),
        )
        .await
        .ok(200);
    t.bob
        .put(
            &format!(
                "/api/v4/channels/{}/members/{}/notify_props",
                t.channel_id, t.bob_id
            ),
            json!({"channel_id": t.channel_id, "user_id": t.bob_id, "email": "false"}),
        )
        .await
        .ok(200);
    say(&t.alice, &t.channel_id, "@bob channel says no mail").await;
    t.bob
        .put(
            &format!(
                "/api/v4/channels/{}/members/{}/notify_props",
                t.channel_id, t.bob_id
            ),
            json!({"channel_id": t.channel_id, "user_id": t.bob_id, "email": "default"}),
        )
        .await
        .ok(200);
    say(&t.alice, &t.channel_id, "@bob marker").await;
    t.sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mails = t.sink.mails();
    assert_eq!(mails.len(), 1, "{mails:#?}");
    assert!(mails[0].decoded().contains("@bob marker"));
    t.s.stop().await;
}

#[tokio::test]
async fn batched_mentions_arrive_in_one_mail() {
    let t =
        setup(json!({"EmailSettings": {"EnableEmailBatching": true, "EmailBatchingInterval": 1}}))
            .await;
    t.bob
        .put(
            &format!("/api/v4/users/{}/preferences", t.bob_id),
            json!([{"user_id": t.bob_id, "category": "notifications", "name": "email_interval", "value": "2"}]),
        )
        .await
        .ok(200);
    say(&t.alice, &t.channel_id, "@bob first").await;
    say(&t.alice, &t.channel_id, "@bob second").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        t.sink.mails().is_empty(),
        "nothing before the batch window closes"
    );
    let mails = t.sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(t.sink.mails().len(), 1, "one mail for the batch");
    let m = &mails[0];
    assert_eq!(m.header("Subject"), "[Outpost] New Notifications (2)");
    let body = m.decoded();
    assert!(
        body.contains("@bob first") && body.contains("@bob second"),
        "{body}"
    );
    t.s.stop().await;
}

#[tokio::test]
async fn smtp_refusals_are_retried() {
    let t = setup(json!({})).await;
    *t.sink.refuse.lock().unwrap() = 2;
    let started = std::time::Instant::now();
    say(&t.alice, &t.channel_id, "@bob eventually").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "posting does not wait for SMTP"
    );
    let mails = t.sink.wait_for(1).await;
    assert!(mails[0].decoded().contains("@bob eventually"));
    assert_eq!(
        *t.sink.refuse.lock().unwrap(),
        0,
        "two sessions were refused first"
    );
    t.s.stop().await;
}

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
