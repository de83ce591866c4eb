//! `/groups`, `/groups/{id}` and its members, roles and hand-over. Its
//! topics are in `topics`, its shelf and read-along schedule in `group_shelf`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiQuery, MaybeCaller, PathId, PathIds};
use super::json::UserJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::groups::{self as group_actions, GroupInput};
use crate::domain::dates;
use crate::domain::groups::JoinOutcome;
use crate::store::{GroupRow, MemberRow};

#[derive(Deserialize, ToSchema)]
pub struct GroupInputJson {
    /// Up to 100 characters.
    name: String,
    #[serde(default)]
    description: String,
    /// An http(s) image address, or empty.
    #[serde(default)]
    picture: String,
    /// `public` or `private` (topics, members and shelf for members only).
    #[serde(default = "public")]
    visibility: String,
    /// `open`, `request` (a group moderator approves) or `invite` (by link only).
    #[serde(default = "open")]
    joining: String,
}

fn public() -> String {
    "public".into()
}

fn open() -> String {
    "open".into()
}

#[derive(Serialize, ToSchema)]
pub struct GroupJson {
    id: i64,
    name: String,
    description: String,
    picture: String,
    visibility: String,
    joining: String,
    members_count: i64,
    topics_count: i64,
    current_book_id: Option<i64>,
    current_started_on: Option<String>,
    /// The caller's role: `owner`, `moderator`, `member`, `requested`, or null.
    role: Option<String>,
    /// The invitation link's secret: its moderators alone get it.
    invite_code: Option<String>,
    created_at: String,
}

