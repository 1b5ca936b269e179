//! Server-synced drafts: `POST /drafts`, `GET /users/{id}/teams/{id}/drafts`,
//! `DELETE /users/{id}/channels/{id}/drafts[/{root}]` and the `draft_*` events.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::ws::{self, Ws};
use common::{Fixture, channel, fixture, fixture_with, id};
use outpost_testkit::{Client, Resp};
use serde_json::{Value, json};

fn draft(channel_id: &str, root_id: &str, message: &str) -> Value {
    json!({"channel_id": channel_id, "root_id": root_id, "message": message})
}

async fn save(c: &Client, body: Value) -> Value {
    c.post("/api/v4/drafts", body).await.ok(201)
}

/// `POST /drafts` from the client whose WebSocket connection is `connection_id`.
async fn save_from(c: &Client, connection_id: &str, body: Value) -> Resp {
    let req = c
        .request(reqwest::Method::POST, "/api/v4/drafts")
        .header("Connection-Id", connection_id)
        .json(&body);
    Client::read(req).await
}

async fn list(c: &Client, team_id: &str) -> Vec<Value> {
    c.get(&format!("/api/v4/users/me/teams/{team_id}/drafts"))
        .await
        .ok(200)
        .as_array()
        .unwrap()
        .clone()
}

fn messages(drafts: &[Value]) -> Vec<&str> {
    drafts
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect()
}

async fn post(c: &Client, channel_id: &str, root_id: &str, message: &str) -> Value {
    c.post(
        "/api/v4/posts",
        json!({"channel_id": channel_id, "root_id": root_id, "message": message}),
    )
    .await
    .ok(201)
}

/// A connection of `client` and its `connection_id`.
async fn connect(f: &Fixture, client: &Client) -> (Ws, String) {
    let mut socket = ws::open(&f.s, "", client.token.as_deref()).await;
    let hello = ws::next_json(&mut socket).await;
    assert_eq!(hello["event"], "hello");
    let conn = hello["data"]["connection_id"].as_str().unwrap().to_owned();
    (socket, conn)
}

#[tokio::test]
async fn save_list_update_and_delete() {
    let f = fixture().await;
    let town = id(&channel(&f.alice, &f.team_id, "town", "O").await);
    let root = id(&post(&f.alice, &town, "", "a thread").await);
    let dm = f
        .alice
        .post("/api/v4/channels/direct", json!([f.alice_id, f.bob_id]))
        .await
        .ok(201);
    let dm = id(&dm);

    // The caller owns the draft whatever user id the body names.
    let mut body = draft(&town, "", "hello wor");
    body["user_id"] = json!(f.bob_id);
    body["props"] = json!({"k": "v"});
    let d = save(&f.alice, body).await;
    assert_eq!(d["user_id"], f.alice_id.as_str());
    assert_eq!(d["channel_id"], town.as_str());
    assert_eq!(d["root_id"], "");
    assert_eq!(d["message"], "hello wor");
    assert_eq!(d["props"], json!({"k": "v"}));
    assert_eq!(d["delete_at"], 0);
    let created = d["create_at"].as_i64().unwrap();
    assert!(created > 0);
    assert_eq!(d["update_at"].as_i64(), Some(created));
    assert!(d.get("file_ids").is_none() && d.get("priority").is_none());

    // Saving again replaces it and keeps its creation time.
    let d = save(&f.alice, draft(&town, "", "hello world")).await;
    assert_eq!(d["message"], "hello world");
    assert_eq!(d["create_at"].as_i64(), Some(created));
    assert!(d["update_at"].as_i64().unwrap() >= created);
    assert_eq!(d["props"], json!({}));

    save(&f.alice, draft(&town, &root, "a reply")).await;
    save(&f.alice, draft(&dm, "", "psst")).await;

    // Latest first; the direct message belongs to every team.
    let all = list(&f.alice, &f.team_id).await;
    assert_eq!(messages(&all), ["psst", "a reply", "hello world"]);
    assert_eq!(all[1]["root_id"], root.as_str());
    assert!(list(&f.bob, &f.team_id).await.is_empty());

    let r = f
        .alice
        .delete(&format!("/api/v4/users/me/channels/{town}/drafts/{root}"))
        .await
        .ok(200);
    assert_eq!(r, json!({"status": "OK"}));
    // Deleting what is not there is fine.
    f.alice
        .delete(&format!(
            "/api/v4/users/{}/channels/{town}/drafts/{root}",
            f.alice_id
        ))
        .await
        .ok(200);
    assert_eq!(
        messages(&list(&f.alice, &f.team_id).await),
        ["psst", "hello world"]
    );

    // An empty message deletes the draft, and the answer is `null`.
    let gone = f
        .alice
        .post("/api/v4/drafts", draft(&dm, "", ""))
        .await
        .ok(201);
    assert_eq!(gone, Value::Null);
    f.alice
        .delete(&format!("/api/v4/users/me/channels/{town}/drafts"))
        .await
        .ok(200);
    assert!(list(&f.alice, &f.team_id).await.is_empty());

    // The other member of the direct channel has drafts of their own there.
    save(&f.bob, draft(&dm, "", "later")).await;
    assert_eq!(messages(&list(&f.bob, &f.team_id).await), ["later"]);
    assert!(list(&f.alice, &f.team_id).await.is_empty());
}

