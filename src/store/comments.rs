//! The numbered conversation under a review, a list or a group's topic: comments, their
//! numbers, quotes and "seen" marks.

use super::Store;
use super::db::{Db, Row};
use super::queries::FromRow;
use crate::domain::thread::Thread;
use crate::sql;
use crate::store::{Comment, NewComment, Quoted, Seen, StoreError, StoreResult, UserRef};

/// One query gives a page of comments with their authors, quotes, and each
/// commenter's own rating and shelf for the reviewed book (none under a
/// list): no N+1. The rating
/// and shelf are part of the commenter's library, shown only to a viewer
/// (`$viewer`, 0 when signed out) their profile's privacy lets see it.
/// `$owner` is the thread owner's id and `$book` the reviewed book, read
/// through `$from`'s joins: a page of one thread joins only its owner's
/// table (a join that finds nothing still costs a look on every row).
macro_rules! comment_select {
    ($viewer:literal) => {
        comment_select!(
            $viewer,
            "coalesce(v.user_id, l.user_id, 0)",
            "v.book_id",
            "LEFT JOIN reviews v ON v.id = c.review_id LEFT JOIN lists l ON l.id = c.list_id"
        )
    };
    ($viewer:literal, $owner:literal, $book:literal, $from:literal) => {
        concat!(
            "SELECT c.id, c.review_id, ",
            $owner,
            ", c.number,
        u.id, u.username, u.display_name, c.body, c.body_html,
        q.id, q.number, qu.display_name, q.body, (q.deleted_at IS NOT NULL OR q.removed),
        c.created_at, c.edited_at, c.deleted_at IS NOT NULL, c.removed,
        CASE WHEN ",
            library_open!($viewer),
            " THEN r.stars END,
        CASE WHEN ",
            library_open!($viewer),
            " THEN ub.status END,
        (",
            library_open!($viewer),
            ") AND ub.user_id IS NOT NULL, q.author_id, c.list_id, c.topic_id
     FROM comments c ",
            $from,
            "
     LEFT JOIN users u ON u.id = c.author_id
     LEFT JOIN comments q ON q.id = c.quote_of
     LEFT JOIN users qu ON qu.id = q.author_id
     LEFT JOIN ratings r ON r.user_id = c.author_id AND r.book_id = ",
            $book,
            "
     LEFT JOIN user_books ub ON ub.user_id = c.author_id AND ub.book_id = ",
            $book
        )
    };
}

/// Whether the viewer may see the commenter's library: `domain::privacy`'s
/// rule for a profile, in SQL (blocks hide the whole comment already).
macro_rules! library_open {
    ($viewer:literal) => {
        concat!(
            "(u.visibility = 'public' OR c.author_id = ",
            $viewer,
            " OR (u.visibility = 'friends'
              AND EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = ",
            $viewer,
            " AND fr.friend_id = c.author_id)))"
        )
    };
}

fn comment_row(r: &dyn Row) -> StoreResult<Comment> {
    let author = Option::<UserRef>::read_at(r, &mut 4)?;
    let quote = match r.get::<Option<i64>>(9)? {
        Some(id) => Some(Quoted {
            id,
            number: r.get(10)?,
            author_id: r.get(21)?,
            author_name: r.get(11)?,
            body: r.get(12)?,
            deleted: r.get(13)?,
            hidden: false,
        }),
        None => None,
    };
    Ok(Comment {
        id: r.get(0)?,
        thread: Thread::from_owner(r.get(1)?, r.get(22)?, r.get(23)?),
        owner_id: r.get(2)?,
        number: r.get(3)?,
        author,
        body: r.get(7)?,
        body_html: r.get(8)?,
        quote,
        created_at: r.get(14)?,
        edited_at: r.get(15)?,
        deleted: r.get(16)?,
        removed: r.get(17)?,
        commenter_rating: r.get(18)?,
        commenter_status: r.get(19)?,
        commenter_has_book: r.get(20)?,
        hidden: false,
    })
}

queries! {
    value in_thread(id: i64, review_id: Option<i64>, list_id: Option<i64>, topic_id: Option<i64>) -> i64 =
        ("SELECT 1 FROM comments WHERE id = $1 AND (review_id = $2 OR list_id = $3 OR topic_id = $4)");
    value number_under_review(id: i64) -> i64 = ("UPDATE reviews
        SET comments_count = comments_count + 1 WHERE id = $1 RETURNING comments_count");
    value number_under_list(id: i64) -> i64 = ("UPDATE lists
        SET comments_count = comments_count + 1 WHERE id = $1 RETURNING comments_count");
    value number_under_topic(id: i64, now: i64) -> i64 = ("UPDATE group_topics
        SET comments_count = comments_count + 1, last_posted_at = $2 WHERE id = $1 RETURNING comments_count");
    value insert_comment(new: &NewComment, number: i64) -> i64 = (
        "INSERT INTO comments (review_id, list_id, topic_id, number, author_id, body, body_html, quote_of, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
    ) with (new.thread.review_id(), new.thread.list_id(), new.thread.topic_id(), number,
            new.author_id, new.body, new.body_html, new.quote_of, new.now);
    value reviewer_to_tell(review_id: i64, author_id: i64) -> i64 =
        ("SELECT user_id FROM reviews WHERE id = $1 AND user_id <> $2");
    value quoted_to_tell(quoted: i64, author_id: i64, review_id: i64) -> i64 = (
        "SELECT q.author_id FROM comments q JOIN reviews v ON v.id = q.review_id
         WHERE q.id = $1 AND q.review_id = $3 AND q.author_id IS NOT NULL AND q.author_id <> $2
           AND q.author_id <> v.user_id"
    );
    value starter_to_tell(topic_id: i64, author_id: i64) -> i64 = (
        "SELECT t.author_id FROM group_topics t
         JOIN group_members m ON m.group_id = t.group_id AND m.user_id = t.author_id AND m.role <> 'requested'
         WHERE t.id = $1 AND t.author_id <> $2"
    );
    value member_quoted_to_tell(quoted: i64, author_id: i64, topic_id: i64) -> i64 = (
        "SELECT q.author_id FROM comments q
         JOIN group_topics t ON t.id = q.topic_id
         JOIN group_members m ON m.group_id = t.group_id AND m.user_id = q.author_id AND m.role <> 'requested'
         WHERE q.id = $1 AND q.topic_id = $3 AND q.author_id <> $2
           AND (t.author_id IS NULL OR q.author_id <> t.author_id)"
    );
}

pub(crate) async fn add_comment<D: Db>(db: &D, new: &NewComment) -> StoreResult<(i64, i64)> {
    let thread = &new.thread;
    if let Some(quoted) = new.quote_of
        && in_thread(
            db,
            quoted,
            thread.review_id(),
            thread.list_id(),
            thread.topic_id(),
        )
        .await?
        .is_none()
    {
        return Err(StoreError::MissingReference);
    }
    // The owner's row is the thread's counter: taking the next number under
    // the write lock means two posters never share one.
    let number = match new.thread {
        Thread::Review(id) => number_under_review(db, id).await?,
        Thread::List(id) => number_under_list(db, id).await?,
        Thread::Topic(id) => number_under_topic(db, id, new.now).await?,
    }
    .ok_or(StoreError::MissingReference)?;
    let id = insert_comment(db, new, number).await?.unwrap_or_default();
    notify(db, new, id).await?;
    Ok((id, number))
}

/// Who hears of a new message: a review's writer or a topic's starter of
/// each one, and a commenter of each reply quoting them (unless told already
/// as the writer or starter). In a topic only those still in the group hear:
/// a private group's talk reaches no one who left it.
async fn notify<D: Db>(db: &D, new: &NewComment, comment_id: i64) -> StoreResult<()> {
    let author = new.author_id;
    let (owner, quoted, review_id) = match new.thread {
        Thread::Review(id) => {
            let quoted = match new.quote_of {
                Some(q) => quoted_to_tell(db, q, author, id).await?,
                None => None,
            };
            let reviewer = reviewer_to_tell(db, id, author).await?;
            (
                reviewer.map(|u| (u, "comment")),
                quoted.map(|u| (u, "quote")),
                Some(id),
            )
        }
        Thread::Topic(id) => {
            let quoted = match new.quote_of {
                Some(q) => member_quoted_to_tell(db, q, author, id).await?,
                None => None,
            };
            let starter = starter_to_tell(db, id, author).await?;
            (
                starter.map(|u| (u, "topic_reply")),
                quoted.map(|u| (u, "topic_quote")),
                None,
            )
        }
        Thread::List(_) => return Ok(()),
    };
    for (user_id, kind) in owner.into_iter().chain(quoted) {
        let notice = super::notifications::Notice {
            user_id,
            kind,
            actor_id: author,
            review_id,
            comment_id: Some(comment_id),
            now: new.now,
        };
        super::notifications::notify(db, &notice).await?;
    }
    Ok(())
}

queries! {
    // Counting stops at the limit: a flood never makes the check itself slow.
    pub(crate) one_or_default comments_since(author_id: i64, since: i64, limit: i64) -> (i64, Option<i64>) = (
        "SELECT count(*), min(created_at) FROM (SELECT created_at FROM comments
         WHERE author_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT $3) AS recent"
    );
    // As a signed-out reader would see the commenter's library.
    pub(crate) one comment(id: i64) -> Comment, by comment_row =
        (concat!(comment_select!("0"), " WHERE c.id = $1"));
    pub(crate) exec edit_comment(id: i64, body: &str, body_html: &str, now: i64) =
        ("UPDATE comments SET body = $2, body_html = $3, edited_at = $4 WHERE id = $1");
    pub(crate) exec delete_comment(id: i64, removed: bool, now: i64) = (
        "UPDATE comments SET deleted_at = coalesce(deleted_at, $3), removed = (removed OR $2)
         WHERE id = $1"
    );
}

pub(crate) async fn comments_page<D: Db>(
    db: &D,
    thread: Thread,
    first: i64,
    last: i64,
    viewer: Option<i64>,
) -> StoreResult<Vec<Comment>> {
    let (owner, thread_id) = owner_of(thread);
    let viewer = viewer.unwrap_or(0);
    let sql = match owner {
        Owner::Review => sql!(concat!(
            comment_select!(
                "$4",
                "v.user_id",
                "v.book_id",
                "JOIN reviews v ON v.id = c.review_id"
            ),
            " WHERE c.review_id = $1 AND c.number BETWEEN $2 AND $3 ORDER BY c.number"
        )),
        Owner::List => sql!(concat!(
            comment_select!(
                "$4",
                "l.user_id",
                "NULL",
                "JOIN lists l ON l.id = c.list_id"
            ),
            " WHERE c.list_id = $1 AND c.number BETWEEN $2 AND $3 ORDER BY c.number"
        )),
        Owner::Topic => sql!(concat!(
            comment_select!("$4", "CAST(0 AS BIGINT)", "NULL", ""),
            " WHERE c.topic_id = $1 AND c.number BETWEEN $2 AND $3 ORDER BY c.number"
        )),
    };
    db.all(sql, &[&thread_id, &first, &last, &viewer], comment_row)
        .await
}

/// Which column holds a thread's owner, and its id.
enum Owner {
    Review,
    List,
    Topic,
}

fn owner_of(thread: Thread) -> (Owner, i64) {
    match thread {
        Thread::Review(id) => (Owner::Review, id),
        Thread::List(id) => (Owner::List, id),
        Thread::Topic(id) => (Owner::Topic, id),
    }
}

pub(crate) async fn mark_thread_seen<D: Db>(
    db: &D,
    user_id: i64,
    thread: Thread,
    first: i64,
    last: i64,
    now: i64,
) -> StoreResult<Seen> {
    let (owner, thread_id) = owner_of(thread);
    // Two tabs marking pages at once would each read the marks, add their
    // own and write, the later erasing the earlier. This upsert returns the
    // marks and, on PostgreSQL, holds the row until the marks are written
    // (a second tab waits here, then reads what the first wrote); SQLite's
    // writer holds the only write lock already.
    let upsert = match owner {
        Owner::Review => sql!("INSERT INTO thread_marks (user_id, review_id, seen, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, review_id) DO UPDATE SET updated_at = thread_marks.updated_at
             RETURNING seen"),
        Owner::List => sql!("INSERT INTO thread_marks (user_id, list_id, seen, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, list_id) DO UPDATE SET updated_at = thread_marks.updated_at
             RETURNING seen"),
        Owner::Topic => sql!("INSERT INTO thread_marks (user_id, topic_id, seen, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, topic_id) DO UPDATE SET updated_at = thread_marks.updated_at
             RETURNING seen"),
    };
    let before = Seen::from_bytes(
        db.value(upsert, &[&user_id, &thread_id, &Vec::<u8>::new(), &now])
            .await?
            .unwrap_or_default(),
    );
    let mut after = before.clone();
    after.mark(first..=last);
    if after != before {
        let update = match owner {
            Owner::Review => sql!(
                "UPDATE thread_marks SET seen = $3, updated_at = $4 WHERE user_id = $1 AND review_id = $2"
            ),
            Owner::List => sql!(
                "UPDATE thread_marks SET seen = $3, updated_at = $4 WHERE user_id = $1 AND list_id = $2"
            ),
            Owner::Topic => sql!(
                "UPDATE thread_marks SET seen = $3, updated_at = $4 WHERE user_id = $1 AND topic_id = $2"
            ),
        };
        db.exec(update, &[&user_id, &thread_id, &(after.into_bytes()), &now])
            .await?;
    }
    Ok(before)
}

/// The marks, read only: the page view's first look.
pub(crate) async fn thread_seen<D: Db>(db: &D, user_id: i64, thread: Thread) -> StoreResult<Seen> {
    let (owner, thread_id) = owner_of(thread);
    let select = match owner {
        Owner::Review => {
            sql!("SELECT seen FROM thread_marks WHERE user_id = $1 AND review_id = $2")
        }
        Owner::List => sql!("SELECT seen FROM thread_marks WHERE user_id = $1 AND list_id = $2"),
        Owner::Topic => sql!("SELECT seen FROM thread_marks WHERE user_id = $1 AND topic_id = $2"),
    };
    Ok(Seen::from_bytes(
        db.value(select, &[&user_id, &thread_id])
            .await?
            .unwrap_or_default(),
    ))
}

store! {
    lookup comment(id: i64) -> Option<Comment>;
    write edit_comment(id: i64, body: &str, body_html: &str, now: i64) -> ();
    /// Marks a comment deleted (by its author or the thread's owner) or removed (by a moderator); its number stays.
    write delete_comment(id: i64, removed: bool, now: i64) -> ();
    /// Comments numbered `first..=last` of a thread, in order, as `viewer` sees them.
    lookup comments_page(thread: Thread, first: i64, last: i64, viewer: Option<i64>) -> Vec<Comment>;
    /// How many comments the reader posted since `since`, and when the oldest of them was.
    /// How many comments the author posted after `since`, counting at most
    /// `limit` (the newest), and the oldest of those counted.
    lookup comments_since(author_id: i64, since: i64, limit: i64) -> (i64, Option<i64>);
}

impl Store {
    /// Records that the reader was shown comments `first..=last` of the
    /// thread, and returns what they had been shown before (a
    /// `domain::thread::Seen` bitmap), in one step so two tabs lose nothing.
    pub async fn mark_thread_seen(
        &self,
        user_id: i64,
        thread: Thread,
        first: i64,
        last: i64,
        now: i64,
    ) -> StoreResult<Seen> {
        // A page seen before needs no write: most views are re-reads.
        let seen = lookup!(self, |db| thread_seen(db, user_id, thread))?;
        if (first..=last).all(|n| seen.contains(n)) {
            return Ok(seen);
        }
        write!(self, |db| mark_thread_seen(
            db, user_id, thread, first, last, now
        ))
    }
}
