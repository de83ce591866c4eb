//! Editions, merges of books and authors, and the redirects merges leave, in PostgreSQL.

use tokio_postgres::Row;

use super::Db;
use crate::store::{Edition, MergeReport, NewEdition, StoreError, StoreResult};

const EDITION_COLUMNS: &str =
    "e.id, e.book_id, e.isbn13, e.isbn10, e.publisher, e.year, e.pages, e.format, e.language,
     (SELECT count(*) FROM user_books ub WHERE ub.edition_id = e.id)";

fn edition_row(r: &Row) -> super::PgResult<Edition> {
    Ok(Edition {
        id: r.try_get(0)?,
        book_id: r.try_get(1)?,
        isbn13: r.try_get(2)?,
        isbn10: r.try_get(3)?,
        publisher: r.try_get(4)?,
        year: r.try_get(5)?,
        pages: r.try_get(6)?,
        format: r.try_get(7)?,
        language: r.try_get(8)?,
        readers: r.try_get(9)?,
    })
}

pub(super) async fn editions(db: &Db<'_>, book_id: i64) -> StoreResult<Vec<Edition>> {
    db.all(
        &format!(
            "SELECT {EDITION_COLUMNS} FROM editions e WHERE e.book_id = $1
             ORDER BY e.year IS NULL, e.year, e.id"
        ),
        &[&book_id],
        edition_row,
    )
    .await
}

pub(super) async fn edition(db: &Db<'_>, id: i64) -> StoreResult<Option<Edition>> {
    db.one(
        &format!("SELECT {EDITION_COLUMNS} FROM editions e WHERE e.id = $1"),
        &[&id],
        edition_row,
    )
    .await
}

pub(super) async fn add_edition(db: &Db<'_>, new: &NewEdition) -> StoreResult<i64> {
    db.value(
        "INSERT INTO editions (book_id, isbn13, isbn10, publisher, year, pages, format, language, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        &[&new.book_id, &new.isbn13, &new.isbn10, &new.publisher, &new.year, &new.pages, &new.format, &new.language, &new.created_by, &new.now],
    ).await?
    .ok_or(StoreError::MissingReference)
}

pub(super) async fn set_reader_edition(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    edition_id: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        "INSERT INTO user_books (user_id, book_id, edition_id, added_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (user_id, book_id) DO UPDATE SET edition_id = excluded.edition_id, updated_at = excluded.updated_at",
        &[&user_id, &book_id, &edition_id, &now],
    ).await?;
    Ok(())
}

