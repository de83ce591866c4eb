//! Readers' lists of books: making and editing them, adding books, voting,
//! and the owner's approval of suggestions.

use crate::domain::lists::{self, Addition, ListText, Mode, PER_PAGE};
use crate::error::{ActionError, ActionResult};
use crate::store::{ListEntry, ListRow, NewList, NewListBook, Store, User};

/// A page of a list: its books in rank order, and for its owner the
/// suggestions waiting for them.
#[derive(Debug, Clone)]
pub struct ListPage {
    pub list: ListRow,
    pub entries: Vec<ListEntry>,
    /// The rank of the first entry on the page.
    pub first_rank: i64,
    pub page: i64,
    pub pages: i64,
    /// Suggestions waiting: only the owner sees them (empty for anyone else).
    pub pending: Vec<ListEntry>,
}

/// A page of lists: what it holds, and whether a next page has more.
#[derive(Debug, Clone)]
pub struct Lists {
    pub lists: Vec<ListRow>,
    pub page: i64,
    pub more: bool,
}

impl Lists {
    /// Page `page` from lists fetched one past a page: the extra one only
    /// says that another page follows.
    fn of_page(mut found: Vec<ListRow>, page: i64) -> Lists {
        let more = found.len() as i64 > PER_PAGE;
        found.truncate(PER_PAGE as usize);
        Lists {
            lists: found,
            page,
            more,
        }
    }
}

fn new_list(reader: &User, text: &ListText) -> NewList {
    NewList {
        user_id: reader.id,
        title: text.title.clone(),
        title_key: crate::store::author_key(&text.title),
        description: text.description.clone(),
        mode: text.mode.as_str().to_string(),
        now: super::now(),
    }
}

/// Makes a list.
pub async fn create(
    store: &Store,
    reader: &User,
    title: &str,
    description: &str,
    mode: &str,
) -> ActionResult<ListRow> {
    super::may_write(reader)?;
    let text = ListText::new(title, description, mode)?;
    let id = store.create_list(&new_list(reader, &text)).await?;
    visible(store, Some(reader), id).await
}

/// A list the viewer may see; any other is missing.
pub async fn visible(store: &Store, viewer: Option<&User>, id: i64) -> ActionResult<ListRow> {
    store
        .list(id, viewer.map(|v| v.id))
        .await?
        .ok_or(ActionError::NotFound("list"))
}

/// The list, if the actor owns it.
async fn owned(store: &Store, actor: &User, id: i64) -> ActionResult<ListRow> {
    super::may_write(actor)?;
    let list = visible(store, Some(actor), id).await?;
    if list.owner.id != actor.id {
        return Err(ActionError::Forbidden(
            "only the reader who made this list can do that".into(),
        ));
    }
    Ok(list)
}

/// Its owner changes the list's title, description or mode.
pub async fn update(
    store: &Store,
    actor: &User,
    id: i64,
    title: &str,
    description: &str,
    mode: &str,
) -> ActionResult<ListRow> {
    owned(store, actor, id).await?;
    let text = ListText::new(title, description, mode)?;
    store.update_list(id, &new_list(actor, &text)).await?;
    visible(store, Some(actor), id).await
}

/// Its owner, or a moderator, deletes a list with its books and votes.
pub async fn delete(store: &Store, actor: &User, id: i64) -> ActionResult<()> {
    super::may_write(actor)?;
    let list = visible(store, Some(actor), id).await?;
    if list.owner.id != actor.id && !actor.is_moderator {
        return Err(ActionError::Forbidden(
            "only the reader who made this list can delete it".into(),
        ));
    }
    store.delete_list(id).await?;
    if list.owner.id != actor.id {
        super::admin::record(
            store,
            Some(actor),
            "removed",
            ("list", id),
            Some(list.title),
        )
        .await?;
    }
    Ok(())
}

/// Page `page` of the list's books, ranked.
pub async fn page(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
    page: i64,
) -> ActionResult<ListPage> {
    let list = visible(store, viewer, id).await?;
    let viewer_id = viewer.map(|v| v.id);
    let (page, pages, offset) = lists::page(list.books_count, page);
    let entries = store
        .list_entries(id, false, viewer_id, PER_PAGE, offset)
        .await?;
    let pending = if viewer_id == Some(list.owner.id) {
        store.list_entries(id, true, viewer_id, PER_PAGE, 0).await?
    } else {
        Vec::new()
    };
    Ok(ListPage {
        list,
        entries,
        first_rank: offset + 1,
        page,
        pages,
        pending,
    })
}

/// Books found by `words` to add to a list the reader may see, each with
/// whether the list has it already.
pub async fn find_to_add(
    store: &Store,
    reader: &User,
    list_id: i64,
    words: &str,
    limit: usize,
) -> ActionResult<Vec<(crate::store::Book, bool)>> {
    visible(store, Some(reader), list_id).await?;
    let mut found = super::books::search(store, words, 1).await?.books;
    found.truncate(limit);
    let ids: Vec<i64> = found.iter().map(|b| b.id).collect();
    let listed = store.listed_of(list_id, &ids).await?;
    Ok(found
        .into_iter()
        .map(|b| {
            let has = listed.contains(&b.id);
            (b, has)
        })
        .collect())
}

/// The list (as a signed-out visitor sees it) and the books last put on it.
pub async fn newest_books(
    store: &Store,
    id: i64,
    limit: i64,
) -> ActionResult<(ListRow, Vec<ListEntry>)> {
    let list = visible(store, None, id).await?;
    let entries = store.newest_list_entries(id, limit).await?;
    Ok((list, entries))
}

