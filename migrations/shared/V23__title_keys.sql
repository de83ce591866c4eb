-- A book's title folded for matching (case, accents and punctuation dropped),
-- so "Ensayo Sobre La Ceguera" finds "Ensayo sobre la ceguera" on import.
-- Books from before it get theirs when the store opens (see catalogue.rs).
ALTER TABLE books ADD COLUMN title_key TEXT;
CREATE INDEX books_title_key ON books (title_key);
