//! Outgoing webhooks against a real local HTTP server: management API, trigger words and
//! `trigger_when`, JSON and form payloads, answers that become posts (and thread replies).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::time::Duration;

use common::remote::{Canned, Remote};
use common::{Fixture, channel, fixture_with, id};
use serde_json::{Value, json};

fn settings() -> Value {
    json!({"ServiceSettings": {"EnablePostUsernameOverride": true, "AllowedUntrustedInternalConnections": "127.0.0.1"}})
}

async fn say(c: &outpost_testkit::Client, ch: &str, message: &str) -> Value {
    c.post(
        "/api/v4/posts",
        json!({"channel_id": ch, "message": message}),
    )
    .await
    .ok(201)
}

/// Waits until the channel holds a post with `message`, and returns it.
async fn wait_for_post(f: &Fixture, ch: &str, message: &str) -> Value {
    for _ in 0..100 {
        let list = f
            .alice
            .get(&format!("/api/v4/channels/{ch}/posts"))
            .await
            .ok(200);
        if let Some(p) = list["posts"]
            .as_object()
            .unwrap()
            .values()
            .find(|p| p["message"] == message)
        {
            return p.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no post {message:?} in {ch}");
}

#[tokio::test]
async fn outgoing_hooks_call_out_and_post_answers() {
    let remote = Remote::start().await;
    let f = fixture_with(settings()).await;
    let ch = id(&channel(&f.alice, &f.team_id, "ops", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    remote.answer("/json", Canned::json(json!({"text": "deploying <https://ci/1|build 1>", "username": "deployer", "response_type": "comment"})));
    remote.answer("/form", Canned::json(json!({"text": "form seen", "attachments": [{"text": "att", "fields": [{"title": "a", "value": 1}]}]})));
    remote.answer("/quiet", Canned::text(200, "application/json", ""));
    let json_hook = f
        .alice
        .post("/api/v4/hooks/outgoing", json!({
            "team_id": f.team_id, "display_name": "Deployer", "trigger_words": ["deploy"], "trigger_when": 0,
            "callback_urls": [format!("{}/json", remote.url), format!("{}/quiet", remote.url)], "content_type": "application/json"
        }))
        .await
        .ok(201);
    assert_eq!(json_hook["token"].as_str().unwrap().len(), 26);
    assert_eq!(json_hook["creator_id"], f.alice_id.as_str());
    f.alice
        .post("/api/v4/hooks/outgoing", json!({
            "channel_id": ch, "display_name": "Builder", "trigger_words": ["bui"], "trigger_when": 1,
            "callback_urls": [format!("{}/form", remote.url)]
        }))
        .await
        .ok(201);

    // Not triggered: the trigger word is not the first word.
    say(&f.bob, &ch, "please deploy").await;
    // Triggered (exact first word), JSON to both callback URLs; the answer replies in the thread.
    let p = say(&f.bob, &ch, "deploy api now").await;
    let seen = remote.wait_for(2).await;
    let json_req = seen.iter().find(|s| s.path == "/json").unwrap();
    let body = json_req.json();
    assert_eq!(json_req.headers["content-type"], "application/json");
    assert_eq!(body["token"], json_hook["token"]);
    assert_eq!(body["team_id"], f.team_id.as_str());
    assert_eq!(body["team_domain"], "alpha");
    assert_eq!(body["channel_id"], ch.as_str());
    assert_eq!(body["channel_name"], "ops");
    assert_eq!(body["user_id"], f.bob_id.as_str());
    assert_eq!(body["user_name"], "bob");
    assert_eq!(body["post_id"], p["id"]);
    assert_eq!(body["text"], "deploy api now");
    assert_eq!(body["trigger_word"], "deploy");
    assert_eq!(body["timestamp"], p["create_at"]);
    assert_eq!(body["file_ids"], "");
    let reply = wait_for_post(&f, &ch, "deploying [build 1](https://ci/1)").await;
    assert_eq!(reply["root_id"], p["id"]);
    assert_eq!(reply["user_id"], f.alice_id.as_str());
    assert_eq!(reply["props"]["from_webhook"], "true");
    assert_eq!(reply["props"]["override_username"], "deployer");
    assert_eq!(reply["props"]["webhook_display_name"], "Deployer");

    // Channel hook, starts-with trigger, form body.
    say(&f.bob, &ch, "building everything").await;
    let seen = remote.wait_for(3).await;
    let form = seen.iter().find(|s| s.path == "/form").unwrap().form();
    assert_eq!(form["trigger_word"], "bui");
    assert_eq!(form["text"], "building everything");
    let answer = wait_for_post(&f, &ch, "form seen").await;
    assert_eq!(answer["root_id"], "");
    assert_eq!(answer["props"]["attachments"][0]["fields"][0]["value"], "1");
    // Webhook posts never trigger hooks again, so exactly three calls happened.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(remote.seen().len(), 3);
}

#[tokio::test]
async fn manage_outgoing_hooks() {
    let f = fixture_with(settings()).await;
    let ch = id(&channel(&f.alice, &f.team_id, "ops", "O").await);
    let private = id(&channel(&f.alice, &f.team_id, "priv", "P").await);
    let h = f
        .alice
        .post("/api/v4/hooks/outgoing", json!({"team_id": f.team_id, "trigger_words": ["go"], "callback_urls": ["https://x.example/a"]}))
        .await
        .ok(201);
    let hid = id(&h);
    assert_eq!(
        f.alice
            .get(&format!("/api/v4/hooks/outgoing/{hid}"))
            .await
            .ok(200),
        h
    );
    let list = f
        .alice
        .get(&format!("/api/v4/hooks/outgoing?team_id={}", f.team_id))
        .await
        .ok(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let mut changed = h.clone();
    changed["trigger_words"] = json!(["ship"]);
    changed["channel_id"] = json!(ch);
    let up = f
        .alice
        .put(&format!("/api/v4/hooks/outgoing/{hid}"), changed)
        .await
        .ok(200);
    assert_eq!(up["trigger_words"], json!(["ship"]));
    assert_eq!(up["token"], h["token"]);
    let regen = f
        .alice
        .post(
            &format!("/api/v4/hooks/outgoing/{hid}/regen_token"),
            json!({}),
        )
        .await
        .ok(200);
    assert_ne!(regen["token"], h["token"]);

    f.bob
        .post("/api/v4/hooks/outgoing", json!({"team_id": f.team_id, "trigger_words": ["x"], "callback_urls": ["https://x.example"]}))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get(&format!("/api/v4/hooks/outgoing/{hid}"))
        .await
        .err(403, "api.context.permissions.app_error");
    f.eve
        .get(&format!("/api/v4/hooks/outgoing?team_id={}", f.team_id))
        .await
        .err(403, "api.context.permissions.app_error");

    for (body, status, err) in [
        (
            json!({"team_id": f.team_id, "callback_urls": ["https://x.example"]}),
            400,
            "api.webhook.create_outgoing.triggers.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger_words": ["x"], "callback_urls": []}),
            400,
            "model.outgoing_hook.is_valid.callback.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger_words": ["x"], "callback_urls": ["nope"]}),
            400,
            "model.outgoing_hook.is_valid.callback.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger_words": ["x"], "callback_urls": ["https://x.example"], "trigger_when": 5}),
            400,
            "model.outgoing_hook.is_valid.trigger_when.app_error",
        ),
        (
            json!({"channel_id": private, "callback_urls": ["https://x.example"]}),
            403,
            "api.webhook.create_outgoing.not_open.app_error",
        ),
        (
            json!({"team_id": f.team_id, "channel_id": ch, "trigger_words": ["ship"], "callback_urls": ["https://x.example/a"]}),
            400,
            "api.webhook.create_outgoing.intersect.app_error",
        ),
        (
            json!({"trigger_words": ["x"], "callback_urls": ["https://x.example"]}),
            400,
            "api.context.invalid_body_param.app_error",
        ),
    ] {
        f.alice
            .post("/api/v4/hooks/outgoing", body)
            .await
            .err(status, err);
    }
    f.alice
        .delete(&format!("/api/v4/hooks/outgoing/{hid}"))
        .await
        .ok(200);
    f.alice
        .get(&format!("/api/v4/hooks/outgoing/{hid}"))
        .await
        .err(404, "app.webhooks.get_outgoing.app_error");
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableOutgoingWebhooks": false}}),
        )
        .await
        .ok(200);
    f.alice
        .get(&format!("/api/v4/hooks/outgoing?team_id={}", f.team_id))
        .await
        .err(501, "api.outgoing_webhook.disabled.app_error");
}
