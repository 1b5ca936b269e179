//! The composition root: builds the store, the app and the HTTP router, and serves them.
//! `main.rs` is a thin CLI over this; tests start servers through [`start`].

pub mod settings;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use outpost_app::App;
use outpost_app::AppOptions;
use outpost_store::{Store, StoreOptions};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// What a server needs to start.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// PostgreSQL schema to use (tests isolate themselves with one schema each).
    pub pg_schema: Option<String>,
    /// Files, avatars and the SQLite database live here.
    pub data_dir: PathBuf,
    /// Settings fixed by the environment or flags, `{Section: {Key: value}}`.
    pub env_overrides: Value,
    /// PBKDF2 work factor for new password hashes.
    pub password_iterations: u32,
    /// Database pool size.
    pub max_connections: u32,
}

/// Why a server could not start; each renders as one line.
#[derive(Debug)]
pub enum StartError {
    /// The database could not be opened or migrated.
    Database(String),
    /// The application could not initialise.
    App(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Database(m) => write!(f, "cannot open the database: {m}"),
            StartError::App(m) => write!(f, "cannot start: {m}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A running server.
pub struct ServerHandle {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The application (for tests and the CLI).
    pub app: Arc<App>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    jobs: Vec<tokio::task::JoinHandle<()>>,
}

impl ServerHandle {
    /// Stops accepting, lets requests in flight finish, closes the database.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
        for job in &self.jobs {
            job.abort();
        }
        self.app.shutdown().await;
    }

    /// Waits until the server stops by itself (it does not, unless shut down).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

/// Opens the store and builds the app.
pub async fn build_app(
    opts: &ServerOptions,
    initial: outpost_core::Config,
) -> Result<Arc<App>, StartError> {
    let store = Store::open(&StoreOptions {
        url: opts.database_url.clone(),
        max_connections: opts.max_connections,
        pg_schema: opts.pg_schema.clone(),
    })
    .await
    .map_err(|e| {
        StartError::Database(format!(
            "{}: {e}",
            outpost_store::redact_url(&opts.database_url)
        ))
    })?;
    App::new(
        store,
        initial,
        AppOptions {
            data_dir: opts.data_dir.clone(),
            password_iterations: opts.password_iterations,
            env_overrides: opts.env_overrides.clone(),
        },
    )
    .await
    .map_err(|e| StartError::App(e.to_string()))
}

/// Builds everything and serves on `listener` until [`ServerHandle::shutdown`].
pub async fn start(opts: ServerOptions, listener: TcpListener) -> Result<ServerHandle, StartError> {
    std::fs::create_dir_all(&opts.data_dir)
        .map_err(|e| StartError::App(format!("data directory {}: {e}", opts.data_dir.display())))?;
    let app = build_app(&opts, outpost_core::Config::default()).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::App(e.to_string()))?;
    let router = outpost_api::router(Arc::clone(&app));
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = serve.await {
            tracing::error!(error = %e, "server stopped with an error");
        }
    });
    let presence = tokio::spawn(Arc::clone(&app).run_presence_job());
    let email_batches = tokio::spawn(Arc::clone(&app).run_email_batching_job());
    Ok(ServerHandle {
        addr,
        app,
        shutdown: Some(tx),
        task,
        jobs: vec![presence, email_batches],
    })
}
