//! Reading files from elsewhere into Dogear: the catalogue, and readers'
//! library exports from other sites. Parsers here are pure: bytes in, rows
//! out, every unreadable row reported with its line and reason.

pub mod catalogue;
pub mod entry;
pub mod goodreads;
pub mod librarything;
pub mod others;
pub mod storygraph;

pub use entry::{Entry, Parsed};

/// The export formats Dogear reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Goodreads,
    StoryGraph,
    LibraryThing,
    BookWyrm,
    BookWyrmJson,
    Calibre,
    Openreads,
    OpenLibrary,
    Generic,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "goodreads" => Some(Format::Goodreads),
            "storygraph" | "thestorygraph" => Some(Format::StoryGraph),
            "librarything" => Some(Format::LibraryThing),
            "bookwyrm" => Some(Format::BookWyrm),
            "bookwyrm-json" => Some(Format::BookWyrmJson),
            "calibre" => Some(Format::Calibre),
            "openreads" => Some(Format::Openreads),
            "openlibrary" => Some(Format::OpenLibrary),
            "generic" | "csv" => Some(Format::Generic),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Goodreads => "goodreads",
            Format::StoryGraph => "storygraph",
            Format::LibraryThing => "librarything",
            Format::BookWyrm => "bookwyrm",
            Format::BookWyrmJson => "bookwyrm-json",
            Format::Calibre => "calibre",
            Format::Openreads => "openreads",
            Format::OpenLibrary => "openlibrary",
            Format::Generic => "generic",
        }
    }

    /// Which format a file is, from its first line.
    pub fn detect(bytes: &[u8]) -> Option<Format> {
        let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let header = String::from_utf8_lossy(first);
        let header = header.trim_start_matches('\u{feff}');
        let lower = header.to_lowercase();
        if header.trim_start().starts_with('{') {
            Some(Format::BookWyrmJson)
        } else if header.contains("Exclusive Shelf") && header.contains("My Rating") {
            Some(Format::Goodreads)
        } else if header.contains("Read Status") && header.contains("Star Rating") {
            Some(Format::StoryGraph)
        } else if header.contains('\t') && header.contains("Primary Author") {
            Some(Format::LibraryThing)
        } else if lower.contains("author_text") && lower.contains("remote_id") {
            Some(Format::BookWyrm)
        } else if lower.contains("author_sort") && lower.contains("title_sort") {
            Some(Format::Calibre)
        } else if lower.contains("my_review") && lower.contains("readings") {
            Some(Format::Openreads)
        } else if lower.contains("work id") && lower.contains("bookshelf") {
            Some(Format::OpenLibrary)
        } else if lower.split(',').any(|c| c.trim() == "title")
            && lower.split(',').any(|c| c.trim().starts_with("author"))
        {
            Some(Format::Generic)
        } else {
            None
        }
    }

    pub fn read(self, bytes: &[u8]) -> Parsed {
        match self {
            Format::Goodreads => goodreads::parse(bytes),
            Format::StoryGraph => storygraph::parse(bytes),
            Format::LibraryThing => librarything::parse(bytes),
            Format::BookWyrm => others::bookwyrm_csv(bytes),
            Format::BookWyrmJson => others::bookwyrm_json(bytes),
            Format::Calibre => others::calibre(bytes),
            Format::Openreads => others::openreads(bytes),
            Format::OpenLibrary => others::openlibrary(bytes),
            Format::Generic => others::generic(bytes),
        }
    }
}
