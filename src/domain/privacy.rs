//! Who may see what: a reader's profile and shelves, and each review.

/// How widely a reader shares their profile and shelves, or a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Public,
    Friends,
    /// Only for profiles: the reader alone.
    Private,
}

impl Visibility {
    pub fn parse(value: &str) -> Option<Visibility> {
        match value.trim().to_lowercase().as_str() {
            "public" | "everyone" => Some(Visibility::Public),
            "friends" | "friends-only" | "friends_only" => Some(Visibility::Friends),
            "private" | "only-me" | "only_me" => Some(Visibility::Private),
            _ => None,
        }
    }

    /// The stored form, read back by `parse`; unknown stored values read as private.
    pub fn key(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Friends => "friends",
            Visibility::Private => "private",
        }
    }

    pub fn stored(value: &str) -> Visibility {
        Visibility::parse(value).unwrap_or(Visibility::Private)
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Public => "Everyone",
            Visibility::Friends => "Friends only",
            Visibility::Private => "Only me",
        }
    }
}

/// How a viewer stands to the owner of something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// The viewer is the owner.
    pub own: bool,
    pub friends: bool,
    /// Either has blocked the other.
    pub blocked: bool,
}

/// Whether a viewer in this standing may see what is shared this widely.
pub fn may_see(visibility: Visibility, standing: Standing) -> bool {
    if standing.own {
        return true;
    }
    if standing.blocked {
        return false;
    }
    match visibility {
        Visibility::Public => true,
        Visibility::Friends => standing.friends,
        Visibility::Private => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRANGER: Standing = Standing {
        own: false,
        friends: false,
        blocked: false,
    };
    const FRIEND: Standing = Standing {
        own: false,
        friends: true,
        blocked: false,
    };
    const OWNER: Standing = Standing {
        own: true,
        friends: false,
        blocked: false,
    };
    const BLOCKED: Standing = Standing {
        own: false,
        friends: false,
        blocked: true,
    };

    #[test]
    fn the_matrix() {
        use Visibility::*;
        let cases = [
            (Public, STRANGER, true),
            (Public, FRIEND, true),
            (Public, BLOCKED, false),
            (Public, OWNER, true),
            (Friends, STRANGER, false),
            (Friends, FRIEND, true),
            (Friends, BLOCKED, false),
            (Friends, OWNER, true),
            (Private, STRANGER, false),
            (Private, FRIEND, false),
            (Private, BLOCKED, false),
            (Private, OWNER, true),
        ];
        for (visibility, standing, expected) in cases {
            assert_eq!(
                may_see(visibility, standing),
                expected,
                "{visibility:?} {standing:?}"
            );
        }
    }

    #[test]
    fn stored_values_round_trip_and_unknown_ones_stay_private() {
        for v in [Visibility::Public, Visibility::Friends, Visibility::Private] {
            assert_eq!(Visibility::stored(v.key()), v);
        }
        assert_eq!(Visibility::stored("garbage"), Visibility::Private);
        assert_eq!(Visibility::parse("Friends-only"), Some(Visibility::Friends));
        assert_eq!(Visibility::parse("nobody"), None);
    }
}
