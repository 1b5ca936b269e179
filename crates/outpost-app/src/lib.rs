//! Services: one per domain, holding the business rules and permission checks that REST (and later
//! WebSocket, slash commands, plugins) share. Handlers call exactly one service method.

pub mod auth;
pub mod avatar;
pub mod config;
pub mod drafts;
pub mod emoji;
mod events;
pub mod files;
pub use outpost_password as password;
pub mod channels;
pub mod integrations;
pub mod notifications;
pub mod permissions;
pub mod posts;
pub mod preferences;
pub mod presence;
pub mod reactions;
pub mod realtime;
pub mod search;
pub mod sidebar;
pub mod status;
mod system_posts;
pub mod teams;
pub mod threads;
pub mod unreads;
pub mod users;

use std::path::PathBuf;
use std::sync::{Arc, RwLock, Weak};

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
    /// Channel members as mention detection and notifications read them, per channel.
    pub(crate) rosters: posts::Rosters,
    /// The WebSocket hub of this node.
    pub(crate) hub: Arc<outpost_realtime::Hub>,
    /// Whether the server has no user yet (`NoAccounts` in the client config: the first-run screen).
    pub(crate) no_accounts: std::sync::atomic::AtomicBool,
    /// `X-Version-Id`, recomputed whenever the configuration changes.
    pub(crate) version_id: RwLock<String>,
    /// The file store of the current file settings.
    pub(crate) files: files::storage::StoreCache,
    /// Where posts are searched.
    pub(crate) search: Arc<dyn search::engine::SearchEngine>,
    /// Feeds post changes to [`Self::search`] in the background.
    pub(crate) indexer: search::engine::Indexer,
    /// The HTTP client for calls to integrations (guarded against internal targets).
    #[allow(
        dead_code,
        reason = "used by slash commands and outgoing webhooks as they land"
    )]
    pub(crate) outbound: integrations::outbound::Outbound,
    /// `trigger_id`s handed to integrations, for opening dialogs.
    pub(crate) triggers: integrations::Triggers,
    /// This app itself, for work that outlives a request (notifications, outgoing webhooks, indexing).
    me: std::sync::OnceLock<Weak<App>>,
    /// Notification keys, the e-mail batch and the delivery slots.
    pub(crate) notify: notifications::NotifyState,
}

impl App {
    /// Builds the app: seeds default roles, loads the stored configuration over `initial`.
    pub async fn new(store: Store, initial: Config, opts: AppOptions) -> AppResult<Arc<Self>> {
        // Outbound TLS (S3, webhooks, push, SMTP) needs one process-wide crypto provider; a second
        // App in the same process finds it installed already, which is fine.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let search: Arc<dyn search::engine::SearchEngine> =
            Arc::new(search::engine::DatabaseSearch(store.clone()));
        let app = Self {
            indexer: search::engine::Indexer::start(Arc::clone(&search)),
            search,
            store,
            opts,
            config: RwLock::new(Arc::new(initial)),
            roles: permissions::RoleCache::default(),
            version_id: RwLock::new(String::new()),
            no_accounts: std::sync::atomic::AtomicBool::new(false),
            hub: Arc::new(outpost_realtime::Hub::default()),
            pending: posts::PendingPosts::default(),
            rosters: posts::Rosters::default(),
            outbound: integrations::outbound::Outbound::default(),
            triggers: integrations::Triggers::default(),
            me: std::sync::OnceLock::new(),
            files: files::storage::StoreCache::default(),
            notify: notifications::NotifyState::default(),
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
        let users = app
            .store
            .count_users(true)
            .await
            .map_err(internal("app.user.get_total_users_count.app_error"))?;
        app.no_accounts
            .store(users == 0, std::sync::atomic::Ordering::Relaxed);
        app.load_stored_config().await?;
        app.init_notifications().await?;
        app.refresh_version_id();
        let app = Arc::new(app);
        let _ = app.me.set(Arc::downgrade(&app));
        Ok(app)
    }

    /// A strong handle to this app, for spawning background work from a `&self` method. `None`
    /// only while the app is being dropped.
    pub(crate) fn arc(&self) -> Option<Arc<App>> {
        self.me.get().and_then(Weak::upgrade)
    }

    /// Runs `work` in the background with a handle to the app; nothing happens once the app is gone.
    pub(crate) fn spawn_background<F, Fut>(&self, work: F)
    where
        F: FnOnce(Arc<App>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        if let Some(app) = self.arc() {
            tokio::spawn(work(app));
        }
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
