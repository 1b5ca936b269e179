//! A stand-in for an external integration: a real HTTP server on 127.0.0.1 that records every
//! request and answers from a table of canned responses.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// One request the integration received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    /// Form fields of the body (or of the query string for GETs).
    pub fn form(&self) -> HashMap<String, String> {
        let src = if self.method == Method::GET {
            self.query.as_bytes().to_vec()
        } else {
            self.body.clone()
        };
        url::form_urlencoded::parse(&src).into_owned().collect()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A canned answer: status, content type, body, and an optional delay.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub delay: Duration,
}

impl Canned {
    pub fn json(v: serde_json::Value) -> Self {
        Self {
            status: 200,
            content_type: "application/json",
            body: v.to_string(),
            delay: Duration::ZERO,
        }
    }
    pub fn text(status: u16, content_type: &'static str, body: &str) -> Self {
        Self {
            status,
            content_type,
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }
}

#[derive(Default)]
struct Inner {
    seen: Mutex<Vec<Seen>>,
    answers: Mutex<HashMap<String, Canned>>,
}

/// The running integration.
#[derive(Clone)]
pub struct Remote {
    pub url: String,
    inner: Arc<Inner>,
}

impl Remote {
    /// Starts it on 127.0.0.1:0.
    pub async fn start() -> Self {
        let inner = Arc::new(Inner::default());
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&inner));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { url, inner }
    }

    /// Answers requests to `path` with `canned` from now on.
    pub fn answer(&self, path: &str, canned: Canned) {
        self.inner
            .answers
            .lock()
            .unwrap()
            .insert(path.to_owned(), canned);
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.inner.seen.lock().unwrap().clone()
    }

    /// Waits (up to 5 s) until `n` requests have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Seen> {
        for _ in 0..100 {
            let seen = self.seen();
            if seen.len() >= n {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} requests, got {:?}", self.seen());
    }
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let body: Bytes = axum::body::to_bytes(req.into_body(), 10 << 20)
        .await
        .unwrap();
    inner.seen.lock().unwrap().push(Seen {
        method,
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or("").to_owned(),
        headers,
        body: body.to_vec(),
    });
    let canned = inner.answers.lock().unwrap().get(uri.path()).cloned();
    match canned {
        Some(c) => {
            tokio::time::sleep(c.delay).await;
            (
                StatusCode::from_u16(c.status).unwrap(),
                [("content-type", c.content_type)],
                c.body,
            )
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
