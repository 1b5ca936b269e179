//! WebSocket events of team, channel, user, preference and sidebar changes: each reaches the
//! connections allowed to see it, with Mattermost's payload, and nobody else. Absence is proven
//! with a `ping`: events published before it are queued ahead of its reply.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::ws::{
    assert_no_event, assert_quiet, connect, data_json, next_event, next_post, posted,
};
use common::{channel, fixture, id};
use serde_json::json;

#[tokio::test]
async fn channel_lifecycle_events_reach_members_only() {
    let f = fixture().await;
    let mut alice = connect(&f.s, &f.alice).await;
    let mut bob = connect(&f.s, &f.bob).await;
    let mut eve = connect(&f.s, &f.eve).await;

    // Created: only the creator hears of it, and sees her join message.
    let ch = id(&channel(&f.alice, &f.team_id, "secret", "P").await);
    let join = next_post(&mut alice).await;
    assert_eq!(
        (&join["type"], &join["props"]["username"]),
        (&json!("system_join_channel"), &json!("alice"))
    );
    let created = next_event(&mut alice, "channel_created").await;
    assert_eq!(created["data"]["channel_id"], ch.as_str());
    assert_eq!(created["data"]["team_id"], f.team_id.as_str());
    assert_eq!(created["broadcast"]["user_id"], f.alice_id.as_str());
    assert_quiet(&mut bob).await;

    // bob is added: the members (bob included) get user_added and the "added by" message.
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let added = next_event(&mut bob, "user_added").await;
    assert_eq!(added["data"]["user_id"], f.bob_id.as_str());
    assert_eq!(added["data"]["team_id"], f.team_id.as_str());
    assert_eq!(added["broadcast"]["channel_id"], ch.as_str());
    let msg = next_post(&mut bob).await;
    assert_eq!(msg["type"], "system_add_to_channel");
    assert_eq!(msg["user_id"], f.alice_id.as_str());
    assert_eq!(msg["props"]["addedUsername"], "bob");
    assert_eq!(msg["props"]["addedUserId"], f.bob_id.as_str());
    assert_eq!(msg["props"]["username"], "alice");
    assert_eq!(
        next_event(&mut alice, "user_added").await["data"]["user_id"],
        f.bob_id.as_str()
    );

    // Header and display name change: channel_updated plus one system message each.
    f.alice
        .put(
            &format!("/api/v4/channels/{ch}/patch"),
            json!({"header": "new header", "display_name": "Renamed"}),
        )
        .await
        .ok(200);
    let updated = next_event(&mut bob, "channel_updated").await;
    let c = data_json(&updated, "channel");
    assert_eq!((&c["id"], &c["header"]), (&json!(ch), &json!("new header")));
    assert_eq!(updated["broadcast"]["channel_id"], ch.as_str());
    let rename = next_post(&mut bob).await;
    assert_eq!(rename["type"], "system_displayname_change");
    assert_eq!(rename["props"]["old_displayname"], "Chan secret");
    assert_eq!(rename["props"]["new_displayname"], "Renamed");
    let header = next_post(&mut bob).await;
    assert_eq!(header["type"], "system_header_change");
    assert_eq!(
        (
            &header["props"]["old_header"],
            &header["props"]["new_header"]
        ),
        (&json!(""), &json!("new header"))
    );
    f.alice
        .put(
            &format!("/api/v4/channels/{ch}/patch"),
            json!({"purpose": "why"}),
        )
        .await
        .ok(200);
    let purpose = next_post(&mut bob).await;
    assert_eq!(purpose["type"], "system_purpose_change");
    assert_eq!(purpose["props"]["new_purpose"], "why");

    // bob is removed: the remaining members and bob each get their copy; bob no longer
    // receives the channel's posts.
    f.alice
        .delete(&format!("/api/v4/channels/{ch}/members/{}", f.bob_id))
        .await
        .ok(200);
    let removed = next_event(&mut bob, "user_removed").await;
    assert_eq!(removed["data"]["channel_id"], ch.as_str());
    assert_eq!(removed["data"]["remover_id"], f.alice_id.as_str());
    assert_eq!(removed["broadcast"]["user_id"], f.bob_id.as_str());
    let theirs = next_event(&mut alice, "user_removed").await;
    assert_eq!(theirs["data"]["user_id"], f.bob_id.as_str());
    assert_eq!(theirs["broadcast"]["channel_id"], ch.as_str());
    let gone = next_post(&mut alice).await;
    assert_eq!(gone["type"], "system_remove_from_channel");
    assert_eq!(gone["props"]["removedUsername"], "bob");
    assert_no_event(&mut bob, "posted").await;

    // Archiving a private channel: its members only.
    f.alice
        .delete(&format!("/api/v4/channels/{ch}"))
        .await
        .ok(200);
    let deleted = next_event(&mut alice, "channel_deleted").await;
    assert_eq!(deleted["data"]["channel_id"], ch.as_str());
    assert!(deleted["data"]["delete_at"].as_i64().unwrap() > 0);
    assert_eq!(deleted["data"]["team_id"], f.team_id.as_str());
    assert_quiet(&mut bob).await;
    f.alice
        .post(&format!("/api/v4/channels/{ch}/restore"), json!({}))
        .await
        .ok(200);
    let restored = next_event(&mut alice, "channel_restored").await;
    assert_eq!(restored["data"]["channel_id"], ch.as_str());
    assert_quiet(&mut bob).await;

    // Archiving a public channel: the whole team, members or not — but not eve.
    let open = id(&channel(&f.alice, &f.team_id, "agora", "O").await);
    f.alice
        .delete(&format!("/api/v4/channels/{open}"))
        .await
        .ok(200);
    let deleted = next_event(&mut bob, "channel_deleted").await;
    assert_eq!(deleted["data"]["channel_id"], open.as_str());
    assert_eq!(deleted["broadcast"]["team_id"], f.team_id.as_str());
    assert_quiet(&mut eve).await;
    f.s.stop().await;
}

