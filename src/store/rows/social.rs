//! Rows of reading together: the feed, notifications, and people found.

use super::UserRef;

/// One act in the feed, with what a line about it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: i64,
    /// "rated", "reviewed", "shelved", "progress" or "commented".
    pub kind: String,
    /// Quarter stars for "rated", the shelf for "shelved", "page N" or "N%" for "progress".
    pub detail: Option<String>,
    pub created_at: i64,
    pub actor: UserRef,
    pub book: Option<(i64, String)>,
    /// The book's cover digest (None: it has none).
    pub cover: Option<String>,
    /// The actor's stars for the book now, in quarters.
    pub stars: Option<i64>,
    pub review_id: Option<i64>,
    pub review_author: Option<UserRef>,
    /// The review's text, for an excerpt under a "reviewed" line.
    pub review_body: Option<String>,
    pub review_spoiler: bool,
    pub review_likes: i64,
    pub review_comments: i64,
    pub comment_number: Option<i64>,
    /// The viewer likes the review already.
    pub liked: bool,
}

rows! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Notification {
        pub id: i64,
        /// "comment" (on your review) or "quote" (of your comment).
        pub kind: String,
        pub actor: Option<UserRef>,
        pub review_id: Option<i64>,
        pub comment_number: Option<i64>,
        /// The review's book, or the group topic's title.
        pub book_title: Option<String>,
        pub created_at: i64,
        pub read: bool,
        /// The group topic of a `topic_reply` or `topic_quote`, while the reader sees inside its group.
        pub topic_id: Option<i64>,
    }

    /// Notifications of one kind about one review (or a single one), as a line.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NotificationGroup {
        /// The newest notification of the group: the page's cursor.
        pub last_id: i64,
        pub kind: String,
        /// The newest notification's reader.
        pub actor: Option<UserRef>,
        /// Distinct readers still there in the group.
        pub readers: i64,
        /// Notifications in the group.
        pub count: i64,
        /// Notifications in the group not read yet.
        pub unread: i64,
        pub review_id: Option<i64>,
        pub book_title: Option<String>,
        /// The newest notification's comment number.
        pub comment_number: Option<i64>,
        pub created_at: i64,
        /// For a friend request: it still waits for an answer.
        pub request_pending: bool,
        /// The group topic of a `topic_reply` or `topic_quote`, while the reader sees inside its group.
        pub topic_id: Option<i64>,
    }

    /// A reader found by people search, with how the searcher stands to them.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PersonHit {
        pub reader: UserRef,
        /// "public", "friends" or "private".
        pub visibility: String,
        pub bio: Option<String>,
        pub friends: bool,
        pub request_sent: bool,
        pub request_received: bool,
    }
}
