//! What readers do that their friends and followers see: each write with
//! its activity (and notification) in one transaction.

use super::Store;
use super::db::Db;
use super::{comments, reviews, shelves};
use crate::store::{NewComment, NewReview, Posted, StoreResult};

pub(crate) async fn rate<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    stars: i64,
    now: i64,
) -> StoreResult<()> {
    shelves::set_rating(db, user_id, book_id, stars, now).await?;
    // The feed tells a reader's rating of a book once, as it stands now:
    // arrowing through the stars must not leave a line for every click.
    forget_rating(db, user_id, book_id).await?;
    let detail = Some(stars.to_string());
    record(
        db,
        &Activity::about_book(user_id, "rated", book_id, detail, now),
    )
    .await
}

pub(crate) async fn shelve<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    status: Option<&str>,
    now: i64,
) -> StoreResult<Option<String>> {
    let before = shelves::set_status(db, user_id, book_id, status, now).await?;
    if let Some(shelf) = status {
        let detail = Some(shelf.to_string());
        record(
            db,
            &Activity::about_book(user_id, "shelved", book_id, detail, now),
        )
        .await?;
    }
    Ok(before)
}

pub(crate) async fn progress<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    (page, percent): (Option<i64>, Option<i64>),
    note: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    let id = shelves::add_progress(db, user_id, book_id, page, percent, note, now).await?;
    let detail = progress_detail(page, percent);
    record(
        db,
        &Activity::about_book(user_id, "progress", book_id, detail, now),
    )
    .await?;
    Ok(id)
}

/// A first review is news; an edited one is not.
pub(crate) async fn review<D: Db>(db: &D, new: &NewReview) -> StoreResult<i64> {
    let known = reviews::review_of(db, new.user_id, new.book_id).await?;
    let id = reviews::upsert_review(db, new).await?;
    if known.is_none() {
        let mut activity =
            Activity::about_book(new.user_id, "reviewed", new.book_id, None, new.now);
        activity.review_id = Some(id);
        record(db, &activity).await?;
    }
    Ok(id)
}

pub(crate) async fn like<D: Db>(
    db: &D,
    user_id: i64,
    review_id: i64,
    liked: bool,
    now: i64,
    key: &str,
) -> StoreResult<Option<String>> {
    let since = reviews::set_like(db, user_id, review_id, liked, now, key).await?;
    if liked {
        notify_like(db, user_id, review_id, now).await?;
    }
    Ok(since)
}

async fn comment_within<D: Db>(db: &D, new: &NewComment, per_minute: i64) -> StoreResult<Posted> {
    // One author's posts take turns on their row (PostgreSQL).
    super::limits::lock_user(db, new.author_id).await?;
    let since = new.now - 60;
    let (recent, oldest) = comments::comments_since(db, new.author_id, since, per_minute).await?;
    if recent >= per_minute {
        return Ok(Posted::OverLimit { oldest });
    }
    let (id, number) = comment(db, new).await?;
    Ok(Posted::Added { id, number })
}

pub(crate) async fn comment<D: Db>(db: &D, new: &NewComment) -> StoreResult<(i64, i64)> {
    let (id, number) = comments::add_comment(db, new).await?;
    // The feed tells of talk under reviews; a list's thread stays on its page.
    if let Some(review_id) = new.thread.review_id() {
        let activity = Activity {
            user_id: new.author_id,
            kind: "commented",
            book_id: None,
            review_id: Some(review_id),
            comment_id: Some(id),
            detail: None,
            now: new.now,
        };
        record(db, &activity).await?;
    }
    Ok((id, number))
}

/// A reading goal set or reached ("2026:30" in the detail), for the feed;
/// a goal reached is written once a year.
pub(crate) async fn goal_event<D: Db>(
    db: &D,
    user_id: i64,
    kind: &str,
    detail: &str,
    now: i64,
) -> StoreResult<bool> {
    let year = detail.split(':').next().unwrap_or_default();
    let seen = goal_reached(db, user_id, &format!("{year}:%")).await?;
    if kind == "goal reached" && seen.is_some() {
        return Ok(false);
    }
    let activity = Activity {
        user_id,
        kind,
        book_id: None,
        review_id: None,
        comment_id: None,
        detail: Some(detail.to_string()),
        now,
    };
    record(db, &activity).await?;
    Ok(true)
}

