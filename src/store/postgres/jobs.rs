//! Import jobs in PostgreSQL.

use tokio_postgres::Row;

use super::Db;
use crate::store::{ImportJob, ImportProgress, NewImportJob, StoreResult};

const JOB_COLUMNS: &str =
    "id, user_id, format, total, done, imported, books_created, failed, state";

fn job_row(r: &Row) -> super::PgResult<ImportJob> {
    Ok(ImportJob {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        format: r.try_get(2)?,
        total: r.try_get(3)?,
        done: r.try_get(4)?,
        imported: r.try_get(5)?,
        books_created: r.try_get(6)?,
        failed: r.try_get(7)?,
        state: r.try_get(8)?,
    })
}

pub(super) async fn create(db: &Db<'_>, new: &NewImportJob) -> StoreResult<i64> {
    let id: i64 = db
        .value(
            "INSERT INTO import_jobs (user_id, format, file_hash, total, failed, state, heartbeat, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            &[&new.user_id, &new.format, &new.file_hash, &new.total, &new.failed, &new.state, &new.now],
        )
        .await?
        .unwrap_or_default();
    db.exec(
        "INSERT INTO import_files (job_id, file) VALUES ($1, $2)",
        &[&id, &new.file],
    )
    .await?;
    Ok(id)
}

pub(super) async fn file(db: &Db<'_>, id: i64) -> StoreResult<Option<Vec<u8>>> {
    db.value("SELECT file FROM import_files WHERE job_id = $1", &[&id])
        .await
}

pub(super) async fn job(db: &Db<'_>, id: i64) -> StoreResult<Option<ImportJob>> {
    db.one(
        &format!("SELECT {JOB_COLUMNS} FROM import_jobs WHERE id = $1"),
        &[&id],
        job_row,
    )
    .await
}

pub(super) async fn unfinished(
    db: &Db<'_>,
    user_id: i64,
    file_hash: &str,
) -> StoreResult<Option<i64>> {
    db.value(
        "SELECT id FROM import_jobs WHERE user_id = $1 AND file_hash = $2 AND state <> 'done' ORDER BY id LIMIT 1",
        &[&user_id, &file_hash],
    )
    .await
}

/// SKIP LOCKED lets several workers claim different jobs at once.
pub(super) async fn claim(
    db: &Db<'_>,
    now: i64,
    stale_before: i64,
) -> StoreResult<Option<ImportJob>> {
    let id: Option<i64> = db
        .value(
            "SELECT id FROM import_jobs
             WHERE state = 'queued' OR (state = 'running' AND heartbeat < $1)
             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            &[&stale_before],
        )
        .await?;
    let Some(id) = id else { return Ok(None) };
    db.exec(
        "UPDATE import_jobs SET state = 'running', heartbeat = $2 WHERE id = $1",
        &[&id, &now],
    )
    .await?;
    job(db, id).await
}

pub(super) async fn save(db: &Db<'_>, id: i64, p: &ImportProgress, now: i64) -> StoreResult<()> {
    db.exec(
        "UPDATE import_jobs SET done = $2, imported = $3, books_created = $4, failed = $5, heartbeat = $6,
            state = CASE WHEN $7 THEN 'done' ELSE state END
         WHERE id = $1",
        &[&id, &p.done, &p.imported, &p.books_created, &p.failed, &now, &p.finished],
    )
    .await?;
    Ok(())
}
