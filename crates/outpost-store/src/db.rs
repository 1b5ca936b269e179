//! Connecting, migrating and the backend switch.

use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions, PgSslMode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::error::{StoreError, StoreResult};

/// Rows a SQLite connection's thread may hand over before the reader takes them.
const SQLITE_ROW_BUFFER: usize = 512;

pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// How to connect.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// `sqlite://path` or `postgres://…`.
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
    /// PostgreSQL only: the schema to use (created if missing), for isolated test runs.
    pub pg_schema: Option<String>,
}

/// The store: one handle to either backend. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) backend: std::sync::Arc<Backend>,
    pub(crate) sessions: std::sync::Arc<crate::sessions::SessionCache>,
    /// Counts changes to channel audiences (see [`Store::audience_generation`]).
    pub(crate) audience: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Whether any outgoing webhook exists (see [`Store::any_outgoing_webhooks`]).
    pub(crate) outgoing: std::sync::Arc<crate::webhooks::OutgoingPresence>,
    /// Membership roles, channel and author facts kept between writes (see [`crate::facts`]).
    pub(crate) facts: std::sync::Arc<crate::facts::Facts>,
    /// SQLite only: the thread that writes new posts and the search index (see [`crate::lite`]).
    pub(crate) lite: Option<std::sync::Arc<crate::lite::LiteWriter>>,
    /// PostgreSQL only: the task that writes new root posts in batches (see [`crate::pgbatch`]).
    pub(crate) pg_posts: Option<std::sync::Arc<crate::pgbatch::PgBatcher>>,
}

impl Store {
    /// Connects, applies migrations and returns the store.
    pub async fn open(opts: &StoreOptions) -> StoreResult<Self> {
        let (mut lite, mut pg_posts) = (None, None);
        let backend =
            if opts.url.starts_with("postgres://") || opts.url.starts_with("postgresql://") {
                let mut pg = PgConnectOptions::from_str(&opts.url)?;
                // TLS to a server on this machine protects nothing and costs ~90 ms per new
                // connection (start-up, pool growth); an explicit `sslmode` in the URL still wins.
                if !opts.url.contains("sslmode=") && is_loopback(pg.get_host()) {
                    pg = pg.ssl_mode(PgSslMode::Disable);
                }
                // One direct connection first: an unreachable server fails at once with its real cause.
                let mut first = tokio_timeout(PgConnection::connect_with(&pg)).await?;
                if let Some(schema) = &opts.pg_schema {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "CREATE SCHEMA IF NOT EXISTS \"{}\"",
                        schema.replace('"', "")
                    )))
                    .execute(&mut first)
                    .await?;
                    pg = pg.options([("search_path", schema.as_str())]);
                }
                first.close().await?;
                let pool = PgPoolOptions::new()
                    .max_connections(opts.max_connections.max(2))
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(pg)
                    .await?;
                sqlx::migrate!("migrations/postgres").run(&pool).await?;
                crate::search::prepare_postgres(&pool).await;
                pg_posts = Some(std::sync::Arc::new(crate::pgbatch::PgBatcher::start(
                    pool.clone(),
                )));
                Backend::Postgres(pool)
            } else if opts.url.starts_with("sqlite:") {
                let options = SqliteConnectOptions::from_str(&opts.url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // A page of posts (60 rows and their roots) is handed over from the
                    // connection's thread without it waiting for the reader halfway (sqlx's
                    // default buffer is 50 rows).
                    .row_buffer_size(SQLITE_ROW_BUFFER);
                let pool = SqlitePoolOptions::new()
                    .max_connections(opts.max_connections.max(1))
                    .connect_with(options)
                    .await?;
                sqlx::migrate!("migrations/sqlite").run(&pool).await?;
                let file = pool.connect_options().get_filename().to_path_buf();
                // An in-memory database cannot be opened a second time: sqlx writes it all.
                if !file.as_os_str().is_empty() && file.as_os_str() != ":memory:" {
                    let writer =
                        crate::lite::LiteWriter::start(&file, crate::writer::writer_for(&pool))?;
                    lite = Some(std::sync::Arc::new(writer));
                }
                Backend::Sqlite(pool)
            } else {
                return Err(StoreError::Db(sqlx::Error::Configuration(
                    format!(
                        "unsupported database URL (expected sqlite:// or postgres://): {}",
                        redact(&opts.url)
                    )
                    .into(),
                )));
            };
        Ok(Self {
            backend: std::sync::Arc::new(backend),
            sessions: std::sync::Arc::default(),
            audience: std::sync::Arc::default(),
            outgoing: std::sync::Arc::default(),
            facts: std::sync::Arc::default(),
            lite,
            pg_posts,
        })
    }

    /// A number that changes whenever who belongs to a channel, or what mention detection and
    /// notifications read about them (usernames, first names, notify props, deactivation), may
    /// have changed through this store. It moves when such a write starts and again when it has
    /// finished, so what was read while the number stayed the same, start to end, is current —
    /// callers may keep a copy until the number moves. Membership roles and channel changes move
    /// it too: the store keeps those facts the same way (see `crate::facts`).
    pub fn audience_generation(&self) -> u64 {
        self.audience.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Marks a write that changes channel audiences: the generation moves now and when the
    /// returned guard is dropped (after the write commits or fails).
    pub(crate) fn audience_change(&self) -> AudienceChange {
        self.audience
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        AudienceChange(std::sync::Arc::clone(&self.audience))
    }

    /// `"postgres"` or `"sqlite"`.
    pub fn driver_name(&self) -> &'static str {
        match &*self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        crate::with_db!(self, |p, _pg| sqlx::query("SELECT 1")
            .execute(p)
            .await
            .is_ok())
    }

    /// Closes the pool (at shutdown).
    pub async fn close(&self) {
        crate::with_db!(self, |p, _pg| p.close().await)
    }
}

/// Held while a write changes what a generation counter stands for: the counter moved when the
/// guard was made and moves again when it is dropped (see [`Store::audience_change`]).
pub(crate) struct AudienceChange(pub(crate) std::sync::Arc<std::sync::atomic::AtomicU64>);

impl Drop for AudienceChange {
    fn drop(&mut self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:****{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

async fn tokio_timeout<T>(
    fut: impl std::future::Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, sqlx::Error> {
    match tokio::time::timeout(Duration::from_secs(10), fut).await {
        Ok(r) => r,
        Err(_) => Err(sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "no answer within 10 s (connection timed out)",
        ))),
    }
}

/// Whether a PostgreSQL host is this machine (a loopback address, `localhost`, or a Unix socket).
fn is_loopback(host: &str) -> bool {
    host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts() {
        assert!(super::is_loopback("127.0.0.1"));
        assert!(super::is_loopback("localhost"));
        assert!(super::is_loopback("::1"));
        assert!(super::is_loopback("/var/run/postgresql"));
        assert!(!super::is_loopback("db.example.com"));
        assert!(!super::is_loopback("10.0.0.5"));
    }
}
