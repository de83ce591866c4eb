//! Shapes store rows into what templates show: dates in words, stars as
//! glyphs, counts with their nouns. Templates stay free of logic.

use crate::domain::dates::{self, ReadDate};
use crate::domain::rating::{self, Stars};
use crate::domain::{markdown, reading};
use crate::store::{AuthorRef, Book, ReadRow, ReadingEvent, ReviewItem, UserRef};

/// A rating as shown: "4.5", "really liked it", ★★★★½.
#[derive(Debug, Clone)]
pub struct StarsView {
    pub label: String,
    pub words: &'static str,
    pub glyphs: String,
    pub phrase: String,
}

impl StarsView {
    pub fn from_quarters(quarters: Option<i64>) -> Option<StarsView> {
        let stars = Stars::from_quarters(quarters?)?;
        Some(StarsView {
            label: stars.label(),
            words: stars.words(),
            glyphs: glyphs(stars.quarters()),
            phrase: stars.phrase(),
        })
    }
}

/// Five glyphs for a rating: full stars, a half for a half or more, empty after.
pub fn glyphs(quarters: i64) -> String {
    let full = (quarters / 4) as usize;
    let half = usize::from(quarters % 4 >= 2);
    format!(
        "{}{}{}",
        "★".repeat(full),
        "½".repeat(half),
        "☆".repeat(5 - full - half)
    )
}

/// Words made safe to put in a link's query: `?q={{ encoded }}`.
pub fn query_value(words: &str) -> String {
    words
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", grouped(n))
    }
}

/// A count with its thousands marked: "23,750".
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A book in a list or at the head of a page.
#[derive(Debug, Clone)]
pub struct BookCard {
    pub id: i64,
    pub title: String,
    pub authors: Vec<AuthorRef>,
    pub year: Option<i64>,
    pub average: Option<String>,
    pub ratings: String,
    pub reviews: String,
    /// The cover's digest; None draws a placeholder.
    pub cover: Option<String>,
    /// The signed-in reader's shelf button (`attach_shelf_buttons`).
    pub shelf: Option<super::shelving::ShelfButton>,
    /// A line the page adds about the book ("3 readers shelved it").
    pub note: Option<String>,
}

impl BookCard {
    /// Where this size ("small", "medium", "full") of the cover lives.
    pub fn cover_url(&self, size: &str) -> String {
        crate::domain::cover::cover_url(self.id, self.cover.as_deref(), size)
    }
}

impl From<&Book> for BookCard {
    fn from(b: &Book) -> Self {
        BookCard {
            id: b.id,
            title: b.title.clone(),
            authors: b.authors.clone(),
            year: b.year,
            average: rating::average_label(b.ratings_sum, b.ratings_count),
            ratings: plural(b.ratings_count, "rating", "ratings"),
            reviews: plural(b.reviews_count, "review", "reviews"),
            cover: b.cover.clone(),
            shelf: None,
            note: None,
        }
    }
}

pub fn cards(books: &[Book]) -> Vec<BookCard> {
    books.iter().map(BookCard::from).collect()
}

/// A review in a list: who, which book, how many stars, the first lines.
#[derive(Debug, Clone)]
pub struct ReviewCard {
    pub id: i64,
    pub book_id: i64,
    pub book_title: String,
    pub reviewer: UserRef,
    pub stars: Option<StarsView>,
    pub excerpt: String,
    pub spoiler: bool,
    pub date: String,
    pub likes: String,
    pub comments: String,
}

impl From<&ReviewItem> for ReviewCard {
    fn from(item: &ReviewItem) -> Self {
        let r = &item.review;
        ReviewCard {
            id: r.id,
            book_id: r.book_id,
            book_title: item.book_title.clone(),
            reviewer: r.reviewer.clone(),
            stars: StarsView::from_quarters(item.rating),
            excerpt: markdown::excerpt(&r.body, 280),
            spoiler: r.spoiler,
            date: dates::short_date(r.created_at),
            likes: plural(r.likes_count, "like", "likes"),
            comments: plural(r.comments_count, "comment", "comments"),
        }
    }
}

