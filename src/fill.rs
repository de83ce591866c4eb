//! `dogear fill`: a large made-up library on top of a loaded catalogue, for
//! load tests: thousands of readers, tens of thousands of ratings, reviews,
//! a long conversation and a reader with many friends. Deterministic, so two
//! runs measure the same thing.

use crate::actions::now;
use crate::auth::password;
use crate::domain::markdown;
use crate::error::{ActionError, ActionResult};
use crate::store::{NewComment, NewReview, NewUser, Store};

/// How much to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub readers: usize,
    pub ratings: usize,
    pub reviews: usize,
    pub thread: usize,
    pub friends: usize,
    /// Books the first reader has read, over the years: their stats and years.
    pub library: usize,
}

/// What a load test needs to find in the filled library.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The review with the long conversation.
    pub review: i64,
    /// A review with a short one, for posting to.
    pub quiet_review: i64,
    pub book: i64,
    /// A list of `LIST_BOOKS` books with votes.
    pub list: i64,
    /// A public club's read-along topic of `TOPIC_MESSAGES` messages.
    pub topic: i64,
    /// A reader with many friends, and the password every made-up reader shares.
    pub reader: String,
    pub password: &'static str,
}

pub const PASSWORD: &str = "bench-reader-password";

/// How many books the long list holds.
pub const LIST_BOOKS: usize = 500;

/// How many messages the busy club topic holds.
pub const TOPIC_MESSAGES: usize = 500;

const SENTENCES: [&str; 8] = [
    "The prose is *patient* and the ending earns every page.",
    "I kept putting it down and picking it straight back up.",
    "A book about memory, pretending to be a book about a journey.",
    "The middle sags, but the last fifty pages are **extraordinary**.",
    "Recommended to anyone who liked the author's earlier novels.",
    "Not for me, though I can see why people love it.",
    "The translation reads beautifully; you forget it is one.",
    "I will reread this in ten years and find a different book.",
];

/// A small deterministic generator (xorshift): the same library every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

/// Made-up readers with tastes, so that "readers who liked this also liked"
/// has something to find: the catalogue (most popular first) is dealt into
/// `GROUPS` tastes; each reader loves two of them, rating books there 4 or 5
/// stars, and rates anything else from 1 to 5. Popular books come up more.
struct Tastes {
    all: Vec<i64>,
    groups: Vec<Vec<i64>>,
}

const GROUPS: usize = 50;

impl Tastes {
    fn new(books: &[i64]) -> Tastes {
        let mut all = books.to_vec();
        all.sort_unstable();
        let mut groups = vec![Vec::new(); GROUPS];
        for (n, &book) in all.iter().enumerate() {
            groups[n % GROUPS].push(book);
        }
        Tastes { all, groups }
    }

    /// One rating by the `reader`-th reader: (book, quarter stars).
    fn rating(&self, reader: usize, dice: &mut Dice) -> (i64, i64) {
        if dice.next(10) < 6 {
            let taste = if dice.next(2) == 0 {
                reader
            } else {
                reader * 7 + 3
            };
            let group = &self.groups[taste % GROUPS];
            (popular(group, dice), 4 * (4 + dice.next(2)) as i64)
        } else {
            (popular(&self.all, dice), 4 * (1 + dice.next(5)) as i64)
        }
    }
}

/// A book from the list, the front ones (the popular) more often.
fn popular(books: &[i64], dice: &mut Dice) -> i64 {
    let u = dice.next(1 << 16) as f64 / f64::from(1 << 16);
    books[((u * u) * books.len() as f64) as usize % books.len().max(1)]
}

pub async fn fill(store: &Store, size: Size) -> ActionResult<Filled> {
    let books: Vec<i64> = store
        .recent_books(100_000)
        .await?
        .into_iter()
        .map(|b| b.id)
        .collect();
    if books.is_empty() {
        return Err(ActionError::invalid(
            "catalogue",
            "load a catalogue first (dogear catalogue import FILE)",
        ));
    }
    // One hash for everyone: argon2 per reader would take minutes.
    let hash = password::hash(PASSWORD.to_string()).await?;
    let at = now() - 86_400 * 30;
    let mut readers = Vec::with_capacity(size.readers);
    for n in 0..size.readers.max(2) {
        let name = format!("bench{n}");
        let user = store
            .create_user(&NewUser {
                username: name.clone(),
                username_key: name,
                display_name: format!("Bench Reader {n}"),
                password_hash: hash.clone(),
                appoint: crate::store::Appoint::Reader,
                now: at,
            })
            .await?;
        readers.push(user.id);
    }
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let tastes = Tastes::new(&books);
    for n in 0..size.ratings {
        let which = dice.next(readers.len());
        let (book, stars) = tastes.rating(which, &mut dice);
        store
            .set_rating(readers[which], book, stars, at + n as i64)
            .await?;
    }
    // Reviews by distinct (reader, book) pairs; the first is the famous one.
    let famous_book = books[0];
    let mut reviews = Vec::with_capacity(size.reviews);
    for n in 0..size.reviews.max(2) {
        let reader = readers[n % readers.len()];
        let book = if n == 0 {
            famous_book
        } else {
            books[(n / readers.len() + dice.next(books.len())) % books.len()]
        };
        let body: Vec<&str> = (0..3)
            .map(|_| SENTENCES[dice.next(SENTENCES.len())])
            .collect();
        let body = body.join(" ");
        let id = store
            .upsert_review(&NewReview {
                user_id: reader,
                book_id: book,
                body_html: markdown::render(&body),
                body,
                spoiler: false,
                recommended_for: None,
                visibility: "public".into(),
                now: at + n as i64,
            })
            .await?;
        reviews.push(id);
    }
    for n in 0..size.thread {
        let body = SENTENCES[n % SENTENCES.len()].to_string();
        store
            .add_comment(&NewComment {
                thread: crate::domain::thread::Thread::Review(reviews[0]),
                author_id: readers[(n * 7 + 1) % readers.len()],
                body_html: markdown::render(&body),
                body,
                quote_of: None,
                now: at + 100_000 + n as i64,
            })
            .await?;
    }
    // The first reader has many friends, so their front page has a full feed.
    let first = readers[0];
    for &other in readers.iter().skip(1).take(size.friends) {
        store.request_friend(other, first, at).await?;
        store.accept_friend(first, other, at).await?;
    }
    let list = long_list(store, &readers, &books, &mut dice, at).await?;
    let topic = busy_topic(store, &readers, famous_book, at).await?;
    read_library(store, first, &books, size.library, at).await?;
    store.refresh_statistics().await?;
    Ok(Filled {
        list,
        topic,
        review: reviews[0],
        quiet_review: reviews[1],
        book: famous_book,
        reader: "bench0".into(),
        password: PASSWORD,
    })
}

