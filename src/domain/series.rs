//! A book's place in its series: how it reads ("Dune Chronicles #1") and how
//! the books of a series are put in order.
//!
//! Positions are stored as the catalogue gave them, as text: "1", "1.5" for a
//! novella between two books, "0" for a prequel, sometimes "1-3" for an
//! omnibus. They are ordered by the number they start with, so "10" comes
//! after "9", and books without a usable one come last.

use std::cmp::Ordering;

/// "Dune Chronicles #1", or the series alone when the position is unknown.
pub fn label(series: &str, position: Option<&str>) -> String {
    match position.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => format!("{} #{}", series.trim(), p.trim_start_matches('#')),
        None => series.trim().to_string(),
    }
}

/// The number a position starts with: "1.5" is 1.5, "2-3" is 2, "#4" is 4;
/// None when it has none ("", "novella").
pub fn position_number(position: &str) -> Option<f64> {
    let text = position.trim().trim_start_matches('#').trim_start();
    let end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (c == '.' && i > 0)))
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim_end_matches('.').parse::<f64>().ok()
}

/// What a book of a series is ordered by.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub position: Option<&'a str>,
    pub year: Option<i64>,
    pub title: &'a str,
}

/// By position; books without one last; ties and the rest by year (unknown
/// last), then title.
pub fn order(a: &Place<'_>, b: &Place<'_>) -> Ordering {
    let number = |p: &Place<'_>| p.position.and_then(position_number);
    let by_position = match (number(a), number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_position
        .then_with(|| match (a.year, b.year) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.title.cmp(b.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_series_and_the_place() {
        assert_eq!(label("Dune Chronicles", Some("1")), "Dune Chronicles #1");
        assert_eq!(label("Discworld", Some("#1.5")), "Discworld #1.5");
        assert_eq!(label("Discworld", Some("  ")), "Discworld");
        assert_eq!(label("Discworld", None), "Discworld");
    }

    #[test]
    fn positions_read_as_the_number_they_start_with() {
        assert_eq!(position_number("1"), Some(1.0));
        assert_eq!(position_number("1.5"), Some(1.5));
        assert_eq!(position_number(" #4 "), Some(4.0));
        assert_eq!(position_number("2-3"), Some(2.0));
        assert_eq!(position_number("10."), Some(10.0));
        assert_eq!(position_number("novella"), None);
        assert_eq!(position_number(".5"), None);
        assert_eq!(position_number(""), None);
    }

    #[test]
    fn books_go_by_position_numerically_then_the_unplaced_by_year_and_title() {
        let places = [
            Place {
                position: Some("10"),
                year: Some(1990),
                title: "Ten",
            },
            Place {
                position: None,
                year: None,
                title: "B Untimed",
            },
            Place {
                position: Some("1.5"),
                year: Some(1970),
                title: "Novella",
            },
            Place {
                position: None,
                year: Some(2001),
                title: "Later extra",
            },
            Place {
                position: Some("2"),
                year: Some(1969),
                title: "Two",
            },
            Place {
                position: None,
                year: None,
                title: "A Untimed",
            },
            Place {
                position: Some("1"),
                year: Some(1965),
                title: "One",
            },
            Place {
                position: Some("omnibus"),
                year: Some(1999),
                title: "Omnibus",
            },
        ];
        let mut sorted = places.to_vec();
        sorted.sort_by(order);
        let titles: Vec<&str> = sorted.iter().map(|p| p.title).collect();
        assert_eq!(
            titles,
            [
                "One",
                "Novella",
                "Two",
                "Ten",
                "Omnibus",
                "Later extra",
                "A Untimed",
                "B Untimed"
            ]
        );
    }
}
