//! The JSON shapes more than one part of the API answers with: books and
//! their authors, readers, lists of reviews, and image bodies. A leaf: it
//! knows the store's rows and the domain, never a handler.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::cover::cover_url;
use crate::domain::dates;
use crate::domain::rating::{self, Stars};
use crate::store::{AuthorRef, Book, BookCredits, ReviewItem, UserRef};

#[derive(Serialize, ToSchema)]
pub struct AuthorJson {
    id: i64,
    name: String,
    role: String,
}

impl From<&AuthorRef> for AuthorJson {
    fn from(a: &AuthorRef) -> Self {
        AuthorJson {
            id: a.id,
            name: a.name.clone(),
            role: a.role.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BookJson {
    id: i64,
    title: String,
    authors: Vec<AuthorJson>,
    isbn13: Option<String>,
    isbn10: Option<String>,
    pages: Option<i64>,
    year: Option<i64>,
    description: Option<String>,
    series: Option<String>,
    series_position: Option<String>,
    pub average_rating: Option<f64>,
    pub ratings_count: i64,
    reviews_count: i64,
    /// The cover in three sizes; null when the book has none.
    cover: Option<CoverJson>,
    /// Only in answers to moderators: the reader who added the book (null:
    /// the catalogue's, or an account since deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<UserJson>)]
    created_by: Option<Option<UserJson>>,
    /// Only in answers to moderators: who uploaded the current cover (null:
    /// no cover, not recorded, or an account since deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<UserJson>)]
    cover_by: Option<Option<UserJson>>,
}

impl BookJson {
    /// Adds who made the book what it is, for a moderator's answer.
    pub fn with_credits(mut self, credits: Option<&BookCredits>) -> Self {
        if let Some(credits) = credits {
            self.created_by = Some(credits.added_by.as_ref().map(UserJson::from));
            self.cover_by = Some(credits.cover_by.as_ref().map(UserJson::from));
        }
        self
    }
}

#[derive(Serialize, ToSchema)]
pub struct CoverJson {
    small: String,
    medium: String,
    full: String,
}

impl From<&Book> for BookJson {
    fn from(b: &Book) -> Self {
        BookJson {
            id: b.id,
            title: b.title.clone(),
            authors: b.authors.iter().map(AuthorJson::from).collect(),
            isbn13: b.isbn13.clone(),
            isbn10: b.isbn10.clone(),
            pages: b.pages,
            year: b.year,
            description: b.description.clone(),
            series: b.series.clone(),
            series_position: b.series_position.clone(),
            average_rating: rating::average_label(b.ratings_sum, b.ratings_count)
                .and_then(|s| s.parse().ok()),
            ratings_count: b.ratings_count,
            reviews_count: b.reviews_count,
            cover: b.cover.as_deref().map(|d| CoverJson {
                small: cover_url(b.id, Some(d), "small"),
                medium: cover_url(b.id, Some(d), "medium"),
                full: cover_url(b.id, Some(d), "full"),
            }),
            created_by: None,
            cover_by: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserJson {
    id: i64,
    username: String,
    display_name: String,
}

impl From<&UserRef> for UserJson {
    fn from(u: &UserRef) -> Self {
        UserJson {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
        }
    }
}

/// One page of reviews.
#[derive(Serialize, ToSchema)]
pub struct ReviewListJson {
    pub reviews: Vec<ReviewSummaryJson>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

impl ReviewListJson {
    pub fn new(items: &[ReviewItem], next_cursor: Option<String>) -> Self {
        ReviewListJson {
            reviews: items.iter().map(ReviewSummaryJson::from).collect(),
            next_cursor,
        }
    }
}

/// A review in a list.
#[derive(Serialize, ToSchema)]
pub struct ReviewSummaryJson {
    id: i64,
    book_id: i64,
    book_title: String,
    reviewer: UserJson,
    rating: Option<f64>,
    spoiler: bool,
    likes_count: i64,
    comments_count: i64,
    created_at: String,
}

impl From<&ReviewItem> for ReviewSummaryJson {
    fn from(item: &ReviewItem) -> Self {
        let r = &item.review;
        ReviewSummaryJson {
            id: r.id,
            book_id: r.book_id,
            book_title: item.book_title.clone(),
            reviewer: UserJson::from(&r.reviewer),
            rating: item.rating.and_then(Stars::from_quarters).map(Stars::value),
            spoiler: r.spoiler,
            likes_count: r.likes_count,
            comments_count: r.comments_count,
            created_at: dates::rfc3339(r.created_at),
        }
    }
}

/// An uploaded image: the raw bytes are the body.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ImageBody(#[allow(dead_code)] Vec<u8>);
