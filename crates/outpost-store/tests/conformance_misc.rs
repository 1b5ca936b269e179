//! Conformance of sidebar categories, preferences and statuses (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{is_pg, open};
use outpost_model::channel::SidebarCategory;
use outpost_model::misc::{Preference, Status};
use outpost_store::StoreError;

fn cat(id: &str, user: &str, kind: &str, sort_order: i64, channels: &[&str]) -> SidebarCategory {
    SidebarCategory {
        id: id.to_owned(),
        user_id: user.to_owned(),
        team_id: "team".to_owned(),
        sort_order,
        sorting: String::new(),
        category_type: kind.to_owned(),
        display_name: id.to_uppercase(),
        muted: false,
        collapsed: false,
        channel_ids: channels.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[tokio::test]
async fn sidebar_categories_save_update_order_delete() {
    let (s, _d) = open().await;
    let fav = cat("fav", "u", "favorites", 0, &[]);
    let chans = cat("chans", "u", "channels", 10, &["c1", "c2", "c3"]);
    let dms = cat("dms", "u", "direct_messages", 20, &["d1"]);
    let theirs = cat("theirs", "v", "channels", 0, &["c1"]);
    s.save_sidebar_categories(&[dms.clone(), fav.clone(), chans.clone(), theirs.clone()])
        .await
        .unwrap();
    assert_eq!(
        s.get_sidebar_categories("u", "team").await.unwrap(),
        [fav.clone(), chans.clone(), dms.clone()]
    );
    assert!(
        s.get_sidebar_categories("u", "other")
            .await
            .unwrap()
            .is_empty()
    );

    // Saving an existing id leaves it (and its channels) alone.
    let mut changed = chans.clone();
    changed.display_name = "Nope".to_owned();
    changed.channel_ids = vec!["c9".to_owned()];
    s.save_sidebar_categories(&[changed]).await.unwrap();
    assert_eq!(
        s.get_sidebar_categories("u", "team").await.unwrap()[1],
        chans
    );

    // Updating: fields and channel lists; a channel moved in leaves its old category.
    let mut fav2 = fav.clone();
    fav2.channel_ids = vec!["c2".to_owned()];
    fav2.muted = true;
    let mut chans2 = chans.clone();
    chans2.channel_ids = vec!["c3".to_owned(), "c1".to_owned()];
    chans2.display_name = "Renamed".to_owned();
    chans2.sorting = "alpha".to_owned();
    chans2.collapsed = true;
    chans2.sort_order = 99; // not written by an update
    s.update_sidebar_categories(&[fav2.clone(), chans2.clone()])
        .await
        .unwrap();
    chans2.sort_order = 10;
    assert_eq!(
        s.get_sidebar_categories("u", "team").await.unwrap(),
        [fav2.clone(), chans2.clone(), dms.clone()]
    );
    fav2.channel_ids = vec!["c2".to_owned(), "c1".to_owned()];
    s.update_sidebar_categories(std::slice::from_ref(&fav2))
        .await
        .unwrap();
    let got = s.get_sidebar_categories("u", "team").await.unwrap();
    assert_eq!(got[0].channel_ids, ["c2", "c1"]);
    assert_eq!(got[1].channel_ids, ["c3"]);
    // Other users are untouched.
    assert_eq!(
        s.get_sidebar_categories("v", "team").await.unwrap(),
        vec![theirs.clone()]
    );

    // All or nothing: an unknown (or someone else's) category fails the whole batch.
    let mut fav3 = fav2.clone();
    fav3.display_name = "Lost".to_owned();
    fav3.channel_ids.clear();
    let mut stolen = theirs.clone();
    stolen.user_id = "u".to_owned();
    for bad in [cat("ghost", "u", "custom", 0, &[]), stolen] {
        assert!(matches!(
            s.update_sidebar_categories(&[fav3.clone(), bad]).await,
            Err(StoreError::NotFound)
        ));
    }
    assert_eq!(s.get_sidebar_categories("u", "team").await.unwrap(), got);

    s.update_sidebar_category_order(
        "u",
        "team",
        &["dms".to_owned(), "fav".to_owned(), "chans".to_owned()],
    )
    .await
    .unwrap();
    let got = s.get_sidebar_categories("u", "team").await.unwrap();
    let order: Vec<(&str, i64)> = got.iter().map(|c| (c.id.as_str(), c.sort_order)).collect();
    assert_eq!(order, [("dms", 0), ("fav", 10), ("chans", 20)]);
    // Another user's category id in the list is ignored.
    s.update_sidebar_category_order("u", "team", &["theirs".to_owned()])
        .await
        .unwrap();
    assert_eq!(
        s.get_sidebar_categories("v", "team").await.unwrap()[0].sort_order,
        0
    );

    s.delete_sidebar_category("chans").await.unwrap();
    let got = s.get_sidebar_categories("u", "team").await.unwrap();
    assert_eq!(
        got.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["dms", "fav"]
    );
    assert!(matches!(
        s.delete_sidebar_category("chans").await,
        Err(StoreError::NotFound)
    ));
    // Its placements went with it: the channel can be placed again.
    s.save_sidebar_categories(&[cat("again", "u", "custom", 30, &["c3"])])
        .await
        .unwrap();
    let got = s.get_sidebar_categories("u", "team").await.unwrap();
    assert_eq!(got[2].channel_ids, ["c3"]);
}

fn pref(user: &str, category: &str, name: &str, value: &str) -> Preference {
    Preference {
        user_id: user.to_owned(),
        category: category.to_owned(),
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

#[tokio::test]
async fn preferences_upsert_get_delete() {
    let (s, _d) = open().await;
    s.save_preferences(&[
        pref("u", "b", "z", "3"),
        pref("u", "a", "y", "2"),
        pref("u", "a", "x", "1"),
        pref("v", "a", "x", "other"),
    ])
    .await
    .unwrap();
    assert_eq!(
        s.get_preferences("u").await.unwrap(),
        [
            pref("u", "a", "x", "1"),
            pref("u", "a", "y", "2"),
            pref("u", "b", "z", "3")
        ]
    );
    s.save_preferences(&[pref("u", "a", "x", "9"), pref("u", "a", "x", "10")])
        .await
        .unwrap();
    assert_eq!(
        s.get_preference("u", "a", "x").await.unwrap(),
        pref("u", "a", "x", "10")
    );
    assert_eq!(
        s.get_preference("v", "a", "x").await.unwrap().value,
        "other"
    );
    assert!(matches!(
        s.get_preference("u", "a", "missing").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.get_preferences_by_category("u", "a").await.unwrap(),
        [pref("u", "a", "x", "10"), pref("u", "a", "y", "2")]
    );
    assert!(
        s.get_preferences_by_category("u", "none")
            .await
            .unwrap()
            .is_empty()
    );
    s.save_preferences(&[]).await.unwrap();

    s.delete_preferences(
        "u",
        &[
            ("a".to_owned(), "x".to_owned()),
            ("missing".to_owned(), "m".to_owned()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        s.get_preferences("u").await.unwrap(),
        [pref("u", "a", "y", "2"), pref("u", "b", "z", "3")]
    );
    assert_eq!(s.get_preferences("v").await.unwrap().len(), 1);

    // All or nothing. Only PostgreSQL enforces the column width (varchar(32)), so a too-long
    // category fails the batch there; SQLite stores it.
    let long = "c".repeat(40);
    let r = s
        .save_preferences(&[pref("w", "a", "first", "1"), pref("w", &long, "n", "2")])
        .await;
    if is_pg(&s) {
        assert!(matches!(r, Err(StoreError::Db(_))), "{r:?}");
        assert!(s.get_preferences("w").await.unwrap().is_empty());
    } else {
        r.unwrap();
        assert_eq!(s.get_preferences("w").await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn statuses_round_trip() {
    let (s, _d) = open().await;
    assert_eq!(s.get_status("u").await.unwrap(), None);
    let away = Status {
        user_id: "u".to_owned(),
        status: "away".to_owned(),
        manual: true,
        last_activity_at: 5,
        dnd_end_time: 0,
        prev_status: "online".to_owned(),
    };
    s.save_status(&away).await.unwrap();
    assert_eq!(s.get_status("u").await.unwrap(), Some(away.clone()));
    let dnd = Status {
        status: "dnd".to_owned(),
        manual: false,
        last_activity_at: 9,
        dnd_end_time: 1234,
        prev_status: "away".to_owned(),
        ..away.clone()
    };
    s.save_status(&dnd).await.unwrap();
    assert_eq!(s.get_status("u").await.unwrap(), Some(dnd.clone()));
    let other = Status {
        user_id: "v".to_owned(),
        status: "offline".to_owned(),
        ..Status::default()
    };
    s.save_status(&other).await.unwrap();
    let mut got = s
        .get_statuses(&["v".to_owned(), "u".to_owned(), "nobody".to_owned()])
        .await
        .unwrap();
    got.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    assert_eq!(got, [dnd, other]);
    assert!(s.get_statuses(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn drafts_upsert_list_and_delete() {
    use common::{channel, channel_member, saved_team, saved_user};
    use outpost_model::draft::Draft;

    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let other = saved_team(&s, "o", &alice.id).await;
    let town = channel(&t.id, "town", "O");
    let left = channel(&t.id, "left", "O");
    let elsewhere = channel(&other.id, "elsewhere", "O");
    let dm = channel("", "dm", "D");
    s.save_channel(
        &town,
        &[
            channel_member(&town.id, &alice.id),
            channel_member(&town.id, &bob.id),
        ],
    )
    .await
    .unwrap();
    s.save_channel(&left, &[channel_member(&left.id, &bob.id)])
        .await
        .unwrap();
    s.save_channel(&elsewhere, &[channel_member(&elsewhere.id, &alice.id)])
        .await
        .unwrap();
    s.save_channel(&dm, &[channel_member(&dm.id, &alice.id)])
        .await
        .unwrap();
    let draft = |channel_id: &str, root_id: &str, message: &str, at: i64| Draft {
        create_at: at,
        update_at: at,
        user_id: alice.id.clone(),
        channel_id: channel_id.to_owned(),
        root_id: root_id.to_owned(),
        message: message.to_owned(),
        props: [("k".to_owned(), serde_json::json!([1, "two"]))].into(),
        file_ids: vec!["f1".to_owned(), "f2".to_owned()],
        priority: [("priority".to_owned(), serde_json::json!("urgent"))].into(),
        ..Draft::default()
    };

    let first = draft(&town.id, "", "one", 10);
    assert_eq!(s.upsert_draft(&first).await.unwrap(), first);
    // Replacing keeps the creation time and takes everything else.
    let mut second = draft(&town.id, "", "two", 20);
    second.props.clear();
    second.file_ids.clear();
    second.priority.clear();
    let stored = s.upsert_draft(&second).await.unwrap();
    assert_eq!(
        stored,
        Draft {
            create_at: 10,
            ..second.clone()
        }
    );
    assert_eq!(s.get_draft(&alice.id, &town.id, "").await.unwrap(), stored);
    assert!(matches!(
        s.get_draft(&alice.id, &town.id, "root").await,
        Err(StoreError::NotFound)
    ));

    s.upsert_draft(&draft(&town.id, "root", "reply", 30))
        .await
        .unwrap();
    s.upsert_draft(&draft(&dm.id, "", "direct", 40))
        .await
        .unwrap();
    s.upsert_draft(&draft(&elsewhere.id, "", "other team", 50))
        .await
        .unwrap();
    s.upsert_draft(&draft(&left.id, "", "not a member", 60))
        .await
        .unwrap();
    let listed: Vec<String> = s
        .get_drafts_for_user(&alice.id, &t.id)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(listed, ["direct", "reply", "two"]);
    assert!(
        s.get_drafts_for_user(&bob.id, &t.id)
            .await
            .unwrap()
            .is_empty()
    );

    let gone = s.delete_draft(&alice.id, &town.id, "").await.unwrap();
    assert_eq!(gone.map(|d| d.message).as_deref(), Some("two"));
    assert_eq!(s.delete_draft(&alice.id, &town.id, "").await.unwrap(), None);

    let mut bobs = draft(&town.id, "root", "bob's reply", 70);
    bobs.user_id = bob.id.clone();
    s.upsert_draft(&bobs).await.unwrap();
    s.delete_thread_drafts(&town.id, "root").await.unwrap();
    assert!(matches!(
        s.get_draft(&bob.id, &town.id, "root").await,
        Err(StoreError::NotFound)
    ));
    let listed = s.get_drafts_for_user(&alice.id, &t.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].message, "direct");
}
