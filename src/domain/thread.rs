//! The shape of a comment thread: numbered messages, 50 a page, and which
//! numbers a reader has been shown ("(N new)").

/// What a thread hangs under: a review, a list, or a group's topic. Either
/// way its comments are numbered, paged, quoted and marked seen the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Thread {
    Review(i64),
    List(i64),
    Topic(i64),
}

impl Thread {
    pub fn review_id(self) -> Option<i64> {
        match self {
            Thread::Review(id) => Some(id),
            _ => None,
        }
    }

    pub fn list_id(self) -> Option<i64> {
        match self {
            Thread::List(id) => Some(id),
            _ => None,
        }
    }

    pub fn topic_id(self) -> Option<i64> {
        match self {
            Thread::Topic(id) => Some(id),
            _ => None,
        }
    }

    /// The thread from its stored owner columns (one of them is set).
    pub fn from_owner(
        review_id: Option<i64>,
        list_id: Option<i64>,
        topic_id: Option<i64>,
    ) -> Thread {
        match (review_id, list_id, topic_id) {
            (Some(id), _, _) => Thread::Review(id),
            (None, Some(id), _) => Thread::List(id),
            (None, None, id) => Thread::Topic(id.unwrap_or_default()),
        }
    }

    /// The page that shows the thread (`?page=N` picks its page).
    pub fn page_path(self) -> String {
        match self {
            Thread::Review(id) => format!("/reviews/{id}"),
            Thread::List(id) => format!("/lists/{id}/comments"),
            Thread::Topic(id) => format!("/topics/{id}"),
        }
    }

    /// Where a comment is posted to it.
    pub fn post_path(self) -> String {
        match self {
            Thread::Review(id) => format!("/reviews/{id}/comments"),
            Thread::List(id) => format!("/lists/{id}/comments"),
            Thread::Topic(id) => format!("/topics/{id}/comments"),
        }
    }

    /// The link to comment `number` on the page it is on.
    pub fn message_path(self, number: i64) -> String {
        format!(
            "{}?page={}#message-{number}",
            self.page_path(),
            ThreadPage::page_of(number)
        )
    }
}

/// Comments shown on one page of a thread.
pub const PER_PAGE: i64 = 50;

/// Which page of a thread is asked for, and what it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadPage {
    pub page: i64,
    pub pages: i64,
    /// The first and last comment numbers on the page (first > last when the thread is empty).
    pub first: i64,
    pub last: i64,
    pub total: i64,
}

impl ThreadPage {
    /// Page `asked` of a thread of `total` comments. Numbers run 1..=total
    /// without gaps (deleted comments keep theirs), so a page is a range of
    /// numbers: no OFFSET scan, page 4 costs what page 1 does. Pages past the
    /// end show the last page; page 0 or less shows the first.
    pub fn new(total: i64, asked: i64) -> ThreadPage {
        let total = total.max(0);
        let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
        let page = asked.clamp(1, pages);
        let first = (page - 1) * PER_PAGE + 1;
        let last = (page * PER_PAGE).min(total);
        ThreadPage {
            page,
            pages,
            first,
            last,
            total,
        }
    }

    /// The page a comment number is on.
    pub fn page_of(number: i64) -> i64 {
        ((number.max(1) - 1) / PER_PAGE) + 1
    }

    /// "showing 51-100 of 151"
    pub fn showing(&self) -> String {
        if self.total == 0 {
            "showing 0 of 0".to_string()
        } else {
            format!("showing {}-{} of {}", self.first, self.last, self.total)
        }
    }

    pub fn numbers(&self) -> std::ops::RangeInclusive<i64> {
        self.first..=self.last
    }
}

/// The comment numbers of one thread a reader has been shown: bit n is
/// comment n. Stored as bytes so one row per reader and thread holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen(Vec<u8>);

impl Seen {
    pub fn from_bytes(bytes: Vec<u8>) -> Seen {
        Seen(bytes)
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    pub fn contains(&self, number: i64) -> bool {
        if number < 1 {
            return false;
        }
        let (byte, bit) = ((number / 8) as usize, (number % 8) as u8);
        self.0.get(byte).is_some_and(|b| b & (1 << bit) != 0)
    }

    pub fn mark(&mut self, numbers: std::ops::RangeInclusive<i64>) {
        for n in numbers.filter(|n| *n >= 1) {
            let (byte, bit) = ((n / 8) as usize, (n % 8) as u8);
            if self.0.len() <= byte {
                self.0.resize(byte + 1, 0);
            }
            self.0[byte] |= 1 << bit;
        }
    }

    /// How many of comments 1..=total have not been shown.
    pub fn unseen(&self, total: i64) -> i64 {
        (1..=total).filter(|n| !self.contains(*n)).count() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_a_long_thread() {
        let p = ThreadPage::new(151, 2);
        assert_eq!((p.first, p.last, p.pages), (51, 100, 4));
        assert_eq!(p.showing(), "showing 51-100 of 151");
        let last = ThreadPage::new(151, 4);
        assert_eq!((last.first, last.last), (151, 151));
        assert_eq!(
            ThreadPage::new(151, 99).page,
            4,
            "past the end shows the last page"
        );
        assert_eq!(ThreadPage::new(151, -3).page, 1);
        assert_eq!(ThreadPage::new(50, 1).pages, 1);
        assert_eq!(ThreadPage::new(51, 1).pages, 2);
    }

    #[test]
    fn a_thread_links_to_its_owner_s_page() {
        assert_eq!(
            Thread::Review(4).message_path(51),
            "/reviews/4?page=2#message-51"
        );
        assert_eq!(
            Thread::List(9).message_path(3),
            "/lists/9/comments?page=1#message-3"
        );
        assert_eq!(Thread::List(9).post_path(), "/lists/9/comments");
        assert_eq!(Thread::from_owner(None, Some(9), None), Thread::List(9));
        assert_eq!(Thread::from_owner(Some(4), None, None).review_id(), Some(4));
        assert_eq!(Thread::from_owner(None, None, Some(7)), Thread::Topic(7));
        assert_eq!(
            Thread::Topic(7).message_path(51),
            "/topics/7?page=2#message-51"
        );
    }

    #[test]
    fn an_empty_thread_has_one_empty_page() {
        let p = ThreadPage::new(0, 1);
        assert_eq!((p.page, p.pages, p.numbers().count()), (1, 1, 0));
        assert_eq!(p.showing(), "showing 0 of 0");
    }

    #[test]
    fn page_of_a_number() {
        assert_eq!(ThreadPage::page_of(1), 1);
        assert_eq!(ThreadPage::page_of(50), 1);
        assert_eq!(ThreadPage::page_of(51), 2);
        assert_eq!(ThreadPage::page_of(151), 4);
    }

    #[test]
    fn seen_marks_only_what_a_page_showed() {
        let mut seen = Seen::default();
        assert_eq!(seen.unseen(151), 151, "a first visit counts them all");
        seen.mark(ThreadPage::new(151, 2).numbers());
        assert_eq!(seen.unseen(151), 101);
        assert!(seen.contains(51) && seen.contains(100));
        assert!(!seen.contains(50) && !seen.contains(101));
        seen.mark(51..=60);
        assert_eq!(seen.unseen(151), 101, "marking twice changes nothing");
        let round_trip = Seen::from_bytes(seen.clone().into_bytes());
        assert_eq!(round_trip, seen);
        assert_eq!(round_trip.unseen(152), 102, "a new comment is new");
    }
}