impl From<&GroupRow> for GroupJson {
    fn from(g: &GroupRow) -> Self {
        let moderates = group_actions::role_of(g).is_some_and(|r| r.moderates());
        GroupJson {
            id: g.id,
            name: g.name.clone(),
            description: g.description.clone(),
            picture: g.picture.clone(),
            visibility: g.visibility.clone(),
            joining: g.joining.clone(),
            members_count: g.members_count,
            topics_count: g.topics_count,
            current_book_id: g.current_book_id,
            current_started_on: g.current_started_on.clone(),
            role: g.viewer_role.clone(),
            invite_code: moderates.then(|| g.invite_code.clone()),
            created_at: dates::rfc3339(g.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GroupsJson {
    groups: Vec<GroupJson>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupPageQuery {
    /// The page number, 1 first.
    pub page: Option<i64>,
}

#[utoipa::path(get, path = "/groups", summary = "Public groups, newest first", tag = "groups", security((), ("bearer" = [])), params(GroupPageQuery), responses((status = 200, description = "a page of public groups", body = GroupsJson)))]
pub async fn browse(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    ApiQuery(q): ApiQuery<GroupPageQuery>,
) -> ApiResult<Json<GroupsJson>> {
    let found =
        group_actions::browse(state.store.as_ref(), caller.as_ref(), q.page.unwrap_or(1)).await?;
    Ok(Json(GroupsJson {
        groups: found.iter().map(GroupJson::from).collect(),
    }))
}

#[utoipa::path(get, path = "/groups/mine", summary = "The caller's groups, and the ones they asked to join", tag = "groups", security(("bearer" = [])), responses((status = 200, description = "the caller's groups", body = GroupsJson)))]
pub async fn mine(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<GroupsJson>> {
    let found = group_actions::mine(state.store.as_ref(), &user).await?;
    Ok(Json(GroupsJson {
        groups: found.iter().map(GroupJson::from).collect(),
    }))
}

fn input(body: &GroupInputJson) -> GroupInput<'_> {
    GroupInput {
        name: &body.name,
        description: &body.description,
        picture: &body.picture,
        visibility: &body.visibility,
        joining: &body.joining,
    }
}

#[utoipa::path(post, path = "/groups", summary = "Start a group (the caller owns it)", tag = "groups", security(("bearer" = [])), request_body = GroupInputJson, responses((status = 201, description = "the group", body = GroupJson)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<GroupInputJson>,
) -> ApiResult<(StatusCode, Json<GroupJson>)> {
    let g = group_actions::create(state.store.as_ref(), &user, &input(&body)).await?;
    Ok((StatusCode::CREATED, Json(GroupJson::from(&g))))
}

#[utoipa::path(get, path = "/groups/{id}", summary = "A group: its name, description, doors and the caller's role", tag = "groups", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), responses((status = 200, description = "the group", body = GroupJson)))]
pub async fn show(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<GroupJson>> {
    let g = group_actions::group(state.store.as_ref(), caller.as_ref(), id).await?;
    Ok(Json(GroupJson::from(&g)))
}

#[utoipa::path(patch, path = "/groups/{id}", summary = "Change a group (its owner)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = GroupInputJson, responses((status = 200, description = "the group", body = GroupJson)))]
pub async fn edit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<GroupInputJson>,
) -> ApiResult<Json<GroupJson>> {
    let g = group_actions::update(state.store.as_ref(), &user, id, &input(&body)).await?;
    Ok(Json(GroupJson::from(&g)))
}

#[utoipa::path(delete, path = "/groups/{id}", summary = "Remove a group (its owner or a site moderator)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), responses((status = 204, description = "the group is gone")))]
pub async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    group_actions::remove(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct JoinJson {
    /// The invitation link's secret, if the caller has one.
    code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct JoinedJson {
    /// `joined`, `requested` (waiting for a group moderator) or `already` (nothing changed).
    status: String,
}

#[utoipa::path(post, path = "/groups/{id}/join", summary = "Join a group, or ask to", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = JoinJson, responses((status = 200, description = "what came of it", body = JoinedJson)))]
pub async fn join(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<JoinJson>,
) -> ApiResult<Json<JoinedJson>> {
    let outcome =
        group_actions::join(state.store.as_ref(), &user, id, body.code.as_deref()).await?;
    let status = match outcome {
        JoinOutcome::Joined => "joined",
        JoinOutcome::Requested => "requested",
        _ => "already",
    };
    Ok(Json(JoinedJson {
        status: status.into(),
    }))
}

#[utoipa::path(post, path = "/groups/{id}/leave", summary = "Leave a group, or withdraw a request (the owner hands over first)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), responses((status = 204, description = "the caller is out")))]
pub async fn leave(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    group_actions::leave(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct MemberJson {
    user: UserJson,
    role: String,
    joined_at: String,
}

impl From<&MemberRow> for MemberJson {
    fn from(m: &MemberRow) -> Self {
        MemberJson {
            user: UserJson::from(&m.user),
            role: m.role.clone(),
            joined_at: dates::rfc3339(m.joined_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MembersJson {
    members: Vec<MemberJson>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembersQuery {
    /// The requests waiting instead (the group's moderators only).
    #[serde(default)]
    waiting: bool,
    page: Option<i64>,
}

#[utoipa::path(get, path = "/groups/{id}/members", summary = "A group's members, or the requests waiting", tag = "groups", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), MembersQuery), responses((status = 200, description = "a page of members", body = MembersJson)))]
pub async fn members(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<MembersQuery>,
) -> ApiResult<Json<MembersJson>> {
    let found = group_actions::members(
        state.store.as_ref(),
        caller.as_ref(),
        id,
        q.waiting,
        q.page.unwrap_or(1),
    )
    .await?;
    Ok(Json(MembersJson {
        members: found.iter().map(MemberJson::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct RoleJson {
    /// `member` (lets a request in) or `moderator` (the owner only).
    role: String,
}

#[utoipa::path(put, path = "/groups/{id}/members/{user_id}", summary = "Let a request in, or make or unmake a moderator", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("user_id" = i64, Path, description = "the member's user id")), request_body = RoleJson, responses((status = 204, description = "the member's role is set")))]
pub async fn set_role(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, user_id): PathIds,
    ApiJson(body): ApiJson<RoleJson>,
) -> ApiResult<StatusCode> {
    group_actions::set_role(state.store.as_ref(), &user, id, user_id, &body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/groups/{id}/members/{user_id}", summary = "Put a member out, or turn a request down", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("user_id" = i64, Path, description = "the member's user id")), responses((status = 204, description = "they are out")))]
pub async fn remove_member(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, user_id): PathIds,
) -> ApiResult<StatusCode> {
    group_actions::remove_member(state.store.as_ref(), &user, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct HandOverJson {
    user_id: i64,
}

#[utoipa::path(post, path = "/groups/{id}/owner", summary = "Hand the group over to another member (its owner, who stays as a moderator)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = HandOverJson, responses((status = 204, description = "the member owns the group")))]
pub async fn hand_over(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<HandOverJson>,
) -> ApiResult<StatusCode> {
    group_actions::hand_over(state.store.as_ref(), &user, id, body.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