pub(super) async fn redirect(
    db: &Db<'_>,
    table: Redirects,
    old_id: i64,
) -> StoreResult<Option<i64>> {
    let sql = match table {
        Redirects::Book => "SELECT book_id FROM book_redirects WHERE old_id = $1",
        Redirects::Author => "SELECT author_id FROM author_redirects WHERE old_id = $1",
        Redirects::Review => "SELECT review_id FROM review_redirects WHERE old_id = $1",
    };
    db.value(sql, &[&old_id]).await
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Redirects {
    Book,
    Author,
    Review,
}

async fn count(db: &Db<'_>, sql: &str, id: i64) -> StoreResult<i64> {
    Ok(db.value(sql, &[&id]).await?.unwrap_or_default())
}

pub(super) async fn merge_books(
    db: &Db<'_>,
    from: i64,
    into: i64,
    now: i64,
) -> StoreResult<MergeReport> {
    let mut report = MergeReport {
        shelf_entries: count(db, "SELECT count(*) FROM user_books WHERE book_id = $1", from).await?,
        comments: count(
            db,
            "SELECT count(*) FROM comments WHERE review_id IN (SELECT id FROM reviews WHERE book_id = $1)",
            from,
        ).await?,
        books: 1,
        ..MergeReport::default()
    };
    report.editions = db
        .exec(
            "UPDATE editions SET book_id = $2 WHERE book_id = $1",
            &[&from, &into],
        )
        .await? as i64;
    db.exec(
        "INSERT INTO book_authors (book_id, author_id, position, role)
         SELECT $2::BIGINT, author_id, position + 1000, role FROM book_authors WHERE book_id = $1
         ON CONFLICT DO NOTHING",
        &[&from, &into],
    )
    .await?;

    // A reader who rated both keeps the later rating.
    report.ratings = count(db, "SELECT count(*) FROM ratings WHERE book_id = $1", from).await?;
    db.exec(
        "DELETE FROM ratings WHERE book_id = $1 AND EXISTS (SELECT 1 FROM ratings k
            WHERE k.book_id = $2 AND k.user_id = ratings.user_id AND k.updated_at >= ratings.updated_at)",
        &[&from, &into],
    ).await?;
    db.exec(
        "DELETE FROM ratings WHERE book_id = $2 AND user_id IN (SELECT user_id FROM ratings WHERE book_id = $1)",
        &[&from, &into],
    ).await?;
    db.exec(
        "UPDATE ratings SET book_id = $2 WHERE book_id = $1",
        &[&from, &into],
    )
    .await?;

    // A reader with both on their shelves keeps one entry with what either said.
    db.exec(
        "UPDATE user_books SET
            status = coalesce(user_books.status, f.status),
            added_at = CASE WHEN f.added_at < user_books.added_at THEN f.added_at ELSE user_books.added_at END,
            edition_id = coalesce(user_books.edition_id, f.edition_id),
            private_notes = coalesce(user_books.private_notes, f.private_notes),
            owned_copies = coalesce(user_books.owned_copies, f.owned_copies),
            details = coalesce(user_books.details, f.details),
            updated_at = $3
         FROM (SELECT * FROM user_books WHERE book_id = $1) AS f
         WHERE user_books.book_id = $2 AND user_books.user_id = f.user_id",
        &[&from, &into, &now],
    ).await?;
    db.exec(
        "DELETE FROM user_books WHERE book_id = $1 AND user_id IN (SELECT user_id FROM user_books WHERE book_id = $2)",
        &[&from, &into],
    ).await?;
    db.exec(
        "UPDATE user_books SET book_id = $2 WHERE book_id = $1",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "INSERT INTO shelf_books (shelf_id, book_id, added_at)
         SELECT shelf_id, $2::BIGINT, added_at FROM shelf_books WHERE book_id = $1
         ON CONFLICT DO NOTHING",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "UPDATE reads SET book_id = $2 WHERE book_id = $1",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "UPDATE activities SET book_id = $2 WHERE book_id = $1",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "UPDATE reading_events SET book_id = $2 WHERE book_id = $1",
        &[&from, &into],
    )
    .await?;

    // A reader who reviewed both keeps one review holding both texts and both threads.
    let pairs: Vec<(i64, i64)> = db.all(
        "SELECT m.id, k.id FROM reviews m JOIN reviews k ON k.user_id = m.user_id AND k.book_id = $2
         WHERE m.book_id = $1",
        &[&from, &into],
        |r| Ok((r.try_get(0)?, r.try_get(1)?)),
    ).await?;
    for (moved, kept) in &pairs {
        fold_review(db, *moved, *kept).await?;
    }
    report.reviews = pairs.len() as i64
        + db.exec(
            "UPDATE reviews SET book_id = $2 WHERE book_id = $1",
            &[&from, &into],
        )
        .await? as i64;

    db.exec(
        "UPDATE books SET
            ratings_count = (SELECT count(*) FROM ratings WHERE book_id = $1),
            ratings_sum = (SELECT coalesce(sum(stars), 0) FROM ratings WHERE book_id = $1),
            reviews_count = (SELECT count(*) FROM reviews WHERE book_id = $1),
            popularity = popularity + (SELECT popularity FROM books WHERE id = $2)
         WHERE id = $1",
        &[&into, &from],
    )
    .await?;
    // The kept book's cover stays; a cover only the merged-away book had comes along.
    db.exec(
        "UPDATE cover_images SET book_id = $2 WHERE book_id = $1
            AND NOT EXISTS (SELECT 1 FROM cover_images WHERE book_id = $2)",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "UPDATE books SET cover = (SELECT cover FROM books WHERE id = $1)
         WHERE id = $2 AND cover IS NULL",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "UPDATE book_redirects SET book_id = $2 WHERE book_id = $1",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "INSERT INTO book_redirects (old_id, book_id) VALUES ($1, $2)",
        &[&from, &into],
    )
    .await?;
    db.exec("DELETE FROM books WHERE id = $1", &[&from]).await?;
    Ok(report)
}

