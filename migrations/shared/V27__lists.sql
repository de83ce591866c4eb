-- Readers' lists of books (Listopia): anyone may make one; who else may add
-- to it is its mode. `title_key` is the title folded as search folds words.
CREATE TABLE lists (
    id             {{id}},
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title          TEXT   NOT NULL,
    title_key      TEXT   NOT NULL,
    description    TEXT   NOT NULL DEFAULT '',
    mode           TEXT   NOT NULL DEFAULT 'open',
    books_count    BIGINT NOT NULL DEFAULT 0,
    votes_count    BIGINT NOT NULL DEFAULT 0,
    -- The list's thread: its counter hands out comment numbers.
    comments_count BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CONSTRAINT lists_mode_check CHECK (mode IN ('open', 'curated', 'closed'))
);
CREATE INDEX lists_user ON lists (user_id, id);
CREATE INDEX lists_popular ON lists (votes_count, id);

-- A book on a list. Its rank is its votes, most first, then the order books
-- came (`id`); a suggestion to a curated list waits `pending` for the owner.
CREATE TABLE list_books (
    id         {{id}},
    list_id    BIGINT  NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    book_id    BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    added_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    note       TEXT    NOT NULL DEFAULT '',
    votes      BIGINT  NOT NULL DEFAULT 0,
    pending    BOOLEAN NOT NULL DEFAULT FALSE,
    added_at   BIGINT  NOT NULL,
    CONSTRAINT list_books_once_key UNIQUE (list_id, book_id)
);
-- The list page reads its ranks straight off this index, a page at a time.
CREATE INDEX list_books_rank ON list_books (list_id, pending, votes DESC, id);
-- Its feed reads the newest additions.
CREATE INDEX list_books_newest ON list_books (list_id, pending, id);
CREATE INDEX list_books_book ON list_books (book_id, list_id);

-- One vote per reader per book per list.
CREATE TABLE list_votes (
    entry_id   BIGINT NOT NULL REFERENCES list_books (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (entry_id, user_id)
);
CREATE INDEX list_votes_user ON list_votes (user_id);

-- A numbered thread hangs under a review or under a list, never both: one
-- conversation engine for both. SQLite changes a column's constraints only by
-- building the table anew (its migrations run with foreign keys off, so the
-- rows that refer to comments stay); PostgreSQL alters it in place.
{{sqlite:
CREATE TABLE comments_owned (
    id         INTEGER PRIMARY KEY,
    review_id  BIGINT  REFERENCES reviews (id) ON DELETE CASCADE,
    list_id    BIGINT  REFERENCES lists (id) ON DELETE CASCADE,
    number     BIGINT  NOT NULL,
    author_id  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    quote_of   BIGINT  REFERENCES comments (id) ON DELETE SET NULL,
    created_at BIGINT  NOT NULL,
    edited_at  BIGINT,
    deleted_at BIGINT,
    removed    BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT comments_review_number_key UNIQUE (review_id, number),
    CONSTRAINT comments_list_number_key UNIQUE (list_id, number),
    CONSTRAINT comments_one_owner CHECK ((review_id IS NULL) <> (list_id IS NULL))
);
INSERT INTO comments_owned (id, review_id, number, author_id, body, body_html, quote_of, created_at, edited_at, deleted_at, removed)
    SELECT id, review_id, number, author_id, body, body_html, quote_of, created_at, edited_at, deleted_at, removed FROM comments;
DROP TABLE comments;
ALTER TABLE comments_owned RENAME TO comments;
CREATE INDEX comments_author ON comments (author_id, created_at);
}}
{{postgres:
ALTER TABLE comments ALTER COLUMN review_id DROP NOT NULL;
ALTER TABLE comments ADD COLUMN list_id BIGINT REFERENCES lists (id) ON DELETE CASCADE;
ALTER TABLE comments ADD CONSTRAINT comments_list_number_key UNIQUE (list_id, number);
ALTER TABLE comments ADD CONSTRAINT comments_one_owner CHECK ((review_id IS NULL) <> (list_id IS NULL));
}}

-- Which numbers of a thread a reader has been shown, for either owner.
CREATE TABLE thread_marks (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    review_id  BIGINT REFERENCES reviews (id) ON DELETE CASCADE,
    list_id    BIGINT REFERENCES lists (id) ON DELETE CASCADE,
    seen       {{blob}} NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT thread_marks_review_key UNIQUE (user_id, review_id),
    CONSTRAINT thread_marks_list_key UNIQUE (user_id, list_id),
    CONSTRAINT thread_marks_one_owner CHECK ((review_id IS NULL) <> (list_id IS NULL))
);
INSERT INTO thread_marks (user_id, review_id, seen, updated_at)
    SELECT user_id, review_id, seen, updated_at FROM thread_reads;
DROP TABLE thread_reads;
