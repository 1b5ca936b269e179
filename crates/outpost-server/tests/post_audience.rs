//! Who a post reaches follows every change at once: the server keeps a channel's members (as
//! mention detection reads them) and whether outgoing webhooks exist in memory between posts,
//! so joins, leaves, renames, notify props, deactivation and new webhooks must all show on the
//! very next post.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::remote::{Canned, Remote};
use common::smtp::say;
use common::ws::{self, assert_no_event, data_json, next_event};
use common::{channel, fixture, fixture_with, id};
use serde_json::{Value, json};

/// The next `posted` event of a post saying `message` (skipping system messages and the like).
async fn posted_saying(ws: &mut ws::Ws, message: &str) -> Value {
    loop {
        let ev = next_event(ws, "posted").await;
        if data_json(&ev, "post")["message"] == message {
            return ev;
        }
    }
}

/// The `mentions` of a `posted` event (empty when the event has none).
fn mentions(ev: &Value) -> Vec<String> {
    if ev["data"].get("mentions").is_none() {
        return Vec::new();
    }
    serde_json::from_value(data_json(ev, "mentions")).unwrap()
}

#[tokio::test]
async fn the_next_post_sees_membership_name_and_props_changes() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "audience", "O").await);
    let mut bob_ws = ws::connect(&f.s, &f.bob).await;
    // Read the channel's members once while bob is not among them.
    say(&f.alice, &ch, "before @bob joins").await;
    assert_no_event(&mut bob_ws, "posted").await;

    // Joining: the very next post reaches bob and mentions him.
    f.bob
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    say(&f.alice, &ch, "welcome @bob").await;
    let ev = posted_saying(&mut bob_ws, "welcome @bob").await;
    assert_eq!(mentions(&ev), vec![f.bob_id.clone()]);

    // A new username: mentioned by the new name, not by the old one.
    f.bob
        .put("/api/v4/users/me/patch", json!({"username": "robert"}))
        .await
        .ok(200);
    say(&f.alice, &ch, "hello @bob").await;
    let ev = posted_saying(&mut bob_ws, "hello @bob").await;
    assert!(mentions(&ev).is_empty(), "{ev}");
    say(&f.alice, &ch, "hello @robert").await;
    let ev = posted_saying(&mut bob_ws, "hello @robert").await;
    assert_eq!(mentions(&ev), vec![f.bob_id.clone()]);

    // Channel notify props: channel-wide mentions ignored from now on.
    say(&f.alice, &ch, "@channel lunch").await;
    let ev = posted_saying(&mut bob_ws, "@channel lunch").await;
    assert_eq!(mentions(&ev), vec![f.bob_id.clone()]);
    f.bob
        .put(
            &format!("/api/v4/channels/{ch}/members/me/notify_props"),
            json!({"ignore_channel_mentions": "on"}),
        )
        .await
        .ok(200);
    say(&f.alice, &ch, "@channel dinner").await;
    let ev = posted_saying(&mut bob_ws, "@channel dinner").await;
    assert!(mentions(&ev).is_empty(), "{ev}");

    // Leaving: the next post no longer reaches bob.
    f.bob
        .delete(&format!("/api/v4/channels/{ch}/members/{}", f.bob_id))
        .await
        .ok(200);
    say(&f.alice, &ch, "after @robert left").await;
    assert_no_event(&mut bob_ws, "posted").await;
}

