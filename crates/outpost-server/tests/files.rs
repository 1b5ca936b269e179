//! Files: uploads (multipart, raw, resumable), image derivatives, downloads and their headers,
//! attachment to posts, public links, file search — with permission denial and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{Fixture, channel, fixture, id};
use outpost_testkit::Client;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    }));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        w,
        h,
        image::Rgb([10, 200, 30]),
    ));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn upload(c: &Client, channel_id: &str, name: &str, bytes: Vec<u8>) -> outpost_testkit::Resp {
    let form = Form::new()
        .text("channel_id", channel_id.to_owned())
        .part("files", Part::bytes(bytes).file_name(name.to_owned()));
    Client::read(c.request(Method::POST, "/api/v4/files").multipart(form)).await
}

async fn upload_ok(c: &Client, channel_id: &str, name: &str, bytes: Vec<u8>) -> Value {
    let r = upload(c, channel_id, name, bytes).await.ok(201);
    r["file_infos"][0].clone()
}

/// Alice's open channel "files" in team alpha, with bob as a member.
async fn setup() -> (Fixture, String) {
    let f = fixture().await;
    let ch = channel(&f.alice, &f.team_id, "files", "O").await;
    let cid = id(&ch);
    f.bob
        .post(
            &format!("/api/v4/channels/{cid}/members"),
            json!({"user_id": f.bob_id}),
        )
        .await
        .ok(201);
    (f, cid)
}

#[tokio::test]
async fn images_get_dimensions_thumbnails_previews_and_attach_to_posts() {
    let (f, cid) = setup().await;
    let form = Form::new()
        .text("channel_id", cid.clone())
        .text("client_ids", "c1")
        .part("files", Part::bytes(png(800, 400)).file_name("chart.png"))
        .text("client_ids", "c2")
        .part(
            "files",
            Part::bytes(b"hello, file".to_vec()).file_name("notes.txt"),
        );
    let r = Client::read(
        f.alice
            .request(Method::POST, "/api/v4/files")
            .multipart(form),
    )
    .await
    .ok(201);
    assert_eq!(r["client_ids"], json!(["c1", "c2"]));
    let img = &r["file_infos"][0];
    let txt = &r["file_infos"][1];
    assert_eq!(img["name"], "chart.png");
    assert_eq!(img["extension"], "png");
    assert_eq!(img["mime_type"], "image/png");
    assert_eq!(img["width"], 800);
    assert_eq!(img["height"], 400);
    assert_eq!(img["has_preview_image"], true);
    assert_eq!(img["user_id"], f.alice_id.as_str());
    assert_eq!(img["channel_id"], cid.as_str());
    assert!(
        img.get("post_id").is_none(),
        "unattached files have no post_id"
    );
    assert!(img["mini_preview"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(
        img.get("path").is_none(),
        "storage paths stay on the server"
    );
    assert_eq!(txt["size"], 11);
    assert!(txt["mini_preview"].is_null());
    assert!(txt.get("width").is_none());
    let (img_id, txt_id) = (id(img), id(txt));

    // The original, byte for byte, inline with safe headers.
    let got = f.alice.get(&format!("/api/v4/files/{img_id}")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, png(800, 400));
    assert_eq!(got.header("content-type"), "image/png");
    assert!(got.header("content-disposition").starts_with("inline"));
    assert_eq!(got.header("x-content-type-options"), "nosniff");
    // Thumbnail and preview are real images of the right size.
    let thumb = f
        .alice
        .get(&format!("/api/v4/files/{img_id}/thumbnail"))
        .await;
    assert_eq!(thumb.status, 200);
    let t = image::load_from_memory(&thumb.body).unwrap();
    assert_eq!((t.width(), t.height()), (200, 100));
    let prev = f
        .alice
        .get(&format!("/api/v4/files/{img_id}/preview"))
        .await;
    assert_eq!(image::load_from_memory(&prev.body).unwrap().width(), 800);
    // Text files have no derivatives.
    f.alice
        .get(&format!("/api/v4/files/{txt_id}/thumbnail"))
        .await
        .err(400, "api.file.get_file_thumbnail.no_thumbnail.app_error");
    // Before the post, only the uploader sees the file.
    f.bob
        .get(&format!("/api/v4/files/{img_id}/info"))
        .await
        .err(403, "api.context.permissions.app_error");

    let post = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "two files", "file_ids": [img_id, txt_id]}),
        )
        .await
        .ok(201);
    assert_eq!(post["file_ids"], json!([img_id, txt_id]));
    assert_eq!(post["metadata"]["files"].as_array().unwrap().len(), 2);
    let pid = id(&post);
    let infos = f
        .bob
        .get(&format!("/api/v4/posts/{pid}/files/info"))
        .await
        .ok(200);
    assert_eq!(infos.as_array().unwrap().len(), 2);
    assert_eq!(infos[0]["post_id"], pid.as_str());
    // Channel members read it; others do not.
    let got = f.bob.get(&format!("/api/v4/files/{txt_id}")).await;
    assert_eq!(got.body, b"hello, file");
    assert!(got.header("content-disposition").starts_with("attachment"));
    f.eve
        .get(&format!("/api/v4/files/{txt_id}"))
        .await
        .err(403, "api.context.permissions.app_error");
    f.eve
        .get(&format!("/api/v4/posts/{pid}/files/info"))
        .await
        .err(403, "api.context.permissions.app_error");
    // Reads of the post carry the files in metadata.
    let read = f.bob.get(&format!("/api/v4/posts/{pid}")).await.ok(200);
    assert_eq!(read["metadata"]["files"][0]["id"], img_id.as_str());
    // A file attached once cannot be attached again.
    let again = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "again", "file_ids": [img_id]}),
        )
        .await
        .ok(201);
    assert!(again.get("file_ids").is_none());

    // Deleting the post deletes its files.
    f.alice
        .delete(&format!("/api/v4/posts/{pid}"))
        .await
        .ok(200);
    f.alice
        .get(&format!("/api/v4/files/{img_id}"))
        .await
        .err(404, "app.file_info.get.app_error");
    f.alice
        .get(&format!("/api/v4/files/{txt_id}/info"))
        .await
        .err(404, "app.file_info.get.app_error");
}

