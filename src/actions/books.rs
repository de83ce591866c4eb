//! Adding books to the catalogue, and finding them.

use crate::domain::{Invalid, isbn, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{AuthorRef, Book, NewBook, Store, StoreError, User};

/// A book as a reader describes it, before validation.
#[derive(Debug, Default)]
pub struct BookInput {
    pub title: String,
    pub authors: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
    pub description: Option<String>,
}

/// Checks every field against the catalogue's rules.
pub fn validate(input: &BookInput, adder: Option<i64>, now: i64) -> Result<NewBook, Invalid> {
    let title = text::line("title", &input.title, text::TITLE_MAX)?;
    let authors = text::authors(&input.authors)?;
    let isbns = isbn::resolve(input.isbn13.as_deref(), input.isbn10.as_deref())?;
    let pages = input
        .pages
        .map(|p| text::int_in("pages", p, 1, 100_000))
        .transpose()?;
    let year = input
        .year
        .map(|y| text::int_in("year", y, -3000, 2100))
        .transpose()?;
    let description = text::optional_body(
        "description",
        input.description.as_deref(),
        text::DESCRIPTION_MAX,
    )?;
    Ok(NewBook {
        title,
        authors,
        isbn13: isbns.isbn13.map(|i| i.as_str().to_string()),
        isbn10: isbns.isbn10.map(|i| i.as_str().to_string()),
        pages,
        year,
        description,
        created_by: adder,
        now,
    })
}

pub async fn add_book(store: &dyn Store, adder: &User, input: &BookInput) -> ActionResult<Book> {
    super::may_write(adder)?;
    let new = validate(input, Some(adder.id), super::now())?;
    let id = store.create_book(&new).await.map_err(|e| match e {
        StoreError::Conflict(_) => {
            // Name the ISBN the reader typed, even if its converted twin collided first.
            let field = if input.isbn13.is_some() || input.isbn10.is_none() {
                "isbn13"
            } else {
                "isbn10"
            };
            ActionError::Conflict {
                field,
                message: "a book with this ISBN is already in the catalogue".into(),
            }
        }
        other => other.into(),
    })?;
    super::existing_book(store, id).await
}

pub async fn book(store: &dyn Store, id: i64) -> ActionResult<Book> {
    super::existing_book(store, id).await
}

pub async fn author(store: &dyn Store, id: i64) -> ActionResult<(AuthorRef, Vec<Book>)> {
    let author = store
        .author(id)
        .await?
        .ok_or(ActionError::NotFound("author"))?;
    let books = store.author_books(id).await?;
    Ok((author, books))
}

/// What a search box found.
#[derive(Debug, Default)]
pub struct Found {
    pub books: Vec<Book>,
    pub authors: Vec<AuthorRef>,
}

pub const SEARCH_LIMIT: i64 = 50;

/// Books by title, author or ISBN (either form, dashes or not), and authors.
pub async fn search(store: &dyn Store, query: &str) -> ActionResult<Found> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Found::default());
    }
    if query.chars().count() > 200 {
        return Err(ActionError::invalid(
            "q",
            "search for at most 200 characters",
        ));
    }
    let isbn = isbn::search_key(query);
    let books = store
        .search_books(query, isbn.as_ref().map(|i| i.as_str()), SEARCH_LIMIT)
        .await?;
    let authors = store.search_authors(query, 10).await?;
    Ok(Found { books, authors })
}
