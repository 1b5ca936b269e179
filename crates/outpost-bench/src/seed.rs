//! Seeding through the public API: an admin, a team, users (each logged in once), a channel.

use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::{Value, json};

use crate::api::{Api, Res};

/// A logged-in user.
#[derive(Clone)]
pub struct User {
    pub id: String,
    pub token: String,
}

/// What the scenarios run against.
pub struct Seed {
    /// A short random tag making names unique, so a server can be benchmarked repeatedly.
    pub run: String,
    pub admin: User,
    pub team_id: String,
    pub users: Vec<User>,
    /// An open channel with the admin and every user in it.
    pub channel_id: String,
    pub seconds: f64,
}

/// Seed options.
pub struct SeedOpts<'a> {
    pub admin_username: &'a str,
    pub admin_password: &'a str,
    pub user_password: &'a str,
    pub users: usize,
    /// Concurrent user creations / logins (each hashes a password on the server).
    pub concurrency: usize,
}

/// Logs the admin in, creating the account first when the server has none by that name.
async fn admin(api: &Api, o: &SeedOpts<'_>) -> Res<User> {
    if let Ok((id, token)) = api.login(o.admin_username, o.admin_password).await {
        return Ok(User { id, token });
    }
    let body = json!({
        "username": o.admin_username,
        "email": format!("{}@bench.example.com", o.admin_username),
        "password": o.admin_password,
    });
    api.ok(reqwest::Method::POST, "/api/v4/users", None, Some(&body))
        .await
        .map_err(|e| format!("creating the admin (the first account becomes system admin): {e}"))?;
    let (id, token) = api.login(o.admin_username, o.admin_password).await?;
    Ok(User { id, token })
}

/// Creates a channel named `name` in the team; returns its id.
pub async fn channel(api: &Api, token: &str, team_id: &str, name: &str) -> Res<String> {
    let v = api
        .post(
            "/api/v4/channels",
            token,
            &json!({"team_id": team_id, "name": name, "display_name": name, "type": "O"}),
        )
        .await?;
    id_of(&v, "channel")
}

/// Adds users to a channel, `concurrency` requests at a time.
pub async fn add_to_channel(
    api: &Api,
    token: &str,
    channel_id: &str,
    users: &[User],
    concurrency: usize,
) -> Res<()> {
    let path = format!("/api/v4/channels/{channel_id}/members");
    stream::iter(users.iter().map(|u| {
        let path = path.clone();
        async move { api.post(&path, token, &json!({"user_id": u.id})).await }
    }))
    .buffer_unordered(concurrency)
    .try_collect::<Vec<_>>()
    .await?;
    Ok(())
}

fn id_of(v: &Value, what: &str) -> Res<String> {
    v["id"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| format!("the new {what} has no id: {v}"))
}

pub async fn seed(api: &Api, o: &SeedOpts<'_>) -> Res<Seed> {
    let started = std::time::Instant::now();
    let run = format!("{:08x}", rand::random::<u32>());
    let admin = admin(api, o).await?;
    let team = api
        .post(
            "/api/v4/teams",
            &admin.token,
            &json!({"name": format!("bench-{run}"), "display_name": format!("Bench {run}"), "type": "O"}),
        )
        .await?;
    let team_id = id_of(&team, "team")?;

    let conc = o.concurrency.max(1);
    let created: Vec<(String, String)> = stream::iter((0..o.users).map(|i| {
        let (api, token) = (api, &admin.token);
        let username = format!("b{run}u{i}");
        async move {
            let v = api
                .post(
                    "/api/v4/users",
                    token,
                    &json!({
                        "username": username,
                        "email": format!("{username}@bench.example.com"),
                        "password": o.user_password,
                    }),
                )
                .await?;
            Ok::<_, String>((id_of(&v, "user")?, username))
        }
    }))
    .buffer_unordered(conc)
    .try_collect()
    .await?;

    let team_members = format!("/api/v4/teams/{team_id}/members");
    stream::iter(created.iter().map(|(id, _)| {
        let (path, token, team_id) = (&team_members, &admin.token, &team_id);
        async move {
            api.post(path, token, &json!({"team_id": team_id, "user_id": id}))
                .await
        }
    }))
    .buffer_unordered(16)
    .try_collect::<Vec<_>>()
    .await?;

    let users: Vec<User> = stream::iter(created.iter().map(|(_, username)| async move {
        let (id, token) = api.login(username, o.user_password).await?;
        Ok::<_, String>(User { id, token })
    }))
    .buffer_unordered(conc)
    .try_collect()
    .await?;

    let channel_id = channel(api, &admin.token, &team_id, &format!("fanout-{run}")).await?;
    add_to_channel(api, &admin.token, &channel_id, &users, 16).await?;
    Ok(Seed {
        run,
        admin,
        team_id,
        users,
        channel_id,
        seconds: started.elapsed().as_secs_f64(),
    })
}
