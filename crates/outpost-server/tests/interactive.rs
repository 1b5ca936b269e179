//! Interactive messages against a real local integration: buttons and menus in attachments call
//! the integration and apply its answer; dialogs open with a trigger id and submit to the
//! integration with field errors.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::remote::{Canned, Remote};
use common::{Fixture, channel, fixture_with, id};
use serde_json::{Value, json};

async fn setup(remote: &Remote) -> (Fixture, String, String) {
    let f = fixture_with(
        json!({"ServiceSettings": {"AllowedUntrustedInternalConnections": "127.0.0.1"}}),
    )
    .await;
    let ch = id(&channel(&f.alice, &f.team_id, "approvals", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let hook = f
        .alice
        .post(
            "/api/v4/hooks/incoming",
            json!({"channel_id": ch, "display_name": "Tickets"}),
        )
        .await
        .ok(201);
    let payload = json!({"text": "Ticket 7 needs approval", "attachments": [{
        "text": "Deploy to production?",
        "actions": [
            {"id": "approve", "name": "Approve", "style": "primary",
             "integration": {"url": format!("{}/approve", remote.url), "context": {"ticket": 7}}},
            {"id": "pick", "type": "select", "name": "Environment",
             "options": [{"text": "Production", "value": "prod"}, {"text": "Staging", "value": "staging"}],
             "integration": {"url": format!("{}/pick", remote.url)}},
            {"id": "broken", "name": "Broken", "integration": {"url": format!("{}/broken", remote.url)}}
        ]
    }]});
    let req =
        f.s.client()
            .request(reqwest::Method::POST, &format!("/hooks/{}", id(&hook)))
            .json(&payload);
    outpost_testkit::Client::read(req).await.ok(200);
    let list = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts"))
        .await
        .ok(200);
    let pid = list["order"][0].as_str().unwrap().to_owned();
    (f, ch, pid)
}

#[tokio::test]
async fn buttons_call_their_integration_and_update_the_post() {
    let remote = Remote::start().await;
    let (f, ch, pid) = setup(&remote).await;
    remote.answer("/approve", Canned::json(json!({
        "update": {"message": "Ticket 7 approved", "props": {"attachments": [{"text": "Approved by bob", "color": "good"}], "from_webhook": "false"}},
        "ephemeral_text": "You approved ticket 7"
    })));
    let mut ws = common::ws::connect(&f.s, &f.bob).await;

    let r = f
        .bob
        .post(&format!("/api/v4/posts/{pid}/actions/approve"), json!({}))
        .await
        .ok(200);
    assert_eq!(r["status"], "OK");
    let seen = remote.wait_for(1).await;
    let body = seen[0].json();
    assert_eq!(body["user_id"], f.bob_id.as_str());
    assert_eq!(body["user_name"], "bob");
    assert_eq!(body["post_id"], pid.as_str());
    assert_eq!(body["channel_id"], ch.as_str());
    assert_eq!(body["channel_name"], "approvals");
    assert_eq!(body["team_id"], f.team_id.as_str());
    assert_eq!(body["team_domain"], "alpha");
    assert_eq!(body["context"]["ticket"], 7);
    assert_eq!(body["trigger_id"].as_str().unwrap().len(), 26);

    let post = f.alice.get(&format!("/api/v4/posts/{pid}")).await.ok(200);
    assert_eq!(post["message"], "Ticket 7 approved");
    assert_eq!(
        post["props"]["from_webhook"], "true",
        "the update cannot change who posted"
    );
    assert_eq!(post["props"]["attachments"][0]["text"], "Approved by bob");
    let mut events = Vec::new();
    while events.len() < 2 {
        let ev = common::ws::next_json(&mut ws).await;
        if ev["event"] == "post_edited" || ev["event"] == "ephemeral_message" {
            events.push(ev);
        }
    }
    let edited = events.iter().find(|e| e["event"] == "post_edited").unwrap();
    let live: Value = serde_json::from_str(edited["data"]["post"].as_str().unwrap()).unwrap();
    assert_eq!(live["message"], "Ticket 7 approved");
    let eph = events
        .iter()
        .find(|e| e["event"] == "ephemeral_message")
        .unwrap();
    let note: Value = serde_json::from_str(eph["data"]["post"].as_str().unwrap()).unwrap();
    assert_eq!(note["message"], "You approved ticket 7");
}

#[tokio::test]
async fn menus_goto_and_failures() {
    let remote = Remote::start().await;
    let (f, _ch, pid) = setup(&remote).await;
    remote.answer(
        "/pick",
        Canned::json(json!({"goto_location": "https://ci.example/deploy/prod"})),
    );
    remote.answer("/broken", Canned::text(500, "text/plain", "down"));
    let r = f
        .bob
        .post(
            &format!("/api/v4/posts/{pid}/actions/pick"),
            json!({"selected_option": "prod"}),
        )
        .await
        .ok(200);
    assert_eq!(r["goto_location"], "https://ci.example/deploy/prod");
    let seen = remote.wait_for(1).await;
    assert_eq!(seen[0].json()["context"]["selected_option"], "prod");
    assert_eq!(seen[0].json()["type"], "select");

    let before = f.alice.get(&format!("/api/v4/posts/{pid}")).await.ok(200);
    f.bob
        .post(&format!("/api/v4/posts/{pid}/actions/broken"), json!({}))
        .await
        .err(400, "api.post.do_action.action_integration.app_error");
    f.bob
        .post(&format!("/api/v4/posts/{pid}/actions/nope"), json!({}))
        .await
        .err(404, "api.post.do_action.action_id.app_error");
    f.eve
        .post(&format!("/api/v4/posts/{pid}/actions/approve"), json!({}))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .post(
            &format!("/api/v4/posts/{}/actions/approve", outpost_model::new_id()),
            json!({}),
        )
        .await
        .err(404, "app.post.get.app_error");
    assert_eq!(
        f.alice.get(&format!("/api/v4/posts/{pid}")).await.ok(200),
        before
    );
}

#[tokio::test]
async fn dialogs_open_and_submit() {
    let remote = Remote::start().await;
    let (f, ch, pid) = setup(&remote).await;
    remote.answer("/approve", Canned::json(json!({})));
    remote.answer(
        "/submit",
        Canned::json(json!({"errors": {"reason": "A reason is required."}})),
    );
    let mut ws = common::ws::connect(&f.s, &f.bob).await;
    f.bob
        .post(&format!("/api/v4/posts/{pid}/actions/approve"), json!({}))
        .await
        .ok(200);
    let trigger = remote.wait_for(1).await[0].json()["trigger_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The integration opens a dialog for bob with the trigger id it got.
    let dialog = json!({"trigger_id": trigger, "url": format!("{}/submit", remote.url), "dialog": {
        "callback_id": "approve-7", "title": "Approve ticket", "submit_label": "Approve", "state": "s1",
        "elements": [{"display_name": "Reason", "name": "reason", "type": "text"}]
    }});
    let anon = f.s.client();
    anon.post("/api/v4/actions/dialogs/open", dialog.clone())
        .await
        .ok(200);
    let ev = loop {
        let ev = common::ws::next_json(&mut ws).await;
        if ev["event"] == "open_dialog" {
            break ev;
        }
    };
    let opened: Value = serde_json::from_str(ev["data"]["dialog"].as_str().unwrap()).unwrap();
    assert_eq!(opened["dialog"]["callback_id"], "approve-7");
    assert_eq!(opened["url"], format!("{}/submit", remote.url));
    // A trigger id opens one dialog only; unknown ones none.
    anon.post("/api/v4/actions/dialogs/open", dialog.clone())
        .await
        .err(400, "interactive_message.decode_trigger_id.expired");
    let mut no_title = dialog.clone();
    no_title["dialog"]["title"] = json!("");
    anon.post("/api/v4/actions/dialogs/open", no_title)
        .await
        .err(400, "interactive_message.dialog.invalid_title");

    // bob submits; the integration's field errors come back to him.
    let r = f
        .bob
        .post("/api/v4/actions/dialogs/submit", json!({
            "url": format!("{}/submit", remote.url), "callback_id": "approve-7", "state": "s1",
            "channel_id": ch, "team_id": f.team_id, "submission": {"reason": ""}, "cancelled": false
        }))
        .await
        .ok(200);
    assert_eq!(r["errors"]["reason"], "A reason is required.");
    let sub = remote.seen().last().unwrap().json();
    assert_eq!(sub["type"], "dialog_submission");
    assert_eq!(sub["user_id"], f.bob_id.as_str());
    assert_eq!(sub["callback_id"], "approve-7");
    assert_eq!(sub["state"], "s1");
    assert_eq!(sub["submission"]["reason"], "");

    f.eve
        .post(
            "/api/v4/actions/dialogs/submit",
            json!({"url": format!("{}/submit", remote.url), "channel_id": ch}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .post("/api/v4/actions/dialogs/submit", json!({"channel_id": ch}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
}