#[tokio::test]
async fn joining_and_leaving_post_system_messages() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "lobby", "O").await);
    let mut alice = connect(&f.s, &f.alice).await;
    let mut eve = connect(&f.s, &f.eve).await;

    f.bob
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    assert_eq!(
        next_event(&mut alice, "user_added").await["data"]["user_id"],
        f.bob_id.as_str()
    );
    let join = next_post(&mut alice).await;
    assert_eq!(join["type"], "system_join_channel");
    assert_eq!(join["user_id"], f.bob_id.as_str());
    assert_eq!(join["props"]["username"], "bob");

    f.bob
        .delete(&format!("/api/v4/channels/{ch}/members/{}", f.bob_id))
        .await
        .ok(200);
    assert_eq!(
        next_event(&mut alice, "user_removed").await["data"]["remover_id"],
        f.bob_id.as_str()
    );
    let leave = next_post(&mut alice).await;
    assert_eq!(leave["type"], "system_leave_channel");
    assert_eq!(leave["props"]["username"], "bob");
    assert_quiet(&mut eve).await;

    // Join/leave messages are not unread messages (Mattermost's IsJoinLeaveMessage).
    let c = f.alice.get(&format!("/api/v4/channels/{ch}")).await.ok(200);
    assert_eq!(c["total_msg_count"], 0);
    f.s.stop().await;
}

#[tokio::test]
async fn member_updates_and_views_go_to_the_member() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "prefs", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let mut alice = connect(&f.s, &f.alice).await;
    let mut bob = connect(&f.s, &f.bob).await;

    f.bob
        .put(
            &format!("/api/v4/channels/{ch}/members/{}/notify_props", f.bob_id),
            json!({"desktop": "none"}),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "channel_member_updated").await;
    let m = data_json(&ev, "channelMember");
    assert_eq!(
        (&m["channel_id"], &m["user_id"]),
        (&json!(ch), &json!(f.bob_id))
    );
    assert_eq!(m["notify_props"]["desktop"], "none");
    assert_eq!(ev["broadcast"]["user_id"], f.bob_id.as_str());

    f.alice
        .put(
            &format!("/api/v4/channels/{ch}/members/{}/roles", f.bob_id),
            json!({"roles": "channel_user channel_admin"}),
        )
        .await
        .ok(200);
    let m = data_json(
        &next_event(&mut bob, "channel_member_updated").await,
        "channelMember",
    );
    assert!(
        m["roles"].as_str().unwrap().contains("channel_admin"),
        "{m}"
    );

    f.bob
        .post(
            &format!("/api/v4/channels/members/{}/view", f.bob_id),
            json!({"channel_id": ch}),
        )
        .await
        .ok(200);
    let viewed = next_event(&mut bob, "multiple_channels_viewed").await;
    assert!(viewed["data"]["channel_times"][&ch].as_i64().unwrap() > 0);
    assert_eq!(viewed["broadcast"]["user_id"], f.bob_id.as_str());
    assert_quiet(&mut alice).await;
    f.s.stop().await;
}

