//! Web Push to an installed web client: a push service inside the test receives what the server
//! sends, checks the VAPID signature against `WebPushPublicKey` from the client config, and
//! decrypts the payload with a receiver written here from RFC 8188/8291 alone (checked first
//! against RFC 8291's published example).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use outpost_testkit::{Client, TestServer};
use serde_json::{Value, json};
use sha2::Sha256;

fn hmac(key: &[u8], data: &[&[u8]]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    for d in data {
        m.update(d);
    }
    m.finalize().into_bytes().to_vec()
}

/// The user agent's side of RFC 8291: decrypts one `aes128gcm` message.
fn receive(body: &[u8], ua_private: &p256::SecretKey, auth: &[u8]) -> Vec<u8> {
    let salt = &body[..16];
    let idlen = body[20] as usize;
    let as_public = &body[21..21 + idlen];
    let ciphertext = &body[21 + idlen..];
    let ua_public = ua_private.public_key().to_sec1_bytes();
    let sender = p256::PublicKey::from_sec1_bytes(as_public).unwrap();
    let ecdh = p256::ecdh::diffie_hellman(ua_private.to_nonzero_scalar(), sender.as_affine());
    // HKDF (RFC 5869) with one output block, as RFC 8291 §3.4 and RFC 8188 §2.2 use it.
    let prk_key = hmac(auth, &[ecdh.raw_secret_bytes()]);
    let ikm = hmac(&prk_key, &[b"WebPush: info\0", &ua_public, as_public, &[1]]);
    let prk = hmac(salt, &[&ikm]);
    let cek = &hmac(&prk, &[b"Content-Encoding: aes128gcm\0", &[1]])[..16];
    let nonce = &hmac(&prk, &[b"Content-Encoding: nonce\0", &[1]])[..12];
    let cipher = aes_gcm::Aes128Gcm::new_from_slice(cek).unwrap();
    let mut record = cipher
        .decrypt(aes_gcm::Nonce::from_slice(nonce), ciphertext)
        .expect("the payload decrypts");
    while record.last() == Some(&0) {
        record.pop();
    }
    assert_eq!(record.pop(), Some(2), "last-record delimiter");
    record
}

#[test]
fn the_receiver_reads_rfc8291s_example() {
    let b = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
    let ua_private =
        p256::SecretKey::from_slice(&b("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94")).unwrap();
    let message = b(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );
    let plain = receive(&message, &ua_private, &b("BTBZMqHH6r4Tts7J_aSIgg"));
    assert_eq!(plain, b"When I grow up, I want to be a watermelon");
}

/// One delivery: subscription id, headers, encrypted body.
type Delivery = (String, HeaderMap, Vec<u8>);

/// A push service: records deliveries per subscription, answers with the given status.
#[derive(Clone, Default)]
struct PushService {
    got: Arc<Mutex<Vec<Delivery>>>,
    status: Arc<Mutex<u16>>,
}

async fn deliver(
    State(p): State<PushService>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    p.got.lock().unwrap().push((id, headers, body.to_vec()));
    let s = *p.status.lock().unwrap();
    StatusCode::from_u16(if s == 0 { 201 } else { s }).unwrap()
}

impl PushService {
    async fn start() -> (Self, String) {
        let p = PushService::default();
        let app = axum::Router::new()
            .route("/push/{id}", post(deliver))
            .with_state(p.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (p, url)
    }

    async fn wait_for(&self, n: usize) -> Vec<Delivery> {
        for _ in 0..100 {
            if self.got.lock().unwrap().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let got = self.got.lock().unwrap().clone();
        assert!(got.len() >= n, "expected {n} web pushes, got {}", got.len());
        got
    }
}

/// A browser's subscription keys.
struct Browser {
    private: p256::SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new() -> Self {
        let private = loop {
            let bytes: [u8; 32] = rand_bytes();
            if let Ok(k) = p256::SecretKey::from_slice(&bytes) {
                break k;
            }
        };
        Self {
            private,
            auth: rand_bytes(),
        }
    }

    fn subscription(&self, endpoint: &str) -> Value {
        json!({
            "endpoint": endpoint,
            "keys": {
                "p256dh": URL_SAFE_NO_PAD.encode(self.private.public_key().to_sec1_bytes()),
                "auth": URL_SAFE_NO_PAD.encode(self.auth),
            }
        })
    }
}

fn rand_bytes<const N: usize>() -> [u8; N] {
    use sha2::Digest;
    let seed = format!(
        "{:?}{:?}",
        std::time::SystemTime::now(),
        std::thread::current().id()
    );
    let mut out = [0u8; N];
    let mut block = sha2::Sha256::digest(seed.as_bytes()).to_vec();
    for chunk in out.chunks_mut(32) {
        chunk.copy_from_slice(&block[..chunk.len()]);
        block = sha2::Sha256::digest(&block).to_vec();
    }
    out
}

/// Checks the VAPID `Authorization` header against the published key.
fn verify_vapid(headers: &HeaderMap, public_key: &str, audience: &str) {
    let auth = headers["authorization"].to_str().unwrap();
    let rest = auth.strip_prefix("vapid ").expect("vapid scheme");
    let mut t = "";
    let mut k = "";
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("t=") {
            t = v;
        } else if let Some(v) = part.strip_prefix("k=") {
            k = v;
        }
    }
    assert_eq!(k, public_key, "k is the key from the client config");
    let point = URL_SAFE_NO_PAD.decode(k).unwrap();
    let key = jsonwebtoken::DecodingKey::from_ec_der(&point);
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "aud", "sub"]);
    let claims = jsonwebtoken::decode::<Value>(t, &key, &v)
        .expect("VAPID JWT verifies")
        .claims;
    assert!(claims["sub"].as_str().unwrap().starts_with("mailto:"));
}

