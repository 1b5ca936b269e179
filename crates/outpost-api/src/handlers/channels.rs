//! Channels and channel members.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outpost_app::channels::{TeamChannelList, UserChannels};
use outpost_core::AppError;
use outpost_model::channel::{
    Channel, ChannelMember, ChannelPatch, ChannelStats, ChannelView, ChannelViewResponse,
};
use outpost_model::team::MemberRoles;
use outpost_model::user::StringMap;
use serde::Deserialize;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Paging, Params, Q, Session, id_list};
use crate::handlers::{created, ok};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteQuery {
    permanent: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ByNameQuery {
    include_deleted: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UserChannelsQuery {
    include_deleted: bool,
    last_delete_at: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchBody {
    term: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddMemberBody {
    user_id: String,
    user_ids: Vec<String>,
}

/// # POST /api/v4/channels
pub async fn create_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(channel): Body<Channel>,
) -> ApiResult<Response> {
    Ok(created(app.create_channel(&ctx, channel).await?))
}

/// # POST /api/v4/channels/direct
pub async fn create_direct_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Response> {
    Ok(created(app.create_direct_channel(&ctx, &ids).await?))
}

/// # POST /api/v4/channels/group
pub async fn create_group_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Response> {
    Ok(created(app.create_group_channel(&ctx, &ids).await?))
}

/// # GET /api/v4/channels/{channel_id}
pub async fn get_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Channel>> {
    Ok(Json(app.get_channel(&ctx, p.get("channel_id")).await?))
}

/// # GET /api/v4/teams/{team_id}/channels/name/{channel_name}
pub async fn get_channel_by_name(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<ByNameQuery>,
) -> ApiResult<Json<Channel>> {
    let c = app
        .get_channel_by_name(
            &ctx,
            p.get("team_id"),
            p.get("channel_name"),
            q.include_deleted,
        )
        .await?;
    Ok(Json(c))
}

/// # GET /api/v4/teams/name/{team_name}/channels/name/{channel_name}
pub async fn get_channel_by_name_for_team_name(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<ByNameQuery>,
) -> ApiResult<Json<Channel>> {
    let c = app
        .get_channel_by_name_for_team_name(
            &ctx,
            p.get("team_name"),
            p.get("channel_name"),
            q.include_deleted,
        )
        .await?;
    Ok(Json(c))
}

/// # PUT /api/v4/channels/{channel_id}
pub async fn update_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(channel): Body<Channel>,
) -> ApiResult<Json<Channel>> {
    Ok(Json(
        app.update_channel(&ctx, p.get("channel_id"), channel)
            .await?,
    ))
}

/// # PUT /api/v4/channels/{channel_id}/patch
pub async fn patch_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(patch): Body<ChannelPatch>,
) -> ApiResult<Json<Channel>> {
    Ok(Json(
        app.patch_channel(&ctx, p.get("channel_id"), patch).await?,
    ))
}

/// # DELETE /api/v4/channels/{channel_id}
pub async fn delete_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<DeleteQuery>,
) -> ApiResult<Response> {
    app.delete_channel(&ctx, p.get("channel_id"), q.permanent)
        .await?;
    Ok(ok().into_response())
}

/// # POST /api/v4/channels/{channel_id}/restore
pub async fn restore_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Channel>> {
    Ok(Json(app.restore_channel(&ctx, p.get("channel_id")).await?))
}

async fn team_channels(
    app: AppState,
    ctx: outpost_app::SessionCtx,
    p: Params,
    paging: Paging,
    list: TeamChannelList,
) -> ApiResult<Json<Vec<Channel>>> {
    let pg = paging.clamp();
    Ok(Json(
        app.get_team_channels(&ctx, p.get("team_id"), list, pg.page, pg.per_page)
            .await?,
    ))
}

/// # GET /api/v4/teams/{team_id}/channels
pub async fn get_public_channels_for_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<Channel>>> {
    team_channels(app, ctx, p, paging, TeamChannelList::Public).await
}

/// # GET /api/v4/teams/{team_id}/channels/deleted
pub async fn get_deleted_channels_for_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<Channel>>> {
    team_channels(app, ctx, p, paging, TeamChannelList::Deleted).await
}

/// # GET /api/v4/teams/{team_id}/channels/private
pub async fn get_private_channels_for_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<Channel>>> {
    team_channels(app, ctx, p, paging, TeamChannelList::Private).await
}

/// # POST /api/v4/teams/{team_id}/channels/search
pub async fn search_channels(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(body): Body<SearchBody>,
) -> ApiResult<Json<Vec<Channel>>> {
    Ok(Json(
        app.search_team_channels(&ctx, p.get("team_id"), &body.term)
            .await?,
    ))
}

