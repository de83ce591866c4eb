//! `/reviews/{id}/comments` and `/comments/{id}`.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::extract::{MaybeCaller, PathId};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::comments::{self as comment_actions, CommentInput};
use crate::actions::reviews as review_actions;
use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::domain::thread::PER_PAGE;
use crate::store::Comment;

#[derive(Serialize)]
pub struct AuthorJson {
    username: String,
    display_name: String,
}

#[derive(Serialize)]
pub struct CommentJson {
    id: i64,
    number: i64,
    author: Option<AuthorJson>,
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

fn comment_json(c: &Comment, new: bool) -> CommentJson {
    CommentJson {
        id: c.id,
        number: c.number,
        author: c.author.as_ref().filter(|_| !c.hidden).map(|a| AuthorJson {
            username: a.username.clone(),
            display_name: a.display_name.clone(),
        }),
        body: (!c.deleted && !c.hidden).then(|| c.body.clone()),
        body_html: (!c.deleted && !c.hidden).then(|| c.body_html.clone()),
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
            .and_then(Stars::from_quarters)
            .map(Stars::value),
        commenter_status: c.commenter_status.clone(),
    }
}

#[derive(Serialize)]
pub struct ThreadJson {
    total: i64,
    page: i64,
    pages: i64,
    per_page: i64,
    new_count: i64,
    comments: Vec<CommentJson>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// A page of the thread; for a caller with a token it counts as shown.
pub async fn list(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ThreadJson>> {
    let store = state.store.as_ref();
    let review = review_actions::review(store, id).await?;
    review_actions::may_view(store, caller.as_ref(), &review).await?;
    let thread = comment_actions::thread_page(
        store,
        id,
        review.comments_count,
        q.page.unwrap_or(1),
        caller.as_ref(),
    )
    .await?;
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
    }))
}

#[derive(Deserialize)]
pub struct NewCommentJson {
    body: String,
    quote_of: Option<i64>,
}

#[derive(Serialize)]
pub struct PostedJson {
    id: i64,
    number: i64,
}

pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewCommentJson>,
) -> ApiResult<(StatusCode, Json<PostedJson>)> {
    let input = CommentInput {
        body: body.body,
        quote_of: body.quote_of,
    };
    let (comment_id, number) = comment_actions::post(
        state.store.as_ref(),
        &user,
        id,
        &input,
        state.settings.comments_per_minute,
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

pub async fn show(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<CommentJson>> {
    let store = state.store.as_ref();
    let c = comment_actions::comment(store, id).await?;
    // A comment is as visible as the review it is under.
    let review = review_actions::review(store, c.review_id).await?;
    review_actions::may_view(store, caller.as_ref(), &review)
        .await
        .map_err(|_| crate::error::ActionError::NotFound("comment"))?;
    Ok(Json(comment_json(&c, false)))
}

#[derive(Deserialize)]
pub struct EditJson {
    body: String,
}

pub async fn edit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<EditJson>,
) -> ApiResult<Json<CommentJson>> {
    let c = comment_actions::edit(state.store.as_ref(), &user, id, &body.body).await?;
    Ok(Json(comment_json(&c, false)))
}

pub async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    comment_actions::delete(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
