//! `/lists`, `/lists/{id}` and its books and votes, `/users/{username}/lists`, `/books/{id}/lists`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cursor::{self, CursorQuery};
use super::extract::{ApiQuery, MaybeCaller, PathId, PathIds};
use super::json::{BookJson, UserJson};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::lists::{self as list_actions, Lists};
use crate::domain::dates;
use crate::domain::lists::{Addition, PER_PAGE};
use crate::store::{ListEntry, ListRow};

#[derive(Deserialize, ToSchema)]
pub struct ListInputJson {
    /// Up to 200 characters.
    title: String,
    /// Up to 5,000 characters; may be empty.
    #[serde(default)]
    description: String,
    /// Who may add books: `open` (anyone), `curated` (anyone suggests, the
    /// owner approves) or `closed` (the owner alone).
    #[serde(default = "open")]
    mode: String,
}

fn open() -> String {
    "open".into()
}

#[derive(Serialize, ToSchema)]
pub struct ListJson {
    id: i64,
    title: String,
    description: String,
    /// `open`, `curated` or `closed`.
    mode: String,
    owner: UserJson,
    books_count: i64,
    votes_count: i64,
    created_at: String,
    updated_at: String,
}

impl From<&ListRow> for ListJson {
    fn from(l: &ListRow) -> Self {
        ListJson {
            id: l.id,
            title: l.title.clone(),
            description: l.description.clone(),
            mode: l.mode.clone(),
            owner: UserJson::from(&l.owner),
            books_count: l.books_count,
            votes_count: l.votes_count,
            created_at: dates::rfc3339(l.created_at),
            updated_at: dates::rfc3339(l.updated_at),
        }
    }
}

/// A book on a list, or suggested for it.
#[derive(Serialize, ToSchema)]
pub struct ListBookJson {
    /// Its place on the list (1 first); null for a suggestion.
    rank: Option<i64>,
    book: BookJson,
    note: String,
    votes: i64,
    /// Whether the caller voted for it.
    voted: bool,
    /// Who added it; null once their account is gone.
    added_by: Option<UserJson>,
    added_at: String,
}

fn book_json(e: &ListEntry, rank: Option<i64>) -> ListBookJson {
    ListBookJson {
        rank,
        book: BookJson::from(&e.book),
        note: e.note.clone(),
        votes: e.votes,
        voted: e.voted,
        added_by: e.added_by.as_ref().map(UserJson::from),
        added_at: dates::rfc3339(e.added_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ListPageJson {
    list: ListJson,
    /// A page of its books, most votes first (ties: the earlier added).
    books: Vec<ListBookJson>,
    /// Suggestions waiting for approval: only its owner gets them, else empty.
    pending: Vec<ListBookJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ListsJson {
    lists: Vec<ListJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

fn lists_json(name: &str, found: Lists) -> ListsJson {
    let next = found
        .more
        .then(|| cursor::encode(name, found.page * PER_PAGE));
    ListsJson {
        lists: found.lists.iter().map(ListJson::from).collect(),
        next_cursor: next,
    }
}

/// How lists are ordered.
#[derive(Deserialize, ToSchema, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ListOrder {
    /// Most votes first.
    #[default]
    Popular,
    /// Newest first.
    Newest,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListsQuery {
    /// Words of the list's title.
    q: Option<String>,
    /// `popular` (the default) or `newest`.
    #[param(inline)]
    sort: Option<ListOrder>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewListBookJson {
    book_id: i64,
    /// Why it belongs here, up to 1,000 characters.
    #[serde(default)]
    note: String,
}

#[derive(Serialize, ToSchema)]
pub struct AddedJson {
    book_id: i64,
    /// `listed` (on the list now) or `pending` (waiting for the owner's approval).
    status: String,
}

/// The page a cursor's position is on.
fn page_of(position: i64) -> i64 {
    position / PER_PAGE + 1
}

#[utoipa::path(get, path = "/lists", summary = "Readers' lists, most voted or newest first, or found by title", tag = "lists", security((), ("bearer" = [])), params(ListsQuery), responses((status = 200, description = "a page of the lists the caller may see", body = ListsJson)))]
pub async fn browse(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    ApiQuery(query): ApiQuery<ListsQuery>,
) -> ApiResult<Json<ListsJson>> {
    let position = cursor::decode("lists", query.cursor.as_deref())?;
    let popular = query.sort.unwrap_or_default() == ListOrder::Popular;
    let found = list_actions::browse(
        state.store.as_ref(),
        caller.as_ref(),
        query.q.as_deref(),
        popular,
        page_of(position),
    )
    .await?;
    Ok(Json(lists_json("lists", found)))
}

#[utoipa::path(post, path = "/lists", summary = "Make a list", tag = "lists", security(("bearer" = [])), request_body = ListInputJson, responses((status = 201, description = "the list", body = ListJson)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<ListInputJson>,
) -> ApiResult<(StatusCode, Json<ListJson>)> {
    let list = list_actions::create(
        state.store.as_ref(),
        &user,
        &body.title,
        &body.description,
        &body.mode,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ListJson::from(&list))))
}

#[utoipa::path(get, path = "/lists/{id}", summary = "A list and a page of its books, ranked", tag = "lists", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), CursorQuery), responses((status = 200, description = "the list and a page of its books", body = ListPageJson)))]
pub async fn show(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(query): ApiQuery<CursorQuery>,
) -> ApiResult<Json<ListPageJson>> {
    let page = page_of(query.position("list")?);
    let shown = list_actions::page(state.store.as_ref(), caller.as_ref(), id, page).await?;
    let next_cursor =
        (shown.page < shown.pages).then(|| cursor::encode("list", shown.page * PER_PAGE));
    Ok(Json(ListPageJson {
        list: ListJson::from(&shown.list),
        books: shown
            .entries
            .iter()
            .zip(shown.first_rank..)
            .map(|(e, rank)| book_json(e, Some(rank)))
            .collect(),
        pending: shown.pending.iter().map(|e| book_json(e, None)).collect(),
        next_cursor,
    }))
}

#[utoipa::path(patch, path = "/lists/{id}", summary = "Change a list's title, description or mode (its owner)", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id")), request_body = ListInputJson, responses((status = 200, description = "the list", body = ListJson)))]
pub async fn edit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<ListInputJson>,
) -> ApiResult<Json<ListJson>> {
    let list = list_actions::update(
        state.store.as_ref(),
        &user,
        id,
        &body.title,
        &body.description,
        &body.mode,
    )
    .await?;
    Ok(Json(ListJson::from(&list)))
}

#[utoipa::path(delete, path = "/lists/{id}", summary = "Delete a list (its owner or a moderator)", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id")), responses((status = 204, description = "the list is gone")))]
pub async fn delete(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    list_actions::delete(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/lists/{id}/books", summary = "Add a book to a list, or suggest it to a curated one", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id")), request_body = NewListBookJson, responses((status = 201, description = "the book is on the list, or waits for approval", body = AddedJson)))]
pub async fn add_book(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewListBookJson>,
) -> ApiResult<(StatusCode, Json<AddedJson>)> {
    let added =
        list_actions::add_book(state.store.as_ref(), &user, id, body.book_id, &body.note).await?;
    let status = if added == Addition::Pending {
        "pending"
    } else {
        "listed"
    };
    Ok((
        StatusCode::CREATED,
        Json(AddedJson {
            book_id: body.book_id,
            status: status.into(),
        }),
    ))
}

