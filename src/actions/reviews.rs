//! Writing reviews, reading them, and liking them.

use super::outbox::Told;
use crate::domain::privacy::{self, Standing, Visibility};
use crate::domain::{markdown, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{NewReview, Review, ReviewDetail, Store, User};

#[derive(Debug, Default)]
pub struct ReviewInput {
    pub body: String,
    pub spoiler: bool,
    pub recommended_for: Option<String>,
    /// "public" (the default) or "friends".
    pub visibility: Option<String>,
}

/// Writes the reader's one review of the book, or replaces it.
pub async fn write_review(
    store: &Store,
    reviewer: &User,
    book_id: i64,
    input: &ReviewInput,
) -> ActionResult<i64> {
    super::may_write(reviewer)?;
    let body = text::body("body", &input.body, text::REVIEW_MAX)?;
    let recommended_for = text::optional_line(
        "recommended_for",
        input.recommended_for.as_deref(),
        text::RECOMMENDED_MAX,
    )?;
    let visibility = match input.visibility.as_deref().map(str::trim) {
        None | Some("") => Visibility::Public,
        Some(v) => match Visibility::parse(v) {
            Some(Visibility::Private) | None => {
                return Err(ActionError::invalid(
                    "visibility",
                    "a review is shared with everyone (public) or with friends (friends)",
                ));
            }
            Some(v) => v,
        },
    };
    super::existing_book(store, book_id).await?;
    let new = NewReview {
        user_id: reviewer.id,
        book_id,
        body_html: markdown::render(&body),
        body,
        spoiler: input.spoiler,
        recommended_for,
        visibility: visibility.key().to_string(),
        now: super::now(),
    };
    let id = store.upsert_review(&new).await?;
    super::outbox::tell(store, reviewer.id, Told::Review(id)).await?;
    Ok(id)
}

pub async fn review(store: &Store, id: i64) -> ActionResult<Review> {
    match store.review(id).await? {
        Some(review) => Ok(review),
        None => {
            let redirect = store.review_redirect(id).await?;
            Err(super::moved_or_missing(redirect, "reviews", "review"))
        }
    }
}

pub async fn review_detail(
    store: &Store,
    id: i64,
    viewer: Option<&User>,
) -> ActionResult<ReviewDetail> {
    match store.review_detail(id, viewer.map(|v| v.id)).await? {
        Some(mut detail) => {
            let standing = may_view(store, viewer, &detail.review).await?;
            // The review is public; the reviewer's rating, shelves and reading
            // of the book are their library, as private as their profile.
            let library = Visibility::stored(&detail.review.reviewer_visibility);
            if !privacy::may_see(library, standing) {
                detail.reviewer = Default::default();
            }
            Ok(detail)
        }
        None => {
            let redirect = store.review_redirect(id).await?;
            Err(super::moved_or_missing(redirect, "reviews", "review"))
        }
    }
}

/// A friends-only review is not there for others, nor any review across a
/// block; moderators see everything (they answer flags). Says how the viewer
/// stands to the reviewer.
pub async fn may_view(
    store: &Store,
    viewer: Option<&User>,
    review: &Review,
) -> ActionResult<Standing> {
    let (standing, _) = super::social::standing(store, viewer, review.reviewer.id).await?;
    if viewer.is_some_and(|v| v.is_moderator) {
        return Ok(standing);
    }
    if !privacy::may_see(Visibility::stored(&review.visibility), standing) {
        return Err(ActionError::NotFound("review"));
    }
    Ok(standing)
}

/// The review, if the viewer may see it; NotFound exactly as for a missing one.
pub async fn visible_review(store: &Store, viewer: Option<&User>, id: i64) -> ActionResult<Review> {
    let review = review(store, id).await?;
    may_view(store, viewer, &review).await?;
    Ok(review)
}

/// Removes a review: its writer or a moderator may.
pub async fn delete_review(store: &Store, actor: &User, id: i64) -> ActionResult<()> {
    let review = visible_review(store, Some(actor), id).await?;
    if review.reviewer.id != actor.id && !actor.is_moderator {
        return Err(ActionError::Forbidden(
            "only its writer can delete this review".into(),
        ));
    }
    store.delete_review(id).await?;
    let told = Told::ReviewDeleted {
        id,
        visibility: &review.visibility,
    };
    super::outbox::tell(store, review.reviewer.id, told).await?;
    if review.reviewer.id != actor.id {
        super::admin::record(store, Some(actor), "removed", ("review", id), None).await?;
    }
    Ok(())
}

pub async fn set_like(
    store: &Store,
    reader: &User,
    review_id: i64,
    liked: bool,
) -> ActionResult<Review> {
    super::may_write(reader)?;
    // Nobody likes what they may not see (nor across a block): as if missing.
    visible_review(store, Some(reader), review_id).await?;
    // A like's own key names it elsewhere, so a like made again after an
    // unlike is a new activity, and its Undo names the one it undoes.
    let key = &crate::auth::secret::new_secret()[..12];
    let since = store
        .set_like(reader.id, review_id, liked, super::now(), key)
        .await?;
    if let Some(since) = since {
        let told = if liked {
            Told::Liked {
                id: review_id,
                since: &since,
            }
        } else {
            Told::Unliked {
                id: review_id,
                since: &since,
            }
        };
        super::outbox::tell(store, reader.id, told).await?;
    }
    review(store, review_id).await
}