#[tokio::test]
async fn a_deactivated_member_is_no_longer_mentioned() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "deact", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let mut alice_ws = ws::connect(&f.s, &f.alice).await;
    f.bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "hi @alice"}),
        )
        .await
        .ok(201);
    let ev = posted_saying(&mut alice_ws, "hi @alice").await;
    assert_eq!(mentions(&ev), vec![f.alice_id.clone()]);
    // Mentioning bob works while he is active…
    say(&f.alice, &ch, "ping @bob").await;
    let ev = posted_saying(&mut alice_ws, "ping @bob").await;
    assert_eq!(mentions(&ev), vec![f.bob_id.clone()]);
    f.admin
        .put(
            &format!("/api/v4/users/{}/active", f.bob_id),
            json!({"active": false}),
        )
        .await
        .ok(200);
    // …and after deactivation his mention counter stays where it was.
    let before = f
        .admin
        .get(&format!("/api/v4/channels/{ch}/members/{}", f.bob_id))
        .await
        .ok(200)["mention_count"]
        .clone();
    say(&f.alice, &ch, "ping @bob again").await;
    let ev = posted_saying(&mut alice_ws, "ping @bob again").await;
    assert!(mentions(&ev).is_empty(), "{ev}");
    let after = f
        .admin
        .get(&format!("/api/v4/channels/{ch}/members/{}", f.bob_id))
        .await
        .ok(200)["mention_count"]
        .clone();
    assert_eq!(before, json!(1));
    assert_eq!(
        after, before,
        "a deactivated user is not counted as mentioned"
    );
}

#[tokio::test]
async fn a_new_outgoing_webhook_fires_on_the_next_post() {
    let remote = Remote::start().await;
    let f = fixture_with(
        json!({"ServiceSettings": {"AllowedUntrustedInternalConnections": "127.0.0.1"}}),
    )
    .await;
    let ch = id(&channel(&f.alice, &f.team_id, "hooks", "O").await);
    // No webhook yet: the server learns (and may remember) that there is none. Outgoing
    // webhooks are looked up after the post is answered, so give that look-up a moment to run
    // before the webhook exists (the message does not hold the trigger word either way).
    say(&f.alice, &ch, "nothing to see").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    remote.answer("/hook", Canned::text(200, "application/json", ""));
    f.alice
        .post(
            "/api/v4/hooks/outgoing",
            json!({"team_id": f.team_id, "display_name": "Deployer", "trigger_words": ["deploy"],
                   "trigger_when": 0, "callback_urls": [format!("{}/hook", remote.url)]}),
        )
        .await
        .ok(201);
    say(&f.alice, &ch, "deploy now").await;
    let seen = remote.wait_for(1).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].form()["text"], "deploy now");
}

#[tokio::test]
async fn a_created_post_carries_its_thread_counters_and_priority() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "threads", "O").await);
    let root = say(&f.alice, &ch, "root").await;
    assert_eq!(root["reply_count"], 0);
    assert_eq!(root["metadata"], json!({}));
    let r1 = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "root_id": id(&root), "message": "one", "has_reactions": true}),
        )
        .await
        .ok(201);
    assert_eq!(r1["reply_count"], 1);
    assert_eq!(r1["last_reply_at"], r1["create_at"]);
    assert!(r1.get("has_reactions").is_none(), "{r1}");
    let r2 = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "root_id": id(&root), "message": "two",
                   "metadata": {"priority": {"priority": "important", "requested_ack": true}}}),
        )
        .await
        .ok(201);
    assert_eq!(r2["reply_count"], 2);
    assert_eq!(
        r2["metadata"]["priority"],
        json!({"priority": "important", "requested_ack": true, "persistent_notifications": false})
    );
    // What the create answered is what a read returns (the root's counters moved since).
    for p in [&root, &r1, &r2] {
        let read = f
            .alice
            .get(&format!("/api/v4/posts/{}", id(p)))
            .await
            .ok(200);
        for key in [
            "message",
            "create_at",
            "root_id",
            "props",
            "hashtags",
            "user_id",
        ] {
            assert_eq!(read[key], p[key], "{key} of {p}");
        }
        assert_eq!(read["metadata"]["priority"], p["metadata"]["priority"]);
    }
    let read = f
        .alice
        .get(&format!("/api/v4/posts/{}", id(&r2)))
        .await
        .ok(200);
    assert_eq!(read["reply_count"], r2["reply_count"]);
    assert_eq!(read["last_reply_at"], r2["last_reply_at"]);
}
