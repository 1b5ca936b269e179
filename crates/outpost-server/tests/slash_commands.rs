//! Custom slash commands against a real local HTTP server standing in for the integration:
//! management API, execution (POST and GET), responses, `response_url`, autocomplete, and the
//! outbound safety rules.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::remote::{Canned, Remote};
use common::{Fixture, channel, fixture_with, id};
use serde_json::{Value, json};

fn settings(allow: &str) -> Value {
    json!({"ServiceSettings": {
        "EnablePostUsernameOverride": true,
        "AllowedUntrustedInternalConnections": allow,
        "OutgoingIntegrationRequestsTimeout": 2
    }})
}

async fn latest(f: &Fixture, ch: &str) -> Value {
    let list = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts"))
        .await
        .ok(200);
    list["posts"][list["order"][0].as_str().unwrap()].clone()
}

async fn make_command(f: &Fixture, trigger: &str, url: &str, method: &str) -> Value {
    f.alice
        .post(
            "/api/v4/commands",
            json!({"team_id": f.team_id, "trigger": trigger, "url": url, "method": method,
                   "username": "pinger", "auto_complete": true, "auto_complete_desc": "Ping it",
                   "auto_complete_hint": "[text]", "display_name": "Ping"}),
        )
        .await
        .ok(201)
}

async fn exec(c: &outpost_testkit::Client, ch: &str, command: &str) -> outpost_testkit::Resp {
    c.post(
        "/api/v4/commands/execute",
        json!({"channel_id": ch, "command": command}),
    )
    .await
}

#[tokio::test]
async fn custom_command_posts_its_answer() {
    let remote = Remote::start().await;
    let f = fixture_with(settings("127.0.0.1")).await;
    let ch = id(&channel(&f.alice, &f.team_id, "ops", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let cmd = make_command(&f, "Ping", &format!("{}/ping", remote.url), "P").await;
    assert_eq!(cmd["trigger"], "ping");
    assert_eq!(cmd["token"].as_str().unwrap().len(), 26);
    remote.answer(
        "/ping",
        Canned::json(json!({
            "response_type": "in_channel", "text": "pong <https://status|status>",
            "props": {"k": "v"},
            "attachments": [{"title": "Health", "text": "all green", "color": "good"}],
            "extra_responses": [{"text": "only for you"}]
        })),
    );
    let mut ws = common::ws::connect(&f.s, &f.bob).await;
    let mut alice_ws = common::ws::connect(&f.s, &f.alice).await;

    let resp = exec(&f.bob, &ch, "/ping  hello there").await.ok(200);
    assert_eq!(resp["text"], "pong <https://status|status>");
    let seen = remote.wait_for(1).await;
    let form = seen[0].form();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].headers["authorization"],
        format!("Token {}", cmd["token"].as_str().unwrap())
    );
    assert_eq!(form["token"], cmd["token"].as_str().unwrap());
    assert_eq!(form["team_id"], f.team_id);
    assert_eq!(form["team_domain"], "alpha");
    assert_eq!(form["channel_id"], ch);
    assert_eq!(form["channel_name"], "ops");
    assert_eq!(form["user_id"], f.bob_id);
    assert_eq!(form["user_name"], "bob");
    assert_eq!(form["command"], "/ping");
    assert_eq!(form["text"], "hello there");
    assert_eq!(form["trigger_id"].len(), 26);
    assert!(form["response_url"].starts_with(&format!("{}/hooks/commands/", f.s.url)));

    let p = latest(&f, &ch).await;
    assert_eq!(p["user_id"], f.bob_id.as_str());
    assert_eq!(p["message"], "pong [status](https://status)");
    assert_eq!(p["props"]["from_webhook"], "true");
    assert_eq!(p["props"]["override_username"], "pinger");
    assert_eq!(p["props"]["k"], "v");
    assert_eq!(p["props"]["attachments"][0]["title"], "Health");
    let ev = common::ws::next_json(&mut ws).await;
    assert_eq!(ev["event"], "posted");
    // The extra ephemeral response reaches only the caller.
    loop {
        let ev = common::ws::next_json(&mut ws).await;
        if ev["event"] == "ephemeral_message" {
            let post: Value = serde_json::from_str(ev["data"]["post"].as_str().unwrap()).unwrap();
            assert_eq!(post["message"], "only for you");
            assert_eq!(post["type"], "system_ephemeral");
            break;
        }
    }
    let ev = common::ws::next_json(&mut alice_ws).await;
    assert_eq!(ev["event"], "posted");

    // Delayed answer through response_url: up to five uses, then refused.
    let url = form["response_url"].clone();
    let path = url.trim_start_matches(&f.s.url).to_owned();
    let anon = f.s.client();
    anon.post(
        &path,
        json!({"response_type": "in_channel", "text": "later"}),
    )
    .await
    .ok(200);
    assert_eq!(latest(&f, &ch).await["message"], "later");
    for _ in 0..4 {
        anon.post(&path, json!({"text": "ephemeral again"}))
            .await
            .ok(200);
    }
    anon.post(&path, json!({"text": "x"}))
        .await
        .err(400, "app.command_webhook.try_use.invalid");
    anon.post(
        &format!("/hooks/commands/{}", outpost_model::new_id()),
        json!({"text": "x"}),
    )
    .await
    .err(404, "app.command_webhook.get.missing");

    // GET commands get their fields in the query string; a plain-text answer is ephemeral.
    remote.answer("/get", Canned::text(200, "text/plain", "plain answer"));
    make_command(&f, "look", &format!("{}/get", remote.url), "G").await;
    let before = latest(&f, &ch).await;
    let r = exec(&f.alice, &ch, "/look a b").await.ok(200);
    assert_eq!(r["text"], "plain answer");
    let seen = remote.seen();
    let get = seen.last().unwrap();
    assert_eq!(get.method, "GET");
    assert_eq!(get.form()["text"], "a b");
    assert_eq!(
        latest(&f, &ch).await["id"],
        before["id"],
        "ephemeral answers are not stored"
    );

    // goto_location comes back to the client.
    remote.answer(
        "/goto",
        Canned::json(json!({"goto_location": "https://example.com/x"})),
    );
    make_command(&f, "go", &format!("{}/goto", remote.url), "P").await;
    let r = exec(&f.alice, &ch, "/go").await.ok(200);
    assert_eq!(r["goto_location"], "https://example.com/x");
}

