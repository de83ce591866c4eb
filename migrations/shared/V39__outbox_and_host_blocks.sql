-- What local readers did that their followers on other servers hear of.
-- An action writes the row (it knows what happened, not the site's address);
-- the delivery worker renders it as an activity, queues one delivery per
-- inbox and drops it. `due_at` is a lease: a row claimed by a worker that
-- died is taken again once it passes.
CREATE TABLE outbox_events (
    id         {{id}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'review', 'review_deleted', 'like', 'unlike', 'rating', 'status',
    -- 'quote', 'quote_deleted', 'comment', 'comment_edited', 'comment_deleted'.
    kind       TEXT   NOT NULL,
    -- The review, book, quote or comment it is about.
    subject_id BIGINT NOT NULL,
    -- What the subject no longer says once gone: a deleted thing's reach,
    -- a status's slug.
    detail     TEXT   NOT NULL DEFAULT '',
    due_at     BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_events_due ON outbox_events (due_at);

-- Domains moderators defederated: nothing is taken from them or sent to
-- them, their subdomains included.
CREATE TABLE blocked_hosts (
    host       TEXT   NOT NULL PRIMARY KEY,
    blocked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
