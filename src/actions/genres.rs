//! Genres from readers' shelves and books' subjects: a book's, and a
//! genre's most shelved books.

use crate::domain::genres::{self, Genre};
use crate::error::{ActionError, ActionResult};
use crate::store::{Book, Store};

/// Genres shown for one book.
const BOOK_GENRES: usize = 5;

/// The book's genres, most readers first; then those its subjects (from
/// Open Library or a dump) name that no reader's shelf does, with 0 readers,
/// so a book nobody has shelved yet still has its kind.
pub async fn of_book(store: &Store, book_id: i64) -> ActionResult<Vec<(Genre, i64)>> {
    let counts = store.book_shelf_counts(book_id).await?;
    let mut found = genres::of_book(&counts, BOOK_GENRES);
    if found.len() < BOOK_GENRES {
        let subjects = store.book_subjects(book_id).await?;
        for genre in crate::domain::subject_genres::of_subjects(&subjects) {
            if found.len() < BOOK_GENRES && !found.iter().any(|(g, _)| *g == genre) {
                found.push((genre, 0));
            }
        }
    }
    Ok(found)
}

pub const GENRE_PAGE: i64 = 30;

/// A page (from 1) of the genre's most shelved books, with their readers,
/// then the books only their subjects file there (0 readers), and whether
/// more follow.
pub async fn books(
    store: &Store,
    slug: &str,
    page: i64,
) -> ActionResult<(Genre, Vec<(Book, i64)>, bool)> {
    let genre = genres::by_slug(slug).ok_or(ActionError::NotFound("genre"))?;
    if page < 1 {
        return Err(ActionError::invalid("page", "pages start at 1"));
    }
    let shelves: Vec<String> = genres::shelves_of(genre)
        .iter()
        .map(|s| s.to_string())
        .collect();
    let offset = (page - 1).saturating_mul(GENRE_PAGE);
    let mut ranked = store.most_shelved(&shelves, GENRE_PAGE + 1, offset).await?;
    let wanted = GENRE_PAGE + 1 - ranked.len() as i64;
    if wanted > 0 {
        // The shelved books end on this page, or before it.
        let shelved = match ranked.len() {
            0 => store.shelved_count(&shelves).await?,
            n => offset + n as i64,
        };
        let from = (offset + ranked.len() as i64 - shelved).max(0);
        let filed = store
            .filed_only_by_subjects(genre.slug, &shelves, wanted, from)
            .await?;
        ranked.extend(filed.into_iter().map(|id| (id, 0)));
    }
    let more = ranked.len() as i64 > GENRE_PAGE;
    ranked.truncate(GENRE_PAGE as usize);
    let ids: Vec<i64> = ranked.iter().map(|(id, _)| *id).collect();
    let found = store.books_by_ids(&ids).await?;
    let books = ranked
        .iter()
        .filter_map(|(id, n)| found.iter().find(|b| b.id == *id).map(|b| (b.clone(), *n)))
        .collect();
    Ok((genre, books, more))
}
