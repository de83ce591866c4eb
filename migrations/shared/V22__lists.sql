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
