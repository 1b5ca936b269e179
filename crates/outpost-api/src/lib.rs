//! The HTTP layer: one route table, extractors that turn malformed input into Mattermost-shaped
//! errors, and thin handlers (extract → one service call → respond).

mod error;
mod extract;
mod handlers;
mod middleware;
mod routes;
mod web;

use std::sync::Arc;

use axum::Router;
use outpost_app::App;

pub use error::ApiError;
pub use routes::ROUTES;

/// Shared state of every handler.
pub type AppState = Arc<App>;

/// The whole HTTP application: the API v4 routes plus middleware, and the web client for every
/// other path (unknown `/api/...` paths answer Mattermost's JSON 404).
pub fn router(app: Arc<App>) -> Router {
    routes::api_routes()
        .fallback(web::fallback)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            middleware::finalize,
        ))
        .with_state(app)
}