#[tokio::test]
async fn direct_and_group_messages_announce_themselves_to_their_members() {
    let f = fixture().await;
    let mut alice = connect(&f.s, &f.alice).await;
    let mut bob = connect(&f.s, &f.bob).await;
    let mut eve = connect(&f.s, &f.eve).await;
    let mut admin = connect(&f.s, &f.admin).await;

    let dm = id(&f
        .bob
        .post("/api/v4/channels/direct", json!([f.bob_id, f.alice_id]))
        .await
        .ok(201));
    for ws in [&mut alice, &mut bob] {
        let ev = next_event(ws, "direct_added").await;
        assert_eq!(ev["data"]["teammate_id"], f.alice_id.as_str());
        assert_eq!(ev["data"]["creator_id"], f.bob_id.as_str());
        assert_eq!(ev["broadcast"]["channel_id"], dm.as_str());
    }
    assert_quiet(&mut eve).await;
    // Getting the existing DM again announces nothing.
    f.alice
        .post("/api/v4/channels/direct", json!([f.alice_id, f.bob_id]))
        .await
        .ok(201);
    assert_quiet(&mut bob).await;

    let gm = id(&f
        .alice
        .post("/api/v4/channels/group", json!([f.bob_id, f.eve_id]))
        .await
        .ok(201));
    for ws in [&mut alice, &mut bob, &mut eve] {
        let ev = next_event(ws, "group_added").await;
        assert_eq!(ev["broadcast"]["channel_id"], gm.as_str());
        let mut ids: Vec<String> = serde_json::from_value(data_json(&ev, "teammate_ids")).unwrap();
        ids.sort();
        let mut want = vec![f.alice_id.clone(), f.bob_id.clone(), f.eve_id.clone()];
        want.sort();
        assert_eq!(ids, want);
    }
    assert_quiet(&mut admin).await;

    // A header change in a DM is announced with its system message, as Mattermost does.
    f.alice
        .put(
            &format!("/api/v4/channels/{dm}/patch"),
            json!({"header": "dm topic"}),
        )
        .await
        .ok(200);
    assert_eq!(
        next_event(&mut bob, "channel_updated").await["broadcast"]["channel_id"],
        dm.as_str()
    );
    assert_eq!(next_post(&mut bob).await["type"], "system_header_change");
    assert_quiet(&mut eve).await;
    f.s.stop().await;
}

