//! A reader's reading in numbers: what the stats page draws.

use std::collections::HashMap;

use super::goals::{Finish, counted, open_profile};
use super::memo::Memo;
use crate::domain::charts::{BarChart, page_buckets};
use crate::domain::dates::{self, ReadDate};
use crate::domain::rating::Stars;
use crate::error::ActionResult;
use crate::store::{Store, User};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Everything the stats page shows, for one year or for all of them.
#[derive(Debug, Clone)]
pub struct Stats {
    /// None: every year.
    pub year: Option<i32>,
    /// Years with finished books, latest first, to filter by.
    pub years: Vec<i32>,
    pub books: i64,
    pub pages: i64,
    pub books_by_period: BarChart,
    pub pages_by_period: BarChart,
    pub ratings: BarChart,
    pub lengths: BarChart,
    /// (author, books finished), most first.
    pub top_authors: Vec<(String, i64)>,
    /// The reader's own shelves on the books, most used first.
    pub top_shelves: Vec<(String, i64)>,
    /// Average days from starting a book to finishing it, where both are known.
    pub days_per_book: Option<f64>,
    /// StoryGraph's moods on the books (from imports), most first: at most 12.
    pub moods: Vec<(String, i64)>,
    /// StoryGraph's pace on the books: slow, medium, fast (empty if none known).
    pub pace: BarChart,
}

fn per_period(done: &[&Finish], year: Option<i32>, years: &[i32]) -> Vec<(String, i64, i64)> {
    match year {
        Some(_) => MONTHS
            .iter()
            .enumerate()
            .map(|(m, name)| {
                let of_month: Vec<&&Finish> = done
                    .iter()
                    .filter(|f| usize::from(f.on.month) == m + 1)
                    .collect();
                let pages = of_month.iter().map(|f| f.pages).sum();
                (name.to_string(), of_month.len() as i64, pages)
            })
            .collect(),
        None => {
            let mut ascending: Vec<i32> = years.to_vec();
            ascending.sort_unstable();
            let recent = ascending.len().saturating_sub(15);
            ascending[recent..]
                .iter()
                .map(|y| {
                    let of_year: Vec<&&Finish> = done.iter().filter(|f| f.on.year == *y).collect();
                    let pages = of_year.iter().map(|f| f.pages).sum();
                    (y.to_string(), of_year.len() as i64, pages)
                })
                .collect()
        }
    }
}

/// Days between a start and a finish (a month without a day counts from its 1st).
fn days(started: ReadDate, finished: ReadDate) -> i64 {
    (dates::to_unix(&finished) - dates::to_unix(&started)).max(0) / (24 * 3600)
}

/// Stats kept by reader and year (None: all years).
pub type StatsMemo = Memo<(i64, Option<i32>), Stats>;

/// Room for every busy reader's stats on a node.
pub fn stats_memo() -> StatsMemo {
    Memo::new(4096)
}

/// The owner's stats as the viewer may see them, kept in `kept` until the
/// owner's library changes.
pub async fn stats(
    store: &Store,
    kept: &StatsMemo,
    viewer: Option<&User>,
    owner: &User,
    year: Option<i32>,
) -> ActionResult<Stats> {
    open_profile(store, viewer, owner).await?;
    let stamp = store.library_stamp(owner.id).await?.unwrap_or_default();
    let made = kept
        .kept_or((owner.id, year), stamp, work_out(store, owner, year))
        .await?;
    Ok(Stats::clone(&made))
}

async fn work_out(store: &Store, owner: &User, year: Option<i32>) -> ActionResult<Stats> {
    let (all, _) = counted(store, owner.id).await?;
    let mut years: Vec<i32> = all.iter().map(|f| f.on.year).collect();
    years.dedup();
    years.reverse();
    let done: Vec<&Finish> = all
        .iter()
        .filter(|f| year.is_none_or(|y| f.on.year == y))
        .collect();
    let mut ids: Vec<i64> = done.iter().map(|f| f.book_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let (books, top_shelves, details) = tokio::try_join!(
        store.books_with_stars(owner.id, &ids),
        store.top_shelves(owner.id, &ids, 10),
        store.book_details(owner.id, &ids),
    )?;
    let (mut moods, pace) = crate::domain::moods::tally(details.iter().map(String::as_str));
    moods.truncate(12);
    let by_id: HashMap<i64, _> = books.iter().map(|(b, s)| (b.id, (b, *s))).collect();

    let periods = per_period(&done, year, &years);
    let books_data: Vec<(String, i64)> = periods.iter().map(|(l, b, _)| (l.clone(), *b)).collect();
    let pages_data: Vec<(String, i64)> = periods.iter().map(|(l, _, p)| (l.clone(), *p)).collect();
    let over = if year.is_some() {
        "by month"
    } else {
        "by year"
    };

    // Ratings in half stars, each book once.
    let mut halves = [0_i64; 10];
    for (_, stars) in by_id.values() {
        if let Some(q) = stars {
            let half = ((q + 1) / 2).clamp(1, 10) as usize;
            halves[half - 1] += 1;
        }
    }
    let ratings_data: Vec<(String, i64)> = (1..=10)
        .map(|h| {
            let label = Stars::from_quarters(h * 2).map_or(String::new(), |s| s.label());
            (label, halves[(h - 1) as usize])
        })
        .collect();
    let lengths = page_buckets(done.iter().filter(|f| f.pages > 0).map(|f| f.pages));

    let mut authors: HashMap<String, i64> = HashMap::new();
    for f in &done {
        if let Some((book, _)) = by_id.get(&f.book_id) {
            for a in &book.authors {
                *authors.entry(a.name.clone()).or_default() += 1;
            }
        }
    }
    let mut top_authors: Vec<(String, i64)> = authors.into_iter().collect();
    top_authors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top_authors.truncate(10);

    let spans: Vec<i64> = done
        .iter()
        .filter_map(|f| Some(days(f.started?, f.on)))
        .collect();
    let days_per_book =
        (!spans.is_empty()).then(|| spans.iter().sum::<i64>() as f64 / spans.len() as f64);

    Ok(Stats {
        year,
        years,
        books: done.len() as i64,
        pages: done.iter().map(|f| f.pages).sum(),
        books_by_period: BarChart::new("books", &format!("Books finished {over}"), &books_data),
        pages_by_period: BarChart::new("pages", &format!("Pages read {over}"), &pages_data),
        ratings: BarChart::new("ratings", "How the books were rated (stars)", &ratings_data),
        lengths: BarChart::new("lengths", "Book lengths (pages)", &lengths),
        top_authors,
        top_shelves,
        days_per_book,
        moods,
        pace: BarChart::new("pace", "Pace of the books", &pace),
    })
}
