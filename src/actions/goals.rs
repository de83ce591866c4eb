//! Reading goals and a reader's year in books.

use super::memo::Memo;
use crate::domain::dates::ReadDate;
use crate::domain::goals::{Goal, Reading};
use crate::domain::zone::Zone;
use crate::error::{ActionError, ActionResult};
use crate::store::{Book, GoalRow, ReadingRow, Store, User};

/// How a goal stands: what it asks, what is done, and against the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalProgress {
    pub goal: Goal,
    pub books_read: i64,
    pub pages_read: i64,
    /// Books ahead (positive) or behind (negative) of an even pace.
    pub schedule: i64,
    pub reached: bool,
}

/// One finished reading in a year.
#[derive(Debug, Clone)]
pub struct YearBook {
    pub book: Book,
    pub finished: ReadDate,
    /// The reader's rating in quarter stars.
    pub stars: Option<i64>,
}

/// A reader's year in books.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// In finish order; a re-read appears again.
    pub books: Vec<YearBook>,
    pub pages: i64,
    pub goal: Option<GoalProgress>,
    /// The reader's own shelves most used on the year's books, with counts.
    pub shelves: Vec<(String, i64)>,
    /// Every year the reader has finished books in, latest first.
    pub years: Vec<i32>,
}

impl Year {
    fn pick(&self, better: impl Fn(&YearBook, &YearBook) -> bool) -> Option<&YearBook> {
        self.books
            .iter()
            .fold(None, |best: Option<&YearBook>, b| match best {
                Some(c) if !better(b, c) => Some(c),
                _ => Some(b),
            })
    }

    pub fn shortest(&self) -> Option<&YearBook> {
        let pages = |b: &YearBook| b.book.pages.unwrap_or(i64::MAX);
        self.pick(|b, c| b.book.pages.is_some() && pages(b) < pages(c))
    }

    pub fn longest(&self) -> Option<&YearBook> {
        self.pick(|b, c| b.book.pages.unwrap_or(0) > c.book.pages.unwrap_or(0))
            .filter(|b| b.book.pages.is_some())
    }

    pub fn highest_rated(&self) -> Option<&YearBook> {
        self.pick(|b, c| b.stars.unwrap_or(0) > c.stars.unwrap_or(0))
            .filter(|b| b.stars.is_some())
    }

    pub fn lowest_rated(&self) -> Option<&YearBook> {
        let stars = |b: &YearBook| b.stars.unwrap_or(i64::MAX);
        self.pick(|b, c| b.stars.is_some() && stars(b) < stars(c))
            .filter(|b| b.stars.is_some())
    }

    /// The average of the reader's ratings of the year's books, in stars.
    pub fn average_rating(&self) -> Option<f64> {
        let rated: Vec<i64> = self.books.iter().filter_map(|b| b.stars).collect();
        (!rated.is_empty()).then(|| rated.iter().sum::<i64>() as f64 / rated.len() as f64 / 4.0)
    }
}

/// The reader's time zone (UTC until they choose one).
pub async fn time_zone(store: &Store, reader: &User) -> ActionResult<Zone> {
    Ok(Zone::from_stored(
        store.time_zone(reader.id).await?.as_deref(),
    ))
}

/// Keeps the reader's time zone, given by its IANA name.
pub async fn set_time_zone(store: &Store, reader: &User, name: &str) -> ActionResult<Zone> {
    super::may_write(reader)?;
    let zone = Zone::parse(name)?;
    store.set_time_zone(reader.id, zone.name()).await?;
    Ok(zone)
}

/// A counted finish: the date, the book, its pages, when it was begun.
pub(super) struct Finish {
    pub on: ReadDate,
    pub book_id: i64,
    pub pages: i64,
    pub started: Option<ReadDate>,
}

/// The reader's counted finishes, with their time zone, which also says what day it is for them.
pub(super) async fn counted(store: &Store, user_id: i64) -> ActionResult<(Vec<Finish>, Zone)> {
    let (rows, zone) = tokio::try_join!(store.readings(user_id), store.time_zone(user_id))?;
    let zone = Zone::from_stored(zone.as_deref());
    Ok((finishes(rows, &zone), zone))
}

/// Finishes in date order; a book marked read with no reading is dated by
/// the day it was marked, in the reader's time zone.
pub(super) fn finishes(rows: Vec<ReadingRow>, zone: &Zone) -> Vec<Finish> {
    let mut out: Vec<Finish> = rows
        .into_iter()
        .filter_map(|row| {
            let finished = match (&row.finished, row.marked_at) {
                (Some(date), _) => ReadDate::from_stored(date),
                (None, Some(at)) => Some(zone.day_of(at)),
                (None, None) => None,
            };
            let reading = Reading {
                book_id: row.book_id,
                finished,
                abandoned: row.abandoned,
            };
            reading.counts_in()?;
            Some(Finish {
                on: finished?,
                book_id: row.book_id,
                pages: row.pages.unwrap_or(0),
                started: row.started.as_deref().and_then(ReadDate::from_stored),
            })
        })
        .collect();
    out.sort_by_key(|f| (f.on, f.book_id));
    out
}

fn progress(goal: Goal, done: &[Finish], today: ReadDate) -> GoalProgress {
    let in_year: Vec<&Finish> = done.iter().filter(|f| f.on.year == goal.year).collect();
    let books_read = in_year.len() as i64;
    let pages_read = in_year.iter().map(|f| f.pages).sum();
    GoalProgress {
        goal,
        books_read,
        pages_read,
        schedule: goal.schedule(books_read, today),
        reached: books_read >= goal.books && goal.pages.is_none_or(|p| pages_read >= p),
    }
}

