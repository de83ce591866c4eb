//! Moods and pace, as StoryGraph readers tag their books: imports keep them
//! in the reader's details for the book ("Moods": "dark, tense", "Pace": "fast").

use std::collections::HashMap;

/// The paces StoryGraph offers, in the order a chart shows them.
pub const PACES: [&str; 3] = ["slow", "medium", "fast"];

/// Labels with how many books carry them.
pub type Counts = Vec<(String, i64)>;

/// How often each mood and each pace comes up over the books' details (JSON
/// objects as the import keeps them): moods most first, then by name; paces
/// in `PACES` order, each listed even at zero once any pace is known.
pub fn tally<'a>(details: impl IntoIterator<Item = &'a str>) -> (Counts, Counts) {
    let mut moods: HashMap<String, i64> = HashMap::new();
    let mut paces = [0_i64; PACES.len()];
    for raw in details {
        let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(raw) else {
            continue;
        };
        if let Some(listed) = fields.get("Moods").and_then(|v| v.as_str()) {
            let mut seen: Vec<String> = listed
                .split(',')
                .map(|m| m.trim().to_lowercase())
                .filter(|m| !m.is_empty() && m.len() <= 40)
                .collect();
            seen.sort();
            seen.dedup();
            for mood in seen {
                *moods.entry(mood).or_default() += 1;
            }
        }
        if let Some(pace) = fields.get("Pace").and_then(|v| v.as_str())
            && let Some(i) = PACES
                .iter()
                .position(|p| p.eq_ignore_ascii_case(pace.trim()))
        {
            paces[i] += 1;
        }
    }
    let mut moods: Vec<(String, i64)> = moods.into_iter().collect();
    moods.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let paces = if paces.iter().any(|n| *n > 0) {
        PACES
            .iter()
            .zip(paces)
            .map(|(p, n)| (p.to_string(), n))
            .collect()
    } else {
        Vec::new()
    };
    (moods, paces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moods_count_each_book_once_and_paces_keep_their_order() {
        let books = [
            r#"{"Moods": "Dark, tense, dark", "Pace": "fast"}"#,
            r#"{"Moods": "adventurous, dark", "Pace": "Slow"}"#,
            r#"{"Moods": "", "Pace": "glacial"}"#,
            r#"{"Owned?": "No"}"#,
            "not json",
        ];
        let (moods, paces) = tally(books);
        assert_eq!(
            moods,
            vec![
                ("dark".to_string(), 2),
                ("adventurous".into(), 1),
                ("tense".into(), 1)
            ]
        );
        assert_eq!(
            paces,
            vec![
                ("slow".to_string(), 1),
                ("medium".into(), 0),
                ("fast".into(), 1)
            ]
        );
    }

    #[test]
    fn no_paces_known_draws_no_chart() {
        let (moods, paces) = tally([r#"{"Moods": "funny"}"#]);
        assert_eq!(moods.len(), 1);
        assert!(paces.is_empty());
    }
}
