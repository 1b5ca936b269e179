#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use super::*;

fn seq_of(frame: &Frame) -> i64 {
    assert_eq!(
        frame.seq(),
        serde_json::from_str::<serde_json::Value>(&frame.text()).unwrap()["seq"].as_i64()
    );
    serde_json::from_str::<serde_json::Value>(&frame.text()).unwrap()["seq"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn events_are_numbered_per_connection_and_filtered() {
    let hub = Hub::new(4);
    let mut a = hub.connect("alice", "s", None);
    let mut b = hub.connect("bob", "s", None);
    assert!(a.needs_hello);
    hub.send_to_connection("alice", &a.id, &Event::new("hello"));
    let mut ev = Event::new("typing").with("user_id", "bob");
    ev.broadcast.omit_users = Some([("bob".to_owned(), true)].into());
    hub.publish(&ev, &Target::Users(vec!["alice".into(), "bob".into()]));
    hub.publish(&Event::new("posted"), &Target::All);

    let f0 = a.rx.recv().await.unwrap();
    assert_eq!(seq_of(&f0), 0);
    assert!(f0.text().contains("\"event\":\"hello\""));
    let f1 = a.rx.recv().await.unwrap();
    assert_eq!(seq_of(&f1), 1);
    let parsed: serde_json::Value = serde_json::from_str(&f1.text()).unwrap();
    assert_eq!(parsed["event"], "typing");
    assert_eq!(parsed["data"]["user_id"], "bob");
    assert_eq!(parsed["broadcast"]["omit_users"]["bob"], true);
    assert_eq!(seq_of(&a.rx.recv().await.unwrap()), 2);
    // bob was omitted from typing, so his first event is `posted` with seq 0.
    let fb = b.rx.recv().await.unwrap();
    assert!(fb.text().contains("posted"));
    assert_eq!(seq_of(&fb), 0);
}

#[tokio::test]
async fn reconnect_replays_missed_frames_including_while_away() {
    let hub = Hub::new(2);
    let mut c = hub.connect("u", "s", None);
    hub.send_to_connection("u", &c.id, &Event::new("hello"));
    hub.publish(&Event::new("e1"), &Target::Users(vec!["u".into()]));
    assert_eq!(seq_of(&c.rx.recv().await.unwrap()), 0);
    assert_eq!(seq_of(&c.rx.recv().await.unwrap()), 1);
    hub.disconnect("u", &c.id, c.generation);
    assert!(!hub.is_connected("u"));
    hub.publish(&Event::new("e2"), &Target::Users(vec!["u".into()]));
    // The client saw up to 1 and asks from 1 (it may re-see its last one, as Mattermost allows).
    let mut r = hub.connect("u", "s", Some((&c.id, 2)));
    assert_eq!(r.id, c.id);
    assert!(!r.needs_hello);
    let f = r.rx.recv().await.unwrap();
    assert_eq!(seq_of(&f), 2);
    assert!(f.text().contains("e2"));
    assert!(hub.is_connected("u"));
}

#[tokio::test]
async fn reconnect_too_far_behind_gets_a_new_connection() {
    let hub = Hub::new(1);
    let c = hub.connect("u", "s", None);
    for _ in 0..(DEAD_QUEUE + 10) {
        hub.publish(&Event::new("e"), &Target::Users(vec!["u".into()]));
    }
    hub.disconnect("u", &c.id, c.generation);
    let r = hub.connect("u", "s", Some((&c.id, 1)));
    assert_ne!(r.id, c.id);
    assert!(r.needs_hello);
    let other = hub.connect("v", "s", Some((&c.id, 200)));
    assert!(
        other.needs_hello,
        "another user's connection id is never resumed"
    );
}

#[tokio::test]
async fn a_slow_connection_is_dropped_without_blocking_the_publisher() {
    let hub = Hub::new(1);
    let mut c = hub.connect("u", "s", None);
    for _ in 0..(SEND_QUEUE + 5) {
        hub.publish(&Event::new("e"), &Target::Users(vec!["u".into()]));
    }
    assert!(!hub.is_connected("u"));
    let mut n = 0;
    while c.rx.recv().await.is_some() {
        n += 1;
    }
    assert_eq!(
        n, SEND_QUEUE,
        "the queue is delivered, then the stream ends"
    );
}

#[tokio::test]
async fn connection_filters() {
    let hub = Hub::new(1);
    let mut c1 = hub.connect("u", "s", None);
    let mut c2 = hub.connect("u", "s", None);
    let mut ev = Event::new("x");
    ev.broadcast.omit_connection_id = c1.id.clone();
    hub.publish(&ev, &Target::Users(vec!["u".into()]));
    let mut only = Event::new("y");
    only.broadcast.connection_id = c1.id.clone();
    hub.publish(&only, &Target::Users(vec!["u".into()]));
    assert!(c2.rx.recv().await.unwrap().text().contains("\"x\""));
    assert!(c1.rx.recv().await.unwrap().text().contains("\"y\""));
    assert!(c1.rx.try_recv().is_err());
    assert!(c2.rx.try_recv().is_err());
    assert_eq!(hub.open_connections(), 2);
}

#[tokio::test]
async fn closing_sessions_ends_their_streams() {
    let hub = Hub::new(2);
    let mut a = hub.connect("u", "s1", None);
    let mut b = hub.connect("u", "s2", None);
    hub.close_sessions("u", &["s1".to_owned()]);
    assert!(a.rx.recv().await.is_none(), "s1's stream ends");
    hub.publish(&Event::new("e"), &Target::Users(vec!["u".into()]));
    assert!(b.rx.recv().await.is_some(), "s2 still receives");
    hub.close_sessions("u", &[]);
    assert!(b.rx.recv().await.is_none());
    let mut c = hub.connect("v", "s3", None);
    hub.close_all();
    assert!(c.rx.recv().await.is_none());
}

#[tokio::test]
async fn an_event_body_is_shared_by_all_recipients() {
    let hub = Hub::new(2);
    let mut a = hub.connect("a", "s", None);
    let mut b = hub.connect("b", "s", None);
    hub.publish(&Event::new("posted").with("k", "v"), &Target::All);
    let (fa, fb) = (a.rx.recv().await.unwrap(), b.rx.recv().await.unwrap());
    match (&fa, &fb) {
        (Frame::Event { body: x, .. }, Frame::Event { body: y, .. }) => {
            assert!(Arc::ptr_eq(x, y), "serialised once")
        }
        other => panic!("events expected, got {other:?}"),
    }
    assert_eq!(fa.text(), fb.text());
}

#[tokio::test]
async fn a_replaced_sockets_teardown_leaves_its_successor_open() {
    let hub = Hub::new(1);
    let old = hub.connect("u", "s", None);
    // The client resumes while the old socket is still (half) open.
    let mut new = hub.connect("u", "s", Some((&old.id, 0)));
    assert_eq!(new.id, old.id);
    assert!(new.generation > old.generation);
    hub.disconnect("u", &old.id, old.generation);
    assert!(
        hub.is_connected("u"),
        "the old socket's teardown did not close the new one"
    );
    hub.publish(&Event::new("e"), &Target::Users(vec!["u".into()]));
    assert!(new.rx.recv().await.is_some());
    hub.disconnect("u", &new.id, new.generation);
    assert!(!hub.is_connected("u"));
}

#[tokio::test]
async fn a_closed_connection_takes_frames_only_while_it_can_be_resumed() {
    let hub = Hub::new(1);
    let to_u = Target::Users(vec!["u".into()]);
    // Exactly a dead queue's worth of frames while away: still resumable, all replayed.
    let a = hub.connect("u", "s", None);
    hub.disconnect("u", &a.id, a.generation);
    for _ in 0..DEAD_QUEUE {
        hub.publish(&Event::new("e"), &to_u);
    }
    let mut r = hub.connect("u", "s", Some((&a.id, 0)));
    assert_eq!(r.id, a.id);
    let mut replayed = 0;
    while let Ok(f) = r.rx.try_recv() {
        assert_eq!(seq_of(&f), replayed);
        replayed += 1;
    }
    assert_eq!(replayed, DEAD_QUEUE as i64);
    hub.disconnect("u", &r.id, r.generation);

    // One more than that: it can never be resumed, so its shard forgets it.
    for _ in 0..=DEAD_QUEUE {
        hub.publish(&Event::new("e"), &to_u);
    }
    let known = |hub: &Hub| {
        let shard = lock(hub.shard("u"));
        (
            shard.conns.contains_key(&a.id),
            shard
                .by_user
                .get("u")
                .is_some_and(|ids| ids.contains(&a.id)),
        )
    };
    assert_eq!(known(&hub), (false, false), "the shard forgot it");
    assert!(!hub.is_connected("u"));
    let fresh = hub.connect("u", "s", Some((&a.id, DEAD_QUEUE as i64)));
    assert_ne!(fresh.id, a.id);
    assert!(fresh.needs_hello);
}
