//! `/flags`: flagging and the moderation queue.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;

use super::extract::PathId;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::moderation::{self, Target};
use crate::domain::dates;
use crate::store::FlagItem;

#[derive(Deserialize, ToSchema)]
pub struct NewFlagJson {
    target: String,
    id: i64,
    reason: String,
    note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FlagCreated {
    id: i64,
}

#[utoipa::path(post, path = "/flags", summary = "Flag a review or comment for the moderators", tag = "moderation", security(("bearer" = [])), request_body = NewFlagJson, responses((status = 201, description = "flagged for the moderators", body = FlagCreated)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<NewFlagJson>,
) -> ApiResult<(StatusCode, Json<FlagCreated>)> {
    let target = Target::parse(&body.target, body.id)?;
    let id = moderation::flag(
        state.store.as_ref(),
        &user,
        target,
        &body.reason,
        body.note.as_deref(),
        i64::from(state.settings.flags_per_hour),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(FlagCreated { id })))
}

#[derive(Serialize, ToSchema)]
pub struct FlagJson {
    id: i64,
    target: String,
    target_id: i64,
    reason: String,
    note: Option<String>,
    text: Option<String>,
    author: Option<String>,
    reporter: Option<String>,
    review_id: Option<i64>,
    comment_number: Option<i64>,
    created_at: String,
}

impl From<&FlagItem> for FlagJson {
    fn from(f: &FlagItem) -> Self {
        FlagJson {
            id: f.id,
            target: f.target_kind.clone(),
            target_id: f.target_id,
            reason: f.reason.clone(),
            note: f.note.clone(),
            text: f.text.clone(),
            author: f.target_author.as_ref().map(|u| u.username.clone()),
            reporter: f.reporter.as_ref().map(|u| u.username.clone()),
            review_id: f.review_id,
            comment_number: f.comment_number,
            created_at: dates::rfc3339(f.created_at),
        }
    }
}

/// The open flags, for moderators.
#[utoipa::path(get, path = "/flags", summary = "The open flags (moderators)", tag = "moderation", security(("bearer" = [])), params(super::cursor::CursorQuery), responses((status = 200, description = "the open flags, oldest first (moderators only)", body = FlagListJson)))]
pub async fn queue(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<FlagListJson>> {
    // Keyed on the last flag shown: flags resolved meanwhile do not shift the next page.
    let after = page.key("flags")?.unwrap_or(0);
    let mut flags = moderation::queue(state.store.as_ref(), &user, LIST_PAGE + 1, after).await?;
    let more = flags.len() as i64 > LIST_PAGE;
    flags.truncate(LIST_PAGE as usize);
    let next_cursor = flags
        .last()
        .filter(|_| more)
        .map(|f| cursor::encode("flags", f.id));
    Ok(Json(FlagListJson {
        flags: flags.iter().map(FlagJson::from).collect(),
        next_cursor,
    }))
}

const LIST_PAGE: i64 = 50;

#[derive(Serialize, ToSchema)]
pub struct FlagListJson {
    flags: Vec<FlagJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ResolveJson {
    /// "remove", "dismiss" or "suspend".
    action: String,
}

#[utoipa::path(post, path = "/flags/{id}/resolve", summary = "Resolve a flag: remove, dismiss or suspend (moderators)", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the flag's id")), request_body = ResolveJson, responses((status = 204, description = "resolved (moderators only)")))]
pub async fn resolve(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<ResolveJson>,
) -> ApiResult<StatusCode> {
    let store = state.store.as_ref();
    match body.action.as_str() {
        "remove" => moderation::remove(store, &user, id).await?,
        "dismiss" => moderation::dismiss(store, &user, id).await?,
        "suspend" => moderation::suspend_author(store, &user, id).await?,
        _ => {
            return Err(crate::error::ActionError::invalid(
                "action",
                "must be remove, dismiss or suspend",
            )
            .into());
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
