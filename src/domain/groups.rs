//! Reading groups: who may see and join one, what each role may do, and when
//! a read-along comment is folded for a reader who has not read that far.

use super::Invalid;
use super::dates::ReadDate;
use super::text;

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 5_000;
pub const TITLE_MAX: usize = 200;
pub const LABEL_MAX: usize = 100;
/// Groups on one page of groups, and members on one page of members.
pub const PER_PAGE: i64 = 50;

/// Who sees a group's topics, members and shelf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Public,
    /// Members only; everyone else sees the name, description and picture.
    Private,
}

/// How a reader comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joining {
    /// Anyone joins at once.
    Open,
    /// A request waits for a group moderator.
    Request,
    /// Only through the invitation link.
    Invite,
}

/// A reader's place in a group, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Asked to join; not yet a member.
    Requested,
    Member,
    Moderator,
    Owner,
}

macro_rules! keyed {
    ($ty:ident, $field:literal, $($variant:ident = $key:literal),+) => {
        impl $ty {
            pub fn parse(raw: &str) -> Result<$ty, Invalid> {
                match raw.trim() {
                    $($key => Ok($ty::$variant),)+
                    _ => Err(Invalid::new($field, concat!("must be one of:", $(" ", $key),+))),
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $key,)+
                }
            }
        }
    };
}

keyed!(
    Visibility,
    "visibility",
    Public = "public",
    Private = "private"
);
keyed!(
    Joining,
    "joining",
    Open = "open",
    Request = "request",
    Invite = "invite"
);
keyed!(
    Role,
    "role",
    Requested = "requested",
    Member = "member",
    Moderator = "moderator",
    Owner = "owner"
);

/// Where a book sits on a group's shelf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupShelf {
    Read,
    /// The current book, set with its start date.
    Reading,
    /// Chosen by the group's moderators to come next.
    Next,
    /// Put forward by a member; members vote on these.
    Proposed,
}

keyed!(
    GroupShelf,
    "shelf",
    Read = "read",
    Reading = "reading",
    Next = "next",
    Proposed = "proposed"
);

impl GroupShelf {
    /// A book is made the current one with a start date, never moved there
    /// bare: the read-along schedule hangs on that date.
    pub fn placeable(self) -> bool {
        self != GroupShelf::Reading
    }

    /// Votes choose among proposals; once chosen or read, a book's votes stand still.
    pub fn takes_votes(self) -> bool {
        self == GroupShelf::Proposed
    }
}

impl Role {
    /// The database checks what it stores; anything else reads as the lowest.
    pub fn from_stored(raw: &str) -> Role {
        Role::parse(raw).unwrap_or(Role::Requested)
    }

    pub fn is_member(self) -> bool {
        self >= Role::Member
    }

    /// Moderators and the owner approve requests, pin, lock and answer flags.
    pub fn moderates(self) -> bool {
        self >= Role::Moderator
    }
}

/// What a reader who asks to join becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinOutcome {
    Joined,
    /// Waiting for a group moderator.
    Requested,
    /// Already in (or already waiting): nothing changes.
    AlreadyThere,
    /// An invitation-only group, and no valid invitation.
    Refused,
}

/// Joining: open groups take anyone, request groups queue them, invitation
/// groups take only a reader holding the link; the link opens every door.
pub fn join(joining: Joining, current: Option<Role>, invited: bool) -> JoinOutcome {
    match (current, joining, invited) {
        (Some(Role::Requested), _, true) => JoinOutcome::Joined,
        (Some(_), _, _) => JoinOutcome::AlreadyThere,
        (None, _, true) | (None, Joining::Open, false) => JoinOutcome::Joined,
        (None, Joining::Request, false) => JoinOutcome::Requested,
        (None, Joining::Invite, false) => JoinOutcome::Refused,
    }
}

/// Whether the viewer sees inside the group (topics, members, shelf): a
/// public group shows everyone; a private one its members alone (not those
/// waiting, and not site moderators reading for fun: they act on flags).
pub fn sees_inside(visibility: Visibility, role: Option<Role>) -> bool {
    visibility == Visibility::Public || role.is_some_and(Role::is_member)
}

/// Why a member may not leave: the owner hands the group over first.
pub fn may_leave(role: Role) -> Result<(), &'static str> {
    if role == Role::Owner {
        return Err("the owner hands the group over before leaving");
    }
    Ok(())
}