pub fn review_cards(items: &[ReviewItem]) -> Vec<ReviewCard> {
    items.iter().map(ReviewCard::from).collect()
}

/// One line of the reading progress timeline: "Jan 29, 2016 marked as: Read".
#[derive(Debug, Clone)]
pub struct TimelineLine {
    pub date: String,
    pub text: String,
    pub note: Option<String>,
}

pub fn timeline(events: &[ReadingEvent], book_pages: Option<i64>) -> Vec<TimelineLine> {
    events
        .iter()
        .map(|e| {
            let text = match &e.status {
                Some(status) => format!(
                    "marked as: {}",
                    crate::domain::shelf::status_name(status, None)
                ),
                None => {
                    let progress = reading::Progress {
                        page: e.page,
                        percent: e.percent,
                    };
                    format!("is on {}", reading::describe(&progress, book_pages))
                }
            };
            TimelineLine {
                date: dates::short_date(e.created_at),
                text,
                note: e.note.clone(),
            }
        })
        .collect()
}

/// "Read in Jan 2007", newest reading first.
pub fn read_lines(reads: &[ReadRow]) -> Vec<String> {
    reads
        .iter()
        .filter_map(|r| {
            let started = r.started.as_deref().and_then(ReadDate::from_stored);
            let finished = r.finished.as_deref().and_then(ReadDate::from_stored);
            dates::read_phrase(started.as_ref(), finished.as_ref())
        })
        .collect()
}

/// A status's words: "Did not finish", or an exclusive shelf's slug.
pub fn status_label(status: Option<&str>) -> Option<String> {
    status.map(|slug| crate::domain::shelf::status_name(slug, None))
}

/// One radio button of a star rating form.
#[derive(Debug, Clone)]
pub struct StarChoice {
    pub value: String,
    pub id: String,
    pub checked: bool,
    /// Which half of a star glyph this choice is drawn as: "left" or "right".
    pub half: &'static str,
}

/// The ten choices, lowest first, so arrow keys move up and down the scale.
pub fn star_choices(current: Option<i64>) -> Vec<StarChoice> {
    Stars::half_steps()
        .map(|s| StarChoice {
            value: s.label(),
            id: format!("stars-{}", s.label().replace('.', "-")),
            checked: Some(s.quarters()) == current,
            half: if s.quarters() % 4 == 0 {
                "right"
            } else {
                "left"
            },
        })
        .collect()
}

