//! Helen's reading life in the demo: a full year of books with a goal
//! reached, and this year's goal under way.

use crate::actions;
use crate::domain::dates::{self, ReadDate};
use crate::error::ActionResult;
use crate::store::{GoalRow, NewBook, NewQuote, Store};

const DAY: i64 = 24 * 3600;

/// How many books the reading life adds to the demo's.
pub(super) const SHELF_LEN: usize = 32;

/// More of the classics, for a year with forty books in it.
const SHELF: [(&str, &str, i64); SHELF_LEN] = [
    ("Anna Karenina", "Leo Tolstoy", 864),
    ("Crime and Punishment", "Fyodor Dostoevsky", 671),
    ("Madame Bovary", "Gustave Flaubert", 384),
    ("Bleak House", "Charles Dickens", 1017),
    ("Persuasion", "Jane Austen", 272),
    ("Emma", "Jane Austen", 474),
    ("North and South", "Elizabeth Gaskell", 521),
    ("The Age of Innocence", "Edith Wharton", 365),
    ("The House of Mirth", "Edith Wharton", 329),
    ("Dracula", "Bram Stoker", 418),
    ("The Picture of Dorian Gray", "Oscar Wilde", 254),
    ("Little Women", "Louisa May Alcott", 759),
    ("Silas Marner", "George Eliot", 240),
    ("The Mill on the Floss", "George Eliot", 608),
    ("Vanity Fair", "William Makepeace Thackeray", 912),
    ("Tess of the d'Urbervilles", "Thomas Hardy", 518),
    ("Far from the Madding Crowd", "Thomas Hardy", 480),
    ("The Portrait of a Lady", "Henry James", 656),
    ("Sense and Sensibility", "Jane Austen", 409),
    ("Mansfield Park", "Jane Austen", 507),
    ("The Woman in White", "Wilkie Collins", 672),
    ("The Count of Monte Cristo", "Alexandre Dumas", 1276),
    ("Les Misérables", "Victor Hugo", 1463),
    ("Walden", "Henry David Thoreau", 352),
    ("Don Quixote", "Miguel de Cervantes", 1072),
    ("The Scarlet Letter", "Nathaniel Hawthorne", 272),
    ("Heart of Darkness", "Joseph Conrad", 96),
    ("The Turn of the Screw", "Henry James", 120),
    ("A Tale of Two Cities", "Charles Dickens", 489),
    ("Oliver Twist", "Charles Dickens", 608),
    ("Northanger Abbey", "Jane Austen", 251),
    ("Cranford", "Elizabeth Gaskell", 256),
];

/// Passages Helen keeps from the demo's first books (all long out of copyright).
const QUOTES: [(usize, &str, i64); 3] = [
    (
        0,
        "It is a narrow mind which cannot look at a subject from various points of view.",
        213,
    ),
    (1, "Call me Ishmael.", 1),
    (
        2,
        "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
        1,
    ),
];

/// The 1st to the 28th of a month, spread by `n`.
fn date(year: i32, n: usize, of: usize) -> String {
    let day_of_year = (n * 360 / of.max(1)) as i64;
    let month = (day_of_year / 30 + 1).min(12) as u8;
    let day = (day_of_year % 28 + 1) as u8;
    ReadDate {
        year,
        month,
        day: Some(day),
    }
    .stored()
}