/// Whether `actor` may give `target` (now `from`) the role `to`. The owner
/// makes and unmakes moderators; moderators approve requests; nobody makes
/// an owner this way (ownership is handed over) or touches the owner.
pub fn may_set_role(actor: Role, from: Role, to: Role) -> bool {
    if to == Role::Owner || from == Role::Owner || to == Role::Requested {
        return false;
    }
    match actor {
        Role::Owner => true,
        Role::Moderator => from == Role::Requested && to == Role::Member,
        _ => false,
    }
}

/// Whether `actor` may put `target` out of the group (or turn their request down).
pub fn may_remove(actor: Role, target: Role) -> bool {
    match actor {
        Role::Owner => target != Role::Owner,
        Role::Moderator => target <= Role::Member,
        _ => false,
    }
}

/// How far a reader has read the book a read-along is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// No progress on the book.
    NotStarted,
    /// Reached this page.
    Page(i64),
    /// Marked it read.
    Finished,
}

impl Place {
    /// From the reader's shelf status and their last progress update.
    pub fn of(status: Option<&str>, page: Option<i64>) -> Place {
        match (status, page) {
            (Some("read"), _) => Place::Finished,
            (_, Some(page)) => Place::Page(page),
            _ => Place::NotStarted,
        }
    }

    /// Whether the reader has read up to `page`.
    pub fn reached(self, page: i64) -> bool {
        match self {
            Place::Finished => true,
            Place::Page(at) => at >= page,
            Place::NotStarted => false,
        }
    }
}

/// A read-along comment tied to a checkpoint that ends at `up_to_page` is
/// folded for a reader who has not reached it. Untied comments never fold.
pub fn folded(up_to_page: Option<i64>, reader: Place) -> bool {
    up_to_page.is_some_and(|page| !reader.reached(page))
}

/// A group's name, description, picture and doors, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupText {
    pub name: String,
    pub description: String,
    pub picture: String,
    pub visibility: Visibility,
    pub joining: Joining,
}

impl GroupText {
    pub fn new(
        name: &str,
        description: &str,
        picture: &str,
        visibility: &str,
        joining: &str,
    ) -> Result<GroupText, Invalid> {
        let picture = picture.trim();
        let web_address = picture.starts_with("https://") || picture.starts_with("http://");
        if !(picture.is_empty() || web_address) {
            return Err(Invalid::new(
                "picture",
                "must be an http:// or https:// address, or empty",
            ));
        }
        if picture.len() > 500 || picture.chars().any(char::is_whitespace) {
            return Err(Invalid::new("picture", "is not an image address"));
        }
        Ok(GroupText {
            name: text::line("name", name, NAME_MAX)?,
            description: text::optional_body("description", Some(description), DESCRIPTION_MAX)?
                .unwrap_or_default(),
            picture: picture.to_string(),
            visibility: Visibility::parse(visibility)?,
            joining: Joining::parse(joining)?,
        })
    }
}

/// A checkpoint of a read-along's schedule: "Chapters 1-10" up to page 112, by a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub label: String,
    pub up_to_page: i64,
    pub due_on: ReadDate,
}

impl Checkpoint {
    pub fn new(
        label: &str,
        up_to_page: i64,
        due_on: &str,
        book_pages: Option<i64>,
    ) -> Result<Checkpoint, Invalid> {
        let label = text::line("label", label, LABEL_MAX)?;
        let up_to_page = text::int_in("up_to_page", up_to_page, 1, 100_000)?;
        if let Some(total) = book_pages.filter(|t| *t > 0)
            && up_to_page > total
        {
            return Err(Invalid::new(
                "up_to_page",
                format!("the book has {total} pages"),
            ));
        }
        Ok(Checkpoint {
            label,
            up_to_page,
            due_on: ReadDate::parse("due_on", due_on)?,
        })
    }
}

