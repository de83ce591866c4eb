-- The genres a book's subjects name (see domain::subject_genres), so a genre's
-- page finds the books no reader has shelved under it yet.
CREATE TABLE book_genres (
    genre   TEXT   NOT NULL,
    book_id BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    PRIMARY KEY (genre, book_id)
) {{without_rowid}};
CREATE INDEX book_genres_book ON book_genres (book_id);

-- Books whose subjects came before genres were filed from them: the store
-- files them when it opens, a batch at a time, and takes each off this list.
CREATE TABLE genres_to_file (
    book_id BIGINT NOT NULL PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE
);
INSERT INTO genres_to_file (book_id) SELECT DISTINCT book_id FROM book_subjects;
