//! Conformance of collapsed-thread memberships, reactions and unread state (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, channel_member, open, post, saved_channel, saved_team, saved_user};
use outpost_model::misc::Preference;
use outpost_model::post::Post;
use outpost_model::reaction::Reaction;
use outpost_store::threads::{ThreadQuery, ThreadRow};
use outpost_store::unreads::UnreadAt;
use outpost_store::{Store, StoreError};

async fn thread(s: &Store, user: &str, root: &str) -> ThreadRow {
    s.get_user_thread(user, root).await.unwrap()
}

fn reaction(user: &str, p: &Post, emoji: &str, at: i64) -> Reaction {
    Reaction {
        user_id: user.to_owned(),
        post_id: p.id.clone(),
        emoji_name: emoji.to_owned(),
        create_at: at,
        update_at: at,
        channel_id: p.channel_id.clone(),
        ..Reaction::default()
    }
}

#[tokio::test]
async fn follow_ensure_mentions_and_viewed() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let carol = saved_user(&s, "carol").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(
        &s,
        channel(&t.id, "c", "O"),
        &[&alice.id, &bob.id, &carol.id],
    )
    .await;
    let root = post(&c.id, &alice.id, "", 100);
    let reply = post(&c.id, &bob.id, &root.id, 200);
    s.save_post(&root, &t.id).await.unwrap();
    s.save_post(&reply, &t.id).await.unwrap();

    s.follow_thread(&root.id, std::slice::from_ref(&bob.id), Some(200), 200)
        .await
        .unwrap();
    let b = thread(&s, &bob.id, &root.id).await;
    assert_eq!(
        (
            b.post_id.as_str(),
            b.channel_id.as_str(),
            b.reply_count,
            b.last_reply_at
        ),
        (root.id.as_str(), c.id.as_str(), 1, 200)
    );
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&b.participants).unwrap(),
        vec![bob.id.clone()]
    );
    assert_eq!(
        (
            b.following,
            b.last_viewed,
            b.unread_mentions,
            b.unread_replies,
            b.thread_delete_at
        ),
        (true, 200, 0, 0, 0)
    );
    assert!(matches!(
        s.get_user_thread(&carol.id, &root.id).await,
        Err(StoreError::NotFound)
    ));

    // A second reply by the root's author appends them to the participants.
    let reply2 = post(&c.id, &alice.id, &root.id, 250);
    s.save_post(&reply2, &t.id).await.unwrap();
    let again = post(&c.id, &bob.id, &root.id, 260);
    s.save_post(&again, &t.id).await.unwrap();
    let b = thread(&s, &bob.id, &root.id).await;
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&b.participants).unwrap(),
        [alice.id.clone(), bob.id.clone()]
    );
    assert_eq!((b.reply_count, b.last_reply_at), (3, 260));
    // Replies by others after the last view are unread; one's own are not.
    assert_eq!(b.unread_replies, 1);

    s.ensure_thread_members(
        &root.id,
        &[alice.id.clone(), bob.id.clone(), carol.id.clone()],
        210,
    )
    .await
    .unwrap();
    let a = thread(&s, &alice.id, &root.id).await;
    assert_eq!((a.following, a.last_viewed, a.unread_replies), (true, 0, 2));
    assert_eq!(thread(&s, &bob.id, &root.id).await.last_viewed, 200);

    // An explicit unfollow survives ensure_thread_members, not follow_thread.
    s.set_thread_following(&root.id, &carol.id, false, 220)
        .await
        .unwrap();
    s.ensure_thread_members(&root.id, std::slice::from_ref(&carol.id), 225)
        .await
        .unwrap();
    assert!(!thread(&s, &carol.id, &root.id).await.following);
    s.add_thread_mentions(&root.id, &[carol.id.clone(), "nobody".to_owned()], 240)
        .await
        .unwrap();
    s.add_thread_mentions(&root.id, std::slice::from_ref(&carol.id), 241)
        .await
        .unwrap();
    s.add_thread_mentions(&root.id, &[], 242).await.unwrap();
    s.follow_thread(&root.id, std::slice::from_ref(&carol.id), None, 230)
        .await
        .unwrap();
    let cr = thread(&s, &carol.id, &root.id).await;
    assert_eq!(
        (cr.following, cr.last_viewed, cr.unread_mentions),
        (true, 0, 2)
    );
    s.follow_thread(&root.id, std::slice::from_ref(&carol.id), Some(270), 270)
        .await
        .unwrap();
    let cr = thread(&s, &carol.id, &root.id).await;
    assert_eq!(
        (cr.last_viewed, cr.unread_mentions, cr.unread_replies),
        (270, 0, 0)
    );
    // set_thread_following creates a membership when there is none.
    let dave = saved_user(&s, "dave").await;
    // Thread lists only show channels the user is (still) a member of.
    s.set_thread_following(&root.id, &dave.id, true, 279)
        .await
        .unwrap();
    assert!(matches!(
        s.get_user_thread(&dave.id, &root.id).await,
        Err(StoreError::NotFound)
    ));
    s.save_channel_members(&[channel_member(&c.id, &dave.id)])
        .await
        .unwrap();
    s.set_thread_following(&root.id, &dave.id, true, 280)
        .await
        .unwrap();
    let d = thread(&s, &dave.id, &root.id).await;
    assert_eq!((d.following, d.last_viewed, d.unread_replies), (true, 0, 3));

    s.set_thread_following(&root.id, &alice.id, false, 290)
        .await
        .unwrap();
    let mut followers = s.touch_thread_memberships(&root.id, 300).await.unwrap();
    followers.sort();
    let mut want = vec![bob.id.clone(), carol.id.clone(), dave.id.clone()];
    want.sort();
    assert_eq!(followers, want);

    s.set_thread_viewed(&root.id, &bob.id, 255, 1, 310)
        .await
        .unwrap();
    let b = thread(&s, &bob.id, &root.id).await;
    assert_eq!(
        (b.last_viewed, b.unread_mentions, b.unread_replies),
        (255, 1, 0)
    );
    assert!(matches!(
        s.set_thread_viewed(&root.id, "nobody", 1, 0, 1).await,
        Err(StoreError::NotFound)
    ));

    assert_eq!(
        s.get_thread_reply_times(&root.id, 200).await.unwrap(),
        [(reply2.id.clone(), 250), (again.id.clone(), 260)]
    );
    s.delete_post(&reply2.id, 400).await.unwrap();
    assert_eq!(
        s.get_thread_reply_times(&root.id, 0).await.unwrap(),
        [(reply.id.clone(), 200), (again.id.clone(), 260)]
    );
    // A deleted reply no longer counts as unread.
    assert_eq!(thread(&s, &dave.id, &root.id).await.unread_replies, 2);
}

