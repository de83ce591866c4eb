//! Readers' lists of books: the lists, the books on them, and votes.

use super::catalogue::{attach_authors, book_columns};
use super::db::Db;
use super::queries::FromRow;
use crate::sql;
use crate::store::{ListEntry, ListRow, NewList, NewListBook, StoreResult};

/// Lists matching `$filter` that the viewer (`$2`, 0 signed out) may see:
/// their own, and those of readers whose library is open to them, with no
/// block between (`domain::privacy`'s rule for a profile).
macro_rules! list_select {
    ($filter:expr, $order:expr) => {
        concat!(
            "SELECT l.id, u.id, u.username, u.display_name, l.title, l.description, l.mode,
                    l.books_count, l.votes_count, l.comments_count, l.created_at, l.updated_at
             FROM lists l JOIN users u ON u.id = l.user_id
             WHERE ",
            $filter,
            " AND ",
            owner_open!("l.user_id"),
            " ORDER BY ",
            $order,
            " LIMIT $3 OFFSET $4"
        )
    };
}

/// Whether the viewer (`$2`) may see what the reader `$owner` keeps.
macro_rules! owner_open {
    ($owner:literal) => {
        concat!(
            "(",
            $owner,
            " = $2 OR u.visibility = 'public'
              OR (u.visibility = 'friends'
                  AND EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $2 AND fr.friend_id = ",
            $owner,
            ")))
             AND NOT EXISTS (SELECT 1 FROM blocks k WHERE (k.blocker_id = $2 AND k.blocked_id = ",
            $owner,
            ") OR (k.blocker_id = ",
            $owner,
            " AND k.blocked_id = $2))"
        )
    };
}

queries! {
    pub(crate) value_or_default create_list(new: &NewList) -> i64 = (
        "INSERT INTO lists (user_id, title, title_key, description, mode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id"
    ) with (new.user_id, new.title, new.title_key, new.description, new.mode, new.now);
    /// Gives the list a title, description and mode (its maker is not changed).
    pub(crate) exec update_list(id: i64, new: &NewList) = ("UPDATE lists
        SET title = $2, title_key = $3, description = $4, mode = $5, updated_at = $6 WHERE id = $1")
        with (id, new.title, new.title_key, new.description, new.mode, new.now);
    pub(crate) exec delete_list(id: i64) = ("DELETE FROM lists WHERE id = $1");
    /// One list, if the viewer may see it.
    pub(crate) one list(id: i64, viewer: Option<i64>) -> ListRow =
        (list_select!("l.id = $1", "l.id")) with (id, viewer.unwrap_or(0), 1_i64, 0_i64);
    all lists_by_votes(pattern: &str, viewer: Option<i64>, limit: i64, offset: i64) -> ListRow = (
        list_select!("l.title_key LIKE $1 ESCAPE '\\'", "l.votes_count DESC, l.id DESC")
    ) with (pattern, viewer.unwrap_or(0), limit, offset);
    all newest_lists(pattern: &str, viewer: Option<i64>, limit: i64, offset: i64) -> ListRow = (
        list_select!("l.title_key LIKE $1 ESCAPE '\\'", "l.id DESC")
    ) with (pattern, viewer.unwrap_or(0), limit, offset);
    /// The lists a reader made, newest first, if the viewer may see them.
    pub(crate) all reader_lists(owner_id: i64, viewer: Option<i64>, limit: i64, offset: i64) -> ListRow =
        (list_select!("l.user_id = $1", "l.id DESC")) with (owner_id, viewer.unwrap_or(0), limit, offset);
    /// The lists the book is on (not merely suggested for), most voted first.
    pub(crate) all book_lists(book_id: i64, viewer: Option<i64>, limit: i64) -> ListRow = (list_select!(
        "l.id IN (SELECT e.list_id FROM list_books e WHERE e.book_id = $1 AND NOT e.pending)",
        "l.votes_count DESC, l.id DESC"
    )) with (book_id, viewer.unwrap_or(0), limit, 0_i64);
}

/// Lists whose title holds `pattern` (a `like_pattern`), most voted or newest first.
pub(crate) async fn browse_lists<D: Db>(
    db: &D,
    pattern: &str,
    popular: bool,
    viewer: Option<i64>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ListRow>> {
    if popular {
        lists_by_votes(db, pattern, viewer, limit, offset).await
    } else {
        newest_lists(db, pattern, viewer, limit, offset).await
    }
}

/// A list's entries (`$2`: its suggestions instead) with whether the viewer
/// (`$3`) voted for each, in `$order`. The page's ids come from the index
/// alone, so rows skipped by `OFFSET` are never joined to their books.
macro_rules! entry_select {
    ($order:expr) => {
        concat!(
            "SELECT e.id, e.list_id, ",
            book_columns!(),
            ", u.id, u.username, u.display_name, e.note, e.votes, e.pending, e.added_at,
                 EXISTS (SELECT 1 FROM list_votes v WHERE v.entry_id = e.id AND v.user_id = $3)
             FROM (SELECT e.id FROM list_books e WHERE e.list_id = $1 AND e.pending = $2
                   ORDER BY ",
            $order,
            " LIMIT $4 OFFSET $5) AS page
             JOIN list_books e ON e.id = page.id JOIN books b ON b.id = e.book_id
             LEFT JOIN users u ON u.id = e.added_by
             ORDER BY ",
            $order
        )
    };
}

/// A page of a list's books in rank order (`pending`: its suggestions, in
/// the order they came), with whether the viewer voted for each: one ranged
/// read of `list_books_rank`, then the page's authors.
pub(crate) async fn list_entries<D: Db>(
    db: &D,
    list_id: i64,
    pending: bool,
    viewer: Option<i64>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ListEntry>> {
    let params: [&dyn super::db::Param; 5] =
        [&list_id, &pending, &viewer.unwrap_or(0), &limit, &offset];
    entries_with_authors(db, sql!(entry_select!("e.votes DESC, e.id")), &params).await
}

/// The books most recently put on a list (for its feed).
pub(crate) async fn newest_list_entries<D: Db>(
    db: &D,
    list_id: i64,
    limit: i64,
) -> StoreResult<Vec<ListEntry>> {
    let params: [&dyn super::db::Param; 5] = [&list_id, &false, &0_i64, &limit, &0_i64];
    entries_with_authors(db, sql!(entry_select!("e.id DESC")), &params).await
}

async fn entries_with_authors<D: Db>(
    db: &D,
    sql: super::sql::Sql,
    params: super::db::Params<'_>,
) -> StoreResult<Vec<ListEntry>> {
    let mut entries: Vec<ListEntry> = db.all(sql, params, FromRow::from_row).await?;
    attach_authors(db, entries.iter_mut().map(|e| &mut e.book)).await?;
    Ok(entries)
}

queries! {
    /// The entry of a book on a list: (entry id, pending, who added it).
    pub(crate) one list_book(list_id: i64, book_id: i64) -> (i64, bool, Option<i64>) =
        ("SELECT id, pending, added_by FROM list_books WHERE list_id = $1 AND book_id = $2");
    /// Which of these books the list has (or has had suggested).
    pub(crate) all listed_of(list_id: i64, book_ids: &[i64]) -> i64 = (
        sqlite: "SELECT book_id FROM list_books
             WHERE list_id = $1 AND book_id IN (SELECT value FROM json_each($2))",
        postgres: "SELECT book_id FROM list_books WHERE list_id = $1 AND book_id = ANY($2)",
    );
}

queries! {
    value insert_list_book(new: &NewListBook) -> i64 = (
        "INSERT INTO list_books (list_id, book_id, added_by, note, pending, added_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (list_id, book_id) DO NOTHING RETURNING id"
    ) with (new.list_id, new.book_id, new.added_by, new.note, new.pending, new.now);
    exec approve_entry(list_id: i64, book_id: i64) =
        ("UPDATE list_books SET pending = FALSE WHERE list_id = $1 AND book_id = $2");
    exec delete_entry(list_id: i64, book_id: i64) =
        ("DELETE FROM list_books WHERE list_id = $1 AND book_id = $2");
    exec add_vote(entry_id: i64, user_id: i64, now: i64) = ("INSERT INTO list_votes
        (entry_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
    exec delete_vote(entry_id: i64, user_id: i64) =
        ("DELETE FROM list_votes WHERE entry_id = $1 AND user_id = $2");
    lock lock_entry(id: i64) = ("SELECT 1 FROM list_books WHERE id = $1 FOR NO KEY UPDATE");
    exec count_votes(id: i64) = ("UPDATE list_books
        SET votes = (SELECT count(*) FROM list_votes v WHERE v.entry_id = $1) WHERE id = $1");
    lock lock_list(id: i64) = ("SELECT 1 FROM lists WHERE id = $1 FOR NO KEY UPDATE");
    /// The list's counters from its entries.
    exec count_list(id: i64, now: i64) = ("UPDATE lists SET
        books_count = (SELECT count(*) FROM list_books e WHERE e.list_id = $1 AND NOT e.pending),
        votes_count = (SELECT CAST(coalesce(sum(e.votes), 0) AS BIGINT) FROM list_books e
                       WHERE e.list_id = $1 AND NOT e.pending),
        updated_at = $2
     WHERE id = $1");
    /// Each entry the reader voted for, with its list.
    all votes_of(user_id: i64) -> (i64, i64) = ("SELECT e.id, e.list_id FROM list_votes v
        JOIN list_books e ON e.id = v.entry_id WHERE v.user_id = $1 ORDER BY e.id");
    exec delete_votes_of(user_id: i64) = ("DELETE FROM list_votes WHERE user_id = $1");
    /// Entries of book `from` on lists that have book `into` too: (from's, into's, list).
    all entries_of_both(from: i64, into: i64) -> (i64, i64, i64) = ("SELECT m.id, k.id, m.list_id
        FROM list_books m JOIN list_books k ON k.list_id = m.list_id AND k.book_id = $2 WHERE m.book_id = $1");
    exec move_votes(from_entry: i64, into_entry: i64) = ("INSERT INTO list_votes (entry_id, user_id, created_at)
        SELECT CAST($2 AS BIGINT), user_id, created_at FROM list_votes WHERE entry_id = $1 ON CONFLICT DO NOTHING");
    exec delete_entry_by_id(id: i64) = ("DELETE FROM list_books WHERE id = $1");
    all lists_of_book(book_id: i64) -> i64 = ("SELECT list_id FROM list_books WHERE book_id = $1");
    exec move_entries(from: i64, into: i64) = ("UPDATE list_books SET book_id = $2 WHERE book_id = $1");
}

/// Puts the book on the list; None when it is there (or suggested) already.
pub(crate) async fn add_list_book<D: Db>(db: &D, new: &NewListBook) -> StoreResult<Option<i64>> {
    let id = insert_list_book(db, new).await?;
    recount_list(db, new.list_id, new.now).await?;
    Ok(id)
}

/// A suggestion approved: on the list now.
pub(crate) async fn approve_list_book<D: Db>(
    db: &D,
    list_id: i64,
    book_id: i64,
    now: i64,
) -> StoreResult<()> {
    approve_entry(db, list_id, book_id).await?;
    recount_list(db, list_id, now).await
}

/// Takes the book (or the suggestion) off the list, with its votes.
pub(crate) async fn remove_list_book<D: Db>(
    db: &D,
    list_id: i64,
    book_id: i64,
    now: i64,
) -> StoreResult<()> {
    delete_entry(db, list_id, book_id).await?;
    recount_list(db, list_id, now).await
}

/// Casts or takes back the reader's vote for an entry.
pub(crate) async fn set_list_vote<D: Db>(
    db: &D,
    list_id: i64,
    entry_id: i64,
    user_id: i64,
    voted: bool,
    now: i64,
) -> StoreResult<()> {
    if voted {
        add_vote(db, entry_id, user_id, now).await?;
    } else {
        delete_vote(db, entry_id, user_id).await?;
    }
    recount_votes(db, &[entry_id]).await?;
    recount_list(db, list_id, now).await
}

/// Counts the entries' votes again, holding each entry while it is counted so
/// two voters at once both count (PostgreSQL; SQLite's one writer does already).
async fn recount_votes<D: Db>(db: &D, entries: &[i64]) -> StoreResult<()> {
    for entry in entries {
        lock_entry(db, *entry).await?;
        count_votes(db, *entry).await?;
    }
    Ok(())
}

async fn recount_list<D: Db>(db: &D, list_id: i64, now: i64) -> StoreResult<()> {
    lock_list(db, list_id).await?;
    count_list(db, list_id, now).await
}

/// A reader leaving takes their votes away, and the counts with them.
pub(crate) async fn withdraw_votes<D: Db>(db: &D, user_id: i64, now: i64) -> StoreResult<()> {
    let voted = votes_of(db, user_id).await?;
    delete_votes_of(db, user_id).await?;
    let entries: Vec<i64> = voted.iter().map(|(e, _)| *e).collect();
    recount_votes(db, &entries).await?;
    let mut lists: Vec<i64> = voted.iter().map(|(_, l)| *l).collect();
    lists.sort_unstable();
    lists.dedup();
    for list in lists {
        recount_list(db, list, now).await?;
    }
    Ok(())
}

/// A merged-away book's places on lists go to the book that stays: where a
/// list had both, the kept entry gains the other's votes and the other goes.
pub(crate) async fn merge_list_books<D: Db>(
    db: &D,
    from: i64,
    into: i64,
    now: i64,
) -> StoreResult<()> {
    let pairs = entries_of_both(db, from, into).await?;
    for (moved, kept, _) in &pairs {
        move_votes(db, *moved, *kept).await?;
        delete_entry_by_id(db, *moved).await?;
    }
    let lists = lists_of_book(db, from).await?;
    move_entries(db, from, into).await?;
    let kept: Vec<i64> = pairs.iter().map(|(_, k, _)| *k).collect();
    recount_votes(db, &kept).await?;
    for list in pairs.iter().map(|(_, _, l)| *l).chain(lists) {
        recount_list(db, list, now).await?;
    }
    Ok(())
}

store! {
    write create_list(new: &NewList) -> i64;
    write update_list(id: i64, new: &NewList) -> ();
    write delete_list(id: i64) -> ();
    /// A list, if the viewer may see it.
    lookup list(id: i64, viewer: Option<i64>) -> Option<ListRow>;
    /// Lists the viewer may see whose title holds `pattern`, most voted (`popular`) or newest first.
    read browse_lists(pattern: &str, popular: bool, viewer: Option<i64>, limit: i64, offset: i64) -> Vec<ListRow>;
    /// The reader's lists the viewer may see, newest first.
    lookup reader_lists(owner_id: i64, viewer: Option<i64>, limit: i64, offset: i64) -> Vec<ListRow>;
    /// Lists the viewer may see that hold the book, most voted first.
    lookup book_lists(book_id: i64, viewer: Option<i64>, limit: i64) -> Vec<ListRow>;
    /// A page of the list's books in rank order, or of its suggestions (`pending`).
    lookup list_entries(list_id: i64, pending: bool, viewer: Option<i64>, limit: i64, offset: i64) -> Vec<ListEntry>;
    /// The books last put on the list, newest first.
    lookup newest_list_entries(list_id: i64, limit: i64) -> Vec<ListEntry>;
    /// The book's entry on the list: (entry id, pending, who added it).
    lookup list_book(list_id: i64, book_id: i64) -> Option<(i64, bool, Option<i64>)>;
    /// Which of the books the list has (listed or suggested).
    lookup listed_of(list_id: i64, book_ids: &[i64]) -> Vec<i64>;
    /// Adds the book; None when the list has it (or a suggestion of it) already.
    write add_list_book(new: &NewListBook) -> Option<i64>;
    write approve_list_book(list_id: i64, book_id: i64, now: i64) -> ();
    write remove_list_book(list_id: i64, book_id: i64, now: i64) -> ();
    write set_list_vote(list_id: i64, entry_id: i64, user_id: i64, voted: bool, now: i64) -> ();
}
