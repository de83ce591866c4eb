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
    other_names: Vec<String>,
    moderator: bool,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
) -> PageResult<AuthorPage> {
    let (author, list) = books::author(state.store.as_ref(), id).await?;
    let other_names = state
        .store
        .author_aliases(id)
        .await
        .map_err(crate::error::ActionError::from)?;
    let moderator = frame.viewer.as_ref().is_some_and(|v| v.is_moderator);
    let mut books = view::cards(&list);
    let back = format!("/authors/{id}");
    view::attach_shelf_buttons(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &mut books,
        &back,
    )
    .await?;
    Ok(AuthorPage {
        frame,
        author,
        books,
        other_names,
        moderator,
    })
}