/// Folds review `moved` into `kept` (same reader, same book after a merge):
/// its text goes under the kept text, its comments after the kept thread's
/// (numbered on from there), its likes, flags and notifications along.
async fn fold_review(db: &Db<'_>, moved: i64, kept: i64) -> StoreResult<()> {
    db.exec(
        "UPDATE reviews SET
            body = reviews.body || chr(10) || chr(10) || m.body,
            body_html = reviews.body_html || '<hr>' || m.body_html,
            spoiler = reviews.spoiler OR m.spoiler,
            recommended_for = coalesce(reviews.recommended_for, m.recommended_for),
            created_at = CASE WHEN m.created_at < reviews.created_at THEN m.created_at ELSE reviews.created_at END
         FROM (SELECT * FROM reviews WHERE id = $1) AS m
         WHERE reviews.id = $2",
        &[&moved, &kept],
    ).await?;
    db.exec(
        "UPDATE comments SET review_id = $2,
            number = number + (SELECT comments_count FROM reviews WHERE id = $2)
         WHERE review_id = $1",
        &[&moved, &kept],
    )
    .await?;
    db.exec(
        "INSERT INTO review_likes (review_id, user_id, created_at)
         SELECT $2::BIGINT, user_id, created_at FROM review_likes WHERE review_id = $1
         ON CONFLICT DO NOTHING",
        &[&moved, &kept],
    )
    .await?;
    db.exec(
        "UPDATE reviews SET
            comments_count = coalesce((SELECT max(number) FROM comments WHERE review_id = $1), 0),
            likes_count = (SELECT count(*) FROM review_likes WHERE review_id = $1)
         WHERE id = $1",
        &[&kept],
    )
    .await?;
    db.exec(
        "DELETE FROM flags WHERE target_kind = 'review' AND target_id = $1
            AND reporter_id IN (SELECT reporter_id FROM flags WHERE target_kind = 'review' AND target_id = $2)",
        &[&moved, &kept],
    ).await?;
    db.exec(
        "UPDATE flags SET target_id = $2 WHERE target_kind = 'review' AND target_id = $1",
        &[&moved, &kept],
    )
    .await?;
    db.exec(
        "UPDATE activities SET review_id = $2 WHERE review_id = $1",
        &[&moved, &kept],
    )
    .await?;
    db.exec(
        "UPDATE notifications SET review_id = $2 WHERE review_id = $1",
        &[&moved, &kept],
    )
    .await?;
    db.exec(
        "UPDATE review_redirects SET review_id = $2 WHERE review_id = $1",
        &[&moved, &kept],
    )
    .await?;
    db.exec(
        "INSERT INTO review_redirects (old_id, review_id) VALUES ($1, $2)",
        &[&moved, &kept],
    )
    .await?;
    db.exec("DELETE FROM reviews WHERE id = $1", &[&moved])
        .await?;
    Ok(())
}

pub(super) async fn merge_authors(db: &Db<'_>, from: i64, into: i64) -> StoreResult<MergeReport> {
    db.exec(
        "DELETE FROM book_authors WHERE author_id = $1
            AND book_id IN (SELECT book_id FROM book_authors WHERE author_id = $2)",
        &[&from, &into],
    )
    .await?;
    let books = db
        .exec(
            "UPDATE book_authors SET author_id = $2 WHERE author_id = $1",
            &[&from, &into],
        )
        .await? as i64;
    db.exec(
        "UPDATE author_aliases SET author_id = $2 WHERE author_id = $1",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "INSERT INTO author_aliases (name_key, name, author_id)
         SELECT name_key, name, $2::BIGINT FROM authors WHERE id = $1
         ON CONFLICT (name_key) DO UPDATE SET author_id = excluded.author_id",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "UPDATE author_redirects SET author_id = $2 WHERE author_id = $1",
        &[&from, &into],
    )
    .await?;
    db.exec(
        "INSERT INTO author_redirects (old_id, author_id) VALUES ($1, $2)",
        &[&from, &into],
    )
    .await?;
    db.exec("DELETE FROM authors WHERE id = $1", &[&from])
        .await?;
    Ok(MergeReport {
        books,
        ..MergeReport::default()
    })
}

pub(super) async fn author_aliases(db: &Db<'_>, author_id: i64) -> StoreResult<Vec<String>> {
    db.all(
        "SELECT name FROM author_aliases WHERE author_id = $1 ORDER BY name",
        &[&author_id],
        |r| r.try_get(0),
    )
    .await
}
