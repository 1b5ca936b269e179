//! Post search over the real API. The same data and the same expected results on SQLite and on
//! PostgreSQL (run with `OUTPOST_TEST_DATABASE_URL` for the latter): word fragments, CJK,
//! hyphens, URLs, e-mails, IPs, identifiers, phrases, exclusions, from/in/dates, hashtags, OR
//! searches, ranking, paging, index upkeep and permissions, plus bad input.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{Fixture, channel, fixture, id};
use outpost_testkit::Client;
use serde_json::{Value, json};

async fn add_member(c: &Client, channel_id: &str, user_id: &str) {
    c.post(
        &format!("/api/v4/channels/{channel_id}/members"),
        json!({"user_id": user_id}),
    )
    .await
    .ok(201);
}

async fn post(c: &Client, channel_id: &str, message: &str) -> String {
    post_reply(c, channel_id, message, "").await
}

async fn post_reply(c: &Client, channel_id: &str, message: &str, root: &str) -> String {
    id(&c
        .post(
            "/api/v4/posts",
            json!({"channel_id": channel_id, "message": message, "root_id": root}),
        )
        .await
        .ok(201))
}

async fn search_with(c: &Client, team_id: &str, body: Value) -> Value {
    c.post(&format!("/api/v4/teams/{team_id}/posts/search"), body)
        .await
        .ok(200)
}

/// The messages found, in result order.
async fn found(c: &Client, team_id: &str, terms: &str) -> Vec<String> {
    messages(&search_with(c, team_id, json!({"terms": terms, "is_or_search": false})).await)
}

