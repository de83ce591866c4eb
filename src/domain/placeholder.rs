//! Drawn stand-ins: a cover for a book without one (its title and author on a
//! colour of the title's own), and a reader's initials for one without a picture.
//! Pure text: SVG with every word escaped.

use super::text;

/// A reader without a picture: their initials on a colour of their own.
pub fn initials_svg(name: &str) -> String {
    let initials: String = clean(name)
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    let initials = if initials.is_empty() {
        "?".to_string()
    } else {
        initials
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 96 96\" role=\"img\" aria-label=\"{label}\">\
         <rect width=\"96\" height=\"96\" rx=\"48\" fill=\"{colour}\"/>\
         <text x=\"48\" y=\"60\" text-anchor=\"middle\" font-family=\"Georgia, serif\" font-size=\"38\" fill=\"{INK}\">{text}</text></svg>",
        label = text::escape(&clean(name)),
        colour = placeholder_colour(name),
        text = text::escape(&initials),
    )
}

/// Calm, dark backgrounds; each gives near-white text a contrast of at least 7:1 (WCAG AAA).
const PALETTE: [&str; 8] = [
    "#2e4a62", // slate blue
    "#2f5d50", // pine
    "#5a3e55", // plum
    "#6b3a2e", // brick
    "#2f5560", // teal
    "#46495f", // dusk
    "#5a4a2c", // umber
    "#23395b", // navy
];
const INK: &str = "#fbf8f1";
const TITLE_LINE_CHARS: usize = 14;
const TITLE_MAX_LINES: usize = 4;
const AUTHOR_CHARS: usize = 24;

/// A generated cover for books without one: the title and author on a colour of the title's own.
pub fn placeholder_svg(title: &str, author: &str) -> String {
    let title = match clean(title) {
        t if t.is_empty() => "Untitled".to_string(),
        t => t,
    };
    let author = clean(author);
    let label = if author.is_empty() {
        title.clone()
    } else {
        format!("{title} by {author}")
    };

    let lines = wrap(&title);
    // Centre the title block around y = 130, 26 px between baselines.
    let first_baseline = 137 - 13 * (lines.len() as i32 - 1);
    let tspans: String = lines
        .iter()
        .zip(0..)
        .map(|(line, i)| {
            let y = first_baseline + 26 * i;
            format!(r#"<tspan x="100" y="{y}">{}</tspan>"#, text::escape(line))
        })
        .collect();
    let author_text = if author.chars().count() > AUTHOR_CHARS {
        ellipsize(&author, AUTHOR_CHARS)
    } else {
        author
    };

    let mark = title_mark(&title);
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 300" width="200" height="300" role="img" aria-label="{label}">"#,
            // Drawn small (a 50 px thumbnail, where 20-unit type is 5 px) the
            // title gives way to its mark. The query measures the image as
            // shown, so one file serves every size.
            "<style>.small{{display:none}}@media (max-width:120px){{.full{{display:none}}.small{{display:inline}}}}</style>",
            r#"<rect width="200" height="300" fill="{background}"/>"#,
            r#"<g class="full">"#,
            r#"<rect x="10" y="10" width="180" height="280" fill="none" stroke="{ink}" stroke-opacity="0.35"/>"#,
            r#"<text fill="{ink}" font-family="Georgia, 'Times New Roman', serif" font-size="20" text-anchor="middle">{tspans}</text>"#,
            r#"<line x1="85" y1="228" x2="115" y2="228" stroke="{ink}" stroke-opacity="0.6"/>"#,
            r#"<text x="100" y="254" fill="{ink}" fill-opacity="0.85" font-family="Georgia, 'Times New Roman', serif" font-size="13" text-anchor="middle">{author}</text>"#,
            "</g>",
            r#"<g class="small">"#,
            r#"<rect x="12" y="12" width="176" height="276" fill="none" stroke="{ink}" stroke-opacity="0.5" stroke-width="6"/>"#,
            r#"<text x="100" y="{mark_y}" fill="{ink}" font-family="Georgia, 'Times New Roman', serif" font-weight="700" font-size="{mark_size}" text-anchor="middle">{mark}</text>"#,
            "</g>",
            "</svg>"
        ),
        label = text::escape(&label),
        background = placeholder_colour(&title),
        ink = INK,
        tspans = tspans,
        author = text::escape(&author_text),
        mark = text::escape(&mark),
        mark_size = mark_size(&mark),
        // Capitals stand about 0.7 em tall: centred on the cover's middle.
        mark_y = 150 + mark_size(&mark) * 35 / 100,
    )
}

