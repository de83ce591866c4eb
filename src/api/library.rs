//! A reader's lists (shelves, reviews, reading timeline), imports of other
//! sites' exports, and exports.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;
use super::extract::{ApiJson, MaybeCaller, PathId};
use super::json::BookJson;
use super::{ApiCaller, ApiResult};
use crate::AppState;
use crate::actions::exports::{self, Layout};
use crate::actions::{imports, shelves};
use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::error::ActionError;
use crate::import::Format;

const SHELF_PAGE: i64 = 50;

#[derive(Serialize, ToSchema)]
pub struct ShelfEntryJson {
    book: BookJson,
    /// The owner's stars for it.
    rating: Option<f64>,
    status: Option<String>,
    added_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ShelfJson {
    username: String,
    slug: String,
    name: String,
    books: Vec<ShelfEntryJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

/// `GET /users/{username}/shelves/{shelf}`
#[utoipa::path(get, path = "/users/{username}/shelves/{shelf}", summary = "One of a reader's shelves", tag = "library", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), ("shelf" = String, Path, description = "a shelf's slug: to-read, currently-reading, read, did-not-finish, one of the reader's own, or all"), CursorQuery), responses((status = 200, description = "a page of the shelf, most recently added first", body = ShelfJson)))]
pub async fn shelf(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path((username, slug)): Path<(String, String)>,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<ShelfJson>> {
    let offset = page.position("shelf")?;
    let list = shelves::shelf_list(
        state.store.as_ref(),
        caller.as_ref(),
        &username,
        &slug,
        SHELF_PAGE + 1,
        offset,
    )
    .await?;
    let (entries, next_cursor) = cursor::page("shelf", list.entries, offset, SHELF_PAGE);
    Ok(Json(ShelfJson {
        username: list.owner.username,
        slug,
        name: list.name,
        books: entries
            .iter()
            .map(|e| ShelfEntryJson {
                book: BookJson::from(&e.book),
                rating: e.rating.and_then(Stars::from_quarters).map(Stars::value),
                status: e.status.clone(),
                added_at: dates::rfc3339(e.added_at),
            })
            .collect(),
        next_cursor,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewShelfJson {
    name: String,
    /// An exclusive shelf behaves as a status: a book is on at most one of
    /// them and the built-in statuses at a time.
    #[serde(default)]
    exclusive: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OwnShelfJson {
    name: String,
    slug: String,
    exclusive: bool,
}

/// `POST /me/shelves`
#[utoipa::path(post, path = "/me/shelves", summary = "Add a shelf of the caller's own, exclusive (a status of theirs, like abandoned) or not", tag = "shelves", security(("bearer" = [])), request_body = NewShelfJson, responses((status = 201, description = "the shelf (adding one the caller has is no change)", body = OwnShelfJson)))]
pub async fn add_shelf(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<NewShelfJson>,
) -> ApiResult<(StatusCode, Json<OwnShelfJson>)> {
    let name = crate::domain::shelf::ShelfName::parse(&body.name)
        .map_err(|e| crate::domain::Invalid::new("name", e.message))?;
    let shelf = shelves::add_shelf(state.store.as_ref(), &user, name, body.exclusive).await?;
    Ok((
        StatusCode::CREATED,
        Json(OwnShelfJson {
            name: shelf.name,
            slug: shelf.slug,
            exclusive: body.exclusive,
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ShelfRenameJson {
    /// The new name; the shelf's slug (its address) follows it.
    name: String,
}

/// `PATCH /me/shelves/{slug}`
#[utoipa::path(patch, path = "/me/shelves/{slug}", summary = "Rename a shelf of the caller's own", tag = "shelves", security(("bearer" = [])), params(("slug" = String, Path, description = "the shelf's slug")), request_body = ShelfRenameJson, responses((status = 200, description = "renamed: an exclusive shelf's books keep it as their status under the new slug", body = OwnShelfJson)))]
pub async fn rename_shelf(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ShelfRenameJson>,
) -> ApiResult<Json<OwnShelfJson>> {
    let name = crate::domain::shelf::ShelfName::parse(&body.name)
        .map_err(|e| crate::domain::Invalid::new("name", e.message))?;
    let shelf = shelves::rename_shelf(state.store.as_ref(), &user, &slug, name).await?;
    Ok(Json(OwnShelfJson {
        name: shelf.name,
        slug: shelf.slug,
        exclusive: shelf.exclusive,
    }))
}

/// `DELETE /me/shelves/{slug}`
#[utoipa::path(delete, path = "/me/shelves/{slug}", summary = "Delete a shelf of the caller's own", tag = "shelves", security(("bearer" = [])), params(("slug" = String, Path, description = "the shelf's slug")), responses((status = 204, description = "deleted: its books stay in the caller's library; an exclusive shelf's books are left without a status")))]
pub async fn delete_shelf(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(slug): Path<String>,
) -> ApiResult<StatusCode> {
    shelves::delete_shelf(state.store.as_ref(), &user, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

const READER_PAGE: i64 = 50;

/// `GET /users/{username}/reviews`
#[utoipa::path(get, path = "/users/{username}/reviews", summary = "A reader's reviews", tag = "reviews", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), CursorQuery), responses((status = 200, description = "the reader's reviews the caller may see, newest first", body = super::json::ReviewListJson)))]
pub async fn reader_reviews(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<super::json::ReviewListJson>> {
    let offset = page.position("reader-reviews")?;
    let owner =
        crate::actions::social::visible_reader(state.store.as_ref(), caller.as_ref(), &username)
            .await?;
    let items = state
        .store
        .user_reviews(owner.id, caller.map(|c| c.id), READER_PAGE + 1, offset)
        .await
        .map_err(ActionError::from)?;
    let (items, next_cursor) = cursor::page("reader-reviews", items, offset, READER_PAGE);
    Ok(Json(super::json::ReviewListJson::new(&items, next_cursor)))
}

#[derive(Serialize, ToSchema)]
pub struct FriendListJson {
    friends: Vec<super::json::UserJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

/// `GET /users/{username}/friends`
#[utoipa::path(get, path = "/users/{username}/friends", summary = "A reader's friends", tag = "people", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), CursorQuery), responses((status = 200, description = "the reader's friends, as far as the caller may see the profile", body = FriendListJson)))]
pub async fn friends(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<FriendListJson>> {
    const FRIENDS_PAGE: i64 = 100;
    let offset = page.position("reader-friends")?;
    let owner =
        crate::actions::social::visible_reader(state.store.as_ref(), caller.as_ref(), &username)
            .await?;
    let mut friends = crate::actions::social::friends(state.store.as_ref(), owner.id).await?;
    friends.drain(..(offset as usize).min(friends.len()));
    let (friends, next_cursor) = cursor::page("reader-friends", friends, offset, FRIENDS_PAGE);
    Ok(Json(FriendListJson {
        friends: friends.iter().map(super::json::UserJson::from).collect(),
        next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TimelineEntryJson {
    book_id: i64,
    book_title: String,
    /// Set when the reader changed status: "to-read", "currently-reading" or "read".
    status: Option<String>,
    page: Option<i64>,
    /// How far in, from the page and the book's length when only a page was given.
    percent: Option<i64>,
    note: Option<String>,
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct TimelineJson {
    entries: Vec<TimelineEntryJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

/// `GET /users/{username}/timeline`
#[utoipa::path(get, path = "/users/{username}/timeline", summary = "A reader's reading timeline", tag = "shelves", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), CursorQuery), responses((status = 200, description = "the reader's progress updates and status changes, newest first", body = TimelineJson)))]
pub async fn timeline(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<TimelineJson>> {
    let offset = page.position("timeline")?;
    let owner =
        crate::actions::social::visible_reader(state.store.as_ref(), caller.as_ref(), &username)
            .await?;
    let mut entries = state
        .store
        .reading_timeline(owner.id, offset + READER_PAGE + 1)
        .await
        .map_err(ActionError::from)?;
    entries.drain(..(offset as usize).min(entries.len()));
    let (entries, next_cursor) = cursor::page("timeline", entries, offset, READER_PAGE);
    Ok(Json(TimelineJson {
        entries: entries
            .into_iter()
            .map(|e| TimelineEntryJson {
                percent: e.event.percent.or_else(|| {
                    let (page, pages) = (e.event.page?, e.pages.filter(|p| *p > 0)?);
                    Some((page * 100 / pages).min(100))
                }),
                book_id: e.book_id,
                book_title: e.title,
                status: e.event.status,
                page: e.event.page,
                note: e.event.note,
                created_at: dates::rfc3339(e.event.created_at),
            })
            .collect(),
        next_cursor,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// goodreads, storygraph, librarything, bookwyrm, calibre, openreads or
    /// openlibrary; left out, the file's first line tells.
    format: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportJobJson {
    id: i64,
    format: String,
    /// "queued", "running" or "done".
    state: String,
    /// Rows in the file.
    total: i64,
    /// Rows handled so far.
    done: i64,
    imported: i64,
    books_created: i64,
    /// Rows that could not be read: their line and why.
    failed: Vec<FailedRowJson>,
}

#[derive(Serialize, ToSchema)]
pub struct FailedRowJson {
    line: u64,
    reason: String,
}

/// The file is the body, as exported by the other site.
#[derive(ToSchema)]
#[schema(value_type = String)]
pub struct ExportFile(#[allow(dead_code)] String);

/// `POST /imports?format=`: the export file is the body; it is imported in the background.
#[utoipa::path(post, path = "/imports", summary = "Import another site's export", tag = "library", security(("bearer" = [])), params(ImportQuery), request_body(content = ExportFile, content_type = "text/csv", description = "the export file, 20 MB at most"), responses((status = 202, description = "queued: follow it at /imports/{id}", body = ImportJobJson)))]
pub async fn start_import(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let bytes = body.map_err(|e| {
        ActionError::TooLarge(format!("the file could not be read: {}", e.body_text()))
    })?;
    if bytes.is_empty() {
        return Err(ActionError::invalid("file", "send the export file as the body").into());
    }
    let format = match query.format.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(Format::parse(name).ok_or_else(|| {
            ActionError::invalid("format", format!("{name} is not a format this site reads"))
        })?),
    };
    let id = imports::queue(state.store.as_ref(), &user, &bytes, format, false).await?;
    let job = job_json(&state, &user, id).await?;
    let location = format!("/api/v1/imports/{id}");
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(job),
    )
        .into_response())
}

async fn job_json(
    state: &AppState,
    user: &crate::store::User,
    id: i64,
) -> ApiResult<ImportJobJson> {
    let job = imports::job(state.store.as_ref(), user, id).await?;
    let failed: Vec<(u64, String)> = serde_json::from_str(&job.failed).unwrap_or_default();
    Ok(ImportJobJson {
        id: job.id,
        format: job.format,
        state: job.state,
        total: job.total,
        done: job.done,
        imported: job.imported,
        books_created: job.books_created,
        failed: failed
            .into_iter()
            .map(|(line, reason)| FailedRowJson { line, reason })
            .collect(),
    })
}

/// `GET /imports/{id}`
#[utoipa::path(get, path = "/imports/{id}", summary = "How an import is going", tag = "library", security(("bearer" = [])), params(("id" = i64, Path, description = "the import's id")), responses((status = 200, description = "how far the import has come", body = ImportJobJson)))]
pub async fn import_job(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<ImportJobJson>> {
    Ok(Json(job_json(&state, &user, id).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// "json" (everything, the default), or the CSV layout of "goodreads",
    /// "storygraph" or "bookwyrm".
    format: Option<String>,
}

/// The JSON export: the reader, when it was made, and every book with their
/// rating, shelves, reads and review.
#[derive(ToSchema)]
#[schema(value_type = Object)]
pub struct LibraryExport(#[allow(dead_code)] serde_json::Value);

/// `GET /export?format=json|goodreads|storygraph|bookwyrm`
#[utoipa::path(get, path = "/export", summary = "Export the caller's library", tag = "library", security(("bearer" = [])), params(ExportQuery), responses((status = 200, description = "the caller's whole library: ratings, shelves, reads, reviews", content((LibraryExport = "application/json"), (ExportFile = "text/csv")))))]
pub async fn export(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let format = query.format.as_deref().unwrap_or_default();
    let layout = Layout::parse(format)
        .ok_or_else(|| ActionError::invalid("format", format!("must be {}", Layout::NAMES)))?;
    let body = exports::export(state.store.as_ref(), &user, layout).await?;
    let content_type = layout.content_type();
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}