async fn setup() -> (
    TestServer,
    PushService,
    String,
    Client,
    Client,
    String,
    String,
) {
    let (push, url) = PushService::start().await;
    let s = TestServer::spawn_with(json!({"ServiceSettings": {"SiteURL": "http://chat.example"}}))
        .await;
    let (admin, _) = s.admin().await;
    let (alice, a) = s.user(&admin, "alice").await;
    let (bob, b) = s.user(&admin, "bob").await;
    let dm = alice
        .post("/api/v4/channels/direct", json!([a["id"], b["id"]]))
        .await
        .ok(201);
    (
        s,
        push,
        url,
        alice,
        bob,
        dm["id"].as_str().unwrap().to_owned(),
        b["id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn an_installed_web_client_receives_a_web_push() {
    let (s, push, url, alice, bob, dm, _) = setup().await;
    let cfg = s
        .client()
        .get("/api/v4/config/client?format=old")
        .await
        .ok(200);
    let vapid = cfg["WebPushPublicKey"].as_str().unwrap().to_owned();
    assert_eq!(
        URL_SAFE_NO_PAD.decode(&vapid).unwrap().len(),
        65,
        "an uncompressed P-256 point"
    );
    let browser = Browser::new();
    bob.post(
        "/api/outpost/v1/webpush/subscriptions",
        browser.subscription(&format!("{url}/push/bob")),
    )
    .await
    .ok(201);
    let post = alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": dm, "message": "are you there?"}),
        )
        .await
        .ok(201);
    let got = push.wait_for(1).await;
    let (id, headers, body) = &got[0];
    assert_eq!(id, "bob");
    assert_eq!(headers["content-encoding"], "aes128gcm");
    assert_eq!(headers["ttl"], "86400");
    verify_vapid(headers, &vapid, &url);
    let payload: Value =
        serde_json::from_slice(&receive(body, &browser.private, &browser.auth)).unwrap();
    assert_eq!(payload["title"], "@alice");
    assert_eq!(payload["body"], "are you there?");
    assert_eq!(payload["post_id"], post["id"]);
    assert_eq!(payload["channel_id"], dm);
    assert_eq!(
        payload["url"],
        format!(
            "http://chat.example/_redirect/pl/{}",
            post["id"].as_str().unwrap()
        )
    );
    // The sender's browsers are not pushed about their own message.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(push.got.lock().unwrap().len(), 1);
    s.stop().await;
}

#[tokio::test]
async fn subscriptions_are_validated_and_can_be_removed() {
    let (s, push, url, alice, bob, dm, _) = setup().await;
    let browser = Browser::new();
    let endpoint = format!("{url}/push/bob");
    let mut bad = browser.subscription(&endpoint);
    bad["endpoint"] = json!("not a url");
    bob.post("/api/outpost/v1/webpush/subscriptions", bad)
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    let mut bad = browser.subscription(&endpoint);
    bad["keys"]["p256dh"] = json!("AAAA");
    bob.post("/api/outpost/v1/webpush/subscriptions", bad)
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    let mut bad = browser.subscription(&endpoint);
    bad["keys"]["auth"] = json!("");
    bob.post("/api/outpost/v1/webpush/subscriptions", bad)
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    s.client()
        .post(
            "/api/outpost/v1/webpush/subscriptions",
            browser.subscription(&endpoint),
        )
        .await
        .err(401, "api.context.session_expired.app_error");
    bob.post(
        "/api/outpost/v1/webpush/subscriptions",
        browser.subscription(&endpoint),
    )
    .await
    .ok(201);
    alice
        .post(
            "/api/outpost/v1/webpush/subscriptions/delete",
            json!({"endpoint": endpoint}),
        )
        .await
        .err(404, "app.webpush.subscription.not_found");
    bob.post(
        "/api/outpost/v1/webpush/subscriptions/delete",
        json!({"endpoint": endpoint}),
    )
    .await
    .ok(200);
    bob.post(
        "/api/outpost/v1/webpush/subscriptions/delete",
        json!({"endpoint": endpoint}),
    )
    .await
    .err(404, "app.webpush.subscription.not_found");
    alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": dm, "message": "unsubscribed"}),
        )
        .await
        .ok(201);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(push.got.lock().unwrap().is_empty());
    s.stop().await;
}

#[tokio::test]
async fn expired_subscriptions_are_dropped() {
    let (s, push, url, alice, bob, dm, _) = setup().await;
    let browser = Browser::new();
    let endpoint = format!("{url}/push/gone");
    bob.post(
        "/api/outpost/v1/webpush/subscriptions",
        browser.subscription(&endpoint),
    )
    .await
    .ok(201);
    *push.status.lock().unwrap() = 410;
    alice
        .post("/api/v4/posts", json!({"channel_id": dm, "message": "one"}))
        .await
        .ok(201);
    push.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    bob.post(
        "/api/outpost/v1/webpush/subscriptions/delete",
        json!({"endpoint": endpoint}),
    )
    .await
    .err(404, "app.webpush.subscription.not_found");
    alice
        .post("/api/v4/posts", json!({"channel_id": dm, "message": "two"}))
        .await
        .ok(201);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        push.got.lock().unwrap().len(),
        1,
        "a 410 removed the subscription"
    );
    s.stop().await;
}
