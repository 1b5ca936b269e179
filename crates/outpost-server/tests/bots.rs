//! Bot accounts: the `/bots` API with its permissions, bot access tokens, and `from_bot` posts.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, fixture_with, id};
use serde_json::json;

#[tokio::test]
async fn bots_post_with_their_tokens() {
    let f = fixture_with(json!({"ServiceSettings": {"EnableUserAccessTokens": true}})).await;
    let bot = f
        .admin
        .post(
            "/api/v4/bots",
            json!({"username": "CI-Bot", "display_name": "CI", "description": "builds"}),
        )
        .await
        .ok(201);
    assert_eq!(bot["username"], "ci-bot");
    assert_eq!(bot["display_name"], "CI");
    assert_eq!(bot["description"], "builds");
    assert_eq!(bot["delete_at"], 0);
    let bot_id = bot["user_id"].as_str().unwrap().to_owned();
    let admin_id = id(&f.admin.get("/api/v4/users/me").await.ok(200));
    assert_eq!(bot["owner_id"], admin_id.as_str());
    let user = f
        .alice
        .get(&format!("/api/v4/users/{bot_id}"))
        .await
        .ok(200);
    assert_eq!(user["is_bot"], true);
    assert_eq!(user["username"], "ci-bot");

    // The bot joins the team and a channel, and posts with a personal access token.
    f.alice
        .post(
            &format!("/api/v4/teams/{}/members", f.team_id),
            json!({"team_id": f.team_id, "user_id": bot_id}),
        )
        .await
        .ok(201);
    let ch = id(&channel(&f.alice, &f.team_id, "deploys", "O").await);
    f.alice
        .post(
            &format!("/api/v4/channels/{ch}/members"),
            json!({"user_id": bot_id}),
        )
        .await
        .ok(201);
    let token = f
        .admin
        .post(
            &format!("/api/v4/users/{bot_id}/tokens"),
            json!({"description": "ci"}),
        )
        .await
        .ok(200);
    let mut as_bot = f.s.client();
    as_bot.token = Some(token["token"].as_str().unwrap().to_owned());
    let post = as_bot
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "deployed v1.2"}),
        )
        .await
        .ok(201);
    assert_eq!(post["user_id"], bot_id.as_str());
    assert_eq!(post["props"]["from_bot"], "true");
    let got = f.bob.get(&format!("/api/v4/posts/{}", id(&post))).await;
    // bob is not in the channel: the post is only readable by members.
    assert_eq!(got.status, 403);
    let got = f
        .alice
        .get(&format!("/api/v4/posts/{}", id(&post)))
        .await
        .ok(200);
    assert_eq!(got["props"]["from_bot"], "true");

    // People cannot pass their posts off as a bot's.
    let fake = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "me", "props": {"from_bot": "true"}}),
        )
        .await
        .ok(201);
    assert!(fake["props"].get("from_bot").is_none());

    // Disabled: its token stops working; enabled again: it works again.
    let off = f
        .admin
        .post(&format!("/api/v4/bots/{bot_id}/disable"), json!({}))
        .await
        .ok(200);
    assert!(off["delete_at"].as_i64().unwrap() > 0);
    as_bot
        .post("/api/v4/posts", json!({"channel_id": ch, "message": "x"}))
        .await
        .err(401, "api.context.session_expired.app_error");
    let list = f.admin.get("/api/v4/bots").await.ok(200);
    assert!(list.as_array().unwrap().is_empty());
    let list = f
        .admin
        .get("/api/v4/bots?include_deleted=true")
        .await
        .ok(200);
    assert_eq!(list[0]["user_id"], bot_id.as_str());
    f.admin
        .get(&format!("/api/v4/bots/{bot_id}"))
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
    f.admin
        .post(&format!("/api/v4/bots/{bot_id}/enable"), json!({}))
        .await
        .ok(200);
    as_bot
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "back"}),
        )
        .await
        .ok(201);
}

