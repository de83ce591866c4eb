//! Books named by statuses from elsewhere: the `Edition` fetched with its
//! `Work` and authors, and copied here once (found again by ISBN, Open
//! Library key or origin id).

use super::super::parse;
use super::super::remote::{InboxError, fetch_document, internal};
use crate::AppState;
use crate::domain::remote_reader::{cut, plain_text};
use crate::domain::{isbn, text};
use crate::store::{CopiedBook, NewBook};

/// The largest book or author document fetched.
const MAX_BOOK_BYTES: usize = 512 * 1024;
/// Authors fetched for one book, at most.
const MAX_AUTHORS: usize = 10;

async fn fetch_book(state: &AppState, uri: &str) -> Result<parse::Book, InboxError> {
    let doc = fetch_document(state, uri, MAX_BOOK_BYTES).await?;
    let book = parse::book(&doc).map_err(|e| InboxError::Fetch(format!("{uri}: {e}")))?;
    if book.id != uri {
        return Err(InboxError::Fetch(format!("{uri} says it is {}", book.id)));
    }
    Ok(book)
}

/// The year a `publishedDate` ("1998-03-30T00:00:00Z", "1998") names.
fn year(published: Option<&str>) -> Option<i64> {
    let digits: String = published?.chars().take(4).collect();
    digits.parse().ok().filter(|y| (1..=9999).contains(y))
}

/// Open Library's key, if it is of the kind (`M` editions, `W` works).
fn ol_key(key: Option<&String>, kind: char) -> Option<String> {
    key.filter(|k| k.starts_with("OL") && k.ends_with(kind))
        .cloned()
}

/// The book here for `uri` (an `Edition`, or a `Work`), copied if needed.
pub async fn copy(state: &AppState, uri: &str) -> Result<i64, InboxError> {
    if let Some(id) = state.store.book_by_origin(uri).await.map_err(internal)? {
        return Ok(id);
    }
    let edition = fetch_book(state, uri).await?;
    let work = match edition.work.as_deref() {
        Some(work) if !edition.is_work => fetch_book(state, work).await.ok(),
        _ => None,
    };
    let author_ids = if edition.authors.is_empty() {
        work.as_ref().map(|w| w.authors.clone()).unwrap_or_default()
    } else {
        edition.authors.clone()
    };
    let mut authors = Vec::new();
    for id in author_ids.iter().take(MAX_AUTHORS) {
        if let Ok(doc) = fetch_document(state, id, MAX_BOOK_BYTES).await
            && let Ok(author) = parse::author(&doc)
        {
            authors.push(cut(&author.name, text::AUTHOR_MAX));
        }
    }
    let isbns =
        isbn::resolve(edition.isbn13.as_deref(), edition.isbn10.as_deref()).unwrap_or_default();
    let description = edition
        .description
        .as_deref()
        .or(work.as_ref().and_then(|w| w.description.as_deref()))
        .map(|d| cut(&plain_text(d), text::DESCRIPTION_MAX))
        .filter(|d| !d.is_empty());
    let published = edition
        .published
        .as_deref()
        .or(work.as_ref().and_then(|w| w.published.as_deref()));
    let ol_work = if edition.is_work {
        ol_key(edition.openlibrary_key.as_ref(), 'W')
    } else {
        work.as_ref()
            .and_then(|w| ol_key(w.openlibrary_key.as_ref(), 'W'))
    };
    let copied = CopiedBook {
        book: NewBook {
            title: cut(&edition.title, text::TITLE_MAX),
            authors,
            roles: Vec::new(),
            isbn13: isbns.isbn13.map(|i| i.to_string()),
            isbn10: isbns.isbn10.map(|i| i.to_string()),
            pages: edition.pages.filter(|p| *p > 0),
            year: year(published),
            description,
            series: None,
            series_position: None,
            language: edition.languages.first().map(|l| cut(l, 50)),
            popularity: 0,
            created_by: None,
            now: crate::actions::now(),
        },
        origin: uri.to_string(),
        ol_edition: ol_key(edition.openlibrary_key.as_ref(), 'M'),
        ol_work,
    };
    state.store.copy_book(&copied).await.map_err(internal)
}

/// `Update` of a copied book: taken only from the server it was copied from.
pub async fn update(
    state: &AppState,
    sender_uri: &str,
    book: &parse::Book,
) -> Result<(), InboxError> {
    let Some(id) = state
        .store
        .book_by_origin(&book.id)
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let host = crate::domain::hosts::host_of_url;
    if host(&book.id).is_none() || host(&book.id) != host(sender_uri) {
        return Err(InboxError::Refused(
            "a book is changed only by the server it came from".into(),
        ));
    }
    let description = book
        .description
        .as_deref()
        .map(|d| cut(&plain_text(d), text::DESCRIPTION_MAX));
    state
        .store
        .update_copied_book(
            id,
            &cut(&book.title, text::TITLE_MAX),
            description.as_deref(),
        )
        .await
        .map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_read_from_a_date() {
        assert_eq!(year(Some("1998-03-30T00:00:00Z")), Some(1998));
        assert_eq!(year(Some("")), None);
        assert_eq!(year(None), None);
    }

    #[test]
    fn open_library_keys_are_told_apart() {
        let m = "OL680025M".to_string();
        assert_eq!(ol_key(Some(&m), 'M'), Some(m.clone()));
        assert_eq!(ol_key(Some(&m), 'W'), None);
    }
}
