//! `/groups/{id}/flags`: flags on messages in the group's topics, answered
//! by its own moderators first.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{PathId, PathIds};
use super::moderation::FlagJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::group_flags::{self, Answer};

#[derive(Serialize, ToSchema)]
pub struct GroupFlagsJson {
    /// The open flags, oldest first.
    flags: Vec<FlagJson>,
}

#[utoipa::path(get, path = "/groups/{id}/flags", summary = "Flags on messages in the group's topics (its moderators)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), responses((status = 200, description = "the open flags, oldest first", body = GroupFlagsJson)))]
pub async fn queue(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<GroupFlagsJson>> {
    let found = group_flags::queue(state.store.as_ref(), &user, id).await?;
    Ok(Json(GroupFlagsJson {
        flags: found.iter().map(FlagJson::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct GroupFlagAnswerJson {
    /// `remove` (hide the message), `dismiss`, or `escalate` (to the site's moderators).
    action: String,
}

#[utoipa::path(post, path = "/groups/{id}/flags/{flag_id}", summary = "Answer a flag: hide the message, dismiss, or pass it to the site's moderators (the group's moderators)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("flag_id" = i64, Path, description = "the flag's id")), request_body = GroupFlagAnswerJson, responses((status = 204, description = "answered")))]
pub async fn answer(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, flag_id): PathIds,
    ApiJson(body): ApiJson<GroupFlagAnswerJson>,
) -> ApiResult<StatusCode> {
    let answer = Answer::parse(&body.action)?;
    group_flags::answer(state.store.as_ref(), &user, id, flag_id, answer).await?;
    Ok(StatusCode::NO_CONTENT)
}
