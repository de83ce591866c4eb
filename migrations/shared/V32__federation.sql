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

-- Readers on other servers who follow ours: `pending` until a reader whose
-- profile is not public approves.
CREATE TABLE remote_followers (
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id    BIGINT  NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    follow_id   TEXT    NOT NULL,
    pending     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, actor_id)
);
CREATE INDEX remote_followers_actor ON remote_followers (actor_id);

-- Activities waiting to be posted to another server's inbox, one row per
-- inbox: tried again with a growing wait until given up.
CREATE TABLE deliveries (
    id          {{id}},
    -- Whose key signs it; none: the instance actor's.
    user_id     BIGINT REFERENCES users (id) ON DELETE CASCADE,
    inbox       TEXT   NOT NULL,
    host        TEXT   NOT NULL,
    body        TEXT   NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    next_at     BIGINT NOT NULL,
    last_error  TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_at);

-- Hosts whose deliveries keep failing: none are tried until `open_until`.
CREATE TABLE delivery_hosts (
    host        TEXT   NOT NULL PRIMARY KEY,
    failures    BIGINT NOT NULL DEFAULT 0,
    open_until  BIGINT NOT NULL DEFAULT 0
);
