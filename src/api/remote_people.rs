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
