//! Editions of a book, the edition a reader read, authors, and moderators' merges.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;

use super::extract::PathId;
use super::json::BookJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::books as book_actions;
use crate::actions::editions::{self as actions, EditionInput};
use crate::store::{Edition, MergeReport};

#[derive(Serialize, ToSchema)]
pub struct EditionJson {
    id: i64,
    book_id: i64,
    isbn13: Option<String>,
    isbn10: Option<String>,
    publisher: Option<String>,
    year: Option<i64>,
    pages: Option<i64>,
    format: Option<String>,
    language: Option<String>,
    readers: i64,
}

impl From<Edition> for EditionJson {
    fn from(e: Edition) -> Self {
        EditionJson {
            id: e.id,
            book_id: e.book_id,
            isbn13: e.isbn13,
            isbn10: e.isbn10,
            publisher: e.publisher,
            year: e.year,
            pages: e.pages,
            format: e.format,
            language: e.language,
            readers: e.readers,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EditionsJson {
    editions: Vec<EditionJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

const LIST_PAGE: i64 = 50;

/// One page of a list the store gives whole.
fn slice<T>(list: &str, mut rows: Vec<T>, offset: i64) -> (Vec<T>, Option<String>) {
    rows.drain(..(offset as usize).min(rows.len()));
    cursor::page(list, rows, offset, LIST_PAGE)
}

#[utoipa::path(get, path = "/books/{id}/editions", summary = "A book's editions", tag = "books", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id"), super::cursor::CursorQuery), responses((status = 200, description = "the book's editions", body = EditionsJson)))]
pub async fn list(
    State(state): State<AppState>,
    PathId(id): PathId,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<EditionsJson>> {
    let offset = page.position("editions")?;
    let editions = actions::editions(state.store.as_ref(), id).await?;
    let (editions, next_cursor) = slice("editions", editions, offset);
    Ok(Json(EditionsJson {
        editions: editions.into_iter().map(EditionJson::from).collect(),
        next_cursor,
    }))
}

#[utoipa::path(get, path = "/editions/{id}", summary = "An edition", tag = "books", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the edition's id")), responses((status = 200, description = "one edition", body = EditionJson)))]
pub async fn show(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<Json<EditionJson>> {
    Ok(Json(
        actions::edition(state.store.as_ref(), id).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEditionJson {
    isbn13: Option<String>,
    isbn10: Option<String>,
    publisher: Option<String>,
    year: Option<i64>,
    pages: Option<i64>,
    format: Option<String>,
    language: Option<String>,
}

#[utoipa::path(post, path = "/books/{id}/editions", summary = "Add an edition", tag = "books", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = NewEditionJson, responses((status = 201, description = "the new edition", body = EditionJson)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewEditionJson>,
) -> ApiResult<(StatusCode, Json<EditionJson>)> {
    let input = EditionInput {
        isbn13: body.isbn13,
        isbn10: body.isbn10,
        publisher: body.publisher,
        year: body.year,
        pages: body.pages,
        format: body.format,
        language: body.language,
    };
    let edition = actions::add_edition(state.store.as_ref(), &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(edition.into())))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MineEditionJson {
    edition_id: Option<i64>,
}

#[utoipa::path(put, path = "/books/{id}/edition", summary = "Say which edition the caller read", tag = "shelves", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = MineEditionJson, responses((status = 204, description = "the edition the caller read (null: none in particular)")))]
pub async fn set_mine(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<MineEditionJson>,
) -> ApiResult<StatusCode> {
    actions::set_reader_edition(state.store.as_ref(), &user, id, body.edition_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeJson {
    into: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MergedJson {
    into: i64,
    editions: i64,
    ratings: i64,
    reviews: i64,
    shelf_entries: i64,
    comments: i64,
    books: i64,
}

fn merged(into: i64, r: MergeReport) -> MergedJson {
    MergedJson {
        into,
        editions: r.editions,
        ratings: r.ratings,
        reviews: r.reviews,
        shelf_entries: r.shelf_entries,
        comments: r.comments,
        books: r.books,
    }
}

#[utoipa::path(post, path = "/books/{id}/merge", summary = "Merge a duplicate book into another (moderators)", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body = MergeJson, responses((status = 200, description = "merged into `into` (moderators only); the old id answers 301 from now on", body = MergedJson)))]
pub async fn merge_books(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<MergeJson>,
) -> ApiResult<Json<MergedJson>> {
    let report = actions::merge_books(state.store.as_ref(), &user, id, body.into).await?;
    Ok(Json(merged(body.into, report)))
}

#[utoipa::path(post, path = "/authors/{id}/merge", summary = "Merge a duplicate author into another (moderators)", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the author's id")), request_body = MergeJson, responses((status = 200, description = "merged into `into` (moderators only)", body = MergedJson)))]
pub async fn merge_authors(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<MergeJson>,
) -> ApiResult<Json<MergedJson>> {
    let report = actions::merge_authors(state.store.as_ref(), &user, id, body.into).await?;
    Ok(Json(merged(body.into, report)))
}

#[derive(Serialize, ToSchema)]
pub struct AuthorPageJson {
    id: i64,
    name: String,
    other_names: Vec<String>,
    books: Vec<BookJson>,
    /// Pass as `cursor` for the next page of books; null on the last.
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/authors/{id}", summary = "An author and their books", tag = "books", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the author's id"), super::cursor::CursorQuery), responses((status = 200, description = "an author, the names they also go by, and a page of their books", body = AuthorPageJson)))]
pub async fn author(
    State(state): State<AppState>,
    PathId(id): PathId,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<AuthorPageJson>> {
    let offset = page.position("author-books")?;
    let (author, books) = book_actions::author(state.store.as_ref(), id).await?;
    let other_names = state.store.author_aliases(id).await.unwrap_or_default();
    let (books, next_cursor) = slice("author-books", books, offset);
    Ok(Json(AuthorPageJson {
        id: author.id,
        name: author.name,
        other_names,
        books: books.iter().map(BookJson::from).collect(),
        next_cursor,
    }))
}
