//! Import jobs.

use super::db::{Db, Row};
use crate::sql;
use crate::store::{ImportJob, ImportProgress, NewImportJob, StoreResult};

macro_rules! job_columns {
    () => {
        "id, user_id, format, total, done, imported, books_created, failed, state, tally, review_visibility"
    };
}

fn job_row(r: &dyn Row) -> StoreResult<ImportJob> {
    Ok(ImportJob {
        id: r.get(0)?,
        user_id: r.get(1)?,
        format: r.get(2)?,
        total: r.get(3)?,
        done: r.get(4)?,
        imported: r.get(5)?,
        books_created: r.get(6)?,
        failed: r.get(7)?,
        state: r.get(8)?,
        tally: r.get(9)?,
        review_visibility: r.get(10)?,
    })
}

pub(crate) async fn create<D: Db>(db: &D, new: &NewImportJob) -> StoreResult<i64> {
    let id: i64 = db
        .value(
            sql!("INSERT INTO import_jobs (user_id, format, file_hash, total, failed, state, heartbeat, created_at, review_visibility)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id"),
            &[&new.user_id, &new.format, &new.file_hash, &new.total, &new.failed, &new.state, &new.now, &new.review_visibility],
        )
        .await?
        .unwrap_or_default();
    db.exec(
        sql!("INSERT INTO import_files (job_id, file) VALUES ($1, $2)"),
        &[&id, &new.file],
    )
    .await?;
    Ok(id)
}

queries! {
    pub(crate) value file(id: i64) -> Vec<u8> = ("SELECT file FROM import_files WHERE job_id = $1");
    pub(crate) one job(id: i64) -> ImportJob, by job_row =
        (concat!("SELECT ", job_columns!(), " FROM import_jobs WHERE id = $1"));
    pub(crate) value unfinished(user_id: i64, file_hash: &str) -> i64 = (
        "SELECT id FROM import_jobs WHERE user_id = $1 AND file_hash = $2 AND state <> 'done'
         ORDER BY id LIMIT 1"
    );
}

macro_rules! claimable {
    () => {
        "SELECT id FROM import_jobs WHERE state = 'queued' OR (state = 'running' AND heartbeat < $1)"
    };
}

/// SKIP LOCKED lets several workers claim different jobs at once.
pub(crate) async fn claim<D: Db>(
    db: &D,
    now: i64,
    stale_before: i64,
) -> StoreResult<Option<ImportJob>> {
    let id: Option<i64> = db
        .value(
            sql!(
                // SQLite's writer holds the only write lock already.
                sqlite: concat!(claimable!(), " ORDER BY id LIMIT 1"),
                postgres: concat!(claimable!(), " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
            ),
            &[&stale_before],
        )
        .await?;
    let Some(id) = id else { return Ok(None) };
    db.exec(
        sql!("UPDATE import_jobs SET state = 'running', heartbeat = $2 WHERE id = $1"),
        &[&id, &now],
    )
    .await?;
    job(db, id).await
}

pub(crate) async fn save<D: Db>(db: &D, id: i64, p: &ImportProgress, now: i64) -> StoreResult<()> {
    db.exec(
        sql!("UPDATE import_jobs SET done = $2, imported = $3, books_created = $4, failed = $5, heartbeat = $6,
            state = CASE WHEN $7 THEN 'done' ELSE state END, tally = $8
         WHERE id = $1"),
        &[&id, &p.done, &p.imported, &p.books_created, &p.failed, &now, &p.finished, &p.tally],
    )
    .await?;
    if p.finished {
        // The upload holds the reader's private notes: it goes once it has landed.
        db.exec(sql!("DELETE FROM import_files WHERE job_id = $1"), &[&id])
            .await?;
    }
    Ok(())
}

pub(crate) async fn unfinished_count<D: Db>(db: &D, user_id: i64) -> StoreResult<i64> {
    Ok(db
        .value(
            sql!("SELECT count(*) FROM import_jobs WHERE user_id = $1 AND state <> 'done'"),
            &[&user_id],
        )
        .await?
        .unwrap_or(0))
}

store! {
    write create_import_job(new: &NewImportJob) -> i64 = create;
    lookup import_job(id: i64) -> Option<ImportJob> = job;
    /// The file a job imports, kept apart so progress reads stay small.
    read import_file(id: i64) -> Option<Vec<u8>> = file;
    /// How many of the reader's imports are queued or running.
    lookup unfinished_imports(user_id: i64) -> i64 = unfinished_count;
    /// The reader's unfinished job for this very file, to resume rather than repeat.
    read unfinished_import_job(user_id: i64, file_hash: &str) -> Option<i64> = unfinished;
    /// Takes the oldest job that is queued, or running with no heartbeat since
    /// `stale_before` (its worker died), and marks it running: one worker each.
    write claim_import_job(now: i64, stale_before: i64) -> Option<ImportJob> = claim;
    /// Records progress (and the heartbeat); `finished` marks the job done.
    write save_import_progress(id: i64, progress: &ImportProgress, now: i64) -> () = save;
}
