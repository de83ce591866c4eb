-- A reader's stats and years are kept until their library changes; the
-- latest change to their ratings and shelved books is read from these
-- indexes with one probe each instead of visiting every row.
CREATE INDEX ratings_user_updated ON ratings (user_id, updated_at);
CREATE INDEX user_books_user_updated ON user_books (user_id, updated_at);
