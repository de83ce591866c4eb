//! How a reader on another server is named here: `name@host`, and a display
//! name cleaned the way a local one must be.

/// The longest handle kept (a name and a host together).
const MAX_HANDLE: usize = 120;
/// As long as a local display name may be.
const MAX_DISPLAY: usize = 60;

/// `name@host` for the actor: only the characters a handle may hold are kept,
/// so it is safe in a page and a link, and holds exactly one `@`.
pub fn handle(preferred_username: &str, host: &str) -> String {
    let name: String = preferred_username
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    let name = if name.is_empty() { "reader" } else { &name };
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':'))
        .collect::<String>()
        .to_ascii_lowercase();
    let mut handle = format!("{name}@{host}");
    if handle.chars().count() > MAX_HANDLE {
        handle = handle.chars().take(MAX_HANDLE).collect();
    }
    handle
}

/// The actor's name as shown: control characters dropped, spaces squeezed,
/// cut to the local limit; the handle when it names nothing.
pub fn display_name(name: &str, handle: &str) -> String {
    let cleaned: String = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_DISPLAY)
        .collect();
    if cleaned.is_empty() {
        handle.chars().take(MAX_DISPLAY).collect()
    } else {
        cleaned
    }
}

/// The words of (sanitised) HTML from another server, as plain text: what
/// a local reader's Markdown source would hold, for excerpts and limits.
pub fn plain_text(html: &str) -> String {
    let spaced = html
        .replace("</p>", "\n\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let stripped = ammonia::Builder::empty().clean(&spaced).to_string();
    let text = stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.trim().to_string()
}

/// At most `max` characters of `text`.
pub fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::username;

    #[test]
    fn a_handle_is_name_at_host_and_never_a_local_name() {
        let h = handle("Mouse", "books.example");
        assert_eq!(h, "Mouse@books.example");
        assert!(!username::is_local(&h));
        assert!(username::Username::parse(&h).is_err());
        assert_eq!(handle("rat", "127.0.0.2:8080"), "rat@127.0.0.2:8080");
    }

    #[test]
    fn a_handle_drops_what_a_link_cannot_hold() {
        assert_eq!(
            handle("<b>x</b>@evil/../", "Host.Example"),
            "bxbevil..@host.example"
        );
        assert_eq!(handle("  ", "a.example"), "reader@a.example");
        assert_eq!(handle(&"n".repeat(300), "a.example").chars().count(), 120);
    }

    #[test]
    fn html_reads_as_its_words() {
        assert_eq!(
            plain_text("<p>I like <em>it</em> &amp; more</p><p>Two</p>"),
            "I like it & more\n\nTwo"
        );
        assert_eq!(plain_text("a<script>x</script>b"), "ab");
        assert_eq!(cut("abcdef", 3), "abc");
    }

    #[test]
    fn a_display_name_is_cleaned_and_falls_back_to_the_handle() {
        assert_eq!(display_name("  Mouse \n Reader ", "m@a"), "Mouse Reader");
        assert_eq!(display_name("", "m@a"), "m@a");
        assert_eq!(display_name("a\u{7}b", "m@a"), "ab");
        assert_eq!(display_name(&"x".repeat(100), "m@a").chars().count(), 60);
    }
}
