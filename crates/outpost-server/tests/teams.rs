//! Teams and team members over HTTP, on SQLite or (with `OUTPOST_TEST_DATABASE_URL`) PostgreSQL.

#![allow(clippy::unwrap_used, reason = "tests: failing loudly is the point")]

use outpost_testkit::{Client, PASSWORD, TestServer};
use serde_json::{Value, json};

const NO_PERM: &str = "api.context.permissions.app_error";
const BAD_BODY: &str = "api.context.invalid_body_param.app_error";
const BAD_URL: &str = "api.context.invalid_url_param.app_error";

async fn team(c: &Client, name: &str, kind: &str, open: bool) -> Value {
    c.post(
        "/api/v4/teams",
        json!({"name": name, "display_name": name.to_uppercase(), "type": kind, "allow_open_invite": open}),
    )
    .await
    .ok(201)
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn create_team_makes_creator_admin_and_default_channels() {
    let s = TestServer::spawn().await;
    let (admin, _) = s.admin().await;
    let (alice, alice_u) = s.user(&admin, "alice").await;
    let t = team(&alice, "alpha", "I", false).await;
    assert_eq!(t["name"], "alpha");
    assert_eq!(t["display_name"], "ALPHA");
    assert_eq!(t["type"], "I");
    assert_eq!(t["email"], "alice@example.com");
    assert_eq!(t["invite_id"].as_str().map(str::len), Some(26));
    let tid = id(&t);

    let m = alice
        .get(&format!("/api/v4/teams/{tid}/members/{}", id(&alice_u)))
        .await
        .ok(200);
    assert_eq!(m["roles"], "team_user team_admin");
    assert_eq!(m["scheme_admin"], true);
    assert_eq!(m["delete_at"], 0);

    let chans = alice
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .ok(200);
    let mut names: Vec<&str> = chans
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["off-topic", "town-square"]);
    let ts = alice
        .get(&format!("/api/v4/teams/{tid}/channels/name/town-square"))
        .await
        .ok(200);
    assert_eq!(ts["display_name"], "Town Square");
    assert_eq!(ts["type"], "O");

    // Duplicates, bad names, bad bodies.
    alice
        .post(
            "/api/v4/teams",
            json!({"name": "alpha", "display_name": "A", "type": "O"}),
        )
        .await
        .err(400, "app.team.save.existing.app_error");
    alice
        .post(
            "/api/v4/teams",
            json!({"name": "Bad Name", "display_name": "A", "type": "O"}),
        )
        .await
        .err(400, "model.team.is_valid.url.app_error");
    alice
        .post(
            "/api/v4/teams",
            json!({"name": "beta", "display_name": "", "type": "O"}),
        )
        .await
        .err(400, "model.team.is_valid.name.app_error");
    alice
        .post(
            "/api/v4/teams",
            json!({"name": "beta", "display_name": "B", "type": "X"}),
        )
        .await
        .err(400, "model.team.is_valid.type.app_error");
    let raw = alice
        .request(reqwest::Method::POST, "/api/v4/teams")
        .body("{not json");
    Client::read(raw).await.err(400, BAD_BODY);
    s.client()
        .post(
            "/api/v4/teams",
            json!({"name": "gamma", "display_name": "G", "type": "O"}),
        )
        .await
        .err(401, "api.context.session_expired.app_error");
    s.stop().await;
}

