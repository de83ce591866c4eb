-- Imports run as jobs kept in the database: any worker on any node can pick
-- one up, progress survives restarts, and a job cut short resumes at `done`.
CREATE TABLE import_jobs (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    format       TEXT   NOT NULL,
    file         BLOB   NOT NULL,
    file_hash    TEXT   NOT NULL,
    total        BIGINT NOT NULL,
    done         BIGINT NOT NULL DEFAULT 0,
    imported     BIGINT NOT NULL DEFAULT 0,
    books_created BIGINT NOT NULL DEFAULT 0,
    failed       TEXT   NOT NULL DEFAULT '[]',
    state        TEXT   NOT NULL DEFAULT 'queued',
    heartbeat    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX import_jobs_state ON import_jobs (state, heartbeat);
CREATE INDEX import_jobs_user ON import_jobs (user_id, file_hash);
