//! `/books/{id}/quotes`, `/users/{username}/quotes`, `/quotes/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{MaybeCaller, PathId};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::quotes::{self, Place};
use crate::domain::dates;
use crate::store::Quote;

#[derive(Deserialize, ToSchema)]
pub struct NewQuoteJson {
    /// The passage, up to 3,000 characters.
    body: String,
    /// The page it is on (1 to 100,000), or else
    page: Option<i64>,
    /// how far through the book, 0 to 100.
    percent: Option<i64>,
    /// Hidden until asked for.
    #[serde(default)]
    spoiler: bool,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteJson {
    id: i64,
    book_id: i64,
    book_title: String,
    username: String,
    display_name: String,
    body: String,
    page: Option<i64>,
    percent: Option<i64>,
    spoiler: bool,
    likes_count: i64,
    /// Whether the caller likes it.
    liked: bool,
    created_at: String,
}

impl From<Quote> for QuoteJson {
    fn from(q: Quote) -> Self {
        QuoteJson {
            id: q.id,
            book_id: q.book_id,
            book_title: q.book_title,
            username: q.reader.username,
            display_name: q.reader.display_name,
            body: q.body,
            page: q.page,
            percent: q.percent,
            spoiler: q.spoiler,
            likes_count: q.likes_count,
            liked: q.liked,
            created_at: dates::rfc3339(q.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct QuotesJson {
    quotes: Vec<QuoteJson>,
}

const LIST: i64 = 50;

#[utoipa::path(post, path = "/books/{id}/quotes", summary = "Keep a quote from a book", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = NewQuoteJson, responses((status = 201, description = "the quote", body = QuoteJson)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(book_id): PathId,
    ApiJson(body): ApiJson<NewQuoteJson>,
) -> ApiResult<(StatusCode, Json<QuoteJson>)> {
    let place = Place {
        page: body.page,
        percent: body.percent,
    };
    let quote = quotes::add(
        state.store.as_ref(),
        &user,
        book_id,
        &body.body,
        place,
        body.spoiler,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(quote.into())))
}

#[utoipa::path(get, path = "/books/{id}/quotes", summary = "A book's quotes, most liked first", tag = "reviews", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "the quotes the caller may see", body = QuotesJson)))]
pub async fn of_book(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(book_id): PathId,
) -> ApiResult<Json<QuotesJson>> {
    let list = quotes::of_book(state.store.as_ref(), caller.as_ref(), book_id, LIST).await?;
    Ok(Json(QuotesJson {
        quotes: list.into_iter().map(QuoteJson::from).collect(),
    }))
}

#[utoipa::path(get, path = "/users/{username}/quotes", summary = "A reader's quotes, newest first", tag = "reviews", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 200, description = "the quotes the caller may see", body = QuotesJson)))]
pub async fn of_reader(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
) -> ApiResult<Json<QuotesJson>> {
    let (_, list) =
        quotes::of_reader(state.store.as_ref(), caller.as_ref(), &username, LIST).await?;
    Ok(Json(QuotesJson {
        quotes: list.into_iter().map(QuoteJson::from).collect(),
    }))
}

#[utoipa::path(put, path = "/quotes/{id}/like", summary = "Like a quote", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the quote's id")), responses((status = 200, description = "the quote, liked", body = QuoteJson)))]
pub async fn like(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<QuoteJson>> {
    let quote = quotes::set_like(state.store.as_ref(), &user, id, true).await?;
    Ok(Json(quote.into()))
}

#[utoipa::path(delete, path = "/quotes/{id}/like", summary = "Take a quote's like back", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the quote's id")), responses((status = 200, description = "the quote, not liked", body = QuoteJson)))]
pub async fn unlike(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<QuoteJson>> {
    let quote = quotes::set_like(state.store.as_ref(), &user, id, false).await?;
    Ok(Json(quote.into()))
}

#[utoipa::path(delete, path = "/quotes/{id}", summary = "Delete a quote (its keeper or a moderator)", tag = "reviews", security(("bearer" = [])), params(("id" = i64, Path, description = "the quote's id")), responses((status = 204, description = "the quote is gone")))]
pub async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    quotes::delete(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
