//! Users: create, read, search, update, activation, passwords, roles, profile images.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use outpost_app::users::{ListUsers, SearchUsers};
use outpost_core::AppError;
use outpost_model::user::{User, UserPatch};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, MaybeSession, Params, Q, Session};
use crate::handlers::{created, ok, with_etag};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CreateUserQuery {
    t: String,
    iid: String,
}

/// # POST /api/v4/users
pub async fn create_user(
    State(app): State<AppState>,
    MaybeSession(ctx): MaybeSession,
    Q(q): Q<CreateUserQuery>,
    Body(user): Body<User>,
) -> ApiResult<Response> {
    let _ = q.t;
    let created_user = if q.iid.is_empty() {
        app.create_user(ctx.as_ref(), user, false).await?
    } else {
        app.create_user_with_invite(ctx.as_ref(), user, &q.iid)
            .await?
    };
    Ok(created(created_user))
}

fn user_etag(u: &User) -> String {
    format!(
        "{}.{}.{}.{}",
        outpost_core::MATTERMOST_VERSION,
        u.id,
        u.update_at,
        u.last_picture_update
    )
}

/// # GET /api/v4/users/{user_id}
pub async fn get_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let u = app.get_user(&ctx, p.user_id(&ctx)).await?;
    Ok(with_etag(&headers, &user_etag(&u), u))
}

/// # GET /api/v4/users/username/{username}
pub async fn get_user_by_username(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let u = app.get_user_by_username(&ctx, p.get("username")).await?;
    Ok(with_etag(&headers, &user_etag(&u), u))
}

