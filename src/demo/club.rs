//! The demo's book club: readers reading one book together on a schedule,
//! with a busy read-along topic whose later messages fold for the slow.

use crate::actions;
use crate::domain::markdown;
use crate::domain::thread::Thread;
use crate::error::{ActionError, ActionResult};
use crate::store::{NewComment, NewGroup, Store};

const DAY: i64 = 24 * 3600;

/// The schedule: (label, last page, days after the start it is due).
const SCHEDULE: [(&str, i64, i64); 4] = [
    ("Chapters 1-10", 80, 7),
    ("Chapters 11-30", 220, 14),
    ("Chapters 31-60", 450, 21),
    ("The end", 800, 28),
];

const TALK: [&str; 8] = [
    "Hello, fellow readers! How is everyone finding the opening?",
    "The first pages are slow, but the voice carries me.",
    "I keep a list of who is related to whom. It helps.",
    "That letter at the end of the section changes everything.",
    "No spoilers, but hold on to your hats after chapter twenty.",
    "I did not see that coming at all.",
    "Who else is reading a page a night? No rush here.",
    "The ending made me go back and reread the first chapter.",
];

/// Fills the club: `readers[0]` owns it; it reads `books[0]` now, read two
/// before, and weighs three more; each reader is somewhere in the book.
pub(super) async fn fill(store: &Store, readers: &[i64], books: &[i64]) -> ActionResult<i64> {
    let (Some((&owner, others)), Some(&book)) = (readers.split_first(), books.first()) else {
        return Err(ActionError::Internal("no demo readers".into()));
    };
    let now = actions::now();
    let start = now - 20 * DAY;
    let group = NewGroup {
        name: "The Slow Readers' Club".into(),
        description:
            "One big book a month, a chapter at a time. Nobody spoils it for the slow ones.".into(),
        picture: String::new(),
        visibility: "public".into(),
        joining: "open".into(),
        now: start,
    };
    let id = store
        .create_group(&group, owner, "demo-club-invitation")
        .await?;
    for member in others {
        store.set_member(id, *member, "member", start).await?;
    }
    if let Some(first) = others.first() {
        store.set_member(id, *first, "moderator", start).await?;
    }
    // The shelf: two read before this one, three put forward and voted on.
    for (n, earlier) in books.iter().skip(1).take(2).enumerate() {
        store
            .place_group_book(id, *earlier, "read", start - (n as i64 + 1) * 30 * DAY)
            .await?;
    }
    for (n, next) in books.iter().skip(3).take(3).enumerate() {
        let by = readers[(n + 1) % readers.len()];
        store
            .propose_group_book(id, *next, by, start + n as i64)
            .await?;
        for voter in readers.iter().take(3 - n) {
            store.vote_group_book(id, *next, *voter, true).await?;
        }
    }
    let started = crate::domain::dates::today(start).stored();
    store.set_current_book(id, book, &started, start).await?;
    let mut checkpoints = Vec::new();
    for (label, page, due) in SCHEDULE {
        let due_on = crate::domain::dates::today(start + due * DAY).stored();
        checkpoints.push(
            store
                .add_checkpoint(id, book, label, page, &due_on)
                .await?
                .unwrap_or_default(),
        );
    }
    // Each reader at their own pace: the same progress updates as anywhere.
    for (n, reader) in readers.iter().enumerate() {
        let page = 30 + (n as i64 * 97) % 700;
        store
            .add_progress(*reader, book, Some(page), None, None, now - DAY)
            .await?;
    }
    let rules = store
        .create_topic(id, owner, "Welcome, and how we talk here", None, start)
        .await?;
    store.set_topic_state(rules, true, false).await?;
    post(store, rules, owner, TALK[0], start, None).await?;
    let topic = store
        .create_topic(
            id,
            owner,
            "Read-along: the whole book, chapter by chapter",
            Some(book),
            start,
        )
        .await?;
    for n in 0..120_i64 {
        let author = readers[(n as usize * 5 + 1) % readers.len()];
        let stage = (n / 30) as usize;
        let tie = (stage > 0).then(|| checkpoints[stage.min(checkpoints.len() - 1)]);
        let body = format!("{} (message {})", TALK[(n as usize) % TALK.len()], n + 1);
        post(store, topic, author, &body, start + n * 3600, tie).await?;
    }
    Ok(id)
}

async fn post(
    store: &Store,
    topic: i64,
    author: i64,
    body: &str,
    now: i64,
    checkpoint: Option<i64>,
) -> ActionResult<()> {
    let new = NewComment {
        thread: Thread::Topic(topic),
        author_id: author,
        body: body.to_string(),
        body_html: markdown::render(body),
        quote_of: None,
        now,
    };
    let (comment, _) = store.add_comment(&new).await?;
    if let Some(checkpoint) = checkpoint {
        store.tie_comment(comment, checkpoint).await?;
    }
    Ok(())
}
