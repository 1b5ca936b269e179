//! Fixtures shared by the channel tests.

#![allow(dead_code, reason = "each test file uses a part")]

pub mod remote;
pub mod smtp;
pub mod ws;

use outpost_testkit::{Client, TestServer};
use serde_json::{Value, json};

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

/// A server with admin, alice (team admin of "alpha"), bob (member) and eve (not in the team).
pub struct Fixture {
    pub s: TestServer,
    pub admin: Client,
    pub alice: Client,
    pub bob: Client,
    pub eve: Client,
    pub alice_id: String,
    pub bob_id: String,
    pub eve_id: String,
    pub team_id: String,
}

pub async fn fixture() -> Fixture {
    fixture_with(json!({})).await
}

/// [`fixture`] on a server with settings fixed as if by the environment.
pub async fn fixture_with(env: Value) -> Fixture {
    let s = TestServer::spawn_with(env).await;
    let (admin, _) = s.admin().await;
    let (alice, a) = s.user(&admin, "alice").await;
    let (bob, b) = s.user(&admin, "bob").await;
    let (eve, e) = s.user(&admin, "eve").await;
    let t = alice
        .post("/api/v4/teams", json!({"name": "alpha", "display_name": "Alpha", "type": "O", "allow_open_invite": true}))
        .await
        .ok(201);
    let team_id = id(&t);
    alice
        .post(
            &format!("/api/v4/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": id(&b)}),
        )
        .await
        .ok(201);
    Fixture {
        s,
        admin,
        alice,
        bob,
        eve,
        alice_id: id(&a),
        bob_id: id(&b),
        eve_id: id(&e),
        team_id,
    }
}

pub async fn channel(c: &Client, team_id: &str, name: &str, kind: &str) -> Value {
    c.post(
        "/api/v4/channels",
        json!({"team_id": team_id, "name": name, "display_name": format!("Chan {name}"), "type": kind}),
    )
    .await
    .ok(201)
}
