//! Fixed-window limits kept in this process: API calls per token, and
//! sign-in attempts per account and per client address.
//!
//! Windows are counted in memory, not the database: a counter write per call
//! would cost more than the calls themselves. Behind several nodes each node
//! counts its own, so a limit holds on each.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::domain::access::{Quota, Verdict, Window};
use crate::error::ActionError;

/// Windows kept before the stale ones are swept out.
const SWEEP_AT: usize = 10_000;

pub struct Throttle<K> {
    quota: Quota,
    windows: Mutex<HashMap<K, Window>>,
}

impl<K: Hash + Eq> Throttle<K> {
    pub fn per_minute(limit: u32) -> Self {
        Throttle {
            quota: Quota { limit, window: 60 },
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one call by `key` at `now`.
    pub fn take(&self, key: K, now: i64) -> Verdict {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() >= SWEEP_AT {
            let window = self.quota.window;
            windows.retain(|_, w| w.start + window > now);
        }
        self.quota.take(windows.entry(key).or_default(), now)
    }

    /// Gives back one call counted by `key` in the current window.
    pub fn refund(&self, key: &K, now: i64) {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(w) = windows.get_mut(key)
            && now < w.start + self.quota.window
        {
            w.used = w.used.saturating_sub(1);
        }
    }
}

/// Attempts to sign in, sign up or make a token with a password: each account
/// and each client address gets so many a minute, so a password cannot be
/// guessed at speed, nor many accounts tried from one place. Every attempt is
/// counted as it starts (so a burst sent at once is held to the limit), and a
/// right password gives its count back: readers who get in use up nothing.
pub struct SignInGuard {
    accounts: Throttle<String>,
    addresses: Throttle<IpAddr>,
}

impl SignInGuard {
    /// `per_minute` for each account; ten times that for each address, which
    /// a household, an office or a school shares.
    pub fn per_minute(per_minute: u32) -> Self {
        SignInGuard {
            accounts: Throttle::per_minute(per_minute),
            addresses: Throttle::per_minute(per_minute.saturating_mul(10)),
        }
    }

    /// The password was right: the attempt is given back.
    pub fn succeeded(&self, account: Option<&str>, address: Option<IpAddr>, now: i64) {
        if let Some(a) = account {
            self.accounts.refund(&a.to_string(), now);
        }
        if let Some(a) = address {
            self.addresses.refund(&a, now);
        }
    }

    /// Counts one attempt on `account` (a username key) from `address`.
    pub fn check(
        &self,
        account: Option<&str>,
        address: Option<IpAddr>,
        now: i64,
    ) -> Result<(), ActionError> {
        let verdicts = [
            address.map(|a| self.addresses.take(a, now)),
            account.map(|a| self.accounts.take(a.to_string(), now)),
        ];
        match verdicts.into_iter().flatten().find(|v| !v.allowed) {
            Some(refused) => Err(ActionError::RateLimited {
                retry_after: refused.reset.max(1) as u64,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_and_an_address_each_have_their_own_limit() {
        let guard = SignInGuard::per_minute(1);
        let here: IpAddr = [10, 0, 0, 1].into();
        assert!(guard.check(Some("ann"), Some(here), 100).is_ok());
        let second = guard.check(Some("ann"), Some(here), 102);
        assert!(matches!(
            second,
            Err(ActionError::RateLimited { retry_after: 58 })
        ));
        // Other accounts from the same address, up to the address's own limit
        // (ten times the account's, the refused attempt counted too).
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            assert!(guard.check(Some(name), Some(here), 103).is_ok(), "{name}");
        }
        assert!(guard.check(Some("z"), Some(here), 104).is_err());
        // A new minute, a new window.
        assert!(guard.check(Some("ann"), Some(here), 161).is_ok());
    }

    #[test]
    fn a_right_password_gives_its_attempt_back() {
        let guard = SignInGuard::per_minute(2);
        let here: IpAddr = [10, 0, 0, 2].into();
        for t in 0..20 {
            assert!(guard.check(Some("ann"), Some(here), 100 + t).is_ok(), "{t}");
            guard.succeeded(Some("ann"), Some(here), 100 + t);
        }
    }
}
