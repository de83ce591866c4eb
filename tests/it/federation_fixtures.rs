//! Every ActivityPub fixture from BookWyrm read by Dogear's parser, and
//! Dogear's own objects read back by it, meeting the rules BookWyrm keeps.

use std::collections::BTreeSet;

use dogear::domain::public_url::PublicUrl;
use dogear::federation::objects::{self, Reach, ReviewOut};
use dogear::federation::parse::{self, Audience, StatusKind};
use dogear::federation::{Ids, PUBLIC};
use dogear::store::{AuthorRef, Book};
use serde_json::Value;

const DIR: &str = "../shared/fixtures/activitypub/bookwyrm";

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).expect(name);
    serde_json::from_str(&text).expect(name)
}

/// Each fixture and what it must read as.
fn check(name: &str) {
    let v = fixture(name);
    match name {
        "ap_user.json" | "ap_user_move.json" | "extracted/person_export.json" => {
            let a = parse::actor(&v).expect(name);
            assert!(a.bookwyrm, "{name}");
            assert!(
                a.shared_inbox
                    .as_deref()
                    .is_some_and(|s| s.ends_with("/inbox"))
            );
            assert_eq!(
                dogear::federation::signatures::key_owner(&a.key_id),
                a.id,
                "{name}: the key's id names its actor"
            );
            assert_eq!(a.key_owner, a.id);
            if name == "ap_user.json" {
                assert_eq!(a.username, "mouse");
                assert_eq!(a.name, "MOUSE?? MOUSE!!");
                assert!(!a.manual_approval);
                assert!(a.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
                assert_eq!(
                    a.icon.as_deref(),
                    Some("https://example.com/images/avatars/AL-2-crop-50.png")
                );
            }
            if name == "ap_user_move.json" {
                assert_eq!(a.also_known_as, ["https://your.domain.here:4242/user/rat"]);
            }
            if name == "extracted/person_export.json" {
                assert!(a.manual_approval);
                assert_eq!(
                    a.summary,
                    "<p>I love to make soup in Paris and eat pizza in New York</p>"
                );
            }
        }
        "bw_edition_legacy.json" => {
            let b = parse::book(&v).expect(name);
            assert!(!b.is_work);
            assert_eq!(b.title, "Piranesi");
            assert_eq!(b.isbn13.as_deref(), Some("9781526622426"));
            assert_eq!(b.isbn10.as_deref(), Some("1526622424"));
            assert_eq!(b.openlibrary_key.as_deref(), Some("OL29486417M"));
            assert_eq!(b.work.as_deref(), Some("https://bookwyrm.social/book/5988"));
            assert_eq!(b.authors, ["https://bookwyrm.social/author/417"]);
            assert_eq!(b.pages, Some(272));
            assert!(b.cover.as_deref().is_some_and(|c| c.ends_with(".jpg")));
        }
        "bw_work_legacy.json" => {
            let b = parse::book(&v).expect(name);
            assert!(b.is_work);
            assert_eq!(b.openlibrary_key.as_deref(), Some("OL20893680W"));
            assert_eq!(b.editions, ["https://bookwyrm.social/book/5989"]);
            // Markdown-ish text stays text; no tags beyond the safe ones.
            assert!(!b.description.unwrap_or_default().contains("<script"));
        }
        "extracted/edition_current.json" => {
            let b = parse::book(&v).expect(name);
            assert_eq!(b.isbn13.as_deref(), Some("9780300070163"));
            assert_eq!(b.isbn10, None, "an empty isbn10 is none");
            assert_eq!(b.openlibrary_key.as_deref(), Some("OL680025M"));
            assert_eq!(b.work.as_deref(), Some("https://www.example.com/book/1"));
            assert_eq!(b.authors, ["https://www.example.com/author/1"]);
            assert!(b.cover.is_some());
        }
        "extracted/work_current.json" => {
            let b = parse::book(&v).expect(name);
            assert!(b.is_work);
            assert_eq!(b.title, "Seeing Like a State");
            assert!(!b.editions.is_empty());
        }
        "extracted/author.json" => {
            let a = parse::author(&v).expect(name);
            assert_eq!(a.name, "James C. Scott");
            assert_eq!(a.aliases.len(), 10);
        }
        "ap_comment.json" => {
            let s = parse::status(&v).expect(name);
            assert_eq!(s.kind, StatusKind::Comment);
            assert_eq!(
                s.in_reply_to_book.as_deref(),
                Some("https://example.com/book/1")
            );
            assert_eq!(s.in_reply_to, None);
            assert_eq!(s.spoiler, None);
            assert_eq!(s.audience, Audience::Public);
            assert_eq!(s.content, "commentary");
        }
        "ap_quotation.json" | "extracted/quotation_federation_md.json" => {
            let s = parse::status(&v).expect(name);
            assert_eq!(s.kind, StatusKind::Quotation);
            assert!(s.quote.is_some_and(|q| !q.is_empty()));
            assert!(s.in_reply_to_book.is_some());
        }
        "ap_note.json" => {
            let s = parse::status(&v).expect(name);
            assert_eq!(s.kind, StatusKind::Note);
            assert_eq!(s.mentions, ["https://example.com/user/mouse"]);
            assert_eq!(s.audience, Audience::Direct);
            assert_eq!(s.content, "test content in note");
        }
        "ap_generated_shelve_note_create.json" => {
            let a = parse::activity(&v).expect(name);
            assert_eq!(a.kind, "Create");
            assert_eq!(a.actor, "https://example.com/users/rat");
            let s = parse::status(a.object.as_ref().expect("embedded")).expect(name);
            assert_eq!(s.kind, StatusKind::GeneratedNote);
            assert_eq!(s.content, "wants to read");
            assert_eq!(s.books, ["https://bookwyrm.social/book/37292"]);
        }
        "extracted/review.json" => {
            let s = parse::status(&v).expect(name);
            assert_eq!(s.kind, StatusKind::Review);
            assert_eq!(s.name.as_deref(), Some("great book"));
            assert_eq!(s.rating_quarters, Some(20));
            assert_eq!(s.spoiler.as_deref(), Some("Here's a spoiler alert"));
            assert_eq!(s.audience, Audience::Followers);
            assert_eq!(
                s.in_reply_to_book.as_deref(),
                Some("https://www.example.com/book/6")
            );
        }
        "extracted/review_federation_md.json" => {
            let s = parse::status(&v).expect(name);
            assert_eq!(s.rating_quarters, Some(18), "4.5 stars");
            assert_eq!(s.name.as_deref(), Some("What a cracking read"));
            assert_eq!(s.spoiler.as_deref(), Some("Spoilers ahead!"));
            assert_eq!(
                s.in_reply_to_book.as_deref(),
                Some("https://example.net/book/1")
            );
        }
        "extracted/comment_federation_md.json" => {
            let s = parse::status(&v).expect(name);
            assert_eq!(s.kind, StatusKind::Comment);
            assert_eq!(s.spoiler.as_deref(), Some("Spoilers ahead!"));
            assert_eq!(s.audience, Audience::Followers);
        }
        "extracted/create_rating.json" => {
            let a = parse::activity(&v).expect(name);
            assert_eq!(a.kind, "Create");
            assert!(
                a.to.iter().any(|t| parse::is_public(t)),
                "#public in lower case"
            );
            let s = parse::status(a.object.as_ref().expect("embedded")).expect(name);
            assert_eq!(s.kind, StatusKind::Rating);
            assert_eq!(s.rating_quarters, Some(12));
            assert_eq!(
                s.in_reply_to_book.as_deref(),
                Some("https://example.com/book/1")
            );
            assert_eq!(s.in_reply_to, None, "an empty inReplyTo is none");
        }
        "extracted/shelf.json" | "extracted/booklist.json" => {
            let c = parse::collection(&v).expect(name);
            assert!(!c.name.is_empty());
            assert!(c.owner.is_some());
            assert_eq!(c.total, Some(1));
        }
        "extracted/listitem.json" => {
            let item = parse::shelf_item(&v).expect(name);
            assert_eq!(item.book, "https://www.example.com/book/2");
        }
        "extracted/add_shelfitem.json" => {
            let a = parse::activity(&v).expect(name);
            assert_eq!(a.kind, "Add");
            assert_eq!(
                a.target.as_deref(),
                Some("https://example.com/user/rat/shelf/to-read")
            );
            let item = parse::shelf_item(a.object.as_ref().expect("embedded")).expect(name);
            assert_eq!(item.book, "https://example.com/book/37292");
        }
        "extracted/follow.json" => {
            let a = parse::activity(&v).expect(name);
            assert_eq!(a.kind, "Follow");
            assert_eq!(
                a.object_id.as_deref(),
                Some("https://example.com/user/mouse")
            );
            assert_eq!(a.object, None);
        }
        other => panic!("no check for the fixture {other}: add one"),
    }
}

fn every_fixture() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for sub in ["", "extracted/"] {
        for entry in std::fs::read_dir(format!("{DIR}/{sub}")).expect("fixtures") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".json") {
                names.insert(format!("{sub}{name}"));
            }
        }
    }
    names
}