fn messages(res: &Value) -> Vec<String> {
    res["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            res["posts"][id.as_str().unwrap()]["message"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

const M_USER: &str = "Deploying the new getUserName() helper today";
const M_PARSER: &str = "The state-of-the-art parser lives in parse_http_header";
const M_URL: &str = "Docs at https://docs.example.org/guide?x=1 - ask bob.smith@example.com";
const M_IP: &str = "Server 192.168.10.42 is down again";
const M_ZH: &str = "我们明天去北京开会";
const M_JA: &str = "東京タワーに行きました";
const M_KO: &str = "회의는 내일 서울에서 합니다";
const M_TAG: &str = "release #rustlang today, the deploy went fine";
const M_BOB: &str = "deploy is blocked by the firewall";
const M_OPS: &str = "deploy ops runbook for HTTPServer";
const M_SECRET: &str = "deploy the secret plan";

struct Data {
    f: Fixture,
    dev: String,
    ops: String,
    secret: String,
}

/// alice and bob in `dev` and `ops`; only alice in the private `secret`.
async fn data() -> Data {
    let f = fixture().await;
    let dev = id(&channel(&f.alice, &f.team_id, "dev", "O").await);
    let ops = id(&channel(&f.alice, &f.team_id, "ops", "O").await);
    let secret = id(&channel(&f.alice, &f.team_id, "secret", "P").await);
    add_member(&f.alice, &dev, &f.bob_id).await;
    add_member(&f.alice, &ops, &f.bob_id).await;
    for m in [M_USER, M_PARSER, M_URL, M_IP, M_ZH, M_JA, M_KO, M_TAG] {
        post(&f.alice, &dev, m).await;
    }
    post(&f.bob, &dev, M_BOB).await;
    post(&f.alice, &ops, M_OPS).await;
    post(&f.alice, &secret, M_SECRET).await;
    Data {
        f,
        dev,
        ops,
        secret,
    }
}

#[tokio::test]
async fn finds_fragments_cjk_and_compound_words() {
    let d = data().await;
    let (c, t) = (&d.f.bob, d.f.team_id.as_str());
    let cases: &[(&str, &[&str])] = &[
        ("username", &[M_USER]),
        ("getUserName", &[M_USER]),
        ("user*", &[M_USER]),
        ("helper", &[M_USER]),
        ("elpe", &[M_USER]),
        ("art", &[M_PARSER]),
        ("state-of-the-art", &[M_PARSER]),
        ("http_header", &[M_PARSER]),
        ("header", &[M_PARSER]),
        ("docs.example.org", &[M_URL]),
        ("https://docs.example.org/guide", &[M_URL]),
        ("bob.smith@example.com", &[M_URL]),
        ("192.168.10.42", &[M_IP]),
        ("168.10", &[M_IP]),
        ("北京", &[M_ZH]),
        ("北京开会", &[M_ZH]),
        ("東京", &[M_JA]),
        ("タワー", &[M_JA]),
        ("서울", &[M_KO]),
        ("#rustlang", &[M_TAG]),
        ("#rust", &[]),
        ("\"deploy went\"", &[M_TAG]),
        ("\"went deploy\"", &[]),
        ("server*", &[M_OPS, M_IP]),
        ("上海", &[]),
        ("SERVER 192.168.10.42", &[M_IP]),
    ];
    for (q, want) in cases {
        let got = found(c, t, q).await;
        assert_eq!(&got, want, "query {q:?}");
    }
}

#[tokio::test]
async fn filters_exclusions_and_or() {
    let d = data().await;
    let (c, t) = (&d.f.bob, d.f.team_id.as_str());
    // Whole-word matches rank before fragments (Deploying); recency orders the rest.
    assert_eq!(found(c, t, "deploy").await, [M_OPS, M_BOB, M_TAG, M_USER]);
    assert_eq!(
        found(c, t, "deploy -firewall").await,
        [M_OPS, M_TAG, M_USER]
    );
    assert_eq!(found(c, t, "deploy from:bob").await, [M_BOB]);
    assert_eq!(found(c, t, "from:bob").await, [M_BOB]);
    assert_eq!(
        found(c, t, "deploy -from:bob").await,
        [M_OPS, M_TAG, M_USER]
    );
    assert_eq!(found(c, t, "deploy in:ops").await, [M_OPS]);
    assert_eq!(found(c, t, "deploy -in:ops").await, [M_BOB, M_TAG, M_USER]);
    assert_eq!(
        found(c, t, "deploy from:nobody").await,
        Vec::<String>::new()
    );
    assert_eq!(found(c, t, "deploy in:nowhere").await, Vec::<String>::new());
    assert_eq!(found(c, t, "deploy after:1999-12-31").await.len(), 4);
    assert_eq!(found(c, t, "deploy before:2000-01-01").await.len(), 0);
    let today = utc_date(now_ms());
    assert_eq!(found(c, t, &format!("deploy on:{today}")).await.len(), 4);
    assert_eq!(found(c, t, &format!("deploy -on:{today}")).await.len(), 0);
    let or = search_with(
        c,
        t,
        json!({"terms": "tokyo 北京 firewall", "is_or_search": true}),
    )
    .await;
    assert_eq!(messages(&or), [M_BOB, M_ZH]);
    // Phrase before the scattered words.
    let p = found(c, t, "deploy went").await;
    assert_eq!(p, [M_TAG]);
    let p = found(c, t, "the deploy").await;
    assert_eq!(p[0], M_TAG);
}

#[tokio::test]
async fn results_only_from_readable_channels() {
    let d = data().await;
    let t = d.f.team_id.as_str();
    assert!(found(&d.f.alice, t, "secret").await == [M_SECRET]);
    assert!(found(&d.f.bob, t, "secret").await.is_empty());
    assert!(found(&d.f.bob, t, "in:secret deploy").await.is_empty());
    // All teams: the same rule.
    let all =
        d.f.bob
            .post("/api/v4/posts/search", json!({"terms": "plan"}))
            .await
            .ok(200);
    assert!(messages(&all).is_empty());
    let all =
        d.f.alice
            .post("/api/v4/posts/search", json!({"terms": "plan"}))
            .await
            .ok(200);
    assert_eq!(messages(&all), [M_SECRET]);
    // Someone outside the team may not search it.
    d.f.eve
        .post(
            &format!("/api/v4/teams/{t}/posts/search"),
            json!({"terms": "deploy"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    let all =
        d.f.eve
            .post("/api/v4/posts/search", json!({"terms": "deploy"}))
            .await
            .ok(200);
    assert!(messages(&all).is_empty());
    // Leaving a channel hides its posts.
    d.f.bob
        .delete(&format!(
            "/api/v4/channels/{}/members/{}",
            d.ops, d.f.bob_id
        ))
        .await
        .ok(200);
    assert_eq!(found(&d.f.bob, t, "runbook").await, Vec::<String>::new());
    assert_eq!(found(&d.f.alice, t, "runbook").await, [M_OPS]);
    let _ = d.secret;
}

#[tokio::test]
async fn result_shape_matches_and_paging() {
    let d = data().await;
    let (c, t) = (&d.f.bob, d.f.team_id.as_str());
    let res = search_with(c, t, json!({"terms": "username"})).await;
    for key in [
        "order",
        "posts",
        "matches",
        "next_post_id",
        "prev_post_id",
        "has_next",
        "first_inaccessible_post_time",
    ] {
        assert!(res.get(key).is_some(), "{key} in {res}");
    }
    let pid = res["order"][0].as_str().unwrap();
    assert_eq!(res["matches"][pid], json!(["getUserName"]));
    assert_eq!(res["has_next"], false);
    let p0 = search_with(c, t, json!({"terms": "deploy", "page": 0, "per_page": 3})).await;
    let p1 = search_with(c, t, json!({"terms": "deploy", "page": 1, "per_page": 3})).await;
    assert_eq!(messages(&p0), [M_OPS, M_BOB, M_TAG]);
    assert_eq!(p0["has_next"], true);
    assert_eq!(messages(&p1), [M_USER]);
    assert_eq!(p1["has_next"], false);
}

#[tokio::test]
async fn index_follows_edits_deletes_and_reindex() {
    let d = data().await;
    let (a, t) = (&d.f.alice, d.f.team_id.as_str());
    let root = post(a, &d.dev, "kubernetes rollout plan").await;
    let reply = post_reply(&d.f.bob, &d.dev, "kubernetes looks fine", &root).await;
    assert_eq!(found(a, t, "kubernetes").await.len(), 2);
    a.put(
        &format!("/api/v4/posts/{root}/patch"),
        json!({"message": "nomad rollout plan"}),
    )
    .await
    .ok(200);
    assert_eq!(found(a, t, "nomad").await, ["nomad rollout plan"]);
    assert_eq!(found(a, t, "kubernetes").await, ["kubernetes looks fine"]);
    // Deleting the root deletes its reply, and both leave the index.
    a.delete(&format!("/api/v4/posts/{root}")).await.ok(200);
    assert!(found(a, t, "rollout").await.is_empty());
    assert!(found(a, t, "kubernetes").await.is_empty());
    let _ = reply;
    // A rebuilt index answers the same.
    let before = found(a, t, "deploy").await;
    let n = d.f.s.app().reindex_posts(|_| {}).await.unwrap();
    assert_eq!(n, 11);
    assert_eq!(found(a, t, "deploy").await, before);
    assert_eq!(found(a, t, "東京").await, [M_JA]);
}

#[tokio::test]
async fn bad_input() {
    let d = data().await;
    let (c, t) = (&d.f.bob, d.f.team_id.as_str());
    let path = format!("/api/v4/teams/{t}/posts/search");
    c.post(&path, json!({}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    c.post(&path, json!({"terms": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    c.post(&path, json!({"terms": 5}))
        .await
        .err(400, "api.post.search_posts.invalid_body.app_error");
    c.post(&path, json!("deploy"))
        .await
        .err(400, "api.post.search_posts.invalid_body.app_error");
    c.post(
        "/api/v4/teams/nope/posts/search",
        json!({"terms": "deploy"}),
    )
    .await
    .err(400, "api.context.invalid_url_param.app_error");
    d.f.s
        .client()
        .post(&path, json!({"terms": "deploy"}))
        .await
        .err(401, "api.context.session_expired.app_error");
    // Odd syntax is searched as text, never an error.
    for q in [
        "\"",
        "-",
        "*",
        "from:",
        "in:",
        "\"\"",
        "-\"",
        "on:notadate deploy",
        "#",
        "%_\\",
        "a*",
        "deploy -deploy",
        "ext:pdf",
    ] {
        let res = search_with(c, t, json!({"terms": q, "page": -3, "per_page": 100_000})).await;
        assert!(res["order"].is_array(), "{q}");
    }
    assert_eq!(found(c, t, "%").await, Vec::<String>::new());
    assert_eq!(found(c, t, "on:notadate deploy").await.len(), 4);
}

fn now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// `YYYY-MM-DD` (UTC) of an epoch-ms time.
fn utc_date(ms: i64) -> String {
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
