//! `/books`: the catalogue and a reader's relation to each book.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiQuery;
use super::extract::{MaybeCaller, PathId};
use super::json::{AuthorJson, BookJson, ReviewListJson};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::books::{self as book_actions, BookInput};
use crate::actions::shelves as shelf_actions;
use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::domain::shelf;
use crate::store::{Book, ReaderBook, User};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBookJson {
    title: String,
    authors: Vec<String>,
    isbn13: Option<String>,
    isbn10: Option<String>,
    pages: Option<i64>,
    year: Option<i64>,
    description: Option<String>,
    series: Option<String>,
    series_position: Option<String>,
}

#[utoipa::path(post, path = "/books", summary = "Add a book to the catalogue", tag = "books", security(("bearer" = [])), request_body = NewBookJson, responses((status = 201, description = "the new book", body = BookJson)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<NewBookJson>,
) -> ApiResult<(StatusCode, Json<BookJson>)> {
    let input = BookInput {
        title: body.title,
        authors: body.authors,
        isbn13: body.isbn13,
        isbn10: body.isbn10,
        pages: body.pages,
        year: body.year,
        description: body.description,
        series: body.series,
        series_position: body.series_position,
    };
    let book = book_actions::add_book(
        state.store.as_ref(),
        &user,
        &input,
        i64::from(state.settings.books_per_hour),
    )
    .await?;
    // The caller added it: there is no one else to name.
    Ok((StatusCode::CREATED, Json(BookJson::from(&book))))
}

/// The book as the caller may see it: moderators also learn who added it
/// and who uploaded its cover.
pub(super) async fn book_json(
    state: &AppState,
    caller: Option<&User>,
    book: &Book,
) -> ApiResult<BookJson> {
    let credits = crate::actions::covers::credits(state.store.as_ref(), caller, book.id).await?;
    Ok(BookJson::from(book).with_credits(credits.as_ref()))
}

