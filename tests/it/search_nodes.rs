//! Each node keeps its own search index and follows the database's change
//! log: what one node adds, merges away or files under another author is
//! found (or not) through another within a second, through itself at once,
//! and an index kept in a folder takes up where it left off instead of
//! being built again.

use dogear::actions::books::search;
use std::sync::Arc;

use dogear::store::{self, Store};

use crate::support::unique;

const HEADER: &str = "book_id,goodreads_book_id,best_book_id,work_id,books_count,isbn,isbn13,authors,original_publication_year,original_title,title,language_code,average_rating,ratings_count,work_ratings_count,work_text_reviews_count,ratings_1,ratings_2,ratings_3,ratings_4,ratings_5,image_url,small_image_url";

async fn add(store: &Store, rows: &[(&str, &str)]) {
    let lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(n, (author, title))| {
            format!("{n},{n},{n},{n},1,,,{author},1900,{title},{title},eng,4.0,10,1,1,1,1,1,1,1,,")
        })
        .collect();
    let csv = format!("{HEADER}\n{}\n", lines.join("\n"));
    dogear::actions::catalogue::import(store, csv.as_bytes())
        .await
        .unwrap();
}

async fn titles(store: &Store, query: &str) -> Vec<String> {
    let found = search(store, query, 1).await.unwrap();
    found.books.into_iter().map(|b| b.title).collect()
}

/// Longer than a node waits before looking at the log for others' changes.
async fn a_moment() {
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
}

async fn id_of(store: &Store, query: &str) -> i64 {
    search(store, query, 1).await.unwrap().books[0].id
}

/// Two nodes on one database, the second keeping its index in a folder, and
/// two books the first added that the second has found.
async fn two_nodes(url: &str) -> (std::path::PathBuf, Arc<Store>, Arc<Store>) {
    let folder = std::env::temp_dir().join(unique("dogear-index-"));
    let one = store::connect(url).await.unwrap();
    let two = store::connect_with(url, Some(&folder)).await.unwrap();
    add(
        &one,
        &[("Frank Herbert", "Dune"), ("J.R.R. Tolkien", "The Hobbit")],
    )
    .await;
    let backend = one.backend();
    assert_eq!(titles(&two, "hobit").await, ["The Hobbit"], "{backend}");
    (folder, one, two)
}

#[tokio::test]
async fn a_second_node_finds_what_the_first_added_merged_and_filed_elsewhere() {
    for url in crate::support::database_urls().await {
        let (folder, one, two) = two_nodes(&url).await;
        let backend = one.backend();

        add(
            &one,
            &[
                ("J. Tolkien", "The Hobbitt"),
                ("F. Herbert", "Children of Dune"),
            ],
        )
        .await;
        a_moment().await;
        assert_eq!(
            titles(&two, "hobbit").await.len(),
            2,
            "{backend}: both copies"
        );
        let copy = id_of(&one, "hobbitt").await;
        let kept = id_of(&one, "hobbit tolkien jrr").await;
        assert_ne!(copy, kept);
        one.merge_books(copy, kept, 0).await.unwrap();
        assert_eq!(
            titles(&one, "hobbit").await,
            ["The Hobbit"],
            "{backend}: at once"
        );
        a_moment().await;
        assert_eq!(
            titles(&two, "hobbit").await,
            ["The Hobbit"],
            "{backend}: the merged copy is gone from the other node's index"
        );

        assert_eq!(titles(&two, "frank").await, ["Dune"], "{backend}");
        let children = dogear::actions::books::book(&one, id_of(&one, "children dune").await)
            .await
            .unwrap();
        let dune = dogear::actions::books::book(&one, id_of(&one, "dune frank").await)
            .await
            .unwrap();
        one.merge_authors(children.authors[0].id, dune.authors[0].id)
            .await
            .unwrap();
        a_moment().await;
        let mut franks = titles(&two, "frank").await;
        franks.sort();
        assert_eq!(
            franks,
            ["Children of Dune", "Dune"],
            "{backend}: a book filed under another author is found by the new name"
        );

        // A node started again on its folder reads on from where it stopped.
        drop(two);
        let three = store::connect_with(&url, Some(&folder)).await.unwrap();
        assert_eq!(
            three.catch_up_search().await.unwrap(),
            0,
            "{backend}: nothing to redo"
        );
        assert_eq!(titles(&three, "hobit").await, ["The Hobbit"], "{backend}");
        add(&one, &[("Ursula K. Le Guin", "A Wizard of Earthsea")]).await;
        assert_eq!(
            three.catch_up_search().await.unwrap(),
            1,
            "{backend}: only the new book is indexed"
        );
        assert_eq!(titles(&three, "earthsea").await, ["A Wizard of Earthsea"]);
        let _ = std::fs::remove_dir_all(&folder);
    }
}

#[tokio::test]
async fn a_node_whose_place_in_the_log_was_forgotten_builds_its_index_anew() {
    for url in crate::support::database_urls().await {
        let (folder, one, two) = two_nodes(&url).await;
        let backend = one.backend();
        drop(two);

        add(&one, &[("Ursula K. Le Guin", "A Wizard of Earthsea")]).await;
        add(&one, &[("Ursula K. Le Guin", "The Left Hand of Darkness")]).await;
        let newest = one.newest_search_change().await.unwrap();
        assert!(
            one.forget_old_search_changes(1).await.unwrap() > 0,
            "{backend}: old entries go"
        );
        assert_eq!(
            one.oldest_search_change().await.unwrap(),
            newest,
            "{backend}: the newest entry stays"
        );
        assert_eq!(
            one.forget_old_search_changes(1).await.unwrap(),
            0,
            "{backend}: and is never dropped"
        );

        // The stopped node's last entry is gone: one change alone would miss Earthsea.
        let three = store::connect_with(&url, Some(&folder)).await.unwrap();
        assert_eq!(
            three.catch_up_search().await.unwrap(),
            4,
            "{backend}: every book indexed again"
        );
        assert_eq!(titles(&three, "earthsea").await, ["A Wizard of Earthsea"]);
        assert_eq!(
            titles(&three, "darkness").await,
            ["The Left Hand of Darkness"]
        );
        assert_eq!(titles(&three, "hobit").await, ["The Hobbit"], "{backend}");
        let _ = std::fs::remove_dir_all(&folder);
    }
}
