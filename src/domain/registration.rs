//! Who may join the site: the registration modes, invitation rules, the
//! reason a request gives, and the first posts of a new account.

use super::Invalid;

/// How strangers become readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Anyone signs up.
    #[default]
    Open,
    /// Anyone asks, with a reason; an admin approves.
    Request,
    /// Only with an invitation link.
    Invite,
    /// Nobody joins; admins add readers with `dogear user add`.
    Closed,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Open, Mode::Request, Mode::Invite, Mode::Closed];

    pub fn parse(text: &str) -> Result<Mode, String> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown registration mode {text:?}: use open, request, invite or closed")
            })
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Open => "open",
            Mode::Request => "request",
            Mode::Invite => "invite",
            Mode::Closed => "closed",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The most readers one invitation lets in.
pub const MAX_INVITE_USES: i64 = 100;
/// The longest an invitation lasts, in days.
pub const MAX_INVITE_DAYS: i64 = 90;

/// How many may join with an invitation and for how many days, checked.
pub fn invite_terms(uses: Option<i64>, days: Option<i64>) -> Result<(i64, i64), Invalid> {
    let uses = uses.unwrap_or(1);
    let days = days.unwrap_or(7);
    if !(1..=MAX_INVITE_USES).contains(&uses) {
        return Err(Invalid::new(
            "uses",
            format!("must be from 1 to {MAX_INVITE_USES} readers"),
        ));
    }
    if !(1..=MAX_INVITE_DAYS).contains(&days) {
        return Err(Invalid::new(
            "days",
            format!("must be from 1 to {MAX_INVITE_DAYS} days"),
        ));
    }
    Ok((uses, days))
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteState {
    Usable,
    UsedUp,
    Expired,
    Revoked,
}

impl InviteState {
    pub fn of(uses: i64, max_uses: i64, expires_at: i64, revoked: bool, now: i64) -> Self {
        if revoked {
            InviteState::Revoked
        } else if uses >= max_uses {
            InviteState::UsedUp
        } else if now >= expires_at {
            InviteState::Expired
        } else {
            InviteState::Usable
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InviteState::Usable => "usable",
            InviteState::UsedUp => "used up",
            InviteState::Expired => "expired",
            InviteState::Revoked => "revoked",
        }
    }
}

pub const REASON_MIN: usize = 10;
pub const REASON_MAX: usize = 1000;

/// The reason a request to join gives, trimmed: a sentence or two, enough for an admin to judge.
pub fn reason(text: Option<&str>) -> Result<String, Invalid> {
    let text = text.unwrap_or("").trim();
    let chars = text.chars().count();
    if chars < REASON_MIN {
        return Err(Invalid::new(
            "reason",
            format!(
                "say in a sentence or two why you would like to join (at least {REASON_MIN} characters)"
            ),
        ));
    }
    if chars > REASON_MAX {
        return Err(Invalid::new(
            "reason",
            format!("must be at most {REASON_MAX} characters"),
        ));
    }
    Ok(text.to_string())
}

/// The sign-up field people never see: only a form-filling robot puts anything in it.
pub const HONEYPOT_FIELD: &str = "website";

pub fn is_robot(honeypot: Option<&str>) -> bool {
    honeypot.is_some_and(|v| !v.trim().is_empty())
}

/// For how long an account counts as new, in seconds: its first posts are held to a lower pace.
pub const NEW_ACCOUNT_FOR: i64 = 24 * 3600;

/// The comments a minute a reader may post: a new account no more than
/// `new_limit` (0: no lower limit for new accounts).
pub fn comments_per_minute(usual: i64, new_limit: i64, created_at: i64, now: i64) -> i64 {
    if new_limit > 0 && now - created_at < NEW_ACCOUNT_FOR {
        usual.min(new_limit)
    } else {
        usual
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_by_name() {
        for mode in Mode::ALL {
            assert_eq!(Mode::parse(mode.name()), Ok(mode));
        }
        assert_eq!(Mode::parse(" Invite "), Ok(Mode::Invite));
        assert!(Mode::parse("sometimes").is_err());
    }

    #[test]
    fn invite_terms_have_bounds() {
        assert_eq!(invite_terms(None, None), Ok((1, 7)));
        assert_eq!(invite_terms(Some(100), Some(90)), Ok((100, 90)));
        assert_eq!(invite_terms(Some(0), None).unwrap_err().field, "uses");
        assert_eq!(invite_terms(Some(101), None).unwrap_err().field, "uses");
        assert_eq!(invite_terms(None, Some(91)).unwrap_err().field, "days");
    }

    #[test]
    fn an_invite_is_usable_until_used_up_expired_or_revoked() {
        assert_eq!(InviteState::of(0, 2, 100, false, 50), InviteState::Usable);
        assert_eq!(InviteState::of(2, 2, 100, false, 50), InviteState::UsedUp);
        assert_eq!(InviteState::of(1, 2, 100, false, 100), InviteState::Expired);
        assert_eq!(InviteState::of(0, 2, 100, true, 50), InviteState::Revoked);
    }

    #[test]
    fn a_reason_is_a_sentence() {
        assert!(reason(Some("hi")).is_err());
        assert!(reason(None).is_err());
        assert_eq!(
            reason(Some("  I run the Tuesday book club  ")).unwrap(),
            "I run the Tuesday book club"
        );
        assert!(reason(Some(&"a".repeat(1001))).is_err());
    }

    #[test]
    fn only_robots_fill_the_honeypot() {
        assert!(!is_robot(None));
        assert!(!is_robot(Some("  ")));
        assert!(is_robot(Some("http://spam.example")));
    }

    #[test]
    fn new_accounts_post_slower() {
        assert_eq!(comments_per_minute(20, 3, 0, NEW_ACCOUNT_FOR - 1), 3);
        assert_eq!(comments_per_minute(20, 3, 0, NEW_ACCOUNT_FOR), 20);
        assert_eq!(comments_per_minute(2, 3, 0, 10), 2);
        assert_eq!(comments_per_minute(20, 0, 0, 10), 20);
    }
}
