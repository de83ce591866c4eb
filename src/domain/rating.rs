//! Star ratings: readers give halves, imports may carry quarters, so they are
//! kept in quarter stars.

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stars(u8);

const WORDS: [&str; 5] = [
    "did not like it",
    "it was ok",
    "liked it",
    "really liked it",
    "it was amazing",
];

impl Stars {
    fn from_steps(value: f64, steps_per_star: f64, field_message: &str) -> Result<Stars, Invalid> {
        let steps = value * steps_per_star;
        let whole = steps.round();
        if !value.is_finite()
            || (steps - whole).abs() > 1e-9
            || whole < 1.0
            || whole > 5.0 * steps_per_star
        {
            return Err(Invalid::new("stars", field_message));
        }
        Ok(Stars((whole * 4.0 / steps_per_star) as u8))
    }

    /// A rating given on the site: 0.5 to 5 in half stars.
    pub fn from_halves(value: f64) -> Result<Stars, Invalid> {
        Stars::from_steps(value, 2.0, "must be between 0.5 and 5 stars, in half stars")
    }

    /// A rating typed in a form: "4", "4.5" or "4,5".
    pub fn parse_form(input: &str) -> Result<Stars, Invalid> {
        let input = input.trim();
        if input.is_empty() {
            return Err(Invalid::new("stars", "choose a rating"));
        }
        let value: f64 = input
            .replace(',', ".")
            .parse()
            .map_err(|_| Invalid::new("stars", "must be a number of stars between 0.5 and 5"))?;
        Stars::from_halves(value)
    }

    /// A rating from an imported file: 0.25 to 5 in quarter stars.
    pub fn from_quarters_value(value: f64) -> Result<Stars, Invalid> {
        Stars::from_steps(
            value,
            4.0,
            "must be between 0.25 and 5 stars, in quarter stars",
        )
    }

    pub fn from_quarters(quarters: i64) -> Option<Stars> {
        (1..=20)
            .contains(&quarters)
            .then_some(Stars(quarters as u8))
    }

    pub fn quarters(self) -> i64 {
        i64::from(self.0)
    }

    pub fn value(self) -> f64 {
        f64::from(self.0) / 4.0
    }

    /// "5", "4.5", "3.75".
    pub fn label(self) -> String {
        let whole = self.0 / 4;
        match self.0 % 4 {
            0 => whole.to_string(),
            1 => format!("{whole}.25"),
            2 => format!("{whole}.5"),
            _ => format!("{whole}.75"),
        }
    }

    /// The words of the whole star at or below the rating.
    pub fn words(self) -> &'static str {
        let whole = usize::from((self.0 / 4).max(1));
        WORDS[whole - 1]
    }

    /// "rated it 4.5 stars", "rated it 1 star".
    pub fn phrase(self) -> String {
        if self.0 == 4 {
            "rated it 1 star".to_string()
        } else {
            format!("rated it {} stars", self.label())
        }
    }

    /// The ten choices of a rating form, 0.5 to 5.
    pub fn half_steps() -> impl Iterator<Item = Stars> {
        (1..=10u8).map(|h| Stars(h * 2))
    }
}

/// The average in stars with two decimals; None when nobody has rated.
pub fn average_label(sum_quarters: i64, count: i64) -> Option<String> {
    if count <= 0 {
        return None;
    }
    let average = sum_quarters as f64 / count as f64 / 4.0;
    Some(format!("{average:.2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_are_accepted_and_the_rest_refused() {
        assert_eq!(Stars::from_halves(4.5).unwrap().quarters(), 18);
        assert_eq!(Stars::from_halves(0.5).unwrap().quarters(), 2);
        assert_eq!(Stars::from_halves(5.0).unwrap().quarters(), 20);
        for bad in [0.0, 5.5, 4.3, -1.0, f64::NAN, f64::INFINITY, 0.25] {
            let e = Stars::from_halves(bad).unwrap_err();
            assert_eq!(e.field, "stars", "{bad}");
        }
    }

    #[test]
    fn forms_accept_commas_and_say_when_empty() {
        assert_eq!(Stars::parse_form(" 4,5 ").unwrap().label(), "4.5");
        assert_eq!(Stars::parse_form("3").unwrap().label(), "3");
        assert_eq!(
            Stars::parse_form("").unwrap_err().message,
            "choose a rating"
        );
        assert!(Stars::parse_form("five").is_err());
        assert!(Stars::parse_form("7").is_err());
    }

    #[test]
    fn quarters_survive_imports() {
        let s = Stars::from_quarters_value(3.75).unwrap();
        assert_eq!(
            (s.quarters(), s.label(), s.value()),
            (15, "3.75".to_string(), 3.75)
        );
        assert!(Stars::from_quarters_value(3.8).is_err());
        assert_eq!(Stars::from_quarters(0), None);
        assert_eq!(Stars::from_quarters(21), None);
    }

    #[test]
    fn words_for_each_whole_star() {
        let words: Vec<_> = [4, 8, 12, 16, 20]
            .iter()
            .map(|q| Stars::from_quarters(*q).unwrap().words())
            .collect();
        assert_eq!(words, WORDS);
        assert_eq!(Stars::from_quarters(18).unwrap().words(), "really liked it");
        assert_eq!(Stars::from_quarters(2).unwrap().words(), "did not like it");
    }

    #[test]
    fn phrases() {
        assert_eq!(
            Stars::from_quarters(18).unwrap().phrase(),
            "rated it 4.5 stars"
        );
        assert_eq!(Stars::from_quarters(4).unwrap().phrase(), "rated it 1 star");
        assert_eq!(
            Stars::from_quarters(20).unwrap().phrase(),
            "rated it 5 stars"
        );
    }

    #[test]
    fn half_steps_and_averages() {
        let labels: Vec<_> = Stars::half_steps().map(Stars::label).collect();
        assert_eq!(labels.len(), 10);
        assert_eq!(labels.first().map(String::as_str), Some("0.5"));
        assert_eq!(labels.last().map(String::as_str), Some("5"));
        assert_eq!(average_label(31, 2).as_deref(), Some("3.88"));
        assert_eq!(average_label(0, 0), None);
    }
}
