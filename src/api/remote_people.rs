//! Readers on other servers: found by handle, and followed over ActivityPub.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiQuery, PathId};
use super::{ApiCaller, ApiResult};
use crate::AppState;
use crate::error::ActionError;
use crate::federation::follow_out;
use crate::federation::followers_here;
use crate::federation::lookup;
use crate::store::{RemoteActor, User};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HandleQuery {
    /// `@name@host`, `name@host` or `acct:name@host`.
    handle: Option<String>,
}

/// A reader on another server, as their server last described them.
#[derive(Serialize, ToSchema)]
pub struct RemotePersonJson {
    /// This site's id for them: `/people/remote/{id}`.
    id: i64,
    /// `@name@host`.
    handle: String,
    name: String,
    /// Their own HTML, sanitised.
    summary: String,
    icon: Option<String>,
    /// Their ActivityPub id, also their profile at their server.
    url: String,
    /// "none", "requested" (sent, not yet accepted) or "following".
    following: String,
}

async fn person(state: &AppState, user: &User, a: RemoteActor) -> ApiResult<RemotePersonJson> {
    let following = follow_out::standing(state, user, a.id).await?;
    Ok(RemotePersonJson {
        id: a.id,
        handle: format!("@{}@{}", a.username, a.host),
        name: a.name,
        summary: crate::domain::markdown::sanitise_html(&a.summary),
        icon: a.icon,
        url: a.uri,
        following: following.key().to_string(),
    })
}

/// `GET /people/remote?handle=@name@host`.
#[utoipa::path(get, path = "/people/remote", summary = "Find a reader on another server by handle", tag = "people", security(("bearer" = [])), params(HandleQuery), responses((status = 200, description = "the reader, fetched from their server by WebFinger; 422 for a handle that is not one, 404 when their server knows no such reader, 502 when it cannot be reached", body = RemotePersonJson)))]
pub async fn find(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(query): ApiQuery<HandleQuery>,
) -> ApiResult<Json<RemotePersonJson>> {
    let handle = query.handle.ok_or_else(|| {
        ActionError::invalid("handle", "give a handle such as @ann@books.example")
    })?;
    let actor = lookup::find(&state, &handle).await?;
    Ok(Json(person(&state, &user, actor).await?))
}

#[utoipa::path(get, path = "/people/remote/{id}", summary = "A reader on another server", tag = "people", security(("bearer" = [])), params(("id" = i64, Path, description = "this site's id for them")), responses((status = 200, description = "as their server last described them", body = RemotePersonJson)))]
pub async fn show(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<RemotePersonJson>> {
    let actor = follow_out::actor(&state, id).await?;
    Ok(Json(person(&state, &user, actor).await?))
}

#[utoipa::path(put, path = "/people/remote/{id}/follow", summary = "Follow a reader on another server", tag = "people", security(("bearer" = [])), params(("id" = i64, Path, description = "this site's id for them")), responses((status = 200, description = "the Follow is sent: `following` is \"requested\" until their server accepts", body = RemotePersonJson)))]
pub async fn follow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<RemotePersonJson>> {
    follow_out::follow(&state, &user, id).await?;
    let actor = follow_out::actor(&state, id).await?;
    Ok(Json(person(&state, &user, actor).await?))
}

#[utoipa::path(delete, path = "/people/remote/{id}/follow", summary = "Stop following a reader on another server", tag = "people", security(("bearer" = [])), params(("id" = i64, Path, description = "this site's id for them")), responses((status = 204, description = "not following; their server is sent an Undo")))]
pub async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    follow_out::unfollow(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A reader on another server who follows the caller, or asks to.
#[derive(Serialize, ToSchema)]
pub struct RemoteFollowerJson {
    /// This site's id for them: `/people/remote/{id}`.
    id: i64,
    /// `@name@host`.
    handle: String,
    name: String,
    /// Their ActivityPub id, also their profile at their server.
    url: String,
}

impl From<RemoteActor> for RemoteFollowerJson {
    fn from(a: RemoteActor) -> Self {
        RemoteFollowerJson {
            id: a.id,
            handle: format!("@{}@{}", a.username, a.host),
            name: a.name,
            url: a.uri,
        }
    }
}

/// The caller's followers on other servers.
#[derive(Serialize, ToSchema)]
pub struct RemoteFollowersJson {
    /// Waiting for the caller's answer (a profile that is not public).
    waiting: Vec<RemoteFollowerJson>,
    /// Let in: they receive what the caller shares with followers.
    followers: Vec<RemoteFollowerJson>,
}

#[utoipa::path(get, path = "/people/remote/followers", summary = "Your followers on other servers", tag = "people", security(("bearer" = [])), responses((status = 200, description = "those waiting for your answer and those let in", body = RemoteFollowersJson)))]
pub async fn followers(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<RemoteFollowersJson>> {
    let all = followers_here::of(&state, &user).await?;
    Ok(Json(RemoteFollowersJson {
        waiting: all.waiting.into_iter().map(Into::into).collect(),
        followers: all.following.into_iter().map(Into::into).collect(),
    }))
}

#[utoipa::path(put, path = "/people/remote/{id}/follower", summary = "Let a reader on another server follow you", tag = "people", security(("bearer" = [])), params(("id" = i64, Path, description = "this site's id for them")), responses((status = 204, description = "let in: their server is sent an Accept (once; one let in already is left as is); 404 when they have not asked")))]
pub async fn approve(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    followers_here::approve(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/people/remote/{id}/follower", summary = "Turn away or remove a follower on another server", tag = "people", security(("bearer" = [])), params(("id" = i64, Path, description = "this site's id for them")), responses((status = 204, description = "not following you: their server is sent a Reject; 404 when they neither follow nor asked")))]
pub async fn decline(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    followers_here::decline(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
