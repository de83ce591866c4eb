-- The editions each reader held of a work, one row per edition: a reader who
-- shelved two editions of one work gets an export row for each, with what
-- their file said of that edition (`details`, a JSON object of its columns)
-- and the day they added it. The work is the edition's book, so a merge of
-- books carries these along with the editions.
CREATE TABLE reader_editions (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    edition_id BIGINT NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    details    TEXT,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, edition_id)
);
