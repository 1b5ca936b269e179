//! Channel members, viewing, direct and group messages over HTTP, on SQLite or (with
//! `OUTPOST_TEST_DATABASE_URL`) PostgreSQL.

#![allow(clippy::unwrap_used, reason = "tests: failing loudly is the point")]

mod common;

use common::{channel, fixture, id};
use serde_json::json;

const NO_PERM: &str = "api.context.permissions.app_error";
const BAD_BODY: &str = "api.context.invalid_body_param.app_error";

#[tokio::test]
async fn channel_members_and_viewing() {
    let f = fixture().await;
    let tid = f.team_id.clone();
    let c = channel(&f.alice, &tid, "room", "P").await;
    let cid = id(&c);
    let members_url = format!("/api/v4/channels/{cid}/members");

    f.bob
        .post(&members_url, json!({"user_id": f.bob_id}))
        .await
        .err(403, NO_PERM);
    let added = f
        .alice
        .post(&members_url, json!({"user_id": f.bob_id}))
        .await
        .ok(201);
    assert_eq!(added["user_id"], json!(f.bob_id));
    assert_eq!(added["roles"], "channel_user");
    assert_eq!(added["notify_props"]["desktop"], "default");
    f.alice
        .post(&members_url, json!({"user_id": f.eve_id}))
        .await
        .err(404, "app.team.get_member.missing.app_error");
    f.alice
        .post(&members_url, json!({"user_id": "bad"}))
        .await
        .err(400, BAD_BODY);
    f.alice
        .post(&members_url, json!("x"))
        .await
        .err(400, BAD_BODY);
    let both = f
        .alice
        .post(&members_url, json!({"user_ids": [f.bob_id, f.alice_id]}))
        .await
        .ok(201);
    assert_eq!(both.as_array().map(Vec::len), Some(2));

    let list = f.bob.get(&members_url).await.ok(200);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    f.eve.get(&members_url).await.err(403, NO_PERM);
    let one = f
        .bob
        .get(&format!("{members_url}/{}", f.alice_id))
        .await
        .ok(200);
    assert_eq!(one["scheme_admin"], true);
    f.bob
        .get(&format!("{members_url}/{}", f.eve_id))
        .await
        .err(404, "app.channel.get_member.missing.app_error");
    let ids = f
        .bob
        .post(&format!("{members_url}/ids"), json!([f.alice_id, f.eve_id]))
        .await
        .ok(200);
    assert_eq!(ids.as_array().map(Vec::len), Some(1));
    f.bob
        .post(&format!("{members_url}/ids"), json!(["nope"]))
        .await
        .err(400, BAD_BODY);

    // Roles and notify props.
    let bob_roles = format!("{members_url}/{}/roles", f.bob_id);
    f.bob
        .put(&bob_roles, json!({"roles": "channel_user channel_admin"}))
        .await
        .err(403, NO_PERM);
    f.alice
        .put(&bob_roles, json!({"roles": "channel_user channel_admin"}))
        .await
        .ok(200);
    assert_eq!(
        f.bob.get(&format!("{members_url}/me")).await.ok(200)["scheme_admin"],
        true
    );
    f.alice
        .put(&bob_roles, json!({"roles": "team_admin"}))
        .await
        .err(
            400,
            "api.channel.update_channel_member_roles.scheme_role.app_error",
        );
    f.bob
        .put(
            &format!("{members_url}/me/notify_props"),
            json!({"desktop": "none"}),
        )
        .await
        .ok(200);
    let props = f.bob.get(&format!("{members_url}/me")).await.ok(200)["notify_props"].clone();
    assert_eq!(props["desktop"], "none");
    assert_eq!(props["push"], "default");
    f.bob
        .put(
            &format!("{members_url}/{}/notify_props", f.alice_id),
            json!({"desktop": "all"}),
        )
        .await
        .err(403, NO_PERM);

    // Viewing.
    let viewed = f
        .bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": cid, "prev_channel_id": ""}),
        )
        .await
        .ok(200);
    assert_eq!(viewed["status"], "OK");
    let at = viewed["last_viewed_at_times"][&cid].as_i64().unwrap();
    assert!(at > 0);
    assert_eq!(
        f.bob.get(&format!("{members_url}/me")).await.ok(200)["last_viewed_at"],
        at
    );
    f.bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": "bad"}),
        )
        .await
        .err(400, BAD_BODY);
    f.bob
        .post(
            &format!("/api/v4/channels/members/{}/view", f.alice_id),
            json!({"channel_id": cid}),
        )
        .await
        .err(403, NO_PERM);

    // Membership lists of a user include the team's channels.
    let mine = f
        .bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/members"))
        .await
        .ok(200);
    assert_eq!(mine.as_array().map(Vec::len), Some(3));
    f.eve
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/members"))
        .await
        .err(403, NO_PERM);
    f.bob
        .get(&format!(
            "/api/v4/users/{}/teams/{tid}/channels/members",
            f.alice_id
        ))
        .await
        .err(403, NO_PERM);

    // Leaving and removing.
    let ts = f
        .bob
        .get(&format!("/api/v4/teams/{tid}/channels/name/town-square"))
        .await
        .ok(200);
    f.bob
        .delete(&format!("/api/v4/channels/{}/members/me", id(&ts)))
        .await
        .err(400, "api.channel.leave.default.app_error");
    f.alice
        .delete(&format!(
            "/api/v4/channels/{}/members/{}",
            id(&ts),
            f.bob_id
        ))
        .await
        .err(400, "api.channel.remove.default.app_error");
    assert_eq!(
        f.bob.delete(&format!("{members_url}/me")).await.ok(200)["status"],
        "OK"
    );
    f.bob.get(&members_url).await.err(403, NO_PERM);
    f.alice
        .delete(&format!("{members_url}/{}", f.bob_id))
        .await
        .err(404, "app.channel.get_member.missing.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn direct_and_group_messages() {
    let f = fixture().await;
    let dm = f
        .bob
        .post("/api/v4/channels/direct", json!([f.bob_id, f.alice_id]))
        .await
        .ok(201);
    let mut pair = [f.bob_id.clone(), f.alice_id.clone()];
    pair.sort();
    assert_eq!(dm["name"], json!(format!("{}__{}", pair[0], pair[1])));
    assert_eq!(dm["type"], "D");
    assert_eq!(dm["team_id"], "");
    let again = f
        .alice
        .post("/api/v4/channels/direct", json!([f.alice_id, f.bob_id]))
        .await
        .ok(201);
    assert_eq!(again["id"], dm["id"], "the existing DM is returned");
    f.bob
        .post("/api/v4/channels/direct", json!([f.alice_id, f.eve_id]))
        .await
        .err(403, NO_PERM);
    f.admin
        .post("/api/v4/channels/direct", json!([f.alice_id, f.eve_id]))
        .await
        .ok(201);
    f.bob
        .post("/api/v4/channels/direct", json!([f.bob_id]))
        .await
        .err(400, BAD_BODY);
    f.bob
        .post("/api/v4/channels/direct", json!([f.bob_id, "bad"]))
        .await
        .err(400, BAD_BODY);
    f.bob
        .post(
            "/api/v4/channels/direct",
            json!([f.bob_id, outpost_model::new_id()]),
        )
        .await
        .err(
            400,
            "api.channel.create_direct_channel.invalid_user.app_error",
        );
    let self_dm = f
        .bob
        .post("/api/v4/channels/direct", json!([f.bob_id, f.bob_id]))
        .await
        .ok(201);
    assert_eq!(
        self_dm["name"],
        json!(format!("{}__{}", f.bob_id, f.bob_id))
    );

    // DMs can be read and edited by their members only, and not archived.
    let dm_id = id(&dm);
    f.alice
        .get(&format!("/api/v4/channels/{dm_id}"))
        .await
        .ok(200);
    f.eve
        .get(&format!("/api/v4/channels/{dm_id}"))
        .await
        .err(403, NO_PERM);
    let patched = f
        .alice
        .put(
            &format!("/api/v4/channels/{dm_id}/patch"),
            json!({"header": "hi"}),
        )
        .await
        .ok(200);
    assert_eq!(patched["header"], "hi");
    f.eve
        .put(
            &format!("/api/v4/channels/{dm_id}/patch"),
            json!({"header": "x"}),
        )
        .await
        .err(403, "api.channel.patch_update_channel.forbidden.app_error");
    f.alice
        .delete(&format!("/api/v4/channels/{dm_id}"))
        .await
        .err(400, "api.channel.delete_channel.type.invalid");
    f.alice
        .post(
            &format!("/api/v4/channels/{dm_id}/members"),
            json!({"user_id": f.eve_id}),
        )
        .await
        .err(400, "api.channel.add_user_to_channel.type.app_error");

    // Group messages: the caller is added; 3 to 8 users.
    let gm = f
        .bob
        .post("/api/v4/channels/group", json!([f.alice_id, f.eve_id]))
        .await
        .ok(201);
    assert_eq!(gm["type"], "G");
    let name = gm["name"].as_str().unwrap();
    assert_eq!(name.len(), 40);
    assert!(name.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(gm["display_name"], "alice, bob, eve");
    let same = f
        .eve
        .post(
            "/api/v4/channels/group",
            json!([f.bob_id, f.alice_id, f.eve_id]),
        )
        .await
        .ok(201);
    assert_eq!(same["id"], gm["id"]);
    f.bob
        .post("/api/v4/channels/group", json!([f.alice_id]))
        .await
        .err(400, "api.channel.create_group.bad_size.app_error");
    f.bob
        .post(
            "/api/v4/channels/group",
            json!([f.alice_id, outpost_model::new_id()]),
        )
        .await
        .err(400, "api.channel.create_group.bad_user.app_error");
    f.bob
        .post("/api/v4/channels/group", json!([]))
        .await
        .err(400, BAD_BODY);

    // A user's channels include DMs and GMs.
    let tid = &f.team_id;
    let chans = f
        .bob
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .ok(200);
    let types: Vec<&str> = chans
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["type"].as_str())
        .collect();
    assert!(types.contains(&"D") && types.contains(&"G") && types.contains(&"O"));
    let everywhere = f.eve.get("/api/v4/users/me/channels").await.ok(200);
    assert_eq!(
        everywhere.as_array().map(Vec::len),
        Some(2),
        "the admin's DM and the GM: {everywhere}"
    );
    f.eve
        .get(&format!("/api/v4/users/me/teams/{tid}/channels"))
        .await
        .err(403, NO_PERM);
    f.s.stop().await;
}
