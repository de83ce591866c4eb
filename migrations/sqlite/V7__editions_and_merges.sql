-- A book is the work as written; its editions are what a reader holds. Every
-- ISBN lives on an edition (books.isbn13/isbn10 name the first one catalogued).
CREATE TABLE editions (
    id         INTEGER PRIMARY KEY,
    book_id    BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    isbn13     TEXT   CONSTRAINT editions_isbn13_key UNIQUE,
    isbn10     TEXT   CONSTRAINT editions_isbn10_key UNIQUE,
    publisher  TEXT,
    year       BIGINT,
    pages      BIGINT,
    format     TEXT,
    language   TEXT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX editions_book ON editions (book_id);
INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_at)
    SELECT id, isbn13, isbn10, year, pages, language, created_at FROM books
    WHERE isbn13 IS NOT NULL OR isbn10 IS NOT NULL;

-- Which edition the reader read, when they said.
ALTER TABLE user_books ADD COLUMN edition_id BIGINT REFERENCES editions (id) ON DELETE SET NULL;

-- Merged-away ids keep answering, with a redirect to where their content went.
CREATE TABLE book_redirects (
    old_id  BIGINT PRIMARY KEY,
    book_id BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE
);
CREATE TABLE author_redirects (
    old_id    BIGINT PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES authors (id) ON DELETE CASCADE
);
CREATE TABLE review_redirects (
    old_id    BIGINT PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE
);

-- Other spellings of an author's name ("Leo Tolstoy" for "Lev Tolstoy"):
-- a book naming one is filed under the author.
CREATE TABLE author_aliases (
    name_key  TEXT   PRIMARY KEY,
    name      TEXT   NOT NULL,
    author_id BIGINT NOT NULL REFERENCES authors (id) ON DELETE CASCADE
);
CREATE INDEX author_aliases_author ON author_aliases (author_id);