#[test]
fn every_bookwyrm_fixture_reads_as_what_it_is() {
    let names = every_fixture();
    assert_eq!(names.len(), 22, "{names:?}");
    for name in &names {
        check(name);
    }
}

fn sample_book() -> Book {
    Book {
        id: 7,
        title: "Piranesi".into(),
        authors: vec![AuthorRef {
            id: 3,
            name: "Susanna Clarke".into(),
            role: "author".into(),
        }],
        isbn13: Some("9781526622426".into()),
        isbn10: Some("1526622424".into()),
        pages: Some(272),
        year: Some(2020),
        description: Some("A house of *endless* halls.".into()),
        ratings_count: 0,
        ratings_sum: 0,
        reviews_count: 0,
        created_at: 0,
        series: None,
        series_position: None,
        cover: None,
    }
}

#[test]
fn dogear_books_read_back_as_bookwyrm_editions_with_a_work() {
    let site = PublicUrl::parse("https://books.example").expect("url");
    let ids = Ids(&site);
    let book = sample_book();
    let edition = parse::book(&objects::edition(&book, &ids)).expect("edition");
    assert_eq!(edition.id, "https://books.example/books/7");
    assert_eq!(edition.isbn13.as_deref(), Some("9781526622426"));
    assert_eq!(edition.isbn10.as_deref(), Some("1526622424"));
    assert_eq!(edition.authors, ["https://books.example/authors/3"]);
    let work_id = edition.work.expect("an edition names its work");
    let work = parse::book(&objects::work(&book, &ids)).expect("work");
    assert_eq!(work.id, work_id);
    assert!(work.is_work);
    assert_eq!(work.editions, [edition.id.as_str()]);
    let author = parse::author(&objects::author(&book.authors[0], &ids)).expect("author");
    assert_eq!(author.name, "Susanna Clarke");
}

