-- Email on accounts: an address a reader may give (unique once lowercased),
-- when it was proved theirs, the single-use links mailed to them (only a
-- digest of each is kept), the mail each reader asked for, and the queue of
-- notification mail waiting to go out.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_key TEXT;
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
CREATE UNIQUE INDEX users_email_key ON users (email_key);
-- purpose: 'verify' (prove `address` is theirs), 'reset' (a new password),
-- 'change' (the old address agrees to `address` replacing it).
CREATE TABLE email_tokens (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT   NOT NULL,
    address    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);
-- The kinds of mail a reader asked for (none until they choose): 'comment',
-- 'quote', 'friend_request', 'digest'.
CREATE TABLE email_wanted (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT   NOT NULL,
    PRIMARY KEY (user_id, kind)
);
-- Notification mail to send: what happened, not the text, which is written
-- as it goes out.
CREATE TABLE mail_outbox (
    id         {{id}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    actor_id   BIGINT,
    review_id  BIGINT,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    attempts   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, id);
