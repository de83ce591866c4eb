//! A reader's relation to a book: rating, status, own shelves, reads, progress.

use crate::domain::dates::{self, ReadDate};
use crate::domain::rating::Stars;
use crate::domain::shelf::{Placement, ShelfName, Status};
use crate::domain::shelf_view::{self, ShelfOrder, ShelfPaging};
use crate::domain::{reading, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{OwnShelf, ReaderBook, Renamed, ShelfMark, ShelfPick, ShelfRef, Store, User};

pub async fn rate(store: &Store, reader: &User, book_id: i64, stars: Stars) -> ActionResult<()> {
    super::may_write(reader)?;
    store
        .set_rating(reader.id, book_id, stars.quarters(), super::now())
        .await?;
    super::outbox::tell(store, reader.id, super::outbox::Told::Rated(book_id)).await?;
    Ok(())
}

pub async fn clear_rating(store: &Store, reader: &User, book_id: i64) -> ActionResult<()> {
    super::may_write(reader)?;
    super::existing_book(store, book_id).await?;
    store.clear_rating(reader.id, book_id).await?;
    Ok(())
}

/// Puts the book on a status or one of the reader's own exclusive shelves
/// (leaving whichever held it), or (None) takes it off them.
pub async fn set_status(
    store: &Store,
    reader: &User,
    book_id: i64,
    status: Option<&str>,
) -> ActionResult<()> {
    super::may_write(reader)?;
    let placement = match status {
        Some(wanted) => Some(choose_placement(store, reader, wanted).await?),
        None => {
            super::existing_book(store, book_id).await?;
            None
        }
    };
    let slug = placement.as_ref().map(Placement::slug);
    let before = store
        .set_status(reader.id, book_id, slug, super::now())
        .await?;
    if let Some(Placement::Status(status)) = placement {
        let told = super::outbox::Told::Status {
            book_id,
            slug: status.slug(),
        };
        super::outbox::tell(store, reader.id, told).await?;
    }
    tell_moved(store, reader, book_id, before.as_deref(), slug).await?;
    if placement == Some(Placement::Status(Status::Read)) {
        super::goals::note_finish(store, reader).await?;
    }
    Ok(())
}

/// Tells the reader's followers elsewhere that the book left the shelf
/// `from` and went onto `to` (nothing when it stayed where it was).
async fn tell_moved(
    store: &Store,
    reader: &User,
    book_id: i64,
    from: Option<&str>,
    to: Option<&str>,
) -> ActionResult<()> {
    if from == to {
        return Ok(());
    }
    if let Some(slug) = from {
        let told = super::outbox::Told::Unshelved { book_id, slug };
        super::outbox::tell(store, reader.id, told).await?;
    }
    if let Some(slug) = to {
        let told = super::outbox::Told::Shelved { book_id, slug };
        super::outbox::tell(store, reader.id, told).await?;
    }
    Ok(())
}

async fn choose_placement(store: &Store, reader: &User, wanted: &str) -> ActionResult<Placement> {
    if let Ok(status) = Status::parse(wanted) {
        return Ok(Placement::Status(status));
    }
    let shelves = store.own_shelves(reader.id).await?;
    let own: Vec<&str> = shelves
        .iter()
        .filter(|s| s.exclusive)
        .map(|s| s.slug.as_str())
        .collect();
    Ok(Placement::choose(wanted, &own)?)
}

/// The reader's own shelves, exclusive ones first (not the built-in statuses).
pub async fn own_shelves(store: &Store, reader: &User) -> ActionResult<Vec<OwnShelf>> {
    Ok(store.own_shelves(reader.id).await?)
}

/// Renames one of the reader's own shelves; its address follows its new name.
pub async fn rename_shelf(
    store: &Store,
    reader: &User,
    slug: &str,
    name: ShelfName,
) -> ActionResult<OwnShelf> {
    super::may_write(reader)?;
    match store
        .rename_shelf(reader.id, slug, &name.name, &name.slug, super::now())
        .await?
    {
        Renamed::Done { exclusive } => Ok(OwnShelf {
            name: name.name,
            slug: name.slug,
            exclusive,
        }),
        Renamed::NoSuchShelf => Err(ActionError::NotFound("shelf")),
        Renamed::Taken => Err(ActionError::Conflict {
            field: "name",
            message: format!("you already have a shelf {}", name.slug),
        }),
    }
}

/// Deletes one of the reader's own shelves; its books stay in their library.
pub async fn delete_shelf(store: &Store, reader: &User, slug: &str) -> ActionResult<()> {
    super::may_write(reader)?;
    if store.delete_shelf(reader.id, slug, super::now()).await? {
        Ok(())
    } else {
        Err(ActionError::NotFound("shelf"))
    }
}

/// Where each of these books sits on the reader's shelves (books on none are left out).
pub async fn marks(store: &Store, reader: &User, book_ids: &[i64]) -> ActionResult<Vec<ShelfMark>> {
    Ok(store.shelf_marks(reader.id, book_ids).await?)
}

/// Adds a shelf of the reader's own; an exclusive one behaves as a status.
/// Adding one they have is no change, unless it would change its kind.
pub async fn add_shelf(
    store: &Store,
    reader: &User,
    name: ShelfName,
    exclusive: bool,
) -> ActionResult<ShelfRef> {
    super::may_write(reader)?;
    let stored = store
        .create_shelf(reader.id, &name.name, &name.slug, exclusive, super::now())
        .await?;
    if stored != exclusive {
        return Err(ActionError::Conflict {
            field: "name",
            message: format!(
                "you already have a shelf {} that is {}exclusive",
                name.slug,
                if stored { "" } else { "not " }
            ),
        });
    }
    Ok(ShelfRef {
        name: name.name,
        slug: name.slug,
    })
}

/// Makes the reader's own shelves holding this book exactly these. An
/// exclusive shelf is not among them: it is chosen as the status.
pub async fn set_shelves(
    store: &Store,
    reader: &User,
    book_id: i64,
    shelves: Vec<ShelfName>,
) -> ActionResult<Vec<ShelfRef>> {
    super::may_write(reader)?;
    if !shelves.is_empty() {
        let mine = store.own_shelves(reader.id).await?;
        if let Some(exclusive) = shelves
            .iter()
            .find(|s| mine.iter().any(|m| m.exclusive && m.slug == s.slug))
        {
            return Err(ActionError::invalid(
                "shelves",
                format!(
                    "{} is an exclusive shelf: choose it as the book's status",
                    exclusive.slug
                ),
            ));
        }
    }
    let list: Vec<ShelfRef> = shelves
        .into_iter()
        .map(|s| ShelfRef {
            name: s.name,
            slug: s.slug,
        })
        .collect();
    let before = store.reader_book(reader.id, book_id).await?.shelves;
    store
        .set_shelves(reader.id, book_id, &list, super::now())
        .await?;
    for gone in before
        .iter()
        .filter(|b| !list.iter().any(|l| l.slug == b.slug))
    {
        tell_moved(store, reader, book_id, Some(&gone.slug), None).await?;
    }
    for added in list
        .iter()
        .filter(|l| !before.iter().any(|b| b.slug == l.slug))
    {
        tell_moved(store, reader, book_id, None, Some(&added.slug)).await?;
    }
    Ok(list)
}

/// A reading of the book, with either date, both, or neither known.
pub async fn add_read(
    store: &Store,
    reader: &User,
    book_id: i64,
    started: Option<&str>,
    finished: Option<&str>,
) -> ActionResult<i64> {
    super::may_write(reader)?;
    let started = parse_date("started", started)?;
    let finished = parse_date("finished", finished)?;
    dates::check_order(started.as_ref(), finished.as_ref())?;
    let id = store
        .add_read(
            reader.id,
            book_id,
            started.map(|d| d.stored()).as_deref(),
            finished.map(|d| d.stored()).as_deref(),
            super::now(),
        )
        .await?;
    if finished.is_some() {
        super::goals::note_finish(store, reader).await?;
    }
    Ok(id)
}

fn parse_date(field: &'static str, input: Option<&str>) -> ActionResult<Option<ReadDate>> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(Some(ReadDate::parse(field, s)?)),
        None => Ok(None),
    }
}

