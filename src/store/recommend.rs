//! Book neighbours: what the recommendation job reads and writes, and what
//! the book page and home read back. Only readers whose library is public are
//! counted, as for genres: a neighbour must not tell on a private reader.

use super::db::Db;
use super::sql::Dialect;
use crate::domain::recommend::{LIKED_FROM, Neighbour, PICKS_FROM};
use crate::store::StoreResult;

queries! {
    /// Every like that counts, as (reader, book), each reader's newest first.
    pub(crate) all liked_pairs() -> (i64, i64) = ("SELECT r.user_id, r.book_id FROM ratings r
        JOIN users u ON u.id = r.user_id AND u.visibility = 'public' AND NOT u.suspended
        WHERE r.stars >= $1 ORDER BY r.user_id, r.updated_at DESC, r.book_id") with (LIKED_FROM);
    one likes_now() -> (i64, i64, i64) = ("SELECT count(*), coalesce(max(updated_at), 0),
        (SELECT count(*) FROM users WHERE visibility = 'public' AND NOT suspended AND NOT remote) FROM ratings");
    exec clear_neighbours() = ("DELETE FROM book_neighbours");
    exec insert_neighbour(n: &Neighbour) = ("INSERT INTO book_neighbours (book_id, other_id, score, together)
        SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM books WHERE id = $1)
        AND EXISTS (SELECT 1 FROM books WHERE id = $2)") with (n.book, n.other, n.score, n.together);
    exec insert_neighbours(books: &[i64], others: &[i64], scores: &[i64], together: &[i64]) = (
        "INSERT INTO book_neighbours (book_id, other_id, score, together)
         SELECT a, b, s, t FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS BIGINT[]),
                                       CAST($3 AS BIGINT[]), CAST($4 AS BIGINT[])) AS x(a, b, s, t)
         WHERE EXISTS (SELECT 1 FROM books WHERE id = a) AND EXISTS (SELECT 1 FROM books WHERE id = b)"
    );
    exec store_seen(seen: &str) = ("UPDATE neighbours_state SET ratings_seen = $1 WHERE id = 1");
    /// The neighbours of the reader's latest likes, as (liked book, neighbour,
    /// score), leaving out books the reader has rated or shelved.
    pub(crate) all near_liked(user_id: i64) -> (i64, i64, i64) = ("SELECT n.book_id, n.other_id, n.score
        FROM (SELECT book_id FROM ratings WHERE user_id = $1 AND stars >= $2
              ORDER BY updated_at DESC, book_id LIMIT $3) liked
        JOIN book_neighbours n ON n.book_id = liked.book_id
        WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.user_id = $1 AND r.book_id = n.other_id)
          AND NOT EXISTS (SELECT 1 FROM user_books ub WHERE ub.user_id = $1 AND ub.book_id = n.other_id)")
        with (user_id, LIKED_FROM, PICKS_FROM as i64);
}

/// What the likes look like now: the job runs again only when this changes.
pub(crate) async fn ratings_signature<D: Db>(db: &D) -> StoreResult<String> {
    let (count, latest, public) = likes_now(db).await?.unwrap_or_default();
    Ok(format!("{count}:{latest}:{public}"))
}

queries! {
    /// Takes the job if no node took it since `since`; the ratings it saw last time.
    pub(crate) value claim_neighbours(now: i64, since: i64) -> String = (
        "UPDATE neighbours_state SET claimed_at = $1 WHERE id = 1 AND claimed_at <= $2
          RETURNING ratings_seen"
    );
    /// The book's closest books: (book, readers who liked both), closest first.
    pub(crate) all book_neighbours(book_id: i64, limit: i64) -> (i64, i64) = (
        "SELECT other_id, together FROM book_neighbours WHERE book_id = $1
          ORDER BY score DESC, other_id LIMIT $2"
    );
}

/// Puts `rows` in place of every book's neighbours, as worked out from `seen`.
pub(crate) async fn replace_neighbours<D: Db>(
    db: &D,
    rows: &[Neighbour],
    seen: &str,
) -> StoreResult<()> {
    clear_neighbours(db).await?;
    // The bulk insert differs: SQLite runs in-process, where one cached
    // statement a row beats joining lists by position; PostgreSQL takes lists
    // (see `db::List`), a round trip per 5,000 rows. Books merged away since
    // the likes were read are left out.
    if db.dialect() == Dialect::Sqlite {
        for n in rows {
            insert_neighbour(db, n).await?;
        }
    } else {
        for chunk in rows.chunks(5_000) {
            let column = |f: fn(&Neighbour) -> i64| chunk.iter().map(f).collect::<Vec<i64>>();
            let (books, others) = (column(|n| n.book), column(|n| n.other));
            let (scores, together) = (column(|n| n.score), column(|n| n.together));
            insert_neighbours(db, &books, &others, &scores, &together).await?;
        }
    }
    store_seen(db, seen).await
}

queries! {
    /// Every rating on the site, as (reader, book, quarter stars, when), for the
    /// offline measure.
    pub(crate) all all_ratings() -> (i64, i64, i64, i64) = (
        "SELECT r.user_id, r.book_id, r.stars, r.updated_at FROM ratings r
          JOIN users u ON u.id = r.user_id AND u.visibility = 'public' AND NOT u.suspended"
    );
}

store! {
    /// Every counted like, (reader, book), each reader's newest first.
    read liked_pairs() -> Vec<(i64, i64)>;
    read ratings_signature() -> String;
    /// Takes the neighbours job unless a node took it after `since`; what it saw last.
    write claim_neighbours(now: i64, since: i64) -> Option<String>;
    write replace_neighbours(rows: &[Neighbour], seen: &str) -> ();
    /// The book's closest books, (book, readers who liked both).
    lookup book_neighbours(book_id: i64, limit: i64) -> Vec<(i64, i64)>;
    /// (liked book, neighbour, score) for the reader's latest likes, unshelved neighbours only.
    lookup near_liked(user_id: i64) -> Vec<(i64, i64, i64)>;
    read all_ratings() -> Vec<(i64, i64, i64, i64)>;
}