/// # GET /api/v4/users/email/{email}
pub async fn get_user_by_email(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<User>> {
    let email = p.get("email");
    if !outpost_core::validate::is_valid_email(email) {
        return Err(ApiError(AppError::invalid_url_param("email")));
    }
    Ok(Json(app.get_user_by_email(&ctx, email).await?))
}

#[derive(Deserialize)]
#[serde(default)]
pub struct UsersQuery {
    in_team: String,
    not_in_team: String,
    in_channel: String,
    not_in_channel: String,
    without_team: bool,
    active: Option<bool>,
    inactive: Option<bool>,
    role: String,
    sort: String,
    page: i64,
    per_page: i64,
}

impl Default for UsersQuery {
    fn default() -> Self {
        Self {
            in_team: String::new(),
            not_in_team: String::new(),
            in_channel: String::new(),
            not_in_channel: String::new(),
            without_team: false,
            active: None,
            inactive: None,
            role: String::new(),
            sort: String::new(),
            page: 0,
            per_page: 60,
        }
    }
}

fn opt_id(name: &str, v: &str) -> ApiResult<()> {
    if v.is_empty() || outpost_model::is_valid_id(v) {
        Ok(())
    } else {
        Err(ApiError(AppError::invalid_url_param(name)))
    }
}

/// # GET /api/v4/users
pub async fn get_users(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<UsersQuery>,
) -> ApiResult<Json<Vec<User>>> {
    for (n, v) in [
        ("in_team", &q.in_team),
        ("not_in_team", &q.not_in_team),
        ("in_channel", &q.in_channel),
        ("not_in_channel", &q.not_in_channel),
    ] {
        opt_id(n, v)?;
    }
    if !matches!(
        q.sort.as_str(),
        "" | "create_at" | "last_activity_at" | "status" | "admin" | "display_name"
    ) {
        return Err(ApiError(AppError::invalid_url_param("sort")));
    }
    let f = ListUsers {
        in_team: q.in_team,
        not_in_team: q.not_in_team,
        in_channel: q.in_channel,
        not_in_channel: q.not_in_channel,
        without_team: q.without_team,
        active: q.active.or(q.inactive.map(|i| !i)),
        role: q.role,
        sort: q.sort,
        page: q.page.max(0),
        per_page: if q.per_page <= 0 {
            60
        } else {
            q.per_page.min(200)
        },
    };
    Ok(Json(app.list_users(&ctx, f).await?))
}

fn check_list(name: &str, items: &[String], validate_ids: bool) -> ApiResult<()> {
    if items.is_empty()
        || items.len() > 1000
        || (validate_ids && items.iter().any(|i| !outpost_model::is_valid_id(i)))
    {
        return Err(ApiError(AppError::invalid_body_param(name)));
    }
    Ok(())
}

/// # POST /api/v4/users/ids
pub async fn get_users_by_ids(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<Vec<User>>> {
    check_list("user_ids", &ids, true)?;
    Ok(Json(app.get_users_by_ids(&ctx, &ids).await?))
}

/// # POST /api/v4/users/usernames
pub async fn get_users_by_usernames(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(names): Body<Vec<String>>,
) -> ApiResult<Json<Vec<User>>> {
    check_list("usernames", &names, false)?;
    Ok(Json(app.get_users_by_usernames(&ctx, &names).await?))
}

/// # POST /api/v4/users/search
pub async fn search_users(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(s): Body<SearchUsers>,
) -> ApiResult<Json<Vec<User>>> {
    for (n, v) in [
        ("team_id", &s.team_id),
        ("not_in_team_id", &s.not_in_team_id),
        ("in_channel_id", &s.in_channel_id),
        ("not_in_channel_id", &s.not_in_channel_id),
    ] {
        opt_id(n, v)?;
    }
    if s.term.trim().is_empty() && s.team_id.is_empty() && s.in_channel_id.is_empty() {
        return Err(ApiError(AppError::invalid_body_param("term")));
    }
    Ok(Json(app.search_users(&ctx, s).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AutocompleteQuery {
    in_team: String,
    in_channel: String,
    name: String,
    limit: i64,
}

/// # GET /api/v4/users/autocomplete
pub async fn autocomplete_users(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<AutocompleteQuery>,
) -> ApiResult<Response> {
    opt_id("in_team", &q.in_team)?;
    opt_id("in_channel", &q.in_channel)?;
    let limit = if q.limit <= 0 { 100 } else { q.limit.min(100) };
    let (users, out) = app
        .autocomplete_users(&ctx, &q.in_team, &q.in_channel, &q.name, limit)
        .await?;
    Ok(match out {
        Some(out_of_channel) => {
            Json(json!({ "users": users, "out_of_channel": out_of_channel })).into_response()
        }
        None => Json(json!({ "users": users })).into_response(),
    })
}

/// # PUT /api/v4/users/{user_id}/patch
pub async fn patch_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(patch): Body<UserPatch>,
) -> ApiResult<Json<User>> {
    Ok(Json(app.patch_user(&ctx, p.user_id(&ctx), patch).await?))
}

/// # PUT /api/v4/users/{user_id}
pub async fn update_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(user): Body<User>,
) -> ApiResult<Json<User>> {
    Ok(Json(app.update_user(&ctx, p.user_id(&ctx), user).await?))
}

#[derive(Deserialize)]
pub struct ActiveBody {
    active: bool,
}

/// # PUT /api/v4/users/{user_id}/active
pub async fn update_user_active(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(b): Body<ActiveBody>,
) -> ApiResult<impl IntoResponse> {
    app.update_user_active(&ctx, p.user_id(&ctx), b.active)
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct PasswordBody {
    #[serde(default)]
    current_password: String,
    new_password: String,
}

/// # PUT /api/v4/users/{user_id}/password
pub async fn update_password(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(b): Body<PasswordBody>,
) -> ApiResult<impl IntoResponse> {
    app.update_password(&ctx, p.user_id(&ctx), &b.current_password, &b.new_password)
        .await?;
    Ok(ok())
}

#[derive(Deserialize)]
pub struct RolesBody {
    roles: String,
}

/// # PUT /api/v4/users/{user_id}/roles
pub async fn update_user_roles(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(b): Body<RolesBody>,
) -> ApiResult<impl IntoResponse> {
    app.update_user_roles(&ctx, p.user_id(&ctx), &b.roles)
        .await?;
    Ok(ok())
}

/// # POST /api/v4/users/{user_id}/reset_failed_attempts
pub async fn reset_failed_attempts(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.reset_failed_attempts(&ctx, p.user_id(&ctx)).await?;
    Ok(ok())
}

fn image_response(img: outpost_app::avatar::Image) -> Response {
    let mut res = img.bytes.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(img.content_type),
    );
    res.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// # GET /api/v4/users/{user_id}/image
pub async fn get_profile_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    Ok(image_response(
        app.get_profile_image(&ctx, p.user_id(&ctx)).await?,
    ))
}

/// # GET /api/v4/users/{user_id}/image/default
pub async fn get_default_profile_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    Ok(image_response(
        app.get_default_profile_image(&ctx, p.user_id(&ctx)).await?,
    ))
}

/// # POST /api/v4/users/{user_id}/image
pub async fn set_profile_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    mut form: Multipart,
) -> ApiResult<impl IntoResponse> {
    let bad = || {
        ApiError(AppError::bad_request(
            "api.user.upload_profile_user.no_file.app_error",
            "No file under 'image' in request.",
        ))
    };
    let mut image: Option<Bytes> = None;
    while let Some(field) = form.next_field().await.map_err(|_| bad())? {
        if field.name() == Some("image") {
            image = Some(field.bytes().await.map_err(|_| bad())?);
        }
    }
    let bytes = image.ok_or_else(bad)?;
    app.set_profile_image(&ctx, p.user_id(&ctx), bytes.to_vec())
        .await?;
    Ok(ok())
}

/// # DELETE /api/v4/users/{user_id}/image
pub async fn set_default_profile_image(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_profile_image(&ctx, p.user_id(&ctx)).await?;
    Ok(ok())
}
