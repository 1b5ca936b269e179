//! Channels and channel members over HTTP, on SQLite or (with `OUTPOST_TEST_DATABASE_URL`) PostgreSQL.

#![allow(clippy::unwrap_used, reason = "tests: failing loudly is the point")]

mod common;

use common::{channel, fixture, id};
use serde_json::json;

const NO_PERM: &str = "api.context.permissions.app_error";
const BAD_BODY: &str = "api.context.invalid_body_param.app_error";
const BAD_URL: &str = "api.context.invalid_url_param.app_error";

#[tokio::test]
async fn create_and_read_channels() {
    let f = fixture().await;
    let tid = f.team_id.clone();
    let pub_c = channel(&f.bob, &tid, "general-talk", "O").await;
    assert_eq!(pub_c["name"], "general-talk");
    assert_eq!(pub_c["team_id"], json!(tid));
    assert_eq!(pub_c["creator_id"], json!(f.bob_id));
    assert_eq!(pub_c["type"], "O");
    let priv_c = channel(&f.alice, &tid, "secret", "P").await;
    let (pub_id, priv_id) = (id(&pub_c), id(&priv_c));
    let m = f
        .bob
        .get(&format!("/api/v4/channels/{pub_id}/members/me"))
        .await
        .ok(200);
    assert_eq!(m["roles"], "channel_user channel_admin");

    // Bad input.
    let body = |name: &str, display: &str, kind: &str| json!({"team_id": tid, "name": name, "display_name": display, "type": kind});
    f.bob
        .post("/api/v4/channels", body("general-talk", "Dup", "O"))
        .await
        .err(400, "store.sql_channel.save_channel.exists.app_error");
    f.bob
        .post("/api/v4/channels", body("Bad Name", "X", "O"))
        .await
        .err(400, "model.channel.is_valid.1_or_more.app_error");
    f.bob
        .post("/api/v4/channels", body("noname", "", "O"))
        .await
        .err(400, "model.channel.is_valid.display_name.app_error");
    f.bob
        .post("/api/v4/channels", body("toolong", &"x".repeat(65), "O"))
        .await
        .err(400, "model.channel.is_valid.display_name.app_error");
    let mut long_header = body("header", "H", "O");
    long_header["header"] = json!("h".repeat(1025));
    f.bob
        .post("/api/v4/channels", long_header)
        .await
        .err(400, "model.channel.is_valid.header.app_error");
    let mut long_purpose = body("purpose", "P", "O");
    long_purpose["purpose"] = json!("p".repeat(251));
    f.bob
        .post("/api/v4/channels", long_purpose)
        .await
        .err(400, "model.channel.is_valid.purpose.app_error");
    f.bob
        .post("/api/v4/channels", body("dm", "D", "D"))
        .await
        .err(400, "api.channel.create_channel.direct_channel.app_error");
    f.bob
        .post("/api/v4/channels", json!([1, 2]))
        .await
        .err(400, BAD_BODY);
    f.eve
        .post("/api/v4/channels", body("outsider", "O", "O"))
        .await
        .err(403, NO_PERM);

    // Reading: public channels for team members, private ones for members only.
    let got = f
        .bob
        .get(&format!("/api/v4/channels/{pub_id}"))
        .await
        .ok(200);
    assert_eq!(got["display_name"], "Chan general-talk");
    f.alice
        .get(&format!("/api/v4/channels/{pub_id}"))
        .await
        .ok(200);
    f.eve
        .get(&format!("/api/v4/channels/{pub_id}"))
        .await
        .err(403, NO_PERM);
    f.bob
        .get(&format!("/api/v4/channels/{priv_id}"))
        .await
        .err(403, NO_PERM);
    f.admin
        .get(&format!("/api/v4/channels/{priv_id}"))
        .await
        .ok(200);
    f.bob.get("/api/v4/channels/xyz").await.err(400, BAD_URL);
    f.bob
        .get(&format!("/api/v4/channels/{}", outpost_model::new_id()))
        .await
        .err(404, "app.channel.get.existing.app_error");
    let by_name = f
        .bob
        .get(&format!("/api/v4/teams/{tid}/channels/name/general-talk"))
        .await
        .ok(200);
    assert_eq!(by_name["id"], json!(pub_id));
    f.bob
        .get(&format!("/api/v4/teams/{tid}/channels/name/secret"))
        .await
        .err(404, "app.channel.get_by_name.missing.app_error");
    f.alice
        .get(&format!("/api/v4/teams/{tid}/channels/name/secret"))
        .await
        .ok(200);
    f.eve
        .get(&format!("/api/v4/teams/{tid}/channels/name/general-talk"))
        .await
        .err(403, NO_PERM);
    f.bob
        .get(&format!("/api/v4/teams/{tid}/channels/name/Bad!"))
        .await
        .err(400, BAD_URL);
    let by_team_name = f
        .bob
        .get("/api/v4/teams/name/alpha/channels/name/town-square")
        .await
        .ok(200);
    assert_eq!(by_team_name["name"], "town-square");
    f.bob
        .get("/api/v4/teams/name/nosuch/channels/name/town-square")
        .await
        .err(404, "app.team.get_by_name.missing.app_error");

    // Stats and timezones.
    let stats = f
        .bob
        .get(&format!("/api/v4/channels/{pub_id}/stats"))
        .await
        .ok(200);
    assert_eq!(
        stats,
        json!({"channel_id": pub_id, "member_count": 1, "guest_count": 0, "pinnedpost_count": 0, "files_count": 0})
    );
    f.eve
        .get(&format!("/api/v4/channels/{pub_id}/stats"))
        .await
        .err(403, NO_PERM);
    let tz = f
        .bob
        .get(&format!("/api/v4/channels/{pub_id}/timezones"))
        .await
        .ok(200);
    assert!(tz.is_array());
    f.s.stop().await;
}

