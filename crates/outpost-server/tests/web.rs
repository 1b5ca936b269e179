//! The web client at `/`: HTML for every non-API path, Mattermost's JSON 404 for unknown API paths.
//! Whether `web/dist` is built or not, `/` answers HTML (the client, or a page saying how to build it).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::TestServer;

#[tokio::test]
async fn unknown_api_paths_keep_the_mattermost_json_404() {
    let server = TestServer::spawn().await;
    let c = server.client();
    for path in ["/api/v4/nope", "/api/v4/teams/x/y/z/w", "/api/v3/users"] {
        let body = c.get(path).await.err(404, "api.context.404.app_error");
        assert_eq!(body["status_code"], 404, "{path}");
    }
    server.stop().await;
}

#[tokio::test]
async fn client_routes_answer_html_that_is_revalidated() {
    let server = TestServer::spawn().await;
    let c = server.client();
    let root = c.get("/").await;
    assert!(root.status == 200 || root.status == 404, "{}", root.status);
    for path in ["/", "/myteam/channels/town-square", "/login"] {
        let r = c.get(path).await;
        assert_eq!(r.status, root.status, "{path}");
        assert!(r.header("content-type").starts_with("text/html"), "{path}");
        assert_eq!(r.header("cache-control"), "no-cache", "{path}");
        assert_eq!(r.body, root.body, "{path}");
    }
    server.stop().await;
}

#[tokio::test]
async fn missing_hashed_assets_are_plain_404s() {
    let server = TestServer::spawn().await;
    let r = server.client().get("/assets/missing-0000.js").await;
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").starts_with("text/plain"));
    server.stop().await;
}

#[tokio::test]
async fn the_page_is_compressed_for_clients_that_accept_gzip() {
    let server = TestServer::spawn().await;
    let c = server.client();
    let req = c
        .request(reqwest::Method::GET, "/")
        .header("accept-encoding", "gzip");
    let r = outpost_testkit::Client::read(req).await;
    assert!(r.status == 200 || r.status == 404);
    if r.status == 200 {
        assert_eq!(r.header("content-encoding"), "gzip");
    }
    server.stop().await;
}
