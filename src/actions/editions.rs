//! Editions of a book, the edition a reader read, and moderators' merges.

use super::{existing_book, may_write, moderator, now};
use crate::domain::{Invalid, isbn, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{Edition, MergeReport, NewEdition, Store, StoreError, User};

/// An edition as a reader fills it in; ISBNs in either form, with or without dashes.
#[derive(Debug, Clone, Default)]
pub struct EditionInput {
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i64>,
    pub pages: Option<i64>,
    pub format: Option<String>,
    pub language: Option<String>,
}

pub fn validate(
    book_id: i64,
    input: &EditionInput,
    adder: i64,
    now: i64,
) -> Result<NewEdition, Invalid> {
    let isbns = isbn::resolve(input.isbn13.as_deref(), input.isbn10.as_deref())?;
    if isbns.isbn13.is_none() && isbns.isbn10.is_none() {
        return Err(Invalid::new(
            "isbn13",
            "give the edition's ISBN (10 or 13 digits, from the back cover or the copyright page)",
        ));
    }
    Ok(NewEdition {
        book_id,
        isbn13: isbns.isbn13.map(|i| i.as_str().to_string()),
        isbn10: isbns.isbn10.map(|i| i.as_str().to_string()),
        publisher: text::optional_line("publisher", input.publisher.as_deref(), 200)?,
        year: input
            .year
            .map(|y| text::int_in("year", y, -3000, 2100))
            .transpose()?,
        pages: input
            .pages
            .map(|p| text::int_in("pages", p, 1, 100_000))
            .transpose()?,
        format: text::optional_line("format", input.format.as_deref(), 60)?,
        language: text::optional_line("language", input.language.as_deref(), 60)?,
        created_by: Some(adder),
        now,
    })
}

pub async fn editions(store: &Store, book_id: i64) -> ActionResult<Vec<Edition>> {
    existing_book(store, book_id).await?;
    Ok(store.editions(book_id).await?)
}

pub async fn edition(store: &Store, id: i64) -> ActionResult<Edition> {
    store
        .edition(id)
        .await?
        .ok_or(ActionError::NotFound("edition"))
}

pub async fn add_edition(
    store: &Store,
    adder: &User,
    book_id: i64,
    input: &EditionInput,
) -> ActionResult<Edition> {
    may_write(adder)?;
    existing_book(store, book_id).await?;
    let new = validate(book_id, input, adder.id, now())?;
    let id = store.add_edition(&new).await.map_err(|e| match e {
        StoreError::Conflict(_) => ActionError::Conflict {
            field: if input.isbn13.is_some() || input.isbn10.is_none() {
                "isbn13"
            } else {
                "isbn10"
            },
            message: "an edition with this ISBN is already in the catalogue".into(),
        },
        other => other.into(),
    })?;
    edition(store, id).await
}

/// Says which edition the reader read (None: forget it); it must be one of the book's.
pub async fn set_reader_edition(
    store: &Store,
    reader: &User,
    book_id: i64,
    edition_id: Option<i64>,
) -> ActionResult<()> {
    may_write(reader)?;
    existing_book(store, book_id).await?;
    if let Some(id) = edition_id {
        let edition = store.edition(id).await?;
        if edition.is_none_or(|e| e.book_id != book_id) {
            return Err(ActionError::invalid(
                "edition_id",
                "that is not an edition of this book",
            ));
        }
    }
    store
        .set_reader_edition(reader.id, book_id, edition_id, now())
        .await?;
    // The edition named is one the reader held; naming none forgets them all.
    match edition_id {
        Some(id) => store.hold_edition(reader.id, id, None, now()).await?,
        None => store.forget_held_editions(reader.id, book_id).await?,
    }
    Ok(())
}

/// Moves everything of book `from` to book `into`; `from`'s address then redirects.
pub async fn merge_books(
    store: &Store,
    actor: &User,
    from: i64,
    into: i64,
) -> ActionResult<MergeReport> {
    moderator(actor)?;
    if from == into {
        return Err(ActionError::invalid(
            "into",
            "a book cannot be merged into itself",
        ));
    }
    existing_book(store, from).await?;
    existing_book(store, into).await.map_err(|_| {
        ActionError::invalid("into", "there is no book with that number to merge into")
    })?;
    let report = store.merge_books(from, into, now()).await?;
    let detail = Some(format!("into book {into}"));
    super::admin::record(store, Some(actor), "merged", ("book", from), detail).await?;
    Ok(report)
}

/// Files author `from`'s books under `into`, keeping `from`'s name as another name of `into`.
pub async fn merge_authors(
    store: &Store,
    actor: &User,
    from: i64,
    into: i64,
) -> ActionResult<MergeReport> {
    moderator(actor)?;
    if from == into {
        return Err(ActionError::invalid(
            "into",
            "an author cannot be merged into themselves",
        ));
    }
    if store.author(from).await?.is_none() {
        return Err(ActionError::NotFound("author"));
    }
    if store.author(into).await?.is_none() {
        return Err(ActionError::invalid(
            "into",
            "there is no author with that number to merge into",
        ));
    }
    let report = store.merge_authors(from, into).await?;
    let detail = Some(format!("into author {into}"));
    super::admin::record(store, Some(actor), "merged", ("author", from), detail).await?;
    Ok(report)
}

/// Groups of possible duplicates on a page of the moderators' list.
pub const DUPLICATES_PAGE: i64 = 20;

/// A page (from 1) of books that look like one another (the same folded
/// title and first author), each group oldest first, the first being the one
/// to merge the others into; and whether more groups follow.
pub async fn duplicates(
    store: &Store,
    actor: &User,
    page: i64,
) -> ActionResult<(Vec<Vec<crate::store::Book>>, bool)> {
    moderator(actor)?;
    if !(1..=1_000).contains(&page) {
        return Err(ActionError::invalid("page", "pages run from 1 to 1000"));
    }
    let mut groups = store
        .duplicate_groups(DUPLICATES_PAGE + 1, (page - 1) * DUPLICATES_PAGE)
        .await?;
    let more = groups.len() as i64 > DUPLICATES_PAGE;
    groups.truncate(DUPLICATES_PAGE as usize);
    let mut found = Vec::with_capacity(groups.len());
    for (title, author) in &groups {
        let ids = store.books_titled(title, author).await?;
        found.push(store.books_by_ids(&ids).await?);
    }
    Ok((found, more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edition_needs_a_valid_isbn() {
        let none = EditionInput::default();
        assert_eq!(validate(1, &none, 1, 0).unwrap_err().field, "isbn13");
        let bad = EditionInput {
            isbn13: Some("978-0-00-000000-1".into()),
            ..EditionInput::default()
        };
        assert_eq!(validate(1, &bad, 1, 0).unwrap_err().field, "isbn13");
        let ten = EditionInput {
            isbn10: Some("0-306-40615-2".into()),
            publisher: Some("  Faber ".into()),
            ..EditionInput::default()
        };
        let new = validate(1, &ten, 1, 0).unwrap();
        assert_eq!(new.isbn13.as_deref(), Some("9780306406157"));
        assert_eq!(new.isbn10.as_deref(), Some("0306406152"));
        assert_eq!(new.publisher.as_deref(), Some("Faber"));
    }
}
