//! The store conformance suite: the same assertions on SQLite and, when
//! `OUTPOST_TEST_DATABASE_URL` is set, on PostgreSQL (each test in a fresh schema).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_model::new_id;
use outpost_model::user::{Session, UserAccessToken};
use outpost_store::StoreError;
use outpost_store::users::{UserQuery, UserSearch, UserSort};

mod common;

use common::{open, user};

#[tokio::test]
async fn migrations_have_the_same_names_on_both_backends() {
    let dir = |b: &str| {
        let mut names: Vec<String> =
            std::fs::read_dir(format!("{}/migrations/{b}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        names.sort();
        names
    };
    assert_eq!(dir("sqlite"), dir("postgres"));
    assert!(!dir("sqlite").is_empty());
}

#[tokio::test]
async fn opening_twice_is_idempotent() {
    let (store, _d) = open().await;
    assert!(store.ping().await);
    assert!(matches!(store.driver_name(), "sqlite" | "postgres"));
}

#[tokio::test]
async fn users_round_trip_and_conflicts() {
    let (s, _d) = open().await;
    let mut u = user("alice");
    u.props.insert("k".into(), "v".into());
    u.timezone
        .insert("useAutomaticTimezone".into(), "true".into());
    s.save_user(&u).await.unwrap();
    let got = s.get_user(&u.id).await.unwrap();
    assert_eq!(got, u);
    assert_eq!(s.get_user_by_username("ALICE").await.unwrap().id, u.id);
    assert_eq!(
        s.get_user_by_email("Alice@Example.com").await.unwrap().id,
        u.id
    );
    assert!(matches!(
        s.get_user(&new_id()).await,
        Err(StoreError::NotFound)
    ));

    let mut dup = user("alice");
    dup.email = "other@example.com".into();
    let e = s.save_user(&dup).await.unwrap_err();
    assert!(e.is_conflict_on("username"), "{e:?}");
    let mut dup = user("bob");
    dup.email = u.email.clone();
    assert!(s.save_user(&dup).await.unwrap_err().is_conflict_on("email"));
    assert_eq!(s.count_users(true).await.unwrap(), 1);
}

#[tokio::test]
async fn user_updates() {
    let (s, _d) = open().await;
    let mut u = user("carol");
    s.save_user(&u).await.unwrap();
    u.nickname = "Caz".into();
    u.update_at += 1;
    s.update_user(&u).await.unwrap();
    assert_eq!(s.get_user(&u.id).await.unwrap().nickname, "Caz");
    s.update_password(&u.id, "newhash", 5).await.unwrap();
    s.update_failed_attempts(&u.id, 3).await.unwrap();
    let got = s.get_user(&u.id).await.unwrap();
    assert_eq!(
        (
            got.password.as_str(),
            got.failed_attempts,
            got.last_password_update
        ),
        ("newhash", 3, 5)
    );
    s.record_login(&u.id, 77).await.unwrap();
    let got = s.get_user(&u.id).await.unwrap();
    assert_eq!((got.failed_attempts, got.last_login), (0, 77));
    s.update_user_roles(&u.id, "system_admin system_user", 9)
        .await
        .unwrap();
    s.update_user_delete_at(&u.id, 10, 10).await.unwrap();
    let got = s.get_user(&u.id).await.unwrap();
    assert_eq!(
        (got.roles.as_str(), got.delete_at),
        ("system_admin system_user", 10)
    );
    let mut missing = user("nobody");
    missing.id = new_id();
    assert!(matches!(
        s.update_user(&missing).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn user_lists_filters_and_search() {
    let (s, _d) = open().await;
    let mut ids = Vec::new();
    for (i, name) in ["dave", "erin", "frank", "grace"].iter().enumerate() {
        let mut u = user(name);
        u.create_at = 1000 + i as i64;
        s.save_user(&u).await.unwrap();
        ids.push(u.id);
    }
    s.update_user_delete_at(&ids[3], 5, 5).await.unwrap();
    let all = s
        .get_users(&UserQuery {
            limit: 10,
            ..UserQuery::default()
        })
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["dave", "erin", "frank", "grace"]);
    let page = s
        .get_users(&UserQuery {
            limit: 2,
            offset: 2,
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].username, "frank");
    let newest = s
        .get_users(&UserQuery {
            limit: 1,
            sort: UserSort::CreateAt,
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(newest[0].username, "grace");
    let active = s
        .get_users(&UserQuery {
            limit: 10,
            inactive: Some(false),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(active.len(), 3);
    let without_team = s
        .get_users(&UserQuery {
            limit: 10,
            without_team: true,
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(without_team.len(), 4);

    let by_ids = s
        .get_users_by_ids(&[ids[1].clone(), new_id()])
        .await
        .unwrap();
    assert_eq!(by_ids.len(), 1);
    let by_names = s
        .get_users_by_usernames(&["DAVE".into(), "erin".into()])
        .await
        .unwrap();
    assert_eq!(by_names.len(), 2);

    let found = s
        .search_users(&UserSearch {
            term: "fr".into(),
            limit: 10,
            allow_emails: true,
            allow_full_names: true,
            ..UserSearch::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].username, "frank");
    // Emails are searched only when the caller may see them (full names likewise).
    let by_email = |allow: bool| UserSearch {
        term: "frank@".into(),
        limit: 10,
        allow_emails: allow,
        ..UserSearch::default()
    };
    assert_eq!(s.search_users(&by_email(true)).await.unwrap().len(), 1);
    assert!(s.search_users(&by_email(false)).await.unwrap().is_empty());

    let found = s
        .search_users(&UserSearch {
            term: "gr".into(),
            limit: 10,
            allow_emails: true,
            allow_full_names: true,
            ..UserSearch::default()
        })
        .await
        .unwrap();
    assert!(found.is_empty(), "inactive users are not found by default");
    let found = s
        .search_users(&UserSearch {
            term: "gr".into(),
            limit: 10,
            allow_inactive: true,
            allow_emails: true,
            allow_full_names: true,
            ..UserSearch::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    // LIKE wildcards in the term are literal.
    let found = s
        .search_users(&UserSearch {
            term: "%".into(),
            limit: 10,
            allow_emails: true,
            allow_full_names: true,
            ..UserSearch::default()
        })
        .await
        .unwrap();
    assert!(found.is_empty());
}

#[tokio::test]
async fn sessions_and_tokens() {
    let (s, _d) = open().await;
    let u = user("heidi");
    s.save_user(&u).await.unwrap();
    let mut sess = Session {
        id: new_id(),
        token: new_id(),
        create_at: 1,
        expires_at: 100,
        last_activity_at: 1,
        user_id: u.id.clone(),
        roles: "system_user".into(),
        ..Session::default()
    };
    sess.props.insert("csrf".into(), "abc".into());
    s.save_session(&sess).await.unwrap();
    assert_eq!(s.get_session_by_token(&sess.token).await.unwrap(), sess);
    s.touch_session(&sess.id, 50, Some(500)).await.unwrap();
    let got = s.get_session(&sess.id).await.unwrap();
    assert_eq!((got.last_activity_at, got.expires_at), (50, 500));
    // Token lookups (served from the session cache after the first) see every change.
    let by_token = s.get_session_by_token(&sess.token).await.unwrap();
    assert_eq!((by_token.last_activity_at, by_token.expires_at), (50, 500));
    s.set_session_device(&sess.id, "android_rn-v2:x", 900)
        .await
        .unwrap();
    assert_eq!(
        s.get_session(&sess.id).await.unwrap().device_id,
        "android_rn-v2:x"
    );
    assert_eq!(
        s.get_session_by_token(&sess.token).await.unwrap().device_id,
        "android_rn-v2:x"
    );
    let other = Session {
        id: new_id(),
        token: new_id(),
        user_id: u.id.clone(),
        ..Session::default()
    };
    s.save_session(&other).await.unwrap();
    assert_eq!(s.get_session_by_token(&other.token).await.unwrap(), other);
    assert_eq!(s.get_sessions(&u.id).await.unwrap().len(), 2);
    assert_eq!(s.delete_user_sessions(&u.id, &sess.id).await.unwrap(), 1);
    assert!(matches!(
        s.get_session_by_token(&other.token).await,
        Err(StoreError::NotFound)
    ));
    s.update_sessions_roles(&u.id, "system_admin")
        .await
        .unwrap();
    assert_eq!(s.get_session(&sess.id).await.unwrap().roles, "system_admin");
    assert_eq!(
        s.get_session_by_token(&sess.token).await.unwrap().roles,
        "system_admin"
    );
    s.delete_session(&sess.id).await.unwrap();
    assert!(matches!(
        s.get_session_by_token(&sess.token).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_session(&sess.id).await,
        Err(StoreError::NotFound)
    ));

    let t = UserAccessToken {
        id: new_id(),
        token: new_id(),
        user_id: u.id.clone(),
        description: "ci".into(),
        is_active: true,
    };
    s.save_access_token(&t).await.unwrap();
    assert_eq!(s.get_access_token_by_token(&t.token).await.unwrap(), t);
    let pat_session = Session {
        id: new_id(),
        token: t.token.clone(),
        user_id: u.id.clone(),
        ..Session::default()
    };
    s.save_session(&pat_session).await.unwrap();
    assert_eq!(
        s.get_session_by_token(&t.token).await.unwrap().id,
        pat_session.id
    );
    s.set_access_token_active(&t.id, &t.token, false)
        .await
        .unwrap();
    assert!(!s.get_access_token(&t.id).await.unwrap().is_active);
    assert!(
        matches!(
            s.get_session(&pat_session.id).await,
            Err(StoreError::NotFound)
        ),
        "disabling ends its sessions"
    );
    assert!(matches!(
        s.get_session_by_token(&t.token).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.get_access_tokens(Some(&u.id), 0, 10).await.unwrap().len(),
        1
    );
    assert_eq!(s.get_access_tokens(None, 0, 10).await.unwrap().len(), 1);
    s.delete_access_token(&t.id, &t.token).await.unwrap();
    assert!(matches!(
        s.get_access_token(&t.id).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn roles_are_seeded_once_and_editable() {
    let (s, _d) = open().await;
    let builtin = outpost_core::roles::builtin_roles();
    s.seed_roles(&builtin, new_id, 1).await.unwrap();
    s.seed_roles(&builtin, new_id, 2).await.unwrap();
    let all = s.get_all_roles().await.unwrap();
    assert_eq!(all.len(), builtin.len());
    let user_role = s
        .get_roles_by_names(&["system_user".into()])
        .await
        .unwrap()
        .remove(0);
    assert!(user_role.permissions.iter().any(|p| p == "create_team"));
    assert!(user_role.built_in);
    s.update_role_permissions(&user_role.id, &["view_team".into()], 3)
        .await
        .unwrap();
    s.seed_roles(&builtin, new_id, 4).await.unwrap();
    assert_eq!(
        s.get_role(&user_role.id).await.unwrap().permissions,
        vec!["view_team".to_owned()],
        "seeding keeps edits"
    );
}

#[tokio::test]
async fn systems_and_config() {
    let (s, _d) = open().await;
    assert_eq!(s.get_system("DiagnosticId").await.unwrap(), None);
    s.save_system("DiagnosticId", "a").await.unwrap();
    s.save_system("DiagnosticId", "b").await.unwrap();
    assert_eq!(
        s.get_system("DiagnosticId").await.unwrap().as_deref(),
        Some("b")
    );
    assert_eq!(s.get_active_config().await.unwrap(), None);
    s.save_config(&new_id(), "{\"a\":1}", 1).await.unwrap();
    s.save_config(&new_id(), "{\"a\":2}", 2).await.unwrap();
    assert_eq!(
        s.get_active_config().await.unwrap().as_deref(),
        Some("{\"a\":2}")
    );
}

#[tokio::test]
async fn presence_queries() {
    use outpost_model::misc::Status;
    let (s, _d) = open().await;
    let st = |id: &str, status: &str, manual: bool, last: i64, dnd_end: i64| Status {
        user_id: id.to_owned(),
        status: status.to_owned(),
        manual,
        last_activity_at: last,
        dnd_end_time: dnd_end,
        prev_status: String::new(),
    };
    s.save_status(&st("idle", "online", false, 100, 0))
        .await
        .unwrap();
    s.save_status(&st("busy", "online", false, 900, 0))
        .await
        .unwrap();
    s.save_status(&st("pinned", "online", true, 100, 0))
        .await
        .unwrap();
    s.save_status(&st("gone", "offline", false, 100, 0))
        .await
        .unwrap();
    s.save_status(&st("dnd_over", "dnd", true, 100, 50))
        .await
        .unwrap();
    s.save_status(&st("dnd_forever", "dnd", true, 100, 0))
        .await
        .unwrap();
    s.save_status(&st("dnd_later", "dnd", true, 100, 500))
        .await
        .unwrap();
    let idle: Vec<String> = s
        .get_idle_online_statuses(500)
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.user_id)
        .collect();
    assert_eq!(idle, vec!["idle".to_owned()]);
    let over: Vec<String> = s
        .get_expired_dnd_statuses(100)
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.user_id)
        .collect();
    assert_eq!(over, vec!["dnd_over".to_owned()]);
    let mut active: Vec<String> = s
        .get_active_statuses()
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.user_id)
        .collect();
    active.sort();
    assert_eq!(active.len(), 6);
    assert!(!active.contains(&"gone".to_owned()));
}

#[tokio::test]
async fn user_search_folds_non_ascii_letters_on_both_backends() {
    let (s, _d) = open().await;
    for (name, first, last) in [
        ("zoe", "Zoé", "Ölund"),
        ("eli", "Élise", "Durand"),
        ("ela", "Ela", "Öz"),
    ] {
        let mut u = user(name);
        u.first_name = first.to_owned();
        u.last_name = last.to_owned();
        s.save_user(&u).await.unwrap();
    }
    let search = |term: &str, limit| {
        let s = s.clone();
        let q = UserSearch {
            term: term.to_owned(),
            limit,
            allow_emails: true,
            allow_full_names: true,
            ..UserSearch::default()
        };
        async move {
            s.search_users(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|u| u.username)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("élise", 10).await, ["eli"]);
    assert_eq!(search("ÉLI", 10).await, ["eli"]);
    assert_eq!(search("ö", 10).await, ["ela", "zoe"]);
    assert_eq!(search("Ö", 1).await, ["ela"]);
    assert!(search("zoé", 10).await.len() == 1);
    assert!(
        search("é", 10).await == ["eli"],
        "a prefix, not a substring"
    );
}
