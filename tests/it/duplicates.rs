//! One book, however its title is spelt: imports and the catalogue match a
//! folded title, and moderators get a list of look-alikes to merge.

use axum::http::{Method, StatusCode};

use crate::app::TestApp;
use dogear::store::NewBook;

const GOODREADS_HEADER: &str = "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies";

fn new_book(title: &str, author: &str) -> NewBook {
    NewBook {
        title: title.into(),
        authors: vec![author.into()],
        roles: Vec::new(),
        isbn13: None,
        isbn10: None,
        pages: None,
        year: None,
        description: None,
        series: None,
        series_position: None,
        language: None,
        popularity: 0,
        created_by: None,
        now: dogear::actions::now(),
    }
}

#[tokio::test]
async fn an_import_that_spells_a_title_in_other_capitals_finds_the_book() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let known = app
            .book(&ann, "Ensayo sobre la ceguera", "José Saramago")
            .await;
        app.api_user("sg").await;
        let sg = app.store.user_by_username("sg").await.unwrap().unwrap();
        let csv = format!(
            "{GOODREADS_HEADER}\n1,\"Ensayo Sobre La Ceguera\",José Saramago,\"Saramago, José\",,\"\",\"\",4,4.1,,Paperback,330,1995,1995,2024/03/01,2024/02/01,,,read,,,,1,0\n"
        );
        let summary =
            dogear::actions::imports::import_file(app.store.as_ref(), &sg, csv.as_bytes(), None)
                .await
                .unwrap();
        assert_eq!(summary.books_created, 0, "{}: {summary}", app.backend());
        let (_, book) = app
            .api(Method::GET, &format!("/api/v1/books/{known}"), None, None)
            .await;
        assert_eq!(
            book["ratings_count"], 1,
            "the rating landed on the known book"
        );
    }
}

#[tokio::test]
async fn a_catalogue_loaded_after_the_demo_adds_no_second_middlemarch() {
    for app in TestApp::all().await {
        dogear::demo::fill(app.store.as_ref()).await.unwrap();
        let csv = "book_id,goodreads_book_id,best_book_id,work_id,books_count,isbn,isbn13,authors,original_publication_year,original_title,title,language_code,average_rating,ratings_count,work_ratings_count,work_text_reviews_count,ratings_1,ratings_2,ratings_3,ratings_4,ratings_5,image_url,small_image_url\n\
1,19089,19089,2227,1,141439548,9.78014143955e+12,George Eliot,1871,Middlemarch,Middlemarch,eng,3.9,100,100,10,1,1,1,1,1,,\n";
        dogear::actions::catalogue::import(app.store.as_ref(), csv.as_bytes())
            .await
            .unwrap();
        let key = dogear::store::author_key("George Eliot");
        let ids = app.store.books_titled("middlemarch", &key).await.unwrap();
        assert_eq!(ids.len(), 1, "{}: one Middlemarch", app.backend());
    }
}

#[tokio::test]
async fn moderators_merge_look_alikes_from_a_list() {
    for app in TestApp::all().await {
        let mut moderator = app.signup("mod").await;
        let store = app.store.as_ref();
        let first = store
            .create_book(&new_book("Middlemarch", "George Eliot"))
            .await
            .unwrap();
        let second = store
            .create_book(&new_book("MIDDLEMARCH.", "george  eliot"))
            .await
            .unwrap();
        store
            .create_book(&new_book("Middlemarch", "Someone Else"))
            .await
            .unwrap();
        store
            .create_book(&new_book("Persuasion", "Jane Austen"))
            .await
            .unwrap();

        let page = moderator.get("/moderation/duplicates").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        assert!(
            page.text
                .contains(&format!("Merge number {second} into number {first}"))
        );
        assert!(!page.text.contains("Persuasion") && !page.text.contains("Someone Else"));

        let mut reader = app.signup("reader").await;
        let refused = reader.get("/moderation/duplicates").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let merged = moderator
            .post_form(
                &format!("/books/{second}/merge"),
                &[
                    ("into", &first.to_string()),
                    ("back", "/moderation/duplicates?page=1"),
                ],
            )
            .await;
        assert_eq!(merged.status, StatusCode::SEE_OTHER);
        assert_eq!(merged.location(), "/moderation/duplicates?page=1");
        let after = moderator.get("/moderation/duplicates").await.text;
        assert!(after.contains("No books look alike"), "{after}");
        let bad = moderator.get("/moderation/duplicates?page=x").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
