//! Genres read from a book's subjects as the book-data services write them
//! ("Fantasy fiction", "Science Fiction & Fantasy", "Detective and mystery
//! stories", "Fiction, fantasy, general"): each subject is cut into its
//! phrases, and each phrase is matched against the same genre list that
//! readers' shelves use. Subjects that say who a book is for ("Juvenile
//! fiction") or what it is about ("Magical thinking") name no genre.

use std::collections::HashMap;

use super::genres::{self, Genre};

/// Library phrases that the shelf names do not already cover, with the
/// genre each means.
const PHRASES: [(&str, &str); 23] = [
    ("mystery stories", "mystery"),
    ("detective stories", "mystery"),
    ("crime stories", "mystery"),
    ("suspense", "thriller"),
    ("spy stories", "thriller"),
    ("horror tales", "horror"),
    ("horror stories", "horror"),
    ("ghost stories", "horror"),
    ("love stories", "romance"),
    ("historical novels", "historical-fiction"),
    ("biography & autobiography", "biography"),
    ("autobiographies", "biography"),
    ("personal memoirs", "biography"),
    ("children's stories", "childrens"),
    ("children's literature", "childrens"),
    ("picture books for children", "childrens"),
    ("young adult", "young-adult"),
    ("comic books, strips, etc", "comics"),
    ("graphic novels", "comics"),
    ("humorous stories", "humor"),
    ("wit and humor", "humor"),
    ("short stories", "short-stories"),
    ("american poetry", "poetry"),
];

/// Words that say who a book is for or how it is sold, never its kind:
/// a phrase holding one names no genre ("Juvenile fiction" is fiction for
/// the young, filed under its own kind elsewhere in the same subjects).
const AUDIENCE: [&str; 5] = [
    "juvenile",
    "general",
    "open library",
    "accessible",
    "in library",
];