/// Lists whose title holds the words (all lists without), most voted
/// (`popular`) or newest first.
pub async fn browse(
    store: &Store,
    viewer: Option<&User>,
    words: Option<&str>,
    popular: bool,
    page: i64,
) -> ActionResult<Lists> {
    let words = words.map(str::trim).unwrap_or_default();
    if words.chars().count() > 200 {
        return Err(ActionError::invalid("q", "must be at most 200 characters"));
    }
    let page = page.clamp(1, 10_000);
    // One more than a page says whether another page follows.
    let found = store
        .browse_lists(
            &crate::store::like_pattern(words),
            popular,
            viewer.map(|v| v.id),
            PER_PAGE + 1,
            (page - 1) * PER_PAGE,
        )
        .await?;
    Ok(Lists::of_page(found, page))
}

/// The reader's lists, as their profile's privacy lets the viewer see them.
pub async fn of_reader(
    store: &Store,
    viewer: Option<&User>,
    username: &str,
    page: i64,
) -> ActionResult<(User, Lists)> {
    let owner = super::social::visible_reader(store, viewer, username).await?;
    let page = page.clamp(1, 10_000);
    let found = store
        .reader_lists(
            owner.id,
            viewer.map(|v| v.id),
            PER_PAGE + 1,
            (page - 1) * PER_PAGE,
        )
        .await?;
    Ok((owner, Lists::of_page(found, page)))
}

/// The lists holding the book that the viewer may see, most voted first.
pub async fn of_book(
    store: &Store,
    viewer: Option<&User>,
    book_id: i64,
    limit: i64,
) -> ActionResult<Vec<ListRow>> {
    super::existing_book(store, book_id).await?;
    Ok(store
        .book_lists(book_id, viewer.map(|v| v.id), limit)
        .await?)
}

/// Adds a book to a list, with a note: on the list at once, or waiting for
/// the owner's approval, as the list's mode says.
pub async fn add_book(
    store: &Store,
    reader: &User,
    list_id: i64,
    book_id: i64,
    note: &str,
) -> ActionResult<Addition> {
    super::may_write(reader)?;
    let list = visible(store, Some(reader), list_id).await?;
    let note = lists::note(note)?;
    let addition = Mode::from_stored(&list.mode).addition(list.owner.id == reader.id);
    if addition == Addition::Refused {
        return Err(ActionError::Forbidden(
            "only the reader who made this list can add books to it".into(),
        ));
    }
    super::existing_book(store, book_id).await?;
    let new = NewListBook {
        list_id,
        book_id,
        added_by: reader.id,
        note,
        pending: addition == Addition::Pending,
        now: super::now(),
    };
    match store.add_list_book(&new).await? {
        Some(_) => Ok(addition),
        None => Err(ActionError::Conflict {
            field: "book_id",
            message: "that book is on this list already (or suggested for it)".into(),
        }),
    }
}

/// The entry of a book on a list the viewer may see: (entry id, pending, added by).
async fn entry(
    store: &Store,
    viewer: &User,
    list_id: i64,
    book_id: i64,
) -> ActionResult<(ListRow, i64, bool, Option<i64>)> {
    let list = visible(store, Some(viewer), list_id).await?;
    let (entry, pending, added_by) = store
        .list_book(list_id, book_id)
        .await?
        .ok_or(ActionError::NotFound("book on this list"))?;
    Ok((list, entry, pending, added_by))
}

/// Casts (or takes back) the reader's one vote for a book on a list.
pub async fn vote(
    store: &Store,
    reader: &User,
    list_id: i64,
    book_id: i64,
    voted: bool,
) -> ActionResult<()> {
    super::may_write(reader)?;
    let (_, entry, pending, _) = entry(store, reader, list_id, book_id).await?;
    if pending {
        // A suggestion is not on the list until its owner says so.
        return Err(ActionError::NotFound("book on this list"));
    }
    store
        .set_list_vote(list_id, entry, reader.id, voted, super::now())
        .await?;
    Ok(())
}

/// The owner approves a suggestion (it joins the list) or declines it (it goes).
pub async fn decide(
    store: &Store,
    owner: &User,
    list_id: i64,
    book_id: i64,
    approve: bool,
) -> ActionResult<()> {
    owned(store, owner, list_id).await?;
    let (_, _, pending, _) = entry(store, owner, list_id, book_id).await?;
    if !pending {
        return Err(ActionError::Conflict {
            field: "book_id",
            message: "that book is on the list already; nothing waits for approval".into(),
        });
    }
    let now = super::now();
    if approve {
        store.approve_list_book(list_id, book_id, now).await?;
    } else {
        store.remove_list_book(list_id, book_id, now).await?;
    }
    Ok(())
}

/// Takes a book off a list: its owner may, and so may whoever suggested a
/// book still waiting.
pub async fn remove_book(
    store: &Store,
    actor: &User,
    list_id: i64,
    book_id: i64,
) -> ActionResult<()> {
    super::may_write(actor)?;
    let (list, _, pending, added_by) = entry(store, actor, list_id, book_id).await?;
    let own_suggestion = pending && added_by == Some(actor.id);
    if list.owner.id != actor.id && !own_suggestion {
        return Err(ActionError::Forbidden(
            "only the reader who made this list can take books off it".into(),
        ));
    }
    store
        .remove_list_book(list_id, book_id, super::now())
        .await?;
    Ok(())
}
