-- "Readers who liked this also liked": each book's closest books, worked out
-- by a background job from what readers liked together, never per request.
CREATE TABLE book_neighbours (
    book_id  BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    other_id BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    -- Closeness in millionths (see domain::recommend).
    score    BIGINT NOT NULL,
    -- Readers who liked both.
    together BIGINT NOT NULL,
    PRIMARY KEY (book_id, other_id)
);
CREATE INDEX book_neighbours_closest ON book_neighbours (book_id, score);

-- One row: when a node last took the job, and the ratings it saw then, so the
-- job runs again only when ratings changed.
CREATE TABLE neighbours_state (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    claimed_at  BIGINT NOT NULL,
    ratings_seen TEXT NOT NULL
);
INSERT INTO neighbours_state (id, claimed_at, ratings_seen) VALUES (1, 0, '');
