//! What an API token may do, and how often it may do it.

use super::Invalid;

/// A token's scope: `Read` tokens may only look; `Write` tokens may do
/// whatever their reader may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn parse(raw: &str) -> Result<Scope, Invalid> {
        match raw.trim() {
            "read" => Ok(Scope::Read),
            "write" => Ok(Scope::Write),
            _ => Err(Invalid::new("scope", "must be \"read\" or \"write\"")),
        }
    }

    /// Stored scopes are checked by the database; anything else reads as the narrower one.
    pub fn from_stored(raw: &str) -> Scope {
        Scope::parse(raw).unwrap_or(Scope::Read)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    /// Whether a call that `changes` something (any method but GET and HEAD) is allowed.
    pub fn allows(self, changes: bool) -> bool {
        self == Scope::Write || !changes
    }
}

/// A fixed window: at most `limit` calls in each `window` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub window: i64,
}

/// The calls counted so far in the current window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub start: i64,
    pub used: u32,
}

/// The answer to one call: whether it may go ahead, and what to tell the
/// caller about the window (the `RateLimit` headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window starts afresh.
    pub reset: i64,
}

impl Quota {
    /// Counts one call at `now` against `window`.
    pub fn take(self, window: &mut Window, now: i64) -> Verdict {
        if now >= window.start + self.window || now < window.start {
            *window = Window {
                start: now,
                used: 0,
            };
        }
        let allowed = window.used < self.limit;
        if allowed {
            window.used += 1;
        }
        Verdict {
            allowed,
            limit: self.limit,
            remaining: self.limit - window.used,
            reset: (window.start + self.window - now).max(1),
        }
    }
}

/// How long a token made with the password stands for the password itself:
/// long enough for a script that just signed in, too short for a token that
/// leaked later.
pub const PASSWORD_PROOF_LASTS: i64 = 10 * 60;

/// Whether a token counts as the password, for what asks for it again
/// (deleting the account): only one made by giving it, moments ago.
pub fn proves_password(password_proved_at: Option<i64>, now: i64) -> bool {
    password_proved_at.is_some_and(|at| (0..=PASSWORD_PROOF_LASTS).contains(&(now - at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fresh_password_token_stands_for_the_password() {
        assert!(proves_password(Some(1_000), 1_000));
        assert!(proves_password(Some(1_000), 1_000 + PASSWORD_PROOF_LASTS));
        assert!(!proves_password(Some(1_000), 1_001 + PASSWORD_PROOF_LASTS));
        assert!(!proves_password(None, 1_000), "a token made from a page");
        assert!(!proves_password(Some(2_000), 1_000), "made in the future");
    }

    #[test]
    fn read_tokens_only_look() {
        assert!(Scope::Read.allows(false));
        assert!(!Scope::Read.allows(true));
        assert!(Scope::Write.allows(true));
        assert_eq!(Scope::parse(" write ").ok(), Some(Scope::Write));
        assert_eq!(Scope::parse("admin").map_err(|e| e.field), Err("scope"));
        assert_eq!(Scope::from_stored("bogus"), Scope::Read);
    }

    #[test]
    fn a_window_counts_down_then_refuses_until_it_resets() {
        let quota = Quota {
            limit: 2,
            window: 60,
        };
        let mut w = Window::default();
        let first = quota.take(&mut w, 1000);
        assert_eq!((first.allowed, first.remaining, first.reset), (true, 1, 60));
        let second = quota.take(&mut w, 1010);
        assert_eq!(
            (second.allowed, second.remaining, second.reset),
            (true, 0, 50)
        );
        let third = quota.take(&mut w, 1059);
        assert_eq!((third.allowed, third.remaining, third.reset), (false, 0, 1));
        let fresh = quota.take(&mut w, 1060);
        assert_eq!((fresh.allowed, fresh.remaining), (true, 1));
    }

    #[test]
    fn a_clock_that_steps_back_starts_a_new_window() {
        let quota = Quota {
            limit: 1,
            window: 60,
        };
        let mut w = Window::default();
        assert!(quota.take(&mut w, 1000).allowed);
        assert!(quota.take(&mut w, 900).allowed);
    }
}
