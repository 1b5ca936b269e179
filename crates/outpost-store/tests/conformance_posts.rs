//! Conformance of posts: counters, reads, paging, edits, deletes, mentions (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, channel_member, ids, open, post, saved_channel, saved_team, saved_user};
use outpost_model::file::FileInfo;
use outpost_model::post::Post;
use outpost_model::user::StringMap;
use outpost_store::StoreError;
use outpost_store::posts::ChannelPosts;

fn file(id: &str, creator: &str, channel: &str) -> FileInfo {
    FileInfo {
        id: id.to_owned(),
        creator_id: creator.to_owned(),
        channel_id: channel.to_owned(),
        create_at: 1,
        update_at: 1,
        path: format!("x/{id}"),
        name: format!("{id}.txt"),
        extension: "txt".to_owned(),
        size: 1,
        ..FileInfo::default()
    }
}

fn post_ids(ps: &[Post]) -> Vec<String> {
    ids(ps, |p| &p.id)
}

fn idv(ps: &[&Post]) -> Vec<String> {
    ps.iter().map(|p| p.id.clone()).collect()
}

#[tokio::test]
async fn save_post_counters_and_reads() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = channel(&t.id, "c", "O");
    let mut bm = channel_member(&c.id, &bob.id);
    (bm.mention_count, bm.last_viewed_at) = (2, 5);
    s.save_channel(&c, &[channel_member(&c.id, &alice.id), bm])
        .await
        .unwrap();

    let mut root = post(&c.id, &alice.id, "", 1000);
    root.post_type = "custom_type".to_owned();
    root.props
        .insert("from_bot".into(), serde_json::json!("true"));
    root.hashtags = "#tag".to_owned();
    root.file_ids = vec!["f1".to_owned(), "f2".to_owned()];
    root.is_pinned = true;
    for f in &root.file_ids {
        s.save_file_info(&file(f, &alice.id, &c.id)).await.unwrap();
    }
    s.save_post(&root, &t.id).await.unwrap();
    assert_eq!(s.get_post(&root.id).await.unwrap(), root);
    let ch = s.get_channel(&c.id).await.unwrap();
    assert_eq!(
        (
            ch.last_post_at,
            ch.total_msg_count,
            ch.total_msg_count_root,
            ch.last_root_post_at
        ),
        (1000, 1, 1, 1000)
    );
    // The author has read their own post; others have not.
    let am = s.get_channel_member(&c.id, &alice.id).await.unwrap();
    assert_eq!(
        (am.last_viewed_at, am.msg_count, am.msg_count_root),
        (1000, 1, 1)
    );
    let bm = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(
        (bm.last_viewed_at, bm.msg_count, bm.mention_count),
        (5, 0, 2)
    );

    let reply = post(&c.id, &bob.id, &root.id, 2000);
    s.save_post(&reply, &t.id).await.unwrap();
    let ch = s.get_channel(&c.id).await.unwrap();
    assert_eq!(
        (
            ch.last_post_at,
            ch.total_msg_count,
            ch.total_msg_count_root,
            ch.last_root_post_at
        ),
        (2000, 2, 1, 1000)
    );
    let bm = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(
        (
            bm.last_viewed_at,
            bm.msg_count,
            bm.msg_count_root,
            bm.mention_count,
            bm.mention_count_root
        ),
        (2000, 2, 1, 0, 0)
    );
    // Root and replies carry the thread's counters.
    let got = s.get_post(&root.id).await.unwrap();
    assert_eq!((got.reply_count, got.last_reply_at), (1, 2000));
    let got = s.get_post(&reply.id).await.unwrap();
    assert_eq!((got.reply_count, got.last_reply_at), (1, 2000));
    assert_eq!(got.root_id, root.id);

    let reply2 = post(&c.id, &alice.id, &root.id, 3000);
    s.save_post(&reply2, &t.id).await.unwrap();
    let got = s.get_post(&root.id).await.unwrap();
    assert_eq!((got.reply_count, got.last_reply_at), (2, 3000));
    let am = s.get_channel_member(&c.id, &alice.id).await.unwrap();
    assert_eq!((am.msg_count, am.msg_count_root), (3, 1));
    assert_eq!(s.get_channel(&c.id).await.unwrap().last_post_at, 3000);

    // An older post (imported, clock skew) does not move last_post_at back.
    let late = post(&c.id, &alice.id, "", 500);
    s.save_post(&late, &t.id).await.unwrap();
    let ch = s.get_channel(&c.id).await.unwrap();
    assert_eq!(
        (
            ch.last_post_at,
            ch.last_root_post_at,
            ch.total_msg_count,
            ch.total_msg_count_root
        ),
        (3000, 1000, 4, 2)
    );

    let dup = s.save_post(&root, &t.id).await.unwrap_err();
    assert!(matches!(dup, StoreError::Conflict(_)), "{dup:?}");
    assert_eq!(s.get_channel(&c.id).await.unwrap().total_msg_count, 4);
    assert!(matches!(
        s.get_post("nope").await,
        Err(StoreError::NotFound)
    ));

    s.delete_post(&reply.id, 4000).await.unwrap();
    let many = s
        .get_posts_by_ids(&[
            late.id.clone(),
            root.id.clone(),
            reply.id.clone(),
            reply2.id.clone(),
            "missing".to_owned(),
        ])
        .await
        .unwrap();
    assert_eq!(post_ids(&many), idv(&[&reply2, &root, &late]));
    assert!(s.get_posts_by_ids(&[]).await.unwrap().is_empty());
    let thread = s.get_thread_posts(&root.id).await.unwrap();
    assert_eq!(post_ids(&thread), idv(&[&root, &reply2]));
}

