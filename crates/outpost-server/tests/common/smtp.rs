//! A small SMTP server for tests (127.0.0.1:0) that records every delivered message and can
//! refuse the first sessions (421), and a server wired to it with alice, bob and a channel.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use outpost_testkit::{Client, TestServer};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// One delivered message.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub from: String,
    pub to: Vec<String>,
    pub auth: Option<String>,
    pub data: String,
}

impl Delivered {
    pub fn header(&self, name: &str) -> String {
        let prefix = format!("{}:", name.to_lowercase());
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
            .unwrap_or_default()
    }

    /// The body with quoted-printable soft breaks and escapes undone.
    pub fn decoded(&self) -> String {
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
pub struct Sink {
    pub mails: Arc<Mutex<Vec<Delivered>>>,
    /// Sessions still to refuse with `421`.
    pub refuse: Arc<Mutex<u32>>,
}

impl Sink {
    pub async fn start() -> (Self, u16) {
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

    pub fn mails(&self) -> Vec<Delivered> {
        self.mails.lock().unwrap().clone()
    }

    pub async fn wait_for(&self, n: usize) -> Vec<Delivered> {
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

pub struct Setup {
    pub s: TestServer,
    pub sink: Sink,
    pub admin: Client,
    pub alice: Client,
    pub bob: Client,
    pub bob_id: String,
    pub channel_id: String,
}

pub async fn setup(extra: Value) -> Setup {
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

pub async fn say(c: &Client, channel_id: &str, message: &str) -> Value {
    c.post(
        "/api/v4/posts",
        json!({"channel_id": channel_id, "message": message}),
    )
    .await
    .ok(201)
}
