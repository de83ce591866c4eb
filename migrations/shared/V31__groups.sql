-- Reading groups: book clubs with members, topics on the thread engine, a
-- shelf of the books they read, and read-alongs paced by checkpoints.
CREATE TABLE reading_groups (
    id                 {{id}},
    name               TEXT   NOT NULL,
    description        TEXT   NOT NULL DEFAULT '',
    -- An image address shown beside the name; empty for none.
    picture            TEXT   NOT NULL DEFAULT '',
    visibility         TEXT   NOT NULL DEFAULT 'public',
    joining            TEXT   NOT NULL DEFAULT 'open',
    -- The secret an invitation link carries.
    invite_code        TEXT   NOT NULL,
    members_count      BIGINT NOT NULL DEFAULT 0,
    topics_count       BIGINT NOT NULL DEFAULT 0,
    current_book_id    BIGINT REFERENCES books (id) ON DELETE SET NULL,
    current_started_on TEXT,
    created_at         BIGINT NOT NULL,
    CONSTRAINT reading_groups_visibility_check CHECK (visibility IN ('public', 'private')),
    CONSTRAINT reading_groups_joining_check CHECK (joining IN ('open', 'request', 'invite'))
);
CREATE INDEX reading_groups_newest ON reading_groups (visibility, id);

-- Who belongs, and as what; a request to join waits as `requested`.
CREATE TABLE group_members (
    group_id  BIGINT NOT NULL REFERENCES reading_groups (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT   NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id),
    CONSTRAINT group_members_role_check CHECK (role IN ('owner', 'moderator', 'member', 'requested'))
);
CREATE INDEX group_members_user ON group_members (user_id, group_id);
CREATE INDEX group_members_role ON group_members (group_id, role, joined_at);

-- A discussion in a group; one tied to a book is a read-along topic.
CREATE TABLE group_topics (
    id             {{id}},
    group_id       BIGINT  NOT NULL REFERENCES reading_groups (id) ON DELETE CASCADE,
    author_id      BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    title          TEXT    NOT NULL,
    book_id        BIGINT  REFERENCES books (id) ON DELETE SET NULL,
    pinned         BOOLEAN NOT NULL DEFAULT FALSE,
    locked         BOOLEAN NOT NULL DEFAULT FALSE,
    -- The topic's thread: its counter hands out comment numbers.
    comments_count BIGINT  NOT NULL DEFAULT 0,
    created_at     BIGINT  NOT NULL,
    last_posted_at BIGINT  NOT NULL
);
CREATE INDEX group_topics_listing ON group_topics (group_id, pinned, last_posted_at);

-- The group's shelf: read, reading, next, or proposed (and voted on).
CREATE TABLE group_books (
    group_id    BIGINT NOT NULL REFERENCES reading_groups (id) ON DELETE CASCADE,
    book_id     BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    shelf       TEXT   NOT NULL,
    proposed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    votes       BIGINT NOT NULL DEFAULT 0,
    added_at    BIGINT NOT NULL,
    PRIMARY KEY (group_id, book_id),
    CONSTRAINT group_books_shelf_check CHECK (shelf IN ('read', 'reading', 'next', 'proposed'))
);

CREATE TABLE group_votes (
    group_id BIGINT NOT NULL REFERENCES reading_groups (id) ON DELETE CASCADE,
    book_id  BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, book_id, user_id)
);

-- A read-along's schedule: each checkpoint is reached at page `up_to_page`.
CREATE TABLE group_checkpoints (
    id         {{id}},
    group_id   BIGINT NOT NULL REFERENCES reading_groups (id) ON DELETE CASCADE,
    book_id    BIGINT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    label      TEXT   NOT NULL,
    up_to_page BIGINT NOT NULL,
    due_on     TEXT   NOT NULL
);
CREATE INDEX group_checkpoints_book ON group_checkpoints (group_id, book_id, up_to_page);

