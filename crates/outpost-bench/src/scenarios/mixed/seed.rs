//! Seeding for the mixed workload. Tens of thousands of users cannot be created and logged in
//! through the API on a small machine: each creation and each log-in runs PBKDF2-SHA256 at 600,000
//! rounds (~0.1 s of server CPU), so 20,000 users would cost over an hour of CPU. Instead one
//! template user is created, logged in, joined to the team and added to every channel through the
//! API; its rows (`users`, `teammembers`, `channelmembers`, `sessions`) are then copied in the
//! database with a new id, name, e-mail, session token and channel set per user. Every copied user
//! has the template's password hash, so a real log-in (the `login` action) costs what it costs.

use std::time::Instant;

use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::json;
use sqlx::Connection;

use super::plan::user_channels;
use crate::api::{Api, Res};
use crate::seed::{self, Seed, User};

/// Rows per `INSERT … SELECT`.
const BATCH: usize = 250;

pub struct MixedSeed {
    /// The seeded users, `users[i]` named [`username`]`(run, i)`.
    pub users: Vec<User>,
    pub channels: Vec<String>,
    pub seconds: f64,
}

pub struct Opts<'a> {
    pub database_url: &'a str,
    pub users: usize,
    pub channels: usize,
    pub channels_per_user: usize,
    pub posts_per_channel: usize,
    pub password: &'a str,
}

pub fn username(run: &str, i: usize) -> String {
    format!("m{run}u{i}")
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A random 26-character id of lowercase letters and digits, like Mattermost's.
pub fn new_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..26)
        .map(|_| char::from(ALPHABET[rand::Rng::random_range(&mut rng, 0..ALPHABET.len())]))
        .collect()
}

/// The server's database, either kind.
enum Db {
    Sqlite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

impl Db {
    async fn open(url: &str) -> Res<Self> {
        if url.starts_with("postgres") {
            Ok(Db::Pg(sqlx::PgConnection::connect(url).await.map_err(err)?))
        } else {
            let mut c = sqlx::SqliteConnection::connect(url).await.map_err(err)?;
            // The server writes to the same file meanwhile.
            sqlx::query("PRAGMA busy_timeout = 30000")
                .execute(&mut c)
                .await
                .map_err(err)?;
            Ok(Db::Sqlite(c))
        }
    }

    async fn exec(&mut self, sql: String, binds: Vec<String>) -> Res<()> {
        macro_rules! run {
            ($c:expr) => {{
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for b in binds {
                    q = q.bind(b);
                }
                q.execute($c).await.map_err(err)?;
            }};
        }
        match self {
            Db::Sqlite(c) => run!(&mut *c),
            Db::Pg(c) => run!(&mut *c),
        }
        Ok(())
    }

    async fn strings(&mut self, sql: &str, bind: &str) -> Res<Vec<String>> {
        let q = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Db::Sqlite(c) => sqlx::query_scalar(q)
                .bind(bind.to_owned())
                .fetch_all(&mut *c)
                .await
                .map_err(err),
            Db::Pg(c) => sqlx::query_scalar(q)
                .bind(bind.to_owned())
                .fetch_all(&mut *c)
                .await
                .map_err(err),
        }
    }

    async fn columns(&mut self, table: &str) -> Res<Vec<String>> {
        let sql = match self {
            Db::Sqlite(_) => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            Db::Pg(_) => {
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
            }
        };
        let cols = self.strings(sql, table).await?;
        if cols.is_empty() {
            return Err(format!("table {table} not found in the server's database"));
        }
        Ok(cols)
    }

    /// Copies the template's rows of `table` (those matching `filter`, which binds the template
    /// user id as the last parameter) once per row of `values`: the columns `set` take the row's
    /// first values; the columns `matching` select which template row is copied.
    async fn clone_rows(
        &mut self,
        table: &str,
        filter: &str,
        template: &str,
        set: &[&str],
        matching: &[&str],
        values: &[Vec<String>],
    ) -> Res<()> {
        let cols = self.columns(table).await?;
        let width = set.len() + matching.len();
        let exprs: Vec<String> = cols
            .iter()
            .map(|c| match set.iter().position(|s| s == c) {
                Some(k) => format!("v.column{}", k + 1),
                None => format!("t.{c}"),
            })
            .collect();
        let join: String = matching
            .iter()
            .enumerate()
            .map(|(k, m)| format!(" AND t.{m} = v.column{}", set.len() + k + 1))
            .collect();
        for chunk in values.chunks(BATCH) {
            let mut n = 0;
            let rows: Vec<String> = chunk
                .iter()
                .map(|_| {
                    let ps: Vec<String> = (0..width)
                        .map(|_| {
                            n += 1;
                            format!("${n}")
                        })
                        .collect();
                    format!("({})", ps.join(", "))
                })
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({}) SELECT {} FROM {table} t, (VALUES {}) AS v WHERE {filter}{join}",
                cols.join(", "),
                exprs.join(", "),
                rows.join(", "),
            )
            .replace("$TEMPLATE", &format!("${}", n + 1));
            let mut binds: Vec<String> = chunk.iter().flatten().cloned().collect();
            binds.push(template.to_owned());
            self.exec(sql, binds).await?;
        }
        Ok(())
    }
}