#[tokio::test]
async fn user_thread_lists_and_mark_all_read() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let t2 = saved_team(&s, "t2", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "O"), &[&alice.id, &bob.id]).await;
    let mut dm = channel("", "dm", "D");
    dm.display_name.clear();
    let dm = saved_channel(&s, dm, &[&alice.id, &bob.id]).await;
    let cx = saved_channel(&s, channel(&t2.id, "cx", "O"), &[&alice.id, &bob.id]).await;

    // (root, reply time) per thread: a in c, b in the DM, x in the other team, d deleted,
    // e unfollowed.
    let mut roots = Vec::new();
    for (ch, at) in [(&c, 300), (&dm, 500), (&cx, 400), (&c, 600), (&c, 350)] {
        let root = post(&ch.id, &bob.id, "", at - 50);
        s.save_post(&root, &ch.team_id).await.unwrap();
        s.save_post(&post(&ch.id, &alice.id, &root.id, at), &ch.team_id)
            .await
            .unwrap();
        s.follow_thread(&root.id, std::slice::from_ref(&bob.id), Some(at), at)
            .await
            .unwrap();
        roots.push(root.id);
    }
    let [a, b, x, d, e] = <[String; 5]>::try_from(roots).unwrap();
    s.delete_post(&d, 700).await.unwrap();
    s.set_thread_following(&e, &bob.id, false, 710)
        .await
        .unwrap();

    let list = |since: i64, include_deleted: bool, unread_only: bool, offset: i64, limit: i64| {
        let s = s.clone();
        let q = ThreadQuery {
            user_id: bob.id.clone(),
            team_id: t.id.clone(),
            since,
            include_deleted,
            unread_only,
            offset,
            limit,
        };
        async move {
            s.get_user_threads(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.post_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list(0, false, false, 0, 10).await, [b.clone(), a.clone()]);
    assert_eq!(
        list(0, true, false, 0, 10).await,
        [d.clone(), b.clone(), a.clone()]
    );
    let deleted = ThreadQuery {
        user_id: bob.id.clone(),
        team_id: t.id.clone(),
        include_deleted: true,
        limit: 1,
        ..ThreadQuery::default()
    };
    let deleted = s.get_user_threads(&deleted).await.unwrap();
    assert_eq!(deleted[0].thread_delete_at, 700);
    assert_eq!(list(400, false, false, 0, 10).await, vec![b.clone()]);
    assert_eq!(list(0, false, false, 1, 1).await, vec![a.clone()]);
    assert!(list(0, false, true, 0, 10).await.is_empty());

    // New replies make a thread unread; so do unread mentions.
    s.save_post(&post(&c.id, &alice.id, &a, 800), &t.id)
        .await
        .unwrap();
    s.save_post(&post(&c.id, &alice.id, &a, 810), &t.id)
        .await
        .unwrap();
    s.save_post(&post(&c.id, &bob.id, &a, 820), &t.id)
        .await
        .unwrap();
    s.add_thread_mentions(&b, std::slice::from_ref(&bob.id), 830)
        .await
        .unwrap();
    assert_eq!(list(0, false, true, 0, 10).await, [a.clone(), b.clone()]);
    let ta = thread(&s, &bob.id, &a).await;
    assert_eq!((ta.unread_replies, ta.reply_count), (2, 4));
    // The other team's thread is untouched by either list or mark-all-read.
    s.save_post(&post(&cx.id, &alice.id, &x, 840), &t2.id)
        .await
        .unwrap();

    s.mark_all_threads_read(&bob.id, &t.id, 900).await.unwrap();
    assert!(list(0, false, true, 0, 10).await.is_empty());
    for id in [&a, &b, &e] {
        let r = thread(&s, &bob.id, id).await;
        assert_eq!(
            (r.last_viewed, r.unread_mentions, r.unread_replies),
            (900, 0, 0)
        );
    }
    let rx = thread(&s, &bob.id, &x).await;
    assert_eq!((rx.last_viewed, rx.unread_replies), (400, 1));
    let other_team = s
        .get_user_threads(&ThreadQuery {
            user_id: bob.id.clone(),
            team_id: t2.id.clone(),
            unread_only: true,
            limit: 10,
            ..ThreadQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(other_team.len(), 1);
    assert_eq!(other_team[0].post_id, x);
}

#[tokio::test]
async fn reactions_limit_revive_and_flag() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "O"), &[&alice.id]).await;
    let p = post(&c.id, &alice.id, "", 1);
    let q = post(&c.id, &alice.id, "", 2);
    s.save_post(&p, &t.id).await.unwrap();
    s.save_post(&q, &t.id).await.unwrap();

    let smile = reaction("alice", &p, "smile", 10);
    s.save_reaction(&smile, 2).await.unwrap();
    assert_eq!(
        s.get_reactions(std::slice::from_ref(&p.id)).await.unwrap(),
        vec![smile.clone()]
    );
    let got = s.get_post(&p.id).await.unwrap();
    assert_eq!((got.has_reactions, got.update_at), (true, 10));
    s.save_reaction(&reaction("bob", &p, "smile", 20), 2)
        .await
        .unwrap();
    s.save_reaction(&reaction("alice", &p, "heart", 30), 2)
        .await
        .unwrap();
    // A third distinct emoji is refused; more of an existing one is fine.
    let e = s
        .save_reaction(&reaction("carol", &p, "wave", 40), 2)
        .await
        .unwrap_err();
    assert!(e.is_conflict_on("too_many_reactions"), "{e:?}");
    s.save_reaction(&reaction("carol", &p, "heart", 41), 2)
        .await
        .unwrap();
    s.save_reaction(&reaction("alice", &q, "wave", 5), 2)
        .await
        .unwrap();
    let all = s
        .get_reactions(&[p.id.clone(), q.id.clone()])
        .await
        .unwrap();
    let seen: Vec<(&str, &str, i64)> = all
        .iter()
        .map(|r| (r.user_id.as_str(), r.emoji_name.as_str(), r.create_at))
        .collect();
    assert_eq!(
        seen,
        [
            ("alice", "wave", 5),
            ("alice", "smile", 10),
            ("bob", "smile", 20),
            ("alice", "heart", 30),
            ("carol", "heart", 41)
        ]
    );
    assert!(s.get_reactions(&[]).await.unwrap().is_empty());

    s.delete_reaction("alice", &p.id, "smile", 50)
        .await
        .unwrap();
    assert!(matches!(
        s.delete_reaction("alice", &p.id, "smile", 51).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_reaction("nobody", &p.id, "heart", 51).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.get_post(&p.id).await.unwrap().has_reactions);
    // Reviving a deleted reaction.
    s.save_reaction(&reaction("alice", &p, "smile", 60), 2)
        .await
        .unwrap();
    let revived = s.get_reactions(std::slice::from_ref(&p.id)).await.unwrap();
    let mine = revived
        .iter()
        .find(|r| r.user_id == "alice" && r.emoji_name == "smile")
        .unwrap();
    assert_eq!(
        (mine.create_at, mine.update_at, mine.delete_at),
        (60, 60, 0)
    );
    assert_eq!(revived.len(), 4);

    // Once the hearts are gone a new emoji fits again.
    s.delete_reaction("alice", &p.id, "heart", 70)
        .await
        .unwrap();
    s.delete_reaction("carol", &p.id, "heart", 71)
        .await
        .unwrap();
    s.save_reaction(&reaction("carol", &p, "wave", 72), 2)
        .await
        .unwrap();
    for (u, e) in [("alice", "smile"), ("bob", "smile"), ("carol", "wave")] {
        s.delete_reaction(u, &p.id, e, 80).await.unwrap();
    }
    let got = s.get_post(&p.id).await.unwrap();
    assert_eq!((got.has_reactions, got.update_at), (false, 80));
    assert!(s.get_post(&q.id).await.unwrap().has_reactions);
}

#[tokio::test]
async fn unread_state_and_flagged_posts() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "O"), &[&alice.id, &bob.id]).await;
    let p1 = post(&c.id, &alice.id, "", 100);
    let r1 = post(&c.id, &alice.id, &p1.id, 200);
    let p2 = post(&c.id, &alice.id, "", 300);
    let p3 = post(&c.id, &alice.id, "", 400);
    for p in [&p1, &r1, &p2, &p3] {
        s.save_post(p, &t.id).await.unwrap();
    }
    let mut edited = p1.clone();
    (edited.message, edited.edit_at, edited.update_at) = ("v2".to_owned(), 500, 500);
    s.update_post(&edited, Some(&p1)).await.unwrap();
    s.delete_post(&p2.id, 600).await.unwrap();

    // Counts include deleted posts (as the channel's totals do), never edit history.
    assert_eq!(
        s.count_channel_posts_before(&c.id, 300).await.unwrap(),
        (2, 1)
    );
    assert_eq!(
        s.count_channel_posts_before(&c.id, 401).await.unwrap(),
        (4, 3)
    );
    assert_eq!(
        s.count_channel_posts_before(&c.id, 100).await.unwrap(),
        (0, 0)
    );

    let ids = |ps: Vec<Post>| ps.into_iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(
        ids(s.get_channel_posts_from(&c.id, 200, 10).await.unwrap()),
        [r1.id.clone(), p3.id.clone()]
    );
    assert_eq!(
        ids(s.get_channel_posts_from(&c.id, 0, 2).await.unwrap()),
        [p1.id.clone(), r1.id.clone()]
    );
    assert_eq!(
        ids(s.get_channel_posts_until(&c.id, 300, 10).await.unwrap()),
        [r1.id.clone(), p1.id.clone()]
    );
    assert_eq!(
        ids(s.get_channel_posts_until(&c.id, 400, 1).await.unwrap()),
        vec![p3.id.clone()]
    );
    assert_eq!(
        s.get_channel_posts_from(&c.id, 0, 10).await.unwrap()[0].message,
        "v2"
    );

    let u = UnreadAt {
        last_viewed_at: 150,
        msg_count: 1,
        msg_count_root: 1,
        mention_count: 2,
        mention_count_root: 1,
    };
    s.set_member_unread(&c.id, &bob.id, &u, 700).await.unwrap();
    let m = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(
        UnreadAt {
            last_viewed_at: m.last_viewed_at,
            msg_count: m.msg_count,
            msg_count_root: m.msg_count_root,
            mention_count: m.mention_count,
            mention_count_root: m.mention_count_root,
        },
        u
    );
    assert_eq!(m.last_update_at, 700);
    assert!(matches!(
        s.set_member_unread(&c.id, "nobody", &u, 1).await,
        Err(StoreError::NotFound)
    ));

    let pref = |cat: &str, name: &str, value: &str| Preference {
        user_id: bob.id.clone(),
        category: cat.to_owned(),
        name: name.to_owned(),
        value: value.to_owned(),
    };
    s.save_preferences(&[
        pref("flagged_post", &p3.id, "true"),
        pref("flagged_post", &p1.id, "true"),
        pref("flagged_post", &p2.id, "false"),
        pref("other", &r1.id, "true"),
    ])
    .await
    .unwrap();
    let mut flagged = s.get_flagged_post_ids(&bob.id).await.unwrap();
    flagged.sort();
    let mut want = vec![p1.id.clone(), p3.id.clone()];
    want.sort();
    assert_eq!(flagged, want);
    assert!(s.get_flagged_post_ids(&alice.id).await.unwrap().is_empty());
}