#[test]
fn dogear_reviews_read_back_as_bookwyrm_reviews_and_friends_only_stays_with_followers() {
    let site = PublicUrl::parse("https://books.example").expect("url");
    let ids = Ids(&site);
    let book = sample_book();
    let out = ReviewOut {
        id: 11,
        username: "ann",
        book: &book,
        body_html: "<p>Tides and statues.</p>",
        spoiler: true,
        stars_quarters: Some(18),
        reach: Reach::Public,
        published: 1_700_000_000,
        updated: None,
    };
    let doc = objects::review(&out, &ids, true);
    let s = parse::status(&doc).expect("review");
    assert_eq!(s.kind, StatusKind::Review);
    assert_eq!(s.rating_quarters, Some(18));
    assert_eq!(doc["rating"], 4.5);
    assert!(s.name.is_some_and(|n| n.contains("Piranesi")));
    assert!(s.spoiler.is_some(), "a spoiler is a summary");
    assert_eq!(doc["sensitive"], true);
    assert_eq!(
        s.in_reply_to_book.as_deref(),
        Some("https://books.example/books/7")
    );
    assert_eq!(s.audience, Audience::Public);
    assert_eq!(s.attributed_to, "https://books.example/users/ann");

    let friends = ReviewOut {
        reach: Reach::Followers,
        ..out.clone()
    };
    let doc = objects::review(&friends, &ids, true);
    let text = doc.to_string();
    assert!(!text.contains(PUBLIC), "{text}");
    assert_eq!(
        parse::status(&doc).expect("review").audience,
        Audience::Followers
    );
    assert_eq!(doc["to"][0], "https://books.example/users/ann/followers");

    // Servers that are not BookWyrm get an Article that links the book.
    let plain = objects::review(&out, &ids, false);
    let s = parse::status(&plain).expect("article");
    assert_eq!(s.kind, StatusKind::Article);
    assert!(s.content.contains("https://books.example/books/7"));
    assert_eq!(plain.get("rating"), None);
}