/// "12 members past Chapter 10", "1 member past Chapter 10".
pub fn past_words(count: i64, label: &str) -> String {
    let noun = if count == 1 { "member" } else { "members" };
    format!("{count} {noun} past {label}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelves_take_votes_and_places_by_their_kind() {
        assert_eq!(GroupShelf::parse(" next "), Ok(GroupShelf::Next));
        assert!(GroupShelf::parse("wishlist").is_err());
        assert!(!GroupShelf::Reading.placeable());
        assert!(GroupShelf::Read.placeable() && GroupShelf::Proposed.placeable());
        assert!(GroupShelf::Proposed.takes_votes());
        assert!(!GroupShelf::Next.takes_votes() && !GroupShelf::Read.takes_votes());
    }

    #[test]
    fn joining_by_door() {
        assert_eq!(join(Joining::Open, None, false), JoinOutcome::Joined);
        assert_eq!(join(Joining::Request, None, false), JoinOutcome::Requested);
        assert_eq!(join(Joining::Invite, None, false), JoinOutcome::Refused);
        assert_eq!(join(Joining::Invite, None, true), JoinOutcome::Joined);
        // The link lets a waiting request straight in.
        assert_eq!(
            join(Joining::Request, Some(Role::Requested), true),
            JoinOutcome::Joined
        );
        assert_eq!(
            join(Joining::Request, Some(Role::Requested), false),
            JoinOutcome::AlreadyThere
        );
        assert_eq!(
            join(Joining::Open, Some(Role::Owner), true),
            JoinOutcome::AlreadyThere
        );
    }

    #[test]
    fn private_groups_show_members_only() {
        assert!(sees_inside(Visibility::Public, None));
        assert!(!sees_inside(Visibility::Private, None));
        assert!(!sees_inside(Visibility::Private, Some(Role::Requested)));
        assert!(sees_inside(Visibility::Private, Some(Role::Member)));
        assert!(sees_inside(Visibility::Private, Some(Role::Owner)));
    }

    #[test]
    fn roles() {
        assert!(may_leave(Role::Member).is_ok());
        assert!(may_leave(Role::Moderator).is_ok());
        assert!(may_leave(Role::Owner).is_err());
        // The owner makes moderators; moderators only let requests in.
        assert!(may_set_role(Role::Owner, Role::Member, Role::Moderator));
        assert!(may_set_role(Role::Owner, Role::Moderator, Role::Member));
        assert!(may_set_role(Role::Moderator, Role::Requested, Role::Member));
        assert!(!may_set_role(
            Role::Moderator,
            Role::Member,
            Role::Moderator
        ));
        assert!(!may_set_role(Role::Member, Role::Requested, Role::Member));
        // Ownership moves only by handing over.
        assert!(!may_set_role(Role::Owner, Role::Moderator, Role::Owner));
        assert!(!may_set_role(Role::Owner, Role::Owner, Role::Member));
        assert!(may_remove(Role::Owner, Role::Moderator));
        assert!(!may_remove(Role::Owner, Role::Owner));
        assert!(may_remove(Role::Moderator, Role::Member));
        assert!(!may_remove(Role::Moderator, Role::Moderator));
        assert!(!may_remove(Role::Member, Role::Requested));
        assert!(Role::Moderator.moderates() && !Role::Member.moderates());
        assert!(!Role::Requested.is_member());
        assert_eq!(Role::from_stored("owner"), Role::Owner);
        assert_eq!(Role::from_stored("nonsense"), Role::Requested);
    }

    #[test]
    fn folding_follows_the_readers_page() {
        let chapter_10 = Some(100);
        assert!(folded(
            chapter_10,
            Place::of(Some("currently-reading"), Some(30))
        ));
        assert!(!folded(
            chapter_10,
            Place::of(Some("currently-reading"), Some(110))
        ));
        assert!(!folded(
            chapter_10,
            Place::of(Some("currently-reading"), Some(100))
        ));
        assert!(folded(chapter_10, Place::of(None, None)));
        assert!(!folded(chapter_10, Place::of(Some("read"), None)));
        assert!(!folded(None, Place::NotStarted));
    }

    #[test]
    fn group_text_and_checkpoints() {
        let g = GroupText::new(" Slow Readers ", "", "", "private", "request").unwrap();
        assert_eq!(g.name, "Slow Readers");
        assert_eq!(g.visibility, Visibility::Private);
        assert_eq!(
            GroupText::new("", "", "", "public", "open")
                .unwrap_err()
                .field,
            "name"
        );
        assert_eq!(
            GroupText::new("A", "", "javascript:alert(1)", "public", "open")
                .unwrap_err()
                .field,
            "picture"
        );
        assert_eq!(
            GroupText::new("A", "", "", "secret", "open")
                .unwrap_err()
                .field,
            "visibility"
        );
        assert_eq!(
            GroupText::new("A", "", "", "public", "maybe")
                .unwrap_err()
                .field,
            "joining"
        );
        let c = Checkpoint::new("Chapter 10", 100, "2026-12-10", Some(300)).unwrap();
        assert_eq!(c.up_to_page, 100);
        assert_eq!(
            Checkpoint::new("Chapter 10", 400, "2026-12-10", Some(300))
                .unwrap_err()
                .field,
            "up_to_page"
        );
        assert_eq!(
            Checkpoint::new("Chapter 10", 10, "soon", None)
                .unwrap_err()
                .field,
            "due_on"
        );
        assert_eq!(past_words(12, "Chapter 10"), "12 members past Chapter 10");
        assert_eq!(past_words(1, "Chapter 10"), "1 member past Chapter 10");
    }
}
