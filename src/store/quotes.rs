//! Quotes readers keep from books, and their likes.

use super::db::Db;
use crate::store::{NewQuote, Quote, StoreResult};

/// Quotes matching `$filter` the viewer (`$2`) may see: their own, and those
/// of readers whose library is open to them, with no block between.
macro_rules! quote_list {
    ($filter:expr, $order:expr) => {
        concat!(
            "SELECT q.id, q.book_id, b.title, u.id, u.username, u.display_name, q.body, q.page, q.percent,
                    q.spoiler, q.likes_count,
                    EXISTS (SELECT 1 FROM quote_likes l WHERE l.quote_id = q.id AND l.user_id = $2), q.created_at
             FROM quotes q JOIN users u ON u.id = q.user_id JOIN books b ON b.id = q.book_id
             WHERE ",
            $filter,
            " AND (q.user_id = $2 OR u.visibility = 'public'
                  OR (u.visibility = 'friends'
                      AND EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $2 AND fr.friend_id = q.user_id)))
             AND NOT EXISTS (SELECT 1 FROM blocks k WHERE (k.blocker_id = $2 AND k.blocked_id = q.user_id)
                                                     OR (k.blocker_id = q.user_id AND k.blocked_id = $2))
             ORDER BY ",
            $order,
            " LIMIT $3"
        )
    };
}

queries! {
    pub(crate) value_or_default add_quote(q: &NewQuote) -> i64 = (
        "INSERT INTO quotes (user_id, book_id, body, page, percent, spoiler, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    ) with (q.user_id, q.book_id, q.body, q.page, q.percent, q.spoiler, q.now);
    exec add_like(quote_id: i64, user_id: i64, now: i64) = ("INSERT INTO quote_likes
        (quote_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
    exec drop_like(quote_id: i64, user_id: i64) =
        ("DELETE FROM quote_likes WHERE quote_id = $1 AND user_id = $2");
    lock lock_quote(id: i64) = ("SELECT 1 FROM quotes WHERE id = $1 FOR NO KEY UPDATE");
    exec count_likes(quote_id: i64) = ("UPDATE quotes
        SET likes_count = (SELECT count(*) FROM quote_likes WHERE quote_id = $1) WHERE id = $1");
}

queries! {
    /// The book's quotes, most liked first.
    pub(crate) all book_quotes(book_id: i64, viewer: Option<i64>, limit: i64) -> Quote = (quote_list!(
        "q.book_id = $1",
        "q.likes_count DESC, q.id DESC"
    )) with (book_id, viewer.unwrap_or(0), limit);
    /// The reader's quotes, newest first.
    pub(crate) all reader_quotes(user_id: i64, viewer: Option<i64>, limit: i64) -> Quote =
        (quote_list!("q.user_id = $1", "q.id DESC")) with (user_id, viewer.unwrap_or(0), limit);
    /// One quote, if the viewer may see it.
    pub(crate) one quote(id: i64, viewer: Option<i64>) -> Quote =
        (quote_list!("q.id = $1", "q.id")) with (id, viewer.unwrap_or(0), 1_i64);
}

pub(crate) async fn set_quote_like<D: Db>(
    db: &D,
    quote_id: i64,
    user_id: i64,
    liked: bool,
    now: i64,
) -> StoreResult<()> {
    if liked {
        add_like(db, quote_id, user_id, now).await?;
    } else {
        drop_like(db, quote_id, user_id).await?;
    }
    lock_quote(db, quote_id).await?;
    count_likes(db, quote_id).await
}

queries! {
    pub(crate) exec delete_quote(id: i64) = ("DELETE FROM quotes WHERE id = $1");
}

store! {
    write add_quote(new: &NewQuote) -> i64;
    /// The book's quotes the viewer may see, most liked first.
    lookup book_quotes(book_id: i64, viewer: Option<i64>, limit: i64) -> Vec<Quote>;
    /// The reader's quotes the viewer may see, newest first.
    lookup reader_quotes(user_id: i64, viewer: Option<i64>, limit: i64) -> Vec<Quote>;
    /// A quote, if the viewer may see it.
    lookup quote(id: i64, viewer: Option<i64>) -> Option<Quote>;
    write set_quote_like(quote_id: i64, user_id: i64, liked: bool, now: i64) -> ();
    write delete_quote(id: i64) -> ();
}
