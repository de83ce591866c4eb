-- Series, language and popularity for the catalogue, and the word index
-- search ranks from: (word, book, field), the same on every database.
ALTER TABLE books ADD COLUMN series TEXT;
ALTER TABLE books ADD COLUMN series_position TEXT;
ALTER TABLE books ADD COLUMN language TEXT;
ALTER TABLE books ADD COLUMN popularity BIGINT NOT NULL DEFAULT 0;

CREATE TABLE search_terms (
    term    TEXT   NOT NULL,
    book_id BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    field   BIGINT NOT NULL,
    PRIMARY KEY (term, book_id, field)
) WITHOUT ROWID;
CREATE INDEX search_terms_book ON search_terms (book_id);