#[utoipa::path(get, path = "/books/{id}", summary = "A book", description = "Moderators' tokens also get `created_by` and `cover_by`: who added the book and who uploaded its cover.", tag = "books", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "the book", body = BookJson)))]
pub async fn show(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
) -> ApiResult<Json<BookJson>> {
    let book = book_actions::book(state.store.as_ref(), id).await?;
    Ok(Json(book_json(&state, caller.as_ref(), &book).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words of a title or an author's name, or an ISBN.
    q: Option<String>,
    /// A page number (1 first); `cursor` is the same place, opaque.
    page: Option<i64>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchJson {
    books: Vec<BookJson>,
    authors: Vec<AuthorJson>,
    page: i64,
    next_page: Option<i64>,
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/search", summary = "Search books and authors by title, name or ISBN", tag = "books", security((), ("bearer" = [])), params(SearchQuery), responses((status = 200, description = "books and authors matching the words", body = SearchJson)))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchJson>> {
    let page = match query.cursor.as_deref() {
        Some(c) => super::cursor::decode("search", Some(c))?.max(1),
        None => query.page.unwrap_or(1),
    };
    let found =
        book_actions::search(state.store.as_ref(), query.q.as_deref().unwrap_or(""), page).await?;
    Ok(Json(SearchJson {
        books: found.books.iter().map(BookJson::from).collect(),
        authors: found.authors.iter().map(AuthorJson::from).collect(),
        page: found.page,
        next_page: found.has_next.then_some(found.page + 1),
        next_cursor: found
            .has_next
            .then(|| super::cursor::encode("search", found.page + 1)),
    }))
}

/// The caller's own relation to a book, as the pages show it.
#[derive(Serialize, ToSchema)]
pub struct MineJson {
    book_id: i64,
    rating: Option<f64>,
    status: Option<String>,
    shelves: Vec<String>,
    reads: Vec<ReadJson>,
    review_id: Option<i64>,
    edition_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReadJson {
    id: i64,
    started: Option<String>,
    finished: Option<String>,
}

fn mine_json(book_id: i64, rb: ReaderBook) -> MineJson {
    MineJson {
        book_id,
        rating: rb.rating.and_then(Stars::from_quarters).map(Stars::value),
        status: rb.status,
        shelves: rb.shelves.into_iter().map(|s| s.name).collect(),
        reads: rb
            .reads
            .into_iter()
            .map(|r| ReadJson {
                id: r.id,
                started: r.started,
                finished: r.finished,
            })
            .collect(),
        review_id: rb.review_id,
        edition_id: rb.edition_id,
    }
}

#[utoipa::path(get, path = "/books/{id}/mine", summary = "The caller's rating, status, shelves, reads, review and edition of a book", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "the caller's rating, status, shelves, reads, review and edition", body = MineJson)))]
pub async fn mine(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<MineJson>> {
    book_actions::book(state.store.as_ref(), id).await?;
    let rb = shelf_actions::reader_book(state.store.as_ref(), &user, id).await?;
    Ok(Json(mine_json(id, rb)))
}

#[derive(Deserialize, ToSchema)]
pub struct RatingJson {
    stars: f64,
}

#[derive(Serialize, ToSchema)]
pub struct RatedJson {
    book_id: i64,
    stars: f64,
    average_rating: Option<f64>,
    ratings_count: i64,
}

#[utoipa::path(put, path = "/books/{id}/rating", summary = "Rate a book", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = RatingJson, responses((status = 200, description = "rated", body = RatedJson)))]
pub async fn rate(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<RatingJson>,
) -> ApiResult<Json<RatedJson>> {
    let stars = Stars::from_halves(body.stars)?;
    shelf_actions::rate(state.store.as_ref(), &user, id, stars).await?;
    let book = BookJson::from(&book_actions::book(state.store.as_ref(), id).await?);
    Ok(Json(RatedJson {
        book_id: id,
        stars: stars.value(),
        average_rating: book.average_rating,
        ratings_count: book.ratings_count,
    }))
}

#[utoipa::path(delete, path = "/books/{id}/rating", summary = "Clear the caller's rating", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 204, description = "the rating is gone")))]
pub async fn clear_rating(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    shelf_actions::clear_rating(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct StatusJson {
    /// `to-read`, `currently-reading`, `read`, `did-not-finish`, or the slug of
    /// one of the caller's exclusive shelves; the book leaves whichever held it.
    status: String,
}

#[utoipa::path(put, path = "/books/{id}/status", summary = "Put a book on to-read, currently-reading, read, did-not-finish or one of the caller's exclusive shelves", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = StatusJson, responses((status = 200, description = "shelved", body = MineJson)))]
pub async fn set_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<StatusJson>,
) -> ApiResult<Json<MineJson>> {
    shelf_actions::set_status(state.store.as_ref(), &user, id, Some(&body.status)).await?;
    let rb = shelf_actions::reader_book(state.store.as_ref(), &user, id).await?;
    Ok(Json(mine_json(id, rb)))
}

#[utoipa::path(delete, path = "/books/{id}/status", summary = "Take a book off the status shelves", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 204, description = "off the status shelves")))]
pub async fn clear_status(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    shelf_actions::set_status(state.store.as_ref(), &user, id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ShelvesJson {
    shelves: Vec<String>,
}

#[utoipa::path(put, path = "/books/{id}/shelves", summary = "Set the caller's own shelves for a book", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = ShelvesJson, responses((status = 200, description = "the book is on exactly these of the caller's own shelves", body = MineJson)))]
pub async fn set_shelves(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<ShelvesJson>,
) -> ApiResult<Json<MineJson>> {
    let shelves = shelf::parse_shelves(&body.shelves)?;
    shelf_actions::set_shelves(state.store.as_ref(), &user, id, shelves).await?;
    let rb = shelf_actions::reader_book(state.store.as_ref(), &user, id).await?;
    Ok(Json(mine_json(id, rb)))
}

#[derive(Deserialize, ToSchema)]
pub struct NewReadJson {
    started: Option<String>,
    finished: Option<String>,
}

#[utoipa::path(post, path = "/books/{id}/reads", summary = "Record a read (or a re-read) with its dates", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = NewReadJson, responses((status = 201, description = "a read (re-reads add more)", body = ReadJson)))]
pub async fn add_read(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewReadJson>,
) -> ApiResult<(StatusCode, Json<ReadJson>)> {
    let read_id = shelf_actions::add_read(
        state.store.as_ref(),
        &user,
        id,
        body.started.as_deref(),
        body.finished.as_deref(),
    )
    .await?;
    let rb = shelf_actions::reader_book(state.store.as_ref(), &user, id).await?;
    let read = rb
        .reads
        .into_iter()
        .find(|r| r.id == read_id)
        .map(|r| ReadJson {
            id: r.id,
            started: r.started,
            finished: r.finished,
        })
        .ok_or_else(|| crate::error::ActionError::Internal("a new read vanished".into()))?;
    Ok((StatusCode::CREATED, Json(read)))
}

#[derive(Deserialize, ToSchema)]
pub struct NewProgressJson {
    page: Option<i64>,
    percent: Option<i64>,
    note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressJson {
    id: i64,
    page: Option<i64>,
    percent: Option<i64>,
    note: Option<String>,
    created_at: String,
}

#[utoipa::path(post, path = "/books/{id}/progress", summary = "Record reading progress", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = NewProgressJson, responses((status = 201, description = "a progress update", body = ProgressJson)))]
pub async fn add_progress(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewProgressJson>,
) -> ApiResult<(StatusCode, Json<ProgressJson>)> {
    let event_id = shelf_actions::add_progress(
        state.store.as_ref(),
        &user,
        id,
        body.page,
        body.percent,
        body.note.as_deref(),
    )
    .await?;
    let rb = shelf_actions::reader_book(state.store.as_ref(), &user, id).await?;
    let event = rb
        .timeline
        .into_iter()
        .find(|e| e.id == event_id)
        .ok_or_else(|| {
            crate::error::ActionError::Internal("a new progress update vanished".into())
        })?;
    Ok((
        StatusCode::CREATED,
        Json(ProgressJson {
            id: event.id,
            page: event.page,
            percent: event.percent,
            note: event.note,
            created_at: dates::rfc3339(event.created_at),
        }),
    ))
}

#[utoipa::path(get, path = "/books/{id}/reviews", summary = "A book's reviews", tag = "reviews", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id"), super::cursor::CursorQuery), responses((status = 200, description = "the reviews the caller may see, newest first", body = ReviewListJson)))]
pub async fn reviews(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(cursor): ApiQuery<super::cursor::CursorQuery>,
) -> ApiResult<Json<ReviewListJson>> {
    const PER_PAGE: i64 = 50;
    let offset = cursor.position("book-reviews")?;
    book_actions::book(state.store.as_ref(), id).await?;
    let items = state
        .store
        .book_reviews(id, caller.map(|c| c.id), PER_PAGE + 1, offset)
        .await
        .map_err(crate::error::ActionError::from)?;
    let (items, next_cursor) = super::cursor::page("book-reviews", items, offset, PER_PAGE);
    Ok(Json(ReviewListJson::new(&items, next_cursor)))
}
