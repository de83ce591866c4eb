-- Who may join. A request to join waits here with its reason until an admin
-- decides; the account is made only then, from what the applicant gave.
CREATE TABLE registration_requests (
    id            {{id}},
    username      TEXT   NOT NULL,
    username_key  TEXT   NOT NULL,
    display_name  TEXT   NOT NULL,
    -- Cleared once the request is decided.
    password_hash TEXT,
    reason        TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    -- 'waiting', 'approved' or 'refused'.
    state         TEXT   NOT NULL DEFAULT 'waiting',
    decided_at    BIGINT,
    decided_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT registration_requests_state_check CHECK (state IN ('waiting', 'approved', 'refused'))
);
CREATE INDEX registration_requests_waiting ON registration_requests (state, id);
CREATE INDEX registration_requests_name ON registration_requests (username_key, state);

-- Invitation links: the code's digest (the code itself is shown once), how
-- many may join with it, until when.
CREATE TABLE invites (
    id         {{id}},
    code_hash  TEXT   NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    max_uses   BIGINT NOT NULL,
    uses       BIGINT NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX invites_by ON invites (created_by, id);

-- Which invite, if any, let an account in.
ALTER TABLE users ADD COLUMN invited_by BIGINT;
CREATE INDEX users_created ON users (created_at, id);
