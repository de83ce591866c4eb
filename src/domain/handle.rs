//! A reader on another server as people type them: `@name@host`,
//! `name@host` or `acct:name@host`, the host perhaps with a port.

use super::Invalid;

const RULE: &str = "give a handle such as @ann@books.example";

/// A reader elsewhere, named by their server's WebFinger account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    pub name: String,
    /// Lower-cased, with the port when one was given (`127.0.0.2:8080`).
    pub host: String,
}

impl Handle {
    /// The WebFinger resource naming this account.
    pub fn resource(&self) -> String {
        format!("acct:{}@{}", self.name, self.host)
    }
}

impl std::fmt::Display for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "@{}@{}", self.name, self.host)
    }
}

/// Whether a search looks like a handle rather than words or a local name:
/// something on each side of an `@` after the first character.
pub fn looks_like_handle(input: &str) -> bool {
    let trimmed = input.trim();
    let rest = trimmed.strip_prefix("acct:").unwrap_or(trimmed);
    let rest = rest.strip_prefix('@').unwrap_or(rest);
    !rest.contains(char::is_whitespace)
        && rest
            .split_once('@')
            .is_some_and(|(n, h)| !n.is_empty() && !h.is_empty())
}

/// Reads a handle; the name keeps its case (servers differ on it), the host
/// is lower-cased and must be a domain or an IP address, with an optional port.
pub fn parse(input: &str) -> Result<Handle, Invalid> {
    let bad = || Invalid::new("handle", RULE);
    let trimmed = input.trim();
    let rest = trimmed
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("acct:"))
        .map_or(trimmed, |_| &trimmed[5..]);
    let rest = rest.strip_prefix('@').unwrap_or(rest);
    let (name, host) = rest.split_once('@').ok_or_else(bad)?;
    let name_fits = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !name_fits {
        return Err(bad());
    }
    let host = host.to_ascii_lowercase();
    let (bare, port) = match host.rsplit_once(':') {
        Some((bare, port)) => (bare, Some(port)),
        None => (host.as_str(), None),
    };
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(bad());
    }
    let is_ip = bare.parse::<std::net::Ipv4Addr>().is_ok();
    if !is_ip && super::hosts::domain(bare).ok().as_deref() != Some(bare) {
        return Err(bad());
    }
    // A host with no dot is a name on this machine's network, not a server.
    if !is_ip && !bare.contains('.') && bare != "localhost" {
        return Err(bad());
    }
    Ok(Handle {
        name: name.to_string(),
        host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_read_in_each_spelling() -> Result<(), Invalid> {
        let want = Handle {
            name: "Mouse".into(),
            host: "bookwyrm.example".into(),
        };
        for typed in [
            "@Mouse@bookwyrm.example",
            "Mouse@BookWyrm.Example",
            " acct:Mouse@bookwyrm.example ",
            "ACCT:@Mouse@bookwyrm.example",
        ] {
            assert_eq!(parse(typed)?, want, "{typed}");
        }
        let ported = parse("@bo@127.0.0.3:8081")?;
        assert_eq!(ported.host, "127.0.0.3:8081");
        assert_eq!(ported.resource(), "acct:bo@127.0.0.3:8081");
        assert_eq!(ported.to_string(), "@bo@127.0.0.3:8081");
        Ok(())
    }

    #[test]
    fn broken_handles_are_refused() {
        for typed in [
            "",
            "ann",
            "@ann",
            "ann@",
            "@@books.example",
            "ann@books.example@other.example",
            "a/b@books.example",
            "ann@books example",
            "ann@-books.example",
            "ann@books.example:",
            "ann@books.example:port",
            "ann@intranet",
            "<script>@books.example",
        ] {
            assert!(parse(typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn a_search_is_told_from_a_handle() {
        assert!(looks_like_handle("@ann@books.example"));
        assert!(looks_like_handle("ann@books.example"));
        assert!(!looks_like_handle("ann"));
        assert!(!looks_like_handle("@ann"));
        assert!(!looks_like_handle("ann lee@x"));
    }
}
