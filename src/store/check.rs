//! The database's invariants, checked in one pass: what `dogear check` runs,
//! and what the fault tests run after every crash and restart.
//!
//! - every thread (under a review, a list or a group topic) is numbered 1..N,
//!   no gap, no repeat;
//! - every derived count (a book's ratings and reviews, a review's likes and
//!   thread counter, a list's books, votes and thread counter, a group's
//!   members and topics, a topic's thread counter, a quote's likes) equals
//!   what its rows say;
//! - every foreign key resolves;
//! - no import job is "running" without a live heartbeat;
//! - on SQLite, `PRAGMA integrity_check` is ok.
//!
//! `repair` recomputes the derived counts (and hands stale jobs back to the
//! queue). Thread gaps it leaves alone: renumbering would break the links
//! readers have made to `#message-N`.

use std::fmt;

use super::db::{Db, Row};
use super::sql::{Dialect, Sql};
use super::{Store, StoreResult};
use crate::sql;

/// One broken invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The invariant, as the report names it: "reviews.likes_count".
    pub what: String,
    /// What is wrong, with a few of the rows it is wrong for.
    pub detail: String,
}

/// What a check found: each invariant looked at, and those that do not hold.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub checked: Vec<String>,
    pub problems: Vec<Problem>,
    /// What was not checked, and why (PostgreSQL enforces its foreign keys itself).
    pub notes: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether an invariant of this name is among the problems.
    pub fn fails(&self, what: &str) -> bool {
        self.problems.iter().any(|p| p.what == what)
    }

    fn look(&mut self, what: &str, wrong: Vec<String>, total: usize) {
        self.checked.push(what.to_string());
        if wrong.is_empty() {
            return;
        }
        let shown = wrong
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if total > SHOWN {
            format!(" and {} more", total - SHOWN)
        } else {
            String::new()
        };
        self.problems.push(Problem {
            what: what.to_string(),
            detail: format!("{total} wrong: {shown}{more}"),
        });
    }
}

/// Rows named in a problem's line; the count says how many in all.
const SHOWN: usize = 5;

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for what in &self.checked {
            match self.problems.iter().find(|p| &p.what == what) {
                Some(p) => writeln!(f, "FAIL {what}: {}", p.detail)?,
                None => writeln!(f, "ok   {what}")?,
            }
        }
        for note in &self.notes {
            writeln!(f, "note {note}")?;
        }
        if self.is_ok() {
            writeln!(f, "all {} checks hold", self.checked.len())
        } else {
            writeln!(
                f,
                "{} of {} checks fail",
                self.problems.len(),
                self.checked.len()
            )
        }
    }
}

/// What `repair` changed: rows set right, per derived count.
#[derive(Debug, Clone, Default)]
pub struct Repaired {
    pub counts: Vec<(String, u64)>,
    pub jobs_requeued: u64,
}

impl Repaired {
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|(_, n)| n).sum::<u64>() + self.jobs_requeued
    }
}

impl fmt::Display for Repaired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (what, n) in self.counts.iter().filter(|(_, n)| *n > 0) {
            writeln!(f, "repaired {what} on {n} rows")?;
        }
        if self.jobs_requeued > 0 {
            writeln!(f, "queued {} stale import jobs again", self.jobs_requeued)?;
        }
        if self.total() == 0 {
            writeln!(f, "nothing to repair")?;
        }
        Ok(())
    }
}

/// A stored count and the rows it is derived from: `find` lists the rows whose
/// count is wrong (key, stored, actual), `repair` sets them right.
struct Derived {
    what: &'static str,
    find: Sql,
    repair: Sql,
}

/// A `Derived` from the table, its key, the column and the expression over
/// the rows that it must equal, written once for both statements.
macro_rules! derived {
    ($table:literal, $key:literal, $column:literal, $actual:expr) => {
        Derived {
            what: concat!($table, ".", $column),
            find: sql!(concat!(
                "SELECT CAST(",
                $key,
                " AS TEXT), ",
                $column,
                ", ",
                $actual,
                " FROM ",
                $table,
                " WHERE ",
                $column,
                " <> ",
                $actual,
                " ORDER BY 1"
            )),
            repair: sql!(concat!(
                "UPDATE ", $table, " SET ", $column, " = ", $actual, " WHERE ", $column, " <> ",
                $actual
            )),
        }
    };
}

