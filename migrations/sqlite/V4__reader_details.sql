-- What imports carry besides ratings and shelves: private notes, owned
-- copies, and the rest of a row (moods, pace, content warnings, ids) as JSON,
-- so nothing a reader kept elsewhere is lost.
ALTER TABLE user_books ADD COLUMN private_notes TEXT;
ALTER TABLE user_books ADD COLUMN owned_copies BIGINT;
ALTER TABLE user_books ADD COLUMN details TEXT;
