//! The `outpost` command: `serve`, `user create`, `search reindex`, `version`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use outpost_model::user::User;
use outpost_server::settings::{Overrides, Settings};
use outpost_server::{ServerOptions, build_app, start};

#[derive(Parser)]
#[command(
    name = "outpost",
    about = "A self-hosted team-chat server that speaks Mattermost's API."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(Common),
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the post search index.
    Search {
        #[command(subcommand)]
        command: SearchCommand,
    },
    /// Print the version.
    Version,
}

#[derive(Subcommand)]
enum SearchCommand {
    /// Rebuild the post search index from the posts in the database.
    Reindex(Common),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user.
    Create {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        email: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: String,
        /// Make the user a system administrator.
        #[arg(long)]
        system_admin: bool,
    },
}

#[derive(Args, Clone)]
struct Common {
    /// Configuration file.
    #[arg(long, default_value = "outpost.toml", env = "OUTPOST_CONFIG")]
    config: PathBuf,
    /// Address to listen on [env: OUTPOST_LISTEN] [default: 0.0.0.0:8065]
    #[arg(long)]
    listen: Option<String>,
    /// Data directory [env: OUTPOST_DATA_DIR] [default: ./data]
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// sqlite://… or postgres://… [env: OUTPOST_DATABASE_URL]
    #[arg(long)]
    database_url: Option<String>,
    /// Public URL of the site [env: OUTPOST_SITE_URL]
    #[arg(long)]
    site_url: Option<String>,
    /// error, warn, info, debug, trace [env: OUTPOST_LOG_LEVEL]
    #[arg(long)]
    log_level: Option<String>,
    /// text or json [env: OUTPOST_LOG_FORMAT]
    #[arg(long)]
    log_format: Option<String>,
}

impl Common {
    fn settings(&self) -> Result<Settings, String> {
        Settings::load(
            &self.config,
            &Overrides {
                listen: self.listen.clone(),
                data_dir: self.data_dir.clone(),
                database_url: self.database_url.clone(),
                site_url: self.site_url.clone(),
                log_level: self.log_level.clone(),
                log_format: self.log_format.clone(),
            },
        )
    }
}

fn server_options(s: &Settings) -> ServerOptions {
    ServerOptions {
        database_url: s.database_url(),
        pg_schema: None,
        data_dir: s.data_dir.clone(),
        env_overrides: s.env_overrides(std::env::vars()),
        password_iterations: outpost_app::password::DEFAULT_ITERATIONS,
        max_connections: s.max_connections,
    }
}

fn init_logging(s: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{},sqlx=warn", s.log_level.to_lowercase()))
    });
    // Colours only on a terminal: a log file or journal gets plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    if s.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(common: Common) -> Result<(), String> {
    let settings = common.settings()?;
    init_logging(&settings);
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let handle = start(server_options(&settings), listener)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(addr = %handle.addr, driver = handle.app.driver_name(), "Outpost is listening");
    shutdown_signal().await;
    tracing::info!("shutting down");
    handle.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

async fn create_user(
    common: Common,
    email: String,
    username: String,
    password: String,
    system_admin: bool,
) -> Result<(), String> {
    let settings = common.settings()?;
    std::fs::create_dir_all(&settings.data_dir)
        .map_err(|e| format!("data directory {}: {e}", settings.data_dir.display()))?;
    let app = build_app(&server_options(&settings), outpost_core::Config::default())
        .await
        .map_err(|e| e.to_string())?;
    let user = User {
        email,
        username,
        password,
        ..User::default()
    };
    let created = app
        .create_user_from_cli(user, system_admin)
        .await
        .map_err(|e| format!("{} ({})", e.message, e.id))?;
    app.shutdown().await;
    println!(
        "created user {} ({}) with roles \"{}\"",
        created.username, created.id, created.roles
    );
    Ok(())
}

async fn reindex(common: Common) -> Result<(), String> {
    let settings = common.settings()?;
    std::fs::create_dir_all(&settings.data_dir)
        .map_err(|e| format!("data directory {}: {e}", settings.data_dir.display()))?;
    let app = build_app(&server_options(&settings), outpost_core::Config::default())
        .await
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let mut last = std::time::Instant::now();
    let total = app
        .reindex_posts(|n| {
            if last.elapsed().as_secs() >= 5 {
                eprintln!("indexed {n} posts…");
                last = std::time::Instant::now();
            }
        })
        .await
        .map_err(|e| format!("{} ({})", e.message, e.id))?;
    app.shutdown().await;
    println!(
        "indexed {total} posts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(common) => serve(common).await,
            Command::User {
                command:
                    UserCommand::Create {
                        common,
                        email,
                        username,
                        password,
                        system_admin,
                    },
            } => create_user(common, email, username, password, system_admin).await,
            Command::Search {
                command: SearchCommand::Reindex(common),
            } => reindex(common).await,
            Command::Version => {
                println!(
                    "outpost {} (Mattermost API compatibility {})",
                    outpost_core::OUTPOST_VERSION,
                    outpost_core::MATTERMOST_VERSION
                );
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