/// Gives each card the signed-in reader's shelf button, in two statements
/// whatever the number of cards; signed out, cards carry none.
pub async fn attach_shelf_buttons(
    store: &crate::store::Store,
    viewer: Option<&crate::store::User>,
    cards: &mut [BookCard],
    back: &str,
) -> crate::error::ActionResult<()> {
    let Some(reader) = viewer else {
        return Ok(());
    };
    if cards.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = cards.iter().map(|c| c.id).collect();
    let mine = crate::actions::shelves::own_shelves(store, reader).await?;
    let marks = crate::actions::shelves::marks(store, reader, &ids).await?;
    for card in cards.iter_mut() {
        let mark = marks.iter().find(|m| m.book_id == card.id);
        let placed = super::shelving::Placed {
            status: mark.and_then(|m| m.status.as_deref()),
            on_shelves: mark.is_some(),
            shelves: mark.map_or(&[], |m| m.shelves.as_slice()),
        };
        card.shelf = Some(super::shelving::ShelfButton::new(
            card.id,
            &card.title,
            back,
            placed,
            &mine,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_show_halves_and_empties() {
        assert_eq!(glyphs(20), "★★★★★");
        assert_eq!(glyphs(18), "★★★★½");
        assert_eq!(glyphs(2), "½☆☆☆☆");
        assert_eq!(glyphs(15), "★★★½☆");
    }

    #[test]
    fn plural_counts() {
        assert_eq!(plural(1, "like", "likes"), "1 like");
        assert_eq!(plural(0, "like", "likes"), "0 likes");
        assert_eq!(plural(1234, "rating", "ratings"), "1,234 ratings");
        assert_eq!(grouped(23_750), "23,750");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(-4200), "-4,200");
    }
}

/// A comment as the thread shows it.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub id: i64,
    pub number: i64,
    pub author: Option<crate::store::UserRef>,
    pub posted: String,
    pub edited: Option<String>,
    pub is_new: bool,
    /// "rated it 4.5 stars", "added it", or nothing.
    pub relation: Option<String>,
    pub deleted: bool,
    pub removed: bool,
    /// By a reader the viewer blocked, or who blocked the viewer.
    pub hidden: bool,
    pub body_html: String,
    pub quote: Option<QuoteView>,
    pub can_edit: bool,
    pub can_delete: bool,
    /// A read-along message beyond the viewer's progress: the checkpoint it speaks of.
    pub beyond: Option<String>,
}

/// `Erin wrote: "first words..."`, linking to the quoted message's page.
#[derive(Debug, Clone)]
pub struct QuoteView {
    pub author: String,
    pub excerpt: String,
    pub href: String,
}

/// The commenter's own relation to the reviewed book, always current.
pub fn relation(rating: Option<i64>, has_book: bool) -> Option<String> {
    match Stars::from_quarters(rating.unwrap_or(0)) {
        Some(stars) => Some(stars.phrase()),
        None if has_book => Some("added it".to_string()),
        None => None,
    }
}

pub const DELETED_USER: &str = "[deleted user]";

/// Takes the comment, to move its text into the view rather than copy it.
pub fn comment_view(
    c: crate::store::Comment,
    is_new: bool,
    viewer: Option<&crate::store::User>,
) -> CommentView {
    let viewer_id = viewer.map(|v| v.id);
    let is_author = c.author.as_ref().map(|a| a.id) == viewer_id && viewer_id.is_some();
    let is_someone = c.author.is_some();
    let quote = c.quote.map(|q| QuoteView {
        author: if q.hidden {
            "[hidden]".to_string()
        } else {
            q.author_name.unwrap_or_else(|| DELETED_USER.to_string())
        },
        excerpt: if q.hidden {
            "this message is hidden".to_string()
        } else if q.deleted {
            "this comment has been deleted".to_string()
        } else {
            markdown::excerpt(&q.body, 120)
        },
        href: c.thread.message_path(q.number),
    });
    if c.hidden {
        return CommentView {
            id: c.id,
            number: c.number,
            author: None,
            posted: dates::comment_time(c.created_at),
            edited: None,
            is_new,
            relation: None,
            deleted: false,
            removed: false,
            hidden: true,
            body_html: String::new(),
            quote: None,
            can_edit: false,
            can_delete: false,
            beyond: None,
        };
    }
    CommentView {
        id: c.id,
        number: c.number,
        author: c.author,
        posted: dates::comment_time(c.created_at),
        edited: c.edited_at.map(dates::comment_time),
        is_new,
        relation: if is_someone {
            relation(c.commenter_rating, c.commenter_has_book)
        } else {
            None
        },
        deleted: c.deleted,
        removed: c.removed,
        hidden: false,
        body_html: if c.deleted {
            String::new()
        } else {
            c.body_html
        },
        quote: if c.deleted { None } else { quote },
        can_edit: is_author && !c.deleted,
        can_delete: !c.deleted
            && viewer.is_some_and(|v| is_author || v.id == c.owner_id || v.is_moderator),
        beyond: None,
    }
}

/// One link of `« previous 1 2 3 4 next »`.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub number: i64,
    pub current: bool,
}

pub fn page_links(pages: i64, current: i64) -> Vec<PageLink> {
    (1..=pages)
        .map(|number| PageLink {
            number,
            current: number == current,
        })
        .collect()
}
