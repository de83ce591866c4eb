-- Admins run the site, above its moderators. On a site that had none, its
-- first moderator (the first account, as the site then made them) runs it.
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET is_admin = TRUE WHERE id = (SELECT min(id) FROM users WHERE is_moderator);

-- What moderators and admins did, for admins to read. The actor is NULL for
-- the command line (and for an actor whose account is gone).
CREATE TABLE moderation_log (
    id          {{id}},
    actor_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    action      TEXT   NOT NULL,
    target_kind TEXT   NOT NULL,
    target_id   BIGINT NOT NULL,
    detail      TEXT,
    created_at  BIGINT NOT NULL
);

-- A deleted reader's id and name: the id is never given again, the name not
-- for a while, so no one can pass for them.
CREATE TABLE retired_accounts (
    id           BIGINT PRIMARY KEY,
    username_key TEXT   NOT NULL,
    retired_at   BIGINT NOT NULL
);
CREATE INDEX retired_accounts_name ON retired_accounts (username_key, retired_at);

-- A token may end on its own.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
