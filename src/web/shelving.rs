//! The shelf button a book page and every book card carry ("Want to read ▾"):
//! the reader's status and own shelves for that book, shaped for the split
//! button and its menu (`templates/partials/shelf_button.html`).

use crate::domain::shelf::{Status, status_name};
use crate::store::OwnShelf;

/// A status or exclusive shelf the menu offers, the current one marked.
#[derive(Debug, Clone)]
pub struct ShelfChoice {
    pub slug: String,
    pub label: String,
    pub selected: bool,
}

/// One of the reader's own (not exclusive) shelves, ticked if it holds the book.
#[derive(Debug, Clone)]
pub struct ShelfTick {
    pub name: String,
    pub slug: String,
    pub checked: bool,
}

#[derive(Debug, Clone)]
pub struct ShelfButton {
    pub book_id: i64,
    pub title: String,
    /// The page the forms come back to.
    pub back: String,
    /// The current status's words ("Read"), or None: the main part then
    /// offers "Want to read".
    pub current: Option<String>,
    pub on_shelves: bool,
    /// The built-in statuses, then the reader's own exclusive shelves.
    pub choices: Vec<ShelfChoice>,
    pub shelves: Vec<ShelfTick>,
}

/// Where one book sits: its status and the slugs of the own shelves holding it.
pub struct Placed<'a> {
    pub status: Option<&'a str>,
    pub on_shelves: bool,
    pub shelves: &'a [String],
}

impl ShelfButton {
    /// `mine` is the reader's own shelves (`actions::shelves::own_shelves`).
    pub fn new(
        book_id: i64,
        title: &str,
        back: &str,
        placed: Placed<'_>,
        mine: &[OwnShelf],
    ) -> Self {
        let own = || mine.iter();
        let name_of = |slug: &str| {
            let named = own().find(|s| s.slug == slug).map(|s| s.name.as_str());
            status_name(slug, named)
        };
        let mut choices: Vec<ShelfChoice> = Status::ALL
            .iter()
            .map(|s| ShelfChoice {
                slug: s.slug().to_string(),
                label: s.label().to_string(),
                selected: placed.status == Some(s.slug()),
            })
            .collect();
        choices.extend(own().filter(|s| s.exclusive).map(|s| ShelfChoice {
            slug: s.slug.clone(),
            label: s.name.clone(),
            selected: placed.status == Some(s.slug.as_str()),
        }));
        // A status imported before its shelf was known still shows as chosen.
        if let Some(status) = placed.status
            && !choices.iter().any(|c| c.slug == status)
        {
            choices.push(ShelfChoice {
                slug: status.to_string(),
                label: name_of(status),
                selected: true,
            });
        }
        ShelfButton {
            book_id,
            title: title.to_string(),
            back: back.to_string(),
            current: placed.status.map(name_of),
            on_shelves: placed.on_shelves,
            choices,
            shelves: own()
                .filter(|s| !s.exclusive)
                .map(|s| ShelfTick {
                    name: s.name.clone(),
                    slug: s.slug.clone(),
                    checked: placed.shelves.contains(&s.slug),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shelf(slug: &str, name: &str, exclusive: bool) -> OwnShelf {
        OwnShelf {
            name: name.into(),
            slug: slug.into(),
            exclusive,
        }
    }

    fn mine() -> Vec<OwnShelf> {
        vec![
            shelf("paused", "Paused", true),
            shelf("gothic", "Gothic", false),
            shelf("victorian", "Victorian", false),
        ]
    }

    #[test]
    fn statuses_and_exclusive_shelves_are_choices_other_shelves_ticks() {
        let ticked = ["gothic".to_string()];
        let placed = Placed {
            status: Some("paused"),
            on_shelves: true,
            shelves: &ticked,
        };
        let button = ShelfButton::new(7, "Middlemarch", "/books/7", placed, &mine());
        assert_eq!(button.current.as_deref(), Some("Paused"));
        let choices: Vec<(&str, bool)> = button
            .choices
            .iter()
            .map(|c| (c.label.as_str(), c.selected))
            .collect();
        assert_eq!(
            choices,
            [
                ("Want to read", false),
                ("Currently reading", false),
                ("Read", false),
                ("Did not finish", false),
                ("Paused", true)
            ]
        );
        let ticks: Vec<(&str, bool)> = button
            .shelves
            .iter()
            .map(|t| (t.name.as_str(), t.checked))
            .collect();
        assert_eq!(ticks, [("Gothic", true), ("Victorian", false)]);
    }

    #[test]
    fn an_unknown_status_still_shows_as_chosen() {
        let placed = Placed {
            status: Some("dnf-2019"),
            on_shelves: true,
            shelves: &[],
        };
        let button = ShelfButton::new(7, "Middlemarch", "/", placed, &mine());
        assert_eq!(button.current.as_deref(), Some("dnf-2019"));
        assert!(
            button
                .choices
                .last()
                .is_some_and(|c| c.slug == "dnf-2019" && c.selected)
        );
        let nowhere = Placed {
            status: None,
            on_shelves: false,
            shelves: &[],
        };
        let button = ShelfButton::new(7, "Middlemarch", "/", nowhere, &mine());
        assert!(button.current.is_none() && !button.choices.iter().any(|c| c.selected));
    }
}
