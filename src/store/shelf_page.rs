//! One page of a reader's shelf, sorted and filtered in SQL: the shelf page's
//! rows in one statement, its total in another, their authors in a third.
//!
//! Every order is its own statement text (a shelf kind times a column times
//! a direction), so each is prepared once and the planner sees a plain
//! `ORDER BY ... LIMIT`; no sort key is ever spliced in at run time.

use super::catalogue::{attach_authors, book_columns};
use super::db::{Db, Param};
use super::methods::Record;
use super::queries::FromRow;
use super::shelves::STATUSES;
use super::sql::Sql;
use crate::domain::shelf_view::{ShelfSort, SortDir};
use crate::sql;
use crate::store::{ShelfLine, ShelfPick, ShelfSlice, StoreResult};

impl Record for ShelfPick {}

/// Which books a shelf holds, by `$1` (the reader) and `$2` (the slug).
macro_rules! all_books {
    () => {
        "AND CAST($2 AS TEXT) IS NOT NULL"
    };
}
macro_rules! on_status {
    () => {
        "AND ub.status = $2"
    };
}
// Exclusive shelves of the reader's own hold their books as a status.
macro_rules! on_own_shelf {
    () => {
        "AND (ub.status = $2 OR ub.book_id IN (SELECT sb.book_id FROM shelf_books sb
             JOIN shelves s ON s.id = sb.shelf_id WHERE s.user_id = $1 AND s.slug = $2))"
    };
}

/// `$3`, when not null, is a lower-cased `LIKE` pattern the title or one of
/// the authors' names must match.
macro_rules! matching {
    () => {
        " AND (CAST($3 AS TEXT) IS NULL OR lower(b.title) LIKE $3 ESCAPE '\\'
           OR EXISTS (SELECT 1 FROM book_authors fa JOIN authors f ON f.id = fa.author_id
                      WHERE fa.book_id = b.id AND lower(f.name) LIKE $3 ESCAPE '\\'))"
    };
}

/// The first-billed author's name, for sorting by author.
macro_rules! first_author {
    () => {
        "(SELECT lower(a.name) FROM book_authors ba JOIN authors a ON a.id = ba.author_id
          WHERE ba.book_id = b.id ORDER BY ba.position LIMIT 1)"
    };
}

/// When the reader last finished the book (dates are ISO text, so the
/// greatest is the latest), from `last_reads` below.
macro_rules! finished {
    () => {
        "rd.finished"
    };
}

// Grouped once for the reader rather than looked up per row: SQLite answers a
// correlated `max(finished)` from `reads_user_finished`, walking all of the
// reader's reads for every book (140 ms for 2,000 books, against 4 ms).
macro_rules! last_reads {
    () => {
        " LEFT JOIN (SELECT book_id, max(finished) AS finished FROM reads
                     WHERE user_id = $1 GROUP BY book_id) rd ON rd.book_id = ub.book_id"
    };
}

macro_rules! average {
    () => {
        "(b.ratings_sum * 1.0 / NULLIF(b.ratings_count, 0))"
    };
}

macro_rules! page_sql {
    ($shelf:expr, $order:expr) => {
        sql!(concat!(
            "SELECT ",
            book_columns!(),
            ", r.stars, ub.status, ub.added_at, ",
            finished!(),
            " FROM user_books ub
             JOIN books b ON b.id = ub.book_id
             LEFT JOIN ratings r ON r.user_id = ub.user_id AND r.book_id = ub.book_id",
            last_reads!(),
            " WHERE ub.user_id = $1 ",
            $shelf,
            matching!(),
            " ORDER BY ",
            $order,
            " LIMIT $4 OFFSET $5"
        ))
    };
}

