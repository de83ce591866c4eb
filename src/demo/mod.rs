//! `dogear demo`: a small, believable library so a newcomer sees a living site.
//! The books are real classics; the readers and everything they wrote are made up.

mod club;
mod reading_life;

use crate::actions::{self, accounts};
use crate::domain::markdown;
use crate::error::{ActionError, ActionResult};
use crate::store::{NewBook, NewReview, ShelfRef, Store};

const READERS: [(&str, &str); 6] = [
    ("helen", "Helen Marsh"),
    ("erin", "Erin Okafor"),
    ("tomas", "Tomás Ruiz"),
    ("priya", "Priya Natarajan"),
    ("jonah", "Jonah Weiss"),
    ("mei", "Mei Lin"),
];

/// The password every demo reader signs in with.
pub const DEMO_PASSWORD: &str = "dogear-demo";

const BOOKS: [(&str, &str, i64, i64, &str); 8] = [
    (
        "Middlemarch",
        "George Eliot",
        1871,
        880,
        "A provincial town, a cast of idealists and compromisers, and the slow weather of marriage.",
    ),
    (
        "Moby-Dick",
        "Herman Melville",
        1851,
        635,
        "A captain, a whale, and a crew along for the ride.",
    ),
    (
        "Pride and Prejudice",
        "Jane Austen",
        1813,
        432,
        "First impressions, second thoughts, and a great deal of walking.",
    ),
    (
        "The Brothers Karamazov",
        "Fyodor Dostoevsky",
        1880,
        796,
        "Three brothers, one father, and every question worth asking.",
    ),
    (
        "Great Expectations",
        "Charles Dickens",
        1861,
        505,
        "An orphan, a convict, a jilted bride and a boy's idea of becoming a gentleman.",
    ),
    (
        "Frankenstein",
        "Mary Shelley",
        1818,
        280,
        "A creator who runs from what he made.",
    ),
    (
        "Jane Eyre",
        "Charlotte Brontë",
        1847,
        532,
        "A governess who will not be anyone's possession.",
    ),
    (
        "War and Peace",
        "Leo Tolstoy",
        1869,
        1225,
        "Families, armies, and the chance that decides between them.",
    ),
];

/// (reader, book, quarter stars, status, own shelves, review, spoiler, recommended for)
type Opinion = (
    usize,
    usize,
    i64,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    bool,
    Option<&'static str>,
);

const OPINIONS: [Opinion; 14] = [
    (
        0,
        0,
        20,
        "read",
        &["literature", "favourites"],
        Some(
            "I came to this expecting a **dutiful** classic and found the most *humane* novel I know.\n\nEvery character is allowed to be wrong in their own way, and the narrator forgives them all without letting any of them off.\n\n> It is a narrow mind which cannot look at a subject from various points of view.\n\nRead it slowly. It rewards every hour.",
        ),
        false,
        Some("anyone who thinks they don't like Victorian novels"),
    ),
    (
        1,
        0,
        16,
        "read",
        &["literature"],
        Some("Long, yes, but never slack. Dorothea's story broke my heart twice."),
        false,
        None,
    ),
    (
        2,
        1,
        12,
        "read",
        &["sea"],
        Some("The chapters on rope and blubber are a test of faith. The rest is a thunderstorm."),
        false,
        Some("patient readers"),
    ),
    (
        3,
        2,
        18,
        "read",
        &["comfort-reads"],
        Some(
            "Still funny, still sharp. Mr Collins's proposal is the best bad speech ever written.",
        ),
        false,
        None,
    ),
    (
        4,
        3,
        20,
        "read",
        &["philosophy", "favourites"],
        Some(
            "The Grand Inquisitor chapter alone is worth the book.\n\nAnd the ending — Alyosha with the boys at the stone — is where I cried: the trial verdict is not what anyone deserved.",
        ),
        true,
        Some("people who argue with themselves"),
    ),
    (
        5,
        4,
        14,
        "read",
        &[],
        Some("Pip is insufferable for two hundred pages and then you realise that was the point."),
        false,
        None,
    ),
    (
        0,
        5,
        16,
        "read",
        &["gothic"],
        Some(
            "Shorter and stranger than the films. The creature talks, and he is the most eloquent person in it.",
        ),
        false,
        None,
    ),
    (
        1,
        6,
        18,
        "read",
        &["favourites"],
        Some("Reader, I loved it."),
        false,
        None,
    ),
    (2, 7, 10, "currently-reading", &[], None, false, None),
    (3, 0, 0, "to-read", &[], None, false, None),
    (4, 2, 16, "read", &[], None, false, None),
    (5, 0, 0, "currently-reading", &[], None, false, None),
    (
        1,
        1,
        8,
        "read",
        &[],
        Some(
            "I wanted to like it more. Ishmael vanishes for most of the book and so did my patience.",
        ),
        false,
        None,
    ),
    (3, 5, 0, "to-read", &[], None, false, None),
];

const DAY: i64 = 24 * 3600;

