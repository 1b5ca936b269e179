//! Incoming webhooks: management API, permissions, and the public `POST /hooks/{id}` with JSON
//! and Slack-style `payload=` bodies, attachments, overrides, channel overrides and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{Fixture, channel, fixture_with, id};
use serde_json::{Value, json};

fn overrides_on() -> Value {
    json!({"ServiceSettings": {"EnablePostUsernameOverride": true, "EnablePostIconOverride": true}})
}

async fn add_member(c: &outpost_testkit::Client, channel_id: &str, user_id: &str) {
    c.post(
        &format!("/api/v4/channels/{channel_id}/members"),
        json!({"user_id": user_id}),
    )
    .await
    .ok(201);
}

/// Posts of a channel, newest first.
async fn posts(f: &Fixture, channel_id: &str) -> Vec<Value> {
    let list = f
        .alice
        .get(&format!("/api/v4/channels/{channel_id}/posts"))
        .await
        .ok(200);
    list["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| list["posts"][i.as_str().unwrap()].clone())
        .filter(|p| !p["type"].as_str().unwrap_or("").starts_with("system_"))
        .collect()
}

async fn hook(f: &Fixture, channel_id: &str, extra: Value) -> Value {
    let mut body = json!({"channel_id": channel_id, "display_name": "CI", "description": "builds"});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    f.alice.post("/api/v4/hooks/incoming", body).await.ok(201)
}

async fn send(f: &Fixture, hook_id: &str, body: Value) -> outpost_testkit::Resp {
    let req =
        f.s.client()
            .request(reqwest::Method::POST, &format!("/hooks/{hook_id}"))
            .json(&body);
    outpost_testkit::Client::read(req).await
}

#[tokio::test]
async fn manage_incoming_hooks() {
    let f = fixture_with(overrides_on()).await;
    let ch = id(&channel(&f.alice, &f.team_id, "builds", "O").await);
    let h = hook(
        &f,
        &ch,
        json!({"username": "ci-bot", "icon_url": "https://ci/icon.png"}),
    )
    .await;
    assert_eq!(h["channel_id"], ch.as_str());
    assert_eq!(h["team_id"], f.team_id.as_str());
    assert_eq!(h["user_id"], f.alice_id.as_str());
    assert_eq!(h["username"], "ci-bot");
    assert_eq!(h["channel_locked"], false);
    let hid = id(&h);

    let got = f
        .alice
        .get(&format!("/api/v4/hooks/incoming/{hid}"))
        .await
        .ok(200);
    assert_eq!(got, h);
    let list = f
        .alice
        .get(&format!("/api/v4/hooks/incoming?team_id={}", f.team_id))
        .await
        .ok(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let all = f.admin.get("/api/v4/hooks/incoming").await.ok(200);
    assert_eq!(all[0]["id"], hid.as_str());

    let mut changed = h.clone();
    changed["display_name"] = json!("CI builds");
    changed["channel_locked"] = json!(true);
    let up = f
        .alice
        .put(&format!("/api/v4/hooks/incoming/{hid}"), changed)
        .await
        .ok(200);
    assert_eq!(up["display_name"], "CI builds");
    assert_eq!(up["channel_locked"], true);
    assert!(up["update_at"].as_i64() >= h["update_at"].as_i64());

    // A plain team member may not manage hooks, nor see them; outsiders neither.
    f.bob
        .post("/api/v4/hooks/incoming", json!({"channel_id": ch}))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get(&format!("/api/v4/hooks/incoming/{hid}"))
        .await
        .err(403, "api.context.permissions.app_error");
    f.eve
        .get(&format!("/api/v4/hooks/incoming?team_id={}", f.team_id))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .delete(&format!("/api/v4/hooks/incoming/{hid}"))
        .await
        .err(403, "api.context.permissions.app_error");

    // Bad input.
    f.alice
        .post("/api/v4/hooks/incoming", json!({"channel_id": "nope"}))
        .await
        .err(404, "app.channel.get.existing.app_error");
    f.alice
        .post(
            "/api/v4/hooks/incoming",
            json!({"channel_id": ch, "display_name": "x".repeat(65)}),
        )
        .await
        .err(400, "model.incoming_hook.display_name.app_error");
    let raw = f
        .alice
        .request(reqwest::Method::POST, "/api/v4/hooks/incoming")
        .header("content-type", "application/json")
        .body("{");
    outpost_testkit::Client::read(raw)
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.alice
        .get("/api/v4/hooks/incoming/bad")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .get(&format!(
            "/api/v4/hooks/incoming/{}",
            outpost_model::new_id()
        ))
        .await
        .err(404, "app.webhooks.get_incoming.app_error");
    let mut wrong = up.clone();
    wrong["id"] = json!(outpost_model::new_id());
    f.alice
        .put(&format!("/api/v4/hooks/incoming/{hid}"), wrong)
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    f.alice
        .delete(&format!("/api/v4/hooks/incoming/{hid}"))
        .await
        .ok(200);
    f.alice
        .get(&format!("/api/v4/hooks/incoming/{hid}"))
        .await
        .err(404, "app.webhooks.get_incoming.app_error");
    // A deleted hook no longer posts, and says no more than an unknown one.
    let gone = send(&f, &hid, json!({"text": "hi"})).await;
    let unknown = send(&f, &outpost_model::new_id(), json!({"text": "hi"})).await;
    assert_eq!(gone.json["id"], unknown.json["id"]);
    gone.err(404, "web.incoming_webhook.invalid.app_error");
    unknown.err(404, "web.incoming_webhook.invalid.app_error");
}

#[tokio::test]
async fn posts_rich_attachments_with_overrides() {
    let f = fixture_with(overrides_on()).await;
    let ch = id(&channel(&f.alice, &f.team_id, "builds", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;
    let hid = id(&hook(&f, &ch, json!({"username": "ci-bot"})).await);
    let mut ws = common::ws::connect(&f.s, &f.bob).await;

    let payload = json!({
        "text": "<!channel> Build <https://ci.example/b/42|#42> failed",
        "icon_url": "https://ci.example/icon.png",
        "props": {"card": "details", "from_webhook": "false"},
        "attachments": [{
            "fallback": "Build #42 failed",
            "color": "#FF0000",
            "pretext": "See <https://ci.example|CI>",
            "author_name": "ci", "author_link": "https://ci.example", "author_icon": "https://ci.example/a.png",
            "title": "Build #42", "title_link": "https://ci.example/b/42",
            "text": "3 tests failed",
            "fields": [{"title": "Branch", "value": "main", "short": true}, {"title": "Duration", "value": 93, "short": "false"}],
            "image_url": "https://ci.example/i.png", "thumb_url": "https://ci.example/t.png",
            "footer": "CI", "footer_icon": "https://ci.example/f.png",
            "ts": 1700000000
        }]
    });
    let r = send(&f, &hid, payload).await;
    assert_eq!(r.status, 200);
    assert_eq!(String::from_utf8_lossy(&r.body), "ok");
    assert_eq!(r.header("content-type"), "text/plain");

    let p = &posts(&f, &ch).await[0];
    assert_eq!(p["user_id"], f.alice_id.as_str());
    assert_eq!(
        p["message"],
        "@channel Build [#42](https://ci.example/b/42) failed"
    );
    assert_eq!(p["type"], "slack_attachment");
    let props = &p["props"];
    assert_eq!(props["from_webhook"], "true");
    assert_eq!(props["override_username"], "ci-bot");
    assert_eq!(props["override_icon_url"], "https://ci.example/icon.png");
    assert_eq!(props["webhook_display_name"], "CI");
    assert_eq!(props["card"], "details");
    let a = &props["attachments"][0];
    assert_eq!(a["pretext"], "See [CI](https://ci.example)");
    assert_eq!(a["color"], "#FF0000");
    assert_eq!(a["title_link"], "https://ci.example/b/42");
    assert_eq!(
        a["fields"][0],
        json!({"title": "Branch", "value": "main", "short": true})
    );
    assert_eq!(
        a["fields"][1],
        json!({"title": "Duration", "value": "93", "short": false})
    );
    assert_eq!(a["ts"], 1_700_000_000);
    assert_eq!(a["footer_icon"], "https://ci.example/f.png");

    let ev = common::ws::next_json(&mut ws).await;
    assert_eq!(ev["event"], "posted");
    let live: Value = serde_json::from_str(ev["data"]["post"].as_str().unwrap()).unwrap();
    assert_eq!(live["props"]["from_webhook"], "true");

    // Slack's form style: `payload=<json>`.
    let form =
        f.s.client()
            .request(reqwest::Method::POST, &format!("/hooks/{hid}"))
            .form(&[(
                "payload",
                json!({"text": "from a form", "username": "deployer"}).to_string(),
            )]);
    outpost_testkit::Client::read(form).await.ok(200);
    let p = &posts(&f, &ch).await[0];
    assert_eq!(p["message"], "from a form");
    assert_eq!(p["props"]["override_username"], "deployer");
    assert_eq!(p["type"], "");
}

#[tokio::test]
async fn overrides_need_the_settings() {
    let f = fixture_with(json!({})).await;
    let ch = id(&channel(&f.alice, &f.team_id, "builds", "O").await);
    let h = hook(
        &f,
        &ch,
        json!({"username": "ci-bot", "icon_url": "https://x/i.png"}),
    )
    .await;
    assert_eq!(h["username"], "");
    assert_eq!(h["icon_url"], "");
    send(
        &f,
        &id(&h),
        json!({"text": "plain", "username": "x", "icon_url": "https://x/y.png"}),
    )
    .await
    .ok(200);
    let p = &posts(&f, &ch).await[0];
    assert_eq!(p["props"]["from_webhook"], "true");
    assert!(p["props"].get("override_username").is_none());
    assert!(p["props"].get("override_icon_url").is_none());

    // A user's own post can never claim to be from a webhook.
    let own = f
        .alice
        .post("/api/v4/posts", json!({"channel_id": ch, "message": "me", "props": {"from_webhook": "true", "override_username": "ci"}}))
        .await
        .ok(201);
    assert!(own["props"].get("from_webhook").is_none());
    assert!(own["props"].get("override_username").is_none());
}

#[tokio::test]
async fn channel_override_lock_and_direct_messages() {
    let f = fixture_with(overrides_on()).await;
    let builds = id(&channel(&f.alice, &f.team_id, "builds", "O").await);
    let deploys = id(&channel(&f.alice, &f.team_id, "deploys", "O").await);
    let secret = id(&channel(&f.bob, &f.team_id, "secret", "P").await);
    let hid = id(&hook(&f, &builds, json!({})).await);

    send(
        &f,
        &hid,
        json!({"text": "to deploys", "channel": "deploys"}),
    )
    .await
    .ok(200);
    assert_eq!(posts(&f, &deploys).await[0]["message"], "to deploys");
    send(
        &f,
        &hid,
        json!({"text": "hash form", "channel": "#deploys"}),
    )
    .await
    .ok(200);
    assert_eq!(posts(&f, &deploys).await[0]["message"], "hash form");
    send(&f, &hid, json!({"text": "x", "channel": "no-such"}))
        .await
        .err(404, "web.incoming_webhook.channel.app_error");
    // The owner cannot read bob's private channel, so neither can the hook.
    let secret_name = "secret";
    send(&f, &hid, json!({"text": "x", "channel": secret_name}))
        .await
        .err(403, "web.incoming_webhook.permissions.app_error");
    let secret_posts = f
        .bob
        .get(&format!("/api/v4/channels/{secret}/posts"))
        .await
        .ok(200);
    assert!(
        secret_posts["order"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| { secret_posts["posts"][i.as_str().unwrap()]["message"] != "x" })
    );

    // `@user` sends a direct message from the hook's owner.
    send(&f, &hid, json!({"text": "psst", "channel": "@bob"}))
        .await
        .ok(200);
    let dm = f
        .alice
        .post("/api/v4/channels/direct", json!([f.alice_id, f.bob_id]))
        .await
        .ok(201);
    let dm_posts = f
        .bob
        .get(&format!("/api/v4/channels/{}/posts", id(&dm)))
        .await
        .ok(200);
    let first = &dm_posts["posts"][dm_posts["order"][0].as_str().unwrap()];
    assert_eq!(first["message"], "psst");
    assert_eq!(first["props"]["from_webhook"], "true");
    send(&f, &hid, json!({"text": "x", "channel": "@nobody"}))
        .await
        .err(400, "web.incoming_webhook.user.app_error");

    // Locked to its channel.
    let mut h = f
        .alice
        .get(&format!("/api/v4/hooks/incoming/{hid}"))
        .await
        .ok(200);
    h["channel_locked"] = json!(true);
    f.alice
        .put(&format!("/api/v4/hooks/incoming/{hid}"), h)
        .await
        .ok(200);
    send(&f, &hid, json!({"text": "x", "channel": "deploys"}))
        .await
        .err(403, "web.incoming_webhook.channel_locked.app_error");
    send(&f, &hid, json!({"text": "still fine", "channel": "builds"}))
        .await
        .ok(200);
}

#[tokio::test]
async fn bad_payloads_post_nothing() {
    let f = fixture_with(json!({"ServiceSettings": {"MaximumPayloadSizeBytes": 2000}})).await;
    let ch = id(&channel(&f.alice, &f.team_id, "builds", "O").await);
    let hid = id(&hook(&f, &ch, json!({})).await);
    let raw = |body: &'static str, ct: &'static str| {
        f.s.client()
            .request(reqwest::Method::POST, &format!("/hooks/{hid}"))
            .header("content-type", ct)
            .body(body)
    };
    outpost_testkit::Client::read(raw("{not json", "application/json"))
        .await
        .err(400, "api.webhook.incoming.error");
    outpost_testkit::Client::read(raw(
        "payload=%7Bbroken",
        "application/x-www-form-urlencoded",
    ))
    .await
    .err(400, "api.webhook.incoming.error");
    send(
        &f,
        &hid,
        json!({"text": "x", "attachments": [{"fields": [{"title": "t", "value": {"deep": 1}}]}]}),
    )
    .await
    .err(400, "api.webhook.incoming.error");
    send(&f, &hid, json!({"text": "x", "attachments": "nope"}))
        .await
        .err(400, "api.webhook.incoming.error");
    send(&f, &hid, json!({"username": "only"}))
        .await
        .err(400, "web.incoming_webhook.text.app_error");
    send(
        &f,
        &hid,
        json!({"text": "x", "type": "system_join_channel"}),
    )
    .await
    .err(400, "api.context.invalid_param.app_error");
    send(&f, &hid, json!({"text": "y".repeat(3000)}))
        .await
        .err(413, "api.context.request_body_too_large.app_error");
    assert!(posts(&f, &ch).await.is_empty(), "no partial post");

    // Turned off by the administrator.
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableIncomingWebhooks": false}}),
        )
        .await
        .ok(200);
    send(&f, &hid, json!({"text": "x"}))
        .await
        .err(501, "web.incoming_webhook.disabled.app_error");
    f.alice
        .get(&format!("/api/v4/hooks/incoming?team_id={}", f.team_id))
        .await
        .err(501, "api.incoming_webhook.disabled.app_error");
}

#[tokio::test]
async fn priority_is_kept_in_the_post_metadata() {
    let f = fixture_with(overrides_on()).await;
    let ch = id(&channel(&f.alice, &f.team_id, "alerts", "O").await);
    let h = hook(&f, &ch, json!({})).await;
    send(
        &f,
        &id(&h),
        json!({"text": "disk full", "priority": {"priority": "urgent", "requested_ack": true}}),
    )
    .await
    .ok(200);
    let post = posts(&f, &ch).await.into_iter().next().unwrap();
    assert_eq!(post["message"], "disk full");
    let read = f
        .alice
        .get(&format!("/api/v4/posts/{}", id(&post)))
        .await
        .ok(200);
    assert_eq!(
        read["metadata"]["priority"],
        json!({"priority": "urgent", "requested_ack": true, "persistent_notifications": false})
    );
    // A priority Mattermost does not know, or of the wrong shape: 400 and no post.
    for bad in [
        json!({"priority": "critical"}),
        json!("urgent"),
        json!({"requested_ack": "yes"}),
    ] {
        send(&f, &id(&h), json!({"text": "nope", "priority": bad}))
            .await
            .err(400, "model.post.is_valid.priority.app_error");
    }
    assert_eq!(posts(&f, &ch).await.len(), 1);
    // Users may set it on their own posts too.
    let mine = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "heads up", "metadata": {"priority": {"priority": "important"}}}),
        )
        .await
        .ok(201);
    assert_eq!(mine["metadata"]["priority"]["priority"], "important");
}