/// Short words a title's mark skips ("The Lord of the Rings" is LR), unless
/// nothing else is left.
const SMALL_WORDS: [&str; 24] = [
    "a", "an", "the", "of", "and", "in", "on", "at", "to", "for", "or", "with", "from", "by", "le",
    "la", "les", "l", "der", "die", "das", "el", "los", "las",
];
const MARK_MAX: usize = 3;
/// A one-word title this short is shown whole ("Dune", "1984").
const WHOLE_WORD_MAX: usize = 4;

/// What a thumbnail shows of a title: a short one-word title whole, else the
/// capitals of its first (up to three) words that matter, in any script; the
/// series in brackets left off.
pub fn title_mark(title: &str) -> String {
    let (bare, _) = super::search::split_series(&clean(title));
    let words: Vec<String> = bare
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if let [word] = words.as_slice()
        && word.chars().count() <= WHOLE_WORD_MAX
    {
        return word.clone();
    }
    let small = |w: &String| {
        let w = w.to_lowercase();
        SMALL_WORDS.contains(&w.as_str())
    };
    let meaningful: Vec<&String> = if words.iter().all(small) {
        words.iter().collect()
    } else {
        words.iter().filter(|w| !small(w)).collect()
    };
    let mark: String = meaningful
        .iter()
        .filter_map(|w| w.chars().next())
        .take(MARK_MAX)
        .flat_map(char::to_uppercase)
        .take(MARK_MAX)
        .collect();
    if mark.is_empty() {
        // Only signs ("?!"): the first of them, rather than nothing.
        bare.chars().take(1).collect()
    } else {
        mark
    }
}

/// The mark's size in the cover's 200-unit width: wide enough to read at
/// 50 px, narrow enough that three wide capitals (WWW) still fit.
fn mark_size(mark: &str) -> i32 {
    match mark.chars().count() {
        0 | 1 => 120,
        2 => 88,
        3 => 62,
        _ => 48,
    }
}

/// The same title always gets the same colour. FNV-1a rather than `DefaultHasher`, whose
/// output may change between Rust releases and would repaint every placeholder.
fn placeholder_colour(title: &str) -> &'static str {
    let hash = title.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    PALETTE[hash as usize % PALETTE.len()]
}

/// Collapses whitespace and drops control characters, which XML 1.0 does not allow at all.
fn clean(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Word-wraps into lines of at most `TITLE_LINE_CHARS`, splitting words too long for a line,
/// and ends with an ellipsis when more than `TITLE_MAX_LINES` would be needed.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        for piece in chars.chunks(TITLE_LINE_CHARS) {
            let piece: String = piece.iter().collect();
            let used = line.chars().count();
            if used == 0 {
                line = piece;
            } else if used + 1 + piece.chars().count() <= TITLE_LINE_CHARS {
                line.push(' ');
                line.push_str(&piece);
            } else {
                lines.push(std::mem::replace(&mut line, piece));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > TITLE_MAX_LINES {
        lines.truncate(TITLE_MAX_LINES);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(last, TITLE_LINE_CHARS);
        }
    }
    lines
}

