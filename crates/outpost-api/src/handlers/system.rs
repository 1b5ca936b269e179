//! System: ping, client config and licence, timezones, the configuration API, roles, 404.

use std::hash::{Hash, Hasher};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use outpost_core::AppError;
use outpost_model::misc::Role;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params, Q, Session};
use crate::handlers::{ok, with_etag};

/// Unknown API routes.
pub async fn not_found() -> ApiError {
    ApiError(AppError::not_found(
        "api.context.404.app_error",
        "Sorry, we could not find the page.",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PingQuery {
    get_server_status: bool,
    device_id: String,
}

/// # GET /api/v4/system/ping
pub async fn get_system_ping(State(app): State<AppState>, Q(q): Q<PingQuery>) -> Response {
    let mut body = json!({
        "status": "OK",
        "ActiveSearchBackend": "database",
        "AndroidLatestVersion": "",
        "AndroidMinVersion": "",
        "IosLatestVersion": "",
        "IosMinVersion": "",
    });
    if q.get_server_status {
        let db_ok = app.database_ok().await;
        body["database_status"] = json!(if db_ok { "OK" } else { "UNHEALTHY" });
        body["filestore_status"] = json!("OK");
        if !db_ok {
            body["status"] = json!("UNHEALTHY");
            return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
        }
    }
    if !q.device_id.is_empty() {
        body["CanReceiveNotifications"] = json!(app.send_test_push(&q.device_id).await);
    }
    Json(body).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FormatQuery {
    format: String,
}

/// `format=old` is the only format served. Without it, Mattermost answers 501 for the config and
/// 400 for the licence; any other value is an invalid parameter.
fn require_old_format(format: &str, missing: AppError) -> ApiResult<()> {
    match format {
        "old" => Ok(()),
        "" => Err(ApiError(missing)),
        _ => Err(ApiError(AppError::invalid_body_param("format"))),
    }
}

/// # GET /api/v4/config/client
pub async fn get_client_config(
    State(app): State<AppState>,
    headers: HeaderMap,
    Q(q): Q<FormatQuery>,
) -> ApiResult<Response> {
    require_old_format(
        &q.format,
        AppError::not_implemented(
            "api.config.client.old_format.app_error",
            "New format for the client configuration is not supported yet. Please specify ?format=old in the query string.",
        ),
    )?;
    let config = app.client_config();
    // The tag changes with the configuration too (as Mattermost's config hash does): with the
    // version alone, a browser revalidating its copy after an admin changed a setting was told
    // 304 and kept the old settings.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    config.to_string().hash(&mut hasher);
    let etag = format!("{}.{:016x}", app.version_id(), hasher.finish());
    Ok(with_etag(&headers, &etag, config))
}

/// # GET /api/v4/license/client
pub async fn get_client_license(Q(q): Q<FormatQuery>) -> ApiResult<Json<Value>> {
    require_old_format(
        &q.format,
        AppError::bad_request(
            "api.license.client.old_format.app_error",
            "New format for the client license is not supported yet. Please specify format=old in the query string.",
        ),
    )?;
    Ok(Json(json!({ "IsLicensed": "false" })))
}

/// # GET /api/v4/system/timezones
pub async fn get_supported_timezones() -> Json<Vec<&'static str>> {
    Json(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect())
}

/// # GET /api/v4/config
pub async fn get_config(
    State(app): State<AppState>,
    Session(ctx): Session,
) -> ApiResult<Json<Value>> {
    Ok(Json(app.get_config(&ctx)?))
}

/// # PUT /api/v4/config
pub async fn update_config(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(cfg): Body<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(app.update_config(&ctx, cfg).await?))
}

/// # PUT /api/v4/config/patch
pub async fn patch_config(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(cfg): Body<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(app.patch_config(&ctx, cfg).await?))
}

/// # POST /api/v4/config/reload
pub async fn config_reload(
    State(app): State<AppState>,
    Session(ctx): Session,
) -> ApiResult<impl IntoResponse> {
    app.reload_config(&ctx).await?;
    Ok(ok())
}

/// # GET /api/v4/config/environment
pub async fn get_environment_config(
    State(app): State<AppState>,
    Session(ctx): Session,
) -> ApiResult<Json<Value>> {
    Ok(Json(app.get_environment_config(&ctx)?))
}

/// # GET /api/v4/roles
pub async fn get_all_roles(
    State(app): State<AppState>,
    Session(ctx): Session,
) -> ApiResult<Json<Vec<Role>>> {
    app.require_system_permission(&ctx, outpost_core::roles::perm::MANAGE_SYSTEM)?;
    Ok(Json(app.get_all_roles().await?))
}

/// # GET /api/v4/roles/{role_id}
pub async fn get_role(
    State(app): State<AppState>,
    _s: Session,
    p: Params,
) -> ApiResult<Json<Role>> {
    Ok(Json(app.get_role(p.get("role_id")).await?))
}

/// # GET /api/v4/roles/name/{role_name}
pub async fn get_role_by_name(
    State(app): State<AppState>,
    _s: Session,
    p: Params,
) -> ApiResult<Json<Role>> {
    let name = p.get("role_name").to_owned();
    app.get_roles_by_names(std::slice::from_ref(&name))
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| {
            ApiError(AppError::not_found(
                "app.role.get_by_name.app_error",
                "Unable to get role.",
            ))
        })
}

/// # POST /api/v4/roles/names
pub async fn get_roles_by_names(
    State(app): State<AppState>,
    _s: Session,
    Body(names): Body<Vec<String>>,
) -> ApiResult<Json<Vec<Role>>> {
    if names.is_empty() || names.len() > 200 {
        return Err(ApiError(AppError::invalid_body_param("rolenames")));
    }
    Ok(Json(app.get_roles_by_names(&names).await?))
}

#[derive(Deserialize)]
pub struct RolePatch {
    permissions: Vec<String>,
}

/// # PUT /api/v4/roles/{role_id}/patch
pub async fn patch_role(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(patch): Body<RolePatch>,
) -> ApiResult<Json<Role>> {
    Ok(Json(
        app.patch_role(&ctx, p.get("role_id"), patch.permissions)
            .await?,
    ))
}
