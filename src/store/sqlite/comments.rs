//! The conversation under a review in SQLite.

use rusqlite::{Row, params};

use super::Db;
use crate::store::{Comment, NewComment, Quoted, Seen, StoreError, StoreResult, UserRef};

/// One query gives a page of comments with their authors, quotes, and each
/// commenter's own rating and shelf for the reviewed book: no N+1.
const COMMENT_SELECT: &str = "SELECT c.id, c.review_id, v.user_id, c.number,
        u.id, u.username, u.display_name, c.body, c.body_html,
        q.id, q.number, qu.display_name, q.body, (q.deleted_at IS NOT NULL OR q.removed),
        c.created_at, c.edited_at, c.deleted_at IS NOT NULL, c.removed,
        r.stars, ub.status, ub.user_id IS NOT NULL, q.author_id
     FROM comments c
     JOIN reviews v ON v.id = c.review_id
     LEFT JOIN users u ON u.id = c.author_id
     LEFT JOIN comments q ON q.id = c.quote_of
     LEFT JOIN users qu ON qu.id = q.author_id
     LEFT JOIN ratings r ON r.user_id = c.author_id AND r.book_id = v.book_id
     LEFT JOIN user_books ub ON ub.user_id = c.author_id AND ub.book_id = v.book_id";

fn comment_row(r: &Row<'_>) -> rusqlite::Result<Comment> {
    let author = match r.get::<_, Option<i64>>(4)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(5)?,
            display_name: r.get(6)?,
        }),
        None => None,
    };
    let quote = match r.get::<_, Option<i64>>(9)? {
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
        review_id: r.get(1)?,
        reviewer_id: r.get(2)?,
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

pub(super) fn add_comment(db: &Db<'_>, new: &NewComment) -> StoreResult<(i64, i64)> {
    if let Some(quoted) = new.quote_of {
        let same_thread = db
            .value::<i64>(
                "SELECT 1 FROM comments WHERE id = ?1 AND review_id = ?2",
                params![quoted, new.review_id],
            )?
            .is_some();
        if !same_thread {
            return Err(StoreError::MissingReference);
        }
    }
    // The review row is the thread's counter: taking the next number under the
    // write lock means two posters never share one.
    let number: i64 = db
        .value(
            "UPDATE reviews SET comments_count = comments_count + 1 WHERE id = ?1 RETURNING comments_count",
            [new.review_id],
        )?
        .ok_or(StoreError::MissingReference)?;
    let id = db
        .value(
            "INSERT INTO comments (review_id, number, author_id, body, body_html, quote_of, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            params![new.review_id, number, new.author_id, new.body, new.body_html, new.quote_of, new.now],
        )?
        .unwrap_or_default();
    notify(db, new, id)?;
    Ok((id, number))
}

/// The reviewer hears of every comment on their review, and a commenter of
/// each reply quoting them (unless they are the reviewer, told already).
fn notify(db: &Db<'_>, new: &NewComment, comment_id: i64) -> StoreResult<()> {
    db.exec(
        "INSERT INTO notifications (user_id, kind, actor_id, review_id, comment_id, created_at)
         SELECT v.user_id, 'comment', ?2, v.id, ?3, ?4 FROM reviews v WHERE v.id = ?1 AND v.user_id <> ?2",
        params![new.review_id, new.author_id, comment_id, new.now],
    )?;
    if let Some(quoted) = new.quote_of {
        db.exec(
            "INSERT INTO notifications (user_id, kind, actor_id, review_id, comment_id, created_at)
             SELECT q.author_id, 'quote', ?2, q.review_id, ?3, ?4 FROM comments q JOIN reviews v ON v.id = q.review_id
             WHERE q.id = ?1 AND q.author_id IS NOT NULL AND q.author_id <> ?2 AND q.author_id <> v.user_id",
            params![quoted, new.author_id, comment_id, new.now],
        )?;
    }
    Ok(())
}

pub(super) fn comments_since(
    db: &Db<'_>,
    author_id: i64,
    since: i64,
    limit: i64,
) -> StoreResult<(i64, Option<i64>)> {
    Ok(db
        .one(
            // Counting stops at the limit: a flood never makes the check itself slow.
            "SELECT count(*), min(created_at) FROM (SELECT created_at FROM comments
             WHERE author_id = ?1 AND created_at > ?2 ORDER BY created_at DESC LIMIT ?3) AS recent",
            params![author_id, since, limit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, None)))
}

pub(super) fn comment(db: &Db<'_>, id: i64) -> StoreResult<Option<Comment>> {
    db.one(
        &format!("{COMMENT_SELECT} WHERE c.id = ?1"),
        [id],
        comment_row,
    )
}

pub(super) fn edit_comment(
    db: &Db<'_>,
    id: i64,
    body: &str,
    body_html: &str,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        "UPDATE comments SET body = ?2, body_html = ?3, edited_at = ?4 WHERE id = ?1",
        params![id, body, body_html, now],
    )?;
    Ok(())
}

pub(super) fn delete_comment(db: &Db<'_>, id: i64, removed: bool, now: i64) -> StoreResult<()> {
    db.exec(
        "UPDATE comments SET deleted_at = coalesce(deleted_at, ?3), removed = (removed OR ?2) WHERE id = ?1",
        params![id, removed, now],
    )?;
    Ok(())
}

pub(super) fn comments_page(
    db: &Db<'_>,
    review_id: i64,
    first: i64,
    last: i64,
) -> StoreResult<Vec<Comment>> {
    db.all(
        &format!("{COMMENT_SELECT} WHERE c.review_id = ?1 AND c.number BETWEEN ?2 AND ?3 ORDER BY c.number"),
        params![review_id, first, last],
        comment_row,
    )
}

pub(super) fn mark_thread_seen(
    db: &Db<'_>,
    user_id: i64,
    review_id: i64,
    first: i64,
    last: i64,
    now: i64,
) -> StoreResult<Seen> {
    let before = Seen::from_bytes(
        db.value(
            "SELECT seen FROM thread_reads WHERE user_id = ?1 AND review_id = ?2",
            params![user_id, review_id],
        )?
        .unwrap_or_default(),
    );
    let mut after = before.clone();
    after.mark(first..=last);
    if after != before {
        db.exec(
            "INSERT INTO thread_reads (user_id, review_id, seen, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id, review_id) DO UPDATE SET seen = excluded.seen, updated_at = excluded.updated_at",
            params![user_id, review_id, after.into_bytes(), now],
        )?;
    }
    Ok(before)
}

pub(super) fn thread_seen(db: &Db<'_>, user_id: i64, review_id: i64) -> StoreResult<Seen> {
    Ok(Seen::from_bytes(
        db.value(
            "SELECT seen FROM thread_reads WHERE user_id = ?1 AND review_id = ?2",
            params![user_id, review_id],
        )?
        .unwrap_or_default(),
    ))
}
