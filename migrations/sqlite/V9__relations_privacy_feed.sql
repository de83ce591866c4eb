-- Readers' relations: friendship asked and given, one-way follows, blocks.
CREATE TABLE friend_requests (
    from_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX friend_requests_to ON friend_requests (to_id);

-- A friendship is two rows, one each way, so "my friends" is one index range.
CREATE TABLE friends (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    since     BIGINT NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows (followee_id);

CREATE TABLE blocks (
    blocker_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- Who may see a reader's profile and shelves ('public', 'friends', 'private'),
-- and each review ('public' or 'friends').
ALTER TABLE users ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';
ALTER TABLE reviews ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';

-- What readers did, newest last: the feed reads it by id, a cursor that never shifts.
CREATE TABLE activities (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    book_id    BIGINT REFERENCES books (id) ON DELETE CASCADE,
    review_id  BIGINT REFERENCES reviews (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    detail     TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX activities_user ON activities (user_id, id);