/// A public club of fifty readers reading the famous book along, and its
/// busy topic: `TOPIC_MESSAGES` messages, every tenth tied to the schedule's
/// second checkpoint (folded for a reader short of it).
async fn busy_topic(store: &Store, readers: &[i64], book: i64, at: i64) -> ActionResult<i64> {
    let owner = readers[0];
    let club = crate::store::NewGroup {
        name: "The long read".into(),
        description: "Fifty readers, one book, a chapter a week.".into(),
        picture: String::new(),
        visibility: "public".into(),
        joining: "open".into(),
        now: at,
    };
    let group = store.create_group(&club, owner, "bench-club").await?;
    for &member in readers.iter().skip(1).take(49) {
        store.set_member(group, member, "member", at).await?;
    }
    let started = crate::domain::dates::today(at).stored();
    store.set_current_book(group, book, &started, at).await?;
    let mut checkpoints = Vec::new();
    for (label, page) in [("Part one", 100), ("Part two", 200)] {
        let id = store
            .add_checkpoint(group, book, label, page, &started)
            .await?
            .unwrap_or_default();
        checkpoints.push(id);
    }
    let topic = store
        .create_topic(group, owner, "The whole book, week by week", Some(book), at)
        .await?;
    for n in 0..TOPIC_MESSAGES {
        let body = SENTENCES[n % SENTENCES.len()].to_string();
        let (id, _) = store
            .add_comment(&NewComment {
                thread: crate::domain::thread::Thread::Topic(topic),
                author_id: readers[(n * 3) % 50.min(readers.len())],
                body_html: markdown::render(&body),
                body,
                quote_of: None,
                now: at + 200_000 + n as i64,
            })
            .await?;
        if n % 10 == 9 {
            store.tie_comment(id, checkpoints[1]).await?;
        }
    }
    Ok(topic)
}

/// The first reader's long reading life: `count` books read, a few a week
/// over the years before `at`, most rated.
async fn read_library(
    store: &Store,
    reader: i64,
    books: &[i64],
    count: usize,
    at: i64,
) -> ActionResult<()> {
    const DAY: i64 = 24 * 3600;
    for (n, &book) in books.iter().take(count).enumerate() {
        let finished_at = at - (n as i64) * 2 * DAY;
        let day = crate::domain::dates::today(finished_at).stored();
        store
            .set_status(reader, book, Some("read"), finished_at)
            .await?;
        store
            .add_read(reader, book, None, Some(&day), finished_at)
            .await?;
        if n % 4 != 3 {
            let stars = 4 * (1 + (n * 7 % 5)) as i64;
            store.set_rating(reader, book, stars, finished_at).await?;
        }
    }
    Ok(())
}

/// A list of `LIST_BOOKS` books by the first reader, with a few thousand votes
/// spread unevenly over them, so its ranks are not the order books came.
async fn long_list(
    store: &Store,
    readers: &[i64],
    books: &[i64],
    dice: &mut Dice,
    at: i64,
) -> ActionResult<i64> {
    let title = "The long list";
    let list = store
        .create_list(&crate::store::NewList {
            user_id: readers[0],
            title: title.into(),
            title_key: crate::store::author_key(title),
            description: "Everything worth reading, ranked by everyone.".into(),
            mode: "open".into(),
            now: at,
        })
        .await?;
    for (n, book) in books.iter().take(LIST_BOOKS).enumerate() {
        let entry = store
            .add_list_book(&crate::store::NewListBook {
                list_id: list,
                book_id: *book,
                added_by: readers[n % readers.len()],
                note: if n % 3 == 0 {
                    SENTENCES[n % SENTENCES.len()].into()
                } else {
                    String::new()
                },
                pending: false,
                now: at + n as i64,
            })
            .await?;
        let Some(entry) = entry else { continue };
        for _ in 0..dice.next(8) {
            let voter = readers[dice.next(readers.len())];
            store
                .set_list_vote(list, entry, voter, true, at + n as i64)
                .await?;
        }
    }
    Ok(list)
}
