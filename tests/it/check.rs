//! `dogear check`: each invariant holds on a living library, fails when its
//! rows are corrupted on purpose, and `--repair` sets the derived counts right.

use std::process::Command;

use dogear::store::{self, NewImportJob};

/// Runs statements straight on the database, past the store's rules.
async fn corrupt(url: &str, statements: &str) {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(statements).unwrap();
    } else {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client.batch_execute(statements).await.unwrap();
    }
}

fn dogear(url: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dogear"))
        .arg("--database")
        .arg(url)
        .args(args)
        .env_remove("DOGEAR_CONFIG")
        .output()
        .expect("run dogear");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

const COUNTS_BROKEN: &str = "
    UPDATE reviews SET likes_count = likes_count + 3 WHERE id = (SELECT min(id) FROM reviews);
    UPDATE books SET ratings_sum = ratings_sum + 1 WHERE id = (SELECT min(book_id) FROM ratings);
    UPDATE lists SET comments_count = comments_count + 1 WHERE id = (SELECT min(id) FROM lists);
    UPDATE reading_groups SET members_count = 0 WHERE id = (SELECT min(id) FROM reading_groups);";

/// The last comment of a review thread jumps ahead: a gap, and a counter behind.
const NUMBER_BROKEN: &str = "UPDATE comments SET number = number + 1000
    WHERE id = (SELECT max(id) FROM comments WHERE review_id IS NOT NULL);";

#[tokio::test]
async fn check_catches_broken_counts_numbers_and_jobs_and_repair_mends_the_counts() {
    for url in crate::support::database_urls().await {
        let store = store::connect(&url).await.unwrap();
        dogear::demo::fill(&store).await.unwrap();
        let now = dogear::actions::now();
        let report = store.check(now - 60).await.unwrap();
        assert!(report.is_ok(), "{}: {report}", store.backend());
        assert!(report.checked.len() >= 18, "{report}");

        corrupt(&url, COUNTS_BROKEN).await;
        corrupt(&url, NUMBER_BROKEN).await;
        let reader = store.user_by_username("helen").await.unwrap().unwrap();
        store
            .create_import_job(&NewImportJob {
                user_id: reader.id,
                format: "goodreads".into(),
                file: b"Title\n".to_vec(),
                file_hash: "stuck".into(),
                total: 1,
                failed: "[]".into(),
                state: "queued".into(),
                review_visibility: "public".into(),
                now: now - 600,
            })
            .await
            .unwrap();
        // A worker took it ten minutes ago and was never heard of again.
        store.claim_import_job(now - 600, 0).await.unwrap().unwrap();

        let report = store.check(now - 60).await.unwrap();
        for what in [
            "reviews.likes_count",
            "books.ratings_sum",
            "lists.comments_count",
            "reading_groups.members_count",
            "reviews.comments_count",
            "review threads numbered 1..N",
            "no import job running without a live heartbeat",
        ] {
            assert!(
                report.fails(what),
                "{}: {what} in {report}",
                store.backend()
            );
        }
        assert!(!report.fails("topic threads numbered 1..N"), "{report}");
        assert!(!report.fails("books.ratings_count"), "{report}");

        let repaired = store.repair(now - 60).await.unwrap();
        assert_eq!(repaired.jobs_requeued, 1);
        assert!(repaired.total() >= 6, "{repaired}");
        let report = store.check(now - 60).await.unwrap();
        // Counts are set right; the gap stays, as renumbering would break links.
        assert_eq!(report.problems.len(), 1, "{report}");
        assert!(report.fails("review threads numbered 1..N"), "{report}");
    }
}

#[tokio::test]
async fn the_command_exits_non_zero_until_repaired() {
    for url in crate::support::database_urls().await {
        let store = store::connect(&url).await.unwrap();
        dogear::demo::fill(&store).await.unwrap();
        let (ok, text) = dogear(&url, &["check"]);
        assert!(ok, "{text}");
        assert!(text.contains("ok   reviews.likes_count"), "{text}");

        corrupt(&url, COUNTS_BROKEN).await;
        let (ok, text) = dogear(&url, &["check"]);
        assert!(!ok, "{text}");
        assert!(text.contains("FAIL reviews.likes_count: 1 wrong"), "{text}");
        assert!(text.contains("--repair"), "{text}");

        let (ok, text) = dogear(&url, &["check", "--repair"]);
        assert!(ok, "{text}");
        assert!(
            text.contains("repaired reviews.likes_count on 1 rows"),
            "{text}"
        );
        let (ok, text) = dogear(&url, &["check"]);
        assert!(ok, "{text}");
    }
}

#[tokio::test]
async fn a_dangling_key_on_sqlite_fails_the_check() {
    let url = crate::support::database_urls().await.remove(0);
    let store = store::connect(&url).await.unwrap();
    dogear::demo::fill(&store).await.unwrap();
    corrupt(
        &url,
        "PRAGMA foreign_keys = OFF;
         INSERT INTO review_likes (review_id, user_id, created_at)
             VALUES (987654, (SELECT min(id) FROM users), 0);",
    )
    .await;
    let report = store.check(dogear::actions::now() - 60).await.unwrap();
    assert!(report.fails("foreign keys resolve"), "{report}");
    assert!(!report.fails("integrity_check"), "{report}");
    // Opening an up-to-date file reads no table whole (only a migration that
    // ran is followed by the full key check): it starts, and `check` tells.
    let again = store::connect(&url).await;
    assert!(again.is_ok(), "an up-to-date database opens at once");
}
