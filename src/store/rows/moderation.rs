//! Moderation: flags and the log of what moderators did.

use super::UserRef;

#[derive(Debug, Clone)]
pub struct NewFlag {
    pub reporter_id: i64,
    /// "review" or "comment".
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub note: Option<String>,
    /// The group whose moderators answer it first (a message in its topic).
    pub group_id: Option<i64>,
    pub now: i64,
}

/// An open flag with what it points at, for the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagItem {
    pub id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: i64,
    pub reporter: Option<UserRef>,
    /// The flagged words; None when the content is gone.
    pub text: Option<String>,
    pub target_author: Option<UserRef>,
    pub review_id: Option<i64>,
    pub comment_number: Option<i64>,
    /// The list whose thread holds a flagged comment (None under a review).
    pub list_id: Option<i64>,
    /// The group topic whose thread holds a flagged comment.
    pub topic_id: Option<i64>,
    /// The group whose moderators hold the flag; None once it is the site's.
    pub group_id: Option<i64>,
    /// "open", or how it was answered.
    pub state: String,
}

rows! {
    /// One thing a moderator or admin did, as the log keeps it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LogEntry {
        pub id: i64,
        /// None: the command line, or an account since deleted.
        pub actor: Option<UserRef>,
        /// What was done: "suspended", "removed", "merged", ...
        pub action: String,
        /// What it was done to: "user", "review", "comment", "book", "author", "flag".
        pub target_kind: String,
        pub target_id: i64,
        /// The account's name, when the target is one that still exists.
        pub target_username: Option<String>,
        pub detail: Option<String>,
        pub created_at: i64,
    }
}

/// A moderator's action, to be logged.
#[derive(Debug, Clone)]
pub struct NewLogEntry {
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: i64,
    pub detail: Option<String>,
    pub now: i64,
}
