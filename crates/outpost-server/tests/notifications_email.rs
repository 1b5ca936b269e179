//! E-mail notifications against a real SMTP conversation (see `common/smtp.rs`): mentions, the
//! rules that keep mail away, batching, and retries.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::time::Duration;

use common::smtp::{say, setup};
use serde_json::json;

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
