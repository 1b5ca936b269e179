//! Extractors: the caller's session, JSON bodies, path ids and query strings, each rejecting bad
//! input with Mattermost's error ids.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{Method, header};
use outpost_app::SessionCtx;
use outpost_core::AppError;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::ApiError;

/// Where the token came from: cookie sessions need a CSRF token on writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    Cookie,
    Header,
    Query,
}

/// Finds the token in Mattermost's order: `MMAUTHTOKEN` cookie, `Authorization: Bearer|Token`, `access_token`.
pub fn find_token(parts: &Parts) -> Option<(String, TokenSource)> {
    for value in parts.headers.get_all(header::COOKIE) {
        if let Ok(text) = value.to_str() {
            for pair in text.split(';') {
                if let Some((k, v)) = pair.trim().split_once('=')
                    && k == "MMAUTHTOKEN"
                    && !v.is_empty()
                {
                    return Some((v.to_owned(), TokenSource::Cookie));
                }
            }
        }
    }
    if let Some(auth) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let auth = auth.trim();
        for scheme in [
            "Bearer ", "bearer ", "BEARER ", "Token ", "token ", "TOKEN ",
        ] {
            if let Some(t) = auth.strip_prefix(scheme) {
                return Some((t.trim().to_owned(), TokenSource::Header));
            }
        }
    }
    parts.uri.query().and_then(|q| {
        q.split('&').find_map(|kv| {
            kv.split_once('=')
                .filter(|(k, v)| *k == "access_token" && !v.is_empty())
                .map(|(_, v)| (v.to_owned(), TokenSource::Query))
        })
    })
}

/// The authenticated caller. Rejects with 401 when there is no valid session or a cookie-authenticated
/// write lacks its CSRF token.
pub struct Session(pub SessionCtx);

impl FromRequestParts<AppState> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, source) =
            find_token(parts).ok_or_else(|| ApiError(AppError::session_expired()))?;
        let ctx = app.authenticate(&token).await?;
        if source == TokenSource::Cookie
            && parts.method != Method::GET
            && parts.method != Method::HEAD
        {
            check_csrf(parts, &ctx, app)?;
        }
        Ok(Session(ctx))
    }
}

fn check_csrf(parts: &Parts, ctx: &SessionCtx, app: &AppState) -> Result<(), ApiError> {
    let sent = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let expected = ctx.csrf_token();
    if !sent.is_empty() && !expected.is_empty() && sent == expected {
        return Ok(());
    }
    let xhr = parts
        .headers
        .get("x-requested-with")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "XMLHttpRequest");
    if xhr
        && !app
            .config()
            .service_settings
            .experimental_strict_csrf_enforcement
    {
        return Ok(());
    }
    Err(ApiError(
        AppError::session_expired().with_detail("Appears to be a CSRF attempt"),
    ))
}

/// The caller if authenticated, without failing otherwise (sign-up, client config).
pub struct MaybeSession(pub Option<SessionCtx>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match find_token(parts) {
            None => Ok(MaybeSession(None)),
            Some(_) => Session::from_request_parts(parts, app)
                .await
                .map(|s| MaybeSession(Some(s.0))),
        }
    }
}

/// A JSON body; malformed or missing JSON is a 400 `api.context.invalid_body_param.app_error`.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError(AppError::invalid_body_param(&body_name::<T>())))?;
        // The middleware refuses oversized bodies by Content-Length; this catches chunked ones.
        let max = state.config().service_settings.maximum_payload_size_bytes;
        if i64::try_from(bytes.len()).is_ok_and(|len| len > max) {
            return Err(ApiError(crate::middleware::too_large()));
        }
        let invalid = |e: serde_json::Error| {
            ApiError(AppError::invalid_body_param(&body_name::<T>()).with_detail(e.to_string()))
        };
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(invalid)?;
        drop_nulls(&mut value);
        T::deserialize(value).map(Body).map_err(invalid)
    }
}

/// Removes `null` members of objects, recursively. Go decodes `null` into a field's zero value, so
/// Mattermost clients send `"token": null` and the like; with serde defaults, an absent member
/// means the same.
fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nulls_in_objects_are_dropped() {
        let mut v =
            serde_json::json!({"a": null, "b": {"c": null, "d": 1}, "e": [null, {"f": null}]});
        super::drop_nulls(&mut v);
        assert_eq!(v, serde_json::json!({"b": {"d": 1}, "e": [null, {}]}));
    }
}

/// A readable name for the body type (`outpost_model::user::User` → `user`).
fn body_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base).to_lowercase()
}

/// Path parameters. Every parameter named `*_id` must be a 26-character id (`user_id` may be `me`).
pub struct Params(HashMap<String, String>);

impl Params {
    /// A validated parameter; `me` already replaced by the caller's id via [`Params::user_id`].
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }

    /// `user_id`, with `me` resolved to the caller.
    pub fn user_id<'a>(&'a self, ctx: &'a SessionCtx) -> &'a str {
        match self.get("user_id") {
            "me" => ctx.user_id(),
            other => other,
        }
    }
}

impl FromRequestParts<AppState> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Path(map) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError(AppError::invalid_url_param("url")))?;
        for (name, value) in &map {
            let ok = match name.as_str() {
                // Sidebar category ids are `<type>_<user_id>_<team_id>` or a plain id.
                "remote_id" | "category_id" => !value.is_empty(),
                // Integrations name their buttons (`approve`); generated ids are 26 characters.
                "action_id" => {
                    !value.is_empty()
                        && value.len() <= 64
                        && value.bytes().all(|b| b.is_ascii_alphanumeric())
                }
                "user_id" => value == "me" || outpost_model::is_valid_id(value),
                "team_name" => outpost_core::validate::is_valid_team_name(value),
                "channel_name" => outpost_core::validate::is_valid_channel_name(value),
                n if n.ends_with("_id") => outpost_model::is_valid_id(value),
                _ => true,
            };
            if !ok {
                return Err(ApiError(AppError::bad_request(
                    "api.context.invalid_url_param.app_error",
                    format!("Invalid or missing {name} parameter in request URL."),
                )));
            }
        }
        Ok(Params(map))
    }
}

/// A JSON list of ids in a body: 1 to 1,000 valid ids, else 400 `invalid_body_param`.
pub fn id_list(name: &str, ids: &[String]) -> Result<(), ApiError> {
    if ids.is_empty() || ids.len() > 1000 || ids.iter().any(|i| !outpost_model::is_valid_id(i)) {
        return Err(ApiError(AppError::invalid_body_param(name)));
    }
    Ok(())
}

/// A typed query string; anything unparsable is a 400 `api.context.invalid_url_param.app_error`.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Q(v))
            .map_err(|e| {
                ApiError(
                    AppError::bad_request(
                        "api.context.invalid_url_param.app_error",
                        "Invalid or missing parameter in request URL.",
                    )
                    .with_detail(e.body_text()),
                )
            })
    }
}

/// `page` / `per_page` (60 by default, at most 200).
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(default)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Default for Paging {
    fn default() -> Self {
        Self {
            page: 0,
            per_page: 60,
        }
    }
}

impl Paging {
    /// Clamped values: page ≥ 0, 0 < per_page ≤ 200.
    pub fn clamp(self) -> Self {
        Self {
            // Bounded so `page * per_page` can never overflow.
            page: self.page.clamp(0, 1_000_000),
            per_page: if self.per_page <= 0 {
                60
            } else {
                self.per_page.min(200)
            },
        }
    }
}