/// A phrase as a shelf slug: lower case, letters and digits joined by `-`,
/// apostrophes dropped ("Children's" → "childrens").
fn slug(phrase: &str) -> String {
    let mut out = String::new();
    for c in phrase.chars().filter(|c| *c != '\'' && *c != '’') {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The genre one phrase means, if any.
fn of_phrase(phrase: &str) -> Option<Genre> {
    let phrase = phrase.trim().trim_end_matches('.').trim().to_lowercase();
    if phrase.is_empty() || AUDIENCE.iter().any(|w| phrase.contains(w)) {
        return None;
    }
    if let Some((_, genre)) = PHRASES.iter().find(|(p, _)| *p == phrase) {
        return genres::by_slug(genre);
    }
    let as_slug = slug(&phrase);
    if let Some(genre) = genres::of_shelf(&as_slug) {
        return Some(genre);
    }
    // "Fantasy fiction", "Mystery fiction", "Detective novel": the kind, told as fiction.
    let kind = ["-fiction", "-novels", "-novel"]
        .iter()
        .find_map(|end| as_slug.strip_suffix(end))?;
    genres::of_shelf(kind).or_else(|| {
        PHRASES
            .iter()
            .find(|(p, _)| slug(p) == kind)
            .and_then(|(_, g)| genres::by_slug(g))
    })
}

/// The genres one subject names, in the order it names them.
pub fn of_subject(subject: &str) -> Vec<Genre> {
    let whole = of_phrase(subject);
    if whole.is_some() {
        return whole.into_iter().collect();
    }
    let mut out = Vec::new();
    // Subjects join phrases with "&", "and", commas, "--" (a heading's
    // subdivisions) and slashes.
    let lowered = subject.to_lowercase().replace(" and ", "&");
    for part in lowered
        .split(['&', ',', '/', ';'])
        .flat_map(|p| p.split("--"))
    {
        if let Some(genre) = of_phrase(part)
            && !out.contains(&genre)
        {
            out.push(genre);
        }
    }
    out
}

/// A book's genres from its subjects, each once, in the subjects' order.
pub fn of_subjects(subjects: &[String]) -> Vec<Genre> {
    let mut out = Vec::new();
    for subject in subjects {
        add_new(&mut out, &of_subject(subject));
    }
    out
}

/// Appends the genres `out` does not hold yet, keeping their order: a
/// book names few genres, so a scan beats a set.
fn add_new(out: &mut Vec<Genre>, genres: &[Genre]) {
    for genre in genres {
        if !out.contains(genre) {
            out.push(*genre);
        }
    }
}

/// Reads the subjects of many books, each distinct subject once: a dump's
/// batch repeats a few ("Fiction") thousands of times.
#[derive(Default)]
pub struct Subjects {
    read: HashMap<String, Vec<Genre>>,
}

impl Subjects {
    /// As `of_subjects`, remembering each subject's genres for the next book.
    pub fn genres_of(&mut self, subjects: &[String]) -> Vec<Genre> {
        let mut out = Vec::new();
        for subject in subjects {
            match self.read.get(subject) {
                Some(genres) => add_new(&mut out, genres),
                None => {
                    let genres = of_subject(subject);
                    add_new(&mut out, &genres);
                    self.read.insert(subject.clone(), genres);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(subject: &str) -> Vec<&'static str> {
        of_subject(subject).iter().map(|g| g.name).collect()
    }

    #[test]
    fn library_subjects_name_their_genres() {
        assert_eq!(names("Fantasy fiction"), ["Fantasy"]);
        assert_eq!(names("Fantasy"), ["Fantasy"]);
        assert_eq!(
            names("Science Fiction & Fantasy"),
            ["Science fiction", "Fantasy"]
        );
        assert_eq!(names("Detective and mystery stories"), ["Mystery"]);
        assert_eq!(names("Mystery fiction."), ["Mystery"]);
        assert_eq!(names("detective novel"), ["Mystery"]);
        assert_eq!(names("epistolary novel"), Vec::<&str>::new());
        assert_eq!(names("Suspense fiction"), ["Thriller"]);
        assert_eq!(names("Horror tales"), ["Horror"]);
        assert_eq!(names("Love stories"), ["Romance"]);
        assert_eq!(names("Historical fiction"), ["Historical fiction"]);
        assert_eq!(names("Biography & Autobiography"), ["Biography and memoir"]);
        assert_eq!(names("Children's stories"), ["Children's"]);
        assert_eq!(names("Young adult fiction"), ["Young adult"]);
        assert_eq!(names("Graphic novels"), ["Comics and graphic novels"]);
        assert_eq!(names("Fiction, fantasy, general"), ["Fiction", "Fantasy"]);
        assert_eq!(names("Fiction"), ["Fiction"]);
        assert_eq!(
            names("World War, 1939-1945 -- Fiction"),
            ["Fiction"],
            "a heading's subdivision"
        );
    }

    #[test]
    fn audiences_topics_and_shelf_noise_name_none() {
        for subject in [
            "Juvenile fiction",
            "Juvenile Fiction",
            "Juvenile literature",
            "Magical thinking",
            "Accessible book",
            "Protected DAISY",
            "In library",
            "Large type books",
            "to-read",
            "",
            "  . ",
        ] {
            assert_eq!(names(subject), Vec::<&str>::new(), "{subject:?}");
        }
    }

    #[test]
    fn a_books_subjects_give_each_genre_once_in_their_order() {
        // Sabriel's work, as Open Library records it.
        let subjects: Vec<String> = [
            "Fantasy",
            "Science Fiction & Fantasy",
            "Fantasy fiction",
            "Fiction",
            "Juvenile Fiction",
            "Juvenile fiction",
            "Magical thinking",
        ]
        .map(String::from)
        .to_vec();
        let found: Vec<&str> = of_subjects(&subjects).iter().map(|g| g.slug).collect();
        assert_eq!(found, ["fantasy", "science-fiction", "fiction"]);
        assert!(of_subjects(&[]).is_empty());
    }

    #[test]
    fn subjects_read_once_give_each_book_the_same_genres() {
        let mut read = Subjects::default();
        let first: Vec<String> = ["Fantasy fiction", "Fiction"].map(String::from).to_vec();
        let second: Vec<String> = ["Fiction", "Fantasy", "Love stories"]
            .map(String::from)
            .to_vec();
        for subjects in [&first, &second, &first] {
            assert_eq!(read.genres_of(subjects), of_subjects(subjects));
        }
        let slugs: Vec<&str> = read.genres_of(&second).iter().map(|g| g.slug).collect();
        assert_eq!(slugs, ["fiction", "fantasy", "romance"]);
    }
}
