-- A reader's picture, re-encoded on upload; readers without one get their initials.
CREATE TABLE avatars (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    bytes      BLOB   NOT NULL,
    updated_at BIGINT NOT NULL
);
