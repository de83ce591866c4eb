-- A reader's goal for a year: books, and optionally pages.
CREATE TABLE reading_goals (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    year       BIGINT NOT NULL,
    books      BIGINT NOT NULL,
    pages      BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, year)
);
-- Finished readings by reader, for goals and years in books.
CREATE INDEX reads_user_finished ON reads (user_id, finished);
