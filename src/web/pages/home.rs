//! The front page: recent reviews and new books.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::AppState;
use crate::web::view::{self, BookCard, ReviewCard};
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    frame: Frame,
    reviews: Vec<ReviewCard>,
    books: Vec<BookCard>,
}

pub async fn home(State(state): State<AppState>, frame: Frame) -> PageResult<HomePage> {
    let reviews = state
        .store
        .recent_reviews(frame.viewer.as_ref().map(|v| v.id), 20)
        .await
        .map_err(crate::error::ActionError::from)?;
    let books = state
        .store
        .recent_books(10)
        .await
        .map_err(crate::error::ActionError::from)?;
    Ok(HomePage {
        frame,
        reviews: view::review_cards(&reviews),
        books: view::cards(&books),
    })
}