#[tokio::test]
async fn channel_posts_in_every_paging_mode() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "O"), &[&alice.id]).await;
    let other = saved_channel(&s, channel(&t.id, "other", "O"), &[&alice.id]).await;
    let p1 = post(&c.id, &alice.id, "", 100);
    let p2 = post(&c.id, &alice.id, "", 200);
    let q1 = post(&c.id, &alice.id, &p1.id, 300);
    let p3 = post(&c.id, &alice.id, "", 400);
    let p4 = post(&c.id, &alice.id, "", 500);
    let p5 = post(&c.id, &alice.id, "", 700);
    for p in [&p1, &p2, &q1, &p3, &p4, &p5] {
        s.save_post(p, &t.id).await.unwrap();
    }
    s.save_post(&post(&other.id, &alice.id, "", 450), &t.id)
        .await
        .unwrap();
    s.delete_post(&p4.id, 600).await.unwrap();
    let mut p2v2 = p2.clone();
    p2v2.message = "edited".to_owned();
    (p2v2.edit_at, p2v2.update_at) = (800, 800);
    s.update_post(&p2v2, Some(&p2)).await.unwrap();

    let get = |mode: ChannelPosts, roots_only: bool, include_deleted: bool| {
        let s = s.clone();
        let cid = c.id.clone();
        async move {
            post_ids(
                &s.get_channel_posts(&cid, &mode, roots_only, include_deleted)
                    .await
                    .unwrap(),
            )
        }
    };
    let page = |offset, limit| ChannelPosts::Page { offset, limit };
    assert_eq!(
        get(page(0, 10), false, false).await,
        idv(&[&p5, &p3, &q1, &p2, &p1])
    );
    assert_eq!(get(page(1, 2), false, false).await, idv(&[&p3, &q1]));
    assert_eq!(
        get(page(0, 10), true, false).await,
        idv(&[&p5, &p3, &p2, &p1])
    );
    assert_eq!(
        get(page(0, 10), false, true).await,
        idv(&[&p5, &p4, &p3, &q1, &p2, &p1])
    );
    assert_eq!(
        get(page(0, 10), true, true).await,
        idv(&[&p5, &p4, &p3, &p2, &p1])
    );
    let edited = s
        .get_channel_posts(&c.id, &page(0, 10), false, false)
        .await
        .unwrap();
    assert_eq!(edited[3].message, "edited");

    // Since: anything created, edited or deleted later, deleted ones included regardless.
    let since = |t| ChannelPosts::Since { since: t };
    assert_eq!(get(since(450), false, false).await, idv(&[&p5, &p4, &p2]));
    assert_eq!(get(since(650), true, false).await, idv(&[&p5, &p2]));
    assert!(get(since(800), false, true).await.is_empty());
    let q2 = post(&c.id, &alice.id, &p1.id, 900);
    s.save_post(&q2, &t.id).await.unwrap();
    assert_eq!(get(since(800), false, false).await, idv(&[&q2]));
    assert!(get(since(800), true, false).await.is_empty());

    let before = |id: &str, offset, limit| ChannelPosts::Before {
        post_id: id.to_owned(),
        offset,
        limit,
    };
    assert_eq!(
        get(before(&p3.id, 0, 10), false, false).await,
        idv(&[&q1, &p2, &p1])
    );
    assert_eq!(
        get(before(&p3.id, 0, 10), true, false).await,
        idv(&[&p2, &p1])
    );
    assert_eq!(get(before(&p3.id, 1, 1), false, false).await, idv(&[&p2]));
    assert_eq!(
        get(before(&p5.id, 0, 2), false, false).await,
        idv(&[&p3, &q1])
    );
    assert_eq!(
        get(before(&p5.id, 0, 2), false, true).await,
        idv(&[&p4, &p3])
    );
    assert!(get(before("missing", 0, 10), false, false).await.is_empty());

    let after = |id: &str, offset, limit| ChannelPosts::After {
        post_id: id.to_owned(),
        offset,
        limit,
    };
    assert_eq!(
        get(after(&p2.id, 0, 10), false, false).await,
        idv(&[&q1, &p3, &p5, &q2])
    );
    assert_eq!(
        get(after(&p2.id, 0, 10), true, true).await,
        idv(&[&p3, &p4, &p5])
    );
    assert_eq!(get(after(&p2.id, 1, 1), false, false).await, idv(&[&p3]));
    assert!(get(after(&q2.id, 0, 10), false, false).await.is_empty());
    assert!(get(after("missing", 0, 10), false, false).await.is_empty());
}