pub async fn add_progress(
    store: &Store,
    reader: &User,
    book_id: i64,
    page: Option<i64>,
    percent: Option<i64>,
    note: Option<&str>,
) -> ActionResult<i64> {
    super::may_write(reader)?;
    let book = super::existing_book(store, book_id).await?;
    let progress = reading::progress(page, percent, book.pages)?;
    let note = text::optional_line("note", note, text::NOTE_MAX)?;
    let id = store
        .add_progress(
            reader.id,
            book_id,
            progress.page,
            progress.percent,
            note.as_deref(),
            super::now(),
        )
        .await?;
    Ok(id)
}

pub async fn reader_book(store: &Store, reader: &User, book_id: i64) -> ActionResult<ReaderBook> {
    Ok(store.reader_book(reader.id, book_id).await?)
}

/// One of a reader's shelves as `viewer` may see it ("all" is every book).
pub struct ShelfList {
    pub owner: User,
    pub name: String,
    /// Up to `limit` entries from `offset`.
    pub entries: Vec<crate::store::ShelfEntry>,
}

/// A page of a reader's shelf, if their profile is open to `viewer` and
/// neither blocks the other.
pub async fn shelf_list(
    store: &Store,
    viewer: Option<&User>,
    username: &str,
    slug: &str,
    limit: i64,
    offset: i64,
) -> ActionResult<ShelfList> {
    let owner = super::social::visible_reader(store, viewer, username).await?;
    let name = if slug == "all" {
        "All books".to_string()
    } else {
        store
            .user_shelves(owner.id)
            .await?
            .into_iter()
            .find(|s| s.slug == slug)
            .map(|s| s.name)
            .ok_or(ActionError::NotFound("shelf"))?
    };
    let entries = store.shelf_entries(owner.id, slug, limit, offset).await?;
    Ok(ShelfList {
        owner,
        name,
        entries,
    })
}