#[tokio::test]
async fn other_users_drafts_are_forbidden() {
    let f = fixture().await;
    let town = id(&channel(&f.alice, &f.team_id, "town", "O").await);
    save(&f.alice, draft(&town, "", "mine")).await;

    f.bob
        .get(&format!(
            "/api/v4/users/{}/teams/{}/drafts",
            f.alice_id, f.team_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .delete(&format!(
            "/api/v4/users/{}/channels/{town}/drafts",
            f.alice_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    // Not even an administrator reads someone else's drafts.
    f.admin
        .get(&format!(
            "/api/v4/users/{}/teams/{}/drafts",
            f.alice_id, f.team_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    // Outside the team: no listing at all.
    f.eve
        .get(&format!("/api/v4/users/me/teams/{}/drafts", f.team_id))
        .await
        .err(403, "api.context.permissions.app_error");
    assert_eq!(messages(&list(&f.alice, &f.team_id).await), ["mine"]);
}

#[tokio::test]
async fn only_where_one_may_post() {
    let f = fixture().await;
    let private = id(&channel(&f.alice, &f.team_id, "secret", "P").await);
    let public = id(&channel(&f.alice, &f.team_id, "open", "O").await);
    let forbidden = |r: Resp| {
        r.err(403, "api.context.permissions.app_error");
    };
    forbidden(f.bob.post("/api/v4/drafts", draft(&private, "", "x")).await);
    // A public channel one has not joined needs create_post_public, which members lack.
    forbidden(f.bob.post("/api/v4/drafts", draft(&public, "", "x")).await);
    forbidden(f.eve.post("/api/v4/drafts", draft(&public, "", "x")).await);
    // An unknown channel is one nobody may post in.
    forbidden(
        f.bob
            .post(
                "/api/v4/drafts",
                draft("abcdefghijklmnopqrstuvwxyz", "", "x"),
            )
            .await,
    );
    forbidden(f.bob.post("/api/v4/drafts", draft("bad", "", "x")).await);
    // A system administrator may post anywhere, but not in a channel that does not exist.
    f.admin
        .post(
            "/api/v4/drafts",
            draft("abcdefghijklmnopqrstuvwxyz", "", "x"),
        )
        .await
        .err(400, "api.context.invalid_param.app_error");

    // After joining, it works; after archiving, it does not.
    f.alice
        .post(
            &format!("/api/v4/channels/{public}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    save(&f.bob, draft(&public, "", "joined")).await;
    f.alice
        .delete(&format!("/api/v4/channels/{public}"))
        .await
        .ok(200);
    f.bob
        .post("/api/v4/drafts", draft(&public, "", "archived"))
        .await
        .err(400, "api.draft.create_draft.can_not_draft_to_deleted.error");
}

#[tokio::test]
async fn bad_input_gets_mattermost_errors() {
    let f = fixture().await;
    let town = id(&channel(&f.alice, &f.team_id, "town", "O").await);

    let r = f
        .alice
        .request(reqwest::Method::POST, "/api/v4/drafts")
        .header("content-type", "application/json")
        .body("{not json");
    Client::read(r)
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.alice
        .post("/api/v4/drafts", json!({"channel_id": town, "message": 5}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    let long = "é".repeat(16_384);
    let e = f
        .alice
        .post("/api/v4/drafts", draft(&town, "", &long))
        .await
        .err(400, "model.draft.is_valid.message_length.app_error");
    assert!(e["message"].as_str().unwrap().contains("16384"));
    save(&f.alice, draft(&town, "", &"é".repeat(16_383))).await;

    f.alice
        .post("/api/v4/drafts", draft(&town, "not-an-id", "x"))
        .await
        .err(400, "model.draft.is_valid.root_id.app_error");
    let mut many_files = draft(&town, "", "x");
    many_files["file_ids"] = json!((0..11).map(|i| format!("{i:0>26}")).collect::<Vec<_>>());
    f.alice
        .post("/api/v4/drafts", many_files)
        .await
        .err(400, "model.draft.is_valid.file_ids.app_error");

    f.alice
        .get("/api/v4/users/me/teams/bad/drafts")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .delete("/api/v4/users/me/channels/bad/drafts")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .delete(&format!("/api/v4/users/me/channels/{town}/drafts/bad"))
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.s.client()
        .post("/api/v4/drafts", draft(&town, "", "x"))
        .await
        .err(401, "api.context.session_expired.app_error");
}

#[tokio::test]
async fn events_reach_the_owners_other_connections() {
    let f = fixture().await;
    let town = id(&channel(&f.alice, &f.team_id, "town", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{town}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let (mut typing, typing_conn) = connect(&f, &f.alice).await;
    let (mut phone, _) = connect(&f, &f.alice).await;
    let (mut bob, _) = connect(&f, &f.bob).await;

    save_from(&f.alice, &typing_conn, draft(&town, "", "on my way"))
        .await
        .ok(201);
    let ev = ws::next_event(&mut phone, "draft_created").await;
    assert_eq!(ev["broadcast"]["user_id"], f.alice_id.as_str());
    assert_eq!(ev["broadcast"]["channel_id"], town.as_str());
    let d = ws::data_json(&ev, "draft");
    assert_eq!(d["message"], "on my way");
    assert_eq!(d["user_id"], f.alice_id.as_str());
    // Not echoed to the connection that typed it, never sent to anyone else.
    ws::assert_no_event(&mut typing, "draft_created").await;
    ws::assert_no_event(&mut bob, "draft_created").await;

    let req = f
        .alice
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v4/users/me/channels/{town}/drafts"),
        )
        .header("Connection-Id", &typing_conn);
    Client::read(req).await.ok(200);
    let ev = ws::next_event(&mut phone, "draft_deleted").await;
    assert_eq!(ws::data_json(&ev, "draft")["message"], "on my way");
    ws::assert_no_event(&mut typing, "draft_deleted").await;
    ws::assert_no_event(&mut bob, "draft_deleted").await;

    // Without a Connection-Id every connection of the owner hears of it.
    save(&f.alice, draft(&town, "", "again")).await;
    ws::next_event(&mut typing, "draft_created").await;
    ws::next_event(&mut phone, "draft_created").await;
}

#[tokio::test]
async fn sending_the_message_deletes_the_draft() {
    let f = fixture().await;
    let town = id(&channel(&f.alice, &f.team_id, "town", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{town}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let root = id(&post(&f.alice, &town, "", "a thread").await);
    save(&f.alice, draft(&town, "", "channel text")).await;
    save(&f.alice, draft(&town, &root, "reply text")).await;
    save(&f.bob, draft(&town, &root, "bob's reply")).await;
    let (mut phone, _) = connect(&f, &f.alice).await;

    post(&f.alice, &town, "", "channel text").await;
    let ev = ws::next_event(&mut phone, "draft_deleted").await;
    assert_eq!(ws::data_json(&ev, "draft")["root_id"], "");
    assert_eq!(messages(&list(&f.alice, &f.team_id).await), ["reply text"]);

    post(&f.alice, &town, &root, "reply text").await;
    let ev = ws::next_event(&mut phone, "draft_deleted").await;
    assert_eq!(ws::data_json(&ev, "draft")["root_id"], root.as_str());
    assert!(list(&f.alice, &f.team_id).await.is_empty());
    // Someone else's post leaves one's draft alone.
    assert_eq!(messages(&list(&f.bob, &f.team_id).await), ["bob's reply"]);

    // Deleting the thread's root post removes every reply draft to it.
    f.alice
        .delete(&format!("/api/v4/posts/{root}"))
        .await
        .ok(200);
    assert!(list(&f.bob, &f.team_id).await.is_empty());
}

#[tokio::test]
async fn switched_off_by_configuration() {
    let on = fixture().await;
    let config = on
        .alice
        .get("/api/v4/config/client?format=old")
        .await
        .ok(200);
    assert_eq!(config["AllowSyncedDrafts"], "true");

    let f = fixture_with(json!({"ServiceSettings": {"AllowSyncedDrafts": false}})).await;
    let config = f
        .alice
        .get("/api/v4/config/client?format=old")
        .await
        .ok(200);
    assert_eq!(config["AllowSyncedDrafts"], "false");
    let town = id(&channel(&f.alice, &f.team_id, "town", "O").await);
    f.alice
        .post("/api/v4/drafts", draft(&town, "", "x"))
        .await
        .err(501, "api.drafts.disabled.app_error");
    f.alice
        .get(&format!("/api/v4/users/me/teams/{}/drafts", f.team_id))
        .await
        .err(501, "api.drafts.disabled.app_error");
    f.alice
        .delete(&format!("/api/v4/users/me/channels/{town}/drafts"))
        .await
        .err(501, "api.drafts.disabled.app_error");
    // Posting works as ever.
    post(&f.alice, &town, "", "sent").await;
}
