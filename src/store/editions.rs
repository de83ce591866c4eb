//! Editions, merges of books and authors, and the redirects merges leave,.

use super::db::{Db, Param};
use super::sql::Sql;
use crate::sql;
use crate::store::{Edition, MergeReport, NewEdition, StoreError, StoreResult};

macro_rules! edition_columns {
    () => {
        "e.id, e.book_id, e.isbn13, e.isbn10, e.publisher, e.year, e.pages, e.format, e.language,
     (SELECT count(*) FROM user_books ub WHERE ub.edition_id = e.id)"
    };
}

queries! {
    pub(crate) all editions(book_id: i64) -> Edition = (concat!(
        "SELECT ",
        edition_columns!(),
        " FROM editions e WHERE e.book_id = $1 ORDER BY e.year IS NULL, e.year, e.id"
    ));
    pub(crate) one edition(id: i64) -> Edition =
        (concat!("SELECT ", edition_columns!(), " FROM editions e WHERE e.id = $1"));
}

pub(crate) async fn add_edition<D: Db>(db: &D, new: &NewEdition) -> StoreResult<i64> {
    insert_edition(db, new)
        .await?
        .ok_or(StoreError::MissingReference)
}

queries! {
    value insert_edition(e: &NewEdition) -> i64 = ("INSERT INTO editions
        (book_id, isbn13, isbn10, publisher, year, pages, format, language, created_by, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id") with (e.book_id, e.isbn13,
        e.isbn10, e.publisher, e.year, e.pages, e.format, e.language, e.created_by, e.now);
    /// Where a merged-away book, author or review went.
    pub(crate) value book_redirect(old_id: i64) -> i64 =
        ("SELECT book_id FROM book_redirects WHERE old_id = $1");
    pub(crate) value author_redirect(old_id: i64) -> i64 =
        ("SELECT author_id FROM author_redirects WHERE old_id = $1");
    pub(crate) value review_redirect(old_id: i64) -> i64 =
        ("SELECT review_id FROM review_redirects WHERE old_id = $1");
    pub(crate) exec set_reader_edition(user_id: i64, book_id: i64, edition_id: Option<i64>, now: i64) = (
        "INSERT INTO user_books (user_id, book_id, edition_id, added_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (user_id, book_id) DO UPDATE SET edition_id = excluded.edition_id,
             updated_at = excluded.updated_at"
    );
}

async fn count<D: Db>(db: &D, sql: Sql, id: i64) -> StoreResult<i64> {
    Ok(db.value(sql, &[&id]).await?.unwrap_or_default())
}

queries! {
    lock lock_books(from: i64, into: i64) = ("SELECT id FROM books WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE");
    changed move_editions(from: i64, into: i64) = ("UPDATE editions SET book_id = $2 WHERE book_id = $1");
    exec fold_shelf_entries(from: i64, into: i64, now: i64) = ("UPDATE user_books SET
            status = coalesce(user_books.status, f.status),
            added_at = CASE WHEN f.added_at < user_books.added_at THEN f.added_at ELSE user_books.added_at END,
            edition_id = coalesce(user_books.edition_id, f.edition_id),
            private_notes = coalesce(user_books.private_notes, f.private_notes),
            owned_copies = coalesce(user_books.owned_copies, f.owned_copies),
            details = coalesce(user_books.details, f.details),
            updated_at = $3
         FROM (SELECT * FROM user_books WHERE book_id = $1) AS f
         WHERE user_books.book_id = $2 AND user_books.user_id = f.user_id");
    changed move_reviews(from: i64, into: i64) = ("UPDATE reviews SET book_id = $2 WHERE book_id = $1");
    exec recount_kept_book(into: i64, from: i64) = ("UPDATE books SET
            ratings_count = (SELECT count(*) FROM ratings WHERE book_id = $1),
            ratings_sum = (SELECT coalesce(sum(stars), 0) FROM ratings WHERE book_id = $1),
            reviews_count = (SELECT count(*) FROM reviews WHERE book_id = $1),
            popularity = popularity + (SELECT popularity FROM books WHERE id = $2)
         WHERE id = $1");
    exec drop_book(id: i64) = ("DELETE FROM books WHERE id = $1");
    exec recount_kept_review(kept: i64) = ("UPDATE reviews SET
            comments_count = coalesce((SELECT max(number) FROM comments WHERE review_id = $1), 0),
            likes_count = (SELECT count(*) FROM review_likes WHERE review_id = $1)
         WHERE id = $1");
    exec drop_review(id: i64) = ("DELETE FROM reviews WHERE id = $1");
    lock lock_authors(from: i64, into: i64) = ("SELECT id FROM authors WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE");
    exec drop_shared_credits(from: i64, into: i64) = ("DELETE FROM book_authors WHERE author_id = $1
            AND book_id IN (SELECT book_id FROM book_authors WHERE author_id = $2)");
    changed move_credits(from: i64, into: i64) = ("UPDATE book_authors SET author_id = $2 WHERE author_id = $1");
    exec drop_author(id: i64) = ("DELETE FROM authors WHERE id = $1");
}

pub(crate) async fn merge_books<D: Db>(
    db: &D,
    from: i64,
    into: i64,
    now: i64,
) -> StoreResult<MergeReport> {
    let both: &[&dyn Param] = &[&from, &into];
    // Both rows locked first: writers that recount a book lock it too, so
    // nothing lands on the merged-away book while it moves.
    lock_books(db, from, into).await?;
    let mut report = MergeReport {
        shelf_entries: count(db, sql!("SELECT count(*) FROM user_books WHERE book_id = $1"), from).await?,
        comments: count(
            db,
            sql!("SELECT count(*) FROM comments WHERE review_id IN (SELECT id FROM reviews WHERE book_id = $1)"),
            from,
        ).await?,
        ratings: count(db, sql!("SELECT count(*) FROM ratings WHERE book_id = $1"), from).await?,
        books: 1,
        ..MergeReport::default()
    };
    report.editions = move_editions(db, from, into).await? as i64;
    db.exec_each(&[
        sql!("INSERT INTO book_authors (book_id, author_id, position, role)
         SELECT CAST($2 AS BIGINT), author_id, position + 1000, role FROM book_authors WHERE book_id = $1
         ON CONFLICT DO NOTHING"),
        // A reader who rated both keeps the later rating.
        sql!("DELETE FROM ratings WHERE book_id = $1 AND EXISTS (SELECT 1 FROM ratings k
            WHERE k.book_id = $2 AND k.user_id = ratings.user_id AND k.updated_at >= ratings.updated_at)"),
        sql!("DELETE FROM ratings WHERE book_id = $2 AND user_id IN (SELECT user_id FROM ratings WHERE book_id = $1)"),
        sql!("UPDATE ratings SET book_id = $2 WHERE book_id = $1"),
    ], both).await?;
    // A reader with both on their shelves keeps one entry with what either said.
    fold_shelf_entries(db, from, into, now).await?;
    db.exec_each(&[
        sql!("DELETE FROM user_books WHERE book_id = $1 AND user_id IN (SELECT user_id FROM user_books WHERE book_id = $2)"),
        sql!("UPDATE user_books SET book_id = $2 WHERE book_id = $1"),
        sql!("INSERT INTO shelf_books (shelf_id, book_id, added_at)
         SELECT shelf_id, CAST($2 AS BIGINT), added_at FROM shelf_books WHERE book_id = $1
         ON CONFLICT DO NOTHING"),
    ], both).await?;
    super::lists::merge_list_books(db, from, into, now).await?;
    db.exec_each(
        &[
            sql!("UPDATE quotes SET book_id = $2 WHERE book_id = $1"),
            sql!("UPDATE reads SET book_id = $2 WHERE book_id = $1"),
            sql!("UPDATE activities SET book_id = $2 WHERE book_id = $1"),
            sql!("UPDATE reading_events SET book_id = $2 WHERE book_id = $1"),
        ],
        both,
    )
    .await?;

    // A reader who reviewed both keeps one review holding both texts and both threads.
    let pairs = reviews_of_both(db, from, into).await?;
    for (moved, kept) in &pairs {
        fold_review(db, *moved, *kept).await?;
    }
    report.reviews = pairs.len() as i64 + move_reviews(db, from, into).await? as i64;
    recount_kept_book(db, into, from).await?;
    db.exec_each(&[
        // The kept book's covers stay; covers only the merged-away book had come along, history and all.
        sql!("UPDATE covers SET book_id = $2 WHERE book_id = $1
            AND NOT EXISTS (SELECT 1 FROM covers WHERE book_id = $2)"),
        sql!("UPDATE books SET cover = (SELECT cover FROM books WHERE id = $1) WHERE id = $2 AND cover IS NULL"),
        sql!("UPDATE book_redirects SET book_id = $2 WHERE book_id = $1"),
        sql!("INSERT INTO book_redirects (old_id, book_id) VALUES ($1, $2)"),
    ], both).await?;
    drop_book(db, from).await?;
    Ok(report)
}

/// Folds review `moved` into `kept` (same reader, same book after a merge):
/// its text goes under the kept text, its comments after the kept thread's
/// (numbered on from there), its likes, flags and notifications along.
async fn fold_review<D: Db>(db: &D, moved: i64, kept: i64) -> StoreResult<()> {
    db.exec_each(&[
        sql!("UPDATE reviews SET
            body = reviews.body || '\n\n' || m.body,
            body_html = reviews.body_html || '<hr>' || m.body_html,
            spoiler = reviews.spoiler OR m.spoiler,
            recommended_for = coalesce(reviews.recommended_for, m.recommended_for),
            -- The two texts are shared as narrowly as the narrower of them was.
            visibility = CASE WHEN m.visibility = 'public' THEN reviews.visibility ELSE m.visibility END,
            created_at = CASE WHEN m.created_at < reviews.created_at THEN m.created_at ELSE reviews.created_at END
         FROM (SELECT * FROM reviews WHERE id = $1) AS m
         WHERE reviews.id = $2"),
        sql!("UPDATE comments SET review_id = $2,
            number = number + (SELECT comments_count FROM reviews WHERE id = $2)
         WHERE review_id = $1"),
        sql!("INSERT INTO review_likes (review_id, user_id, created_at)
         SELECT CAST($2 AS BIGINT), user_id, created_at FROM review_likes WHERE review_id = $1
         ON CONFLICT DO NOTHING"),
    ], &[&moved, &kept]).await?;
    recount_kept_review(db, kept).await?;
    db.exec_each(&[
        sql!("DELETE FROM flags WHERE target_kind = 'review' AND target_id = $1
            AND reporter_id IN (SELECT reporter_id FROM flags WHERE target_kind = 'review' AND target_id = $2)"),
        sql!("UPDATE flags SET target_id = $2 WHERE target_kind = 'review' AND target_id = $1"),
        sql!("UPDATE activities SET review_id = $2 WHERE review_id = $1"),
        sql!("UPDATE notifications SET review_id = $2 WHERE review_id = $1"),
        sql!("UPDATE review_redirects SET review_id = $2 WHERE review_id = $1"),
        sql!("INSERT INTO review_redirects (old_id, review_id) VALUES ($1, $2)"),
    ], &[&moved, &kept]).await?;
    drop_review(db, moved).await?;
    Ok(())
}

pub(crate) async fn merge_authors<D: Db>(db: &D, from: i64, into: i64) -> StoreResult<MergeReport> {
    let both: &[&dyn Param] = &[&from, &into];
    lock_authors(db, from, into).await?;
    drop_shared_credits(db, from, into).await?;
    let books = move_credits(db, from, into).await? as i64;
    db.exec_each(
        &[
            sql!("UPDATE author_aliases SET author_id = $2 WHERE author_id = $1"),
            sql!(
                "INSERT INTO author_aliases (name_key, name, author_id)
         SELECT name_key, name, CAST($2 AS BIGINT) FROM authors WHERE id = $1
         ON CONFLICT (name_key) DO UPDATE SET author_id = excluded.author_id"
            ),
            sql!("UPDATE author_redirects SET author_id = $2 WHERE author_id = $1"),
            sql!("INSERT INTO author_redirects (old_id, author_id) VALUES ($1, $2)"),
        ],
        both,
    )
    .await?;
    drop_author(db, from).await?;
    Ok(MergeReport {
        books,
        ..MergeReport::default()
    })
}

queries! {
    /// Reviews of book `from` whose reader reviewed `into` too: (from's, into's).
    all reviews_of_both(from: i64, into: i64) -> (i64, i64) = ("SELECT m.id, k.id FROM reviews m
        JOIN reviews k ON k.user_id = m.user_id AND k.book_id = $2 WHERE m.book_id = $1");
    pub(crate) all author_aliases(author_id: i64) -> String =
        ("SELECT name FROM author_aliases WHERE author_id = $1 ORDER BY name");
}

store! {
    lookup editions(book_id: i64) -> Vec<Edition>;
    lookup edition(id: i64) -> Option<Edition>;
    /// Fails with `Conflict` when an ISBN is catalogued already.
    write add_edition(new: &NewEdition) -> i64;
    /// Records which edition the reader read (None forgets it), shelving the
    /// book if it was not on their shelves.
    write set_reader_edition(user_id: i64, book_id: i64, edition_id: Option<i64>, now: i64) -> ();
    /// Moves everything of book `from` to book `into` and removes `from`,
    /// leaving a redirect. Both must exist and differ.
    write merge_books(from: i64, into: i64, now: i64) -> MergeReport;
    /// Files every book of author `from` under `into`, keeps `from`'s name as
    /// an alias of `into`, and removes `from`, leaving a redirect.
    write merge_authors(from: i64, into: i64) -> MergeReport;
    /// Other names an author is known by.
    lookup author_aliases(author_id: i64) -> Vec<String>;
    /// Where a merged-away book went.
    lookup book_redirect(old_id: i64) -> Option<i64>;
    lookup author_redirect(old_id: i64) -> Option<i64>;
    lookup review_redirect(old_id: i64) -> Option<i64>;
}
