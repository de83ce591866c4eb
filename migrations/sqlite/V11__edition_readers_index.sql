-- "N readers" beside each edition counts shelf entries by edition.
CREATE INDEX user_books_edition ON user_books (edition_id);
