//! Genres read from readers' shelves: a curated map from common shelf names
//! to genres; shelves that say nothing of a book's kind (to-read, owned,
//! kindle, 2019...) are simply not in it.

/// A genre: its address and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Genre {
    pub slug: &'static str,
    pub name: &'static str,
}

/// Each genre with the shelf slugs that mean it.
const GENRES: [(&str, &str, &[&str]); 22] = [
    ("fiction", "Fiction", &["fiction", "novels", "novel"]),
    (
        "literary-fiction",
        "Literary fiction",
        &[
            "literary-fiction",
            "literary",
            "literature",
            "lit-fic",
            "litfic",
        ],
    ),
    (
        "classics",
        "Classics",
        &["classics", "classic", "classic-literature", "classic-lit"],
    ),
    (
        "fantasy",
        "Fantasy",
        &[
            "fantasy",
            "epic-fantasy",
            "high-fantasy",
            "urban-fantasy",
            "fantasy-sci-fi",
        ],
    ),
    (
        "science-fiction",
        "Science fiction",
        &[
            "science-fiction",
            "sci-fi",
            "scifi",
            "sf",
            "sci-fi-fantasy",
            "space-opera",
            "dystopia",
            "dystopian",
        ],
    ),
    (
        "mystery",
        "Mystery",
        &[
            "mystery",
            "mysteries",
            "crime",
            "detective",
            "whodunit",
            "cozy-mystery",
        ],
    ),
    (
        "thriller",
        "Thriller",
        &[
            "thriller",
            "thrillers",
            "suspense",
            "psychological-thriller",
        ],
    ),
    ("horror", "Horror", &["horror", "gothic", "ghost-stories"]),
    (
        "romance",
        "Romance",
        &["romance", "romantic", "love-story", "historical-romance"],
    ),
    (
        "historical-fiction",
        "Historical fiction",
        &["historical-fiction", "historical-novels", "hist-fic"],
    ),
    (
        "nonfiction",
        "Nonfiction",
        &["nonfiction", "non-fiction", "non-fic"],
    ),
    (
        "history",
        "History",
        &["history", "world-history", "military-history"],
    ),
    (
        "biography",
        "Biography and memoir",
        &[
            "biography",
            "biographies",
            "memoir",
            "memoirs",
            "autobiography",
        ],
    ),
    (
        "science",
        "Science",
        &[
            "science",
            "popular-science",
            "pop-science",
            "physics",
            "biology",
        ],
    ),
    ("philosophy", "Philosophy", &["philosophy", "ethics"]),
    ("poetry", "Poetry", &["poetry", "poems", "poets"]),
    (
        "young-adult",
        "Young adult",
        &["young-adult", "ya", "ya-fiction", "teen"],
    ),
    (
        "childrens",
        "Children's",
        &[
            "childrens",
            "children",
            "kids",
            "childrens-books",
            "picture-books",
            "middle-grade",
        ],
    ),
    (
        "comics",
        "Comics and graphic novels",
        &[
            "comics",
            "graphic-novels",
            "graphic-novel",
            "manga",
            "bande-dessinee",
        ],
    ),
    (
        "short-stories",
        "Short stories",
        &["short-stories", "short-story", "anthologies", "anthology"],
    ),
    ("humor", "Humour", &["humor", "humour", "funny", "comedy"]),
    (
        "self-help",
        "Self-help",
        &[
            "self-help",
            "self-improvement",
            "personal-development",
            "productivity",
        ],
    ),
];

/// The genre a shelf means, if it means one.
pub fn of_shelf(shelf_slug: &str) -> Option<Genre> {
    GENRES
        .iter()
        .find(|(_, _, shelves)| shelves.contains(&shelf_slug))
        .map(|(slug, name, _)| Genre { slug, name })
}

/// The genre at this address.
pub fn by_slug(slug: &str) -> Option<Genre> {
    GENRES
        .iter()
        .find(|(s, _, _)| *s == slug)
        .map(|(slug, name, _)| Genre { slug, name })
}

/// Every shelf slug that means the genre.
pub fn shelves_of(genre: Genre) -> &'static [&'static str] {
    GENRES
        .iter()
        .find(|(s, _, _)| *s == genre.slug)
        .map_or(&[], |(_, _, shelves)| shelves)
}

/// A book's genres from (shelf slug, readers) counts, most readers first.
/// A reader's two shelves for one genre count twice: a shelf count is what
/// the store keeps, and the order is what matters.
pub fn of_book(shelf_counts: &[(String, i64)], limit: usize) -> Vec<(Genre, i64)> {
    let mut out: Vec<(Genre, i64)> = Vec::new();
    for (shelf, readers) in shelf_counts {
        if let Some(genre) = of_shelf(shelf) {
            match out.iter_mut().find(|(g, _)| *g == genre) {
                Some((_, n)) => *n += readers,
                None => out.push((genre, *readers)),
            }
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(b.0.name)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_shelves_map_to_genres_and_noise_to_none() {
        assert_eq!(of_shelf("sci-fi").map(|g| g.name), Some("Science fiction"));
        assert_eq!(of_shelf("memoir").map(|g| g.slug), Some("biography"));
        for noise in [
            "to-read",
            "owned",
            "kindle",
            "2019",
            "favorites",
            "books-i-own",
            "audiobook",
            "dnf",
        ] {
            assert_eq!(of_shelf(noise), None, "{noise}");
        }
    }

    #[test]
    fn a_books_shelves_fold_into_its_genres() {
        let counts = [
            ("sci-fi".to_string(), 40),
            ("to-read".to_string(), 900),
            ("science-fiction".to_string(), 25),
            ("classics".to_string(), 30),
            ("owned".to_string(), 12),
        ];
        let genres = of_book(&counts, 5);
        let named: Vec<(&str, i64)> = genres.iter().map(|(g, n)| (g.name, *n)).collect();
        assert_eq!(named, [("Science fiction", 65), ("Classics", 30)]);
        assert_eq!(of_book(&counts, 1).len(), 1);
    }

    #[test]
    fn every_genre_is_found_by_its_address_and_its_own_shelf() {
        for (slug, _, shelves) in GENRES {
            let genre = by_slug(slug).unwrap();
            assert_eq!(shelves_of(genre), shelves);
            assert!(
                shelves.iter().all(|s| of_shelf(s) == Some(genre)),
                "{slug}: a shelf in two genres"
            );
        }
    }
}