#[tokio::test]
async fn pins_edits_and_deletes() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "P"), &[&alice.id]).await;
    let root = post(&c.id, &alice.id, "", 100);
    let r1 = post(&c.id, &alice.id, &root.id, 200);
    let r2 = post(&c.id, &alice.id, &root.id, 300);
    let other = post(&c.id, &alice.id, "", 400);
    for p in [&root, &r1, &r2, &other] {
        s.save_post(p, &t.id).await.unwrap();
    }

    // Pins.
    s.set_post_pinned(&root.id, true, 500).await.unwrap();
    s.set_post_pinned(&other.id, true, 510).await.unwrap();
    let got = s.get_post(&root.id).await.unwrap();
    assert_eq!((got.is_pinned, got.update_at), (true, 500));
    assert_eq!(
        post_ids(&s.get_pinned_posts(&c.id).await.unwrap()),
        idv(&[&other, &root])
    );
    s.set_post_pinned(&other.id, false, 520).await.unwrap();
    assert_eq!(
        post_ids(&s.get_pinned_posts(&c.id).await.unwrap()),
        idv(&[&root])
    );
    assert!(matches!(
        s.set_post_pinned("missing", true, 1).await,
        Err(StoreError::NotFound)
    ));

    // Edits keep the previous versions, newest first.
    let v1 = s.get_post(&other.id).await.unwrap();
    let mut v2 = v1.clone();
    v2.message = "v2".to_owned();
    v2.props.insert("k".into(), serde_json::json!(1));
    v2.file_ids = vec!["f".to_owned()];
    v2.hashtags = "#v2".to_owned();
    v2.has_reactions = true;
    (v2.edit_at, v2.update_at) = (600, 600);
    s.update_post(&v2, Some(&v1)).await.unwrap();
    assert_eq!(s.get_post(&other.id).await.unwrap(), v2);
    let mut v3 = v2.clone();
    v3.message = "v3".to_owned();
    (v3.edit_at, v3.update_at) = (700, 700);
    s.update_post(&v3, Some(&v2)).await.unwrap();
    let history = s.get_edit_history(&other.id).await.unwrap();
    let msgs: Vec<(&str, i64, i64, &str)> = history
        .iter()
        .map(|p| {
            (
                p.message.as_str(),
                p.edit_at,
                p.delete_at,
                p.original_id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        msgs,
        [
            ("v2", 600, 700, other.id.as_str()),
            ("message at 400", 0, 600, other.id.as_str())
        ]
    );
    assert!(history.iter().all(|p| p.id != other.id && !p.is_pinned));
    assert_eq!(history[0].file_ids, ["f"]);
    assert_eq!(history[0].create_at, 400);
    // Without a previous version nothing is kept.
    let mut v4 = v3.clone();
    v4.message = "v4".to_owned();
    s.update_post(&v4, None).await.unwrap();
    assert_eq!(s.get_edit_history(&other.id).await.unwrap().len(), 2);
    assert!(s.get_edit_history(&root.id).await.unwrap().is_empty());
    let mut ghost = v4.clone();
    ghost.id = "missing".to_owned();
    assert!(matches!(
        s.update_post(&ghost, None).await,
        Err(StoreError::NotFound)
    ));

    // Deleting a reply recounts the thread; deleting the root takes the replies with it.
    s.delete_post(&r1.id, 800).await.unwrap();
    let got = s.get_post(&root.id).await.unwrap();
    assert_eq!(got.reply_count, 1);
    assert_eq!(s.get_post(&r1.id).await.unwrap().delete_at, 800);
    assert!(matches!(
        s.delete_post(&r1.id, 801).await,
        Err(StoreError::NotFound)
    ));
    s.delete_post(&root.id, 900).await.unwrap();
    for p in [&root, &r2] {
        let got = s.get_post(&p.id).await.unwrap();
        assert_eq!((got.delete_at, got.update_at), (900, 900));
    }
    assert_eq!(s.get_post(&r1.id).await.unwrap().delete_at, 800);
    assert!(s.get_thread_posts(&root.id).await.unwrap().is_empty());
    assert!(s.get_pinned_posts(&c.id).await.unwrap().is_empty());
    let mut late_edit = root.clone();
    late_edit.message = "too late".to_owned();
    assert!(matches!(
        s.update_post(&late_edit, None).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_post_pinned(&root.id, true, 1).await,
        Err(StoreError::NotFound)
    ));
    // Deletes do not rewind the channel's counters.
    assert_eq!(s.get_channel(&c.id).await.unwrap().total_msg_count, 4);

    let pc = s.get_post_channel(&c.id).await.unwrap();
    assert_eq!(
        (
            pc.team_id.as_str(),
            pc.channel_type.as_str(),
            pc.name.as_str(),
            pc.display_name.as_str(),
            pc.delete_at
        ),
        (t.id.as_str(), "P", "c", "C", 0)
    );
    assert!(matches!(
        s.get_post_channel("missing").await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn mention_members_and_increments() {
    let (s, _d) = open().await;
    let mut alice = common::user("alice");
    alice
        .notify_props
        .insert("mention_keys".into(), "ally".into());
    s.save_user(&alice).await.unwrap();
    let bob = saved_user(&s, "bob").await;
    let mut gone = common::user("gone");
    gone.delete_at = 1;
    s.save_user(&gone).await.unwrap();
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(
        &s,
        channel(&t.id, "c", "O"),
        &[&alice.id, &bob.id, &gone.id],
    )
    .await;
    saved_channel(&s, channel(&t.id, "d", "O"), &[&alice.id]).await;

    let mut members = s.get_mention_members(&c.id).await.unwrap();
    members.sort_by(|a, b| a.username.cmp(&b.username));
    let got: Vec<(&str, &str, &str)> = members
        .iter()
        .map(|m| {
            (
                m.user_id.as_str(),
                m.username.as_str(),
                m.first_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (alice.id.as_str(), "alice", "ALICE"),
            (bob.id.as_str(), "bob", "BOB")
        ]
    );
    let user_props: StringMap = serde_json::from_str(&members[0].user_notify_props).unwrap();
    assert_eq!(user_props, alice.notify_props);
    let channel_props: StringMap = serde_json::from_str(&members[1].channel_notify_props).unwrap();
    assert_eq!(channel_props, channel_member(&c.id, &bob.id).notify_props);

    s.increment_mentions(&c.id, &[bob.id.clone(), "nobody".to_owned()], true, 55)
        .await
        .unwrap();
    s.increment_mentions(&c.id, &[bob.id.clone(), alice.id.clone()], false, 56)
        .await
        .unwrap();
    s.increment_mentions(&c.id, &[], true, 57).await.unwrap();
    let bm = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(
        (bm.mention_count, bm.mention_count_root, bm.last_update_at),
        (2, 1, 56)
    );
    let am = s.get_channel_member(&c.id, &alice.id).await.unwrap();
    assert_eq!((am.mention_count, am.mention_count_root), (1, 0));
}

#[tokio::test]
async fn equal_timestamps_order_by_id_everywhere() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "O"), &[&alice.id]).await;
    let root = post(&c.id, &alice.id, "", 10);
    s.save_post(&root, &t.id).await.unwrap();
    let mut same: Vec<Post> = (0..4).map(|_| post(&c.id, &alice.id, "", 100)).collect();
    for p in &mut same[..2] {
        p.root_id = root.id.clone();
    }
    for p in &mut same {
        p.is_pinned = true;
        s.save_post(p, &t.id).await.unwrap();
    }
    let mut asc: Vec<String> = same.iter().map(|p| p.id.clone()).collect();
    asc.sort();
    let desc: Vec<String> = asc.iter().rev().cloned().collect();

    let page = ChannelPosts::Page {
        offset: 0,
        limit: 10,
    };
    let newest = s
        .get_channel_posts(&c.id, &page, false, false)
        .await
        .unwrap();
    assert_eq!(post_ids(&newest[..4]), desc);
    assert_eq!(post_ids(&s.get_posts_by_ids(&asc).await.unwrap()), desc);
    assert_eq!(post_ids(&s.get_pinned_posts(&c.id).await.unwrap()), desc);
    let from = s.get_channel_posts_from(&c.id, 100, 2).await.unwrap();
    assert_eq!(post_ids(&from), asc[..2]);
    let until = s.get_channel_posts_until(&c.id, 100, 2).await.unwrap();
    assert_eq!(post_ids(&until), desc[..2]);
    // Paging from a post created in the same millisecond as others: the ties on the far side of
    // the cursor (by id) are on the next page, not skipped.
    let before = ChannelPosts::Before {
        post_id: desc[1].clone(),
        offset: 0,
        limit: 10,
    };
    let older = s
        .get_channel_posts(&c.id, &before, false, false)
        .await
        .unwrap();
    assert_eq!(
        post_ids(&older),
        [&desc[2..], std::slice::from_ref(&root.id)].concat()
    );
    let after = ChannelPosts::After {
        post_id: asc[1].clone(),
        offset: 0,
        limit: 10,
    };
    let newer = s
        .get_channel_posts(&c.id, &after, false, false)
        .await
        .unwrap();
    assert_eq!(post_ids(&newer), asc[2..]);
    let mut replies: Vec<String> = same[..2].iter().map(|p| p.id.clone()).collect();
    replies.sort();
    let thread = s.get_thread_posts(&root.id).await.unwrap();
    assert_eq!(post_ids(&thread[1..]), replies);
    let times = s.get_thread_reply_times(&root.id, 0).await.unwrap();
    assert_eq!(
        times.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
        replies
    );
}

#[tokio::test]
async fn files_attach_once_to_their_own_channel_and_go_with_the_post() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "c", "O"), &[&alice.id, &bob.id]).await;
    let other = saved_channel(&s, channel(&t.id, "o", "O"), &[&alice.id]).await;
    let mut mine = file("mine", &alice.id, &c.id);
    mine.width = 4;
    mine.height = 3;
    mine.has_preview_image = true;
    mine.mini_preview = Some(vec![1, 2, 3]);
    s.save_file_info(&mine).await.unwrap();
    s.save_file_info(&file("bobs", &bob.id, &c.id))
        .await
        .unwrap();
    s.save_file_info(&file("elsewhere", &alice.id, &other.id))
        .await
        .unwrap();
    let got = s.get_file_info("mine").await.unwrap();
    assert_eq!(got.mini_preview, Some(vec![1, 2, 3]));
    assert_eq!((got.width, got.height, got.has_preview_image), (4, 3, true));
    assert!(got.post_id.is_empty());

    // Someone else's file, or one uploaded to another channel: nothing of the post is stored.
    for bad in ["bobs", "elsewhere"] {
        let mut p = post(&c.id, &alice.id, "x", 10);
        p.file_ids = vec!["mine".to_owned(), bad.to_owned()];
        assert!(matches!(
            s.save_post(&p, &t.id).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(s.get_post(&p.id).await, Err(StoreError::NotFound)));
        assert!(s.get_file_info("mine").await.unwrap().post_id.is_empty());
    }
    let mut p = post(&c.id, &alice.id, "x", 10);
    p.file_ids = vec!["mine".to_owned()];
    s.save_post(&p, &t.id).await.unwrap();
    assert_eq!(s.get_file_info("mine").await.unwrap().post_id, p.id);
    // Attached once only.
    let mut again = post(&c.id, &alice.id, "y", 11);
    again.file_ids = vec!["mine".to_owned()];
    assert!(matches!(
        s.save_post(&again, &t.id).await,
        Err(StoreError::Conflict(_))
    ));
    let infos = s.get_file_infos_for_posts(&[p.id.clone()]).await.unwrap();
    assert_eq!(infos.len(), 1);

    // Name search over attached files of the given channels.
    let found = s
        .search_files(&outpost_store::files::FileSearch {
            channel_ids: vec![c.id.clone()],
            terms: vec!["MIN".to_owned()],
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let none = s
        .search_files(&outpost_store::files::FileSearch {
            channel_ids: vec![other.id.clone()],
            terms: vec!["min".to_owned()],
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(none.is_empty());

    // Deleting the post deletes its files.
    s.delete_post(&p.id, 20).await.unwrap();
    assert_eq!(s.get_file_info("mine").await.unwrap().delete_at, 20);
    assert!(
        s.get_file_infos_for_posts(&[p.id.clone()])
            .await
            .unwrap()
            .is_empty()
    );
}

/// Many root posts at once into one channel share commits (SQLite's writer thread, PostgreSQL's
/// batches): each is stored once, the channel counts each, and one that fails (its id is taken)
/// fails alone, as a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_new_posts_share_commits_and_fail_alone() {
    use outpost_store::posts::NewPost;
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let c = channel(&t.id, "c", "O");
    s.save_channel(&c, &[channel_member(&c.id, &alice.id)])
        .await
        .unwrap();
    let first = post(&c.id, &alice.id, "", 1);
    s.save_new_post(&first, &t.id, &NewPost::default())
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..60_i64 {
        let (s, team) = (s.clone(), t.id.clone());
        let mut p = post(&c.id, &alice.id, "", 10 + i);
        if i == 30 {
            p.id = first.id.clone();
        }
        tasks.push(tokio::spawn(async move {
            s.save_new_post(&p, &team, &NewPost::default())
                .await
                .map(|_| p.id)
        }));
    }
    let mut stored = Vec::new();
    let mut conflicts = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(id) => stored.push(id),
            Err(e) => {
                assert!(e.is_conflict_on("posts"), "{e}");
                conflicts += 1;
            }
        }
    }
    assert_eq!((stored.len(), conflicts), (59, 1));
    let ch = s.get_channel(&c.id).await.unwrap();
    assert_eq!((ch.total_msg_count, ch.last_post_at), (60, 69));
    for id in &stored {
        assert_eq!(s.get_post(id).await.unwrap().channel_id, c.id);
    }
    assert_eq!(s.get_post(&first.id).await.unwrap().create_at, 1);
}
