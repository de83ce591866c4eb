//! Editions, merges of books and authors, and the redirects merges leave,.

use super::Store;
use super::db::{Db, Param, Row};
use super::sql::Sql;
use crate::sql;
use crate::store::{Edition, MergeReport, NewEdition, StoreError, StoreResult};

macro_rules! edition_columns {
    () => {
        "e.id, e.book_id, e.isbn13, e.isbn10, e.publisher, e.year, e.pages, e.format, e.language,
     (SELECT count(*) FROM user_books ub WHERE ub.edition_id = e.id)"
    };
}

fn edition_row(r: &dyn Row) -> StoreResult<Edition> {
    Ok(Edition {
        id: r.get(0)?,
        book_id: r.get(1)?,
        isbn13: r.get(2)?,
        isbn10: r.get(3)?,
        publisher: r.get(4)?,
        year: r.get(5)?,
        pages: r.get(6)?,
        format: r.get(7)?,
        language: r.get(8)?,
        readers: r.get(9)?,
    })
}

queries! {
    pub(crate) all editions(book_id: i64) -> Edition, by edition_row = (concat!(
        "SELECT ",
        edition_columns!(),
        " FROM editions e WHERE e.book_id = $1 ORDER BY e.year IS NULL, e.year, e.id"
    ));
    pub(crate) one edition(id: i64) -> Edition, by edition_row =
        (concat!("SELECT ", edition_columns!(), " FROM editions e WHERE e.id = $1"));
}

pub(crate) async fn add_edition<D: Db>(db: &D, new: &NewEdition) -> StoreResult<i64> {
    db.value(
        sql!("INSERT INTO editions (book_id, isbn13, isbn10, publisher, year, pages, format, language, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"),
        &[&new.book_id, &new.isbn13, &new.isbn10, &new.publisher, &new.year, &new.pages, &new.format, &new.language, &new.created_by, &new.now],
    ).await?
    .ok_or(StoreError::MissingReference)
}

queries! {
    pub(crate) exec set_reader_edition(user_id: i64, book_id: i64, edition_id: Option<i64>, now: i64) = (
        "INSERT INTO user_books (user_id, book_id, edition_id, added_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (user_id, book_id) DO UPDATE SET edition_id = excluded.edition_id,
             updated_at = excluded.updated_at"
    );
}

