-- The uploaded file lives apart from its job: progress is saved after every
-- step, and SQLite rewrites a whole row (overflow pages included) on update,
-- so a megabyte file beside the counters made each save copy the file again.
CREATE TABLE import_files (
    job_id BIGINT PRIMARY KEY REFERENCES import_jobs (id) ON DELETE CASCADE,
    file   BLOB   NOT NULL
);
INSERT INTO import_files (job_id, file) SELECT id, file FROM import_jobs;
ALTER TABLE import_jobs DROP COLUMN file;