#[tokio::test]
async fn broken_integrations_fail_cleanly() {
    let remote = Remote::start().await;
    let f = fixture_with(settings("127.0.0.1")).await;
    let ch = id(&channel(&f.alice, &f.team_id, "ops", "O").await);
    remote.answer(
        "/garbage",
        Canned::text(200, "application/json", "{not json"),
    );
    remote.answer("/fail", Canned::text(500, "text/plain", "boom"));
    let mut slow = Canned::json(json!({"text": "too late"}));
    slow.delay = std::time::Duration::from_secs(4);
    remote.answer("/slow", slow);
    remote.answer(
        "/big",
        Canned::text(200, "text/plain", &"x".repeat(2 * 1024 * 1024)),
    );
    for (trigger, path) in [
        ("garbage", "/garbage"),
        ("fail", "/fail"),
        ("slow", "/slow"),
        ("big", "/big"),
    ] {
        make_command(&f, trigger, &format!("{}{path}", remote.url), "P").await;
    }
    let before = latest(&f, &ch).await;
    exec(&f.alice, &ch, "/garbage")
        .await
        .err(500, "api.command.execute_command.failed.app_error");
    exec(&f.alice, &ch, "/fail")
        .await
        .err(500, "api.command.execute_command.failed_resp.app_error");
    exec(&f.alice, &ch, "/slow")
        .await
        .err(500, "api.command.execute_command.failed.app_error");
    exec(&f.alice, &ch, "/big")
        .await
        .err(500, "api.command.execute_command.failed.app_error");
    assert_eq!(latest(&f, &ch).await["id"], before["id"], "no partial post");

    exec(&f.alice, &ch, "/nothing")
        .await
        .err(404, "api.command.execute_command.not_found.app_error");
    exec(&f.alice, &ch, "ping")
        .await
        .err(400, "api.command.execute_command.start.app_error");
    exec(&f.alice, "bad", "/ping")
        .await
        .err(400, "api.command.execute_command.start.app_error");
    exec(&f.eve, &ch, "/echo hi")
        .await
        .err(403, "api.context.permissions.app_error");
}

#[tokio::test]
async fn internal_targets_need_the_allow_list() {
    let remote = Remote::start().await;
    // Not fixed by the environment, so the administrator can change it below.
    let f = fixture_with(json!({})).await;
    let ch = id(&channel(&f.alice, &f.team_id, "ops", "O").await);
    remote.answer("/ping", Canned::json(json!({"text": "pong"})));
    make_command(&f, "ping", &format!("{}/ping", remote.url), "P").await;
    let port = remote.url.rsplit(':').next().unwrap().to_owned();
    make_command(&f, "local", &format!("http://localhost:{port}/ping"), "P").await;
    let e = exec(&f.alice, &ch, "/ping")
        .await
        .err(500, "api.command.execute_command.failed.app_error");
    assert!(
        e["detailed_error"].as_str().unwrap().contains("forbidden"),
        "{e}"
    );
    exec(&f.alice, &ch, "/local")
        .await
        .err(500, "api.command.execute_command.failed.app_error");
    assert!(
        remote.seen().is_empty(),
        "nothing reached the internal address"
    );

    // Listed by the administrator: allowed.
    f.admin
        .put("/api/v4/config/patch", json!({"ServiceSettings": {"AllowedUntrustedInternalConnections": "10.0.0.0/8 127.0.0.1"}}))
        .await
        .ok(200);
    exec(&f.alice, &ch, "/ping").await.ok(200);
    assert_eq!(remote.seen().len(), 1);
}