#[tokio::test]
async fn exif_orientation_gif_and_corrupt_images() {
    let (f, cid) = setup().await;
    // A JPEG whose EXIF says "rotate 90° clockwise": stored 300×100, shown 100×300.
    let mut jpg = jpeg(300, 100);
    let exif: Vec<u8> = {
        // APP1 "Exif\0\0" + little-endian TIFF with one IFD entry: Orientation (0x0112) = 6.
        let mut tiff = vec![
            b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0,
            0,
        ];
        let mut seg = b"Exif\0\0".to_vec();
        seg.append(&mut tiff);
        let len = (seg.len() + 2) as u16;
        let mut app1 = vec![0xFF, 0xE1, (len >> 8) as u8, (len & 0xff) as u8];
        app1.extend(seg);
        app1
    };
    jpg.splice(2..2, exif);
    let info = upload_ok(&f.alice, &cid, "photo.jpg", jpg).await;
    assert_eq!(
        (info["width"].as_i64(), info["height"].as_i64()),
        (Some(100), Some(300))
    );
    let prev = f
        .alice
        .get(&format!("/api/v4/files/{}/preview", id(&info)))
        .await;
    assert_eq!(prev.header("content-type"), "image/jpeg");
    let p = image::load_from_memory(&prev.body).unwrap();
    assert_eq!((p.width(), p.height()), (100, 300));

    // GIF: first frame decoded, no "preview image" flag (animated GIFs show as themselves).
    let gif = {
        let img = image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            40,
            30,
            image::Rgba([1, 2, 3, 255]),
        ));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Gif).unwrap();
        out.into_inner()
    };
    let g = upload_ok(&f.alice, &cid, "anim.gif", gif).await;
    assert_eq!(g["width"], 40);
    assert!(g.get("has_preview_image").is_none());
    f.alice
        .get(&format!("/api/v4/files/{}/thumbnail", id(&g)))
        .await
        .ok(200);

    // A corrupt image is kept as a plain file: no dimensions, no thumbnail, no crash.
    let mut broken = png(64, 64);
    broken.truncate(broken.len() / 3);
    let b = upload_ok(&f.alice, &cid, "broken.png", broken.clone()).await;
    assert!(b.get("width").is_none());
    assert!(b.get("has_preview_image").is_none());
    assert_eq!(
        f.alice.get(&format!("/api/v4/files/{}", id(&b))).await.body,
        broken
    );
    // Random bytes named .webp too.
    let w = upload_ok(&f.alice, &cid, "x.webp", vec![7u8; 5000]).await;
    assert_eq!(w["size"], 5000);
}

