//! `/books/{id}/genres` and `/genres/{slug}`.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiResult;
use super::extract::{ApiQuery, PathId};
use super::json::BookJson;
use crate::AppState;
use crate::actions::genres;

#[derive(Serialize, ToSchema)]
pub struct GenreJson {
    slug: &'static str,
    name: &'static str,
    /// Public readers' shelves that put the book in it; 0 for a genre
    /// named only by the book's subjects.
    readers: i64,
}

#[utoipa::path(get, path = "/books/{id}/genres", summary = "A book's genres, from readers' shelves and its subjects", tag = "books", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "its genres, most readers first", body = [GenreJson])))]
pub async fn of_book(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<Json<Vec<GenreJson>>> {
    let store = state.store.as_ref();
    crate::actions::books::book(store, id).await?;
    let list = genres::of_book(store, id).await?;
    Ok(Json(
        list.into_iter()
            .map(|(g, readers)| GenreJson {
                slug: g.slug,
                name: g.name,
                readers,
            })
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct GenrePageQuery {
    /// From 1.
    page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct GenreBookJson {
    book: BookJson,
    /// Public readers who shelved it under the genre.
    readers: i64,
    /// Filed here by its subjects (Open Library's, a dump's), no reader's shelf.
    from_subjects: bool,
}

#[derive(Serialize, ToSchema)]
pub struct GenreBooksJson {
    slug: &'static str,
    name: &'static str,
    books: Vec<GenreBookJson>,
    next_page: Option<i64>,
}

#[utoipa::path(get, path = "/genres/{slug}", summary = "A genre's most shelved books, then those its subjects file there", tag = "books", security((), ("bearer" = [])), params(("slug" = String, Path, description = "the genre, e.g. science-fiction"), GenrePageQuery), responses((status = 200, description = "a page of its books, most shelved first", body = GenreBooksJson)))]
pub async fn books(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ApiQuery(q): ApiQuery<GenrePageQuery>,
) -> ApiResult<Json<GenreBooksJson>> {
    let page = q.page.unwrap_or(1);
    let (genre, books, more) = genres::books(state.store.as_ref(), &slug, page).await?;
    Ok(Json(GenreBooksJson {
        slug: genre.slug,
        name: genre.name,
        books: books
            .iter()
            .map(|(b, readers)| GenreBookJson {
                book: BookJson::from(b),
                readers: *readers,
                from_subjects: *readers == 0,
            })
            .collect(),
        next_page: more.then_some(page + 1),
    }))
}