#[tokio::test]
async fn manage_commands() {
    let f = fixture_with(json!({})).await;
    let cmd = make_command(&f, "deploy", "https://ci.example/deploy", "P").await;
    let cid = id(&cmd);
    assert_eq!(
        f.alice
            .get(&format!("/api/v4/commands/{cid}"))
            .await
            .ok(200),
        cmd
    );

    let custom = f
        .alice
        .get(&format!(
            "/api/v4/commands?team_id={}&custom_only=true",
            f.team_id
        ))
        .await
        .ok(200);
    assert_eq!(custom.as_array().unwrap().len(), 1);
    let all = f
        .alice
        .get(&format!("/api/v4/commands?team_id={}", f.team_id))
        .await
        .ok(200);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|c| c["trigger"] == "echo")
    );
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|c| c["trigger"] == "deploy")
    );

    // Members see built-ins and autocomplete entries, without secrets.
    let auto = f
        .bob
        .get(&format!(
            "/api/v4/teams/{}/commands/autocomplete",
            f.team_id
        ))
        .await
        .ok(200);
    let deploy = auto
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["trigger"] == "deploy")
        .unwrap();
    assert_eq!(deploy["token"], "");
    assert_eq!(deploy["url"], "");
    assert!(
        auto.as_array()
            .unwrap()
            .iter()
            .any(|c| c["trigger"] == "shrug")
    );
    let listed = f
        .bob
        .get(&format!("/api/v4/commands?team_id={}", f.team_id))
        .await
        .ok(200);
    assert!(listed.as_array().unwrap().iter().all(|c| c["token"] == ""));
    let sugg = f
        .bob
        .get(&format!(
            "/api/v4/teams/{}/commands/autocomplete_suggestions?user_input=/de",
            f.team_id
        ))
        .await
        .ok(200);
    assert_eq!(sugg.as_array().unwrap().len(), 1);
    assert_eq!(sugg[0]["Suggestion"], "/deploy");
    assert_eq!(sugg[0]["Description"], "Ping it");

    let mut changed = cmd.clone();
    changed["trigger"] = json!("ship");
    changed["method"] = json!("G");
    let up = f
        .alice
        .put(&format!("/api/v4/commands/{cid}"), changed)
        .await
        .ok(200);
    assert_eq!(up["trigger"], "ship");
    assert_eq!(up["token"], cmd["token"]);
    let token = f
        .alice
        .put(&format!("/api/v4/commands/{cid}/regen_token"), json!({}))
        .await
        .ok(200);
    assert_eq!(token["token"].as_str().unwrap().len(), 26);
    assert_ne!(token["token"], cmd["token"]);

    // Permissions: members may not manage, outsiders see nothing, others' commands are hidden.
    f.bob
        .post(
            "/api/v4/commands",
            json!({"team_id": f.team_id, "trigger": "x", "url": "https://x", "method": "P"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get(&format!("/api/v4/commands/{cid}"))
        .await
        .err(404, "store.sql_command.save.get.app_error");
    f.bob
        .delete(&format!("/api/v4/commands/{cid}"))
        .await
        .err(404, "store.sql_command.save.get.app_error");
    f.bob
        .get(&format!(
            "/api/v4/commands?team_id={}&custom_only=true",
            f.team_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    f.eve
        .get(&format!(
            "/api/v4/teams/{}/commands/autocomplete",
            f.team_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");

    // Bad input.
    for (body, err) in [
        (
            json!({"team_id": f.team_id, "trigger": "echo", "url": "https://x", "method": "P"}),
            "api.command.duplicate_trigger.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger": "ship", "url": "https://x", "method": "P"}),
            "api.command.duplicate_trigger.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger": "/bad", "url": "https://x", "method": "P"}),
            "model.command.is_valid.trigger.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger": "ok", "url": "ftp://x", "method": "P"}),
            "model.command.is_valid.url.app_error",
        ),
        (
            json!({"team_id": f.team_id, "trigger": "ok", "url": "https://x", "method": "X"}),
            "model.command.is_valid.method.app_error",
        ),
    ] {
        f.alice.post("/api/v4/commands", body).await.err(400, err);
    }
    f.alice
        .get("/api/v4/commands")
        .await
        .err(400, "api.context.invalid_url_param.app_error");

    f.alice
        .delete(&format!("/api/v4/commands/{cid}"))
        .await
        .ok(200);
    f.alice
        .get(&format!("/api/v4/commands/{cid}"))
        .await
        .err(404, "store.sql_command.save.get.app_error");
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableCommands": false}}),
        )
        .await
        .ok(200);
    f.alice
        .post(
            "/api/v4/commands",
            json!({"team_id": f.team_id, "trigger": "y", "url": "https://x", "method": "P"}),
        )
        .await
        .err(501, "api.command.disabled.app_error");
}