#[tokio::test]
async fn upload_bad_input_and_denial() {
    let (f, cid) = setup().await;
    // Not a channel member.
    upload(&f.eve, &cid, "a.txt", b"x".to_vec())
        .await
        .err(403, "api.context.permissions.app_error");
    // No session.
    let anon = f.s.client();
    let form = Form::new()
        .text("channel_id", cid.clone())
        .part("files", Part::bytes(b"x".to_vec()).file_name("a.txt"));
    assert_eq!(
        Client::read(anon.request(Method::POST, "/api/v4/files").multipart(form))
            .await
            .status,
        401
    );
    // A malformed channel id, and a missing one.
    upload(&f.alice, "nope", "a.txt", b"x".to_vec())
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    let form = Form::new().part("files", Part::bytes(b"x".to_vec()).file_name("a.txt"));
    Client::read(
        f.alice
            .request(Method::POST, "/api/v4/files")
            .multipart(form),
    )
    .await
    .err(400, "api.context.invalid_body_param.app_error");
    // No file part at all.
    let form = Form::new().text("channel_id", cid.clone());
    Client::read(
        f.alice
            .request(Method::POST, "/api/v4/files")
            .multipart(form),
    )
    .await
    .err(400, "api.context.invalid_body_param.app_error");
    // An empty body.
    Client::read(
        f.alice
            .request(
                Method::POST,
                &format!("/api/v4/files?channel_id={cid}&filename=a.txt"),
            )
            .body(Vec::new()),
    )
    .await
    .err(400, "api.file.upload_file.read_request.app_error");
    // An empty file part.
    upload(&f.alice, &cid, "empty.txt", Vec::new())
        .await
        .err(400, "api.file.upload_file.read_request.app_error");
    // Client ids that do not match the files.
    let form = Form::new()
        .text("channel_id", cid.clone())
        .text("client_ids", "a")
        .text("client_ids", "b")
        .part("files", Part::bytes(b"x".to_vec()).file_name("a.txt"));
    Client::read(
        f.alice
            .request(Method::POST, "/api/v4/files")
            .multipart(form),
    )
    .await
    .err(
        400,
        "api.file.upload_file.incorrect_number_of_client_ids.app_error",
    );
    // Over the size limit, by Content-Length and while streaming (chunked, no length).
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"FileSettings": {"MaxFileSize": 1000}}),
        )
        .await
        .ok(200);
    upload(&f.alice, &cid, "big.bin", vec![0u8; 5000])
        .await
        .err(413, "api.file.upload_file.too_large_detailed.app_error");
    let chunks =
        futures_util::stream::iter((0..10).map(|_| Ok::<_, std::io::Error>(vec![1u8; 300])));
    Client::read(
        f.alice
            .request(
                Method::POST,
                &format!("/api/v4/files?channel_id={cid}&filename=big.bin"),
            )
            .body(reqwest::Body::wrap_stream(chunks)),
    )
    .await
    .err(413, "api.file.upload_file.too_large_detailed.app_error");
    // Over the image resolution limit.
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"FileSettings": {"MaxFileSize": 10_000_000, "MaxImageResolution": 100}}),
        )
        .await
        .ok(200);
    upload(&f.alice, &cid, "big.png", png(20, 20))
        .await
        .err(400, "api.file.upload_file.large_image_detailed.app_error");
    // Only allowed extensions.
    f.admin
        .put("/api/v4/config/patch", json!({"FileSettings": {"MaxImageResolution": 33177600, "AllowedExtensions": "pdf, txt"}}))
        .await
        .ok(200);
    upload(&f.alice, &cid, "run.exe", b"MZ".to_vec())
        .await
        .err(400, "api.file.upload_file.type_not_allowed.app_error");
    upload_ok(&f.alice, &cid, "ok.TXT", b"fine".to_vec()).await;
    // Attachments switched off.
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"FileSettings": {"EnableFileAttachments": false}}),
        )
        .await
        .ok(200);
    upload(&f.alice, &cid, "a.txt", b"x".to_vec())
        .await
        .err(403, "api.file.attachments.disabled.app_error");
    // Nothing of the refused uploads was recorded: search finds only the accepted file... which
    // is unattached, so search (attached files only) finds nothing.
    let found = f
        .alice
        .post(
            &format!("/api/v4/teams/{}/files/search", f.team_id),
            json!({"terms": "big"}),
        )
        .await
        .ok(200);
    assert_eq!(found["order"], json!([]));
    // Malformed ids in URLs.
    f.alice
        .get("/api/v4/files/xyz")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .get(&format!("/api/v4/files/{}", outpost_model::new_id()))
        .await
        .err(404, "app.file_info.get.app_error");
}

