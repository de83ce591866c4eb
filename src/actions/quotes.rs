//! Quotes: passages readers keep from books, and like.

use crate::domain::text;
use crate::error::{ActionError, ActionResult};
use crate::store::{NewQuote, Quote, Store, User};

pub const QUOTE_MAX: usize = 3_000;

/// Where in the book a quote is from: a page, or a percentage.
pub struct Place {
    pub page: Option<i64>,
    pub percent: Option<i64>,
}

/// Keeps a passage from a book.
pub async fn add(
    store: &Store,
    reader: &User,
    book_id: i64,
    body: &str,
    place: Place,
    spoiler: bool,
) -> ActionResult<Quote> {
    super::may_write(reader)?;
    let body = text::body("body", body, QUOTE_MAX)?;
    let page = place
        .page
        .map(|p| text::int_in("page", p, 1, 100_000))
        .transpose()?;
    let percent = place
        .percent
        .map(|p| text::int_in("percent", p, 0, 100))
        .transpose()?;
    if page.is_some() && percent.is_some() {
        return Err(ActionError::invalid(
            "percent",
            "give a page or a percentage, not both",
        ));
    }
    super::existing_book(store, book_id).await?;
    let new = NewQuote {
        user_id: reader.id,
        book_id,
        body,
        page,
        percent,
        spoiler,
        now: super::now(),
    };
    let id = store.add_quote(&new).await?;
    super::outbox::tell(store, reader.id, super::outbox::Told::Quote(id)).await?;
    visible(store, Some(reader), id).await
}

/// A quote the viewer may see; any other is missing.
pub async fn visible(store: &Store, viewer: Option<&User>, id: i64) -> ActionResult<Quote> {
    store
        .quote(id, viewer.map(|v| v.id))
        .await?
        .ok_or(ActionError::NotFound("quote"))
}

/// The book's quotes the viewer may see, most liked first.
pub async fn of_book(
    store: &Store,
    viewer: Option<&User>,
    book_id: i64,
    limit: i64,
) -> ActionResult<Vec<Quote>> {
    super::existing_book(store, book_id).await?;
    Ok(store
        .book_quotes(book_id, viewer.map(|v| v.id), limit)
        .await?)
}

/// The reader's quotes, as their profile's privacy lets the viewer see them.
pub async fn of_reader(
    store: &Store,
    viewer: Option<&User>,
    username: &str,
    limit: i64,
) -> ActionResult<(User, Vec<Quote>)> {
    let owner = super::social::visible_reader(store, viewer, username).await?;
    let quotes = store
        .reader_quotes(owner.id, viewer.map(|v| v.id), limit)
        .await?;
    Ok((owner, quotes))
}

pub async fn set_like(store: &Store, reader: &User, id: i64, liked: bool) -> ActionResult<Quote> {
    super::may_write(reader)?;
    visible(store, Some(reader), id).await?;
    store
        .set_quote_like(id, reader.id, liked, super::now())
        .await?;
    visible(store, Some(reader), id).await
}

/// Its keeper or a moderator may delete a quote.
pub async fn delete(store: &Store, actor: &User, id: i64) -> ActionResult<()> {
    let quote = visible(store, Some(actor), id).await?;
    if quote.reader.id != actor.id && !actor.is_moderator {
        return Err(ActionError::Forbidden(
            "only the reader who kept it can delete this quote".into(),
        ));
    }
    store.delete_quote(id).await?;
    super::outbox::tell(
        store,
        quote.reader.id,
        super::outbox::Told::QuoteDeleted(id),
    )
    .await?;
    if quote.reader.id != actor.id {
        super::admin::record(store, Some(actor), "removed", ("quote", id), None).await?;
    }
    Ok(())
}
