//! `/reviews` and each reader's one review of a book.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{MaybeCaller, PathId};
use super::json::{AuthorJson, UserJson};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::reviews::{self as review_actions, ReviewInput};
use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::store::ReviewDetail;

#[derive(Serialize, ToSchema)]
pub struct ReviewBookJson {
    id: i64,
    title: String,
    authors: Vec<AuthorJson>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ReviewReadJson)]
pub struct ReadJson {
    started: Option<String>,
    finished: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReviewJson {
    id: i64,
    book: ReviewBookJson,
    reviewer: UserJson,
    rating: Option<f64>,
    status: Option<String>,
    shelves: Vec<String>,
    body: String,
    body_html: String,
    spoiler: bool,
    recommended_for: Option<String>,
    reads: Vec<ReadJson>,
    likes_count: i64,
    liked_by: Vec<UserJson>,
    liked: bool,
    comments_count: i64,
    created_at: String,
    updated_at: String,
    visibility: String,
}

impl From<&ReviewDetail> for ReviewJson {
    fn from(d: &ReviewDetail) -> Self {
        let r = &d.review;
        ReviewJson {
            id: r.id,
            book: ReviewBookJson {
                id: d.book.id,
                title: d.book.title.clone(),
                authors: d.book.authors.iter().map(AuthorJson::from).collect(),
            },
            reviewer: UserJson::from(&r.reviewer),
            rating: d
                .reviewer
                .rating
                .and_then(Stars::from_quarters)
                .map(Stars::value),
            status: d.reviewer.status.clone(),
            shelves: d.reviewer.shelves.iter().map(|s| s.name.clone()).collect(),
            body: r.body.clone(),
            body_html: r.body_html.clone(),
            spoiler: r.spoiler,
            recommended_for: r.recommended_for.clone(),
            reads: d
                .reviewer
                .reads
                .iter()
                .map(|x| ReadJson {
                    started: x.started.clone(),
                    finished: x.finished.clone(),
                })
                .collect(),
            likes_count: r.likes_count,
            liked_by: d.likers.iter().map(UserJson::from).collect(),
            liked: d.viewer_liked,
            comments_count: r.comments_count,
            created_at: dates::rfc3339(r.created_at),
            updated_at: dates::rfc3339(r.updated_at),
            visibility: r.visibility.clone(),
        }
    }
}

#[utoipa::path(get, path = "/reviews/{id}", summary = "A review", tag = "reviews", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the review's id")), responses((status = 200, description = "the review with its book, reviewer, rating, shelves and likes", body = ReviewJson)))]
pub async fn show(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<ReviewJson>> {
    let detail = review_actions::review_detail(state.store.as_ref(), id, caller.as_ref()).await?;
    Ok(Json(ReviewJson::from(&detail)))
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewBody {
    body: String,
    #[serde(default)]
    spoiler: bool,
    recommended_for: Option<String>,
    /// "public" (the default) or "friends".
    visibility: Option<String>,
}

#[utoipa::path(put, path = "/books/{id}/review", summary = "Write or rewrite the caller's review of a book", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = ReviewBody, responses((status = 200, description = "the caller's one review of the book, written or rewritten", body = ReviewJson)))]
pub async fn put_review(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(book_id): PathId,
    ApiJson(body): ApiJson<ReviewBody>,
) -> ApiResult<Json<ReviewJson>> {
    let input = ReviewInput {
        body: body.body,
        spoiler: body.spoiler,
        recommended_for: body.recommended_for,
        visibility: body.visibility,
    };
    let id = review_actions::write_review(state.store.as_ref(), &user, book_id, &input).await?;
    let detail = review_actions::review_detail(state.store.as_ref(), id, Some(&user)).await?;
    Ok(Json(ReviewJson::from(&detail)))
}

#[utoipa::path(delete, path = "/reviews/{id}", summary = "Delete a review", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the review's id")), responses((status = 204, description = "deleted (by its reviewer or a moderator)")))]
pub async fn delete_review(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    review_actions::delete_review(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct LikeJson {
    review_id: i64,
    liked: bool,
    likes_count: i64,
}

#[utoipa::path(put, path = "/reviews/{id}/like", summary = "Like a review", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the review's id")), responses((status = 200, description = "liked", body = LikeJson)))]
pub async fn like(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<LikeJson>> {
    let review = review_actions::set_like(state.store.as_ref(), &user, id, true).await?;
    Ok(Json(LikeJson {
        review_id: id,
        liked: true,
        likes_count: review.likes_count,
    }))
}

#[utoipa::path(delete, path = "/reviews/{id}/like", summary = "Take a like back", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the review's id")), responses((status = 204, description = "the like is taken back")))]
pub async fn unlike(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    review_actions::set_like(state.store.as_ref(), &user, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