#[tokio::test]
async fn reading_teams_respects_visibility_and_sanitizes() {
    let s = TestServer::spawn().await;
    let (admin, _) = s.admin().await;
    let (alice, _) = s.user(&admin, "alice").await;
    let (bob, _) = s.user(&admin, "bob").await;
    let private = team(&alice, "private", "I", false).await;
    let open = team(&alice, "open", "O", true).await;
    let (pid, oid) = (id(&private), id(&open));

    bob.get(&format!("/api/v4/teams/{pid}"))
        .await
        .err(403, NO_PERM);
    bob.get("/api/v4/teams/name/private")
        .await
        .err(403, NO_PERM);
    let seen = bob.get(&format!("/api/v4/teams/{oid}")).await.ok(200);
    assert_eq!(seen["name"], "open");
    assert_eq!(seen["invite_id"], "", "sanitized for non-admins");
    assert_eq!(seen["email"], "");
    let full = admin.get(&format!("/api/v4/teams/{pid}")).await.ok(200);
    assert_eq!(full["invite_id"], private["invite_id"]);
    let own = alice.get("/api/v4/teams/name/open").await.ok(200);
    assert_eq!(own["invite_id"], open["invite_id"]);
    // A member who is not a team admin may invite (team_user has invite_user): the invite id, not
    // the email.
    let bob_id = bob.get("/api/v4/users/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    bob.post(
        &format!("/api/v4/teams/{oid}/members"),
        json!({"team_id": oid, "user_id": bob_id}),
    )
    .await
    .ok(201);
    let member = bob.get(&format!("/api/v4/teams/{oid}")).await.ok(200);
    assert_eq!(member["invite_id"], open["invite_id"]);
    assert_eq!(member["email"], "");

    bob.get("/api/v4/teams/notanid").await.err(400, BAD_URL);
    bob.get("/api/v4/teams/name/Not_Valid!")
        .await
        .err(400, BAD_URL);
    bob.get(&format!("/api/v4/teams/{}", outpost_model::new_id()))
        .await
        .err(404, "app.team.get.find.app_error");
    bob.get("/api/v4/teams/name/nosuchteam")
        .await
        .err(404, "app.team.get_by_name.missing.app_error");

    assert_eq!(
        bob.get("/api/v4/teams/name/open/exists").await.ok(200)["exists"],
        true
    );
    assert_eq!(
        bob.get("/api/v4/teams/name/private/exists").await.ok(200)["exists"],
        false
    );
    assert_eq!(
        alice.get("/api/v4/teams/name/private/exists").await.ok(200)["exists"],
        true
    );
    assert_eq!(
        bob.get("/api/v4/teams/name/nosuch/exists").await.ok(200)["exists"],
        false
    );

    // Listing: users see open teams, admins all; paging and the total.
    let listed = bob.get("/api/v4/teams").await.ok(200);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["open"]);
    let all = admin
        .get("/api/v4/teams?include_total_count=true&per_page=1")
        .await
        .ok(200);
    assert_eq!(all["total_count"], 2);
    assert_eq!(all["teams"].as_array().map(Vec::len), Some(1));
    admin.get("/api/v4/teams?page=abc").await.err(400, BAD_URL);

    // Teams of a user.
    let mine = alice.get("/api/v4/users/me/teams").await.ok(200);
    assert_eq!(mine.as_array().map(Vec::len), Some(2));
    let alice_id = alice.get("/api/v4/users/me").await.ok(200)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    bob.get(&format!("/api/v4/users/{alice_id}/teams"))
        .await
        .err(403, NO_PERM);
    admin
        .get(&format!("/api/v4/users/{alice_id}/teams"))
        .await
        .ok(200);
    s.stop().await;
}