/// Fills an empty site; says so and changes nothing if the demo is there already.
/// A site with readers of its own gets no made-up readers beside them (the
/// demo's accounts have a published password).
pub async fn fill(store: &Store) -> ActionResult<String> {
    if store.user_by_username(READERS[0].0).await?.is_some() {
        return Ok("the demo library is already here: sign in as helen / dogear-demo".into());
    }
    if store.has_readers().await? {
        return Err(crate::error::ActionError::Conflict {
            field: "database",
            message: "this site has readers already: the demo library only goes into an empty site"
                .into(),
        });
    }
    let start = actions::now() - 400 * DAY;
    let mut readers = Vec::new();
    for (name, display) in READERS {
        let signup = accounts::Signup {
            username: name.into(),
            password: DEMO_PASSWORD.into(),
            display_name: Some(display.into()),
            // Helen, the first, runs the demo site.
            appoint: crate::store::Appoint::AdminIfNone,
        };
        readers.push(accounts::sign_up(store, signup).await?);
    }
    // Helen has friends, so her front page has a feed from the start.
    if let Some((helen, others)) = readers.split_first() {
        for (i, other) in others.iter().enumerate() {
            if i % 4 == 3 {
                store.set_follow(helen.id, other.id, true, start).await?;
            } else {
                store.request_friend(other.id, helen.id, start).await?;
                store.accept_friend(helen.id, other.id, start).await?;
            }
        }
    }
    let mut books = Vec::new();
    for (i, (title, author, year, pages, blurb)) in BOOKS.iter().enumerate() {
        let new = NewBook {
            title: title.to_string(),
            authors: vec![author.to_string()],
            roles: Vec::new(),
            isbn13: None,
            isbn10: None,
            pages: Some(*pages),
            year: Some(*year),
            description: Some(blurb.to_string()),
            series: None,
            series_position: None,
            language: Some("eng".into()),
            popularity: 0,
            created_by: Some(readers[i % readers.len()].id),
            now: start + i as i64 * DAY,
        };
        books.push(catalogued_or_new(store, &new).await?);
    }
    let mut reviews = Vec::new();
    for (n, (reader, book, stars, status, shelves, review, spoiler, recommended)) in
        OPINIONS.iter().enumerate()
    {
        let (user, book_id) = (readers[*reader].id, books[*book]);
        let began = start + (30 + n as i64 * 17) * DAY;
        if *status != "to-read" {
            store
                .set_status(user, book_id, Some("currently-reading"), began)
                .await?;
            store
                .add_progress(
                    user,
                    book_id,
                    None,
                    Some(35),
                    Some("slow start, then hooked"),
                    began + 6 * DAY,
                )
                .await?;
        }
        store
            .set_status(user, book_id, Some(status), began + 20 * DAY)
            .await?;
        if *status == "read" {
            let finished = crate::domain::dates::today(began + 20 * DAY).stored();
            store
                .add_read(user, book_id, None, Some(&finished[..7]), began + 20 * DAY)
                .await?;
        }
        if *stars > 0 {
            store
                .set_rating(user, book_id, *stars, began + 20 * DAY)
                .await?;
        }
        let own: Vec<ShelfRef> = shelves
            .iter()
            .map(|s| ShelfRef {
                name: s.to_string(),
                slug: s.to_string(),
            })
            .collect();
        if !own.is_empty() {
            store
                .set_shelves(user, book_id, &own, began + 20 * DAY)
                .await?;
        }
        if let Some(body) = review {
            let new = NewReview {
                user_id: user,
                book_id,
                body: body.to_string(),
                body_html: markdown::render(body),
                spoiler: *spoiler,
                recommended_for: recommended.map(str::to_string),
                visibility: "public".into(),
                now: began + 21 * DAY,
            };
            reviews.push(store.upsert_review(&new).await?);
        }
    }
    let first = *reviews
        .first()
        .ok_or_else(|| ActionError::Internal("no demo reviews".into()))?;
    for (i, liker) in readers.iter().enumerate().skip(1) {
        store
            .set_like(
                liker.id,
                first,
                true,
                start + (300 + i as i64) * DAY,
                &format!("demo-{i}"),
            )
            .await?;
    }
    let ids: Vec<i64> = readers.iter().map(|r| r.id).collect();
    long_thread(store, first, &ids, start + 310 * DAY).await?;
    let year = reading_life::fill(store, ids[0], &books).await?;
    let list = reading_life::fill_list(store, &ids, &books).await?;
    let club = club::fill(store, &ids, &books).await?;
    // Two books Helen has not met, for her picks; the ratings are old news in the feed.
    let mut rated = books.clone();
    for (title, author, year, pages) in UNMET {
        let new = NewBook {
            title: title.to_string(),
            authors: vec![author.to_string()],
            roles: Vec::new(),
            isbn13: None,
            isbn10: None,
            pages: Some(pages),
            year: Some(year),
            description: None,
            series: None,
            series_position: None,
            language: Some("eng".into()),
            popularity: 0,
            created_by: Some(readers[1].id),
            now: start,
        };
        rated.push(catalogued_or_new(store, &new).await?);
    }
    for (reader, book, stars) in SHARED_TASTES {
        store
            .set_rating(readers[reader].id, rated[book], stars, start + 20 * DAY)
            .await?;
    }
    // "Readers who liked this also liked" at once, not a few minutes after the server starts.
    actions::recommend::refresh(store, actions::now(), 0).await?;
    Ok(format!(
        "filled a demo library: {} readers, {} books, {} reviews and a {THREAD_LENGTH}-comment thread; \
         helen read {year} books last year and has a goal for this one. \
         Sign in as helen / {DEMO_PASSWORD}; the liveliest review is /reviews/{first}; \
         the book club is /groups/{club}; the most voted list is /lists/{list}",
        readers.len(),
        books.len() + reading_life::SHELF_LEN + UNMET.len(),
        reviews.len()
    ))
}

