//! Built-in slash commands through `POST /commands/execute`, each checked by its effect.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{Fixture, channel, fixture, id};
use serde_json::{Value, json};

async fn exec(c: &outpost_testkit::Client, ch: &str, command: &str) -> Value {
    c.post(
        "/api/v4/commands/execute",
        json!({"channel_id": ch, "command": command}),
    )
    .await
    .ok(200)
}

async fn latest(f: &Fixture, ch: &str) -> Value {
    let list = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts"))
        .await
        .ok(200);
    list["posts"][list["order"][0].as_str().unwrap()].clone()
}

async fn is_member(f: &Fixture, ch: &str, user: &str) -> bool {
    f.admin
        .get(&format!("/api/v4/channels/{ch}/members/{user}"))
        .await
        .status
        == 200
}

#[tokio::test]
async fn message_commands() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "fun", "O").await);
    exec(&f.alice, &ch, "/echo \"hello there\"").await;
    assert_eq!(latest(&f, &ch).await["message"], "hello there");
    exec(&f.alice, &ch, "/me waves").await;
    let p = latest(&f, &ch).await;
    assert_eq!(
        (p["message"].as_str(), p["type"].as_str()),
        (Some("*waves*"), Some("me"))
    );
    exec(&f.alice, &ch, "/shrug fine").await;
    assert_eq!(latest(&f, &ch).await["message"], "fine ¯\\\\\\_(ツ)\\_/¯");
    exec(&f.alice, &ch, "/code let x = 1;\nx").await;
    assert_eq!(latest(&f, &ch).await["message"], "    let x = 1;\n    x");
    let r = exec(&f.alice, &ch, "/code").await;
    assert_eq!(
        r["text"],
        "A message must be provided with the /code command."
    );
    let help = exec(&f.alice, &ch, "/help").await;
    assert!(help["text"].as_str().unwrap().contains("/groupmsg"));
    assert!(help["text"].as_str().unwrap().contains("/search"));
    let search = exec(&f.alice, &ch, "/search deploy").await;
    assert_eq!(search["response_type"], "ephemeral");
    assert_eq!(
        search["text"],
        "The search command is not supported on your device."
    );
    assert_eq!(latest(&f, &ch).await["type"], "");
}

#[tokio::test]
async fn status_commands() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "fun", "O").await);
    for (cmd, status) in [
        ("/away", "away"),
        ("/dnd", "dnd"),
        ("/offline", "offline"),
        ("/online", "online"),
    ] {
        let r = exec(&f.alice, &ch, cmd).await;
        assert_eq!(r["response_type"], "ephemeral");
        let s = f.alice.get("/api/v4/users/me/status").await.ok(200);
        assert_eq!(s["status"], status, "{cmd}");
    }
    exec(&f.alice, &ch, "/status :coffee: back soon").await;
    let me = f.alice.get("/api/v4/users/me").await.ok(200);
    let cs: Value = serde_json::from_str(me["props"]["customStatus"].as_str().unwrap()).unwrap();
    assert_eq!(
        (cs["emoji"].as_str(), cs["text"].as_str()),
        (Some("coffee"), Some("back soon"))
    );
    exec(&f.alice, &ch, "/status clear").await;
    let me = f.alice.get("/api/v4/users/me").await.ok(200);
    assert!(me["props"].get("customStatus").is_none_or(|v| v == ""));
    exec(&f.alice, &ch, "/collapse").await;
    let pref = f
        .alice
        .get("/api/v4/users/me/preferences/display_settings/name/collapse_previews")
        .await
        .ok(200);
    assert_eq!(pref["value"], "true");
    exec(&f.alice, &ch, "/expand").await;
    let pref = f
        .alice
        .get("/api/v4/users/me/preferences/display_settings/name/collapse_previews")
        .await
        .ok(200);
    assert_eq!(pref["value"], "false");
}