/// A page of one of a reader's shelves as `viewer` may see it, in the
/// asked order and filter, beside all the reader's shelves with counts.
pub struct ShelfView {
    pub owner: User,
    pub name: String,
    /// The statuses, then the reader's own shelves (`Store::user_shelves`).
    pub shelves: Vec<crate::store::ShelfCount>,
    pub slice: crate::store::ShelfSlice,
    pub paging: ShelfPaging,
}

/// Page `page` of the shelf, if the reader's profile is open to `viewer`
/// and neither blocks the other (the rule `shelf_list` keeps).
pub async fn shelf_view(
    store: &Store,
    viewer: Option<&User>,
    username: &str,
    slug: &str,
    order: ShelfOrder,
    filter: Option<&str>,
    page: i64,
) -> ActionResult<ShelfView> {
    let owner = super::social::visible_reader(store, viewer, username).await?;
    let shelves = store.user_shelves(owner.id).await?;
    let name = if slug == "all" {
        "All books".to_string()
    } else {
        shelves
            .iter()
            .find(|s| s.slug == slug)
            .map(|s| crate::domain::shelf::status_name(&s.slug, Some(&s.name)))
            .ok_or(ActionError::NotFound("shelf"))?
    };
    let mut pick = ShelfPick {
        order,
        pattern: filter.map(shelf_view::contains_pattern),
        limit: shelf_view::PER_PAGE,
        offset: (page.clamp(1, shelf_view::MAX_PAGE) - 1) * shelf_view::PER_PAGE,
    };
    let mut slice = store.shelf_page(owner.id, slug, &pick).await?;
    let paging = ShelfPaging::new(slice.total, page);
    // A page past the end (books left the shelf since the link was made)
    // shows the last one.
    if paging.offset() != pick.offset {
        pick.offset = paging.offset();
        slice = store.shelf_page(owner.id, slug, &pick).await?;
    }
    Ok(ShelfView {
        owner,
        name,
        shelves,
        slice,
        paging,
    })
}
