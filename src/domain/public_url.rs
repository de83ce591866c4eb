//! The site's public address: the base every link the site hands out of
//! itself (feed links, and ActivityPub ids) is built on, never a request's
//! `Host` header, which the client writes and shared caches keep.

use std::fmt;

/// `scheme://host[:port]`, http or https, lowercase, with no path, query or
/// trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    base: String,
    /// Where the host starts in `base`, after `://`.
    host_at: usize,
}

impl PublicUrl {
    /// Checks and normalises what `--public-url` was given: `https://books.example`,
    /// `http://127.0.0.1:8080/` (the trailing slash is dropped), `https://[::1]:8443`.
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let lower = text.to_ascii_lowercase();
        let (scheme, rest) = ["https://", "http://"]
            .iter()
            .find_map(|s| lower.strip_prefix(s).map(|rest| (*s, rest)))
            .ok_or_else(|| format!("{text:?} must start with http:// or https://"))?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        match tail {
            "" | "/" => {}
            t if t.contains('?') => {
                return Err(format!("{text:?} must have no query (?...)"));
            }
            t if t.contains('#') => {
                return Err(format!("{text:?} must have no fragment (#...)"));
            }
            _ => {
                return Err(format!(
                    "{text:?} must have no path: the site is served from its root, give scheme://host[:port]"
                ));
            }
        }
        check_authority(authority).map_err(|why| format!("{text:?}: {why}"))?;
        Ok(PublicUrl {
            base: format!("{scheme}{authority}"),
            host_at: scheme.len(),
        })
    }

    /// The address of a node that was given no public URL: `http://` and the
    /// address it listens on.
    pub fn for_listen(listen: &str) -> Result<PublicUrl, String> {
        PublicUrl::parse(&format!("http://{listen}"))
    }

    /// `https://books.example`: join paths to it with `/`.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// `books.example` or `books.example:8443`: the host and port, as in `acct:NAME@HOST`.
    pub fn authority(&self) -> &str {
        &self.base[self.host_at..]
    }

    pub fn is_https(&self) -> bool {
        self.base.starts_with("https://")
    }

    /// The full address of a path on the site (`/feeds/books/1.rss`).
    pub fn join(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            format!("{}/{path}", self.base)
        }
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

impl std::str::FromStr for PublicUrl {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PublicUrl::parse(text)
    }
}

/// `host[:port]` with a DNS name, an IPv4 address or a bracketed IPv6 one.
fn check_authority(authority: &str) -> Result<(), String> {
    if authority.contains('@') {
        return Err("no user name or password in it".into());
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (v6, after) = inner
            .split_once(']')
            .ok_or("an IPv6 address needs its closing ]")?;
        v6.parse::<std::net::Ipv6Addr>()
            .map_err(|_| format!("[{v6}] is not an IPv6 address"))?;
        match after {
            "" => (v6, None),
            p => (
                v6,
                Some(
                    p.strip_prefix(':')
                        .ok_or("after ] comes :port or nothing")?,
                ),
            ),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("it names no host".into());
    }
    if !authority.starts_with('[') {
        let labels_ok = host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if !labels_ok {
            return Err(format!("{host} is not a host name"));
        }
    }
    if let Some(port) = port {
        match port.parse::<u16>() {
            Ok(p) if p > 0 && port.bytes().all(|b| b.is_ascii_digit()) => {}
            _ => return Err(format!("{port} is not a port (1-65535)")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        PublicUrl::parse(text).unwrap().to_string()
    }

    fn refused(text: &str) -> String {
        PublicUrl::parse(text).unwrap_err()
    }

    #[test]
    fn takes_a_scheme_a_host_and_a_port() {
        assert_eq!(ok("https://books.example"), "https://books.example");
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("https://[::1]:8443"), "https://[::1]:8443");
        assert_eq!(ok("http://localhost"), "http://localhost");
    }

    #[test]
    fn drops_the_trailing_slash_and_lowercases() {
        assert_eq!(ok("https://books.example/"), "https://books.example");
        assert_eq!(
            ok("HTTPS://Books.Example:443/"),
            "https://books.example:443"
        );
    }

    #[test]
    fn refuses_other_schemes_and_no_scheme() {
        assert!(refused("ftp://books.example").contains("http:// or https://"));
        assert!(refused("books.example").contains("http:// or https://"));
        assert!(refused("").contains("http:// or https://"));
    }

    #[test]
    fn refuses_a_path_a_query_and_a_fragment() {
        assert!(refused("https://books.example/dogear").contains("no path"));
        assert!(refused("https://books.example//").contains("no path"));
        assert!(refused("https://books.example?x=1").contains("no query"));
        assert!(refused("https://books.example/?x=1").contains("no query"));
        assert!(refused("https://books.example#top").contains("no fragment"));
    }

    #[test]
    fn refuses_what_is_not_a_host_or_a_port() {
        for bad in [
            "https://",
            "https:///",
            "https://:8080",
            "https://user@books.example",
            "https://books..example",
            "https://.books.example",
            "https://-books.example",
            "https://bo oks.example",
            "https://books.example:0",
            "https://books.example:65536",
            "https://books.example:http",
            "https://books.example:+80",
            "https://books.example:",
            "https://[::1",
            "https://[nope]",
            "https://[::1]x",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parts_and_joined_paths() {
        let url = PublicUrl::parse("https://books.example:8443/").unwrap();
        assert_eq!(url.as_str(), "https://books.example:8443");
        assert_eq!(url.authority(), "books.example:8443");
        assert!(url.is_https());
        assert_eq!(url.join("/books/1"), "https://books.example:8443/books/1");
        assert_eq!(url.join("books/1"), "https://books.example:8443/books/1");
    }

    #[test]
    fn a_node_without_one_uses_its_listen_address() {
        let url = PublicUrl::for_listen("127.0.0.1:8080").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080");
        assert!(!url.is_https());
        assert_eq!(
            PublicUrl::for_listen("[::]:8080").unwrap().as_str(),
            "http://[::]:8080"
        );
    }
}
