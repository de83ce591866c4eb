//! The safe Markdown readers write in reviews and comments: rendered, then
//! cleaned, so no script and no raw HTML ever reaches a page.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

const ALLOWED_TAGS: [&str; 14] = [
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

fn parser(source: &str) -> Parser<'_> {
    Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH)
}

/// Renders reader-written Markdown to HTML safe to put in a page.
pub fn render(source: &str) -> String {
    let events = parser(source).flat_map(|event| -> Vec<Event<'_>> {
        match event {
            // Raw HTML is shown as the text it is, never interpreted.
            Event::Html(raw) | Event::InlineHtml(raw) => vec![Event::Text(raw)],
            // Headings would shout in a review: a strong paragraph is enough.
            Event::Start(Tag::Heading { .. }) => {
                vec![Event::Start(Tag::Paragraph), Event::Start(Tag::Strong)]
            }
            Event::End(TagEnd::Heading(_)) => {
                vec![Event::End(TagEnd::Strong), Event::End(TagEnd::Paragraph)]
            }
            // Images are not shown; their alt text stays as words.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => vec![],
            other => vec![other],
        }
    });
    let mut unsafe_html = String::with_capacity(source.len() + source.len() / 4);
    html::push_html(&mut unsafe_html, events);
    clean(&unsafe_html)
}

/// Cleans HTML written elsewhere (another server's post) to what a page may
/// show, by the same rules as rendered Markdown.
pub fn sanitise_html(html: &str) -> String {
    clean(html)
}

fn clean(html: &str) -> String {
    let tags: HashSet<&str> = ALLOWED_TAGS.into_iter().collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::empty()
        .tags(tags)
        .add_tag_attributes("a", &["href"])
        .url_schemes(schemes)
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"))
        .clean(html)
        .to_string()
}

/// A plain-text excerpt of Markdown for lists and quotes, cut at a word.
pub fn excerpt(source: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in parser(source) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            // Blocks end with a space between them; inline ends (emphasis, links) don't.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in &words {
        let extra = if out.is_empty() { 0 } else { 1 };
        if out.chars().count() + extra + word.chars().count() > max_chars {
            if out.is_empty() {
                out = word.chars().take(max_chars).collect();
            }
            out.push_str("...");
            return out;
        }
        if extra == 1 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_usual_markdown() {
        let html = render("**bold** *em* ~~gone~~ `code`\n\n> quoted\n\n- one\n- two");
        for part in [
            "<strong>bold</strong>",
            "<em>em</em>",
            "<del>gone</del>",
            "<code>code</code>",
            "<blockquote>",
            "<li>one</li>",
        ] {
            assert!(html.contains(part), "{part} in {html}");
        }
    }

    #[test]
    fn links_are_marked_and_only_web_links_survive() {
        let html =
            render("[site](https://example.com) [mail](mailto:a@b.c) [bad](javascript:alert(1))");
        assert!(html.contains("href=\"https://example.com\""));
        assert!(html.contains("rel=\"nofollow ugc noopener\""));
        assert!(html.contains("mailto:a@b.c"));
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn raw_html_is_text_not_markup() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"http://e.com\" onclick=\"x\">e</a>",
            "<iframe src=//evil></iframe>",
            "<style>body{display:none}</style>",
        ] {
            let html = render(hostile);
            assert!(
                !html.contains("<script")
                    && !html.contains("<img")
                    && !html.contains("<iframe")
                    && !html.contains("<style"),
                "{html}"
            );
            assert!(
                !html.contains("onerror=x>") && !html.contains("onclick=\"x\">"),
                "no live attributes: {html}"
            );
            assert!(html.contains("&lt;"), "shown as text: {html}");
        }
    }

    #[test]
    fn images_keep_only_their_words_and_headings_calm_down() {
        let html = render("![a cat](http://x/cat.png)\n\n# Loud");
        assert!(!html.contains("<img") && html.contains("a cat"), "{html}");
        assert!(
            html.contains("<strong>Loud</strong>") && !html.contains("<h1"),
            "{html}"
        );
    }

    #[test]
    fn long_bodies_render() {
        let body = "word ".repeat(4000);
        assert!(render(&body).len() > 19_000);
        assert!(
            render(&"> ".repeat(500)).len() < 100_000,
            "deep nesting is fine"
        );
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(
            excerpt("**Hello** there, *world*", 100),
            "Hello there, world"
        );
        assert_eq!(excerpt("one two three four", 9), "one two...");
        assert_eq!(excerpt("abcdefghijkl", 5), "abcde...");
        assert_eq!(excerpt("", 5), "");
    }
}