#[tokio::test]
async fn channel_commands() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "fun", "O").await);
    let other = id(&channel(&f.alice, &f.team_id, "other", "O").await);
    exec(&f.alice, &ch, "/header Deploys at 5").await;
    exec(&f.alice, &ch, "/purpose Friday fun").await;
    exec(&f.alice, &ch, "/rename Fun Zone").await;
    let c = f.alice.get(&format!("/api/v4/channels/{ch}")).await.ok(200);
    assert_eq!(
        (
            c["header"].as_str(),
            c["purpose"].as_str(),
            c["display_name"].as_str()
        ),
        (Some("Deploys at 5"), Some("Friday fun"), Some("Fun Zone"))
    );

    // bob (a team member) joins by name and leaves again.
    let town = f
        .bob
        .get(&format!(
            "/api/v4/teams/{}/channels/name/town-square",
            f.team_id
        ))
        .await
        .ok(200);
    let town = id(&town);
    let r = exec(&f.bob, &town, "/join ~other").await;
    assert_eq!(r["goto_location"], "/alpha/channels/other");
    assert!(is_member(&f, &other, &f.bob_id).await);
    let r = exec(&f.bob, &other, "/leave").await;
    assert_eq!(r["goto_location"], "/alpha/channels/town-square");
    assert!(!is_member(&f, &other, &f.bob_id).await);
    exec(&f.bob, &town, "/open other").await;
    assert!(is_member(&f, &other, &f.bob_id).await);
    let r = exec(&f.bob, &town, "/join ~nowhere").await;
    assert_eq!(r["response_type"], "ephemeral");

    // alice invites and removes bob.
    let r = exec(&f.alice, &ch, "/invite @bob").await;
    assert!(r["text"].as_str().unwrap().contains("bob added"));
    assert!(is_member(&f, &ch, &f.bob_id).await);
    exec(&f.alice, &ch, "/kick @bob").await;
    assert!(!is_member(&f, &ch, &f.bob_id).await);
    exec(&f.alice, &town, "/invite @bob ~fun").await;
    assert!(is_member(&f, &ch, &f.bob_id).await);
    exec(&f.alice, &ch, "/remove @bob").await;
    assert!(!is_member(&f, &ch, &f.bob_id).await);
    let r = exec(&f.alice, &ch, "/kick @nobody").await;
    assert_eq!(r["text"], "We couldn't find the user.");

    // Mute toggles the membership's mark_unread.
    exec(&f.alice, &ch, "/mute").await;
    let m = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/members/me"))
        .await
        .ok(200);
    assert_eq!(m["notify_props"]["mark_unread"], "mention");
    exec(&f.alice, &ch, "/mute").await;
    let m = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/members/me"))
        .await
        .ok(200);
    assert_eq!(m["notify_props"]["mark_unread"], "all");
}

#[tokio::test]
async fn direct_message_commands_and_logout() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "fun", "O").await);
    let r = exec(&f.alice, &ch, "/msg @bob are you there?").await;
    assert_eq!(r["goto_location"], "/alpha/messages/@bob");
    let dm = f
        .alice
        .post("/api/v4/channels/direct", json!([f.alice_id, f.bob_id]))
        .await
        .ok(201);
    let list = f
        .bob
        .get(&format!("/api/v4/channels/{}/posts", id(&dm)))
        .await
        .ok(200);
    assert_eq!(
        list["posts"][list["order"][0].as_str().unwrap()]["message"],
        "are you there?"
    );

    let r = exec(&f.alice, &ch, "/groupmsg @bob,@eve hi all").await;
    let gm_name = r["goto_location"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let chans = f.eve.get("/api/v4/users/me/channels").await;
    let gm = chans
        .json
        .as_array()
        .map(|a| a.iter().find(|c| c["name"] == gm_name.as_str()).cloned());
    let gm = gm.flatten().expect("eve is in the group message");
    let list = f
        .eve
        .get(&format!("/api/v4/channels/{}/posts", id(&gm)))
        .await
        .ok(200);
    assert_eq!(
        list["posts"][list["order"][0].as_str().unwrap()]["message"],
        "hi all"
    );
    let r = exec(&f.alice, &ch, "/msg @nobody hi").await;
    assert_eq!(r["text"], "We couldn't find the user.");

    let r = exec(&f.alice, &ch, "/logout").await;
    assert_eq!(r["goto_location"], "/login");
    f.alice
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
}
