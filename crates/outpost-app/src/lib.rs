//! Services: one per domain, holding the business rules and permission checks that REST (and later
//! WebSocket, slash commands, plugins) share. Handlers call exactly one service method.

pub mod auth;
pub mod avatar;
pub mod config;
pub use outpost_password as password;
pub mod channels;
pub mod permissions;
pub mod posts;
pub mod preferences;
pub mod reactions;
pub mod realtime;
pub mod sidebar;
pub mod status;
pub mod teams;
pub mod users;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use outpost_core::{AppError, Config};
use outpost_store::{Store, StoreError};
use serde_json::Value;

pub use auth::SessionCtx;
pub use outpost_core::AppResult;

/// Settings fixed at start (not part of the editable configuration).
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Where files, avatars and the SQLite database live.
    pub data_dir: PathBuf,
    /// PBKDF2 work factor for new password hashes (Mattermost's 600,000 unless a test lowers it).
    pub password_iterations: u32,
    /// Settings fixed by the environment: `{"Section": {"Key": value}}`; reported and never overwritten.
    pub env_overrides: Value,
}

/// The application: every service hangs off this one value, built once in `run()`.
pub struct App {
    pub(crate) store: Store,
    pub(crate) opts: AppOptions,
    pub(crate) config: RwLock<Arc<Config>>,
    pub(crate) roles: permissions::RoleCache,
    /// Recently used `pending_post_id`s.
    pub(crate) pending: posts::PendingPosts,
    /// The WebSocket hub of this node.
    pub(crate) hub: Arc<outpost_realtime::Hub>,
    /// `X-Version-Id`, recomputed whenever the configuration changes.
    pub(crate) version_id: RwLock<String>,
}

impl App {
    /// Builds the app: seeds default roles, loads the stored configuration over `initial`.
    pub async fn new(store: Store, initial: Config, opts: AppOptions) -> AppResult<Arc<Self>> {
        let app = Self {
            store,
            opts,
            config: RwLock::new(Arc::new(initial)),
            roles: permissions::RoleCache::default(),
            version_id: RwLock::new(String::new()),
            hub: Arc::new(outpost_realtime::Hub::default()),
            pending: posts::PendingPosts::default(),
        };
        app.store
            .seed_roles(
                &outpost_core::roles::builtin_roles(),
                outpost_model::new_id,
                outpost_model::now_millis(),
            )
            .await
            .map_err(internal("app.role.seed.app_error"))?;
        app.reload_roles().await?;
        app.load_stored_config().await?;
        Ok(Arc::new(app))
    }

    /// The current configuration (cheap: an `Arc` clone).
    pub fn config(&self) -> Arc<Config> {
        self.config
            .read()
            .map(|c| Arc::clone(&c))
            .unwrap_or_else(|poisoned| Arc::clone(&poisoned.into_inner()))
    }

    /// `<version>.<build>.<client config hash>.<licensed>`, as Mattermost's `X-Version-Id`.
    pub fn version_id(&self) -> String {
        self.version_id
            .read()
            .map(|v| v.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// The WebSocket hub.
    pub fn hub(&self) -> &outpost_realtime::Hub {
        &self.hub
    }

    /// The store's driver name, for `/system/ping` and `SqlSettings.DriverName`.
    pub fn driver_name(&self) -> &'static str {
        self.store.driver_name()
    }

    /// Whether the database answers.
    pub async fn database_ok(&self) -> bool {
        self.store.ping().await
    }

    /// Closes the database pool.
    pub async fn shutdown(&self) {
        self.store.close().await;
    }
}

/// Maps a store failure to a logged 500 with the given error id.
pub(crate) fn internal(id: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| {
        tracing::error!(error = %e, id, "store failure");
        AppError::internal(id)
    }
}

/// Maps not-found to the given 404, anything else to a logged 500.
pub(crate) fn not_found_or_internal(
    id: &'static str,
    message: &'static str,
) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::NotFound => AppError::not_found(id, message),
        other => {
            tracing::error!(error = %other, id, "store failure");
            AppError::internal(id)
        }
    }
}