/// At most `max` characters, the last an ellipsis.
fn ellipsize(text: &str, max: usize) -> String {
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_escapes_hostile_text() {
        let svg = placeholder_svg(
            r#"<script>alert("x")</script> & 'co'"#,
            "Tom & <b>Jerry</b>",
        );
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;"));
        // Every ampersand starts an entity.
        for (i, _) in svg.match_indices('&') {
            let rest = &svg[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "bare & at {i}: {rest}"
            );
        }
        // Attribute quotes cannot be closed from the title.
        let svg = placeholder_svg(r#"" onload="alert(1)"#, "");
        assert!(!svg.contains(r#"" onload=""#));
        assert!(svg.contains(r#"aria-label="&quot; onload=&quot;alert(1)""#));
    }

    #[test]
    fn placeholder_is_labelled_and_sized() {
        let svg = placeholder_svg("Middlemarch", "George Eliot");
        assert!(svg.contains(r#"viewBox="0 0 200 300""#));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-label="Middlemarch by George Eliot""#));
        assert!(svg.contains(">Middlemarch</tspan>"));
        assert!(svg.contains(">George Eliot</text>"));
        assert!(placeholder_svg("  ", "").contains("Untitled"));
    }

    #[test]
    fn placeholder_colour_follows_the_title() {
        let fill = |svg: &str| svg.split(r##"fill="#"##).nth(1).unwrap()[..6].to_string();
        assert_eq!(
            fill(&placeholder_svg("Middlemarch", "George Eliot")),
            fill(&placeholder_svg("Middlemarch", "Someone Else"))
        );
        let titles = [
            "Emma",
            "Persuasion",
            "Beloved",
            "Ulysses",
            "Dune",
            "Kindred",
            "Possession",
            "Rebecca",
        ];
        let colours: std::collections::HashSet<_> =
            titles.iter().map(|t| placeholder_colour(t)).collect();
        assert!(colours.len() >= 3, "only {colours:?}");
        assert_eq!(
            fill(&placeholder_svg("Emma", "")),
            placeholder_colour("Emma")[1..]
        );
    }

    #[test]
    fn palette_contrasts_with_the_ink() {
        fn luminance(hex: &str) -> f64 {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        for colour in PALETTE {
            let ratio = (luminance(INK) + 0.05) / (luminance(colour) + 0.05);
            assert!(ratio >= 7.0, "{colour} gives only {ratio:.2}:1");
        }
    }

    #[test]
    fn long_titles_wrap_and_end_with_an_ellipsis() {
        let lines = wrap("The Strange Case of Dr Jekyll and Mr Hyde and Other Tales of Terror");
        assert_eq!(lines.len(), TITLE_MAX_LINES);
        assert!(
            lines.iter().all(|l| l.chars().count() <= TITLE_LINE_CHARS),
            "{lines:?}"
        );
        assert!(lines[3].ends_with('…'), "{lines:?}");
        assert_eq!(lines[0], "The Strange");

        // One unbroken word is split rather than overflowing.
        let lines = wrap("Supercalifragilisticexpialidocious");
        assert_eq!(lines, ["Supercalifragi", "listicexpialid", "ocious"]);

        let svg = placeholder_svg(&"word ".repeat(200), "");
        assert_eq!(svg.matches("<tspan").count(), TITLE_MAX_LINES);
        assert!(svg.contains('…'));

        assert_eq!(wrap("Emma"), ["Emma"]);
    }

    #[test]
    fn marks_take_the_words_that_matter() {
        assert_eq!(title_mark("The Lord of the Rings"), "LR");
        assert_eq!(title_mark("A Tale of Two Cities"), "TTC");
        assert_eq!(title_mark("War and Peace"), "WP");
        assert_eq!(
            title_mark("Harry Potter and the Philosopher's Stone"),
            "HPP"
        );
        assert_eq!(title_mark("middlemarch"), "M");
        assert_eq!(title_mark("Dune"), "Dune");
        assert_eq!(title_mark("1984"), "1984");
        assert_eq!(title_mark("The Hobbit"), "H");
        // Only small words: keep them rather than lose the title.
        assert_eq!(title_mark("Of the"), "OT");
        // The series in brackets and quotes around words are left off.
        assert_eq!(title_mark("Mockingjay (The Hunger Games, #3)"), "M");
        assert_eq!(title_mark("'Salem's Lot"), "SL");
        assert_eq!(title_mark("?!"), "?");
    }

    #[test]
    fn marks_work_in_any_script() {
        assert_eq!(title_mark("Война и мир"), "ВИМ");
        assert_eq!(title_mark("戦争と平和"), "戦");
        assert_eq!(title_mark("红楼梦"), "红楼梦");
        assert_eq!(title_mark("ιλιάδα και οδύσσεια"), "ΙΚΟ");
        assert_eq!(title_mark("straße ohne ende"), "SOE");
        // A capital that is two letters still makes at most three.
        assert!(title_mark("ßa ßb ßc").chars().count() <= MARK_MAX);
    }

    #[test]
    fn small_drawings_show_the_mark_large() {
        let svg = placeholder_svg("The Lord of the Rings", "J. R. R. Tolkien");
        assert!(svg.contains("@media (max-width:120px)"), "{svg}");
        assert!(
            svg.contains(r#"font-size="88" text-anchor="middle">LR</text>"#),
            "{svg}"
        );
        // The full cover is still there for large sizes.
        assert!(svg.contains(">The Lord of</tspan>"), "{svg}");
        // A title of signs alone is marked by its first, escaped.
        let svg = placeholder_svg("<&>", "");
        assert!(
            svg.contains(r#"font-size="120" text-anchor="middle">&lt;</text>"#),
            "{svg}"
        );
    }

    #[test]
    fn initials_are_escaped_and_steady() {
        let svg = initials_svg("<b>ob & Alice");
        assert!(svg.contains(">&lt;A<") || svg.contains("&lt;"), "{svg}");
        assert!(!svg.contains("<b>"));
        assert_eq!(initials_svg("Helen Marsh"), initials_svg("Helen Marsh"));
        assert!(initials_svg("Helen Marsh").contains(">HM<"));
        assert!(initials_svg("  ").contains(">?<"));
    }
}
