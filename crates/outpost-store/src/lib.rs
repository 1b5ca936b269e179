//! Outpost's store: Mattermost's schema on SQLite (embedded default) or PostgreSQL.
//!
//! Both backends run the same SQL, written in PostgreSQL's dialect; [`sql`] strips the
//! PostgreSQL-only casts (`::jsonb`, `::channel_type`, …) for SQLite. Every method owns its
//! transaction. See `docs/decisions/0001-one-store-two-backends.md`.

pub mod channels;
mod db;
pub mod error;
pub mod permissions;
pub mod posts;
pub mod preferences;
pub mod reactions;
pub mod roles;
pub mod sessions;
pub mod sidebar;
pub mod status;
pub mod system;
pub mod teams;
pub mod threads;
pub mod users;

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

/// `(a, b, c)` placeholders `$start..` for an `IN` list of `n` items.
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    let items: Vec<String> = (start..start + n).map(|i| format!("${i}")).collect();
    format!("({})", items.join(", "))
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
}
