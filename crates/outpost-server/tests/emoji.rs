//! Custom emoji: create, list, get, by name(s), image, search, autocomplete, delete, reactions with
//! custom emoji and the `emoji_added` event — with permission denial and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::ws::{connect, data_json, next_event};
use common::{channel, fixture, id};
use outpost_testkit::{Client, Resp};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;

fn image(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
        w,
        h,
        image::Rgba([250, 120, 0, 255]),
    ));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

async fn create(c: &Client, creator: &str, name: &str, bytes: Vec<u8>) -> Resp {
    let form = Form::new()
        .text(
            "emoji",
            json!({"name": name, "creator_id": creator}).to_string(),
        )
        .part("image", Part::bytes(bytes).file_name("e.png"));
    Client::read(c.request(Method::POST, "/api/v4/emoji").multipart(form)).await
}

#[tokio::test]
async fn custom_emoji_lifecycle_and_reactions() {
    let f = fixture().await;
    let mut ws = connect(&f.s, &f.bob).await;
    let party = create(
        &f.alice,
        &f.alice_id,
        "partyparrot",
        image(32, 32, image::ImageFormat::Png),
    )
    .await
    .ok(200);
    assert_eq!(party["name"], "partyparrot");
    assert_eq!(party["creator_id"], f.alice_id.as_str());
    assert_eq!(id(&party).len(), 26);
    let ev = next_event(&mut ws, "emoji_added").await;
    assert_eq!(data_json(&ev, "emoji")["name"], "partyparrot");

    // A large image is scaled to fit 128×128; a GIF stays a GIF.
    let big = create(
        &f.bob,
        &f.bob_id,
        "big_one",
        image(512, 256, image::ImageFormat::Png),
    )
    .await
    .ok(200);
    let img = f
        .alice
        .get(&format!("/api/v4/emoji/{}/image", id(&big)))
        .await;
    assert_eq!(img.header("content-type"), "image/png");
    let decoded = image::load_from_memory(&img.body).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (128, 64));
    let gif = create(
        &f.bob,
        &f.bob_id,
        "blink",
        image(16, 16, image::ImageFormat::Gif),
    )
    .await
    .ok(200);
    assert_eq!(
        f.alice
            .get(&format!("/api/v4/emoji/{}/image", id(&gif)))
            .await
            .header("content-type"),
        "image/gif"
    );

    // Reads.
    let list = f
        .bob
        .get("/api/v4/emoji?sort=name&per_page=2")
        .await
        .ok(200);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["big_one", "blink"]);
    let page2 = f
        .bob
        .get("/api/v4/emoji?sort=name&per_page=2&page=1")
        .await
        .ok(200);
    assert_eq!(page2[0]["name"], "partyparrot");
    assert_eq!(
        f.bob
            .get(&format!("/api/v4/emoji/{}", id(&party)))
            .await
            .ok(200)["name"],
        "partyparrot"
    );
    assert_eq!(
        f.bob.get("/api/v4/emoji/name/partyparrot").await.ok(200)["id"],
        id(&party).as_str()
    );
    let by_names = f
        .bob
        .post(
            "/api/v4/emoji/names",
            json!(["partyparrot", "smile", "nope"]),
        )
        .await
        .ok(200);
    assert_eq!(by_names.as_array().unwrap().len(), 1);
    let found = f
        .bob
        .post(
            "/api/v4/emoji/search",
            json!({"term": "parrot", "prefix_only": false}),
        )
        .await
        .ok(200);
    assert_eq!(found[0]["name"], "partyparrot");
    let found = f
        .bob
        .post(
            "/api/v4/emoji/search",
            json!({"term": "parrot", "prefix_only": true}),
        )
        .await
        .ok(200);
    assert_eq!(found, json!([]));
    let auto = f
        .bob
        .get("/api/v4/emoji/autocomplete?name=bl")
        .await
        .ok(200);
    assert_eq!(auto[0]["name"], "blink");

    // React with it.
    let ch = id(&channel(&f.alice, &f.team_id, "fun", "O").await);
    let post = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "party"}),
        )
        .await
        .ok(201);
    f.alice
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.alice_id, "post_id": id(&post), "emoji_name": "partyparrot"}),
        )
        .await
        .ok(200);
    f.alice
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.alice_id, "post_id": id(&post), "emoji_name": "no_such_emoji"}),
        )
        .await
        .err(400, "model.reaction.is_valid.emoji_name.app_error");

    // Bob may not delete Alice's emoji; Alice and the admin may.
    f.bob
        .delete(&format!("/api/v4/emoji/{}", id(&party)))
        .await
        .err(403, "api.context.permissions.app_error");
    f.alice
        .delete(&format!("/api/v4/emoji/{}", id(&party)))
        .await
        .ok(200);
    f.admin
        .delete(&format!("/api/v4/emoji/{}", id(&big)))
        .await
        .ok(200);
    f.bob
        .get(&format!("/api/v4/emoji/{}", id(&party)))
        .await
        .err(404, "app.emoji.get.no_result");
    f.bob
        .get("/api/v4/emoji/name/partyparrot")
        .await
        .err(404, "app.emoji.get_by_name.no_result");
    f.alice
        .delete(&format!("/api/v4/emoji/{}", id(&party)))
        .await
        .err(404, "app.emoji.get.no_result");
    // Its reactions went with it.
    let reactions = f
        .alice
        .get(&format!("/api/v4/posts/{}/reactions", id(&post)))
        .await
        .ok(200);
    assert!(
        reactions.as_array().is_none_or(|a| a.is_empty()),
        "{reactions}"
    );
    // The name is free again.
    create(
        &f.bob,
        &f.bob_id,
        "partyparrot",
        image(8, 8, image::ImageFormat::Png),
    )
    .await
    .ok(200);
}

