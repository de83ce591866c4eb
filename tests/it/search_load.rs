//! A catalogue written a batch at a time keeps the one-book-at-a-time rules:
//! a copy met earlier in the same batch is left out as a catalogued one is.

use axum::http::Method;

use crate::app::TestApp;

const HEADER: &str = "book_id,goodreads_book_id,best_book_id,work_id,books_count,isbn,isbn13,authors,original_publication_year,original_title,title,language_code,average_rating,ratings_count,work_ratings_count,work_text_reviews_count,ratings_1,ratings_2,ratings_3,ratings_4,ratings_5,image_url,small_image_url";

fn row(n: usize, isbn: &str, author: &str, title: &str) -> String {
    format!(
        "{n},{n},{n},{n},1,{isbn},,{author},1900,{title},{title},eng,4.0,{},1,1,1,1,1,1,1,,",
        100 - n
    )
}

#[tokio::test]
async fn a_batch_leaves_out_its_own_copies_as_it_does_catalogued_ones() {
    for app in TestApp::all().await {
        let rows = [
            row(1, "0441013597", "Frank Herbert", "Dune"),
            // The same ISBN again, and the same ISBN-10 under another title.
            row(2, "0441013597", "Frank Herbert", "Dune"),
            row(3, "0441013597", "Someone Else", "Not Dune"),
            // Without an ISBN, then with one: the copy with one is held
            // against the one without.
            row(4, "", "George Eliot", "Middlemarch"),
            row(5, "0141439548", "George  Eliot", "MIDDLEMARCH"),
            // Two volumes with their own ISBNs stay apart, under one author.
            row(6, "0141439580", "Jane Austen", "Emma"),
            row(7, "0486406482", "Jane Austen", "Emma"),
        ];
        let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
        let summary = dogear::actions::catalogue::import(app.store.as_ref(), csv.as_bytes())
            .await
            .unwrap();
        assert_eq!(
            (summary.imported, summary.already_there),
            (4, 3),
            "{}: {summary}",
            app.backend()
        );
        let (_, found) = app
            .api(Method::GET, "/api/v1/search?q=emma%20austen", None, None)
            .await;
        let emmas = found["books"].as_array().unwrap();
        assert_eq!(emmas.len(), 2, "{}", app.backend());
        assert_eq!(
            emmas[0]["authors"][0]["id"],
            emmas[1]["authors"][0]["id"],
            "{}: one Jane Austen",
            app.backend()
        );
        let (_, found) = app
            .api(Method::GET, "/api/v1/search?q=middlemarch", None, None)
            .await;
        assert_eq!(found["books"].as_array().unwrap().len(), 1);
        assert_eq!(found["books"][0]["isbn13"], serde_json::Value::Null);
        let (_, found) = app
            .api(Method::GET, "/api/v1/search?q=0441013597", None, None)
            .await;
        assert_eq!(found["books"][0]["title"], "Dune", "{}", app.backend());
        let (_, found) = app
            .api(Method::GET, "/api/v1/search?q=dune", None, None)
            .await;
        assert_eq!(
            found["books"].as_array().unwrap().len(),
            1,
            "{}: \"Not Dune\" was left out",
            app.backend()
        );
        // The words' counts are the books holding them, as one at a time.
        let again = dogear::actions::catalogue::import(app.store.as_ref(), csv.as_bytes())
            .await
            .unwrap();
        assert_eq!((again.imported, again.already_there), (0, 7));
    }
}