/// A thread's counter hands out its numbers, so it equals the highest one.
macro_rules! thread_counter {
    ($table:literal, $owner:literal) => {
        derived!(
            $table,
            "id",
            "comments_count",
            concat!(
                "coalesce((SELECT max(c.number) FROM comments c WHERE c.",
                $owner,
                " = ",
                $table,
                ".id), 0)"
            )
        )
    };
}

const DERIVED: &[Derived] = &[
    derived!(
        "books",
        "id",
        "ratings_count",
        "(SELECT count(*) FROM ratings r WHERE r.book_id = books.id)"
    ),
    // With the count, the sum gives the average every page shows.
    derived!(
        "books",
        "id",
        "ratings_sum",
        "(SELECT CAST(coalesce(sum(r.stars), 0) AS BIGINT) FROM ratings r WHERE r.book_id = books.id)"
    ),
    derived!(
        "books",
        "id",
        "reviews_count",
        "(SELECT count(*) FROM reviews v WHERE v.book_id = books.id)"
    ),
    derived!(
        "reviews",
        "id",
        "likes_count",
        "(SELECT count(*) FROM review_likes l WHERE l.review_id = reviews.id)"
    ),
    thread_counter!("reviews", "review_id"),
    derived!(
        "lists",
        "id",
        "books_count",
        "(SELECT count(*) FROM list_books e WHERE e.list_id = lists.id AND NOT e.pending)"
    ),
    derived!(
        "lists",
        "id",
        "votes_count",
        "(SELECT CAST(coalesce(sum(e.votes), 0) AS BIGINT) FROM list_books e WHERE e.list_id = lists.id AND NOT e.pending)"
    ),
    thread_counter!("lists", "list_id"),
    derived!(
        "list_books",
        "id",
        "votes",
        "(SELECT count(*) FROM list_votes v WHERE v.entry_id = list_books.id)"
    ),
    derived!(
        "quotes",
        "id",
        "likes_count",
        "(SELECT count(*) FROM quote_likes l WHERE l.quote_id = quotes.id)"
    ),
    derived!(
        "reading_groups",
        "id",
        "members_count",
        "(SELECT count(*) FROM group_members m WHERE m.group_id = reading_groups.id AND m.role <> 'requested')"
    ),
    derived!(
        "reading_groups",
        "id",
        "topics_count",
        "(SELECT count(*) FROM group_topics t WHERE t.group_id = reading_groups.id)"
    ),
    thread_counter!("group_topics", "topic_id"),
];

/// Threads whose numbers are not exactly 1..N: (owner, rows, distinct numbers, lowest, highest).
macro_rules! thread_numbers {
    ($owner:literal) => {
        sql!(concat!(
            "SELECT CAST(", $owner, " AS TEXT), count(*), count(DISTINCT number), min(number), max(number)
             FROM comments WHERE ", $owner, " IS NOT NULL GROUP BY ", $owner, "
             HAVING min(number) <> 1 OR max(number) <> count(*) OR count(DISTINCT number) <> count(*)
             ORDER BY 1"
        ))
    };
}

const THREADS: &[(&str, Sql)] = &[
    ("review threads numbered 1..N", thread_numbers!("review_id")),
    ("list threads numbered 1..N", thread_numbers!("list_id")),
    ("topic threads numbered 1..N", thread_numbers!("topic_id")),
];

const STALE_JOBS: Sql = sql!(
    "SELECT CAST(id AS TEXT), heartbeat FROM import_jobs WHERE state = 'running' AND heartbeat < $1 ORDER BY id"
);
const REQUEUE_STALE_JOBS: Sql =
    sql!("UPDATE import_jobs SET state = 'queued' WHERE state = 'running' AND heartbeat < $1");

