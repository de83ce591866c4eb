-- Readers on other servers whom ours follow: `pending` from the Follow sent
-- until the other server's Accept arrives (a Reject removes the row).
-- `follow_id` is the sent Follow's id, which the Accept and a later Undo name.
CREATE TABLE remote_following (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id   BIGINT  NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    follow_id  TEXT    NOT NULL,
    pending    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, actor_id),
    CONSTRAINT remote_following_follow_key UNIQUE (follow_id)
);
CREATE INDEX remote_following_actor ON remote_following (actor_id);
