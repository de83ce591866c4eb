//! Lengths and shapes of free-text fields.

use super::Invalid;

pub const TITLE_MAX: usize = 300;
pub const AUTHOR_MAX: usize = 200;
/// The most names a book lists: anthologies and festschrifts run to dozens
/// (a hundred stories, each by its own writer), and imports must keep them.
pub const AUTHORS_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const REVIEW_MAX: usize = 20_000;
pub const RECOMMENDED_MAX: usize = 300;
pub const NOTE_MAX: usize = 1_000;
pub const COMMENT_MAX: usize = 5_000;

fn within(field: &'static str, value: &str, max: usize) -> Result<(), Invalid> {
    if value.chars().count() > max {
        return Err(Invalid::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(())
}

/// One line of text: trimmed, not empty, no control characters.
pub fn line(field: &'static str, input: &str, max: usize) -> Result<String, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return Err(Invalid::new(field, "can't be empty"));
    }
    within(field, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(Invalid::new(
            field,
            "must be a single line without control characters",
        ));
    }
    Ok(value.to_string())
}

pub fn optional_line(
    field: &'static str,
    input: Option<&str>,
    max: usize,
) -> Result<Option<String>, Invalid> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        Some(value) => line(field, value, max).map(Some),
        None => Ok(None),
    }
}

/// Text of several lines: newlines and tabs allowed, other control characters not.
pub fn body(field: &'static str, input: &str, max: usize) -> Result<String, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return Err(Invalid::new(field, "can't be empty"));
    }
    within(field, value, max)?;
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Invalid::new(field, "can't contain control characters"));
    }
    Ok(value.replace("\r\n", "\n"))
}

pub fn optional_body(
    field: &'static str,
    input: Option<&str>,
    max: usize,
) -> Result<Option<String>, Invalid> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        Some(value) => body(field, value, max).map(Some),
        None => Ok(None),
    }
}

pub fn optional_int(
    field: &'static str,
    input: Option<&str>,
    min: i64,
    max: i64,
) -> Result<Option<i64>, Invalid> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        Some(value) => {
            let n: i64 = value
                .parse()
                .map_err(|_| Invalid::new(field, "must be a whole number"))?;
            int_in(field, n, min, max).map(Some)
        }
        None => Ok(None),
    }
}

pub fn int_in(field: &'static str, value: i64, min: i64, max: i64) -> Result<i64, Invalid> {
    if !(min..=max).contains(&value) {
        return Err(Invalid::new(
            field,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(value)
}

pub fn authors(items: &[String]) -> Result<Vec<String>, Invalid> {
    let mut names: Vec<String> = Vec::new();
    for item in items.iter().filter(|s| !s.trim().is_empty()) {
        let name = line("authors", item, AUTHOR_MAX)?;
        if !names
            .iter()
            .any(|n| n.to_lowercase() == name.to_lowercase())
        {
            names.push(name);
        }
    }
    if names.is_empty() {
        return Err(Invalid::new("authors", "add at least one author"));
    }
    if names.len() > AUTHORS_MAX {
        return Err(Invalid::new(
            "authors",
            format!("a book can list at most {AUTHORS_MAX} authors"),
        ));
    }
    Ok(names)
}

/// A form's authors: one per line or separated by ';' ("Ishiguro, Kazuo" is one name).
pub fn author_list(input: &str) -> Result<Vec<String>, Invalid> {
    let items: Vec<String> = input
        .split(['\n', ';'])
        .map(|s| s.trim().to_string())
        .collect();
    authors(&items)
}

/// Escapes the five XML specials, so text is text in both content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `path` if it is a path on this site: it starts with one `/`, and holds no
/// backslash, whitespace or control character (browsers drop a tab or
/// newline, so `/\t/evil.example` would leave as `//evil.example`).
pub fn local_path(path: &str) -> Option<&str> {
    let unsafe_char = |c: char| c == '\\' || c.is_whitespace() || c.is_control();
    (path.starts_with('/') && !path.starts_with("//") && !path.chars().any(unsafe_char))
        .then_some(path)
}

/// A cell a spreadsheet will show as text: one that would start a formula
/// (`= + - @`, a tab or a carriage return) gets a leading `'` (OWASP's advice
/// against CSV injection), since the catalogue's titles are anyone's to write.
pub fn spreadsheet_cell(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(line("title", "  Emma ", 10).unwrap(), "Emma");
        assert_eq!(
            line("title", "   ", 10).unwrap_err().message,
            "can't be empty"
        );
        assert!(line("title", "a\nb", 10).is_err());
        assert!(
            line("title", &"é".repeat(11), 10).is_err(),
            "characters, not bytes"
        );
        assert!(line("title", &"é".repeat(10), 10).is_ok());
        assert_eq!(optional_line("note", Some("  "), 10).unwrap(), None);
    }

    #[test]
    fn bodies_keep_newlines() {
        assert_eq!(body("body", "a\r\nb\tc", 100).unwrap(), "a\nb\tc");
        assert!(body("body", "a\u{0}b", 100).is_err());
        assert!(body("body", &"x".repeat(101), 100).is_err());
    }

    #[test]
    fn numbers_from_forms() {
        assert_eq!(
            optional_int("pages", Some(" 12 "), 1, 100).unwrap(),
            Some(12)
        );
        assert_eq!(optional_int("pages", Some(""), 1, 100).unwrap(), None);
        assert_eq!(
            optional_int("pages", Some("x"), 1, 100)
                .unwrap_err()
                .message,
            "must be a whole number"
        );
        assert!(optional_int("pages", Some("0"), 1, 100).is_err());
    }

    #[test]
    fn author_lists() {
        assert_eq!(
            author_list("Ishiguro, Kazuo\nSomeone; Other").unwrap(),
            ["Ishiguro, Kazuo", "Someone", "Other"]
        );
        assert_eq!(
            authors(&["A".into(), "a".into(), " ".into()]).unwrap(),
            ["A"]
        );
        assert_eq!(author_list(" \n ").unwrap_err().field, "authors");
    }

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(local_path("/books/3?page=2#x"), Some("/books/3?page=2#x"));
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/a\r\nSet-Cookie: x=1",
            "",
            "books/3",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn formulas_become_text_in_a_spreadsheet() {
        for payload in [
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=cmd|' /C calc'!A0",
        ] {
            assert_eq!(spreadsheet_cell(payload.to_string()), format!("'{payload}"));
        }
        assert_eq!(spreadsheet_cell("Dune".into()), "Dune");
        assert_eq!(spreadsheet_cell(String::new()), "");
    }
}
