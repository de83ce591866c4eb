-- Passages readers keep from books, and who liked them.
CREATE TABLE quotes (
    id          {{id}},
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    book_id     BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    body        TEXT    NOT NULL,
    page        BIGINT,
    percent     BIGINT,
    spoiler     BOOLEAN NOT NULL DEFAULT FALSE,
    likes_count BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX quotes_book ON quotes (book_id, likes_count);
CREATE INDEX quotes_user ON quotes (user_id, id);

CREATE TABLE quote_likes (
    quote_id   BIGINT NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (quote_id, user_id)
);
CREATE INDEX quote_likes_user ON quote_likes (user_id);
