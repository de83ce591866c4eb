//! Genre pages: the books most shelved under a genre, then those its
//! subjects file there.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use crate::AppState;
use crate::actions::genres;
use crate::domain::genres::Genre;
use crate::web::view::{BookCard, plural};
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate)]
#[template(path = "pages/genre.html")]
pub struct GenrePage {
    frame: Frame,
    genre: Genre,
    /// Each book noted "N readers shelved it" or "from its subjects".
    books: Vec<BookCard>,
    page: i64,
    more: bool,
}

impl GenrePage {
    fn lower_name(&self) -> String {
        self.genre.name.to_lowercase()
    }
}

#[derive(Deserialize)]
pub struct GenreQuery {
    page: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    Path(slug): Path<String>,
    Query(q): Query<GenreQuery>,
) -> PageResult<GenrePage> {
    let page = match q.page.as_deref() {
        None | Some("") => 1,
        Some(p) => p
            .parse()
            .map_err(|_| crate::error::ActionError::invalid("page", "must be a page number"))?,
    };
    let (genre, books, more) = genres::books(state.store.as_ref(), &slug, page).await?;
    let mut cards: Vec<BookCard> = books.iter().map(|(b, _)| BookCard::from(b)).collect();
    let back = format!("/genres/{}?page={page}", genre.slug);
    crate::web::view::attach_shelf_buttons(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &mut cards,
        &back,
    )
    .await?;
    Ok(GenrePage {
        frame,
        genre,
        books: cards
            .into_iter()
            .zip(&books)
            .map(|(card, (_, n))| BookCard {
                note: Some(match n {
                    0 => "from its subjects".to_string(),
                    n => plural(*n, "reader shelved it", "readers shelved it"),
                }),
                ..card
            })
            .collect(),
        page,
        more,
    })
}
