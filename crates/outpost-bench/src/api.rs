//! A small Mattermost API v4 client: JSON requests with a session token.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

pub type Res<T> = Result<T, String>;

/// One HTTP client (a keep-alive connection pool) for a server.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

/// A response: status, the `Token` header if any, the body.
pub struct Resp {
    pub status: u16,
    pub token: Option<String>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn is_ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// An error message naming the request, the status and the server's message.
    pub fn error(&self, what: &str) -> String {
        let v = self.json();
        let msg = v["message"].as_str().map_or_else(
            || {
                String::from_utf8_lossy(&self.body)
                    .chars()
                    .take(200)
                    .collect()
            },
            str::to_owned,
        );
        format!("{what}: HTTP {}: {msg}", self.status)
    }
}

impl Api {
    pub fn new(base: &str, pool: usize) -> Res<Self> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .tcp_nodelay(true)
            .pool_max_idle_per_host(pool)
            .pool_idle_timeout(Duration::from_secs(90))
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            http,
        })
    }

    /// Sends `method path` with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Res<Resp> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req
            .send()
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let status = res.status().as_u16();
        let token = res
            .headers()
            .get("token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = res
            .bytes()
            .await
            .map_err(|e| format!("{method} {path}: reading the body: {e}"))?
            .to_vec();
        Ok(Resp {
            status,
            token,
            body,
        })
    }

    /// Like [`Api::call`], but a non-2xx status is an error; returns the parsed body.
    pub async fn ok(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Res<Value> {
        let what = format!("{method} {path}");
        let r = self.call(method, path, token, body).await?;
        if r.is_ok() {
            Ok(r.json())
        } else {
            Err(r.error(&what))
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Res<Value> {
        self.ok(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Res<Value> {
        self.ok(Method::POST, path, Some(token), Some(body)).await
    }

    /// Logs in; returns (user id, session token).
    pub async fn login(&self, login_id: &str, password: &str) -> Res<(String, String)> {
        let body = serde_json::json!({"login_id": login_id, "password": password});
        let r = self
            .call(Method::POST, "/api/v4/users/login", None, Some(&body))
            .await?;
        if !r.is_ok() {
            return Err(r.error(&format!("login as {login_id}")));
        }
        let token = r
            .token
            .clone()
            .ok_or_else(|| format!("login as {login_id}: no Token header"))?;
        let id = r.json()["id"].as_str().unwrap_or_default().to_owned();
        Ok((id, token))
    }
}

/// `http://host` → `ws://host`, `https://host` → `wss://host`.
pub fn ws_url(base: &str) -> String {
    let base = base.trim_end_matches('/');
    let ws = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_owned()
    };
    format!("{ws}/api/v4/websocket")
}