#[tokio::test]
async fn attaching_someone_elses_or_another_channels_file_is_refused() {
    let (f, cid) = setup().await;
    let other = id(&channel(&f.alice, &f.team_id, "other", "O").await);
    let bobs = upload_ok(&f.bob, &cid, "bob.txt", b"bob".to_vec()).await;
    let elsewhere = upload_ok(&f.alice, &other, "else.txt", b"else".to_vec()).await;
    // Only someone else's / another channel's files: a post with no text is refused, and nothing is stored.
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "", "file_ids": [id(&bobs), id(&elsewhere)]}),
        )
        .await
        .err(400, "model.post.is_valid.msg.app_error");
    // With text, the post is kept without them (as Mattermost drops files it may not attach).
    let p = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "hi", "file_ids": [id(&bobs)]}),
        )
        .await
        .ok(201);
    assert!(p.get("file_ids").is_none());
    // Bob can still attach his own file.
    let p = f
        .bob
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "mine", "file_ids": [id(&bobs)]}),
        )
        .await
        .ok(201);
    assert_eq!(p["file_ids"], json!([id(&bobs)]));
    // More than ten, or malformed ids.
    let many: Vec<String> = (0..11).map(|_| outpost_model::new_id()).collect();
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "x", "file_ids": many}),
        )
        .await
        .err(400, "model.post.is_valid.file_ids.app_error");
}

#[tokio::test]
async fn dangerous_types_download_ranges_and_raw_uploads() {
    let (f, cid) = setup().await;
    // A raw (non-multipart) upload with the metadata in the query string.
    let r = Client::read(
        f.alice
            .request(
                Method::POST,
                &format!("/api/v4/files?channel_id={cid}&filename=page.html&client_id=k"),
            )
            .body("<script>alert(1)</script>"),
    )
    .await
    .ok(201);
    assert_eq!(r["client_ids"], json!(["k"]));
    let html = id(&r["file_infos"][0]);
    let got = f.alice.get(&format!("/api/v4/files/{html}")).await;
    assert_eq!(got.header("content-type"), "application/octet-stream");
    assert!(got.header("content-disposition").starts_with("attachment"));
    assert_eq!(got.header("x-frame-options"), "DENY");
    let svg = upload_ok(
        &f.alice,
        &cid,
        "x.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
    )
    .await;
    let got = f.alice.get(&format!("/api/v4/files/{}", id(&svg))).await;
    assert_eq!(got.header("content-type"), "application/octet-stream");
    assert!(got.header("content-disposition").starts_with("attachment"));
    // ?download=1 forces a download even for images.
    let pic = upload_ok(&f.alice, &cid, "p.png", png(10, 10)).await;
    let got = f
        .alice
        .get(&format!("/api/v4/files/{}?download=1", id(&pic)))
        .await;
    assert!(got.header("content-disposition").starts_with("attachment"));
    // Byte ranges.
    let data: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let bin = upload_ok(&f.alice, &cid, "data.bin", data.clone()).await;
    let r = Client::read(
        f.alice
            .request(Method::GET, &format!("/api/v4/files/{}", id(&bin)))
            .header("Range", "bytes=100-199"),
    )
    .await;
    assert_eq!(r.status, 206);
    assert_eq!(r.body, data[100..200]);
    assert_eq!(r.header("content-range"), "bytes 100-199/10000");
    let r = Client::read(
        f.alice
            .request(Method::GET, &format!("/api/v4/files/{}", id(&bin)))
            .header("Range", "bytes=9990-"),
    )
    .await;
    assert_eq!(r.body, data[9990..]);
    // Files sent before channel_id are spooled, then stored.
    let form = Form::new()
        .part(
            "files",
            Part::bytes(b"early".to_vec()).file_name("early.txt"),
        )
        .text("channel_id", cid.clone());
    let r = Client::read(
        f.alice
            .request(Method::POST, "/api/v4/files")
            .multipart(form),
    )
    .await
    .ok(201);
    let early = id(&r["file_infos"][0]);
    assert_eq!(
        f.alice.get(&format!("/api/v4/files/{early}")).await.body,
        b"early"
    );
}