#[tokio::test]
async fn edit_archive_and_list_channels() {
    let f = fixture().await;
    let tid = f.team_id.clone();
    let c = channel(&f.alice, &tid, "news", "O").await;
    let cid = id(&c);
    let ts = f
        .alice
        .get(&format!("/api/v4/teams/{tid}/channels/name/town-square"))
        .await
        .ok(200);
    let ts_id = id(&ts);

    // Bob is no member of "news": channel_user permissions don't apply to him.
    f.bob
        .put(
            &format!("/api/v4/channels/{cid}/patch"),
            json!({"header": "x"}),
        )
        .await
        .err(403, NO_PERM);
    let patched = f
        .alice
        .put(
            &format!("/api/v4/channels/{cid}/patch"),
            json!({"header": "Daily news", "display_name": "News"}),
        )
        .await
        .ok(200);
    assert_eq!(patched["header"], "Daily news");
    assert_eq!(patched["display_name"], "News");
    let mut whole = patched.clone();
    whole["purpose"] = json!("what happened");
    let updated = f
        .alice
        .put(&format!("/api/v4/channels/{cid}"), whole.clone())
        .await
        .ok(200);
    assert_eq!(updated["purpose"], "what happened");
    assert_eq!(updated["header"], "Daily news");
    let mut other = whole.clone();
    other["id"] = json!(ts_id);
    f.alice
        .put(&format!("/api/v4/channels/{cid}"), other)
        .await
        .err(400, BAD_BODY);
    let mut retype = whole.clone();
    retype["type"] = json!("P");
    f.alice
        .put(&format!("/api/v4/channels/{cid}"), retype)
        .await
        .err(400, "api.channel.update_channel.typechange.app_error");
    f.alice
        .put(
            &format!("/api/v4/channels/{ts_id}/patch"),
            json!({"name": "renamed"}),
        )
        .await
        .err(400, "api.channel.update_channel.tried.app_error");
    channel(&f.alice, &tid, "taken", "O").await;
    f.alice
        .put(
            &format!("/api/v4/channels/{cid}/patch"),
            json!({"name": "taken"}),
        )
        .await
        .err(400, "store.sql_channel.update.exists.app_error");

    // Archiving.
    f.alice
        .delete(&format!("/api/v4/channels/{ts_id}"))
        .await
        .err(400, "api.channel.delete_channel.cannot.app_error");
    f.bob
        .delete(&format!("/api/v4/channels/{cid}"))
        .await
        .err(403, NO_PERM);
    assert_eq!(
        f.alice
            .delete(&format!("/api/v4/channels/{cid}"))
            .await
            .ok(200)["status"],
        "OK"
    );
    f.alice
        .delete(&format!("/api/v4/channels/{cid}"))
        .await
        .err(400, "api.channel.delete_channel.deleted.app_error");
    f.alice
        .put(
            &format!("/api/v4/channels/{cid}/patch"),
            json!({"header": "y"}),
        )
        .await
        .err(400, "api.channel.update_channel.deleted.app_error");
    let archived = f
        .alice
        .get(&format!("/api/v4/channels/{cid}"))
        .await
        .ok(200);
    assert!(archived["delete_at"].as_i64().unwrap() > 0);
    let deleted = f
        .bob
        .get(&format!("/api/v4/teams/{tid}/channels/deleted"))
        .await
        .ok(200);
    assert_eq!(deleted[0]["id"], json!(cid));
    f.admin
        .delete(&format!("/api/v4/channels/{cid}?permanent=true"))
        .await
        .err(401, "api.user.delete_channel.not_enabled.app_error");
    f.bob
        .post(&format!("/api/v4/channels/{cid}/restore"), json!({}))
        .await
        .err(403, NO_PERM);
    let restored = f
        .alice
        .post(&format!("/api/v4/channels/{cid}/restore"), json!({}))
        .await
        .ok(200);
    assert_eq!(restored["delete_at"], 0);
    f.alice
        .post(&format!("/api/v4/channels/{cid}/restore"), json!({}))
        .await
        .err(400, "api.channel.restore_channel.restored.app_error");

    // Listings.
    let secret = channel(&f.alice, &tid, "secret", "P").await;
    let public = f
        .bob
        .get(&format!("/api/v4/teams/{tid}/channels"))
        .await
        .ok(200);
    let names: Vec<&str> = public
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    // By display name: "Chan taken", "News", "Off-Topic", "Town Square".
    assert_eq!(names, ["taken", "news", "off-topic", "town-square"]);
    let paged = f
        .bob
        .get(&format!("/api/v4/teams/{tid}/channels?page=1&per_page=3"))
        .await
        .ok(200);
    assert_eq!(paged.as_array().map(Vec::len), Some(1));
    f.eve
        .get(&format!("/api/v4/teams/{tid}/channels"))
        .await
        .err(403, NO_PERM);
    f.alice
        .get(&format!("/api/v4/teams/{tid}/channels/private"))
        .await
        .err(403, NO_PERM);
    let private = f
        .admin
        .get(&format!("/api/v4/teams/{tid}/channels/private"))
        .await
        .ok(200);
    assert_eq!(private[0]["id"], secret["id"]);
    let found = f
        .bob
        .post(
            &format!("/api/v4/teams/{tid}/channels/search"),
            json!({"term": "new"}),
        )
        .await
        .ok(200);
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    assert_eq!(found[0]["name"], "news");
    f.bob
        .post(&format!("/api/v4/teams/{tid}/channels/search"), json!("x"))
        .await
        .err(400, BAD_BODY);
    let by_ids = f
        .bob
        .post(
            &format!("/api/v4/teams/{tid}/channels/ids"),
            json!([cid, id(&secret)]),
        )
        .await
        .ok(200);
    assert_eq!(
        by_ids.as_array().map(Vec::len),
        Some(1),
        "private channels are left out"
    );
    f.bob
        .post(&format!("/api/v4/teams/{tid}/channels/ids"), json!([]))
        .await
        .err(400, BAD_BODY);
    f.eve
        .post(&format!("/api/v4/teams/{tid}/channels/ids"), json!([cid]))
        .await
        .err(403, NO_PERM);
    f.s.stop().await;
}
