//! ISBN-10 and ISBN-13: parsed from what people type, checked, converted.

use std::fmt;

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Isbn13(String);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Isbn10(String);

/// Drops the spaces and dashes people write ISBNs with.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{2010}' | '\u{2013}'))
        .collect()
}

fn isbn13_check(first12: &[u8]) -> u8 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The ISBN-10 check value, 10 standing for 'X'.
fn isbn10_check(first9: &[u8]) -> u8 {
    let sum: u32 = first9
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * (10 - i as u32))
        .sum();
    ((11 - sum % 11) % 11) as u8
}

fn digits(s: &str) -> Vec<u8> {
    s.bytes().map(|b| b - b'0').collect()
}

impl Isbn13 {
    pub fn parse(input: &str) -> Result<Isbn13, Invalid> {
        let s = compact(input.trim());
        if s.len() != 13 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new(
                "isbn13",
                "must be 13 digits (dashes and spaces are fine)",
            ));
        }
        if !(s.starts_with("978") || s.starts_with("979")) {
            return Err(Invalid::new("isbn13", "must start with 978 or 979"));
        }
        let d = digits(&s);
        if isbn13_check(&d[..12]) != d[12] {
            return Err(Invalid::new(
                "isbn13",
                "has a wrong check digit: check it was typed right",
            ));
        }
        Ok(Isbn13(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ISBN-10 of the same book; only 978 ISBNs have one.
    pub fn to_isbn10(&self) -> Option<Isbn10> {
        let body = self.0.strip_prefix("978")?;
        let first9 = &body[..9];
        let check = isbn10_check(&digits(first9));
        let check = if check == 10 {
            'X'
        } else {
            char::from(b'0' + check)
        };
        Some(Isbn10(format!("{first9}{check}")))
    }
}

impl Isbn10 {
    pub fn parse(input: &str) -> Result<Isbn10, Invalid> {
        let s = compact(input.trim()).to_ascii_uppercase();
        // ASCII first: slicing at byte 9 of other text could split a character.
        let shaped = s.len() == 10
            && s.is_ascii()
            && s[..9].bytes().all(|b| b.is_ascii_digit())
            && s[9..].bytes().all(|b| b.is_ascii_digit() || b == b'X');
        if !shaped {
            return Err(Invalid::new(
                "isbn10",
                "must be 9 digits and a check digit or X (dashes and spaces are fine)",
            ));
        }
        let given = match s.as_bytes()[9] {
            b'X' => 10,
            b => b - b'0',
        };
        if isbn10_check(&digits(&s[..9])) != given {
            return Err(Invalid::new(
                "isbn10",
                "has a wrong check digit: check it was typed right",
            ));
        }
        Ok(Isbn10(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn to_isbn13(&self) -> Isbn13 {
        let first12 = format!("978{}", &self.0[..9]);
        let check = isbn13_check(&digits(&first12));
        Isbn13(format!("{first12}{check}"))
    }
}

impl fmt::Display for Isbn13 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Isbn10 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookIsbns {
    pub isbn13: Option<Isbn13>,
    pub isbn10: Option<Isbn10>,
}

/// Both optional (blank counts as absent); the missing form is filled from
/// the other when it exists, and two given forms must name the same book.
fn present(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

pub fn resolve(isbn13: Option<&str>, isbn10: Option<&str>) -> Result<BookIsbns, Invalid> {
    let thirteen = present(isbn13).map(Isbn13::parse).transpose()?;
    let ten = present(isbn10).map(Isbn10::parse).transpose()?;
    match (thirteen, ten) {
        (Some(t), Some(n)) => {
            if n.to_isbn13() != t {
                return Err(Invalid::new("isbn10", "does not match isbn13"));
            }
            Ok(BookIsbns {
                isbn13: Some(t),
                isbn10: Some(n),
            })
        }
        (Some(t), None) => Ok(BookIsbns {
            isbn10: t.to_isbn10(),
            isbn13: Some(t),
        }),
        (None, Some(n)) => Ok(BookIsbns {
            isbn13: Some(n.to_isbn13()),
            isbn10: Some(n),
        }),
        (None, None) => Ok(BookIsbns::default()),
    }
}

/// Any ISBN form typed in a search box, as the ISBN-13 to look up.
pub fn search_key(input: &str) -> Option<Isbn13> {
    let s = compact(input.trim());
    match s.len() {
        13 => Isbn13::parse(&s).ok(),
        10 => Isbn10::parse(&s).ok().map(|i| i.to_isbn13()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_bytes_that_are_not_ten_characters_are_refused_not_a_panic() {
        assert_eq!(Isbn10::parse("'🫀;𐎔").unwrap_err().field, "isbn10");
    }

    #[test]
    fn converts_both_ways() {
        let ten = Isbn10::parse("0-306-40615-2").unwrap();
        assert_eq!(ten.as_str(), "0306406152");
        assert_eq!(ten.to_isbn13().as_str(), "9780306406157");
        let thirteen = Isbn13::parse("978 0 306 40615 7").unwrap();
        assert_eq!(thirteen.to_isbn10().unwrap(), ten);
    }

    #[test]
    fn x_check_digits() {
        let ten = Isbn10::parse("0-8044-2957-x").unwrap();
        assert_eq!(ten.as_str(), "080442957X");
        assert_eq!(ten.to_isbn13().to_isbn10().unwrap(), ten);
    }

    #[test]
    fn bad_isbns_say_why() {
        assert!(
            Isbn13::parse("9780306406158")
                .unwrap_err()
                .message
                .contains("check digit")
        );
        assert!(
            Isbn13::parse("1234")
                .unwrap_err()
                .message
                .contains("13 digits")
        );
        assert!(
            Isbn13::parse("1230306406157")
                .unwrap_err()
                .message
                .contains("978")
        );
        assert!(Isbn10::parse("0306406153").is_err());
        assert!(Isbn10::parse("X306406152").is_err());
        assert_eq!(Isbn10::parse("abc").unwrap_err().field, "isbn10");
    }

    #[test]
    fn isbn979_has_no_isbn10() {
        let t = Isbn13::parse("9791032300824").unwrap();
        assert_eq!(t.to_isbn10(), None);
    }

    #[test]
    fn resolve_fills_and_checks() {
        let r = resolve(None, Some("0306406152")).unwrap();
        assert_eq!(r.isbn13.unwrap().as_str(), "9780306406157");
        let r = resolve(Some("9780306406157"), Some("")).unwrap();
        assert_eq!(r.isbn10.unwrap().as_str(), "0306406152");
        assert_eq!(resolve(Some(" "), None).unwrap(), BookIsbns::default());
        let e = resolve(Some("9780306406157"), Some("080442957X")).unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            ("isbn10", "does not match isbn13")
        );
    }

    #[test]
    fn search_keys() {
        assert_eq!(
            search_key("0-306-40615-2").unwrap().as_str(),
            "9780306406157"
        );
        assert_eq!(
            search_key("978-0-306-40615-7").unwrap().as_str(),
            "9780306406157"
        );
        assert_eq!(search_key("frankenstein"), None);
    }
}