#[tokio::test]
async fn public_links_need_the_setting_and_the_right_hash() {
    let (f, cid) = setup().await;
    let info = upload_ok(&f.alice, &cid, "share.txt", b"shared".to_vec()).await;
    let fid = id(&info);
    f.alice
        .get(&format!("/api/v4/files/{fid}/link"))
        .await
        .err(403, "api.file.get_public_link.disabled.app_error");
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"FileSettings": {"EnablePublicLink": true}}),
        )
        .await
        .ok(200);
    // Not attached yet.
    f.alice
        .get(&format!("/api/v4/files/{fid}/link"))
        .await
        .err(400, "api.file.get_public_link.no_post.app_error");
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": cid, "message": "link", "file_ids": [fid]}),
        )
        .await
        .ok(201);
    f.eve
        .get(&format!("/api/v4/files/{fid}/link"))
        .await
        .err(403, "api.context.permissions.app_error");
    let link = f
        .alice
        .get(&format!("/api/v4/files/{fid}/link"))
        .await
        .ok(200)["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = &link[link.find("/files/").unwrap()..];
    assert!(path.starts_with(&format!("/files/{fid}/public?h=")));
    let anon = f.s.client();
    let got = anon.get(path).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, b"shared");
    anon.get(&format!("/files/{fid}/public?h=wrong"))
        .await
        .err(400, "api.file.get_file.public_invalid.app_error");
    anon.get(&format!("/files/{fid}/public"))
        .await
        .err(400, "api.file.get_file.public_invalid.app_error");
    f.admin
        .put(
            "/api/v4/config/patch",
            json!({"FileSettings": {"EnablePublicLink": false}}),
        )
        .await
        .ok(200);
    anon.get(path)
        .await
        .err(403, "api.file.get_public_link.disabled.app_error");
}