#[test]
fn dogear_ratings_notes_quotes_and_thread_messages_read_back() {
    let site = PublicUrl::parse("https://books.example").expect("url");
    let ids = Ids(&site);
    let book = sample_book();
    let rating = parse::status(&objects::rating("ann", &book, 14, 0, &ids)).expect("rating");
    assert_eq!(rating.kind, StatusKind::Rating);
    assert_eq!(rating.rating_quarters, Some(14), "3.5 stars");
    assert_eq!(
        rating.in_reply_to_book.as_deref(),
        Some("https://books.example/books/7")
    );

    let note = objects::generated_note(
        "https://books.example/users/ann/status/1",
        "ann",
        &book,
        "wants to read",
        0,
        &ids,
    );
    let note = parse::status(&note).expect("note");
    assert_eq!(note.kind, StatusKind::GeneratedNote);
    assert_eq!(note.books, ["https://books.example/books/7"]);

    let quote = parse::status(&objects::quotation(
        5,
        "ann",
        &book,
        "<p>The Beauty of the House</p>",
        0,
        &ids,
    ))
    .expect("quote");
    assert_eq!(quote.kind, StatusKind::Quotation);
    assert_eq!(
        quote.quote.as_deref(),
        Some("<p>The Beauty of the House</p>")
    );

    let reply = objects::thread_note(
        &objects::NoteOut {
            review_id: 11,
            number: 3,
            username: "bo",
            body_html: "<p>Agreed</p>",
            in_reply_to: &ids.review(11),
            reach: Reach::Public,
            published: 0,
        },
        &ids,
    );
    let reply = parse::status(&reply).expect("reply");
    assert_eq!(reply.kind, StatusKind::Note);
    assert_eq!(reply.id, "https://books.example/reviews/11/comments/3");
    assert_eq!(
        reply.in_reply_to.as_deref(),
        Some("https://books.example/reviews/11")
    );

    let shelf = objects::shelf_change(
        true,
        "https://books.example/users/ann/shelves/to-read/7",
        "ann",
        &book,
        "https://books.example/users/ann/shelves/to-read",
        &ids,
    );
    let add = parse::activity(&shelf).expect("add");
    assert_eq!(add.kind, "Add");
    let item = parse::shelf_item(add.object.as_ref().expect("item")).expect("item");
    assert_eq!(item.book, "https://books.example/books/7");

    let gone = objects::delete(
        "https://books.example/reviews/11#delete",
        "https://books.example/users/ann",
        &ids.review(11),
        Reach::Public,
        &ids.followers("ann"),
    );
    let gone = parse::activity(&gone).expect("delete");
    assert_eq!(
        gone.object_id.as_deref(),
        Some("https://books.example/reviews/11")
    );
    assert_eq!(
        gone.object.as_ref().map(|o| o["type"].clone()),
        Some("Tombstone".into())
    );
}
