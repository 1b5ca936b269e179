//! The web client: the built `web/dist` served at `/`, with a single-page-app fallback.
//!
//! Release builds embed `web/dist` in the binary; debug builds read it from disk on every request,
//! so `npm run build` is picked up without recompiling. When `web/dist` does not exist the server
//! still builds and `/` answers a 404 page saying how to build the client.
//!
//! Caching: files under `assets/` carry a content hash in their name (Vite), so they are cached for
//! a year as immutable; everything else — above all `index.html`, which names the current hashes —
//! is `no-cache` and revalidated with its `ETag`.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;

use crate::handlers::system;

/// `web/dist` of the workspace (the absolute path comes from `build.rs`).
#[derive(RustEmbed)]
#[folder = "$OUTPOST_WEB_DIST/"]
#[allow_missing = true]
struct Dist;

const INDEX: &str = "index.html";
const HASHED_DIR: &str = "assets/";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Everything the route table does not match: unknown `/api/...` paths keep Mattermost's JSON 404;
/// any other GET or HEAD is the web client (compressed when the client accepts it).
pub async fn fallback(req: Request) -> Response {
    let is_read = matches!(*req.method(), Method::GET | Method::HEAD);
    if is_api(req.uri().path()) || !is_read {
        return system::not_found().await.into_response();
    }
    let service = tower::ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .service_fn(|req: Request| async move {
            Ok::<_, Infallible>(serve::<Dist>(req.uri().path(), req.headers()))
        });
    match service.oneshot(req).await {
        Ok(res) => res.into_response(),
        Err(never) => match never {},
    }
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The response for `path` from the asset set `E`: the file itself, or `index.html` for client-side
/// routes. Missing hashed assets are a plain 404 (never HTML served as a script).
fn serve<E: RustEmbed>(path: &str, req_headers: &HeaderMap) -> Response {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|seg| seg == "..") {
        return not_found_text();
    }
    if !rel.is_empty()
        && rel != INDEX
        && let Some(file) = E::get(rel)
    {
        return file_response(file, cache_control(rel), req_headers);
    }
    if rel.starts_with(HASHED_DIR) {
        return not_found_text();
    }
    match E::get(INDEX) {
        Some(index) => file_response(index, REVALIDATE, req_headers),
        None => not_built_page(),
    }
}

/// The `Cache-Control` value for a file path relative to `web/dist`.
fn cache_control(rel: &str) -> &'static str {
    if rel.starts_with(HASHED_DIR) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

fn file_response(
    file: rust_embed::EmbeddedFile,
    cache: &'static str,
    req_headers: &HeaderMap,
) -> Response {
    let etag = format!("\"{}\"", hex(&file.metadata.sha256_hash()[..16]));
    let fresh = req_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut res = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Body::from(file.data.into_owned()).into_response()
    };
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(file.metadata.mimetype()) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn not_found_text() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, REVALIDATE)],
        "404 page not found\n",
    )
        .into_response()
}

/// What `/` shows when the binary was built without `web/dist`.
fn not_built_page() -> Response {
    const PAGE: &str = concat!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<title>Outpost: web client not built</title></head>",
        "<body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;line-height:1.5\">",
        "<h1>The Outpost web client is not built</h1>",
        "<p>This server answers the Mattermost API at <code>/api/v4</code>, but its web client was ",
        "not found. Build it with <code>make web</code> (or <code>npm ci &amp;&amp; npm run build</code> ",
        "in <code>web/</code>) and restart, or use <code>make run</code>, which does both.</p>",
        "</body></html>\n"
    );
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, REVALIDATE),
        ],
        PAGE,
    )
        .into_response()
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[derive(RustEmbed)]
    #[folder = "testdata/web-dist/"]
    struct Fixture;

    #[derive(RustEmbed)]
    #[folder = "testdata/absent/"]
    #[allow_missing = true]
    struct Missing;

    fn get<E: RustEmbed>(path: &str) -> (StatusCode, HeaderMap) {
        let res = serve::<E>(path, &HeaderMap::new());
        (res.status(), res.headers().clone())
    }

    fn header(h: &HeaderMap, name: header::HeaderName) -> &str {
        h.get(name).unwrap().to_str().unwrap()
    }

    #[test]
    fn index_and_client_routes_get_index_html_revalidated() {
        for path in [
            "/",
            "/index.html",
            "/myteam/channels/town-square",
            "/t/messages/@a.b",
        ] {
            let (status, h) = get::<Fixture>(path);
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(header(&h, header::CONTENT_TYPE), "text/html", "{path}");
            assert_eq!(header(&h, header::CACHE_CONTROL), "no-cache", "{path}");
        }
    }

    #[test]
    fn hashed_assets_are_immutable_with_their_type() {
        let (status, h) = get::<Fixture>("/assets/app-abc123.js");
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&h, header::CONTENT_TYPE), "text/javascript");
        assert_eq!(header(&h, header::CACHE_CONTROL), IMMUTABLE);
        let (_, h) = get::<Fixture>("/favicon.svg");
        assert_eq!(header(&h, header::CONTENT_TYPE), "image/svg+xml");
        assert_eq!(header(&h, header::CACHE_CONTROL), "no-cache");
    }

    #[test]
    fn missing_assets_are_404_not_html() {
        let (status, h) = get::<Fixture>("/assets/gone-000.js");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(header(&h, header::CONTENT_TYPE).starts_with("text/plain"));
        assert_eq!(get::<Fixture>("/../Cargo.toml").0, StatusCode::NOT_FOUND);
    }

    #[test]
    fn etag_revalidation_answers_304() {
        let (_, h) = get::<Fixture>("/");
        let mut req = HeaderMap::new();
        req.insert(header::IF_NONE_MATCH, h.get(header::ETAG).unwrap().clone());
        assert_eq!(
            serve::<Fixture>("/", &req).status(),
            StatusCode::NOT_MODIFIED
        );
    }

    #[test]
    fn without_a_build_every_page_is_a_helpful_404() {
        let (status, h) = get::<Missing>("/");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(header(&h, header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(get::<Missing>("/team/channels/x").0, StatusCode::NOT_FOUND);
    }

    #[test]
    fn api_paths_are_recognised() {
        assert!(is_api("/api/v4/nope"));
        assert!(is_api("/api"));
        assert!(!is_api("/apiary"));
        assert!(!is_api("/"));
    }
}
