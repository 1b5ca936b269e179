//! Test support: [`TestServer`] boots the real server on `127.0.0.1:0` over SQLite (default) or
//! PostgreSQL (when `OUTPOST_TEST_DATABASE_URL` is set: each server gets a fresh schema), and
//! [`Client`] talks to it over HTTP like any Mattermost client would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: failing loudly is the point"
)]

use std::sync::atomic::{AtomicU32, Ordering};

use outpost_server::{ServerHandle, ServerOptions, start};
use serde_json::{Value, json};

/// Environment variable naming the PostgreSQL database the tests use; unset = SQLite.
pub const PG_ENV: &str = "OUTPOST_TEST_DATABASE_URL";

/// Password every fixture user gets.
pub const PASSWORD: &str = "Passw0rd!";

/// A real server for one test.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// `"sqlite"` or `"postgres"`.
    pub backend: &'static str,
    handle: Option<ServerHandle>,
    _dir: tempfile::TempDir,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestServer {
    /// Starts a server with the default configuration.
    pub async fn spawn() -> Self {
        Self::spawn_with(json!({})).await
    }

    /// Starts a server with settings fixed as if by the environment (`{Section: {Key: value}}`).
    pub async fn spawn_with(env_overrides: Value) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (database_url, pg_schema, backend) = match std::env::var(PG_ENV) {
            Ok(url) if !url.is_empty() => {
                let n = COUNTER.fetch_add(1, Ordering::SeqCst);
                let schema = format!("t{}_{}_{}", std::process::id(), n, outpost_model::new_id());
                (url, Some(schema), "postgres")
            }
            _ => (
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("outpost.db").display()
                ),
                None,
                "sqlite",
            ),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        // Files go to the test's own directory unless the test chose a store.
        let mut env_overrides = env_overrides;
        if env_overrides.pointer("/FileSettings/Directory").is_none()
            && let Some(root) = env_overrides.as_object_mut()
        {
            let section = root.entry("FileSettings").or_insert_with(|| json!({}));
            if let Some(section) = section.as_object_mut() {
                section.insert(
                    "Directory".to_owned(),
                    json!(dir.path().join("files").display().to_string()),
                );
            }
        }
        let opts = ServerOptions {
            database_url,
            pg_schema,
            data_dir: dir.path().to_path_buf(),
            env_overrides,
            password_iterations: 1000,
            max_connections: 5,
        };
        let handle = start(opts, listener).await.expect("server starts");
        let url = format!("http://{}", handle.addr);
        Self {
            url,
            backend,
            handle: Some(handle),
            _dir: dir,
        }
    }

    /// A client with no session.
    pub fn client(&self) -> Client {
        Client::new(&self.url)
    }

    /// Creates the first user (who becomes system admin) and returns a client logged in as them.
    pub async fn admin(&self) -> (Client, Value) {
        let c = self.client();
        let user = c
            .post("/api/v4/users", json!({"username": "sysadmin", "email": "sysadmin@example.com", "password": PASSWORD}))
            .await
            .ok(201);
        let mut c = self.client();
        c.login("sysadmin", PASSWORD).await;
        (c, user)
    }

    /// Creates a regular user through `admin` and returns a client logged in as them.
    pub async fn user(&self, admin: &Client, username: &str) -> (Client, Value) {
        let user = admin
            .post(
                "/api/v4/users",
                json!({"username": username, "email": format!("{username}@example.com"), "password": PASSWORD}),
            )
            .await
            .ok(201);
        let mut c = self.client();
        c.login(username, PASSWORD).await;
        (c, user)
    }

    /// The server's application, for driving background jobs (e.g. presence) from a test.
    pub fn app(&self) -> std::sync::Arc<outpost_server::App> {
        std::sync::Arc::clone(&self.handle.as_ref().expect("server running").app)
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(h) = self.handle.take() {
            h.shutdown().await;
        }
    }
}

/// An HTTP client speaking JSON, holding a session token once logged in.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    /// The session token sent as `Authorization: Bearer`.
    pub token: Option<String>,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    pub json: Value,
}

impl Resp {
    /// Asserts the status and returns the JSON body.
    #[track_caller]
    pub fn ok(self, status: u16) -> Value {
        assert_eq!(
            self.status,
            status,
            "unexpected status; body: {}",
            String::from_utf8_lossy(&self.body)
        );
        self.json
    }

    /// Asserts a Mattermost error with this status and id, and the full error shape.
    #[track_caller]
    pub fn err(self, status: u16, id: &str) -> Value {
        assert_eq!(
            self.status,
            status,
            "unexpected status; body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.json["id"], id,
            "unexpected error id; body: {}",
            self.json
        );
        assert_eq!(self.json["status_code"], status, "status_code field");
        assert!(
            self.json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "message"
        );
        assert!(
            self.json.get("detailed_error").is_some(),
            "detailed_error present"
        );
        assert!(
            self.json["request_id"]
                .as_str()
                .is_some_and(|r| r.len() == 26),
            "request_id"
        );
        self.json
    }

    /// A response header as text.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

impl Client {
    /// A client for the server at `base`.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            http: reqwest::Client::new(),
            token: None,
        }
    }

    /// Logs in and keeps the token.
    pub async fn login(&mut self, login_id: &str, password: &str) -> Value {
        let r = self
            .post(
                "/api/v4/users/login",
                json!({"login_id": login_id, "password": password}),
            )
            .await;
        let token = r.header("token");
        let user = r.ok(200);
        assert!(!token.is_empty(), "login returns a Token header");
        self.token = Some(token);
        user
    }

    /// Sends a request with an optional JSON body.
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Resp {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::read(req).await
    }

    /// Sends a prepared request builder (raw bodies, custom headers).
    pub async fn read(req: reqwest::RequestBuilder) -> Resp {
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.bytes().await.expect("body read").to_vec();
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            json,
        }
    }

    /// A request builder with this client's session, for raw bodies and custom headers.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        req
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Resp {
        self.send(reqwest::Method::GET, path, None).await
    }
    /// POST with a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }
    /// PUT with a JSON body.
    pub async fn put(&self, path: &str, body: Value) -> Resp {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }
    /// DELETE.
    pub async fn delete(&self, path: &str) -> Resp {
        self.send(reqwest::Method::DELETE, path, None).await
    }
}
