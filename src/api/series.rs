//! A series' books in reading order.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiResult;
use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;
use super::json::BookJson;
use crate::AppState;
use crate::actions::series;

/// Books a page of a series holds.
const SERIES_PAGE: i64 = 50;

#[derive(Serialize, ToSchema)]
pub struct SeriesJson {
    /// The series' name as catalogued.
    name: String,
    /// Its books by `series_position` (numerically: "1.5" between 1 and 2),
    /// those without one last by year and title.
    books: Vec<BookJson>,
    /// Pass as `cursor` for the next page of books; null on the last.
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/series/{name}", summary = "A series' books in reading order", tag = "books", security((), ("bearer" = [])), params(("name" = String, Path, description = "the series' name exactly as its books carry it, percent-encoded, e.g. `Dune%20Chronicles`"), CursorQuery), responses((status = 200, description = "a page of the series' books in reading order", body = SeriesJson)))]
pub async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<SeriesJson>> {
    let offset = page.position("series")?;
    let mut books = series::books(state.store.as_ref(), &name).await?;
    books.drain(..(offset as usize).min(books.len()));
    let (books, next_cursor) = cursor::page("series", books, offset, SERIES_PAGE);
    Ok(Json(SeriesJson {
        name: name.trim().to_string(),
        books: books.iter().map(BookJson::from).collect(),
        next_cursor,
    }))
}
