//! Import jobs in SQLite.

use rusqlite::{Row, params};

use super::Db;
use crate::store::{ImportJob, ImportProgress, NewImportJob, StoreResult};

const JOB_COLUMNS: &str =
    "id, user_id, format, total, done, imported, books_created, failed, state";

fn job_row(r: &Row<'_>) -> rusqlite::Result<ImportJob> {
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
    })
}

pub(super) fn create(db: &Db<'_>, new: &NewImportJob) -> StoreResult<i64> {
    let id: i64 = db
        .value(
            "INSERT INTO import_jobs (user_id, format, file_hash, total, failed, state, heartbeat, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id",
            params![new.user_id, new.format, new.file_hash, new.total, new.failed, new.state, new.now],
        )?
        .unwrap_or_default();
    db.exec(
        "INSERT INTO import_files (job_id, file) VALUES (?1, ?2)",
        params![id, new.file],
    )?;
    Ok(id)
}

pub(super) fn file(db: &Db<'_>, id: i64) -> StoreResult<Option<Vec<u8>>> {
    db.value("SELECT file FROM import_files WHERE job_id = ?1", [id])
}

pub(super) fn job(db: &Db<'_>, id: i64) -> StoreResult<Option<ImportJob>> {
    db.one(
        &format!("SELECT {JOB_COLUMNS} FROM import_jobs WHERE id = ?1"),
        [id],
        job_row,
    )
}

pub(super) fn unfinished(db: &Db<'_>, user_id: i64, file_hash: &str) -> StoreResult<Option<i64>> {
    db.value(
        "SELECT id FROM import_jobs WHERE user_id = ?1 AND file_hash = ?2 AND state <> 'done' ORDER BY id LIMIT 1",
        params![user_id, file_hash],
    )
}

/// The write lock held by this transaction makes the claim exclusive.
pub(super) fn claim(db: &Db<'_>, now: i64, stale_before: i64) -> StoreResult<Option<ImportJob>> {
    let id: Option<i64> = db.value(
        "SELECT id FROM import_jobs
         WHERE state = 'queued' OR (state = 'running' AND heartbeat < ?1)
         ORDER BY id LIMIT 1",
        [stale_before],
    )?;
    let Some(id) = id else { return Ok(None) };
    db.exec(
        "UPDATE import_jobs SET state = 'running', heartbeat = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    job(db, id)
}

pub(super) fn save(db: &Db<'_>, id: i64, p: &ImportProgress, now: i64) -> StoreResult<()> {
    db.exec(
        "UPDATE import_jobs SET done = ?2, imported = ?3, books_created = ?4, failed = ?5, heartbeat = ?6,
            state = CASE WHEN ?7 THEN 'done' ELSE state END
         WHERE id = ?1",
        params![id, p.done, p.imported, p.books_created, p.failed, now, p.finished],
    )?;
    Ok(())
}
