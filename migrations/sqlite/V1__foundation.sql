-- Accounts, catalogue, readers' relations to books, reviews, and the tables the
-- conversation under a review lives in. Times are unix seconds (UTC); ratings
-- are quarter stars so imported quarter ratings survive.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    is_moderator  BOOLEAN NOT NULL DEFAULT FALSE,
    suspended     BOOLEAN NOT NULL DEFAULT FALSE,
    bio           TEXT,
    created_at    BIGINT  NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT   NOT NULL UNIQUE,
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE authors (
    id         INTEGER PRIMARY KEY,
    name       TEXT   NOT NULL,
    name_key   TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE books (
    id             INTEGER PRIMARY KEY,
    title          TEXT   NOT NULL,
    isbn13         TEXT   CONSTRAINT books_isbn13_key UNIQUE,
    isbn10         TEXT   CONSTRAINT books_isbn10_key UNIQUE,
    pages          BIGINT,
    year           BIGINT,
    description    TEXT,
    ratings_count  BIGINT NOT NULL DEFAULT 0,
    ratings_sum    BIGINT NOT NULL DEFAULT 0,
    reviews_count  BIGINT NOT NULL DEFAULT 0,
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX books_title ON books (title);

CREATE TABLE book_authors (
    book_id   BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    position  BIGINT NOT NULL,
    role      TEXT   NOT NULL DEFAULT 'author',
    PRIMARY KEY (book_id, author_id)
);
CREATE INDEX book_authors_author ON book_authors (author_id);

CREATE TABLE ratings (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    book_id    BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    stars      BIGINT NOT NULL CHECK (stars BETWEEN 1 AND 20),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, book_id)
);
CREATE INDEX ratings_book ON ratings (book_id);

-- One row per reader and book on their shelves: the exclusive status, if any.
CREATE TABLE user_books (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    book_id    BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    status     TEXT,
    added_at   BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, book_id)
);
CREATE INDEX user_books_book ON user_books (book_id);
CREATE INDEX user_books_status ON user_books (user_id, status, added_at);

-- A reader's own shelves ("literature", "favourites").
CREATE TABLE shelves (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    slug       TEXT   NOT NULL,
    exclusive  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, slug)
);

CREATE TABLE shelf_books (
    shelf_id BIGINT NOT NULL REFERENCES shelves (id) ON DELETE CASCADE,
    book_id  BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (shelf_id, book_id)
);
CREATE INDEX shelf_books_book ON shelf_books (book_id);

-- Each reading of a book; re-reads add rows. Dates are YYYY-MM or YYYY-MM-DD.
CREATE TABLE reads (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    book_id    BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    started    TEXT,
    finished   TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX reads_user_book ON reads (user_id, book_id);

-- The reading progress timeline: status changes and page/percent updates.
CREATE TABLE reading_events (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    book_id    BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    status     TEXT,
    page       BIGINT,
    percent    BIGINT,
    note       TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX reading_events_user_book ON reading_events (user_id, book_id, created_at);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    book_id         BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    body            TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    spoiler         BOOLEAN NOT NULL DEFAULT FALSE,
    recommended_for TEXT,
    likes_count     BIGINT  NOT NULL DEFAULT 0,
    comments_count  BIGINT  NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    CONSTRAINT reviews_user_book_key UNIQUE (user_id, book_id)
);
CREATE INDEX reviews_book ON reviews (book_id, created_at);
CREATE INDEX reviews_created ON reviews (created_at);

CREATE TABLE review_likes (
    review_id  BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
CREATE INDEX review_likes_user ON review_likes (user_id);

-- The conversation under a review. `number` is the comment's place in the
-- thread, given once and never reused, so links to #message-N stay true.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    review_id  BIGINT  NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    number     BIGINT  NOT NULL,
    author_id  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    quote_of   BIGINT  REFERENCES comments (id) ON DELETE SET NULL,
    created_at BIGINT  NOT NULL,
    edited_at  BIGINT,
    deleted_at BIGINT,
    removed    BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT comments_review_number_key UNIQUE (review_id, number)
);
CREATE INDEX comments_author ON comments (author_id, created_at);

-- Which comment numbers of a thread a reader has been shown: a bitmap, bit n
-- for comment n, so "(N new)" needs one row per reader and thread.
CREATE TABLE thread_reads (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    review_id  BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    seen       BLOB   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, review_id)
);

CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    reporter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    target_kind TEXT   NOT NULL,
    target_id   BIGINT NOT NULL,
    reason      TEXT   NOT NULL,
    note        TEXT,
    state       TEXT   NOT NULL DEFAULT 'open',
    resolved_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    resolved_at BIGINT,
    created_at  BIGINT NOT NULL,
    CONSTRAINT flags_once_key UNIQUE (reporter_id, target_kind, target_id)
);
CREATE INDEX flags_state ON flags (state, created_at);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    actor_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    review_id  BIGINT REFERENCES reviews (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    read_at    BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