/// The statement for a shelf kind in each order. Books without the sort's
/// value (unrated, never finished) come last either way; ties fall back to
/// a fixed order so pages never overlap.
macro_rules! ordered {
    ($shelf:expr, $sort:expr, $dir:expr) => {
        match ($sort, $dir) {
            (ShelfSort::Title, SortDir::Asc) => page_sql!($shelf, "lower(b.title) ASC, b.id ASC"),
            (ShelfSort::Title, SortDir::Desc) => {
                page_sql!($shelf, "lower(b.title) DESC, b.id DESC")
            }
            (ShelfSort::Author, SortDir::Asc) => page_sql!(
                $shelf,
                concat!(
                    first_author!(),
                    " ASC NULLS LAST, lower(b.title) ASC, b.id ASC"
                )
            ),
            (ShelfSort::Author, SortDir::Desc) => page_sql!(
                $shelf,
                concat!(
                    first_author!(),
                    " DESC NULLS LAST, lower(b.title) ASC, b.id ASC"
                )
            ),
            (ShelfSort::Rating, SortDir::Asc) => page_sql!(
                $shelf,
                "r.stars ASC NULLS LAST, ub.added_at DESC, b.id DESC"
            ),
            (ShelfSort::Rating, SortDir::Desc) => page_sql!(
                $shelf,
                "r.stars DESC NULLS LAST, ub.added_at DESC, b.id DESC"
            ),
            (ShelfSort::Average, SortDir::Asc) => page_sql!(
                $shelf,
                concat!(
                    average!(),
                    " ASC NULLS LAST, b.ratings_count DESC, b.id DESC"
                )
            ),
            (ShelfSort::Average, SortDir::Desc) => page_sql!(
                $shelf,
                concat!(
                    average!(),
                    " DESC NULLS LAST, b.ratings_count DESC, b.id DESC"
                )
            ),
            (ShelfSort::Read, SortDir::Asc) => page_sql!(
                $shelf,
                concat!(finished!(), " ASC NULLS LAST, ub.added_at DESC, b.id DESC")
            ),
            (ShelfSort::Read, SortDir::Desc) => page_sql!(
                $shelf,
                concat!(finished!(), " DESC NULLS LAST, ub.added_at DESC, b.id DESC")
            ),
            (ShelfSort::Added, SortDir::Asc) => page_sql!($shelf, "ub.added_at ASC, b.id ASC"),
            (ShelfSort::Added, SortDir::Desc) => {
                page_sql!($shelf, "ub.added_at DESC, b.id DESC")
            }
        }
    };
}

macro_rules! count_sql {
    ($shelf:expr) => {
        sql!(concat!(
            "SELECT count(*) FROM user_books ub JOIN books b ON b.id = ub.book_id
             WHERE ub.user_id = $1 ",
            $shelf,
            matching!()
        ))
    };
}

/// The page and count statements for this shelf: "all", a status, or one of
/// the reader's own.
fn statements(slug: &str, pick: &ShelfPick) -> (Sql, Sql) {
    let (sort, dir) = (pick.order.sort, pick.order.dir);
    if slug == "all" {
        (ordered!(all_books!(), sort, dir), count_sql!(all_books!()))
    } else if STATUSES.contains(&slug) {
        (ordered!(on_status!(), sort, dir), count_sql!(on_status!()))
    } else {
        (
            ordered!(on_own_shelf!(), sort, dir),
            count_sql!(on_own_shelf!()),
        )
    }
}

queries! {
    value on_shelves(user_id: i64) -> i64 = ("SELECT count(*) FROM user_books WHERE user_id = $1");
}

pub(crate) async fn shelf_page<D: Db>(
    db: &D,
    user_id: i64,
    slug: &str,
    pick: &ShelfPick,
) -> StoreResult<ShelfSlice> {
    let (page, count) = statements(slug, pick);
    let pattern = pick.pattern.as_deref();
    let page_params: &[&dyn Param] = &[&user_id, &slug, &pattern, &pick.limit, &pick.offset];
    let count_params: &[&dyn Param] = &[&user_id, &slug, &pattern];
    // Independent: sent together on PostgreSQL.
    let (mut lines, total, all_books) = tokio::try_join!(
        db.all::<ShelfLine>(page, page_params, FromRow::from_row),
        db.value::<i64>(count, count_params),
        on_shelves(db, user_id),
    )?;
    attach_authors(db, lines.iter_mut().map(|l| &mut l.entry.book)).await?;
    Ok(ShelfSlice {
        lines,
        total: total.unwrap_or_default(),
        all_books: all_books.unwrap_or_default(),
    })
}

store! {
    /// A page of a reader's shelf ("all", a status or one of their own) in
    /// the asked order, with the number of books matching and on any shelf.
    read shelf_page(user_id: i64, slug: &str, pick: &ShelfPick) -> ShelfSlice;
}
