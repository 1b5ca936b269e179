//! Conformance of channels and channel memberships (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, channel_member, ids, open, saved_channel, saved_team, saved_user, user};
use outpost_model::channel::{Channel, ChannelStats, SidebarCategory};
use outpost_model::user::StringMap;
use outpost_store::StoreError;
use outpost_store::channels::{ChannelListKind, UserChannelsQuery};

fn names(cs: &[Channel]) -> Vec<String> {
    cs.iter().map(|c| c.name.clone()).collect()
}

#[tokio::test]
async fn save_channel_with_members_and_lookups() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let mut town = channel(&t.id, "town", "O");
    (town.total_msg_count, town.total_msg_count_root) = (3, 2);
    (town.last_post_at, town.last_root_post_at) = (99, 98);
    town.default_category_name = "Work".to_owned();
    town.auto_translation = true;
    let mut admin = channel_member(&town.id, &alice.id);
    admin.scheme_admin = true;
    admin.explicit_roles = "channel_extra".to_owned();
    admin.last_viewed_at = 7;
    s.save_channel(&town, &[admin.clone(), channel_member(&town.id, &bob.id)])
        .await
        .unwrap();
    assert_eq!(s.get_channel(&town.id).await.unwrap(), town);
    let got = s.get_channel_member(&town.id, &alice.id).await.unwrap();
    assert_eq!(got.roles, "channel_extra channel_user channel_admin");
    assert_eq!(
        got,
        outpost_model::channel::ChannelMember {
            roles: got.roles.clone(),
            ..admin
        }
    );
    assert!(matches!(
        s.get_channel("nope").await,
        Err(StoreError::NotFound)
    ));

    // The same name in the same team is a conflict, and the members are not written either.
    let dup = channel(&t.id, "town", "P");
    let e = s
        .save_channel(&dup, &[channel_member(&dup.id, &bob.id)])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert!(matches!(
        s.get_channel(&dup.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_channel_member(&dup.id, &bob.id).await,
        Err(StoreError::NotFound)
    ));
    // ...but the same name in another team is fine.
    let t2 = saved_team(&s, "t2", &alice.id).await;
    let other = saved_channel(&s, channel(&t2.id, "town", "O"), &[]).await;

    let mut old = channel(&t.id, "old", "O");
    old.delete_at = 9;
    let old = saved_channel(&s, old, &[]).await;
    assert!(matches!(
        s.get_channel_by_name(&t.id, "old", false).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.get_channel_by_name(&t.id, "old", true).await.unwrap().id,
        old.id
    );
    assert_eq!(
        s.get_channel_by_name(&t2.id, "town", false)
            .await
            .unwrap()
            .id,
        other.id
    );
    let mut dm = channel("", &format!("{}__{}", alice.id, bob.id), "D");
    dm.display_name.clear();
    let dm = saved_channel(&s, dm, &[&alice.id, &bob.id]).await;
    assert_eq!(
        s.get_channel_by_name("", &dm.name, false).await.unwrap(),
        dm
    );

    let by_ids = s
        .get_team_channels_by_ids(
            &t.id,
            &[
                town.id.clone(),
                old.id.clone(),
                "missing".to_owned(),
                dm.id.clone(),
                other.id.clone(),
            ],
        )
        .await
        .unwrap();
    assert_eq!(names(&by_ids), ["old", "town"]);
    assert!(
        s.get_team_channels_by_ids(&t.id, &[])
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn team_channel_lists_and_search() {
    let (s, _d) = open().await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &bob.id).await;
    let mut alpha = channel(&t.id, "alpha", "O");
    alpha.purpose = "Deploy notes".to_owned();
    saved_channel(&s, alpha, &[]).await;
    saved_channel(&s, channel(&t.id, "beta", "O"), &[]).await;
    saved_channel(&s, channel(&t.id, "gamma", "P"), &[]).await;
    saved_channel(&s, channel(&t.id, "snake_case", "O"), &[]).await;
    saved_channel(&s, channel(&t.id, "snakexcase", "O"), &[]).await;
    let mut pct = channel(&t.id, "pct", "O");
    pct.display_name = "100% done".to_owned();
    saved_channel(&s, pct, &[]).await;
    for (name, kind, member) in [
        ("delta", "O", false),
        ("epsilon", "P", true),
        ("zeta", "P", false),
    ] {
        let mut c = channel(&t.id, name, kind);
        c.delete_at = 5;
        let members: &[&str] = if member { &[&bob.id] } else { &[] };
        saved_channel(&s, c, members).await;
    }
    let other = saved_team(&s, "other", &bob.id).await;
    saved_channel(&s, channel(&other.id, "aardvark", "O"), &[]).await;

    let list = |kind: ChannelListKind, offset, limit| {
        let s = s.clone();
        let tid = t.id.clone();
        async move {
            names(
                &s.get_team_channels(&tid, &kind, offset, limit)
                    .await
                    .unwrap(),
            )
        }
    };
    assert_eq!(
        list(ChannelListKind::Public, 0, 10).await,
        ["pct", "alpha", "beta", "snake_case", "snakexcase"]
    );
    assert_eq!(list(ChannelListKind::Public, 1, 2).await, ["alpha", "beta"]);
    assert_eq!(list(ChannelListKind::Private, 0, 10).await, ["gamma"]);
    let deleted = ChannelListKind::Deleted {
        user_id: bob.id.clone(),
    };
    assert_eq!(list(deleted, 0, 10).await, ["delta", "epsilon"]);
    let stranger = ChannelListKind::Deleted {
        user_id: "x".to_owned(),
    };
    assert_eq!(list(stranger, 0, 10).await, ["delta"]);

    let search = |term: &'static str, limit| {
        let s = s.clone();
        let tid = t.id.clone();
        async move { names(&s.search_team_channels(&tid, term, limit).await.unwrap()) }
    };
    assert_eq!(search("ALP", 10).await, ["alpha"]);
    assert_eq!(search("deploy", 10).await, ["alpha"]);
    assert_eq!(search("purpose of b", 10).await, ["beta"]);
    assert!(search("gam", 10).await.is_empty(), "private");
    assert!(search("delta", 10).await.is_empty(), "archived");
    assert!(search("aard", 10).await.is_empty(), "other team");
    assert_eq!(search("e_c", 10).await, ["snake_case"]);
    assert_eq!(search("0%", 10).await, ["pct"]);
    assert_eq!(search("snake", 1).await, ["snake_case"]);
    assert_eq!(search("", 2).await, ["pct", "alpha"]);
    let mut accented = channel(&t.id, "equipe", "O");
    accented.display_name = "Équipe Ünïcode".to_owned();
    saved_channel(&s, accented, &[]).await;
    assert_eq!(search("équipe", 10).await, ["equipe"]);
    assert_eq!(search("ÜNÏ", 10).await, ["equipe"]);
}

#[tokio::test]
async fn channels_for_user_with_deleted_filters() {
    let (s, _d) = open().await;
    let bob = saved_user(&s, "bob").await;
    let t1 = saved_team(&s, "t1", &bob.id).await;
    let t2 = saved_team(&s, "t2", &bob.id).await;
    saved_channel(&s, channel(&t1.id, "alpha", "O"), &[&bob.id]).await;
    saved_channel(&s, channel(&t1.id, "notmine", "O"), &[]).await;
    for (name, at) in [("recent", 100), ("ancient", 50)] {
        let mut c = channel(&t1.id, name, "P");
        c.delete_at = at;
        saved_channel(&s, c, &[&bob.id]).await;
    }
    let mut dm = channel("", "bob__bob", "D");
    dm.display_name.clear();
    saved_channel(&s, dm, &[&bob.id]).await;
    saved_channel(&s, channel(&t2.id, "beyond", "O"), &[&bob.id]).await;

    let get = |team: Option<&str>, include_deleted, last_delete_at| {
        let s = s.clone();
        let q = UserChannelsQuery {
            user_id: bob.id.clone(),
            team_id: team.map(str::to_owned),
            include_deleted,
            last_delete_at,
        };
        async move { names(&s.get_channels_for_user(&q).await.unwrap()) }
    };
    assert_eq!(get(Some(&t1.id), false, 0).await, ["bob__bob", "alpha"]);
    assert_eq!(
        get(Some(&t1.id), true, 0).await,
        ["bob__bob", "alpha", "ancient", "recent"]
    );
    assert_eq!(
        get(Some(&t1.id), true, 60).await,
        ["bob__bob", "alpha", "recent"]
    );
    assert_eq!(
        get(Some(&t1.id), true, 100).await,
        ["bob__bob", "alpha", "recent"]
    );
    assert_eq!(get(Some(&t1.id), false, 60).await, ["bob__bob", "alpha"]);
    assert_eq!(get(None, false, 0).await, ["bob__bob", "alpha", "beyond"]);
    assert!(
        s.get_channels_for_user(&UserChannelsQuery {
            user_id: "nobody".to_owned(),
            ..UserChannelsQuery::default()
        })
        .await
        .unwrap()
        .is_empty()
    );
}

#[tokio::test]
async fn update_stats_timezones_and_permanent_delete() {
    let (s, _d) = open().await;
    let mut alice = user("alice");
    alice
        .timezone
        .insert("manualTimezone".into(), "Europe/Paris".into());
    s.save_user(&alice).await.unwrap();
    let guest = saved_user(&s, "guest").await;
    let mut gone = user("gone");
    gone.delete_at = 3;
    s.save_user(&gone).await.unwrap();
    let t = saved_team(&s, "t", &alice.id).await;
    let mut c = channel(&t.id, "c", "O");
    let mut gm = channel_member(&c.id, &guest.id);
    (gm.scheme_guest, gm.scheme_user) = (true, false);
    s.save_channel(
        &c,
        &[
            channel_member(&c.id, &alice.id),
            gm,
            channel_member(&c.id, &gone.id),
        ],
    )
    .await
    .unwrap();
    saved_channel(&s, channel(&t.id, "taken", "O"), &[]).await;

    c.display_name = "Renamed".to_owned();
    c.name = "renamed".to_owned();
    c.header = "h".to_owned();
    c.purpose = "p".to_owned();
    c.channel_type = "P".to_owned();
    c.group_constrained = Some(true);
    c.default_category_name = "Cat".to_owned();
    c.auto_translation = true;
    (c.update_at, c.delete_at) = (44, 45);
    s.update_channel(&c).await.unwrap();
    assert_eq!(s.get_channel(&c.id).await.unwrap(), c);
    let mut clash = c.clone();
    clash.name = "taken".to_owned();
    assert!(matches!(
        s.update_channel(&clash).await,
        Err(StoreError::Conflict(_))
    ));
    let ghost = channel(&t.id, "ghost", "O");
    assert!(matches!(
        s.update_channel(&ghost).await,
        Err(StoreError::NotFound)
    ));

    assert_eq!(
        s.get_channel_stats(&c.id).await.unwrap(),
        ChannelStats {
            channel_id: c.id.clone(),
            member_count: 2,
            guest_count: 1,
            pinnedpost_count: 0,
            files_count: 0,
        }
    );
    let mut zones: Vec<StringMap> = s
        .get_channel_member_timezones(&c.id)
        .await
        .unwrap()
        .iter()
        .map(|z| serde_json::from_str(z).unwrap())
        .collect();
    zones.sort_by_key(|z| z.len());
    assert_eq!(zones, [guest.timezone.clone(), alice.timezone.clone()]);

    s.save_sidebar_categories(&[SidebarCategory {
        id: "cat".to_owned(),
        user_id: alice.id.clone(),
        team_id: t.id.clone(),
        channel_ids: vec![c.id.clone()],
        ..SidebarCategory::default()
    }])
    .await
    .unwrap();
    s.permanent_delete_channel(&c.id).await.unwrap();
    assert!(matches!(
        s.get_channel(&c.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.get_channel_members(&c.id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let cats = s.get_sidebar_categories(&alice.id, &t.id).await.unwrap();
    assert!(cats[0].channel_ids.is_empty());
    assert_eq!(s.get_channel_stats(&c.id).await.unwrap().member_count, 0);
}

#[tokio::test]
async fn channel_members_crud_and_viewing() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let t2 = saved_team(&s, "t2", &alice.id).await;
    let mut c = channel(&t.id, "c", "O");
    (c.total_msg_count, c.total_msg_count_root) = (7, 4);
    let c = saved_channel(&s, c, &[&alice.id]).await;
    let elsewhere = saved_channel(&s, channel(&t2.id, "e", "O"), &[&bob.id]).await;
    let mut dm = channel("", "dm", "D");
    dm.display_name.clear();
    let dm = saved_channel(&s, dm, &[&bob.id]).await;

    // Existing memberships are kept as they are.
    let mut again = channel_member(&c.id, &alice.id);
    again.scheme_admin = true;
    let mut bm = channel_member(&c.id, &bob.id);
    (bm.msg_count, bm.mention_count, bm.mention_count_root) = (1, 3, 2);
    bm.urgent_mention_count = 1;
    s.save_channel_members(&[again, bm]).await.unwrap();
    assert!(
        !s.get_channel_member(&c.id, &alice.id)
            .await
            .unwrap()
            .scheme_admin
    );
    let mut sorted = vec![alice.id.clone(), bob.id.clone()];
    sorted.sort();
    let all = s.get_channel_members(&c.id, 0, 10).await.unwrap();
    assert_eq!(ids(&all, |m| &m.user_id), sorted);
    let page = s.get_channel_members(&c.id, 1, 5).await.unwrap();
    assert_eq!(ids(&page, |m| &m.user_id), vec![sorted[1].clone()]);
    let by = s
        .get_channel_members_by_ids(&c.id, &[bob.id.clone(), "nobody".to_owned()])
        .await
        .unwrap();
    assert_eq!(ids(&by, |m| &m.user_id), vec![bob.id.clone()]);
    assert!(
        s.get_channel_members_by_ids(&c.id, &[])
            .await
            .unwrap()
            .is_empty()
    );

    let sorted_ids = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let in_team = s
        .get_channel_members_for_user(&bob.id, Some(&t.id))
        .await
        .unwrap();
    assert_eq!(
        ids(&in_team, |m| &m.channel_id),
        sorted_ids(vec![c.id.clone(), dm.id.clone()])
    );
    let everywhere = s.get_channel_members_for_user(&bob.id, None).await.unwrap();
    assert_eq!(
        ids(&everywhere, |m| &m.channel_id),
        sorted_ids(vec![c.id.clone(), dm.id.clone(), elsewhere.id.clone()])
    );

    // Roles and notify props.
    let mut m = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    m.explicit_roles = "channel_foo".to_owned();
    m.scheme_admin = true;
    s.update_channel_member_roles(&m, 77).await.unwrap();
    let got = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(got.roles, "channel_foo channel_user channel_admin");
    assert_eq!(got.last_update_at, 77);
    let mut stranger = m.clone();
    stranger.user_id = "nobody".to_owned();
    assert!(matches!(
        s.update_channel_member_roles(&stranger, 1).await,
        Err(StoreError::NotFound)
    ));
    let mut props = StringMap::new();
    props.insert("desktop".into(), "mention".into());
    props.insert("mark_unread".into(), "mention".into());
    s.update_channel_member_notify_props(&c.id, &bob.id, &props, 78)
        .await
        .unwrap();
    let got = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!((got.notify_props, got.last_update_at), (props.clone(), 78));
    assert!(matches!(
        s.update_channel_member_notify_props(&c.id, "nobody", &props, 1)
            .await,
        Err(StoreError::NotFound)
    ));

    // Viewing catches the counts up with the channel and clears mentions.
    let viewed = s
        .view_channels(
            &bob.id,
            &[c.id.clone(), elsewhere.id.clone(), "missing".to_owned()],
            99,
        )
        .await
        .unwrap();
    let mut want = std::collections::BTreeMap::new();
    want.insert(c.id.clone(), 99);
    want.insert(elsewhere.id.clone(), 99);
    assert_eq!(viewed, want);
    let got = s.get_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(
        (
            got.last_viewed_at,
            got.last_update_at,
            got.msg_count,
            got.msg_count_root,
            got.mention_count,
            got.mention_count_root,
            got.urgent_mention_count
        ),
        (99, 99, 7, 4, 0, 0, 0)
    );
    let not_member = s
        .view_channels(&alice.id, std::slice::from_ref(&elsewhere.id), 5)
        .await
        .unwrap();
    assert!(not_member.is_empty());

    // Removing a member drops their sidebar placement too.
    s.save_sidebar_categories(&[SidebarCategory {
        id: "cat".to_owned(),
        user_id: bob.id.clone(),
        team_id: t.id.clone(),
        channel_ids: vec![c.id.clone(), dm.id.clone()],
        ..SidebarCategory::default()
    }])
    .await
    .unwrap();
    s.delete_channel_member(&c.id, &bob.id).await.unwrap();
    assert!(matches!(
        s.get_channel_member(&c.id, &bob.id).await,
        Err(StoreError::NotFound)
    ));
    let cats = s.get_sidebar_categories(&bob.id, &t.id).await.unwrap();
    assert_eq!(cats[0].channel_ids, vec![dm.id.clone()]);
    assert!(matches!(
        s.delete_channel_member(&c.id, &bob.id).await,
        Err(StoreError::NotFound)
    ));
}

/// Membership roles, channel and author facts are kept in memory between writes; every write
/// that changes them shows on the very next read.
#[tokio::test]
async fn kept_facts_follow_every_write() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    s.join_team(
        &common::team_member(&t.id, &bob.id, false),
        &[],
        &Default::default(),
        25,
    )
    .await
    .unwrap();
    let mut c = channel(&t.id, "c", "O");
    s.save_channel(&c, &[channel_member(&c.id, &bob.id)])
        .await
        .unwrap();

    let roles = |ch: Option<&str>, tm: Option<&str>| (ch.map(str::to_owned), tm.map(str::to_owned));
    let read = || s.get_channel_member_roles(&c.id, &bob.id);
    // Read twice: the second answer comes from memory.
    for _ in 0..2 {
        assert_eq!(
            read().await.unwrap(),
            roles(Some("channel_user"), Some("team_user"))
        );
    }
    let mut m = channel_member(&c.id, &bob.id);
    m.scheme_admin = true;
    s.update_channel_member_roles(&m, 40).await.unwrap();
    assert_eq!(
        read().await.unwrap(),
        roles(Some("channel_user channel_admin"), Some("team_user"))
    );
    s.update_team_member_roles(&common::team_member(&t.id, &bob.id, true))
        .await
        .unwrap();
    assert_eq!(
        read().await.unwrap(),
        roles(
            Some("channel_user channel_admin"),
            Some("team_user team_admin")
        )
    );
    assert_eq!(
        s.get_team_member_roles(&t.id, &bob.id)
            .await
            .unwrap()
            .as_deref(),
        Some("team_user team_admin")
    );
    s.delete_channel_member(&c.id, &bob.id).await.unwrap();
    assert_eq!(
        read().await.unwrap(),
        roles(None, Some("team_user team_admin"))
    );
    s.remove_team_member(&t.id, &bob.id, 50).await.unwrap();
    assert_eq!(read().await.unwrap(), roles(None, None));
    assert_eq!(s.get_team_member_roles(&t.id, &bob.id).await.unwrap(), None);

    // The channel as posting reads it: renamed, archived.
    assert_eq!(s.get_post_channel(&c.id).await.unwrap().name, "c");
    c.name = "renamed".to_owned();
    c.delete_at = 60;
    s.update_channel(&c).await.unwrap();
    let pc = s.get_post_channel(&c.id).await.unwrap();
    assert_eq!((pc.name.as_str(), pc.delete_at), ("renamed", 60));

    // The author as posting reads it: renamed.
    let a = s.get_post_author(&alice.id).await.unwrap();
    assert_eq!((a.username.as_str(), a.is_bot), ("alice", false));
    let mut renamed = s.get_user(&alice.id).await.unwrap();
    renamed.username = "alicia".to_owned();
    s.update_user(&renamed).await.unwrap();
    assert_eq!(
        s.get_post_author(&alice.id).await.unwrap().username,
        "alicia"
    );
    assert!(matches!(
        s.get_post_author("missing").await,
        Err(outpost_store::StoreError::NotFound)
    ));
}