-- The checkpoint a read-along comment speaks of: folded for readers short of it.
CREATE TABLE comment_checkpoints (
    comment_id    BIGINT NOT NULL PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    checkpoint_id BIGINT NOT NULL REFERENCES group_checkpoints (id) ON DELETE CASCADE
);

-- A topic is the thread engine's third owner, beside reviews and lists.
{{sqlite:
CREATE TABLE comments_owned (
    id         INTEGER PRIMARY KEY,
    review_id  BIGINT  REFERENCES reviews (id) ON DELETE CASCADE,
    list_id    BIGINT  REFERENCES lists (id) ON DELETE CASCADE,
    topic_id   BIGINT  REFERENCES group_topics (id) ON DELETE CASCADE,
    number     BIGINT  NOT NULL,
    author_id  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    quote_of   BIGINT  REFERENCES comments (id) ON DELETE SET NULL,
    created_at BIGINT  NOT NULL,
    edited_at  BIGINT,
    deleted_at BIGINT,
    removed    BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT comments_review_number_key UNIQUE (review_id, number),
    CONSTRAINT comments_list_number_key UNIQUE (list_id, number),
    CONSTRAINT comments_topic_number_key UNIQUE (topic_id, number),
    CONSTRAINT comments_one_owner CHECK ((review_id IS NOT NULL) + (list_id IS NOT NULL) + (topic_id IS NOT NULL) = 1)
);
INSERT INTO comments_owned (id, review_id, list_id, number, author_id, body, body_html, quote_of, created_at, edited_at, deleted_at, removed)
    SELECT id, review_id, list_id, number, author_id, body, body_html, quote_of, created_at, edited_at, deleted_at, removed FROM comments;
DROP TABLE comments;
ALTER TABLE comments_owned RENAME TO comments;
CREATE INDEX comments_author ON comments (author_id, created_at);
CREATE TABLE thread_marks_owned (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    review_id  BIGINT REFERENCES reviews (id) ON DELETE CASCADE,
    list_id    BIGINT REFERENCES lists (id) ON DELETE CASCADE,
    topic_id   BIGINT REFERENCES group_topics (id) ON DELETE CASCADE,
    seen       BLOB   NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT thread_marks_review_key UNIQUE (user_id, review_id),
    CONSTRAINT thread_marks_list_key UNIQUE (user_id, list_id),
    CONSTRAINT thread_marks_topic_key UNIQUE (user_id, topic_id),
    CONSTRAINT thread_marks_one_owner CHECK ((review_id IS NOT NULL) + (list_id IS NOT NULL) + (topic_id IS NOT NULL) = 1)
);
INSERT INTO thread_marks_owned (user_id, review_id, list_id, seen, updated_at)
    SELECT user_id, review_id, list_id, seen, updated_at FROM thread_marks;
DROP TABLE thread_marks;
ALTER TABLE thread_marks_owned RENAME TO thread_marks;
}}
{{postgres:
ALTER TABLE comments ADD COLUMN topic_id BIGINT REFERENCES group_topics (id) ON DELETE CASCADE;
ALTER TABLE comments ADD CONSTRAINT comments_topic_number_key UNIQUE (topic_id, number);
ALTER TABLE comments DROP CONSTRAINT comments_one_owner;
ALTER TABLE comments ADD CONSTRAINT comments_one_owner
    CHECK (num_nonnulls(review_id, list_id, topic_id) = 1);
ALTER TABLE thread_marks ADD COLUMN topic_id BIGINT REFERENCES group_topics (id) ON DELETE CASCADE;
ALTER TABLE thread_marks ADD CONSTRAINT thread_marks_topic_key UNIQUE (user_id, topic_id);
ALTER TABLE thread_marks DROP CONSTRAINT thread_marks_one_owner;
ALTER TABLE thread_marks ADD CONSTRAINT thread_marks_one_owner
    CHECK (num_nonnulls(review_id, list_id, topic_id) = 1);
}}
