//! The numbered threads: `/reviews/{id}/comments`, `/lists/{id}/comments` and `/comments/{id}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiQuery;
use super::extract::{MaybeCaller, PathId};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::comments::{self as comment_actions, CommentInput};
use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::domain::thread::PER_PAGE;
use crate::domain::thread::Thread;
use crate::store::Comment;

#[derive(Serialize, ToSchema)]
pub struct CommenterJson {
    username: String,
    display_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommentJson {
    id: i64,
    number: i64,
    author: Option<CommenterJson>,
    /// None once deleted: a deleted comment's words are gone.
    body: Option<String>,
    body_html: Option<String>,
    quote_of: Option<i64>,
    quote_of_number: Option<i64>,
    created_at: String,
    edited_at: Option<String>,
    deleted: bool,
    removed: bool,
    /// By a reader the caller blocked, or who blocked the caller: no author, no words.
    hidden: bool,
    new: bool,
    commenter_rating: Option<f64>,
    commenter_status: Option<String>,
}

pub(super) fn comment_json(c: &Comment, new: bool) -> CommentJson {
    // A hidden (blocked) or deleted comment keeps its number and nothing of
    // what was said or who said it.
    let shown = !c.hidden && !c.deleted;
    CommentJson {
        id: c.id,
        number: c.number,
        author: c.author.as_ref().filter(|_| shown).map(|a| CommenterJson {
            username: a.username.clone(),
            display_name: a.display_name.clone(),
        }),
        body: shown.then(|| c.body.clone()),
        body_html: shown.then(|| c.body_html.clone()),
        quote_of: c.quote.as_ref().filter(|_| !c.hidden).map(|q| q.id),
        quote_of_number: c.quote.as_ref().filter(|_| !c.hidden).map(|q| q.number),
        created_at: dates::rfc3339(c.created_at),
        edited_at: c.edited_at.map(dates::rfc3339),
        deleted: c.deleted,
        removed: c.removed,
        hidden: c.hidden,
        new,
        commenter_rating: c
            .commenter_rating
            .filter(|_| shown)
            .and_then(Stars::from_quarters)
            .map(Stars::value),
        commenter_status: c.commenter_status.clone().filter(|_| shown),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThreadJson {
    total: i64,
    page: i64,
    pages: i64,
    per_page: i64,
    new_count: i64,
    comments: Vec<CommentJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page number, 1 first.
    page: Option<i64>,
    /// The `next_cursor` of the previous page (the same place as `page`, opaque).
    cursor: Option<String>,
}

/// A page of the thread; for a caller with a token it counts as shown.
#[utoipa::path(get, path = "/reviews/{id}/comments", summary = "A page of the conversation under a review", tag = "comments", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the review's id"), PageQuery), responses((status = 200, description = "a page of the conversation, 50 a page, numbered from 1", body = ThreadJson)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<ThreadJson>> {
    thread_json(&state, caller.as_ref(), Thread::Review(id), &q).await
}

/// A page of the thread as JSON, for either owner.
async fn thread_json(
    state: &AppState,
    caller: Option<&crate::store::User>,
    owner: Thread,
    q: &PageQuery,
) -> ApiResult<Json<ThreadJson>> {
    let page = match q.cursor.as_deref() {
        Some(c) => super::cursor::decode("comments", Some(c))?.max(1),
        None => q.page.unwrap_or(1),
    };
    let thread =
        comment_actions::visible_thread_page(state.store.as_ref(), caller, owner, page).await?;
    Ok(Json(ThreadJson {
        total: thread.page.total,
        page: thread.page.page,
        pages: thread.page.pages,
        per_page: PER_PAGE,
        new_count: thread.new_count.unwrap_or(0),
        comments: thread
            .comments
            .iter()
            .map(|c| comment_json(c, thread.is_new(c.number)))
            .collect(),
        next_cursor: (thread.page.page < thread.page.pages)
            .then(|| super::cursor::encode("comments", thread.page.page + 1)),
    }))
}

/// A page of a list's thread; for a caller with a token it counts as shown.
#[utoipa::path(get, path = "/lists/{id}/comments", summary = "A page of the conversation about a list", tag = "comments", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), PageQuery), responses((status = 200, description = "a page of the conversation, 50 a page, numbered from 1", body = ThreadJson)))]
pub async fn of_list(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> ApiResult<Json<ThreadJson>> {
    thread_json(&state, caller.as_ref(), Thread::List(id), &q).await
}

#[derive(Deserialize, ToSchema)]
pub struct NewCommentJson {
    body: String,
    quote_of: Option<i64>,
}

impl From<NewCommentJson> for CommentInput {
    fn from(body: NewCommentJson) -> Self {
        CommentInput {
            body: body.body,
            quote_of: body.quote_of,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PostedJson {
    id: i64,
    number: i64,
}

impl PostedJson {
    pub(super) fn new(id: i64, number: i64) -> Self {
        PostedJson { id, number }
    }
}

impl CommentJson {
    /// Keeps the comment's number and place, not its words (a read-along
    /// comment beyond the caller's progress).
    pub(super) fn withhold(&mut self) {
        self.body = None;
        self.body_html = None;
    }
}

#[utoipa::path(post, path = "/reviews/{id}/comments", summary = "Comment on a review, optionally quoting an earlier comment", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path, description = "the review's id")), request_body = NewCommentJson, responses((status = 201, description = "posted", body = PostedJson)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewCommentJson>,
) -> ApiResult<(StatusCode, Json<PostedJson>)> {
    post_to(&state, &user, Thread::Review(id), body).await
}

#[utoipa::path(post, path = "/lists/{id}/comments", summary = "Comment on a list, optionally quoting an earlier comment", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id")), request_body = NewCommentJson, responses((status = 201, description = "posted", body = PostedJson)))]
pub async fn create_on_list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewCommentJson>,
) -> ApiResult<(StatusCode, Json<PostedJson>)> {
    post_to(&state, &user, Thread::List(id), body).await
}

async fn post_to(
    state: &AppState,
    user: &crate::store::User,
    thread: Thread,
    body: NewCommentJson,
) -> ApiResult<(StatusCode, Json<PostedJson>)> {
    let input = CommentInput {
        body: body.body,
        quote_of: body.quote_of,
    };
    let (comment_id, number) = comment_actions::post(
        state.store.as_ref(),
        user,
        thread,
        &input,
        state.settings.comment_pace(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PostedJson {
            id: comment_id,
            number,
        }),
    ))
}

#[utoipa::path(get, path = "/comments/{id}", summary = "A comment", tag = "comments", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the comment's id")), responses((status = 200, description = "one comment", body = CommentJson)))]
pub async fn show(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<CommentJson>> {
    let c = comment_actions::visible_comment(state.store.as_ref(), caller.as_ref(), id).await?;
    Ok(Json(comment_json(&c, false)))
}

#[derive(Deserialize, ToSchema)]
pub struct EditJson {
    body: String,
}

#[utoipa::path(patch, path = "/comments/{id}", summary = "Edit the caller's comment", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path, description = "the comment's id")), request_body = EditJson, responses((status = 200, description = "edited (by its author): marked as edited", body = CommentJson)))]
pub async fn edit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<EditJson>,
) -> ApiResult<Json<CommentJson>> {
    let c = comment_actions::edit(state.store.as_ref(), &user, id, &body.body).await?;
    Ok(Json(comment_json(&c, false)))
}

#[utoipa::path(delete, path = "/comments/{id}", summary = "Delete a comment", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path, description = "the comment's id")), responses((status = 204, description = "deleted by its author, the thread's owner (the reviewer, the list's maker) or a moderator; its number stays")))]
pub async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    comment_actions::delete(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
