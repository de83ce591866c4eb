//! `dogear backup FILE` and `dogear restore FILE`.

use std::path::Path;

use dogear::store::{Store, backup};

use super::say;

/// Copies the database to `file` while the site goes on serving.
pub async fn take(store: &Store, file: &Path) -> Result<(), String> {
    let started = std::time::Instant::now();
    store.backup_into(file).await.map_err(|e| e.to_string())?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or_default();
    say(&format!(
        "backed up to {} ({:.1} MB) in {:.1?}\n",
        file.display(),
        size as f64 / 1e6,
        started.elapsed()
    ));
    Ok(())
}

/// Puts a backup in place of the database; one that holds accounts only with `force`.
pub fn put_back(database: &str, file: &Path, force: bool) -> Result<(), String> {
    let restored = backup::restore(database, file, force).map_err(|e| e.to_string())?;
    // The search index beside the file was built from what it replaced.
    if let Some(index) = dogear::store::default_search_index(database)
        && index.exists()
    {
        std::fs::remove_dir_all(&index).map_err(|e| {
            format!(
                "cannot remove the old search index {}: {e}",
                index.display()
            )
        })?;
    }
    say(&format!(
        "restored {} ({} accounts) into {database}{}\n",
        file.display(),
        restored.accounts,
        if restored.replaced > 0 {
            format!(", replacing {} accounts", restored.replaced)
        } else {
            String::new()
        }
    ));
    Ok(())
}
