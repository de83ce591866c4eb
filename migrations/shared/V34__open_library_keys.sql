-- Open Library's keys on the records made from its data, so a later lookup,
-- import or dump finds the book, edition or author it made before.
ALTER TABLE books ADD COLUMN ol_work_key TEXT;
CREATE UNIQUE INDEX books_ol_work_key ON books (ol_work_key) WHERE ol_work_key IS NOT NULL;
ALTER TABLE editions ADD COLUMN ol_edition_key TEXT;
CREATE UNIQUE INDEX editions_ol_edition_key ON editions (ol_edition_key) WHERE ol_edition_key IS NOT NULL;

-- Several Open Library authors may share one name, and so one Dogear author.
CREATE TABLE ol_authors (
    ol_key    TEXT   NOT NULL PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES authors (id) ON DELETE CASCADE
);
CREATE INDEX ol_authors_author ON ol_authors (author_id);

-- Subjects as Open Library files them, in its order.
CREATE TABLE book_subjects (
    book_id  BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    subject  TEXT   NOT NULL,
    PRIMARY KEY (book_id, position)
);

-- How far a dump file's import has gone: a run cut short starts again after
-- the last batch it committed.
CREATE TABLE dump_imports (
    name       TEXT   NOT NULL PRIMARY KEY,
    lines      BIGINT NOT NULL,
    finished   BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL
);

-- Covers looked for by the background job: when to try again, or that there is none.
CREATE TABLE cover_fetches (
    book_id  BIGINT  NOT NULL PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
    tries    BIGINT  NOT NULL,
    next_at  BIGINT  NOT NULL,
    gave_up  BOOLEAN NOT NULL DEFAULT FALSE,
    reason   TEXT
);