#[tokio::test]
async fn editing_archiving_and_invites() {
    let s = TestServer::spawn().await;
    let (admin, _) = s.admin().await;
    let (alice, _) = s.user(&admin, "alice").await;
    let (bob, bob_u) = s.user(&admin, "bob").await;
    let t = team(&alice, "alpha", "O", true).await;
    let tid = id(&t);
    alice
        .post(
            &format!("/api/v4/teams/{tid}/members"),
            json!({"team_id": tid, "user_id": id(&bob_u)}),
        )
        .await
        .ok(201);

    // A plain member may not manage the team.
    bob.put(
        &format!("/api/v4/teams/{tid}/patch"),
        json!({"display_name": "X"}),
    )
    .await
    .err(403, NO_PERM);
    bob.delete(&format!("/api/v4/teams/{tid}"))
        .await
        .err(403, NO_PERM);
    bob.post(
        &format!("/api/v4/teams/{tid}/regenerate_invite_id"),
        json!({}),
    )
    .await
    .err(403, NO_PERM);

    let patched = alice
        .put(
            &format!("/api/v4/teams/{tid}/patch"),
            json!({"display_name": "Renamed", "description": "d"}),
        )
        .await
        .ok(200);
    assert_eq!(patched["display_name"], "Renamed");
    assert_eq!(patched["description"], "d");
    assert_eq!(patched["name"], "alpha");
    let mut whole = patched.clone();
    whole["company_name"] = json!("ACME");
    let updated = alice
        .put(&format!("/api/v4/teams/{tid}"), whole.clone())
        .await
        .ok(200);
    assert_eq!(updated["company_name"], "ACME");
    whole["id"] = json!(outpost_model::new_id());
    alice
        .put(&format!("/api/v4/teams/{tid}"), whole)
        .await
        .err(400, BAD_BODY);
    alice
        .put(
            &format!("/api/v4/teams/{tid}/patch"),
            json!({"display_name": ""}),
        )
        .await
        .err(400, "model.team.is_valid.name.app_error");

    let regenerated = alice
        .post(
            &format!("/api/v4/teams/{tid}/regenerate_invite_id"),
            json!({}),
        )
        .await
        .ok(200);
    assert_ne!(regenerated["invite_id"], t["invite_id"]);
    let invite = regenerated["invite_id"].as_str().unwrap().to_owned();

    // Joining through the invite id; a wrong invite id is a 404.
    let (carol, carol_u) = s.user(&admin, "carol").await;
    let joined = carol
        .post(
            &format!("/api/v4/teams/members/invite?invite_id={invite}"),
            json!({}),
        )
        .await
        .ok(201);
    assert_eq!(joined["user_id"], carol_u["id"]);
    assert_eq!(joined["team_id"], json!(tid));
    carol
        .post(
            &format!(
                "/api/v4/teams/members/invite?invite_id={}",
                outpost_model::new_id()
            ),
            json!({}),
        )
        .await
        .err(404, "app.team.get_by_invite_id.finding.app_error");

    // Archiving: permanent deletion is off; soft delete and restore.
    alice
        .delete(&format!("/api/v4/teams/{tid}?permanent=true"))
        .await
        .err(401, "api.user.delete_team.not_enabled.app_error");
    admin
        .delete(&format!("/api/v4/teams/{tid}?permanent=true"))
        .await
        .err(401, "api.user.delete_team.not_enabled.for_admin.app_error");
    assert_eq!(
        alice.delete(&format!("/api/v4/teams/{tid}")).await.ok(200)["status"],
        "OK"
    );
    let archived = alice.get(&format!("/api/v4/teams/{tid}")).await.ok(200);
    assert!(archived["delete_at"].as_i64().unwrap() > 0);
    assert_eq!(
        alice
            .get("/api/v4/users/me/teams")
            .await
            .ok(200)
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    bob.post(&format!("/api/v4/teams/{tid}/restore"), json!({}))
        .await
        .err(403, NO_PERM);
    let restored = alice
        .post(&format!("/api/v4/teams/{tid}/restore"), json!({}))
        .await
        .ok(200);
    assert_eq!(restored["delete_at"], 0);
    s.stop().await;
}

#[tokio::test]
async fn team_members() {
    let s = TestServer::spawn().await;
    let (admin, _) = s.admin().await;
    let (alice, alice_u) = s.user(&admin, "alice").await;
    let (bob, bob_u) = s.user(&admin, "bob").await;
    let (carol, carol_u) = s.user(&admin, "carol").await;
    let (dave, dave_u) = s.user(&admin, "dave").await;
    let open = team(&alice, "open", "O", true).await;
    let private = team(&alice, "private", "I", false).await;
    let (oid, pid) = (id(&open), id(&private));

    // Joining yourself: open teams yes, invite-only no.
    let m = bob
        .post(
            &format!("/api/v4/teams/{oid}/members"),
            json!({"team_id": oid, "user_id": id(&bob_u)}),
        )
        .await
        .ok(201);
    assert_eq!(m["roles"], "team_user");
    assert_eq!(m["scheme_user"], true);
    bob.post(
        &format!("/api/v4/teams/{pid}/members"),
        json!({"team_id": pid, "user_id": id(&bob_u)}),
    )
    .await
    .err(403, NO_PERM);
    // Adding someone else needs add_user_to_team in that team.
    dave.post(
        &format!("/api/v4/teams/{pid}/members"),
        json!({"team_id": pid, "user_id": id(&carol_u)}),
    )
    .await
    .err(403, NO_PERM);
    bob.post(
        &format!("/api/v4/teams/{oid}/members"),
        json!({"team_id": pid, "user_id": id(&carol_u)}),
    )
    .await
    .err(400, BAD_BODY);
    bob.post(&format!("/api/v4/teams/{oid}/members"), json!("nope"))
        .await
        .err(400, BAD_BODY);
    let batch = alice
        .post(
            &format!("/api/v4/teams/{pid}/members/batch"),
            json!([{"team_id": pid, "user_id": id(&carol_u)}, {"team_id": pid, "user_id": id(&dave_u)}]),
        )
        .await
        .ok(201);
    assert_eq!(batch.as_array().map(Vec::len), Some(2));
    // Joining a team joins its default channels.
    let chans = carol
        .get(&format!("/api/v4/users/me/teams/{pid}/channels"))
        .await
        .ok(200);
    assert_eq!(chans.as_array().map(Vec::len), Some(2));

    // Reading members.
    let list = alice
        .get(&format!("/api/v4/teams/{pid}/members?per_page=2"))
        .await
        .ok(200);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let all = alice
        .get(&format!("/api/v4/teams/{pid}/members"))
        .await
        .ok(200);
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    bob.get(&format!("/api/v4/teams/{pid}/members"))
        .await
        .err(403, NO_PERM);
    bob.get(&format!("/api/v4/teams/{pid}/members/{}", id(&alice_u)))
        .await
        .err(403, NO_PERM);
    alice
        .get(&format!("/api/v4/teams/{pid}/members/{}", id(&bob_u)))
        .await
        .err(404, "app.team.get_member.missing.app_error");
    let by_ids = alice
        .post(
            &format!("/api/v4/teams/{pid}/members/ids"),
            json!([id(&carol_u), id(&bob_u)]),
        )
        .await
        .ok(200);
    assert_eq!(by_ids.as_array().map(Vec::len), Some(1));
    alice
        .post(&format!("/api/v4/teams/{pid}/members/ids"), json!(["bad"]))
        .await
        .err(400, BAD_BODY);
    let for_user = carol.get("/api/v4/users/me/teams/members").await.ok(200);
    assert_eq!(for_user[0]["team_id"], json!(pid));
    bob.get(&format!("/api/v4/users/{}/teams/members", id(&carol_u)))
        .await
        .err(403, NO_PERM);

    let stats = alice
        .get(&format!("/api/v4/teams/{pid}/stats"))
        .await
        .ok(200);
    assert_eq!(stats["team_id"], json!(pid));
    assert_eq!(stats["total_member_count"], 3);
    assert_eq!(stats["active_member_count"], 3);
    bob.get(&format!("/api/v4/teams/{pid}/stats"))
        .await
        .err(403, NO_PERM);

    // Roles.
    let roles = format!("/api/v4/teams/{pid}/members/{}/roles", id(&carol_u));
    carol
        .put(&roles, json!({"roles": "team_user team_admin"}))
        .await
        .err(403, NO_PERM);
    alice
        .put(&roles, json!({"roles": "team_user team_admin"}))
        .await
        .ok(200);
    let m = carol
        .get(&format!("/api/v4/teams/{pid}/members/me"))
        .await
        .ok(200);
    assert_eq!(m["scheme_admin"], true);
    alice
        .put(&roles, json!({"roles": "channel_user"}))
        .await
        .err(
            400,
            "api.team.update_team_member_roles.scheme_role.app_error",
        );
    alice
        .put(&roles, json!({"roles": "team_user team_guest"}))
        .await
        .err(
            400,
            "api.team.update_team_member_roles.guest_and_user.app_error",
        );

    // Removing: others need remove_user_from_team; leaving yourself is allowed.
    dave.delete(&format!("/api/v4/teams/{pid}/members/{}", id(&carol_u)))
        .await
        .err(403, NO_PERM);
    assert_eq!(
        dave.delete(&format!("/api/v4/teams/{pid}/members/me"))
            .await
            .ok(200)["status"],
        "OK"
    );
    let gone = alice
        .get(&format!("/api/v4/teams/{pid}/members/{}", id(&dave_u)))
        .await
        .ok(200);
    assert!(gone["delete_at"].as_i64().unwrap() > 0, "soft delete");
    assert_eq!(
        dave.get(&format!("/api/v4/users/me/teams/{pid}/channels"))
            .await
            .status,
        403
    );
    alice
        .delete(&format!("/api/v4/teams/{pid}/members/{}", id(&dave_u)))
        .await
        .err(404, "app.team.get_member.missing.app_error");
    // Rejoining reactivates the membership.
    alice
        .post(
            &format!("/api/v4/teams/{pid}/members"),
            json!({"team_id": pid, "user_id": id(&dave_u)}),
        )
        .await
        .ok(201);
    let back = alice
        .get(&format!("/api/v4/teams/{pid}/members/{}", id(&dave_u)))
        .await
        .ok(200);
    assert_eq!(back["delete_at"], 0);

    // Unread counts.
    let unread = carol
        .get(&format!("/api/v4/users/me/teams/{pid}/unread"))
        .await
        .ok(200);
    assert_eq!(unread["team_id"], json!(pid));
    assert_eq!(unread["msg_count"], 0);
    assert_eq!(unread["mention_count"], 0);
    let all_unread = carol.get("/api/v4/users/me/teams/unread").await.ok(200);
    assert_eq!(all_unread.as_array().map(Vec::len), Some(1));
    bob.get(&format!("/api/v4/users/{}/teams/unread", id(&carol_u)))
        .await
        .err(403, NO_PERM);
    s.stop().await;
}

#[tokio::test]
async fn sign_up_with_invite_id_on_a_closed_server() {
    let s = TestServer::spawn().await;
    let (admin, _) = s.admin().await;
    let t = team(&admin, "alpha", "I", false).await;
    let invite = t["invite_id"].as_str().unwrap().to_owned();
    let anon = s.client();
    let body = json!({"username": "newbie", "email": "newbie@example.com", "password": PASSWORD});
    anon.post("/api/v4/users", body.clone())
        .await
        .err(403, "api.user.create_user.no_open_server");
    anon.post(
        &format!("/api/v4/users?iid={}", outpost_model::new_id()),
        body.clone(),
    )
    .await
    .err(404, "app.team.get_by_invite_id.finding.app_error");
    let u = anon
        .post(&format!("/api/v4/users?iid={invite}"), body)
        .await
        .ok(201);
    assert_eq!(u["username"], "newbie");
    let mut c = s.client();
    c.login("newbie", PASSWORD).await;
    let teams = c.get("/api/v4/users/me/teams").await.ok(200);
    assert_eq!(teams[0]["id"], t["id"]);
    let chans = c
        .get(&format!("/api/v4/users/me/teams/{}/channels", id(&t)))
        .await
        .ok(200);
    assert_eq!(chans.as_array().map(Vec::len), Some(2));
    s.stop().await;
}
