//! The front page: recent reviews and new books.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::AppState;
use crate::actions::social;
use crate::web::pages::people::{FeedLine, feed_lines};
use crate::web::shelving;
use crate::web::view::{self, BookCard, ReviewCard};
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    frame: Frame,
    reviews: Vec<ReviewCard>,
    books: Vec<BookCard>,
    feed: Vec<FeedLine>,
    /// The cursor of the feed's next page.
    older: Option<i64>,
    /// Whether this is a later page of the feed.
    paged: bool,
}

#[derive(Deserialize)]
pub struct HomeQuery {
    before: Option<i64>,
}

pub async fn home(
    State(state): State<AppState>,
    frame: Frame,
    Query(query): Query<HomeQuery>,
) -> PageResult<HomePage> {
    let (feed, older) = match &frame.viewer {
        Some(viewer) => {
            let (items, next) = social::feed(state.store.as_ref(), viewer, query.before).await?;
            (feed_lines(items, viewer.id), next)
        }
        None => (Vec::new(), None),
    };
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
    let mut books = view::cards(&books);
    shelving::attach(state.store.as_ref(), frame.viewer.as_ref(), &mut books, "/").await?;
    Ok(HomePage {
        frame,
        reviews: view::review_cards(&reviews),
        books,
        feed,
        older,
        paged: query.before.is_some(),
    })
}
