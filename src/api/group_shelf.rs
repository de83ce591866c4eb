//! `/groups/{id}/shelf`, `/current-book` and `/schedule`: what the group
//! reads, has read and may read next, members' votes, and the read-along's
//! checkpoints.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{MaybeCaller, PathId, PathIds};
use super::groups::GroupJson;
use super::json::UserJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::group_shelf as shelf_actions;
use crate::actions::groups as group_actions;
use crate::domain::dates;
use crate::store::{CheckpointRow, GroupBookRow};

#[derive(Deserialize, ToSchema)]
pub struct CurrentBookJson {
    book_id: i64,
    /// YYYY-MM-DD.
    started_on: String,
}

#[utoipa::path(put, path = "/groups/{id}/current-book", summary = "Set the book the group reads now, with its start date (the owner)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = CurrentBookJson, responses((status = 200, description = "the group", body = GroupJson)))]
pub async fn set_current_book(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<CurrentBookJson>,
) -> ApiResult<Json<GroupJson>> {
    let g = group_actions::set_current_book(
        state.store.as_ref(),
        &user,
        id,
        body.book_id,
        &body.started_on,
    )
    .await?;
    Ok(Json(GroupJson::from(&g)))
}

#[derive(Serialize, ToSchema)]
pub struct CheckpointJson {
    id: i64,
    book_id: i64,
    label: String,
    up_to_page: i64,
    due_on: String,
    /// Members whose own progress on the book has reached the checkpoint.
    members_past: i64,
}

impl From<&CheckpointRow> for CheckpointJson {
    fn from(k: &CheckpointRow) -> Self {
        CheckpointJson {
            id: k.id,
            book_id: k.book_id,
            label: k.label.clone(),
            up_to_page: k.up_to_page,
            due_on: k.due_on.clone(),
            members_past: k.members_past,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleJson {
    checkpoints: Vec<CheckpointJson>,
}

#[utoipa::path(get, path = "/groups/{id}/schedule", summary = "The current book's read-along checkpoints, with who is past each", tag = "groups", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), responses((status = 200, description = "the schedule", body = ScheduleJson)))]
pub async fn schedule(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<ScheduleJson>> {
    let found = group_actions::schedule(state.store.as_ref(), caller.as_ref(), id).await?;
    Ok(Json(ScheduleJson {
        checkpoints: found.iter().map(CheckpointJson::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewCheckpointJson {
    /// "Chapter 10", "Part one".
    label: String,
    /// The page at which a reader has read it.
    up_to_page: i64,
    /// YYYY-MM-DD.
    due_on: String,
}

#[utoipa::path(post, path = "/groups/{id}/schedule", summary = "Add a checkpoint to the current book's schedule (the group's moderators)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = NewCheckpointJson, responses((status = 201, description = "the checkpoint", body = CheckpointJson)))]
pub async fn add_checkpoint(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewCheckpointJson>,
) -> ApiResult<(StatusCode, Json<CheckpointJson>)> {
    let k = group_actions::add_checkpoint(
        state.store.as_ref(),
        &user,
        id,
        &body.label,
        body.up_to_page,
        &body.due_on,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CheckpointJson::from(&k))))
}

/// A book on the group's shelf.
#[derive(Serialize, ToSchema)]
pub struct GroupBookJson {
    book_id: i64,
    title: String,
    /// `reading` (the current book), `next`, `proposed` (members vote) or `read`.
    shelf: String,
    /// The member who put it forward, if one did.
    proposed_by: Option<UserJson>,
    votes: i64,
    /// Whether the caller voted for it.
    voted: bool,
    added_at: String,
}

impl From<&GroupBookRow> for GroupBookJson {
    fn from(b: &GroupBookRow) -> Self {
        GroupBookJson {
            book_id: b.book_id,
            title: b.title.clone(),
            shelf: b.shelf.clone(),
            proposed_by: b.proposed_by.as_ref().map(UserJson::from),
            votes: b.votes,
            voted: b.voted,
            added_at: dates::rfc3339(b.added_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GroupShelfJson {
    /// The current book first, then the next, the proposals by votes, and what was read.
    books: Vec<GroupBookJson>,
}

async fn shelf_of(
    state: &AppState,
    caller: Option<&crate::store::User>,
    id: i64,
) -> ApiResult<Json<GroupShelfJson>> {
    let found = shelf_actions::shelf(state.store.as_ref(), caller, id).await?;
    Ok(Json(GroupShelfJson {
        books: found.iter().map(GroupBookJson::from).collect(),
    }))
}

#[utoipa::path(get, path = "/groups/{id}/shelf", summary = "The group's shelf: reading, next, proposed (with votes) and read", tag = "groups", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), responses((status = 200, description = "the shelf", body = GroupShelfJson)))]
pub async fn shelf(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<GroupShelfJson>> {
    shelf_of(&state, caller.as_ref(), id).await
}

#[derive(Deserialize, ToSchema)]
pub struct ProposeJson {
    book_id: i64,
}

#[utoipa::path(post, path = "/groups/{id}/shelf", summary = "Put a book forward for the group to read (members; it carries the caller's vote)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = ProposeJson, responses((status = 201, description = "the shelf", body = GroupShelfJson)))]
pub async fn propose(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<ProposeJson>,
) -> ApiResult<(StatusCode, Json<GroupShelfJson>)> {
    shelf_actions::propose(state.store.as_ref(), &user, id, body.book_id).await?;
    Ok((
        StatusCode::CREATED,
        shelf_of(&state, Some(&user), id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PlaceJson {
    /// `next`, `read` or `proposed`; the current book is set through `/current-book`.
    shelf: String,
}

#[utoipa::path(put, path = "/groups/{id}/shelf/{book_id}", summary = "Move a book to a shelf, or put it there (the group's moderators)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("book_id" = i64, Path, description = "the book's id")), request_body = PlaceJson, responses((status = 200, description = "the shelf", body = GroupShelfJson)))]
pub async fn place(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
    ApiJson(body): ApiJson<PlaceJson>,
) -> ApiResult<Json<GroupShelfJson>> {
    shelf_actions::place(state.store.as_ref(), &user, id, book_id, &body.shelf).await?;
    shelf_of(&state, Some(&user), id).await
}

#[utoipa::path(delete, path = "/groups/{id}/shelf/{book_id}", summary = "Take a book off the shelf with its votes (the group's moderators)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 204, description = "it is off the shelf")))]
pub async fn unshelve(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<StatusCode> {
    shelf_actions::remove(state.store.as_ref(), &user, id, book_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/groups/{id}/shelf/{book_id}/vote", summary = "Vote for a book put forward (members; twice counts once)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 200, description = "the shelf", body = GroupShelfJson)))]
pub async fn vote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<Json<GroupShelfJson>> {
    shelf_actions::vote(state.store.as_ref(), &user, id, book_id, true).await?;
    shelf_of(&state, Some(&user), id).await
}

#[utoipa::path(delete, path = "/groups/{id}/shelf/{book_id}/vote", summary = "Take back a vote", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 200, description = "the shelf", body = GroupShelfJson)))]
pub async fn unvote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<Json<GroupShelfJson>> {
    shelf_actions::vote(state.store.as_ref(), &user, id, book_id, false).await?;
    shelf_of(&state, Some(&user), id).await
}
