//! Backups: a consistent copy of a SQLite database taken while the site
//! serves, and putting one back. PostgreSQL has its own tools for both.

use rusqlite::{Connection, OpenFlags};

use super::db::Db;
use super::{Engine, Store, StoreError, StoreResult};
use crate::sql;

/// What to say on PostgreSQL, where `pg_dump` does this better than we could.
pub const USE_PG_DUMP: &str = "this site keeps its data in PostgreSQL: back it up with \
    `pg_dump --format=custom --file=dogear.dump DATABASE_URL` and restore with \
    `pg_restore --clean --dbname=DATABASE_URL dogear.dump`";

impl Store {
    /// Writes a consistent copy of the whole database to `target` (which must
    /// not exist yet) while readers and writers carry on: `VACUUM INTO` reads
    /// one snapshot, so writes committed after it began are not in the copy.
    pub async fn backup_into(&self, target: &std::path::Path) -> StoreResult<()> {
        if target.exists() {
            return Err(StoreError::Database(format!(
                "{} exists already; name a new file",
                target.display()
            )));
        }
        let target = target.to_string_lossy().into_owned();
        match &self.engine {
            Engine::Sqlite(_) => {
                read!(self, |db| db.exec(sql!("VACUUM INTO $1"), &[&target])).map(|_| ())
            }
            Engine::Postgres(_) => Err(StoreError::Database(USE_PG_DUMP.into())),
        }
    }
}

/// What a restore found and did.
#[derive(Debug)]
pub struct Restored {
    pub accounts: i64,
    /// Accounts in the database it replaced.
    pub replaced: i64,
}

fn database(e: rusqlite::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// How many accounts a Dogear database holds; None if it is not one.
fn accounts(conn: &Connection) -> Option<i64> {
    conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .ok()
}

/// Puts the backup `from` in place of the database at `url`. A database that
/// holds accounts is replaced only with `force` (stop the site first: its
/// open connections would go on writing to the file that was replaced).
pub fn restore(url: &str, from: &std::path::Path, force: bool) -> StoreResult<Restored> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(StoreError::Database(USE_PG_DUMP.into()));
    }
    let backup = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::Database(format!("cannot open {}: {e}", from.display())))?;
    let check: String = backup
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| StoreError::Database(format!("{} is not a database: {e}", from.display())))?;
    if check != "ok" {
        return Err(StoreError::Database(format!(
            "{} is damaged: {check}",
            from.display()
        )));
    }
    let accounts_in_backup = accounts(&backup).ok_or_else(|| {
        StoreError::Database(format!("{} is not a Dogear database", from.display()))
    })?;
    let path = std::path::PathBuf::from(super::sqlite::path_of(url));
    let replaced = if path.exists() {
        let live = Connection::open(&path).map_err(database)?;
        accounts(&live).unwrap_or(0)
    } else {
        0
    };
    if replaced > 0 && !force {
        return Err(StoreError::Database(format!(
            "{} is in use: it holds {replaced} accounts. Stop the site, then run again with \
             --force to replace it with the backup",
            path.display()
        )));
    }
    let mut incoming = path.clone().into_os_string();
    incoming.push(".restoring");
    let incoming = std::path::PathBuf::from(incoming);
    let _ = std::fs::remove_file(&incoming);
    backup
        .execute("VACUUM INTO ?1", [incoming.to_string_lossy()])
        .map_err(database)?;
    drop(backup);
    // The old database's write-ahead log must not be replayed onto the backup.
    for suffix in ["-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::rename(&incoming, &path)
        .map_err(|e| StoreError::Database(format!("cannot put the backup in place: {e}")))?;
    Ok(Restored {
        accounts: accounts_in_backup,
        replaced,
    })
}
