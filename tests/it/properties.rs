//! Property tests for the parsers and domain rules: any input gives a result
//! or a clear refusal, never a panic, and what is accepted keeps its rules.
//! A bounded number of cases each here; `PROPTEST_CASES=100000` runs more.

use dogear::domain::dates::{self, ReadDate};
use dogear::domain::isbn::{self, Isbn10, Isbn13};
use dogear::domain::markdown;
use dogear::domain::rating::{self, Stars};
use dogear::domain::search;
use dogear::domain::username::{self, Username};
use dogear::error::ActionError;
use dogear::federation::signatures;
use proptest::prelude::*;

/// `cases` each, or as many as `PROPTEST_CASES` asks for.
pub fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // A failure prints its minimal input; nothing is written to the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn isbn13_check(first12: &[u8]) -> u8 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn text(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Markdown and HTML that tries every way in: tags, handlers, schemes, entities.
fn hostile_markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<SCRIPT SRC=//x.example/a.js>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](JaVaScRiPt:alert(1))".to_string()),
        Just("[x](data:text/html;base64,PHNjcmlwdD4=)".to_string()),
        Just("<iframe src=//x></iframe>".to_string()),
        Just("<svg onload=alert(1)>".to_string()),
        Just("<a href=/relative onclick=x()>y</a>".to_string()),
        Just("<style>*{}</style>".to_string()),
        Just("&lt;script&gt;".to_string()),
        Just("&#x6A;avascript:".to_string()),
        Just("\n\n".to_string()),
        Just("> ".to_string()),
        Just("* ".to_string()),
        Just("```\n".to_string()),
        Just("    ".to_string()),
        Just("**".to_string()),
        Just("~~".to_string()),
        Just("[a]: javascript:x\n".to_string()),
        Just("![alt](http://x.example/i.png)".to_string()),
        Just("<https://ok.example/>".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Every tag in `html` is one the sanitiser allows, with only `href` (to
/// http, https or mailto) and `rel` on links: nothing a browser would run.
fn only_safe_tags(html: &str) -> Result<(), String> {
    const ALLOWED: [&str; 14] = [
        "p",
        "br",
        "em",
        "strong",
        "del",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "hr",
        "span",
    ];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = tag_end(after).ok_or(format!("unclosed tag in {html}"))?;
        let tag = &after[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !ALLOWED.contains(&name.as_str()) {
            return Err(format!("tag <{tag}> in {html}"));
        }
        let attributes = tag[name.len() + usize::from(tag.starts_with('/'))..].trim();
        for attribute in split_attributes(attributes) {
            let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
            let value = value.trim_matches('"').to_ascii_lowercase();
            match key {
                "href" if name == "a" => {
                    if !["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| value.starts_with(s))
                    {
                        return Err(format!("href {value} in {html}"));
                    }
                }
                "rel" if name == "a" => {}
                _ => return Err(format!("attribute {key} on <{name}> in {html}")),
            }
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// Where a tag ends: the first `>` outside quotes (attribute values may hold one).
fn tag_end(text: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// `a="x y" b="z"` into `a="x y"` and `b="z"`.
fn split_attributes(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if i > start {
                    out.push(&text[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_is_an_isbn_or_a_refusal_naming_its_field(input in any::<String>()) {
        match Isbn13::parse(&input) {
            Ok(isbn) => {
                prop_assert_eq!(isbn.as_str().len(), 13);
                prop_assert!(isbn.as_str().bytes().all(|b| b.is_ascii_digit()));
            }
            Err(e) => prop_assert_eq!(e.field, "isbn13"),
        }
        match Isbn10::parse(&input) {
            Ok(isbn) => prop_assert_eq!(isbn.to_isbn13().to_isbn10(), Some(isbn)),
            Err(e) => prop_assert_eq!(e.field, "isbn10"),
        }
        let _ = isbn::search_key(&input);
        let _ = isbn::resolve(Some(&input), Some(&input));
    }

    #[test]
    fn a_valid_isbn13_parses_with_dashes_and_any_one_wrong_digit_is_caught(
        prefix in prop_oneof![Just([9u8, 7, 8]), Just([9u8, 7, 9])],
        body in prop::array::uniform9(0u8..10),
        at in 3usize..13,
        change in 1u8..10,
    ) {
        let mut digits: Vec<u8> = prefix.iter().chain(body.iter()).copied().collect();
        digits.push(isbn13_check(&digits));
        let plain = text(&digits);
        let isbn = Isbn13::parse(&plain).unwrap();
        prop_assert_eq!(isbn.as_str(), plain.as_str());
        let dashed = format!("{}-{}-{}", &plain[..3], &plain[3..8], &plain[8..]);
        prop_assert_eq!(Isbn13::parse(&dashed).unwrap(), isbn.clone());
        if let Some(ten) = isbn.to_isbn10() {
            prop_assert_eq!(ten.to_isbn13(), isbn);
        }
        let mut wrong = digits.clone();
        wrong[at] = (wrong[at] + change) % 10;
        prop_assert!(Isbn13::parse(&text(&wrong)).is_err());
    }

    #[test]
    fn any_text_is_a_date_or_a_refusal_and_dates_keep_their_order(
        input in any::<String>(),
        a in (1000i32..=9999, 1u8..=12, prop::option::of(1u8..=28)),
        b in (1000i32..=9999, 1u8..=12, prop::option::of(1u8..=28)),
    ) {
        if let Err(e) = ReadDate::parse("finished", &input) {
            prop_assert_eq!(e.field, "finished");
        }
        let a = ReadDate { year: a.0, month: a.1, day: a.2 };
        let b = ReadDate { year: b.0, month: b.1, day: b.2 };
        prop_assert_eq!(ReadDate::parse("started", &a.stored()).unwrap(), a);
        prop_assert_eq!(ReadDate::from_stored(&a.stored()), Some(a));
        if a < b {
            prop_assert!(dates::to_unix(&a) <= dates::to_unix(&b));
            prop_assert!(dates::check_order(Some(&a), Some(&b)).is_ok());
        }
        let _ = dates::read_phrase(Some(&a), Some(&b));
        let _ = a.long();
    }

    #[test]
    fn any_time_is_shown_without_panicking(unix in -62_000_000_000i64..253_000_000_000, wait in any::<u64>()) {
        let _ = dates::short_date(unix);
        let _ = dates::comment_time(unix);
        prop_assert!(!dates::rfc3339(unix).is_empty());
        let _ = dates::rfc2822(unix);
        let _ = dates::today(unix);
        prop_assert!(!dates::wait_words(wait).is_empty());
    }

    #[test]
    fn any_text_is_a_rating_in_half_stars_or_a_refusal(input in any::<String>(), halves in 1i64..=10) {
        match Stars::parse_form(&input) {
            Ok(stars) => {
                prop_assert!((2..=20).contains(&stars.quarters()));
                prop_assert_eq!(stars.quarters() % 2, 0);
            }
            Err(e) => prop_assert_eq!(e.field, "stars"),
        }
        let typed = format!("{}", halves as f64 / 2.0);
        let stars = Stars::parse_form(&typed).unwrap();
        prop_assert_eq!(stars.quarters(), halves * 2);
        prop_assert_eq!(Stars::parse_form(&typed.replace('.', ",")).unwrap(), stars);
    }

    #[test]
    fn ratings_from_files_are_quarters_in_range(value in any::<f64>(), quarters in any::<i64>()) {
        if let Ok(stars) = Stars::from_quarters_value(value) {
            prop_assert!((1..=20).contains(&stars.quarters()));
            prop_assert!((stars.value() - value).abs() < 1e-6);
        }
        match Stars::from_quarters(quarters) {
            Some(stars) => prop_assert_eq!(stars.quarters(), quarters),
            None => prop_assert!(!(1..=20).contains(&quarters)),
        }
    }

    #[test]
    fn an_average_lies_between_the_lowest_and_highest_star(
        stars in prop::collection::vec(1i64..=20, 1..200),
    ) {
        let sum: i64 = stars.iter().sum();
        let label = rating::average_label(sum, stars.len() as i64).unwrap();
        let average: f64 = label.parse().unwrap();
        let low = *stars.iter().min().unwrap() as f64 / 4.0;
        let high = *stars.iter().max().unwrap() as f64 / 4.0;
        prop_assert!(average >= low - 0.005 && average <= high + 0.005, "{} of {:?}", label, stars);
        prop_assert_eq!(rating::average_label(sum, 0), None);
    }

    #[test]
    fn markdown_never_lets_script_through_and_stays_bounded(source in hostile_markup()) {
        let html = markdown::render(&source);
        if let Err(why) = only_safe_tags(&html) {
            return Err(TestCaseError::fail(why));
        }
        // Each source byte becomes at most a nested block's tags.
        prop_assert!(html.len() <= 32 * source.len() + 64, "{} bytes from {}", html.len(), source.len());
        let cleaned = markdown::sanitise_html(&source);
        if let Err(why) = only_safe_tags(&cleaned) {
            return Err(TestCaseError::fail(why));
        }
        prop_assert!(cleaned.len() <= 8 * source.len() + 64);
    }

    #[test]
    fn an_excerpt_is_cut_to_its_length(source in hostile_markup(), max in 0usize..200) {
        let excerpt = markdown::excerpt(&source, max);
        prop_assert!(excerpt.chars().count() <= max + 3, "{:?} for {}", excerpt, max);
    }

    #[test]
    fn a_cursor_comes_back_as_its_position_and_only_for_its_list(
        list in "[a-z_]{1,20}",
        other in "[a-z_]{1,20}",
        position in 0i64..=1_000_000_000,
        junk in any::<String>(),
    ) {
        use dogear::api::cursor;
        let made = cursor::encode(&list, position);
        prop_assert_eq!(cursor::decode(&list, Some(&made)).unwrap(), position);
        prop_assert_eq!(cursor::key(&list, Some(&made)).unwrap(), Some(position));
        if other != list {
            prop_assert!(matches!(cursor::decode(&other, Some(&made)), Err(ActionError::Invalid(_))));
        }
        match cursor::decode(&list, Some(&junk)) {
            Ok(p) => prop_assert!((0..=1_000_000_000).contains(&p)),
            Err(ActionError::Invalid(e)) => prop_assert_eq!(e.field, "cursor"),
            Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
        }
    }

    #[test]
    fn any_text_is_a_username_by_the_rules_or_a_refusal(input in any::<String>(), name in "[A-Za-z0-9][A-Za-z0-9_-]{1,29}") {
        match Username::parse(&input) {
            Ok(user) => {
                let n = user.as_str();
                prop_assert!((2..=30).contains(&n.len()));
                prop_assert!(n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
                prop_assert_eq!(Username::parse(n).unwrap(), user.clone());
            }
            Err(e) => prop_assert_eq!(e.field, "username"),
        }
        if let Ok(user) = Username::parse(&name) {
            prop_assert_eq!(user.key(), username::key(&name.to_uppercase()));
            let _ = username::display_name(Some(&input), &user);
        }
        let _ = username::check_password(&input);
    }

    #[test]
    fn any_search_query_gives_words_and_ranks_without_panicking(query in any::<String>(), title in any::<String>()) {
        let words = search::words(&query);
        prop_assert!(words.iter().all(|w| !w.is_empty()));
        let _ = dogear::domain::ranking::query_words(&words);
        let _ = search::title_key(&title);
        let _ = search::split_series(&title);
        let _ = search::book_terms(&title, Some(&query), std::slice::from_ref(&query));
        let _ = search::names_author(&words, &title);
        let _ = search::match_quality(&query, &title, true);
        prop_assert_eq!(search::author_key(&search::author_key(&query)), search::author_key(&query));
    }

    #[test]
    fn edit_distance_is_symmetric_and_bounded(a in "[a-e]{0,10}", b in "[a-e]{0,10}", max in 0usize..4) {
        let there = search::distance(&a, &b, max);
        prop_assert_eq!(there, search::distance(&b, &a, max));
        prop_assert_eq!(search::distance(&a, &a, max), Some(0));
        if let Some(d) = there {
            prop_assert!(d <= max);
            prop_assert!(d >= a.chars().count().abs_diff(b.chars().count()));
        }
    }

    #[test]
    fn any_signature_header_parses_or_is_malformed(header in any::<String>()) {
        let _ = signatures::parse_signature(&header);
        let _ = signatures::key_owner(&header);
    }

    #[test]
    fn a_signature_header_gives_back_what_it_carries(
        key_id in "https://[a-z]{1,10}\\.example/user/[a-z]{1,8}#main-key",
        names in prop::collection::vec("[a-zA-Z(][a-z)-]{0,12}", 0..5),
        signature in "[A-Za-z0-9+/=]{1,80}",
        spaced in any::<bool>(),
    ) {
        let sep = if spaced { ", " } else { "," };
        let header = format!(
            "keyId=\"{key_id}\"{sep}algorithm=\"rsa-sha256\"{sep}headers=\"{}\"{sep}signature=\"{signature}\"",
            names.join(" ")
        );
        let parsed = signatures::parse_signature(&header).unwrap();
        prop_assert_eq!(&parsed.key_id, &key_id);
        prop_assert_eq!(parsed.signature, signature);
        let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        if names.is_empty() {
            prop_assert!(parsed.headers.is_empty());
        } else {
            prop_assert_eq!(parsed.headers, lower);
        }
        prop_assert!(key_id.starts_with(signatures::key_owner(&key_id)));
    }
}