#[utoipa::path(delete, path = "/lists/{id}/books/{book_id}", summary = "Take a book off a list (its owner, or who suggested it while it waits)", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 204, description = "the book is off the list")))]
pub async fn remove_book(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<StatusCode> {
    list_actions::remove_book(state.store.as_ref(), &user, id, book_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/lists/{id}/books/{book_id}/vote", summary = "Vote for a book on a list (one vote per reader)", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 204, description = "the caller's vote counts")))]
pub async fn vote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<StatusCode> {
    list_actions::vote(state.store.as_ref(), &user, id, book_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/lists/{id}/books/{book_id}/vote", summary = "Take back a vote", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 204, description = "the caller's vote is gone")))]
pub async fn unvote(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<StatusCode> {
    list_actions::vote(state.store.as_ref(), &user, id, book_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/lists/{id}/books/{book_id}/approve", summary = "Approve a suggested book (the list's owner)", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 204, description = "the book is on the list")))]
pub async fn approve(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<StatusCode> {
    list_actions::decide(state.store.as_ref(), &user, id, book_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/lists/{id}/books/{book_id}/decline", summary = "Decline a suggested book (the list's owner)", tag = "lists", security(("bearer" = [])), params(("id" = i64, Path, description = "the list's id"), ("book_id" = i64, Path, description = "the book's id")), responses((status = 204, description = "the suggestion is gone")))]
pub async fn decline(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, book_id): PathIds,
) -> ApiResult<StatusCode> {
    list_actions::decide(state.store.as_ref(), &user, id, book_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/users/{username}/lists", summary = "A reader's lists, newest first", tag = "lists", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), CursorQuery), responses((status = 200, description = "a page of the reader's lists", body = ListsJson)))]
pub async fn of_reader(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
    ApiQuery(query): ApiQuery<CursorQuery>,
) -> ApiResult<Json<ListsJson>> {
    let page = page_of(query.position("reader-lists")?);
    let (_, found) =
        list_actions::of_reader(state.store.as_ref(), caller.as_ref(), &username, page).await?;
    Ok(Json(lists_json("reader-lists", found)))
}

#[utoipa::path(get, path = "/books/{id}/lists", summary = "Lists the book is on, most voted first", tag = "lists", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "up to 50 lists the caller may see", body = ListsJson)))]
pub async fn of_book(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(book_id): PathId,
) -> ApiResult<Json<ListsJson>> {
    let found =
        list_actions::of_book(state.store.as_ref(), caller.as_ref(), book_id, PER_PAGE).await?;
    Ok(Json(ListsJson {
        lists: found.iter().map(ListJson::from).collect(),
        next_cursor: None,
    }))
}
