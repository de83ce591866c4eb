-- Federation (ActivityPub). Each reader's RSA key pair, made the first time
-- it is needed (sign-up, or the first request that asks for their actor).
CREATE TABLE actor_keys (
    user_id     BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    public_pem  TEXT   NOT NULL,
    private_pem TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Actors on other servers, as last fetched: their key checks what they sign.
CREATE TABLE remote_actors (
    id              {{id}},
    uri             TEXT    NOT NULL,
    username        TEXT    NOT NULL,
    host            TEXT    NOT NULL,
    name            TEXT    NOT NULL DEFAULT '',
    summary         TEXT    NOT NULL DEFAULT '',
    icon            TEXT,
    inbox           TEXT    NOT NULL,
    shared_inbox    TEXT,
    key_id          TEXT    NOT NULL,
    public_key_pem  TEXT    NOT NULL,
    bookwyrm        BOOLEAN NOT NULL DEFAULT FALSE,
    manual_approval BOOLEAN NOT NULL DEFAULT FALSE,
    fetched_at      BIGINT  NOT NULL,
    CONSTRAINT remote_actors_uri_key UNIQUE (uri)
);
CREATE INDEX remote_actors_handle ON remote_actors (username, host);

-- Every activity taken in, by its id: one that comes again is not run twice.
CREATE TABLE inbox_seen (
    activity_id TEXT   NOT NULL PRIMARY KEY,
    actor_uri   TEXT   NOT NULL,
    kind        TEXT   NOT NULL,
    received_at BIGINT NOT NULL
);