/// The catalogue's copy of a demo book if a catalogue was loaded first (no
/// second Middlemarch), else the demo's own.
async fn catalogued_or_new(store: &Store, new: &NewBook) -> ActionResult<i64> {
    let author = new.authors.first().map(|a| crate::store::author_key(a));
    if let Some(id) = store
        .book_by_title_author(&new.title, &author.unwrap_or_default())
        .await?
    {
        return Ok(id);
    }
    Ok(store.create_book(new).await?)
}

const THREAD_LENGTH: i64 = 151;

/// Books no opinion is about: Helen has not met them.
const UNMET: [(&str, &str, i64, i64); 2] = [
    ("Wives and Daughters", "Elizabeth Gaskell", 1865, 752),
    ("The Moonstone", "Wilkie Collins", 1868, 528),
];

/// Ratings (reader, book, quarter stars) beside the opinions, so that some
/// books were liked by the same readers: Middlemarch and Jane Eyre, Pride
/// and Prejudice and Jane Eyre, The Brothers Karamazov and War and Peace,
/// and Middlemarch and the two books Helen has not met (her picks).
const SHARED_TASTES: [(usize, usize, i64); 13] = [
    (2, 0, 20),
    (2, 6, 16),
    (3, 6, 18),
    (5, 2, 18),
    (5, 6, 16),
    (4, 7, 20),
    (2, 3, 18),
    (2, 7, 16),
    (5, 5, 16),
    (1, 8, 18),
    (2, 8, 16),
    (1, 9, 20),
    (2, 9, 16),
];

const LINES: [&str; 12] = [
    "The chapter where Lydgate realises what his marriage will cost him is the saddest thing I have read this year.",
    "I keep thinking about Mr Farebrother. *Everyone* needs a Farebrother.",
    "Is it just me or does the first hundred pages drag?",
    "It drags on purpose, I think: you are meant to live in the town before anything happens in it.",
    "Book club pick for March! Wish us luck.",
    "The finale is so **quiet**. Nobody wins, everybody grows.",
    "Casaubon's Key to All Mythologies is my favourite unfinished book within a book.",
    "Anyone tried the audiobook? The narrator does a wonderful Mrs Cadwallader.",
    "Dorothea and Will: earned, or convenient?",
    "Earned. Every one of those eight hundred pages earns it.",
    "Reading this alongside the letters of George Eliot has been a treat.",
    "Finished it last night and went straight back to the prelude.",
];

/// A long conversation under the liveliest review: an edited message, a
/// quoted one, a deleted one, and one by a reader who has since left.
async fn long_thread(
    store: &Store,
    review_id: i64,
    readers: &[i64],
    from: i64,
) -> ActionResult<()> {
    let leaver = accounts::sign_up(
        store,
        accounts::Signup {
            username: "wren".into(),
            password: DEMO_PASSWORD.into(),
            display_name: Some("Wren".into()),
            appoint: crate::store::Appoint::Reader,
        },
    )
    .await?;
    let mut quoted = None;
    for n in 1..=THREAD_LENGTH {
        let author = match n {
            120 => leaver.id,
            _ => readers[(n as usize * 7 + 3) % readers.len()],
        };
        let body = LINES[(n as usize * 5) % LINES.len()].to_string();
        let quote_of = if n == 60 { quoted } else { None };
        let new = crate::store::NewComment {
            thread: crate::domain::thread::Thread::Review(review_id),
            author_id: author,
            body_html: markdown::render(&body),
            body,
            quote_of,
            now: from + n * 3 * 3600,
        };
        let (id, _) = store.add_comment(&new).await?;
        match n {
            2 => quoted = Some(id),
            3 => {
                store
                    .edit_comment(
                        id,
                        "Edited: I take it back, the first hundred pages are the best part.",
                        "<p>Edited: I take it back, the first hundred pages are the best part.</p>",
                        from + n * 3 * 3600 + 600,
                    )
                    .await?
            }
            10 => {
                store
                    .delete_comment(id, false, from + n * 3 * 3600 + 60)
                    .await?
            }
            _ => {}
        }
    }
    store.delete_user(leaver.id, actions::now()).await?;
    Ok(())
}
