//! Readers' shelves counted across the site, for genres. Only readers whose
//! library is public are counted: a small count must not tell on a private one.

queries! {
    /// How many readers put the book on each shelf name.
    pub(crate) all book_shelf_counts(book_id: i64) -> (String, i64) = (
        "SELECT s.slug, count(*) FROM shelf_books sb
         JOIN shelves s ON s.id = sb.shelf_id JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
         WHERE sb.book_id = $1 GROUP BY s.slug"
    );
    /// The books most shelved under these shelf names: (book, readers), most first.
    pub(crate) all most_shelved(slugs: &[String], limit: i64, offset: i64) -> (i64, i64) = (
        sqlite: "SELECT sb.book_id, count(*) AS n FROM shelves s
             JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
             JOIN shelf_books sb ON sb.shelf_id = s.id
             WHERE s.slug IN (SELECT value FROM json_each($1))
             GROUP BY sb.book_id ORDER BY n DESC, sb.book_id LIMIT $2 OFFSET $3",
        postgres: "SELECT sb.book_id, count(*) AS n FROM shelves s
             JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
             JOIN shelf_books sb ON sb.shelf_id = s.id
             WHERE s.slug = ANY($1)
             GROUP BY sb.book_id ORDER BY n DESC, sb.book_id LIMIT $2 OFFSET $3",
    );
}

store! {
    /// Public readers' shelf names for the book, with how many used each.
    lookup book_shelf_counts(book_id: i64) -> Vec<(String, i64)>;
    /// The books most shelved under the names: (book, readers).
    read most_shelved(slugs: &[String], limit: i64, offset: i64) -> Vec<(i64, i64)>;
}
