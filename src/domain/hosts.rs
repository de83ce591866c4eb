//! Instance blocks: domains moderators defederated. What a domain is (typed
//! by a moderator as a host, a URL or `@name@host`), and whether a block
//! covers a host: the domain itself and every subdomain, on any port.

use super::Invalid;

const RULE: &str = "give a domain such as books.example";

/// The domain a moderator means, lowercased, without scheme, path or port.
pub fn domain(input: &str) -> Result<String, Invalid> {
    let mut rest = input.trim();
    if let Some((_, after)) = rest.split_once("://") {
        rest = after;
    }
    if let Some((_, host)) = rest.trim_start_matches('@').rsplit_once('@') {
        rest = host;
    }
    let rest = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = without_port(rest)
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let fits = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if !fits {
        return Err(Invalid::new("host", RULE));
    }
    Ok(host)
}

fn without_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Whether blocking `blocked` covers `host` (as an URL's host, perhaps with a port).
pub fn covers(blocked: &str, host: &str) -> bool {
    let host = without_port(host)
        .trim_end_matches('.')
        .to_ascii_lowercase();
    host == blocked
        || host
            .strip_suffix(blocked)
            .is_some_and(|head| head.ends_with('.'))
}

/// The host of a URL, lowercased, if it has one.
pub fn host_of_url(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// Whether any of `blocked` covers the host of `url` (one without a host is refused too).
pub fn refused(blocked: &[String], url: &str) -> bool {
    match host_of_url(url) {
        Some(host) => blocked.iter().any(|b| covers(b, &host)),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_is_read_from_a_host_a_url_or_a_handle() {
        assert_eq!(domain(" Books.Example ").as_deref(), Ok("books.example"));
        assert_eq!(
            domain("https://books.example/user/mouse").as_deref(),
            Ok("books.example")
        );
        assert_eq!(
            domain("@mouse@books.example").as_deref(),
            Ok("books.example")
        );
        assert_eq!(domain("books.example:8443").as_deref(), Ok("books.example"));
        assert_eq!(domain("127.0.0.3").as_deref(), Ok("127.0.0.3"));
        for bad in ["", "  ", "bad host", "-x.example", "a..b", "<script>"] {
            assert!(domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_block_covers_the_domain_and_its_subdomains_only() {
        assert!(covers("books.example", "books.example"));
        assert!(covers("books.example", "social.books.example"));
        assert!(covers("books.example", "BOOKS.example:8080"));
        assert!(!covers("books.example", "otherbooks.example"));
        assert!(!covers("books.example", "books.example.net"));
        let blocked = vec!["127.0.0.3".to_string()];
        assert!(refused(&blocked, "http://127.0.0.3:9000/inbox"));
        assert!(!refused(&blocked, "http://127.0.0.2:9000/inbox"));
        assert!(refused(&blocked, "not a url"));
    }
}
