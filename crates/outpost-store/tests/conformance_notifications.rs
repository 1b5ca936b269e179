//! Conformance of what notifications keep: device sessions, one-time tokens, Web Push
//! subscriptions, Systems rows written once, badge counts (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, open, saved_channel, saved_team, saved_user};
use outpost_model::user::Session;
use outpost_store::StoreError;
use outpost_store::notifications::{Token, WebPushSubscription};

fn session(id: &str, user: &str, device: &str, expires_at: i64) -> Session {
    Session {
        id: id.to_owned(),
        token: format!("tok{id}"),
        user_id: user.to_owned(),
        device_id: device.to_owned(),
        expires_at,
        ..Session::default()
    }
}

#[tokio::test]
async fn device_sessions() {
    let (s, _d) = open().await;
    s.save_session(&session("s1", "u", "android_rn-v2:a", 0))
        .await
        .unwrap();
    s.save_session(&session("s2", "u", "", 0)).await.unwrap();
    s.save_session(&session("s3", "u", "apple_rn-v2:b", 10))
        .await
        .unwrap();
    s.save_session(&session("s4", "u", "android_rn-v2:a", 0))
        .await
        .unwrap();
    s.save_session(&session("s5", "v", "android_rn-v2:c", 0))
        .await
        .unwrap();
    let mut ids: Vec<String> = s
        .get_device_sessions("u", 100)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        ["s1", "s4"],
        "expired and device-less sessions are left out"
    );
    assert_eq!(
        s.delete_device_sessions("u", "android_rn-v2:a", "s4")
            .await
            .unwrap(),
        1
    );
    s.clear_session_device("s4").await.unwrap();
    assert!(s.get_device_sessions("u", 100).await.unwrap().is_empty());
    assert_eq!(s.get_device_sessions("v", 100).await.unwrap().len(), 1);
}

#[tokio::test]
async fn tokens_work_once() {
    let (s, _d) = open().await;
    let t = Token {
        token: "t".repeat(64),
        createat: 5,
        kind: "password_recovery".to_owned(),
        extra: "{\"UserId\":\"u\"}".to_owned(),
    };
    s.save_token(&t).await.unwrap();
    assert!(matches!(
        s.get_token(&t.token, "verify_email").await,
        Err(StoreError::NotFound)
    ));
    let got = s.get_token(&t.token, "password_recovery").await.unwrap();
    assert_eq!((got.createat, got.extra.as_str()), (5, t.extra.as_str()));
    s.delete_token(&t.token).await.unwrap();
    assert!(matches!(
        s.delete_token(&t.token).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_token(&t.token, "password_recovery").await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn web_push_subscriptions() {
    let (s, _d) = open().await;
    let sub = |id: &str, user: &str, endpoint: &str| WebPushSubscription {
        id: id.to_owned(),
        userid: user.to_owned(),
        endpoint: endpoint.to_owned(),
        p256dh: "key".to_owned(),
        auth: "auth".to_owned(),
        createat: 1,
    };
    s.save_webpush_subscription(&sub("a", "u", "https://push/1"))
        .await
        .unwrap();
    s.save_webpush_subscription(&sub("b", "u", "https://push/2"))
        .await
        .unwrap();
    // The same browser signing in as someone else moves the subscription.
    s.save_webpush_subscription(&sub("c", "v", "https://push/2"))
        .await
        .unwrap();
    assert_eq!(s.get_webpush_subscriptions("u").await.unwrap().len(), 1);
    assert_eq!(s.get_webpush_subscriptions("v").await.unwrap()[0].id, "c");
    assert!(matches!(
        s.delete_webpush_subscription("https://push/1", Some("v"))
            .await,
        Err(StoreError::NotFound)
    ));
    s.delete_webpush_subscription("https://push/1", Some("u"))
        .await
        .unwrap();
    s.delete_webpush_subscription("https://push/2", None)
        .await
        .unwrap();
    assert!(s.get_webpush_subscriptions("u").await.unwrap().is_empty());
    assert!(s.get_webpush_subscriptions("v").await.unwrap().is_empty());
}

#[tokio::test]
async fn systems_rows_are_written_once() {
    let (s, _d) = open().await;
    assert_eq!(
        s.save_system_if_absent("K", "first").await.unwrap(),
        "first"
    );
    assert_eq!(
        s.save_system_if_absent("K", "second").await.unwrap(),
        "first"
    );
}

#[tokio::test]
async fn badge_counts_live_channel_mentions() {
    let (s, _d) = open().await;
    let u = saved_user(&s, "badge").await;
    let t = saved_team(&s, "badges", &u.id).await;
    let c = saved_channel(&s, channel(&t.id, "b1", "O"), &[&u.id]).await;
    assert_eq!(s.get_badge_count(&u.id, false).await.unwrap(), 0);
    s.increment_mentions(&c.id, std::slice::from_ref(&u.id), true, 10)
        .await
        .unwrap();
    s.increment_mentions(&c.id, std::slice::from_ref(&u.id), false, 11)
        .await
        .unwrap();
    assert_eq!(s.get_badge_count(&u.id, false).await.unwrap(), 2);
    assert_eq!(
        s.get_badge_count(&u.id, true).await.unwrap(),
        1,
        "root mentions only"
    );
}
