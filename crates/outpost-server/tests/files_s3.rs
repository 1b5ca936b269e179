//! The S3-compatible file store, against a real S3 server (moto's server mode, which
//! `scripts/test.sh` starts and names in `OUTPOST_TEST_S3_URL`). Ignored by a plain `cargo test`:
//! it needs that server. Run: `OUTPOST_TEST_S3_URL=http://127.0.0.1:PORT cargo test --test files_s3 -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use outpost_testkit::{Client, TestServer};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([1, 2, 3])));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Object keys in the bucket under `prefix`, from S3's ListObjectsV2 (unsigned, as moto allows).
async fn keys(s3: &str, bucket: &str, prefix: &str) -> Vec<String> {
    let xml = reqwest::get(format!("{s3}/{bucket}?list-type=2&prefix={prefix}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    xml.split("<Key>")
        .skip(1)
        .filter_map(|s| s.split("</Key>").next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
#[ignore = "needs an S3-compatible server in OUTPOST_TEST_S3_URL (scripts/test.sh starts moto)"]
async fn files_and_emoji_live_in_the_bucket() {
    let s3 = std::env::var("OUTPOST_TEST_S3_URL").expect("OUTPOST_TEST_S3_URL names the S3 server");
    let bucket = format!("outpost-{}", outpost_model::new_id());
    let made = reqwest::Client::new()
        .put(format!("{s3}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(
        made.status().is_success(),
        "bucket created: {}",
        made.status()
    );
    let host = s3
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let s = TestServer::spawn_with(json!({"FileSettings": {
        "DriverName": "amazons3",
        "AmazonS3Bucket": bucket,
        "AmazonS3Endpoint": host,
        "AmazonS3SSL": false,
        "AmazonS3Region": "us-east-1",
        "AmazonS3AccessKeyId": "testing",
        "AmazonS3SecretAccessKey": "testing",
        "AmazonS3PathPrefix": "outpost"
    }}))
    .await;
    let (admin, a) = s.admin().await;
    let team = admin
        .post(
            "/api/v4/teams",
            json!({"name": "s3team", "display_name": "S3", "type": "O"}),
        )
        .await
        .ok(201);
    let ch = admin
        .post(
            "/api/v4/channels",
            json!({"team_id": team["id"], "name": "s3c", "display_name": "S3", "type": "O"}),
        )
        .await
        .ok(201);
    let cid = ch["id"].as_str().unwrap().to_owned();

    // An image: original, thumbnail and preview all land in the bucket under the prefix.
    let form = Form::new()
        .text("channel_id", cid.clone())
        .part("files", Part::bytes(png(400, 300)).file_name("pic.png"));
    let r = Client::read(admin.request(Method::POST, "/api/v4/files").multipart(form))
        .await
        .ok(201);
    let fid = r["file_infos"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(r["file_infos"][0]["width"], 400);
    let stored = keys(&s3, &bucket, "outpost/").await;
    assert!(
        stored
            .iter()
            .any(|k| k.ends_with(&format!("/{fid}/pic.png"))),
        "{stored:?}"
    );
    assert!(
        stored
            .iter()
            .any(|k| k.ends_with(&format!("/{fid}/pic_thumb.png"))),
        "{stored:?}"
    );
    assert!(
        stored
            .iter()
            .any(|k| k.ends_with(&format!("/{fid}/pic_preview.png"))),
        "{stored:?}"
    );
    assert!(stored.iter().all(|k| k.starts_with("outpost/")));
    assert_eq!(
        admin.get(&format!("/api/v4/files/{fid}")).await.body,
        png(400, 300)
    );
    assert_eq!(
        admin
            .get(&format!("/api/v4/files/{fid}/thumbnail"))
            .await
            .status,
        200
    );

    // A file bigger than one multipart part (5 MiB), streamed in and out, with a range.
    let big: Vec<u8> = (0..12 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let r = Client::read(
        admin
            .request(
                Method::POST,
                &format!("/api/v4/files?channel_id={cid}&filename=big.bin"),
            )
            .body(big.clone()),
    )
    .await
    .ok(201);
    let big_id = r["file_infos"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(r["file_infos"][0]["size"], big.len());
    let got = admin.get(&format!("/api/v4/files/{big_id}")).await;
    assert_eq!(got.body.len(), big.len());
    assert!(got.body == big);
    let part = Client::read(
        admin
            .request(Method::GET, &format!("/api/v4/files/{big_id}"))
            .header("Range", "bytes=6000000-6000009"),
    )
    .await;
    assert_eq!(part.status, 206);
    assert_eq!(part.body, big[6_000_000..6_000_010]);

    // A resumable upload: chunks are separate objects until the last one assembles the file.
    let data = b"resumable upload through S3".to_vec();
    let us = admin
        .post(
            "/api/v4/uploads",
            json!({"channel_id": cid, "filename": "r.txt", "file_size": data.len()}),
        )
        .await
        .ok(201);
    let uid = us["id"].as_str().unwrap().to_owned();
    let r = Client::read(
        admin
            .request(Method::POST, &format!("/api/v4/uploads/{uid}"))
            .body(data[..10].to_vec()),
    )
    .await;
    assert_eq!(r.status, 204);
    let info = Client::read(
        admin
            .request(Method::POST, &format!("/api/v4/uploads/{uid}"))
            .body(data[10..].to_vec()),
    )
    .await
    .ok(200);
    assert_eq!(info["size"], data.len());
    assert_eq!(admin.get(&format!("/api/v4/files/{uid}")).await.body, data);
    let left = keys(&s3, &bucket, "outpost/").await;
    assert!(
        !left.iter().any(|k| k.contains(".parts/")),
        "chunks are removed: {left:?}"
    );

    // Custom emoji images too.
    let form = Form::new()
        .text(
            "emoji",
            json!({"name": "s3emoji", "creator_id": a["id"]}).to_string(),
        )
        .part("image", Part::bytes(png(20, 20)).file_name("e.png"));
    let e = Client::read(admin.request(Method::POST, "/api/v4/emoji").multipart(form))
        .await
        .ok(200);
    let eid = e["id"].as_str().unwrap();
    assert!(
        keys(&s3, &bucket, &format!("outpost/emoji/{eid}/"))
            .await
            .len()
            == 1
    );
    assert_eq!(
        admin.get(&format!("/api/v4/emoji/{eid}/image")).await.body,
        png(20, 20)
    );

    s.stop().await;

    // A bucket that does not exist: a clear 500, nothing recorded.
    let s = TestServer::spawn_with(json!({"FileSettings": {
        "DriverName": "amazons3",
        "AmazonS3Bucket": "no-such-bucket-here",
        "AmazonS3Endpoint": host,
        "AmazonS3SSL": false,
        "AmazonS3AccessKeyId": "testing",
        "AmazonS3SecretAccessKey": "testing"
    }}))
    .await;
    let (admin, _) = s.admin().await;
    let team = admin
        .post(
            "/api/v4/teams",
            json!({"name": "s3team", "display_name": "S3", "type": "O"}),
        )
        .await
        .ok(201);
    let ch = admin
        .post(
            "/api/v4/channels",
            json!({"team_id": team["id"], "name": "s3c", "display_name": "S3", "type": "O"}),
        )
        .await
        .ok(201);
    let cid = ch["id"].as_str().unwrap().to_owned();
    let form = Form::new()
        .text("channel_id", cid.clone())
        .part("files", Part::bytes(b"x".to_vec()).file_name("x.txt"));
    Client::read(admin.request(Method::POST, "/api/v4/files").multipart(form))
        .await
        .err(500, "api.file.write_file.app_error");
    let found = admin
        .post("/api/v4/files/search", json!({"terms": "x"}))
        .await
        .ok(200);
    assert_eq!(found["order"], json!([]));
    s.stop().await;
}