/// Last year: the demo's books and these forty in all, finished through the
/// year, most rated; a goal of 40, reached. This year: a goal of 30, with the
/// books read so far a little behind an even pace.
pub(super) async fn fill(store: &Store, helen: i64, demo_books: &[i64]) -> ActionResult<usize> {
    let now = actions::now();
    let today = dates::today(now);
    let mut books = demo_books.to_vec();
    for (i, (title, author, pages)) in SHELF.iter().enumerate() {
        let new = NewBook {
            title: title.to_string(),
            authors: vec![author.to_string()],
            roles: Vec::new(),
            isbn13: None,
            isbn10: None,
            pages: Some(*pages),
            year: None,
            description: None,
            series: None,
            series_position: None,
            language: Some("eng".into()),
            popularity: 0,
            created_by: Some(helen),
            now: now - 500 * DAY + i as i64,
        };
        books.push(super::catalogued_or_new(store, &new).await?);
    }
    let last_year = today.year - 1;
    let year_books: Vec<i64> = books.iter().copied().take(40).collect();
    for (n, book) in year_books.iter().enumerate() {
        let finished = date(last_year, n, year_books.len());
        let at = dates::to_unix(&ReadDate::from_stored(&finished).unwrap_or(today));
        // The demo's own books keep what Helen said of them.
        let hers = demo_books.contains(book);
        if !hers {
            store.set_status(helen, *book, Some("read"), at).await?;
        }
        store
            .add_read(helen, *book, None, Some(&finished), at)
            .await?;
        if !hers && n % 5 != 4 {
            // Quarter stars: 3 to 5 stars in halves.
            let stars = 12 + ((n * 7) % 5) as i64 * 2;
            store.set_rating(helen, *book, stars, at).await?;
        }
    }
    let goal = |year: i32, books: i64| GoalRow {
        year: i64::from(year),
        books,
        pages: None,
    };
    store.set_goal(helen, &goal(last_year, 40), now).await?;
    store.set_goal(helen, &goal(today.year, 30), now).await?;
    // This year so far: re-reads of the shortest, a little behind schedule.
    let elapsed = (dates::to_unix(&today)
        - dates::to_unix(&ReadDate {
            year: today.year,
            month: 1,
            day: Some(1),
        }))
        / DAY;
    let due = (30 * elapsed / 365).max(1) as usize;
    let so_far = due.saturating_sub(2).max(1);
    for n in 0..so_far {
        let day = now - (elapsed * (so_far - n) as i64 / (so_far as i64 + 1)).max(0) * DAY;
        let finished = dates::today(day).stored();
        let book = books[8 + n % 32];
        store
            .add_read(helen, book, None, Some(&finished), day)
            .await?;
    }
    for (n, (book, body, page)) in QUOTES.iter().enumerate() {
        if let Some(book_id) = demo_books.get(*book) {
            let quote = NewQuote {
                user_id: helen,
                book_id: *book_id,
                body: body.to_string(),
                page: Some(*page),
                percent: None,
                spoiler: false,
                now: now - (30 - n as i64) * DAY,
            };
            store.add_quote(&quote).await?;
        }
    }
    Ok(year_books.len())
}

/// A list of Helen's with the classics on it, ranked by the demo readers'
/// votes, one of them added by another reader with a note: its id.
pub(super) async fn fill_list(store: &Store, readers: &[i64], books: &[i64]) -> ActionResult<i64> {
    let now = actions::now();
    let Some((&helen, others)) = readers.split_first() else {
        return Err(crate::error::ActionError::Internal(
            "no demo readers".into(),
        ));
    };
    let title = "Classics worth a long winter";
    let list = crate::store::NewList {
        user_id: helen,
        title: title.into(),
        title_key: crate::store::author_key(title),
        description: "Big, slow, *wonderful* books for the dark months. Add yours.".into(),
        mode: "open".into(),
        now: now - 20 * DAY,
    };
    let list_id = store.create_list(&list).await?;
    for (n, book) in books.iter().take(10).enumerate() {
        let by = if n == 3 {
            others.first().copied().unwrap_or(helen)
        } else {
            helen
        };
        let note = match n {
            0 => "Start here.",
            3 => "Long, but every page earns its place.",
            _ => "",
        };
        let entry = crate::store::NewListBook {
            list_id,
            book_id: *book,
            added_by: by,
            note: note.into(),
            pending: false,
            now: now - (20 - n as i64) * DAY,
        };
        let Some(entry_id) = store.add_list_book(&entry).await? else {
            continue;
        };
        // Earlier books gather more votes, but not in order: the ranks move.
        let voters = [4, 6, 2, 5, 3, 1, 0, 2, 3, 1][n % 10];
        for voter in readers.iter().take(voters) {
            store
                .set_list_vote(list_id, entry_id, *voter, true, now - DAY)
                .await?;
        }
    }
    Ok(list_id)
}