queries! {
    exec forget_rating(user_id: i64, book_id: i64) =
        ("DELETE FROM activities WHERE user_id = $1 AND book_id = $2 AND kind = 'rated'");
    value goal_reached(user_id: i64, year_pattern: &str) -> i64 = ("SELECT 1 FROM activities
        WHERE user_id = $1 AND kind = 'goal reached' AND detail LIKE $2 LIMIT 1");
    /// Records what a reader did, for their friends' and followers' feeds.
    exec record(a: &Activity<'_>) = (
        "INSERT INTO activities (user_id, kind, book_id, review_id, comment_id, detail, created_at)
         VALUES ($1, $2, coalesce($3, (SELECT book_id FROM reviews WHERE id = $4)), $4, $5, $6, $7)"
    ) with (a.user_id, a.kind, a.book_id, a.review_id, a.comment_id, a.detail, a.now);
    /// The reviewer to tell of a like, unless they liked it themselves or were told already.
    value reviewer_to_tell(liker: i64, review_id: i64) -> i64 = (
        "SELECT v.user_id FROM reviews v
         WHERE v.id = $2 AND v.user_id <> $1
           AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.kind = 'like' AND n.actor_id = $1 AND n.review_id = $2)"
    );
}

struct Activity<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    /// For a comment, the review's book is taken when this is None.
    pub book_id: Option<i64>,
    pub review_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub detail: Option<String>,
    pub now: i64,
}

impl<'a> Activity<'a> {
    pub fn about_book(
        user_id: i64,
        kind: &'a str,
        book_id: i64,
        detail: Option<String>,
        now: i64,
    ) -> Self {
        Activity {
            user_id,
            kind,
            book_id: Some(book_id),
            review_id: None,
            comment_id: None,
            detail,
            now,
        }
    }
}

/// "page 120" or "45%": what a progress update said.
fn progress_detail(page: Option<i64>, percent: Option<i64>) -> Option<String> {
    page.map(|p| format!("page {p}"))
        .or_else(|| percent.map(|p| format!("{p}%")))
}

/// Tells a reviewer their review was liked, once per liker.
async fn notify_like<D: Db>(db: &D, liker: i64, review_id: i64, now: i64) -> StoreResult<()> {
    let Some(reviewer) = reviewer_to_tell(db, liker, review_id).await? else {
        return Ok(());
    };
    let notice = super::notifications::Notice {
        user_id: reviewer,
        kind: "like",
        actor_id: liker,
        review_id: Some(review_id),
        comment_id: None,
        now,
    };
    super::notifications::notify(db, &notice).await
}

store! {
    /// "goal set" or "goal reached" (once a year), with "YEAR:BOOKS"; false if already told.
    write goal_event(user_id: i64, kind: &str, detail: &str, now: i64) -> bool;
    write set_rating(user_id: i64, book_id: i64, stars: i64, now: i64) -> () = rate;
    /// Gives the status the book had before.
    write set_status(user_id: i64, book_id: i64, status: Option<&str>, now: i64) -> Option<String> = shelve;
    write upsert_review(new: &NewReview) -> i64 = review;
    /// Gives the key of the like kept (a new one under `key`) or just
    /// dropped, which names it to other servers; None: none to drop.
    write set_like(user_id: i64, review_id: i64, liked: bool, now: i64, key: &str) -> Option<String> = like;
    /// Adds a comment with the thread's next number; returns (id, number).
    /// MissingReference when the review, or the quoted comment in that review, does not exist.
    write add_comment(new: &NewComment) -> (i64, i64) = comment;
    /// `add_comment`, unless the author posted `per_minute` comments in the
    /// minute before `new.now`. Counted inside the write, so posts sent at
    /// once cannot all pass one count taken before any of them landed.
    write post_comment(new: &NewComment, per_minute: i64) -> Posted = comment_within;
}

impl Store {
    pub async fn add_progress(
        &self,
        user_id: i64,
        book_id: i64,
        page: Option<i64>,
        percent: Option<i64>,
        note: Option<&str>,
        now: i64,
    ) -> StoreResult<i64> {
        let note = note.map(str::to_string);
        let at = (page, percent);
        write!(self, |db| progress(
            db,
            user_id,
            book_id,
            at,
            note.as_deref(),
            now
        ))
    }
}
