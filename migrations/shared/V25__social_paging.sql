-- The feed runs in activity time (newest first, the id breaking ties), not
-- in id order: activity written with an earlier time (a demo, a fill) sat on
-- the wrong page. One index walks everyone's activity for a wide circle, the
-- other each reader's for a narrow one; the second replaces (user_id, id).
CREATE INDEX activities_time ON activities (created_at, id);
CREATE INDEX activities_user_time ON activities (user_id, created_at, id);
DROP INDEX activities_user;

-- A reader's rating of a book is one line in the feed, the last: earlier
-- ones (arrowing through the stars wrote one a click) are dropped.
DELETE FROM activities
WHERE kind = 'rated' AND EXISTS (
    SELECT 1 FROM activities later
    WHERE later.kind = 'rated' AND later.user_id = activities.user_id
      AND later.book_id = activities.book_id AND later.id > activities.id
);

-- The unread badge and "mark read" touch only the unread few.
CREATE INDEX notifications_unread ON notifications (user_id, kind, review_id) WHERE read_at IS NULL;

-- People search: each reader's folded name words (username and display
-- name), in byte order so that a prefix is a range of the primary key.
CREATE TABLE people_words (
    word    {{bytewise_text}} NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (word, user_id)
) {{without_rowid}};
CREATE INDEX people_words_user ON people_words (user_id, word);
