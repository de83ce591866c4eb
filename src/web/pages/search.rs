//! The search page, and the catalogue to browse.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::AppState;
use crate::actions::books;
use crate::store::AuthorRef;
use crate::web::view::{self, BookCard};
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate)]
#[template(path = "pages/search.html")]
pub struct SearchPage {
    frame: Frame,
    q: String,
    books: Vec<BookCard>,
    authors: Vec<AuthorRef>,
    page: i64,
    has_next: bool,
    encoded: String,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    page: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    frame: Frame,
    Query(query): Query<SearchQuery>,
) -> PageResult<SearchPage> {
    let q = query.q.unwrap_or_default();
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let found = books::search(state.store.as_ref(), &q, page).await?;
    let encoded = view::query_value(&q);
    let mut books = view::cards(&found.books);
    let back = format!("/search?q={encoded}&page={}", found.page);
    view::attach_shelf_buttons(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &mut books,
        &back,
    )
    .await?;
    Ok(SearchPage {
        frame,
        q,
        books,
        authors: found.authors,
        page: found.page,
        has_next: found.has_next,
        encoded,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/catalogue.html")]
pub struct CataloguePage {
    frame: Frame,
    books: Vec<BookCard>,
    page: i64,
    has_next: bool,
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

/// The whole catalogue, newest first, a page at a time.
pub async fn catalogue(
    State(state): State<AppState>,
    frame: Frame,
    Query(query): Query<PageQuery>,
) -> PageResult<CataloguePage> {
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let (found, has_next) = books::newest(state.store.as_ref(), page).await?;
    let page = page.clamp(1, books::CATALOGUE_PAGES);
    let mut cards = view::cards(&found);
    let back = format!("/books?page={page}");
    view::attach_shelf_buttons(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &mut cards,
        &back,
    )
    .await?;
    Ok(CataloguePage {
        frame,
        books: cards,
        page,
        has_next,
    })
}
