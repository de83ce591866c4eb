//! Readers' lists of books: who may add to one, and how its books rank.

use std::cmp::Ordering;

use super::Invalid;
use super::text;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5_000;
pub const NOTE_MAX: usize = 1_000;
/// Books shown on one page of a list, and lists on one page of lists.
pub const PER_PAGE: i64 = 50;

/// Who may add books to a list besides its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Anyone's additions appear at once.
    #[default]
    Open,
    /// Others suggest; the owner approves or declines.
    Curated,
    /// The owner alone adds.
    Closed,
}

/// What becomes of a book someone adds to a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addition {
    /// On the list at once.
    Listed,
    /// Waiting for the owner's approval.
    Pending,
    /// Not allowed.
    Refused,
}

impl Mode {
    pub fn parse(raw: &str) -> Result<Mode, Invalid> {
        match raw.trim() {
            "open" => Ok(Mode::Open),
            "curated" => Ok(Mode::Curated),
            "closed" => Ok(Mode::Closed),
            _ => Err(Invalid::new(
                "mode",
                "must be \"open\", \"curated\" or \"closed\"",
            )),
        }
    }

    /// The database checks what it stores; anything else reads as the narrowest.
    pub fn from_stored(raw: &str) -> Mode {
        Mode::parse(raw).unwrap_or(Mode::Closed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Open => "open",
            Mode::Curated => "curated",
            Mode::Closed => "closed",
        }
    }

    /// What the list page says about who may add.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Open => "Anyone can add books",
            Mode::Curated => "Anyone can suggest books; the owner approves them",
            Mode::Closed => "Only the owner adds books",
        }
    }

    /// What happens when a reader (`by_owner`: the list's owner) adds a book.
    pub fn addition(self, by_owner: bool) -> Addition {
        match (self, by_owner) {
            (_, true) | (Mode::Open, false) => Addition::Listed,
            (Mode::Curated, false) => Addition::Pending,
            (Mode::Closed, false) => Addition::Refused,
        }
    }

    pub const ALL: [Mode; 3] = [Mode::Open, Mode::Curated, Mode::Closed];
}

/// A list's title, description and mode, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListText {
    pub title: String,
    pub description: String,
    pub mode: Mode,
}

impl ListText {
    pub fn new(title: &str, description: &str, mode: &str) -> Result<ListText, Invalid> {
        Ok(ListText {
            title: text::line("title", title, TITLE_MAX)?,
            description: text::optional_body("description", Some(description), DESCRIPTION_MAX)?
                .unwrap_or_default(),
            mode: Mode::parse(mode)?,
        })
    }
}

/// A note on a book someone adds: optional, a few lines.
pub fn note(raw: &str) -> Result<String, Invalid> {
    Ok(text::optional_body("note", Some(raw), NOTE_MAX)?.unwrap_or_default())
}

/// The order of a list's books: most votes first; at equal votes, the book
/// added earlier (its entry's lower id). The store's query orders by the same
/// two keys, read off the `list_books_rank` index.
pub fn rank_order(a: (i64, i64), b: (i64, i64)) -> Ordering {
    let ((votes_a, id_a), (votes_b, id_b)) = (a, b);
    votes_b.cmp(&votes_a).then(id_a.cmp(&id_b))
}

/// Page `asked` (from 1) of a list of `total` items: the page shown, how many
/// pages, and the offset of its first item. Past the end shows the last page.
pub fn page(total: i64, asked: i64) -> (i64, i64, i64) {
    let pages = ((total.max(0) + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = asked.clamp(1, pages);
    (page, pages, (page - 1) * PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_votes_rank_first_and_ties_go_to_the_earlier_book() {
        // (votes, entry id): entry ids grow as books are added.
        let mut entries = vec![(1, 4), (3, 7), (1, 2), (0, 1), (3, 5)];
        entries.sort_by(|a, b| rank_order(*a, *b));
        assert_eq!(entries, vec![(3, 5), (3, 7), (1, 2), (1, 4), (0, 1)]);
    }

    #[test]
    fn each_mode_decides_what_an_addition_becomes() {
        for mode in Mode::ALL {
            assert_eq!(mode.addition(true), Addition::Listed, "{mode:?}: the owner");
        }
        assert_eq!(Mode::Open.addition(false), Addition::Listed);
        assert_eq!(Mode::Curated.addition(false), Addition::Pending);
        assert_eq!(Mode::Closed.addition(false), Addition::Refused);
    }

    #[test]
    fn modes_parse_and_unknown_ones_are_refused_or_read_as_closed() {
        for mode in Mode::ALL {
            assert_eq!(Mode::parse(mode.as_str()), Ok(mode));
        }
        assert_eq!(Mode::parse("public").map_err(|e| e.field), Err("mode"));
        assert_eq!(Mode::from_stored("bogus"), Mode::Closed);
    }

    #[test]
    fn a_list_needs_a_title_and_may_go_without_a_description() {
        let ok = ListText::new("  Books that made me cry ", "", "curated");
        assert_eq!(
            ok.map(|t| (t.title, t.description, t.mode)),
            Ok((
                "Books that made me cry".into(),
                String::new(),
                Mode::Curated
            ))
        );
        assert_eq!(
            ListText::new(" ", "", "open").map_err(|e| e.field),
            Err("title")
        );
        let long = "x".repeat(TITLE_MAX + 1);
        assert_eq!(
            ListText::new(&long, "", "open").map_err(|e| e.field),
            Err("title")
        );
        assert_eq!(
            ListText::new("T", "", "nope").map_err(|e| e.field),
            Err("mode")
        );
        assert_eq!(note("  "), Ok(String::new()));
        assert!(note(&"y".repeat(NOTE_MAX + 1)).is_err());
    }

    #[test]
    fn pages_of_a_long_list() {
        assert_eq!(page(500, 1), (1, 10, 0));
        assert_eq!(page(500, 3), (3, 10, 100));
        assert_eq!(page(500, 99), (10, 10, 450));
        assert_eq!(page(0, 2), (1, 1, 0));
        assert_eq!(page(51, -1), (1, 2, 0));
    }
}