/// Runs every check on one connection.
async fn check<D: Db>(db: &D, stale_before: i64) -> StoreResult<CheckReport> {
    let mut report = CheckReport::default();
    for (what, query) in THREADS {
        let wrong = db
            .all(*query, &[], |r| {
                let owner: String = r.get(0)?;
                let (rows, distinct, low, high): (i64, i64, i64, i64) =
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
                Ok(format!(
                    "{owner} ({rows} comments, {distinct} numbers, {low}..{high})"
                ))
            })
            .await?;
        let total = wrong.len();
        report.look(what, wrong, total);
    }
    for derived in DERIVED {
        let wrong = db
            .all(derived.find, &[], |r: &dyn Row| {
                let key: String = r.get(0)?;
                let (stored, actual): (i64, i64) = (r.get(1)?, r.get(2)?);
                Ok(format!("{key} says {stored}, rows say {actual}"))
            })
            .await?;
        let total = wrong.len();
        report.look(derived.what, wrong, total);
    }
    let stale = db
        .all(STALE_JOBS, &[&stale_before], |r| {
            let id: String = r.get(0)?;
            let heartbeat: i64 = r.get(1)?;
            Ok(format!("job {id} (last heartbeat at {heartbeat})"))
        })
        .await?;
    let total = stale.len();
    report.look(
        "no import job running without a live heartbeat",
        stale,
        total,
    );
    match db.dialect() {
        Dialect::Sqlite => sqlite_checks(db, &mut report).await?,
        Dialect::Postgres => postgres_checks(db, &mut report).await?,
    }
    Ok(report)
}

async fn sqlite_checks<D: Db>(db: &D, report: &mut CheckReport) -> StoreResult<()> {
    let dangling = db
        .all(sql!("PRAGMA foreign_key_check"), &[], |r| {
            let table: String = r.get(0)?;
            let row: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            Ok(format!(
                "{table} row {} names a missing {parent}",
                row.map_or("?".into(), |id| id.to_string())
            ))
        })
        .await?;
    let total = dangling.len();
    report.look("foreign keys resolve", dangling, total);
    let integrity = db
        .all(sql!("PRAGMA integrity_check"), &[], |r| r.get::<String>(0))
        .await?;
    let broken: Vec<String> = integrity.into_iter().filter(|line| line != "ok").collect();
    let total = broken.len();
    report.look("integrity_check", broken, total);
    Ok(())
}

async fn postgres_checks<D: Db>(db: &D, report: &mut CheckReport) -> StoreResult<()> {
    // PostgreSQL refuses a dangling key at the write; only a constraint added
    // NOT VALID (or never checked) could let one in, so those are the check.
    let unchecked = db
        .all(
            sql!(
                sqlite: "SELECT '' WHERE 0",
                postgres: "SELECT conname FROM pg_constraint
                 WHERE contype = 'f' AND NOT convalidated
                   AND connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
                 ORDER BY 1",
            ),
            &[],
            |r| r.get::<String>(0),
        )
        .await?;
    let total = unchecked.len();
    report.look("foreign keys resolve", unchecked, total);
    report.notes.push(
        "PostgreSQL enforces every foreign key at each write; none is left unvalidated".into(),
    );
    report
        .notes
        .push("integrity_check is SQLite's; PostgreSQL checksums its pages itself".into());
    Ok(())
}

/// Sets every derived count right and queues stale jobs again, in one transaction.
async fn repair<D: Db>(db: &D, stale_before: i64) -> StoreResult<Repaired> {
    let mut repaired = Repaired::default();
    for derived in DERIVED {
        let changed = db.exec(derived.repair, &[]).await?;
        repaired.counts.push((derived.what.to_string(), changed));
    }
    repaired.jobs_requeued = db.exec(REQUEUE_STALE_JOBS, &[&stale_before]).await?;
    Ok(repaired)
}

impl Store {
    /// Checks every invariant; a job whose heartbeat is older than
    /// `stale_before` counts as stuck.
    pub async fn check(&self, stale_before: i64) -> StoreResult<CheckReport> {
        read!(self, |db| check(db, stale_before))
    }

    /// Recomputes every derived count from its rows.
    pub async fn repair(&self, stale_before: i64) -> StoreResult<Repaired> {
        write!(self, |db| repair(db, stale_before))
    }
}
