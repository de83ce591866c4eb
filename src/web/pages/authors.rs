//! An author and their books.

use crate::web::forms::PathId;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::AppState;
use crate::actions::books;
use crate::store::AuthorRef;
use crate::web::view::{self, BookCard};
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate)]
#[template(path = "pages/author.html")]
pub struct AuthorPage {
    frame: Frame,
    author: AuthorRef,
    books: Vec<BookCard>,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
) -> PageResult<AuthorPage> {
    let (author, list) = books::author(state.store.as_ref(), id).await?;
    Ok(AuthorPage {
        frame,
        author,
        books: view::cards(&list),
    })
}
