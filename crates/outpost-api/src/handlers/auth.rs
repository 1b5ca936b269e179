//! Login, logout, sessions and personal access tokens.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use outpost_core::AppError;
use outpost_model::user::{LoginRequest, Session as SessionRow, UserAccessToken};
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Paging, Params, Q, Session};
use crate::handlers::ok;

fn cookie(
    name: &str,
    value: &str,
    max_age_s: i64,
    http_only: bool,
    secure: bool,
) -> Option<HeaderValue> {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_s}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).ok()
}

/// # POST /api/v4/users/login
pub async fn login(
    State(app): State<AppState>,
    headers: HeaderMap,
    Body(req): Body<LoginRequest>,
) -> ApiResult<Response> {
    let login_id = if req.login_id.is_empty() {
        req.id.as_str()
    } else {
        req.login_id.as_str()
    };
    if login_id.is_empty() {
        return Err(ApiError(AppError::bad_request(
            "api.user.login.blank_login_id.app_error",
            "Login ID is required",
        )));
    }
    let (user, session) = app.login(login_id, &req.password, &req.device_id).await?;
    let mut res = Json(user).into_response();
    let cfg = app.config();
    let secure = cfg.service_settings.site_url.starts_with("https://")
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v == "https");
    let max_age = (session.expires_at - session.create_at) / 1000;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&session.token) {
        h.insert("token", v);
    }
    let csrf = session.props.get("csrf").cloned().unwrap_or_default();
    for c in [
        cookie("MMAUTHTOKEN", &session.token, max_age, true, secure),
        cookie("MMUSERID", &session.user_id, max_age, false, secure),
        cookie("MMCSRF", &csrf, max_age, false, secure),
    ]
    .into_iter()
    .flatten()
    {
        h.append(header::SET_COOKIE, c);
    }
    Ok(res)
}

/// # POST /api/v4/users/logout
pub async fn logout(State(app): State<AppState>, Session(ctx): Session) -> ApiResult<Response> {
    app.logout(&ctx).await?;
    let mut res = ok().into_response();
    for name in ["MMAUTHTOKEN", "MMUSERID", "MMCSRF"] {
        if let Some(c) = cookie(name, "", -1, name == "MMAUTHTOKEN", false) {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
    }
    Ok(res)
}

/// # GET /api/v4/users/{user_id}/sessions
pub async fn get_sessions(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<SessionRow>>> {
    Ok(Json(app.get_sessions(&ctx, p.user_id(&ctx)).await?))
}

#[derive(Deserialize)]
pub struct RevokeSession {
    session_id: String,
}

/// # POST /api/v4/users/{user_id}/sessions/revoke
pub async fn revoke_session(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(b): Body<RevokeSession>,
) -> ApiResult<impl IntoResponse> {
    if !outpost_model::is_valid_id(&b.session_id) {
        return Err(ApiError(AppError::invalid_body_param("session_id")));
    }
    app.revoke_session(&ctx, p.user_id(&ctx), &b.session_id)
        .await?;
    Ok(ok())
}

/// # POST /api/v4/users/{user_id}/sessions/revoke/all
pub async fn revoke_all_sessions_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.revoke_user_sessions(&ctx, p.user_id(&ctx)).await?;
    Ok(ok())
}

/// # POST /api/v4/users/sessions/revoke/all
pub async fn revoke_all_sessions_all_users(
    State(app): State<AppState>,
    Session(ctx): Session,
) -> ApiResult<impl IntoResponse> {
    app.revoke_all_sessions(&ctx).await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct AttachDevice {
    device_id: String,
}

/// # PUT /api/v4/users/sessions/device
pub async fn attach_device_id(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(b): Body<AttachDevice>,
) -> ApiResult<impl IntoResponse> {
    app.attach_device(&ctx, &b.device_id).await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct CreateToken {
    #[serde(default)]
    description: String,
}

/// # POST /api/v4/users/{user_id}/tokens
pub async fn create_user_access_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(b): Body<CreateToken>,
) -> ApiResult<Json<UserAccessToken>> {
    Ok(Json(
        app.create_access_token(&ctx, p.user_id(&ctx), &b.description)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/tokens
pub async fn get_user_access_tokens_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(pg): Q<Paging>,
) -> ApiResult<Json<Vec<UserAccessToken>>> {
    let pg = pg.clamp();
    Ok(Json(
        app.get_user_access_tokens(&ctx, p.user_id(&ctx), pg.page, pg.per_page)
            .await?,
    ))
}

/// # GET /api/v4/users/tokens
pub async fn get_user_access_tokens(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(pg): Q<Paging>,
) -> ApiResult<Json<Vec<UserAccessToken>>> {
    let pg = pg.clamp();
    Ok(Json(
        app.get_all_access_tokens(&ctx, pg.page, pg.per_page)
            .await?,
    ))
}

/// # GET /api/v4/users/tokens/{token_id}
pub async fn get_user_access_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<UserAccessToken>> {
    Ok(Json(app.get_access_token(&ctx, p.get("token_id")).await?))
}

#[derive(Deserialize)]
pub struct TokenId {
    token_id: String,
}

fn valid_token_id(b: &TokenId) -> ApiResult<&str> {
    if outpost_model::is_valid_id(&b.token_id) {
        Ok(&b.token_id)
    } else {
        Err(ApiError(AppError::invalid_body_param("token_id")))
    }
}

/// # POST /api/v4/users/tokens/revoke
pub async fn revoke_user_access_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(b): Body<TokenId>,
) -> ApiResult<impl IntoResponse> {
    app.revoke_access_token(&ctx, valid_token_id(&b)?).await?;
    Ok(ok())
}

/// # POST /api/v4/users/tokens/disable
pub async fn disable_user_access_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(b): Body<TokenId>,
) -> ApiResult<impl IntoResponse> {
    app.set_access_token_active(&ctx, valid_token_id(&b)?, false)
        .await?;
    Ok(ok())
}

/// # POST /api/v4/users/tokens/enable
pub async fn enable_user_access_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(b): Body<TokenId>,
) -> ApiResult<impl IntoResponse> {
    app.set_access_token_active(&ctx, valid_token_id(&b)?, true)
        .await?;
    Ok(ok())
}
