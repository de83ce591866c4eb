//! `/flags` and `/notifications`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::extract::PathId;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::moderation::{self, Target};
use crate::domain::dates;
use crate::store::{FlagItem, Notification};

#[derive(Deserialize)]
pub struct NewFlagJson {
    target: String,
    id: i64,
    reason: String,
    note: Option<String>,
}

#[derive(Serialize)]
pub struct FlagCreated {
    id: i64,
}

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
    )
    .await?;
    Ok((StatusCode::CREATED, Json(FlagCreated { id })))
}

#[derive(Serialize)]
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
pub async fn queue(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<Vec<FlagJson>>> {
    let flags = moderation::queue(state.store.as_ref(), &user).await?;
    Ok(Json(flags.iter().map(FlagJson::from).collect()))
}

#[derive(Deserialize)]
pub struct ResolveJson {
    /// "remove", "dismiss" or "suspend".
    action: String,
}

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

#[derive(Serialize)]
pub struct NotificationJson {
    id: i64,
    kind: String,
    actor: Option<String>,
    review_id: Option<i64>,
    comment_number: Option<i64>,
    book_title: Option<String>,
    read: bool,
    created_at: String,
}

impl From<&Notification> for NotificationJson {
    fn from(n: &Notification) -> Self {
        NotificationJson {
            id: n.id,
            kind: n.kind.clone(),
            actor: n.actor.as_ref().map(|a| a.username.clone()),
            review_id: n.review_id,
            comment_number: n.comment_number,
            book_title: n.book_title.clone(),
            read: n.read,
            created_at: dates::rfc3339(n.created_at),
        }
    }
}

pub async fn notifications(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<Vec<NotificationJson>>> {
    let list = moderation::notifications(state.store.as_ref(), &user).await?;
    Ok(Json(list.iter().map(NotificationJson::from).collect()))
}