#[tokio::test]
async fn team_membership_and_team_events() {
    let f = fixture().await;
    let mut alice = connect(&f.s, &f.alice).await;
    let mut bob = connect(&f.s, &f.bob).await;
    let mut eve = connect(&f.s, &f.eve).await;
    let mut admin = connect(&f.s, &f.admin).await;

    // eve joins the open team herself.
    f.eve
        .post(
            &format!("/api/v4/teams/{}/members", f.team_id),
            json!({"team_id": f.team_id, "user_id": f.eve_id}),
        )
        .await
        .ok(201);
    let joined = next_event(&mut eve, "added_to_team").await;
    assert_eq!(joined["data"]["team_id"], f.team_id.as_str());
    assert_eq!(joined["data"]["user_id"], f.eve_id.as_str());
    assert_eq!(joined["broadcast"]["user_id"], f.eve_id.as_str());
    let added = next_event(&mut bob, "user_added").await;
    assert_eq!(added["data"]["user_id"], f.eve_id.as_str());
    let town = next_post(&mut bob).await;
    assert_eq!(town["type"], "system_join_team");
    assert_eq!(town["props"]["username"], "eve");
    let off_topic = next_post(&mut bob).await;
    assert_eq!(off_topic["type"], "system_join_channel");
    assert_quiet(&mut admin).await;

    // update_team: the team's members, sanitized.
    f.alice
        .put(
            &format!("/api/v4/teams/{}/patch", f.team_id),
            json!({"display_name": "Alpha Two"}),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "update_team").await;
    let team = data_json(&ev, "team");
    assert_eq!(team["display_name"], "Alpha Two");
    assert_eq!(team["invite_id"], "");
    assert_eq!(ev["broadcast"]["team_id"], f.team_id.as_str());
    assert_no_event(&mut admin, "update_team").await;

    // A team role change: memberrole_updated to that member.
    f.alice
        .put(
            &format!("/api/v4/teams/{}/members/{}/roles", f.team_id, f.bob_id),
            json!({"roles": "team_user team_admin"}),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "memberrole_updated").await;
    let m = data_json(&ev, "member");
    assert_eq!(
        (&m["user_id"], &m["scheme_admin"]),
        (&json!(f.bob_id), &json!(true))
    );
    assert_no_event(&mut alice, "memberrole_updated").await;

    // eve is removed: the team hears leave_team, and so does eve; town-square gets the message.
    f.alice
        .delete(&format!("/api/v4/teams/{}/members/{}", f.team_id, f.eve_id))
        .await
        .ok(200);
    let left = next_event(&mut eve, "leave_team").await;
    assert_eq!(
        (&left["data"]["user_id"], &left["data"]["team_id"]),
        (&json!(f.eve_id), &json!(f.team_id))
    );
    let msg = next_post(&mut bob).await;
    assert_eq!(msg["type"], "system_remove_from_team");
    assert_eq!(msg["props"]["username"], "eve");
    let left = next_event(&mut bob, "leave_team").await;
    assert_eq!(left["data"]["user_id"], f.eve_id.as_str());
    assert_eq!(left["broadcast"]["omit_users"][&f.eve_id], true);
    assert_no_event(&mut eve, "posted").await;
    assert_quiet(&mut admin).await;

    // An invite-only team being archived and restored: its members only.
    let closed = id(&f
        .alice
        .post(
            "/api/v4/teams",
            json!({"name": "closed", "display_name": "Closed", "type": "I"}),
        )
        .await
        .ok(201));
    let mut alice_events = common::ws::events_until_pong(&mut alice).await;
    alice_events.retain(|e| e["event"] == "added_to_team");
    assert_eq!(alice_events.len(), 1, "the creator joined the new team");
    f.alice
        .delete(&format!("/api/v4/teams/{closed}"))
        .await
        .ok(200);
    let ev = next_event(&mut alice, "delete_team").await;
    assert_eq!(data_json(&ev, "team")["id"], closed.as_str());
    f.alice
        .post(&format!("/api/v4/teams/{closed}/restore"), json!({}))
        .await
        .ok(200);
    let ev = next_event(&mut alice, "restore_team").await;
    assert_eq!(data_json(&ev, "team")["delete_at"], 0);
    assert_quiet(&mut bob).await;
    assert_quiet(&mut eve).await;
    f.s.stop().await;
}

