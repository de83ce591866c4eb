//! Who runs the site: readers, moderators above them, admins above both.

/// A reader's standing on the site, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reader,
    /// Handles flags: removes content, suspends readers, merges books.
    Moderator,
    /// Runs the site: everything a moderator does, over moderators too, and
    /// reads the moderation log.
    Admin,
}

impl Role {
    pub fn of(is_moderator: bool, is_admin: bool) -> Role {
        match (is_moderator, is_admin) {
            (_, true) => Role::Admin,
            (true, false) => Role::Moderator,
            (false, false) => Role::Reader,
        }
    }

    /// Whether someone in this role may suspend someone in `target`: only
    /// those below them, so moderators cannot shut each other (or the admin)
    /// out, and an admin is suspended only from the command line.
    pub fn may_suspend(self, target: Role) -> bool {
        self >= Role::Moderator && target < self
    }

    /// The two flags a role is stored as: (moderator, admin).
    pub fn flags(self) -> (bool, bool) {
        (self >= Role::Moderator, self == Role::Admin)
    }

    pub fn name(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Role::*;
    use super::*;

    #[test]
    fn only_those_below_can_be_suspended() {
        assert!(Moderator.may_suspend(Reader));
        assert!(!Moderator.may_suspend(Moderator));
        assert!(!Moderator.may_suspend(Admin));
        assert!(Admin.may_suspend(Moderator));
        assert!(!Admin.may_suspend(Admin));
        assert!(!Reader.may_suspend(Reader));
    }

    #[test]
    fn roles_round_trip_through_their_flags() {
        for role in [Reader, Moderator, Admin] {
            let (moderator, admin) = role.flags();
            assert_eq!(Role::of(moderator, admin), role);
        }
        assert_eq!(Role::of(false, true), Admin, "an admin moderates");
    }
}
