//! A group's shelf: what it has read, reads now and may read next; members
//! put books forward and vote, its moderators choose and move them.

use super::groups::{inside, moderated, role_of};
use crate::domain::groups::{GroupShelf, Role};
use crate::error::{ActionError, ActionResult};
use crate::store::{GroupBookRow, Store, User};

/// The shelf, for those who see inside the group.
pub async fn shelf(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
) -> ActionResult<Vec<GroupBookRow>> {
    inside(store, viewer, id).await?;
    Ok(store.group_shelf(id, viewer.map_or(0, |v| v.id)).await?)
}

/// The group, if the reader is one of its members.
async fn as_member(store: &Store, reader: &User, id: i64, what: &str) -> ActionResult<()> {
    super::may_write(reader)?;
    let g = inside(store, Some(reader), id).await?;
    if !role_of(&g).is_some_and(Role::is_member) {
        return Err(ActionError::Forbidden(format!("join the group to {what}")));
    }
    Ok(())
}

/// A member puts a book forward for the group to read, with their vote.
pub async fn propose(store: &Store, reader: &User, id: i64, book_id: i64) -> ActionResult<()> {
    as_member(store, reader, id, "propose a book").await?;
    super::books::book(store, book_id)
        .await
        .map_err(|_| ActionError::invalid("book_id", "no such book"))?;
    if !store
        .propose_group_book(id, book_id, reader.id, super::now())
        .await?
    {
        return Err(ActionError::Conflict {
            field: "book_id",
            message: "that book is on the group's shelf already".into(),
        });
    }
    Ok(())
}

/// A member votes for a proposal (`on`), or takes their vote back.
pub async fn vote(
    store: &Store,
    reader: &User,
    id: i64,
    book_id: i64,
    on: bool,
) -> ActionResult<()> {
    as_member(store, reader, id, "vote").await?;
    let shelf = store
        .group_book_shelf(id, book_id)
        .await?
        .ok_or(ActionError::NotFound("book"))?;
    if !GroupShelf::parse(&shelf).is_ok_and(GroupShelf::takes_votes) {
        return Err(ActionError::Conflict {
            field: "book_id",
            message: "only books put forward take votes".into(),
        });
    }
    store.vote_group_book(id, book_id, reader.id, on).await?;
    Ok(())
}

/// A group moderator moves a book to a shelf (next, read or back to the
/// proposals), putting it there if it was not on the shelf.
pub async fn place(
    store: &Store,
    actor: &User,
    id: i64,
    book_id: i64,
    shelf: &str,
) -> ActionResult<()> {
    moderated(store, actor, id).await?;
    let shelf = GroupShelf::parse(shelf)?;
    if !shelf.placeable() {
        return Err(ActionError::invalid(
            "shelf",
            "set the current book with its start date instead",
        ));
    }
    super::books::book(store, book_id).await?;
    store
        .place_group_book(id, book_id, shelf.as_str(), super::now())
        .await?;
    Ok(())
}

/// A group moderator takes a book off the shelf, votes and all.
pub async fn remove(store: &Store, actor: &User, id: i64, book_id: i64) -> ActionResult<()> {
    moderated(store, actor, id).await?;
    if store.group_book_shelf(id, book_id).await?.is_none() {
        return Err(ActionError::NotFound("book"));
    }
    store.remove_group_book(id, book_id).await?;
    Ok(())
}