#[tokio::test]
async fn emoji_bad_input_and_settings() {
    let f = fixture().await;
    let png = || image(16, 16, image::ImageFormat::Png);
    create(&f.alice, &f.alice_id, "smile", png())
        .await
        .err(400, "model.emoji.system_emoji_name.app_error");
    create(&f.alice, &f.alice_id, "Bad Name", png())
        .await
        .err(400, "model.emoji.name.app_error");
    create(&f.alice, &f.alice_id, &"x".repeat(65), png())
        .await
        .err(400, "model.emoji.name.app_error");
    create(&f.alice, &f.bob_id, "stolen", png())
        .await
        .err(403, "api.emoji.create.other_user.app_error");
    create(&f.alice, &f.alice_id, "text", b"not an image".to_vec())
        .await
        .err(400, "api.emoji.upload.image.app_error");
    let mut truncated = image(64, 64, image::ImageFormat::Png);
    truncated.truncate(truncated.len() / 2);
    create(&f.alice, &f.alice_id, "half", truncated)
        .await
        .err(400, "api.emoji.upload.image.app_error");
    create(
        &f.alice,
        &f.alice_id,
        "huge",
        image(1100, 10, image::ImageFormat::Png),
    )
    .await
    .err(400, "api.emoji.upload.large_image.too_large.app_error");
    create(&f.alice, &f.alice_id, "heavy", vec![0u8; 600 * 1024])
        .await
        .err(413, "api.emoji.create.too_large.app_error");
    let form = Form::new().text(
        "emoji",
        json!({"name": "noimage", "creator_id": f.alice_id}).to_string(),
    );
    Client::read(
        f.alice
            .request(Method::POST, "/api/v4/emoji")
            .multipart(form),
    )
    .await
    .err(400, "api.context.invalid_body_param.app_error");
    let form = Form::new().part("image", Part::bytes(png()).file_name("e.png"));
    Client::read(
        f.alice
            .request(Method::POST, "/api/v4/emoji")
            .multipart(form),
    )
    .await
    .err(400, "api.context.invalid_body_param.app_error");
    create(&f.alice, &f.alice_id, "dup", png()).await.ok(200);
    create(&f.bob, &f.bob_id, "dup", png())
        .await
        .err(400, "api.emoji.create.duplicate.app_error");
    f.alice
        .get("/api/v4/emoji?sort=size")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .get("/api/v4/emoji/autocomplete")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .post("/api/v4/emoji/search", json!({"term": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.alice
        .post("/api/v4/emoji/names", json!([]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.alice
        .get("/api/v4/emoji/abc")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    assert_eq!(f.s.client().get("/api/v4/emoji").await.status, 401);
    // Switched off.
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"EnableCustomEmoji": false}}),
        )
        .await
        .ok(200);
    create(&f.alice, &f.alice_id, "later", png())
        .await
        .err(501, "api.emoji.disabled.app_error");
    f.alice
        .get("/api/v4/emoji")
        .await
        .err(501, "api.emoji.disabled.app_error");
}
