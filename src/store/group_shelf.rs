//! A group's shelf: the books it has read, is reading and may read next,
//! and its members' votes on the books put forward.

use super::db::{Db, Row};
use super::moderation::user_at;
use crate::sql;
use crate::store::{GroupBookRow, StoreResult};

fn shelf_row(r: &dyn Row) -> StoreResult<GroupBookRow> {
    Ok(GroupBookRow {
        book_id: r.get(0)?,
        title: r.get(1)?,
        shelf: r.get(2)?,
        proposed_by: user_at(r, 3)?,
        votes: r.get(6)?,
        voted: r.get(7)?,
        added_at: r.get(8)?,
    })
}

/// Votes are counted again from the votes themselves, never nudged: two
/// members voting at once cannot lose one.
async fn recount_votes<D: Db>(db: &D, group_id: i64, book_id: i64) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE group_books SET votes =
               (SELECT count(*) FROM group_votes v WHERE v.group_id = $1 AND v.book_id = $2)
             WHERE group_id = $1 AND book_id = $2"
        ),
        &[&group_id, &book_id],
    )
    .await?;
    Ok(())
}

/// Gives (`on`) or takes back the reader's vote for a book on the shelf.
pub(crate) async fn vote_group_book<D: Db>(
    db: &D,
    group_id: i64,
    book_id: i64,
    user_id: i64,
    on: bool,
) -> StoreResult<()> {
    if on {
        db.exec(
            sql!(
                "INSERT INTO group_votes (group_id, book_id, user_id) VALUES ($1, $2, $3)
                 ON CONFLICT (group_id, book_id, user_id) DO NOTHING"
            ),
            &[&group_id, &book_id, &user_id],
        )
        .await?;
    } else {
        db.exec(
            sql!("DELETE FROM group_votes WHERE group_id = $1 AND book_id = $2 AND user_id = $3"),
            &[&group_id, &book_id, &user_id],
        )
        .await?;
    }
    recount_votes(db, group_id, book_id).await
}

/// Puts a member's proposal on the shelf with their own vote; false when
/// the book is on the shelf already.
pub(crate) async fn propose_group_book<D: Db>(
    db: &D,
    group_id: i64,
    book_id: i64,
    user_id: i64,
    now: i64,
) -> StoreResult<bool> {
    let added = db
        .exec(
            sql!(
                "INSERT INTO group_books (group_id, book_id, shelf, proposed_by, votes, added_at)
                 VALUES ($1, $2, 'proposed', $3, 0, $4) ON CONFLICT (group_id, book_id) DO NOTHING"
            ),
            &[&group_id, &book_id, &user_id, &now],
        )
        .await?
        > 0;
    if added {
        vote_group_book(db, group_id, book_id, user_id, true).await?;
    }
    Ok(added)
}

/// The current book leaves for `read` when another takes its place, and the
/// new one sits on `reading`: the shelf and the group's page never disagree.
pub(crate) async fn set_current_book<D: Db>(
    db: &D,
    group_id: i64,
    book_id: i64,
    started_on: &str,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE group_books SET shelf = 'read'
             WHERE group_id = $1 AND shelf = 'reading' AND book_id <> $2"
        ),
        &[&group_id, &book_id],
    )
    .await?;
    db.exec(
        sql!(
            "UPDATE reading_groups SET current_book_id = $2, current_started_on = $3 WHERE id = $1"
        ),
        &[&group_id, &book_id, &started_on],
    )
    .await?;
    db.exec(
        sql!(
            "INSERT INTO group_books (group_id, book_id, shelf, votes, added_at)
             VALUES ($1, $2, 'reading', 0, $3)
             ON CONFLICT (group_id, book_id) DO UPDATE SET shelf = 'reading'"
        ),
        &[&group_id, &book_id, &now],
    )
    .await?;
    Ok(())
}

/// Moves a book to `shelf` (putting it there if new); the current book
/// moved away stops being current.
pub(crate) async fn place_group_book<D: Db>(
    db: &D,
    group_id: i64,
    book_id: i64,
    shelf: &str,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            "INSERT INTO group_books (group_id, book_id, shelf, votes, added_at)
             VALUES ($1, $2, $3, 0, $4)
             ON CONFLICT (group_id, book_id) DO UPDATE SET shelf = $3"
        ),
        &[&group_id, &book_id, &shelf, &now],
    )
    .await?;
    clear_current(db, group_id, book_id).await
}

async fn clear_current<D: Db>(db: &D, group_id: i64, book_id: i64) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE reading_groups SET current_book_id = NULL, current_started_on = NULL
             WHERE id = $1 AND current_book_id = $2"
        ),
        &[&group_id, &book_id],
    )
    .await?;
    Ok(())
}

/// Takes a book off the shelf with its votes.
pub(crate) async fn remove_group_book<D: Db>(
    db: &D,
    group_id: i64,
    book_id: i64,
) -> StoreResult<()> {
    db.exec(
        sql!("DELETE FROM group_votes WHERE group_id = $1 AND book_id = $2"),
        &[&group_id, &book_id],
    )
    .await?;
    db.exec(
        sql!("DELETE FROM group_books WHERE group_id = $1 AND book_id = $2"),
        &[&group_id, &book_id],
    )
    .await?;
    clear_current(db, group_id, book_id).await
}

queries! {
    // The current book, then the chosen next, the proposals by votes, and
    // what was read, newest first. A shelf is a club's years of reading:
    // hundreds of rows at most.
    pub(crate) all group_shelf(group_id: i64, viewer: i64) -> GroupBookRow, by shelf_row = (
        "SELECT gb.book_id, b.title, gb.shelf, u.id, u.username, u.display_name, gb.votes,
                EXISTS (SELECT 1 FROM group_votes v
                        WHERE v.group_id = gb.group_id AND v.book_id = gb.book_id AND v.user_id = $2),
                gb.added_at
         FROM group_books gb
         JOIN books b ON b.id = gb.book_id
         LEFT JOIN users u ON u.id = gb.proposed_by
         WHERE gb.group_id = $1
         ORDER BY CASE gb.shelf WHEN 'reading' THEN 0 WHEN 'next' THEN 1 WHEN 'proposed' THEN 2 ELSE 3 END,
                  gb.votes DESC, gb.added_at DESC, gb.book_id
         LIMIT 1000"
    );
    pub(crate) value group_book_shelf(group_id: i64, book_id: i64) -> String =
        ("SELECT shelf FROM group_books WHERE group_id = $1 AND book_id = $2");
}

store! {
    /// The shelf in its order, with the viewer's (0: nobody's) votes.
    lookup group_shelf(group_id: i64, viewer: i64) -> Vec<GroupBookRow>;
    lookup group_book_shelf(group_id: i64, book_id: i64) -> Option<String>;
    /// False when the book is on the shelf already.
    write propose_group_book(group_id: i64, book_id: i64, user_id: i64, now: i64) -> bool;
    write vote_group_book(group_id: i64, book_id: i64, user_id: i64, on: bool) -> ();
    write place_group_book(group_id: i64, book_id: i64, shelf: &str, now: i64) -> ();
    write remove_group_book(group_id: i64, book_id: i64) -> ();
    /// The book the group reads now, and since when; the last one goes to `read`.
    write set_current_book(group_id: i64, book_id: i64, started_on: &str, now: i64) -> ();
}
