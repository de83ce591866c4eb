//! A series' page: its books in reading order, each with the shelf button.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

use crate::AppState;
use crate::actions::series;
use crate::domain::series::label;
use crate::store::Book;
use crate::web::view::{self, BookCard};
use crate::web::{Frame, PageResult};

/// Where a book's series lives, as its page links to it.
pub struct SeriesLink {
    /// "Dune Chronicles #1".
    pub label: String,
    pub href: String,
}

impl SeriesLink {
    pub fn of(book: &Book) -> Option<SeriesLink> {
        let name = book
            .series
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())?;
        Some(SeriesLink {
            label: label(name, book.series_position.as_deref()),
            href: href(name),
        })
    }
}

/// `/series/{name}`, the name percent-encoded as one path segment.
pub fn href(name: &str) -> String {
    format!("/series/{}", view::query_value(name))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/series.html")]
pub struct SeriesPage {
    frame: Frame,
    name: String,
    /// "3 books".
    count: String,
    /// Each book with its place: "Book 1", "Book 1.5", or None.
    books: Vec<(Option<String>, BookCard)>,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
) -> PageResult<SeriesPage> {
    let store = state.store.as_ref();
    let found = series::books(store, &name).await?;
    let mut cards = view::cards(&found);
    view::attach_shelf_buttons(store, frame.viewer.as_ref(), &mut cards, &href(name.trim()))
        .await?;
    let books = found
        .iter()
        .zip(cards)
        .map(|(book, card)| {
            let place = book
                .series_position
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| format!("Book {}", p.trim_start_matches('#')));
            (place, card)
        })
        .collect();
    Ok(SeriesPage {
        frame,
        count: view::plural(found.len() as i64, "book", "books"),
        name: name.trim().to_string(),
        books,
    })
}