pub(crate) async fn redirect<D: Db>(
    db: &D,
    table: Redirects,
    old_id: i64,
) -> StoreResult<Option<i64>> {
    let sql = match table {
        Redirects::Book => sql!("SELECT book_id FROM book_redirects WHERE old_id = $1"),
        Redirects::Author => sql!("SELECT author_id FROM author_redirects WHERE old_id = $1"),
        Redirects::Review => sql!("SELECT review_id FROM review_redirects WHERE old_id = $1"),
    };
    db.value(sql, &[&old_id]).await
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Redirects {
    Book,
    Author,
    Review,
}

async fn count<D: Db>(db: &D, sql: Sql, id: i64) -> StoreResult<i64> {
    Ok(db.value(sql, &[&id]).await?.unwrap_or_default())
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
    db.lock(
        sql!("SELECT id FROM books WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE"),
        both,
    )
    .await?;
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
    report.editions = db
        .exec(
            sql!("UPDATE editions SET book_id = $2 WHERE book_id = $1"),
            both,
        )
        .await? as i64;
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
    db.exec(
        sql!("UPDATE user_books SET
            status = coalesce(user_books.status, f.status),
            added_at = CASE WHEN f.added_at < user_books.added_at THEN f.added_at ELSE user_books.added_at END,
            edition_id = coalesce(user_books.edition_id, f.edition_id),
            private_notes = coalesce(user_books.private_notes, f.private_notes),
            owned_copies = coalesce(user_books.owned_copies, f.owned_copies),
            details = coalesce(user_books.details, f.details),
            updated_at = $3
         FROM (SELECT * FROM user_books WHERE book_id = $1) AS f
         WHERE user_books.book_id = $2 AND user_books.user_id = f.user_id"),
        &[&from, &into, &now],
    ).await?;
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
    let pairs: Vec<(i64, i64)> = db.all(
        sql!("SELECT m.id, k.id FROM reviews m JOIN reviews k ON k.user_id = m.user_id AND k.book_id = $2
         WHERE m.book_id = $1"),
        both,
        |r| Ok((r.get(0)?, r.get(1)?)),
    ).await?;
    for (moved, kept) in &pairs {
        fold_review(db, *moved, *kept).await?;
    }
    report.reviews = pairs.len() as i64
        + db.exec(
            sql!("UPDATE reviews SET book_id = $2 WHERE book_id = $1"),
            both,
        )
        .await? as i64;
    db.exec(
        sql!(
            "UPDATE books SET
            ratings_count = (SELECT count(*) FROM ratings WHERE book_id = $1),
            ratings_sum = (SELECT coalesce(sum(stars), 0) FROM ratings WHERE book_id = $1),
            reviews_count = (SELECT count(*) FROM reviews WHERE book_id = $1),
            popularity = popularity + (SELECT popularity FROM books WHERE id = $2)
         WHERE id = $1"
        ),
        &[&into, &from],
    )
    .await?;
    db.exec_each(&[
        // The kept book's covers stay; covers only the merged-away book had come along, history and all.
        sql!("UPDATE covers SET book_id = $2 WHERE book_id = $1
            AND NOT EXISTS (SELECT 1 FROM covers WHERE book_id = $2)"),
        sql!("UPDATE books SET cover = (SELECT cover FROM books WHERE id = $1) WHERE id = $2 AND cover IS NULL"),
        sql!("UPDATE book_redirects SET book_id = $2 WHERE book_id = $1"),
        sql!("INSERT INTO book_redirects (old_id, book_id) VALUES ($1, $2)"),
    ], both).await?;
    db.exec(sql!("DELETE FROM books WHERE id = $1"), &[&from])
        .await?;
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
    db.exec(
        sql!(
            "UPDATE reviews SET
            comments_count = coalesce((SELECT max(number) FROM comments WHERE review_id = $1), 0),
            likes_count = (SELECT count(*) FROM review_likes WHERE review_id = $1)
         WHERE id = $1"
        ),
        &[&kept],
    )
    .await?;
    db.exec_each(&[
        sql!("DELETE FROM flags WHERE target_kind = 'review' AND target_id = $1
            AND reporter_id IN (SELECT reporter_id FROM flags WHERE target_kind = 'review' AND target_id = $2)"),
        sql!("UPDATE flags SET target_id = $2 WHERE target_kind = 'review' AND target_id = $1"),
        sql!("UPDATE activities SET review_id = $2 WHERE review_id = $1"),
        sql!("UPDATE notifications SET review_id = $2 WHERE review_id = $1"),
        sql!("UPDATE review_redirects SET review_id = $2 WHERE review_id = $1"),
        sql!("INSERT INTO review_redirects (old_id, review_id) VALUES ($1, $2)"),
    ], &[&moved, &kept]).await?;
    db.exec(sql!("DELETE FROM reviews WHERE id = $1"), &[&moved])
        .await?;
    Ok(())
}

pub(crate) async fn merge_authors<D: Db>(db: &D, from: i64, into: i64) -> StoreResult<MergeReport> {
    let both: &[&dyn Param] = &[&from, &into];
    db.lock(
        sql!("SELECT id FROM authors WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE"),
        both,
    )
    .await?;
    db.exec(
        sql!(
            "DELETE FROM book_authors WHERE author_id = $1
            AND book_id IN (SELECT book_id FROM book_authors WHERE author_id = $2)"
        ),
        both,
    )
    .await?;
    let books = db
        .exec(
            sql!("UPDATE book_authors SET author_id = $2 WHERE author_id = $1"),
            both,
        )
        .await? as i64;
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
    db.exec(sql!("DELETE FROM authors WHERE id = $1"), &[&from])
        .await?;
    Ok(MergeReport {
        books,
        ..MergeReport::default()
    })
}

queries! {
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
}

impl Store {
    /// Where a merged-away book, author or review went.
    pub async fn book_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        lookup!(self, |db| redirect(db, Redirects::Book, old_id))
    }

    pub async fn author_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        lookup!(self, |db| redirect(db, Redirects::Author, old_id))
    }

    pub async fn review_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        lookup!(self, |db| redirect(db, Redirects::Review, old_id))
    }
}
