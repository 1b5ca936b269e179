//! Sidebar categories over HTTP, on SQLite or (with `OUTPOST_TEST_DATABASE_URL`) PostgreSQL.

#![allow(clippy::unwrap_used, reason = "tests: failing loudly is the point")]

mod common;

use common::ws::{connect, data_json, next_event};
use common::{channel, fixture, id};
use serde_json::json;

const NO_PERM: &str = "api.context.permissions.app_error";
const BAD_BODY: &str = "api.context.invalid_body_param.app_error";

#[tokio::test]
async fn default_and_custom_categories() {
    let f = fixture().await;
    let tid = f.team_id.clone();
    let dm = f
        .bob
        .post("/api/v4/channels/direct", json!([f.bob_id, f.alice_id]))
        .await
        .ok(201);
    let base = format!("/api/v4/users/me/teams/{tid}/channels/categories");
    let bob_id = f.bob_id.clone();

    let cats = f.bob.get(&base).await.ok(200);
    let expected_ids = [
        format!("favorites_{bob_id}_{tid}"),
        format!("channels_{bob_id}_{tid}"),
        format!("direct_messages_{bob_id}_{tid}"),
    ];
    assert_eq!(cats["order"], json!(expected_ids));
    let list = cats["categories"].as_array().unwrap();
    assert_eq!(list[0]["type"], "favorites");
    assert_eq!(list[0]["display_name"], "Favorites");
    assert_eq!(list[0]["channel_ids"], json!([]));
    assert_eq!(list[1]["display_name"], "Channels");
    assert_eq!(
        list[1]["channel_ids"].as_array().map(Vec::len),
        Some(2),
        "town-square and off-topic"
    );
    assert_eq!(list[2]["display_name"], "Direct Messages");
    assert_eq!(list[2]["channel_ids"], json!([id(&dm)]));
    assert_eq!(list[2]["user_id"], json!(bob_id));
    assert_eq!(list[2]["team_id"], json!(tid));

    // Someone else's sidebar, or a team one is not in.
    f.alice
        .get(&format!(
            "/api/v4/users/{bob_id}/teams/{tid}/channels/categories"
        ))
        .await
        .err(403, NO_PERM);
    f.eve
        .get(&format!("/api/v4/users/me/teams/{tid}/channels/categories"))
        .await
        .err(403, NO_PERM);

    // Moving a channel into Favorites takes it out of Channels.
    let news = channel(&f.bob, &tid, "news", "O").await;
    let mut fav = list[0].clone();
    fav["channel_ids"] = json!([id(&news)]);
    let updated = f
        .bob
        .put(&format!("{base}/{}", expected_ids[0]), fav.clone())
        .await
        .ok(200);
    assert_eq!(updated["channel_ids"], json!([id(&news)]));
    let channels_cat = f
        .bob
        .get(&format!("{base}/{}", expected_ids[1]))
        .await
        .ok(200);
    assert!(
        !channels_cat["channel_ids"]
            .as_array()
            .unwrap()
            .contains(&json!(id(&news)))
    );
    f.bob
        .put(&format!("{base}/{}", expected_ids[1]), fav)
        .await
        .err(400, BAD_BODY);
    f.bob
        .get(&format!("{base}/nosuchcategory"))
        .await
        .err(404, "app.channel.sidebar_categories.app_error");

    // Custom categories go right after Favorites and can be deleted.
    let custom = f
        .bob
        .post(
            &base,
            json!({"display_name": "Work", "channel_ids": [id(&news)]}),
        )
        .await
        .ok(201);
    assert_eq!(custom["type"], "custom");
    assert_eq!(custom["display_name"], "Work");
    assert_eq!(custom["channel_ids"], json!([id(&news)]));
    let order = f.bob.get(&format!("{base}/order")).await.ok(200);
    assert_eq!(order[1], custom["id"]);
    assert_eq!(order.as_array().map(Vec::len), Some(4));
    f.bob
        .post(&base, json!({"display_name": ""}))
        .await
        .err(400, BAD_BODY);

    let reversed: Vec<_> = order.as_array().unwrap().iter().rev().cloned().collect();
    let put = f
        .bob
        .put(&format!("{base}/order"), json!(reversed))
        .await
        .ok(200);
    assert_eq!(put, json!(reversed));
    assert_eq!(
        f.bob.get(&format!("{base}/order")).await.ok(200),
        json!(reversed)
    );
    f.bob
        .put(&format!("{base}/order"), json!(["x"]))
        .await
        .err(400, BAD_BODY);

    f.bob
        .delete(&format!("{base}/{}", expected_ids[0]))
        .await
        .err(400, "app.channel.sidebar_categories.app_error");
    let custom_id = custom["id"].as_str().unwrap();
    assert_eq!(
        f.bob.delete(&format!("{base}/{custom_id}")).await.ok(200)["status"],
        "OK"
    );
    let after = f.bob.get(&base).await.ok(200);
    assert_eq!(after["order"].as_array().map(Vec::len), Some(3));
    let chans = &after["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "channels")
        .unwrap()["channel_ids"];
    assert!(
        chans.as_array().unwrap().contains(&json!(id(&news))),
        "back in Channels"
    );
    f.s.stop().await;
}

/// The `mark_unread` of bob's membership of `channel`.
async fn mark_unread(f: &common::Fixture, channel: &str) -> String {
    let m = f
        .bob
        .get(&format!("/api/v4/channels/{channel}/members/{}", f.bob_id))
        .await
        .ok(200);
    m["notify_props"]["mark_unread"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn muted_categories_mute_their_channels() {
    let f = fixture().await;
    let tid = f.team_id.clone();
    let bob_id = f.bob_id.clone();
    let base = format!("/api/v4/users/me/teams/{tid}/channels/categories");
    let news = id(&channel(&f.bob, &tid, "news", "O").await);
    f.bob
        .post("/api/v4/channels/direct", json!([f.bob_id, f.alice_id]))
        .await
        .ok(201);
    let mut ws = connect(&f.s, &f.bob).await;
    let channels_id = format!("channels_{bob_id}_{tid}");
    let mut channels = f.bob.get(&format!("{base}/{channels_id}")).await.ok(200);
    // Another channel of the category (town-square or off-topic).
    let town = channels["channel_ids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .find(|c| *c != news)
        .unwrap()
        .to_owned();
    assert_eq!(mark_unread(&f, &town).await, "all");

    // Muting the category mutes each of its channels, and says so to bob's connections.
    channels["muted"] = json!(true);
    let put = f
        .bob
        .put(&format!("{base}/{channels_id}"), channels.clone())
        .await
        .ok(200);
    assert_eq!(put["muted"], true);
    for ch in channels["channel_ids"].as_array().unwrap() {
        assert_eq!(mark_unread(&f, ch.as_str().unwrap()).await, "mention");
    }
    let ev = next_event(&mut ws, "channel_member_updated").await;
    let member = data_json(&ev, "channelMember");
    assert_eq!(member["notify_props"]["mark_unread"], "mention");
    assert_eq!(member["user_id"], bob_id.as_str());

    // Unmuting it unmutes them.
    channels["muted"] = json!(false);
    f.bob
        .put(&format!("{base}/{channels_id}"), channels.clone())
        .await
        .ok(200);
    assert_eq!(mark_unread(&f, &news).await, "all");
    assert_eq!(mark_unread(&f, &town).await, "all");

    // A channel moved into a muted category is muted; moved back out, unmuted.
    let custom = f
        .bob
        .post(&base, json!({"display_name": "Quiet"}))
        .await
        .ok(201);
    let mut quiet = custom.clone();
    quiet["muted"] = json!(true);
    f.bob
        .put(&format!("{base}/{}", id(&custom)), quiet.clone())
        .await
        .ok(200);
    let mut without_news = channels.clone();
    without_news["channel_ids"] = json!(
        channels["channel_ids"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| **c != json!(news))
            .collect::<Vec<_>>()
    );
    quiet["channel_ids"] = json!([news]);
    f.bob.put(&base, json!([without_news, quiet])).await.ok(200);
    assert_eq!(mark_unread(&f, &news).await, "mention");
    assert_eq!(mark_unread(&f, &town).await, "all", "not moved, not muted");
    quiet["channel_ids"] = json!([]);
    f.bob.put(&base, json!([channels, quiet])).await.ok(200);
    assert_eq!(mark_unread(&f, &news).await, "all");

    // The Direct Messages category cannot be muted (its channels stay as they were).
    let dms_id = format!("direct_messages_{bob_id}_{tid}");
    let mut dms = f.bob.get(&format!("{base}/{dms_id}")).await.ok(200);
    let dm = dms["channel_ids"][0].as_str().unwrap().to_owned();
    dms["muted"] = json!(true);
    let put = f
        .bob
        .put(&format!("{base}/{dms_id}"), dms.clone())
        .await
        .ok(200);
    assert_eq!(put["muted"], false);
    assert_eq!(mark_unread(&f, &dm).await, "all");

    // Bad input changes nothing.
    dms["muted"] = json!("yes");
    f.bob
        .put(&format!("{base}/{dms_id}"), dms)
        .await
        .err(400, BAD_BODY);
    // Someone else's category.
    f.alice
        .put(
            &format!("/api/v4/users/{bob_id}/teams/{tid}/channels/categories/{channels_id}"),
            channels,
        )
        .await
        .err(403, NO_PERM);
    f.s.stop().await;
}