#[tokio::test]
async fn manage_bots_and_permissions() {
    let f = fixture_with(json!({})).await;
    let bot = f
        .admin
        .post(
            "/api/v4/bots",
            json!({"username": "helper", "display_name": "Helper"}),
        )
        .await
        .ok(201);
    let bot_id = bot["user_id"].as_str().unwrap().to_owned();

    let got = f.admin.get(&format!("/api/v4/bots/{bot_id}")).await.ok(200);
    assert_eq!(got, bot);
    let patched = f
        .admin
        .put(
            &format!("/api/v4/bots/{bot_id}"),
            json!({"display_name": "Helper 2", "description": "helps"}),
        )
        .await
        .ok(200);
    assert_eq!(patched["display_name"], "Helper 2");
    assert_eq!(patched["username"], "helper");
    assert_eq!(patched["description"], "helps");
    let renamed = f
        .admin
        .put(
            &format!("/api/v4/bots/{bot_id}"),
            json!({"username": "helper2"}),
        )
        .await
        .ok(200);
    assert_eq!(renamed["username"], "helper2");
    assert_eq!(
        f.alice
            .get(&format!("/api/v4/users/{bot_id}"))
            .await
            .ok(200)["username"],
        "helper2"
    );

    // Regular users have no bot permissions by default.
    f.bob
        .post("/api/v4/bots", json!({"username": "mine"}))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get("/api/v4/bots")
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get(&format!("/api/v4/bots/{bot_id}"))
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
    f.bob
        .put(
            &format!("/api/v4/bots/{bot_id}"),
            json!({"display_name": "x"}),
        )
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
    f.bob
        .post(&format!("/api/v4/bots/{bot_id}/disable"), json!({}))
        .await
        .err(404, "store.sql_bot.get.missing.app_error");

    // Assigning to another owner; a bot cannot own a bot.
    let moved = f
        .admin
        .post(
            &format!("/api/v4/bots/{bot_id}/assign/{}", f.bob_id),
            json!({}),
        )
        .await
        .ok(200);
    assert_eq!(moved["owner_id"], f.bob_id.as_str());
    f.admin
        .post(&format!("/api/v4/bots/{bot_id}/assign/{bot_id}"), json!({}))
        .await
        .err(400, "api.context.invalid_param.app_error");

    // Bad input.
    f.admin
        .post("/api/v4/bots", json!({"username": "no spaces"}))
        .await
        .err(400, "model.bot.is_valid.username.app_error");
    f.admin
        .post("/api/v4/bots", json!({"username": "helper2"}))
        .await
        .err(400, "app.user.save.username_exists.app_error");
    f.admin
        .post("/api/v4/bots", json!({"username": "sysadmin"}))
        .await
        .err(400, "app.user.save.username_exists.app_error");
    f.admin
        .get("/api/v4/bots/nope")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.admin
        .get(&format!("/api/v4/bots/{}", outpost_model::new_id()))
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
    let raw = f
        .admin
        .request(reqwest::Method::POST, "/api/v4/bots")
        .header("content-type", "application/json")
        .body("[");
    outpost_testkit::Client::read(raw)
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    // Turned off by the administrator.
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableBotAccountCreation": false}}),
        )
        .await
        .ok(200);
    f.admin
        .post("/api/v4/bots", json!({"username": "later"}))
        .await
        .err(403, "api.bot.create_disabled");
}

#[tokio::test]
async fn bot_icons_are_svg_set_by_managers() {
    use outpost_testkit::Client;
    use reqwest::Method;
    use reqwest::multipart::{Form, Part};
    let f = fixture_with(json!({})).await;
    let bot = f
        .admin
        .post("/api/v4/bots", json!({"username": "iconic"}))
        .await
        .ok(201);
    let bot_id = bot["user_id"].as_str().unwrap().to_owned();
    let path = format!("/api/v4/bots/{bot_id}/icon");
    f.alice
        .get(&path)
        .await
        .err(404, "api.bot.get_bot_icon_image.read_icon_image.app_error");
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>".to_vec();
    let upload = |c: &Client, bytes: Vec<u8>| {
        let form = Form::new().part("image", Part::bytes(bytes).file_name("icon.svg"));
        Client::read(c.request(Method::POST, &path).multipart(form))
    };
    // Only someone who manages the bot may set it.
    upload(&f.bob, svg.clone())
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
    upload(&f.admin, b"\x89PNG\r\n\x1a\n".to_vec())
        .await
        .err(400, "api.bot.set_bot_icon_image.app_error");
    let empty = Form::new().text("other", "x");
    Client::read(f.admin.request(Method::POST, &path).multipart(empty))
        .await
        .err(400, "api.bot.set_bot_icon_image.no_file.app_error");
    upload(&f.admin, svg.clone()).await.ok(200);
    let got = f.alice.get(&path).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, svg);
    assert_eq!(got.header("content-type"), "image/svg+xml");
    assert_eq!(got.header("content-security-policy"), "sandbox");
    f.bob
        .delete(&path)
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
    f.admin.delete(&path).await.ok(200);
    f.alice
        .get(&path)
        .await
        .err(404, "api.bot.get_bot_icon_image.read_icon_image.app_error");
    f.alice
        .get(&format!("/api/v4/bots/{}/icon", outpost_model::new_id()))
        .await
        .err(404, "store.sql_bot.get.missing.app_error");
}