fn goal_of(row: &GoalRow) -> Goal {
    Goal {
        year: row.year as i32,
        books: row.books,
        pages: row.pages,
    }
}

pub(super) async fn open_profile(
    store: &Store,
    viewer: Option<&User>,
    owner: &User,
) -> ActionResult<()> {
    let profile = super::social::see_profile(store, viewer, owner).await?;
    if !profile.open {
        return Err(ActionError::NotFound("reader"));
    }
    Ok(())
}

/// Sets the reader's goal for a year and says how it stands.
pub async fn set_goal(
    store: &Store,
    reader: &User,
    year: i64,
    books: i64,
    pages: Option<i64>,
) -> ActionResult<GoalProgress> {
    super::may_write(reader)?;
    let goal = Goal::new(year, books, pages)?;
    let row = GoalRow {
        year: i64::from(goal.year),
        books: goal.books,
        pages: goal.pages,
    };
    let now = super::now();
    store.set_goal(reader.id, &row, now).await?;
    let detail = format!("{}:{}", goal.year, goal.books);
    store
        .goal_event(reader.id, "goal set", &detail, now)
        .await?;
    let (done, zone) = counted(store, reader.id).await?;
    let progress = progress(goal, &done, zone.day_of(now));
    if progress.reached {
        store
            .goal_event(reader.id, "goal reached", &detail, now)
            .await?;
    }
    Ok(progress)
}

/// After a finish: tells the reader's friends when it reached a goal.
pub async fn note_finish(store: &Store, reader: &User) -> ActionResult<()> {
    let rows = store.goals(reader.id).await?;
    let (done, zone) = counted(store, reader.id).await?;
    let today = zone.day_of(super::now());
    // Only this year's and last year's goals move with a new finish that matters.
    let open: Vec<Goal> = rows
        .iter()
        .map(goal_of)
        .filter(|g| g.year >= today.year - 1)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    for goal in open {
        if progress(goal, &done, today).reached {
            let detail = format!("{}:{}", goal.year, goal.books);
            store
                .goal_event(reader.id, "goal reached", &detail, super::now())
                .await?;
        }
    }
    Ok(())
}

pub async fn clear_goal(store: &Store, reader: &User, year: i64) -> ActionResult<()> {
    super::may_write(reader)?;
    if !store.clear_goal(reader.id, year).await? {
        return Err(ActionError::NotFound("goal"));
    }
    Ok(())
}

/// The owner's goals, latest year first, as the viewer may see them.
pub async fn goals(
    store: &Store,
    viewer: Option<&User>,
    owner: &User,
) -> ActionResult<Vec<GoalProgress>> {
    open_profile(store, viewer, owner).await?;
    let rows = store.goals(owner.id).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let (done, zone) = counted(store, owner.id).await?;
    let today = zone.day_of(super::now());
    Ok(rows
        .iter()
        .map(|r| progress(goal_of(r), &done, today))
        .collect())
}

/// Years kept by reader, year and the reader's today (a goal's schedule
/// moves daily).
pub type YearMemo = Memo<(i64, i32, ReadDate), Year>;

/// Years hold their books, so fewer are kept than stats.
pub fn year_memo() -> YearMemo {
    Memo::new(256)
}

/// The owner's year in books, as the viewer may see it, kept in `kept`
/// until the owner's library changes (or their day does: the goal's schedule).
pub async fn year(
    store: &Store,
    kept: &YearMemo,
    viewer: Option<&User>,
    owner: &User,
    year: i64,
) -> ActionResult<Year> {
    open_profile(store, viewer, owner).await?;
    if !(1000..=9999).contains(&year) {
        return Err(ActionError::NotFound("year"));
    }
    let year = year as i32;
    let stamp = store.library_stamp(owner.id).await?.unwrap_or_default();
    let today = Zone::from_stored(stamp.time_zone.as_deref()).day_of(super::now());
    let made = kept
        .kept_or(
            (owner.id, year, today),
            stamp,
            work_out_year(store, owner, year),
        )
        .await?;
    Ok(Year::clone(&made))
}

async fn work_out_year(store: &Store, owner: &User, year: i32) -> ActionResult<Year> {
    let (done, zone) = counted(store, owner.id).await?;
    let mut years: Vec<i32> = done.iter().map(|f| f.on.year).collect();
    years.dedup();
    years.reverse();
    let in_year: Vec<&Finish> = done.iter().filter(|f| f.on.year == year).collect();
    let mut ids: Vec<i64> = in_year.iter().map(|f| f.book_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let (found, shelves, goals) = tokio::try_join!(
        store.books_with_stars(owner.id, &ids),
        store.top_shelves(owner.id, &ids, 5),
        store.goals(owner.id),
    )?;
    let books: Vec<YearBook> = in_year
        .iter()
        .filter_map(|f| {
            let (book, stars) = found.iter().find(|(b, _)| b.id == f.book_id)?;
            Some(YearBook {
                book: book.clone(),
                finished: f.on,
                stars: *stars,
            })
        })
        .collect();
    let goal = goals
        .iter()
        .find(|g| g.year == i64::from(year))
        .map(|g| progress(goal_of(g), &done, zone.day_of(super::now())));
    Ok(Year {
        year,
        pages: books.iter().filter_map(|b| b.book.pages).sum(),
        books,
        goal,
        shelves,
        years,
    })
}
