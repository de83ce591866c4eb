-- The uploaded file lives apart from its job, so reading or updating a job's
-- progress never touches the file (the same layout as on SQLite).
CREATE TABLE import_files (
    job_id BIGINT PRIMARY KEY REFERENCES import_jobs (id) ON DELETE CASCADE,
    file   BYTEA  NOT NULL
);
INSERT INTO import_files (job_id, file) SELECT id, file FROM import_jobs;
ALTER TABLE import_jobs DROP COLUMN file;
