//! Adding books to the catalogue, and finding them.

use crate::domain::{Invalid, credit, isbn, ranking, search, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{Act, AuthorRef, Book, NewBook, Store, StoreError, User};

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
    pub series: Option<String>,
    pub series_position: Option<String>,
}

/// Checks every field against the catalogue's rules.
pub fn validate(input: &BookInput, adder: Option<i64>, now: i64) -> Result<NewBook, Invalid> {
    let title = text::line("title", &input.title, text::TITLE_MAX)?;
    // "Jay Rubin (Translator)": the name is filed, the role kept beside it.
    let (authors, roles): (Vec<String>, Vec<String>) = text::authors(&input.authors)?
        .iter()
        .map(|credit| {
            let (name, role) = credit::split(credit);
            (name, role.key().to_string())
        })
        .unzip();
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
        roles,
        isbn13: isbns.isbn13.map(|i| i.as_str().to_string()),
        isbn10: isbns.isbn10.map(|i| i.as_str().to_string()),
        pages,
        year,
        description,
        series: text::optional_line("series", input.series.as_deref(), text::TITLE_MAX)?,
        series_position: text::optional_line(
            "series_position",
            input.series_position.as_deref(),
            20,
        )?,
        language: None,
        popularity: 0,
        created_by: adder,
        now,
    })
}

/// Adds a reader's book to the catalogue. A reader may add `per_hour` books
/// in any hour; the count lives in the database, so every node of a cluster
/// sees the same.
pub async fn add_book(
    store: &Store,
    adder: &User,
    input: &BookInput,
    per_hour: i64,
) -> ActionResult<Book> {
    super::may_write(adder)?;
    super::hour_has_room(store, adder, Act::AddBook, per_hour).await?;
    let new = validate(input, Some(adder.id), super::now())?;
    let added = store
        .add_book_within(&new, per_hour)
        .await
        .map_err(|e| match e {
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
    let id = super::within_the_hour(added, new.now)?;
    super::existing_book(store, id).await
}

pub async fn book(store: &Store, id: i64) -> ActionResult<Book> {
    super::existing_book(store, id).await
}

pub async fn author(store: &Store, id: i64) -> ActionResult<(AuthorRef, Vec<Book>)> {
    let Some(author) = store.author(id).await? else {
        let redirect = store.author_redirect(id).await?;
        return Err(super::moved_or_missing(redirect, "authors", "author"));
    };
    let books = store.author_books(id).await?;
    Ok((author, books))
}

/// What a search box found: one page of books, and authors by name.
#[derive(Debug, Default)]
pub struct Found {
    pub books: Vec<Book>,
    pub authors: Vec<AuthorRef>,
    pub page: i64,
    pub has_next: bool,
}

/// Books ranked at most, and shown per page.
pub const SEARCH_LIMIT: i64 = 200;
pub const SEARCH_PAGE: i64 = 20;

/// Books by title, author, series or ISBN (either form, dashes or not), and
/// authors. Each query word matches whole, as a prefix, or with a typo; see
/// `domain::search` for the ranking.
pub async fn search(store: &Store, query: &str, page: i64) -> ActionResult<Found> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Found {
            page: 1,
            ..Found::default()
        });
    }
    if query.chars().count() > 200 {
        return Err(ActionError::invalid(
            "q",
            "search for at most 200 characters",
        ));
    }
    let mut ids = Vec::new();
    if let Some(isbn) = isbn::search_key(query) {
        ids.extend(store.book_by_isbn13(isbn.as_str()).await?);
    }
    let words: Vec<String> = search::words(query).into_iter().take(MAX_WORDS).collect();
    if ids.is_empty() && !words.is_empty() {
        ids = ranked_ids(store, &words).await?;
    }
    let page = page.clamp(1, SEARCH_LIMIT / SEARCH_PAGE);
    let from = ((page - 1) * SEARCH_PAGE) as usize;
    let shown: Vec<i64> = ids
        .iter()
        .skip(from)
        .take(SEARCH_PAGE as usize)
        .copied()
        .collect();
    let books = store.books_by_ids(&shown).await?;
    let authors = if page == 1 {
        matching_authors(&books, &words)
    } else {
        Vec::new()
    };
    Ok(Found {
        books,
        authors,
        page,
        has_next: ids.len() > from + SEARCH_PAGE as usize,
    })
}

/// The authors of the books found whose names the query named: no scan of
/// every author, and the same folding and typo rules as for titles.
fn matching_authors(books: &[Book], words: &[String]) -> Vec<AuthorRef> {
    let mut found: Vec<AuthorRef> = Vec::new();
    for author in books.iter().flat_map(|b| &b.authors) {
        if search::names_author(words, &author.name) && !found.iter().any(|a| a.id == author.id) {
            found.push(author.clone());
        }
    }
    found.truncate(10);
    found
}

/// Query words beyond these add little to what is found.
const MAX_WORDS: usize = 8;

async fn ranked_ids(store: &Store, words: &[String]) -> ActionResult<Vec<i64>> {
    let query = ranking::query_words(words);
    Ok(store.search_books(&query, SEARCH_LIMIT as usize).await?)
}

/// Builds this node's search index again from the books, their series and
/// authors (the database is what it is derived from), and asks every other
/// node to do the same; how many books it indexed.
pub async fn reindex_search(store: &Store) -> ActionResult<i64> {
    store.ask_for_reindex().await?;
    Ok(store.catch_up_search().await?)
}

/// Books already catalogued that look like this one: the same title words
/// and an author in common. The form asks before adding another.
pub async fn likely_duplicates(store: &Store, input: &BookInput) -> ActionResult<Vec<Book>> {
    let title = search::words(&search::split_series(&input.title).0);
    if title.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<String> = input
        .authors
        .iter()
        .map(|a| search::author_key(a))
        .collect();
    let mut words = title.clone();
    words.extend(input.authors.iter().flat_map(|a| search::words(a)));
    words.truncate(MAX_WORDS);
    let ids = ranked_ids(store, &words).await?;
    let top: Vec<i64> = ids.into_iter().take(10).collect();
    Ok(store
        .books_by_ids(&top)
        .await?
        .into_iter()
        .filter(|b| search::words(&b.title) == title)
        .filter(|b| {
            b.authors
                .iter()
                .any(|a| keys.contains(&search::author_key(&a.name)))
        })
        .collect())
}

pub const CATALOGUE_PAGE: i64 = 30;
/// Browsing goes this many pages deep; past that, search finds a book.
pub const CATALOGUE_PAGES: i64 = 20;

/// One page of the catalogue to browse, newest first, and whether another follows.
pub async fn newest(store: &Store, page: i64) -> ActionResult<(Vec<Book>, bool)> {
    let page = page.clamp(1, CATALOGUE_PAGES);
    // The store lists the newest books from the top; a page reads what comes
    // before it too, at most CATALOGUE_PAGES * CATALOGUE_PAGE rows.
    let books = store.recent_books(page * CATALOGUE_PAGE + 1).await?;
    let has_next = books.len() as i64 > page * CATALOGUE_PAGE && page < CATALOGUE_PAGES;
    let shown = books
        .into_iter()
        .skip(((page - 1) * CATALOGUE_PAGE) as usize)
        .take(CATALOGUE_PAGE as usize)
        .collect();
    Ok((shown, has_next))
}