/// Creates the channels, the template user and `o.users` copies of it; returns them logged in.
pub async fn seed(api: &Api, base: &Seed, o: &Opts<'_>) -> Res<MixedSeed> {
    let started = Instant::now();
    let (channels, template, template_token) = through_api(api, base, o).await?;
    let users = copy_template(base, o, &channels, &template, &template_token).await?;
    Ok(MixedSeed {
        users,
        channels,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The channels, the template user (in the team and every channel) and some history, through the
/// API; returns (channel ids, template user id, its session token).
async fn through_api(api: &Api, base: &Seed, o: &Opts<'_>) -> Res<(Vec<String>, String, String)> {
    let admin = &base.admin.token;
    let run = &base.run;
    let channels: Vec<String> = stream::iter((0..o.channels.max(1)).map(|c| async move {
        seed::channel(api, admin, &base.team_id, &format!("mixed-{run}-{c}")).await
    }))
    .buffered(8)
    .try_collect()
    .await?;

    let name = format!("m{run}template");
    let created = api
        .post(
            "/api/v4/users",
            admin,
            &json!({"username": name, "email": format!("{name}@bench.example.com"), "password": o.password}),
        )
        .await?;
    let template = created["id"].as_str().unwrap_or_default().to_owned();
    api.post(
        &format!("/api/v4/teams/{}/members", base.team_id),
        admin,
        &json!({"team_id": base.team_id, "user_id": template}),
    )
    .await?;
    let (_, template_token) = api.login(&name, o.password).await?;
    stream::iter(channels.iter().map(|c| {
        let body = json!({"user_id": template});
        async move {
            api.post(&format!("/api/v4/channels/{c}/members"), admin, &body)
                .await
        }
    }))
    .buffered(8)
    .try_collect::<Vec<_>>()
    .await?;
    // Some history in every channel, so that the first page of each has posts to reply to.
    let posts = channels
        .iter()
        .flat_map(|c| (0..o.posts_per_channel).map(move |k| (c, k)));
    stream::iter(posts.map(|(c, k)| {
        let body = json!({"channel_id": c, "message": format!("mixed history {k}: lorem ipsum dolor sit amet")});
        async move { api.post("/api/v4/posts", admin, &body).await }
    }))
    .buffer_unordered(8)
    .try_collect::<Vec<_>>()
    .await?;
    Ok((channels, template, template_token))
}

/// Copies the template's rows once per new user, in the server's database.
async fn copy_template(
    base: &Seed,
    o: &Opts<'_>,
    channels: &[String],
    template: &str,
    template_token: &str,
) -> Res<Vec<User>> {
    let run = &base.run;
    let mut db = Db::open(o.database_url).await?;
    let mut users = Vec::with_capacity(o.users);
    let mut user_rows = Vec::with_capacity(o.users);
    for i in 0..o.users {
        let id = new_id();
        let name = username(run, i);
        user_rows.push(vec![
            id.clone(),
            name.clone(),
            format!("{name}@bench.example.com"),
        ]);
        users.push(User {
            id,
            token: new_id(),
        });
    }
    db.clone_rows(
        "users",
        "t.id = $TEMPLATE",
        template,
        &["id", "username", "email"],
        &[],
        &user_rows,
    )
    .await?;
    drop(user_rows);
    let ids: Vec<Vec<String>> = users.iter().map(|u| vec![u.id.clone()]).collect();
    db.clone_rows(
        "teammembers",
        "t.userid = $TEMPLATE",
        template,
        &["userid"],
        &[],
        &ids,
    )
    .await?;

    // The template's channels outside the mixed set (the team's default channels) go to everyone.
    let all = db
        .strings(
            "SELECT channelid FROM channelmembers WHERE userid = $1",
            template,
        )
        .await?;
    let defaults: Vec<&String> = all.iter().filter(|c| !channels.contains(c)).collect();
    let mut member_rows = Vec::new();
    for (i, u) in users.iter().enumerate() {
        for c in &defaults {
            member_rows.push(vec![u.id.clone(), (*c).clone()]);
        }
        for k in user_channels(i, channels.len(), o.channels_per_user) {
            member_rows.push(vec![u.id.clone(), channels[k].clone()]);
        }
    }
    db.clone_rows(
        "channelmembers",
        "t.userid = $TEMPLATE",
        template,
        &["userid"],
        &["channelid"],
        &member_rows,
    )
    .await?;
    drop(member_rows);

    let session_rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| vec![new_id(), u.token.clone(), u.id.clone()])
        .collect();
    db.clone_rows(
        "sessions",
        "t.token = $TEMPLATE",
        template_token,
        &["id", "token", "userid"],
        &[],
        &session_rows,
    )
    .await?;
    if let Db::Pg(c) = &mut db {
        // A server that had grown to this size would have had its tables analysed by autovacuum;
        // without statistics the planner takes `users` for a handful of rows (and a test instance
        // may run with autovacuum off).
        sqlx::query("ANALYZE").execute(&mut *c).await.map_err(err)?;
    }
    Ok(users)
}
