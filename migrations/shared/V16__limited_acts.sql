-- What a reader did that the site allows only so often an hour: a book added,
-- a friend asked, a flag filed. Counted here rather than in the rows they
-- made, so a withdrawn request or a merged-away book still counts; each new
-- act prunes its reader's acts of that kind that have left the hour.
CREATE TABLE limited_acts (
    id         {{id}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    act        TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX limited_acts_recent ON limited_acts (user_id, act, created_at);
