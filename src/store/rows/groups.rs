//! Reading groups, their members, topics and read-along checkpoints.

use super::UserRef;

/// A group as its page and every list of groups show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub picture: String,
    /// A `domain::groups::Visibility` key.
    pub visibility: String,
    /// A `domain::groups::Joining` key.
    pub joining: String,
    pub invite_code: String,
    pub members_count: i64,
    pub topics_count: i64,
    pub current_book_id: Option<i64>,
    pub current_book_title: Option<String>,
    pub current_started_on: Option<String>,
    pub created_at: i64,
    /// The viewer's `domain::groups::Role` key, if they are in it or waiting.
    pub viewer_role: Option<String>,
}

/// A new group, or a group's new name, description, picture and doors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    pub name: String,
    pub description: String,
    pub picture: String,
    pub visibility: String,
    pub joining: String,
    pub now: i64,
}

/// Someone in a group, or waiting to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub user: UserRef,
    pub role: String,
    pub joined_at: i64,
}

/// A discussion topic of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRow {
    pub id: i64,
    pub group_id: i64,
    /// None once their account is gone.
    pub author: Option<UserRef>,
    pub title: String,
    /// The book a read-along topic is about.
    pub book_id: Option<i64>,
    pub pinned: bool,
    pub locked: bool,
    pub comments_count: i64,
    pub created_at: i64,
    pub last_posted_at: i64,
}

/// A read-along checkpoint, and how many members have read past it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub id: i64,
    pub book_id: i64,
    pub label: String,
    pub up_to_page: i64,
    pub due_on: String,
    pub members_past: i64,
}

/// A book on a group's shelf, with its votes and whether the viewer gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBookRow {
    pub book_id: i64,
    pub title: String,
    /// A `domain::groups::GroupShelf` key.
    pub shelf: String,
    /// Who put it forward (None when a moderator placed it, or their account is gone).
    pub proposed_by: Option<UserRef>,
    pub votes: i64,
    pub voted: bool,
    pub added_at: i64,
}
