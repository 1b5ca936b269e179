//! Outpost's store: Mattermost's schema on SQLite (embedded default) or PostgreSQL.
//!
//! Both backends run the same SQL, written in PostgreSQL's dialect; [`sql`] strips the
//! PostgreSQL-only casts (`::jsonb`, `::channel_type`, …) for SQLite. Every method owns its
//! transaction. See `docs/decisions/0001-one-store-two-backends.md`.

pub mod channels;
pub mod commands;
mod db;
pub mod drafts;
pub mod error;
mod facts;
pub mod files;
mod lite;
pub mod notifications;
pub mod permissions;
mod pgbatch;
pub mod posts;
pub mod preferences;
pub mod reactions;
pub mod roles;
pub mod search;
pub mod sessions;
pub mod sidebar;
pub mod status;
pub mod system;
pub mod teams;
pub mod threads;
pub mod unreads;
pub mod users;
pub mod webhooks;
mod writer;

pub use db::{Store, StoreOptions, redact as redact_url};
pub use error::{StoreError, StoreResult};

/// Rewrites PostgreSQL-dialect SQL for the backend: on SQLite, `::type` casts are removed.
pub(crate) fn sql(pg: bool, text: &str) -> sqlx::AssertSqlSafe<String> {
    if pg {
        return sqlx::AssertSqlSafe(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            while chars
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    sqlx::AssertSqlSafe(out)
}

/// The role names of a membership: its explicit roles plus `<scope>_guest|user|admin` from the
/// scheme flags (how Mattermost reports `TeamMember.roles` and `ChannelMember.roles`).
pub(crate) fn scheme_roles(
    scope: &str,
    explicit: &str,
    guest: bool,
    user: bool,
    admin: bool,
) -> String {
    let mut roles: Vec<String> = explicit.split_whitespace().map(str::to_owned).collect();
    for (on, suffix) in [(guest, "guest"), (user, "user"), (admin, "admin")] {
        let name = format!("{scope}_{suffix}");
        if on && !roles.contains(&name) {
            roles.push(name);
        }
    }
    roles.join(" ")
}

/// Runs `$body` with `$pool` bound to the concrete pool and `$pg` telling which backend it is.
macro_rules! with_db {
    ($store:expr, |$pool:ident, $pg:ident| $body:expr) => {
        match &*$store.backend {
            $crate::db::Backend::Sqlite($pool) => {
                let $pg = false;
                $body
            }
            $crate::db::Backend::Postgres($pool) => {
                let $pg = true;
                $body
            }
        }
    };
}
pub(crate) use with_db;

/// Opens a write transaction. On SQLite it starts `IMMEDIATE`: the write lock is taken up front, so a
/// transaction that reads before it writes never fails with a stale snapshot (`SQLITE_BUSY_SNAPSHOT`,
/// which the busy timeout does not retry) when another connection wrote in between.
///
/// On SQLite, consecutive write transactions share one database commit (group commit, see
/// `writer.rs`); each still succeeds or fails on its own.
pub(crate) trait WriteTx {
    type Tx;
    async fn begin_write(&self) -> Result<Self::Tx, sqlx::Error>;
}

impl WriteTx for sqlx::SqlitePool {
    type Tx = writer::SqliteTx;
    async fn begin_write(&self) -> Result<writer::SqliteTx, sqlx::Error> {
        writer::begin(self).await
    }
}

impl WriteTx for sqlx::PgPool {
    type Tx = sqlx::Transaction<'static, sqlx::Postgres>;
    async fn begin_write(&self) -> Result<Self::Tx, sqlx::Error> {
        self.begin().await
    }
}

/// `(a, b, c)` placeholders `$start..` for an `IN` list of `n` items.
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    let items: Vec<String> = (start..start + n).map(|i| format!("${i}")).collect();
    format!("({})", items.join(", "))
}

/// A case-insensitive search term that matches the same rows on both backends.
///
/// SQLite's `lower()` and `LIKE` fold ASCII letters only, PostgreSQL's fold every letter, so
/// `lower(col) LIKE $n` alone finds `Équipe` for `équipe` on PostgreSQL but not on SQLite. The
/// [`pattern`](Self::pattern) (for `lower(col) LIKE $n ESCAPE '\'`) turns every non-ASCII
/// character into the one-character wildcard `_`, so both backends return a superset, and
/// [`matches`](Self::matches) keeps the rows whose Unicode-lowercased text really matches. When the
/// term is ASCII the pattern is already exact, so [`exact`](Self::exact) tells callers whether a
/// SQL `LIMIT` may be applied before the filter.
pub(crate) struct Search {
    needle: String,
    prefix: bool,
    pub(crate) pattern: String,
    pub(crate) exact: bool,
}

impl Search {
    /// A substring (`prefix == false`) or prefix search for `term`.
    pub(crate) fn new(term: &str, prefix: bool) -> Self {
        // The post-search normaliser (Unicode lower case, full-width ASCII folded), so users,
        // channels and posts fold text the same way.
        let needle = outpost_core::search::fold(term);
        let mut pattern = String::with_capacity(needle.len() + 2);
        if !prefix {
            pattern.push('%');
        }
        for c in needle.chars() {
            match c {
                '\\' | '%' | '_' => {
                    pattern.push('\\');
                    pattern.push(c);
                }
                c if !c.is_ascii() => pattern.push('_'),
                c => pattern.push(c),
            }
        }
        pattern.push('%');
        Search {
            exact: needle.is_ascii(),
            needle,
            prefix,
            pattern,
        }
    }

    /// Whether any of `values` matches, folded like the term.
    pub(crate) fn matches<'a>(&self, values: impl IntoIterator<Item = &'a str>) -> bool {
        values.into_iter().any(|v| {
            let v = outpost_core::search::fold(v);
            if self.prefix {
                v.starts_with(&self.needle)
            } else {
                v.contains(&self.needle)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_casts_for_sqlite() {
        assert_eq!(
            super::sql(
                false,
                "SELECT props::text AS p FROM t WHERE type = $1::channel_type"
            )
            .0,
            "SELECT props AS p FROM t WHERE type = $1"
        );
        assert_eq!(super::sql(true, "a::text").0, "a::text");
        assert_eq!(super::placeholders(2, 3), "($2, $3, $4)");
    }

    #[test]
    fn search_patterns_are_backend_neutral() {
        let s = super::Search::new("Équ_1%", false);
        assert_eq!(s.pattern, "%_qu\\_1\\%%");
        assert!(!s.exact);
        assert!(s.matches(["x", "une ÉQU_1% ici"]));
        assert!(!s.matches(["equ_1%"]));
        let p = super::Search::new("Al", true);
        assert_eq!((p.pattern.as_str(), p.exact), ("al%", true));
        assert!(p.matches(["ALICE"]) && !p.matches(["mal"]));
    }
}
