//! Conformance of teams and team memberships (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{
    channel, channel_member, ids, open, saved_channel, saved_team, saved_user, team, team_member,
    user,
};
use outpost_model::channel::SidebarCategory;
use outpost_model::team::TeamStats;
use outpost_store::StoreError;
use outpost_store::teams::{TeamInsert, TeamQuery, TeamVisibility};

fn q(visibility: TeamVisibility, include_deleted: bool, offset: i64, limit: i64) -> TeamQuery {
    TeamQuery {
        visibility,
        include_deleted,
        offset,
        limit,
    }
}

#[tokio::test]
async fn save_team_with_default_channels_and_lookups() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = team("alpha", "Alpha");
    let admin = team_member(&t.id, &alice.id, true);
    let town = channel(&t.id, "town-square", "O");
    let off = channel(&t.id, "off-topic", "O");
    let cms = [
        channel_member(&town.id, &alice.id),
        channel_member(&off.id, &alice.id),
    ];
    s.save_team(TeamInsert {
        team: &t,
        admin: &admin,
        channels: &[town.clone(), off.clone()],
        channel_members: &cms,
    })
    .await
    .unwrap();

    assert_eq!(s.get_team(&t.id).await.unwrap(), t);
    assert_eq!(s.get_team_by_name("alpha").await.unwrap().id, t.id);
    assert_eq!(
        s.get_team_by_invite_id(&t.invite_id).await.unwrap().id,
        t.id
    );
    assert!(matches!(
        s.get_team("nope").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_team_by_name("ALPHA").await,
        Err(StoreError::NotFound)
    ));

    let m = s.get_team_member(&t.id, &alice.id).await.unwrap();
    assert_eq!(m.roles, "team_user team_admin");
    assert_eq!((m.delete_at, m.create_at), (0, 20));
    assert!(m.scheme_user && m.scheme_admin && !m.scheme_guest);
    assert_eq!(s.get_channel(&town.id).await.unwrap(), town);
    let cm = s.get_channel_member(&off.id, &alice.id).await.unwrap();
    assert_eq!(cm.notify_props, cms[1].notify_props);
    assert_eq!(cm.roles, "channel_user");

    // A team without an invite id is not found by the empty invite id.
    let mut no_invite = team("beta", "Beta");
    no_invite.invite_id.clear();
    s.save_team(TeamInsert {
        team: &no_invite,
        admin: &team_member(&no_invite.id, &alice.id, true),
        channels: &[],
        channel_members: &[],
    })
    .await
    .unwrap();
    assert!(matches!(
        s.get_team_by_invite_id("").await,
        Err(StoreError::NotFound)
    ));

    // A taken name is a conflict.
    let dup = team("alpha", "Other");
    let e = s
        .save_team(TeamInsert {
            team: &dup,
            admin: &team_member(&dup.id, &alice.id, true),
            channels: &[],
            channel_members: &[],
        })
        .await
        .unwrap_err();
    assert!(e.is_conflict_on("name"), "{e:?}");

    // All or nothing: a clashing default channel leaves no team behind.
    let gamma = team("gamma", "Gamma");
    let c1 = channel(&gamma.id, "town-square", "O");
    let c2 = channel(&gamma.id, "town-square", "O");
    let e = s
        .save_team(TeamInsert {
            team: &gamma,
            admin: &team_member(&gamma.id, &alice.id, true),
            channels: &[c1.clone(), c2],
            channel_members: &[],
        })
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert!(matches!(
        s.get_team(&gamma.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_team_member(&gamma.id, &alice.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_channel(&c1.id).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn team_lists_counts_and_update() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let mut bravo = team("b-open", "Bravo");
    let mut alpha = team("a-priv", "Alpha");
    alpha.allow_open_invite = false;
    alpha.team_type = "I".to_owned();
    let mut charlie = team("c-del", "Charlie");
    charlie.delete_at = 5;
    for t in [&bravo, &alpha, &charlie] {
        s.save_team(TeamInsert {
            team: t,
            admin: &team_member(&t.id, &alice.id, true),
            channels: &[],
            channel_members: &[],
        })
        .await
        .unwrap();
    }
    let names = |ts: Vec<outpost_model::team::Team>| -> Vec<String> {
        ts.into_iter().map(|t| t.display_name).collect()
    };
    use TeamVisibility::{All, Open, Private};
    assert_eq!(
        names(s.get_teams(q(All, false, 0, 10)).await.unwrap()),
        ["Alpha", "Bravo"]
    );
    assert_eq!(
        names(s.get_teams(q(All, true, 0, 10)).await.unwrap()),
        ["Alpha", "Bravo", "Charlie"]
    );
    assert_eq!(
        names(s.get_teams(q(All, true, 1, 1)).await.unwrap()),
        ["Bravo"]
    );
    assert_eq!(
        names(s.get_teams(q(Open, false, 0, 10)).await.unwrap()),
        ["Bravo"]
    );
    assert_eq!(
        names(s.get_teams(q(Open, true, 0, 10)).await.unwrap()),
        ["Bravo", "Charlie"]
    );
    assert_eq!(
        names(s.get_teams(q(Private, true, 0, 10)).await.unwrap()),
        ["Alpha"]
    );
    assert_eq!(s.count_teams(q(All, false, 1, 1)).await.unwrap(), 2);
    assert_eq!(s.count_teams(q(All, true, 0, 1)).await.unwrap(), 3);
    assert_eq!(s.count_teams(q(Open, true, 0, 10)).await.unwrap(), 2);
    assert_eq!(s.count_teams(q(Private, false, 0, 10)).await.unwrap(), 1);

    // Active memberships of undeleted teams only.
    assert_eq!(
        names(s.get_teams_for_user(&alice.id).await.unwrap()),
        ["Alpha", "Bravo"]
    );
    s.remove_team_member(&bravo.id, &alice.id, 50)
        .await
        .unwrap();
    assert_eq!(
        names(s.get_teams_for_user(&alice.id).await.unwrap()),
        ["Alpha"]
    );

    bravo.display_name = "Bravissimo".to_owned();
    bravo.description = "new".to_owned();
    bravo.invite_id = "newinvite".to_owned();
    bravo.allow_open_invite = false;
    bravo.team_type = "I".to_owned();
    bravo.group_constrained = Some(true);
    bravo.last_team_icon_update = 77;
    bravo.update_at = 60;
    bravo.delete_at = 61;
    s.update_team(&bravo).await.unwrap();
    assert_eq!(s.get_team(&bravo.id).await.unwrap(), bravo);
    assert_eq!(
        s.get_team_by_invite_id("newinvite").await.unwrap().id,
        bravo.id
    );

    bravo.name = "a-priv".to_owned();
    let e = s.update_team(&bravo).await.unwrap_err();
    assert!(e.is_conflict_on("name"), "{e:?}");
    let ghost = team("ghost", "Ghost");
    assert!(matches!(
        s.update_team(&ghost).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn members_join_leave_and_rejoin() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let t = saved_team(&s, "t", &alice.id).await;
    let town = saved_channel(&s, channel(&t.id, "town-square", "O"), &[&alice.id]).await;
    let off = saved_channel(&s, channel(&t.id, "off-topic", "O"), &[&alice.id]).await;
    let mut archived = channel(&t.id, "archived", "O");
    archived.delete_at = 3;
    let archived = saved_channel(&s, archived, &[]).await;
    let extra = saved_channel(&s, channel(&t.id, "extra", "O"), &[]).await;
    let mut props = outpost_model::channel::default_channel_notify_props();
    props.insert("push".into(), "none".into());

    let m = team_member(&t.id, &bob.id, false);
    s.join_team(
        &m,
        &["town-square", "off-topic", "archived", "missing"],
        &props,
        50,
    )
    .await
    .unwrap();
    let got = s.get_team_member(&t.id, &bob.id).await.unwrap();
    assert_eq!(got.roles, "team_user");
    assert_eq!((got.delete_at, got.create_at), (0, 20));
    let cm = s.get_channel_member(&town.id, &bob.id).await.unwrap();
    assert_eq!(cm.notify_props, props);
    assert_eq!(
        (cm.last_update_at, cm.last_viewed_at, cm.msg_count),
        (50, 0, 0)
    );
    assert_eq!(cm.roles, "channel_user");
    assert!(cm.scheme_user && !cm.scheme_guest && !cm.scheme_admin);
    assert!(s.get_channel_member(&off.id, &bob.id).await.is_ok());
    for c in [&archived, &extra] {
        assert!(matches!(
            s.get_channel_member(&c.id, &bob.id).await,
            Err(StoreError::NotFound)
        ));
    }

    // Joining again while active changes nothing.
    let mut again = m.clone();
    again.explicit_roles = "custom".to_owned();
    again.scheme_admin = true;
    s.join_team(&again, &["extra"], &props, 51).await.unwrap();
    let got = s.get_team_member(&t.id, &bob.id).await.unwrap();
    assert_eq!((got.explicit_roles.as_str(), got.scheme_admin), ("", false));
    assert!(s.get_channel_member(&extra.id, &bob.id).await.is_ok());

    let mut sorted = vec![alice.id.clone(), bob.id.clone()];
    sorted.sort();
    let all = s.get_team_members(&t.id, 0, 10).await.unwrap();
    assert_eq!(ids(&all, |m| &m.user_id), sorted);
    let page = s.get_team_members(&t.id, 1, 1).await.unwrap();
    assert_eq!(ids(&page, |m| &m.user_id), vec![sorted[1].clone()]);
    let by_ids = s
        .get_team_members_by_ids(&t.id, &[bob.id.clone(), "nobody".to_owned()])
        .await
        .unwrap();
    assert_eq!(ids(&by_ids, |m| &m.user_id), vec![bob.id.clone()]);
    assert!(
        s.get_team_members_by_ids(&t.id, &[])
            .await
            .unwrap()
            .is_empty()
    );

    // Leaving ends the membership and drops the team's channels and sidebar of the user.
    s.save_sidebar_categories(&[SidebarCategory {
        id: format!("favorites_{}_{}", bob.id, t.id),
        user_id: bob.id.clone(),
        team_id: t.id.clone(),
        category_type: "favorites".to_owned(),
        display_name: "Favorites".to_owned(),
        channel_ids: vec![town.id.clone()],
        ..SidebarCategory::default()
    }])
    .await
    .unwrap();
    s.remove_team_member(&t.id, &bob.id, 70).await.unwrap();
    let gone = s.get_team_member(&t.id, &bob.id).await.unwrap();
    assert_eq!(gone.delete_at, 70);
    for c in [&town, &off, &extra] {
        assert!(matches!(
            s.get_channel_member(&c.id, &bob.id).await,
            Err(StoreError::NotFound)
        ));
    }
    assert!(s.get_channel_member(&town.id, &alice.id).await.is_ok());
    assert!(
        s.get_sidebar_categories(&bob.id, &t.id)
            .await
            .unwrap()
            .is_empty()
    );
    let all = s.get_team_members(&t.id, 0, 10).await.unwrap();
    assert_eq!(ids(&all, |m| &m.user_id), vec![alice.id.clone()]);
    assert!(
        s.get_team_members_by_ids(&t.id, std::slice::from_ref(&bob.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        s.remove_team_member(&t.id, &bob.id, 71).await,
        Err(StoreError::NotFound)
    ));
    let mine = s.get_team_members_for_user(&bob.id).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].delete_at, 70);
    assert!(matches!(
        s.update_team_member_roles(&gone).await,
        Err(StoreError::NotFound)
    ));

    // Rejoining (as a guest) reactivates the row with the new roles.
    let guest = outpost_model::team::TeamMember {
        scheme_user: false,
        scheme_guest: true,
        ..m.clone()
    };
    s.join_team(&guest, &["town-square"], &props, 80)
        .await
        .unwrap();
    let back = s.get_team_member(&t.id, &bob.id).await.unwrap();
    assert_eq!((back.delete_at, back.roles.as_str()), (0, "team_guest"));
    let cm = s.get_channel_member(&town.id, &bob.id).await.unwrap();
    assert!(cm.scheme_guest && !cm.scheme_user);
    assert_eq!(cm.roles, "channel_guest");

    let mut promoted = back.clone();
    promoted.explicit_roles = "team_post_all_public".to_owned();
    promoted.scheme_guest = false;
    promoted.scheme_user = true;
    promoted.scheme_admin = true;
    s.update_team_member_roles(&promoted).await.unwrap();
    let got = s.get_team_member(&t.id, &bob.id).await.unwrap();
    assert_eq!(got.roles, "team_post_all_public team_user team_admin");
    assert_eq!(got.explicit_roles, "team_post_all_public");
    assert!(matches!(
        s.get_team_member(&t.id, "nobody").await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn stats_and_unreads() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let bob = saved_user(&s, "bob").await;
    let mut carol = user("carol");
    carol.delete_at = 5;
    s.save_user(&carol).await.unwrap();
    let dave = saved_user(&s, "dave").await;
    let t1 = saved_team(&s, "t1", &alice.id).await;
    for u in [&bob, &carol, &dave] {
        s.join_team(
            &team_member(&t1.id, &u.id, false),
            &[],
            &Default::default(),
            1,
        )
        .await
        .unwrap();
    }
    s.remove_team_member(&t1.id, &dave.id, 2).await.unwrap();
    assert_eq!(
        s.get_team_stats(&t1.id).await.unwrap(),
        TeamStats {
            team_id: t1.id.clone(),
            total_member_count: 3,
            active_member_count: 2,
        }
    );
    assert_eq!(
        s.get_team_stats("none").await.unwrap().total_member_count,
        0
    );

    // Bob: t1 has one read-lagging channel and one archived one; t2 is all read; t3 has no
    // channels; the deleted team t4 is left out.
    let mut c1 = channel(&t1.id, "c1", "O");
    (c1.total_msg_count, c1.total_msg_count_root) = (10, 6);
    let mut m1 = channel_member(&c1.id, &bob.id);
    (m1.msg_count, m1.msg_count_root) = (4, 3);
    (m1.mention_count, m1.mention_count_root) = (2, 1);
    s.save_channel(&c1, &[m1]).await.unwrap();
    let mut c2 = channel(&t1.id, "c2", "O");
    (c2.total_msg_count, c2.delete_at) = (5, 9);
    s.save_channel(&c2, &[channel_member(&c2.id, &bob.id)])
        .await
        .unwrap();
    let t2 = saved_team(&s, "t2", &bob.id).await;
    let mut c3 = channel(&t2.id, "c3", "O");
    c3.total_msg_count = 3;
    let mut m3 = channel_member(&c3.id, &bob.id);
    m3.msg_count = 3;
    s.save_channel(&c3, &[m3]).await.unwrap();
    let t3 = saved_team(&s, "t3", &bob.id).await;
    let mut t4 = saved_team(&s, "t4", &bob.id).await;
    t4.delete_at = 1;
    s.update_team(&t4).await.unwrap();

    let rows = s.get_team_unreads(&bob.id, None, None).await.unwrap();
    let mut want = vec![
        (t1.id.clone(), 6, 2, 3, 1),
        (t2.id.clone(), 0, 0, 0, 0),
        (t3.id.clone(), 0, 0, 0, 0),
    ];
    want.sort();
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.team_id.clone(),
                r.msg_count,
                r.mention_count,
                r.msg_count_root,
                r.mention_count_root,
            )
        })
        .collect();
    assert_eq!(got, want);
    let only = s
        .get_team_unreads(&bob.id, Some(&t1.id), None)
        .await
        .unwrap();
    assert_eq!(ids(&only, |r| &r.team_id), vec![t1.id.clone()]);
    let others = s
        .get_team_unreads(&bob.id, None, Some(&t1.id))
        .await
        .unwrap();
    assert_eq!(others.len(), 2);
    assert!(others.iter().all(|r| r.team_id != t1.id));
    assert!(
        s.get_team_unreads(&dave.id, None, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn permanent_delete_team_removes_everything() {
    let (s, _d) = open().await;
    let alice = saved_user(&s, "alice").await;
    let t = saved_team(&s, "doomed", &alice.id).await;
    let c = saved_channel(&s, channel(&t.id, "town-square", "O"), &[&alice.id]).await;
    s.save_sidebar_categories(&[SidebarCategory {
        id: "cat".to_owned(),
        user_id: alice.id.clone(),
        team_id: t.id.clone(),
        channel_ids: vec![c.id.clone()],
        ..SidebarCategory::default()
    }])
    .await
    .unwrap();
    let keep = saved_team(&s, "kept", &alice.id).await;
    s.permanent_delete_team(&t.id).await.unwrap();
    assert!(matches!(s.get_team(&t.id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.get_channel(&c.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_channel_member(&c.id, &alice.id).await,
        Err(StoreError::NotFound)
    ));
    let left = s.get_team_members_for_user(&alice.id).await.unwrap();
    assert_eq!(ids(&left, |m| &m.team_id), vec![keep.id.clone()]);
    assert!(
        s.get_sidebar_categories(&alice.id, &t.id)
            .await
            .unwrap()
            .is_empty()
    );
}