#[tokio::test]
async fn resumable_uploads_assemble_chunks() {
    let (f, cid) = setup().await;
    let data = png(300, 200);
    let us = f
        .alice
        .post(
            "/api/v4/uploads",
            json!({"channel_id": cid, "filename": "big.png", "file_size": data.len()}),
        )
        .await
        .ok(201);
    let uid = id(&us);
    assert_eq!(us["type"], "attachment");
    assert_eq!(us["file_offset"], 0);
    assert_eq!(us["user_id"], f.alice_id.as_str());
    let half = data.len() / 2;
    let r = Client::read(
        f.alice
            .request(Method::POST, &format!("/api/v4/uploads/{uid}"))
            .body(data[..half].to_vec()),
    )
    .await;
    assert_eq!(r.status, 204);
    let us = f.alice.get(&format!("/api/v4/uploads/{uid}")).await.ok(200);
    assert_eq!(us["file_offset"], half);
    let mine = f.alice.get("/api/v4/users/me/uploads").await.ok(200);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // Someone else cannot look at it or write to it.
    f.bob
        .get(&format!("/api/v4/uploads/{uid}"))
        .await
        .err(403, "api.upload.get_upload.forbidden.app_error");
    Client::read(
        f.bob
            .request(Method::POST, &format!("/api/v4/uploads/{uid}"))
            .body(vec![1u8; 3]),
    )
    .await
    .err(403, "api.upload.get_upload.forbidden.app_error");
    // More than what remains.
    Client::read(
        f.alice
            .request(Method::POST, &format!("/api/v4/uploads/{uid}"))
            .body(vec![0u8; data.len()]),
    )
    .await
    .err(400, "api.upload.upload_data.invalid_content_length");
    // The rest, as a multipart part.
    let form = Form::new().part(
        "data",
        Part::bytes(data[half..].to_vec()).file_name("big.png"),
    );
    let info = Client::read(
        f.alice
            .request(Method::POST, &format!("/api/v4/uploads/{uid}"))
            .multipart(form),
    )
    .await
    .ok(200);
    assert_eq!(info["id"], uid.as_str());
    assert_eq!(info["size"], data.len());
    assert_eq!(info["width"], 300);
    assert_eq!(
        f.alice.get(&format!("/api/v4/files/{uid}")).await.body,
        data
    );
    f.alice
        .get(&format!("/api/v4/uploads/{uid}"))
        .await
        .err(404, "app.upload.get.app_error");
    // Bad sessions.
    f.alice
        .post(
            "/api/v4/uploads",
            json!({"channel_id": cid, "filename": "x", "file_size": 0}),
        )
        .await
        .err(400, "model.upload_session.is_valid.file_size.app_error");
    f.alice
        .post(
            "/api/v4/uploads",
            json!({"channel_id": cid, "filename": "x", "file_size": 200_000_000}),
        )
        .await
        .err(413, "api.upload.create.upload_too_large.app_error");
    f.eve
        .post(
            "/api/v4/uploads",
            json!({"channel_id": cid, "filename": "x", "file_size": 10}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    f.alice
        .post(
            "/api/v4/uploads",
            json!({"channel_id": "bad", "filename": "x", "file_size": 10}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
}

#[tokio::test]
async fn file_search_by_name_extension_user_and_channel() {
    let (f, cid) = setup().await;
    let secret = id(&channel(&f.alice, &f.team_id, "secret", "P").await);
    for (c, ch, name) in [
        (&f.alice, &cid, "quarterly-report.pdf"),
        (&f.bob, &cid, "Notes 2026.txt"),
        (&f.alice, &cid, "日本語の資料.pdf"),
        (&f.alice, &secret, "secret-report.pdf"),
    ] {
        let info = upload_ok(c, ch, name, b"x".to_vec()).await;
        c.post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "", "file_ids": [id(&info)]}),
        )
        .await
        .ok(201);
    }
    assert_eq!(
        search(&f.team_id, &f.alice, "report").await,
        vec!["quarterly-report.pdf", "secret-report.pdf"]
    );
    // Bob is not in the private channel.
    assert_eq!(
        search(&f.team_id, &f.bob, "report").await,
        vec!["quarterly-report.pdf"]
    );
    assert_eq!(
        search(&f.team_id, &f.bob, "ext:pdf").await,
        vec!["quarterly-report.pdf", "日本語の資料.pdf"]
    );
    assert_eq!(
        search(&f.team_id, &f.bob, "資料").await,
        vec!["日本語の資料.pdf"]
    );
    assert_eq!(
        search(&f.team_id, &f.bob, "from:bob").await,
        vec!["Notes 2026.txt"]
    );
    assert_eq!(
        search(&f.team_id, &f.alice, "report -secret").await,
        vec!["quarterly-report.pdf"]
    );
    assert_eq!(
        search(&f.team_id, &f.alice, "report in:secret").await,
        vec!["secret-report.pdf"]
    );
    assert!(
        search(&f.team_id, &f.alice, "nothing-like-this")
            .await
            .is_empty()
    );
    // All teams.
    let r = f
        .bob
        .post("/api/v4/files/search", json!({"terms": "notes"}))
        .await
        .ok(200);
    assert_eq!(r["order"].as_array().unwrap().len(), 1);
    // Bad input and denial.
    f.alice
        .post(
            &format!("/api/v4/teams/{}/files/search", f.team_id),
            json!({"terms": ""}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.alice
        .post(
            &format!("/api/v4/teams/{}/files/search", f.team_id),
            json!({"terms": "x on:2026-99-99"}),
        )
        .await
        .err(400, "api.post.search_files.invalid_date.app_error");
    f.eve
        .post(
            &format!("/api/v4/teams/{}/files/search", f.team_id),
            json!({"terms": "report"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
}

async fn search(team_id: &str, c: &Client, terms: &str) -> Vec<String> {
    let r = c
        .post(
            &format!("/api/v4/teams/{team_id}/files/search"),
            json!({"terms": terms, "is_or_search": false}),
        )
        .await
        .ok(200);
    let mut names: Vec<String> = r["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            r["file_infos"][i.as_str().unwrap()]["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    names.sort();
    names
}