/// # POST /api/v4/teams/{team_id}/channels/ids
pub async fn get_public_channels_by_ids_for_team(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<Vec<Channel>>> {
    id_list("channel_ids", &ids)?;
    Ok(Json(
        app.get_public_channels_by_ids(&ctx, p.get("team_id"), &ids)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/channels
pub async fn get_channels_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<UserChannelsQuery>,
) -> ApiResult<Json<Vec<Channel>>> {
    let f = UserChannels {
        include_deleted: q.include_deleted,
        last_delete_at: q.last_delete_at,
    };
    Ok(Json(
        app.get_channels_for_user(&ctx, p.user_id(&ctx), Some(p.get("team_id")), f)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/channels
pub async fn get_channels_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(q): Q<UserChannelsQuery>,
) -> ApiResult<Json<Vec<Channel>>> {
    let f = UserChannels {
        include_deleted: q.include_deleted,
        last_delete_at: q.last_delete_at,
    };
    Ok(Json(
        app.get_channels_for_user(&ctx, p.user_id(&ctx), None, f)
            .await?,
    ))
}

/// # GET /api/v4/channels/{channel_id}/stats
pub async fn get_channel_stats(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<ChannelStats>> {
    Ok(Json(
        app.get_channel_stats(&ctx, p.get("channel_id")).await?,
    ))
}

/// # GET /api/v4/channels/{channel_id}/timezones
pub async fn get_channel_members_timezones(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<String>>> {
    Ok(Json(
        app.get_channel_timezones(&ctx, p.get("channel_id")).await?,
    ))
}

/// # GET /api/v4/channels/{channel_id}/members
pub async fn get_channel_members(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Q(paging): Q<Paging>,
) -> ApiResult<Json<Vec<ChannelMember>>> {
    let pg = paging.clamp();
    Ok(Json(
        app.get_channel_members(&ctx, p.get("channel_id"), pg.page, pg.per_page)
            .await?,
    ))
}

/// # GET /api/v4/channels/{channel_id}/members/{user_id}
pub async fn get_channel_member(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<ChannelMember>> {
    Ok(Json(
        app.get_channel_member(&ctx, p.get("channel_id"), p.user_id(&ctx))
            .await?,
    ))
}

/// # POST /api/v4/channels/{channel_id}/members/ids
pub async fn get_channel_members_by_ids(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(ids): Body<Vec<String>>,
) -> ApiResult<Json<Vec<ChannelMember>>> {
    id_list("user_ids", &ids)?;
    Ok(Json(
        app.get_channel_members_by_ids(&ctx, p.get("channel_id"), &ids)
            .await?,
    ))
}

/// # GET /api/v4/users/{user_id}/teams/{team_id}/channels/members
pub async fn get_channel_members_for_team_for_user(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Json<Vec<ChannelMember>>> {
    Ok(Json(
        app.get_channel_members_for_user(&ctx, p.user_id(&ctx), p.get("team_id"))
            .await?,
    ))
}

/// # POST /api/v4/channels/{channel_id}/members
///
/// `{"user_id": …}` answers with the member, `{"user_ids": […]}` with the list.
pub async fn add_channel_member(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(body): Body<AddMemberBody>,
) -> ApiResult<Response> {
    let single = body.user_ids.is_empty();
    let ids = if single {
        vec![body.user_id]
    } else {
        body.user_ids
    };
    let mut members = app
        .add_channel_members(&ctx, p.get("channel_id"), &ids)
        .await?;
    if single {
        let m = members.pop().ok_or_else(|| {
            ApiError(AppError::internal(
                "api.channel.add_user.to.channel.failed.app_error",
            ))
        })?;
        return Ok(created(m));
    }
    Ok(created(members))
}

/// # DELETE /api/v4/channels/{channel_id}/members/{user_id}
pub async fn remove_channel_member(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
) -> ApiResult<Response> {
    app.remove_channel_member(&ctx, p.get("channel_id"), p.user_id(&ctx))
        .await?;
    Ok(ok().into_response())
}

/// # PUT /api/v4/channels/{channel_id}/members/{user_id}/roles
pub async fn update_channel_member_roles(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(body): Body<MemberRoles>,
) -> ApiResult<Response> {
    app.update_channel_member_roles(&ctx, p.get("channel_id"), p.user_id(&ctx), &body.roles)
        .await?;
    Ok(ok().into_response())
}

/// # PUT /api/v4/channels/{channel_id}/members/{user_id}/notify_props
pub async fn update_channel_member_notify_props(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(props): Body<StringMap>,
) -> ApiResult<Response> {
    app.update_channel_member_notify_props(&ctx, p.get("channel_id"), p.user_id(&ctx), props)
        .await?;
    Ok(ok().into_response())
}

/// # POST /api/v4/channels/members/{user_id}/view
pub async fn view_channel(
    State(app): State<AppState>,
    Session(ctx): Session,
    p: Params,
    Body(view): Body<ChannelView>,
) -> ApiResult<Json<ChannelViewResponse>> {
    for id in [&view.channel_id, &view.prev_channel_id] {
        if !id.is_empty() && !outpost_model::is_valid_id(id) {
            return Err(ApiError(AppError::invalid_body_param("channel_view")));
        }
    }
    Ok(Json(app.view_channel(&ctx, p.user_id(&ctx), view).await?))
}
