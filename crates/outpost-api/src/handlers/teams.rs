//! Teams and team members.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outpost_model::team::{
    MemberRoles, Team, TeamMember, TeamPatch, TeamStats, TeamUnread, TeamsWithCount,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Body, Paging, Params, Q, Session, id_list};
use crate::handlers::{created, ok};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListTeamsQuery {
    include_total_count: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteQuery {
    permanent: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteQuery {
    invite_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UnreadQuery {
    exclude_team: String,
}

/// # POST /api/v4/teams
pub async fn create_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(team): Body<Team>,
) -> ApiResult<Response> {
    Ok(created(app.create_team(&ctx, team).await?))
}

/// # GET /api/v4/teams
pub async fn get_all_teams(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(paging): Q<Paging>,
    Q(q): Q<ListTeamsQuery>,
) -> ApiResult<Response> {
    let p = paging.clamp();
    let page = app
        .list_teams(&ctx, p.page, p.per_page, q.include_total_count)
        .await?;
    Ok(match page.total_count {
        Some(total_count) => Json(TeamsWithCount {
            teams: page.teams,
            total_count,
        })
        .into_response(),
        None => Json(page.teams).into_response(),
    })
}

/// # GET /api/v4/teams/{team_id}
pub async fn get_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Team>> {
    Ok(Json(app.get_team(&ctx, p.get("team_id")).await?))
}

/// # GET /api/v4/teams/name/{team_name}
pub async fn get_team_by_name(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Team>> {
    Ok(Json(app.get_team_by_name(&ctx, p.get("team_name")).await?))
}

/// # GET /api/v4/teams/name/{team_name}/exists
pub async fn team_exists(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Value>> {
    let exists = app.team_exists(&ctx, p.get("team_name")).await?;
    Ok(Json(json!({ "exists": exists })))
}

/// # PUT /api/v4/teams/{team_id}
pub async fn update_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(team): Body<Team>,
) -> ApiResult<Json<Team>> {
    Ok(Json(app.update_team(&ctx, p.get("team_id"), team).await?))
}

/// # PUT /api/v4/teams/{team_id}/patch
pub async fn patch_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(patch): Body<TeamPatch>,
) -> ApiResult<Json<Team>> {
    Ok(Json(app.patch_team(&ctx, p.get("team_id"), patch).await?))
}

/// # DELETE /api/v4/teams/{team_id}
pub async fn delete_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<DeleteQuery>,
) -> ApiResult<Response> {
    app.delete_team(&ctx, p.get("team_id"), q.permanent).await?;
    Ok(ok().into_response())
}

/// # POST /api/v4/teams/{team_id}/restore
pub async fn restore_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Team>> {
    Ok(Json(app.restore_team(&ctx, p.get("team_id")).await?))
}

/// # POST /api/v4/teams/{team_id}/regenerate_invite_id
pub async fn regenerate_team_invite_id(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Team>> {
    Ok(Json(
        app.regenerate_team_invite_id(&ctx, p.get("team_id"))
            .await?,
    ))
}

/// # GET /api/v4/teams/{team_id}/stats
pub async fn get_team_stats(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<TeamStats>> {
    Ok(Json(app.get_team_stats(&ctx, p.get("team_id")).await?))
}

/// # GET /api/v4/users/{user_id}/teams
pub async fn get_teams_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<Team>>> {
    Ok(Json(app.get_teams_for_user(&ctx, p.user_id(&ctx)).await?))
}

/// # GET /api/v4/teams/{team_id}/members
pub async fn get_team_members(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<TeamMember>>> {
    let pg = paging.clamp();
    Ok(Json(
        app.get_team_members(&ctx, p.get("team_id"), pg.page, pg.per_page)
            .await?,
    ))
}

/// # GET /api/v4/teams/{team_id}/members/{user_id}
pub async fn get_team_member(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<TeamMember>> {
    Ok(Json(
        app.get_team_member(&ctx, p.get("team_id"), p.user_id(&ctx))
            .await?,
    ))
}

/// # POST /api/v4/teams/{team_id}/members/ids
pub async fn get_team_members_by_ids(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<Vec<TeamMember>>> {
    id_list("user_ids", &ids)?;
    Ok(Json(
        app.get_team_members_by_ids(&ctx, p.get("team_id"), &ids)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/teams/members
pub async fn get_team_members_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<TeamMember>>> {
    Ok(Json(
        app.get_team_members_for_user(&ctx, p.user_id(&ctx)).await?,
    ))
}

/// # POST /api/v4/teams/{team_id}/members
pub async fn add_team_member(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(member): Body<TeamMember>,
) -> ApiResult<Response> {
    if member.team_id != p.get("team_id") {
        return Err(outpost_core::AppError::invalid_body_param("team_id").into());
    }
    let m = app
        .add_team_member(&ctx, p.get("team_id"), &member.user_id)
        .await?;
    Ok(created(m))
}

/// # POST /api/v4/teams/{team_id}/members/batch
pub async fn add_team_members(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(members): Body<Vec<TeamMember>>,
) -> ApiResult<Response> {
    Ok(created(
        app.add_team_members(&ctx, p.get("team_id"), members)
            .await?,
    ))
}

/// # POST /api/v4/teams/members/invite
pub async fn add_user_to_team_from_invite(
    State(app): State<AppState>,
    Session(ctx): Session,
    Q(q): Q<InviteQuery>,
) -> ApiResult<Response> {
    if q.invite_id.is_empty() {
        return Err(outpost_core::AppError::invalid_body_param("token_id or invite_id").into());
    }
    Ok(created(
        app.add_team_member_from_invite(&ctx, &q.invite_id).await?,
    ))
}

/// # DELETE /api/v4/teams/{team_id}/members/{user_id}
pub async fn remove_team_member(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    app.remove_team_member(&ctx, p.get("team_id"), p.user_id(&ctx))
        .await?;
    Ok(ok().into_response())
}

/// # PUT /api/v4/teams/{team_id}/members/{user_id}/roles
pub async fn update_team_member_roles(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(body): Body<MemberRoles>,
) -> ApiResult<Response> {
    app.update_team_member_roles(&ctx, p.get("team_id"), p.user_id(&ctx), &body.roles)
        .await?;
    Ok(ok().into_response())
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/unread
pub async fn get_team_unread(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<TeamUnread>> {
    Ok(Json(
        app.get_team_unread(&ctx, p.user_id(&ctx), p.get("team_id"))
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/teams/unread
pub async fn get_teams_unread_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<UnreadQuery>,
) -> ApiResult<Json<Vec<TeamUnread>>> {
    Ok(Json(
        app.get_teams_unread(&ctx, p.user_id(&ctx), &q.exclude_team)
            .await?,
    ))
}
