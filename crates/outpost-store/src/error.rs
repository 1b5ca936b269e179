//! Store errors: not found, conflict (a unique constraint), or a database failure.

/// What a store method can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No row matched.
    #[error("not found")]
    NotFound,
    /// A unique constraint was violated; the string names it (`users_username_key` on PostgreSQL,
    /// `users.username` on SQLite), so callers can tell which field clashed.
    #[error("conflict on {0}")]
    Conflict(String),
    /// Anything else the database said.
    #[error("database error: {0}")]
    Db(#[source] sqlx::Error),
    /// Migration failure at start.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Whether this is a conflict on a constraint whose name mentions `field`.
    pub fn is_conflict_on(&self, field: &str) -> bool {
        matches!(self, StoreError::Conflict(c) if c.contains(field))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(ref db) if db.is_unique_violation() => {
                let name = db
                    .constraint()
                    .map(str::to_owned)
                    .unwrap_or_else(|| db.message().to_owned());
                StoreError::Conflict(name)
            }
            other => StoreError::Db(other),
        }
    }
}

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;
