//! Slash commands: custom command management, execution, autocomplete.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use outpost_model::integration::{Command, CommandArgs, CommandResponse};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Params, Q, Session};
use crate::handlers::{created, ok};

/// `?team_id=&custom_only=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    team_id: String,
    custom_only: bool,
}

/// `?user_input=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SuggestionQuery {
    user_input: String,
}

/// The `Host` the request came in on, for `response_url` when no `SiteURL` is set.
pub(crate) fn host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost")
}

/// # POST /api/v4/commands
pub async fn create_command(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(cmd): Body<Command>,
) -> ApiResult<Response> {
    Ok(created(app.create_command(&ctx, cmd).await?))
}

/// # GET /api/v4/commands
pub async fn list_commands(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<ListQuery>,
) -> ApiResult<Json<Vec<Command>>> {
    Ok(Json(
        app.list_commands(&ctx, &q.team_id, q.custom_only).await?,
    ))
}

/// # GET /api/v4/commands/{command_id}
pub async fn get_command(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Command>> {
    Ok(Json(app.get_command(&ctx, p.get("command_id")).await?))
}

/// # PUT /api/v4/commands/{command_id}
pub async fn update_command(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(cmd): Body<Command>,
) -> ApiResult<Json<Command>> {
    Ok(Json(
        app.update_command(&ctx, p.get("command_id"), cmd).await?,
    ))
}

/// # DELETE /api/v4/commands/{command_id}
pub async fn delete_command(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<impl IntoResponse> {
    app.delete_command(&ctx, p.get("command_id")).await?;
    Ok(ok())
}

/// # PUT /api/v4/commands/{command_id}/regen_token
pub async fn regen_command_token(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<serde_json::Value>> {
    let token = app.regen_command_token(&ctx, p.get("command_id")).await?;
    Ok(Json(serde_json::json!({ "token": token })))
}

/// # POST /api/v4/commands/execute
pub async fn execute_command(
    State(app): State<AppState>,
    Session(ctx): Session,
    headers: HeaderMap,
    Body(args): Body<CommandArgs>,
) -> ApiResult<Json<CommandResponse>> {
    let origin = app.public_origin(host(&headers));
    Ok(Json(app.execute_command(&ctx, args, &origin).await?))
}

/// # GET /api/v4/teams/{team_id}/commands/autocomplete
pub async fn list_autocomplete_commands(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Command>>> {
    Ok(Json(
        app.autocomplete_commands(&ctx, p.get("team_id")).await?,
    ))
}

/// # GET /api/v4/teams/{team_id}/commands/autocomplete_suggestions
pub async fn list_command_autocomplete_suggestions(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<SuggestionQuery>,
) -> ApiResult<Json<Vec<serde_json::Value>>> {
    Ok(Json(
        app.command_suggestions(&ctx, p.get("team_id"), &q.user_input)
            .await?,
    ))
}
