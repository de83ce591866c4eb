//! Reading files from elsewhere into Dogear: the catalogue, and readers'
//! library exports from other sites. Parsers here are pure: bytes in, rows
//! out, every unreadable row reported with its line and reason.

pub mod catalogue;
pub mod entry;
pub mod goodreads;
pub mod librarything;
pub mod storygraph;

pub use entry::{Entry, Parsed};

/// The export formats Dogear reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Goodreads,
    StoryGraph,
    LibraryThing,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "goodreads" => Some(Format::Goodreads),
            "storygraph" | "thestorygraph" => Some(Format::StoryGraph),
            "librarything" => Some(Format::LibraryThing),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Goodreads => "goodreads",
            Format::StoryGraph => "storygraph",
            Format::LibraryThing => "librarything",
        }
    }

    /// Which format a file is, from its first line.
    pub fn detect(bytes: &[u8]) -> Option<Format> {
        let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let header = String::from_utf8_lossy(first);
        let header = header.trim_start_matches('\u{feff}');
        if header.contains("Exclusive Shelf") && header.contains("My Rating") {
            Some(Format::Goodreads)
        } else if header.contains("Read Status") && header.contains("Star Rating") {
            Some(Format::StoryGraph)
        } else if header.contains('\t') && header.contains("Primary Author") {
            Some(Format::LibraryThing)
        } else {
            None
        }
    }

    pub fn read(self, bytes: &[u8]) -> Parsed {
        match self {
            Format::Goodreads => goodreads::parse(bytes),
            Format::StoryGraph => storygraph::parse(bytes),
            Format::LibraryThing => librarything::parse(bytes),
        }
    }
}
