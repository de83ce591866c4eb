//! The search page.

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
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    frame: Frame,
    Query(query): Query<SearchQuery>,
) -> PageResult<SearchPage> {
    let q = query.q.unwrap_or_default();
    let found = books::search(state.store.as_ref(), &q).await?;
    Ok(SearchPage {
        frame,
        q,
        books: view::cards(&found.books),
        authors: found.authors,
    })
}
