//! Shared helpers of the conformance suite: a fresh store per test and small builders.

#![allow(dead_code, reason = "each test file uses a different subset")]

use outpost_model::channel::{Channel, ChannelMember};
use outpost_model::new_id;
use outpost_model::post::Post;
use outpost_model::team::{Team, TeamMember};
use outpost_model::user::User;
use outpost_store::teams::TeamInsert;
use outpost_store::{Store, StoreOptions};

/// A fresh store: SQLite in a temporary directory, or a new schema of
/// `OUTPOST_TEST_DATABASE_URL` when set.
pub async fn open() -> (Store, tempfile::TempDir) {
    let (store, dir, _) = open_with_options().await;
    (store, dir)
}

/// [`open`], also returning the options it opened the store with (to reach the same database).
pub async fn open_with_options() -> (Store, tempfile::TempDir, StoreOptions) {
    let dir = tempfile::tempdir().unwrap();
    let opts = match std::env::var("OUTPOST_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => StoreOptions {
            url,
            max_connections: 3,
            pg_schema: Some(format!("store_{}", new_id())),
        },
        _ => StoreOptions {
            url: format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display()),
            max_connections: 3,
            pg_schema: None,
        },
    };
    (Store::open(&opts).await.expect("store opens"), dir, opts)
}

/// Whether the store under test is PostgreSQL.
pub fn is_pg(s: &Store) -> bool {
    s.driver_name() == "postgres"
}

pub fn user(name: &str) -> User {
    let now = outpost_model::now_millis();
    User {
        id: new_id(),
        create_at: now,
        update_at: now,
        username: name.to_owned(),
        email: format!("{name}@example.com"),
        password: "$pbkdf2$x".to_owned(),
        roles: "system_user".to_owned(),
        locale: "en".to_owned(),
        nickname: format!("nick {name}"),
        first_name: name.to_uppercase(),
        ..User::default()
    }
}

/// Saves and returns a new user.
pub async fn saved_user(s: &Store, name: &str) -> User {
    let u = user(name);
    s.save_user(&u).await.unwrap();
    u
}

/// An open team named `name`, displayed as `display`.
pub fn team(name: &str, display: &str) -> Team {
    Team {
        id: new_id(),
        create_at: 10,
        update_at: 10,
        display_name: display.to_owned(),
        name: name.to_owned(),
        description: format!("about {name}"),
        email: format!("{name}@example.com"),
        team_type: "O".to_owned(),
        invite_id: new_id(),
        allow_open_invite: true,
        group_constrained: Some(false),
        ..Team::default()
    }
}

pub fn team_member(team_id: &str, user_id: &str, admin: bool) -> TeamMember {
    TeamMember {
        team_id: team_id.to_owned(),
        user_id: user_id.to_owned(),
        scheme_user: true,
        scheme_admin: admin,
        create_at: 20,
        ..TeamMember::default()
    }
}

/// Saves a team with `admin` as its only member and no channels.
pub async fn saved_team(s: &Store, name: &str, admin: &str) -> Team {
    let t = team(name, &name.to_uppercase());
    s.save_team(TeamInsert {
        team: &t,
        admin: &team_member(&t.id, admin, true),
        channels: &[],
        channel_members: &[],
    })
    .await
    .unwrap();
    t
}

/// A channel of type `kind` (`O`, `P`, `D`, `G`) named `name`, displayed as `name` capitalised.
pub fn channel(team_id: &str, name: &str, kind: &str) -> Channel {
    let mut display = name.to_owned();
    if let Some(first) = display.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Channel {
        id: new_id(),
        create_at: 30,
        update_at: 30,
        team_id: team_id.to_owned(),
        channel_type: kind.to_owned(),
        display_name: display,
        name: name.to_owned(),
        header: format!("header of {name}"),
        purpose: format!("purpose of {name}"),
        creator_id: new_id(),
        group_constrained: Some(false),
        shared: Some(false),
        ..Channel::default()
    }
}

pub fn channel_member(channel_id: &str, user_id: &str) -> ChannelMember {
    let mut notify_props = outpost_model::channel::default_channel_notify_props();
    notify_props.insert("desktop".into(), "all".into());
    ChannelMember {
        channel_id: channel_id.to_owned(),
        user_id: user_id.to_owned(),
        roles: "channel_user".to_owned(),
        notify_props,
        last_update_at: 40,
        scheme_user: true,
        ..ChannelMember::default()
    }
}

/// Saves a channel with these members (default membership each).
pub async fn saved_channel(s: &Store, c: Channel, members: &[&str]) -> Channel {
    let ms: Vec<ChannelMember> = members.iter().map(|u| channel_member(&c.id, u)).collect();
    s.save_channel(&c, &ms).await.unwrap();
    c
}

/// A post at `at` (ms), a reply when `root_id` is not empty.
pub fn post(channel_id: &str, user_id: &str, root_id: &str, at: i64) -> Post {
    Post {
        id: new_id(),
        create_at: at,
        update_at: at,
        user_id: user_id.to_owned(),
        channel_id: channel_id.to_owned(),
        root_id: root_id.to_owned(),
        message: format!("message at {at}"),
        ..Post::default()
    }
}

/// The ids of anything with an `id`-like key, for order assertions.
pub fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|x| id(x).to_owned()).collect()
}
