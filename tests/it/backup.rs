//! `dogear backup` while writes stream in, and `dogear restore`.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use dogear::store::NewLogEntry;

fn dogear(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dogear"))
        .args(args)
        .env_remove("DOGEAR_CONFIG")
        .output()
        .expect("run dogear")
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The writes the stream made, in order: their numbers, 1 up.
fn written(path: &std::path::Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{}", path.display());
    let mut statement = conn
        .prepare(
            "SELECT target_id FROM moderation_log WHERE target_kind = 'stream' ORDER BY target_id",
        )
        .unwrap();
    statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn a_backup_taken_during_a_stream_of_writes_keeps_every_acknowledged_one() {
    let url = crate::support::database_urls().await.remove(0);
    let live = std::path::PathBuf::from(url.trim_start_matches("sqlite://"));
    let store = dogear::store::connect(&url).await.unwrap();
    dogear::actions::operator::add_user(&store, "ann", "correct horse battery", true)
        .await
        .unwrap();
    // A writer that never stops until told, counting what the database acknowledged.
    let acked = Arc::new(AtomicI64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let entry = NewLogEntry {
                    actor_id: None,
                    action: "wrote".into(),
                    target_kind: "stream".into(),
                    target_id: n,
                    detail: Some("x".repeat(200)),
                    now: n,
                };
                store.log_action(&entry).await.unwrap();
                acked.store(n, Ordering::SeqCst);
            }
        })
    };
    while acked.load(Ordering::SeqCst) < 300 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let dir = std::env::temp_dir().join(crate::support::unique("dogear-backup-"));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("copy.db");
    let before = acked.load(Ordering::SeqCst);
    let out = {
        let (url, copy) = (url.clone(), copy.clone());
        tokio::task::spawn_blocking(move || {
            dogear(&["--database", &url, "backup", copy.to_str().unwrap()])
        })
        .await
        .unwrap()
    };
    let after = acked.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("backed up to"), "{}", text(&out));
    assert!(
        after > before,
        "writes went on while the backup ran ({before} then {after})"
    );

    let kept = written(&copy);
    // Every write acknowledged before the backup began is in it, in one unbroken run.
    assert!(kept.len() as i64 >= before, "{} of {before}", kept.len());
    assert!(
        kept.iter().copied().eq(1..=kept.len() as i64),
        "a consistent snapshot has no gaps"
    );

    // A second backup to the same file is refused rather than overwriting it.
    let again = dogear(&["--database", &url, "backup", copy.to_str().unwrap()]);
    assert!(!again.status.success());

    // Restored to a new place, the copy is all there.
    let restored = dir.join("restored.db");
    let restored_url = format!("sqlite://{}", restored.display());
    let out = dogear(&[
        "--database",
        &restored_url,
        "restore",
        copy.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(written(&restored), kept);
    let back = dogear::store::connect(&restored_url).await.unwrap();
    assert!(back.user_by_username("ann").await.unwrap().is_some());

    // Onto the live database, which holds accounts: refused without --force.
    let total = written(&live).len();
    let out = dogear(&["--database", &url, "restore", copy.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("--force"), "{}", text(&out));
    assert_eq!(
        written(&live).len(),
        total,
        "the live database is untouched"
    );
    drop(store);
    drop(back);
    let out = dogear(&[
        "--database",
        &restored_url,
        "restore",
        "--force",
        copy.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("replacing 1 accounts"),
        "{}",
        text(&out)
    );

    // Something that is not a backup is refused before anything is touched.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"not a database at all, just words").unwrap();
    let out = dogear(&[
        "--database",
        &restored_url,
        "restore",
        "--force",
        junk.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert_eq!(written(&restored), kept);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn on_postgresql_backup_points_to_pg_dump() {
    for url in crate::support::database_urls().await {
        if !url.starts_with("postgres") {
            continue;
        }
        let out = dogear(&["--database", &url, "backup", "/tmp/never-written.db"]);
        assert!(!out.status.success());
        assert!(text(&out).contains("pg_dump"), "{}", text(&out));
        let out = dogear(&["--database", &url, "restore", "/tmp/never-written.db"]);
        assert!(text(&out).contains("pg_restore"), "{}", text(&out));
    }
}