#[tokio::test]
async fn user_events() {
    let f = fixture().await;
    let mut alice = connect(&f.s, &f.alice).await;
    let mut bob = connect(&f.s, &f.bob).await;
    let mut admin = connect(&f.s, &f.admin).await;

    let (_, carol) = f.s.user(&f.admin, "carol").await;
    assert_eq!(
        next_event(&mut bob, "new_user").await["data"]["user_id"],
        carol["id"]
    );
    assert_eq!(
        next_event(&mut alice, "new_user").await["data"]["user_id"],
        carol["id"]
    );

    f.alice
        .put(
            &format!("/api/v4/users/{}/patch", f.alice_id),
            json!({"nickname": "Al"}),
        )
        .await
        .ok(200);
    // Others get the public view (no notify props), the user her own, admins the admin view.
    let theirs = next_event(&mut bob, "user_updated").await;
    assert_eq!(theirs["data"]["user"]["nickname"], "Al");
    assert!(theirs["data"]["user"].get("notify_props").is_none());
    let own = next_event(&mut alice, "user_updated").await;
    assert_eq!(own["broadcast"]["user_id"], f.alice_id.as_str());
    assert_ne!(own["data"]["user"]["notify_props"], json!({}));
    let admins = next_event(&mut admin, "user_updated").await;
    assert_eq!(admins["data"]["user"]["email"], "alice@example.com");
    assert_ne!(admins["data"]["user"]["notify_props"], json!({}));
    for ev in [&theirs, &own, &admins] {
        assert!(
            ev["data"]["user"]["password"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
    }
    // Exactly one copy each.
    assert_no_event(&mut bob, "user_updated").await;
    assert_no_event(&mut alice, "user_updated").await;
    assert_no_event(&mut admin, "user_updated").await;

    f.admin
        .put(
            &format!("/api/v4/users/{}/roles", f.bob_id),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "user_role_updated").await;
    assert_eq!(ev["data"]["user_id"], f.bob_id.as_str());
    assert_eq!(ev["data"]["roles"], "system_user system_admin");
    assert_no_event(&mut alice, "user_role_updated").await;

    // A custom status set and cleared: everyone sees it change in the user's props.
    f.alice
        .put(
            "/api/v4/users/me/status/custom",
            json!({"emoji": "palm_tree", "text": "On holiday", "duration": "", "expires_at": ""}),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "user_updated").await;
    let cs: serde_json::Value = serde_json::from_str(
        ev["data"]["user"]["props"]["customStatus"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(cs["emoji"], "palm_tree");
    assert_eq!(cs["text"], "On holiday");
    f.alice
        .delete("/api/v4/users/me/status/custom")
        .await
        .ok(200);
    let ev = next_event(&mut bob, "user_updated").await;
    assert_eq!(ev["data"]["user"]["props"]["customStatus"], "");
    assert_eq!(
        next_event(&mut alice, "user_updated").await["broadcast"]["user_id"],
        f.alice_id.as_str()
    );
    f.s.stop().await;
}

#[tokio::test]
async fn preference_and_sidebar_events_go_to_their_owner() {
    let f = fixture().await;
    let mut alice = connect(&f.s, &f.alice).await;
    let mut bob = connect(&f.s, &f.bob).await;

    let pref = json!({"user_id": f.bob_id, "category": "display_settings", "name": "use_military_time", "value": "true"});
    f.bob
        .put(
            &format!("/api/v4/users/{}/preferences", f.bob_id),
            json!([pref]),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "preferences_changed").await;
    assert_eq!(data_json(&ev, "preferences"), json!([pref]));
    assert_eq!(ev["broadcast"]["user_id"], f.bob_id.as_str());
    f.bob
        .post(
            &format!("/api/v4/users/{}/preferences/delete", f.bob_id),
            json!([pref]),
        )
        .await
        .ok(200);
    let ev = next_event(&mut bob, "preferences_deleted").await;
    assert_eq!(
        data_json(&ev, "preferences")[0]["name"],
        "use_military_time"
    );

    let base = format!(
        "/api/v4/users/{}/teams/{}/channels/categories",
        f.bob_id, f.team_id
    );
    let cat = f
        .bob
        .post(
            &base,
            json!({"display_name": "Work", "user_id": f.bob_id, "team_id": f.team_id}),
        )
        .await
        .ok(201);
    let cat_id = id(&cat);
    let ev = next_event(&mut bob, "sidebar_category_created").await;
    assert_eq!(ev["data"]["category_id"], cat_id.as_str());
    assert_eq!(ev["broadcast"]["team_id"], f.team_id.as_str());
    assert_eq!(ev["broadcast"]["user_id"], f.bob_id.as_str());
    assert_no_event(&mut bob, "sidebar_category_updated").await;

    let mut renamed = cat.clone();
    renamed["display_name"] = json!("Work stuff");
    f.bob
        .put(&format!("{base}/{cat_id}"), renamed)
        .await
        .ok(200);
    let ev = next_event(&mut bob, "sidebar_category_updated").await;
    assert_eq!(
        data_json(&ev, "updatedCategories")[0]["display_name"],
        "Work stuff"
    );

    let mut order: Vec<String> =
        serde_json::from_value(f.bob.get(&format!("{base}/order")).await.ok(200)).unwrap();
    order.reverse();
    f.bob
        .put(&format!("{base}/order"), json!(order))
        .await
        .ok(200);
    let ev = next_event(&mut bob, "sidebar_category_order_updated").await;
    assert_eq!(ev["data"]["order"], json!(order));

    f.bob.delete(&format!("{base}/{cat_id}")).await.ok(200);
    let ev = next_event(&mut bob, "sidebar_category_deleted").await;
    assert_eq!(ev["data"]["category_id"], cat_id.as_str());
    assert_quiet(&mut alice).await;
    f.s.stop().await;
}

#[tokio::test]
async fn posted_system_messages_carry_the_channel_facts() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "facts", "O").await);
    let mut alice = connect(&f.s, &f.alice).await;
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    let ev = next_event(&mut alice, "posted").await;
    let post = posted(&ev);
    assert_eq!(post["channel_id"], ch.as_str());
    assert_eq!(ev["data"]["channel_name"], "facts");
    assert_eq!(ev["data"]["channel_type"], "O");
    assert_eq!(ev["data"]["sender_name"], "@alice");
    assert_eq!(ev["data"]["team_id"], f.team_id.as_str());
    assert_eq!(ev["broadcast"]["channel_id"], ch.as_str());
    f.s.stop().await;
}
