//! Reading goals: which readings count toward a year, and how a reader
//! stands against the calendar.

use time::{Date, Month};

use super::Invalid;
use super::dates::ReadDate;

/// One reading of a book as the goal sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub book_id: i64,
    /// When it was finished, if it was.
    pub finished: Option<ReadDate>,
    /// The reader's latest reading of the book, and they gave up on it: that
    /// one was not finished, whatever date it carries.
    pub abandoned: bool,
}

impl Reading {
    /// The year this reading counts toward, if any: every finished reading
    /// counts (a re-read again), on its finish date; one given up does not.
    pub fn counts_in(&self) -> Option<i32> {
        if self.abandoned {
            return None;
        }
        self.finished.map(|d| d.year)
    }
}

/// A goal for one year: books, and optionally pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    pub year: i32,
    pub books: i64,
    pub pages: Option<i64>,
}

impl Goal {
    pub fn new(year: i64, books: i64, pages: Option<i64>) -> Result<Goal, Invalid> {
        if !(1900..=2200).contains(&year) {
            return Err(Invalid::new("year", "must be a year from 1900 to 2200"));
        }
        if !(1..=10_000).contains(&books) {
            return Err(Invalid::new("books", "must be from 1 to 10,000 books"));
        }
        if pages.is_some_and(|p| !(1..=10_000_000).contains(&p)) {
            return Err(Invalid::new("pages", "must be from 1 to 10,000,000 pages"));
        }
        Ok(Goal {
            year: year as i32,
            books,
            pages,
        })
    }

    /// How many books ahead (positive) or behind (negative) of an even pace
    /// the reader is on `today`: against the whole goal once the year is over,
    /// against none before it starts.
    pub fn schedule(&self, done: i64, today: ReadDate) -> i64 {
        let expected = if today.year > self.year {
            self.books
        } else if today.year < self.year {
            0
        } else {
            let (day, days) = day_of_year(today);
            self.books * day / days
        };
        done - expected
    }
}

/// The day's number in its year (1 = 1 January) and the year's length.
fn day_of_year(date: ReadDate) -> (i64, i64) {
    let days = if time::util::is_leap_year(date.year) {
        366
    } else {
        365
    };
    let day = Month::try_from(date.month)
        .ok()
        .and_then(|m| Date::from_calendar_date(date.year, m, date.day.unwrap_or(1)).ok())
        .map_or(1, |d| i64::from(d.ordinal()));
    (day, days)
}

/// What "N books ahead of schedule" says, in words.
pub fn schedule_words(ahead: i64) -> String {
    let books = |n: i64| {
        if n == 1 {
            "1 book".to_string()
        } else {
            format!("{n} books")
        }
    };
    match ahead {
        0 => "on schedule".to_string(),
        n if n > 0 => format!("{} ahead of schedule", books(n)),
        n => format!("{} behind schedule", books(-n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> ReadDate {
        ReadDate::from_stored(s).unwrap()
    }

    fn reading(finished: Option<&str>, abandoned: bool) -> Reading {
        Reading {
            book_id: 1,
            finished: finished.map(day),
            abandoned,
        }
    }

    #[test]
    fn a_reading_counts_on_its_finish_date_and_a_given_up_one_never() {
        assert_eq!(reading(Some("2025-12-31"), false).counts_in(), Some(2025));
        assert_eq!(reading(Some("2026-01-01"), false).counts_in(), Some(2026));
        assert_eq!(
            reading(Some("2026-01"), false).counts_in(),
            Some(2026),
            "a month is enough"
        );
        assert_eq!(reading(None, false).counts_in(), None, "still reading");
        assert_eq!(
            reading(Some("2026-03-01"), true).counts_in(),
            None,
            "did not finish"
        );
    }

    #[test]
    fn schedule_runs_with_the_calendar() {
        let goal = Goal::new(2026, 52, None).unwrap();
        // 1 July is day 182 of 365: 52 * 182 / 365 = 25 books expected.
        assert_eq!(goal.schedule(25, day("2026-07-01")), 0);
        assert_eq!(goal.schedule(30, day("2026-07-01")), 5);
        assert_eq!(goal.schedule(20, day("2026-07-01")), -5);
        assert_eq!(
            goal.schedule(50, day("2027-01-02")),
            -2,
            "a past year against all of it"
        );
        assert_eq!(
            goal.schedule(1, day("2025-12-31")),
            1,
            "a year not begun expects none"
        );
        // A leap year's 31 December expects the whole goal.
        assert_eq!(
            Goal::new(2028, 366, None)
                .unwrap()
                .schedule(366, day("2028-12-31")),
            0
        );
    }

    #[test]
    fn goals_are_checked() {
        assert!(Goal::new(2026, 0, None).is_err());
        assert!(Goal::new(1800, 10, None).is_err());
        assert_eq!(Goal::new(2026, 10, Some(0)).unwrap_err().field, "pages");
        assert_eq!(schedule_words(-1), "1 book behind schedule");
        assert_eq!(schedule_words(3), "3 books ahead of schedule");
    }
}
