//! How a reader's shelf page is asked for: its sort column and direction,
//! the title/author filter, and which page of how many it shows.

use super::Invalid;

/// The columns a shelf can be sorted by, as named in `?sort=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShelfSort {
    Title,
    Author,
    /// The owner's own stars.
    Rating,
    /// The book's average over all readers.
    Average,
    /// When the owner last finished it.
    Read,
    Added,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

impl ShelfSort {
    pub const ALL: [ShelfSort; 6] = [
        ShelfSort::Title,
        ShelfSort::Author,
        ShelfSort::Rating,
        ShelfSort::Average,
        ShelfSort::Read,
        ShelfSort::Added,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ShelfSort::Title => "title",
            ShelfSort::Author => "author",
            ShelfSort::Rating => "rating",
            ShelfSort::Average => "avg",
            ShelfSort::Read => "read",
            ShelfSort::Added => "added",
        }
    }

    /// Names read A to Z; numbers and dates best or newest first, as a
    /// reader clicking a column expects.
    pub fn natural_dir(self) -> SortDir {
        match self {
            ShelfSort::Title | ShelfSort::Author => SortDir::Asc,
            _ => SortDir::Desc,
        }
    }
}

impl SortDir {
    pub fn slug(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }

    pub fn flipped(self) -> SortDir {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    /// The `aria-sort` value of the column sorted this way.
    pub fn aria(self) -> &'static str {
        match self {
            SortDir::Asc => "ascending",
            SortDir::Desc => "descending",
        }
    }
}

/// A shelf's order: newest added first unless the reader asks otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShelfOrder {
    pub sort: ShelfSort,
    pub dir: SortDir,
}

impl Default for ShelfOrder {
    fn default() -> Self {
        ShelfOrder {
            sort: ShelfSort::Added,
            dir: SortDir::Desc,
        }
    }
}

impl ShelfOrder {
    /// `?sort=&dir=` as given; either may be missing or empty. An unknown
    /// value is refused rather than ignored, so a mistyped link says so.
    pub fn parse(sort: Option<&str>, dir: Option<&str>) -> Result<ShelfOrder, Invalid> {
        let sort = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => ShelfSort::Added,
            Some(given) => ShelfSort::ALL
                .into_iter()
                .find(|s| s.slug() == given)
                .ok_or_else(|| {
                    Invalid::new(
                        "sort",
                        "sort by one of title, author, rating, avg, read or added",
                    )
                })?,
        };
        let dir = match dir.map(str::trim).filter(|s| !s.is_empty()) {
            None => sort.natural_dir(),
            Some("asc") => SortDir::Asc,
            Some("desc") => SortDir::Desc,
            Some(_) => return Err(Invalid::new("dir", "the direction is asc or desc")),
        };
        Ok(ShelfOrder { sort, dir })
    }

    /// Where a click on `column`'s header leads: the other way round if the
    /// shelf is sorted by it already, else that column's natural way.
    pub fn toggled(self, column: ShelfSort) -> ShelfOrder {
        ShelfOrder {
            sort: column,
            dir: if self.sort == column {
                self.dir.flipped()
            } else {
                column.natural_dir()
            },
        }
    }
}

/// The longest filter text taken: enough for any title.
pub const FILTER_MAX: usize = 200;

/// The filter box's text, trimmed; None when empty.
pub fn parse_filter(input: Option<&str>) -> Result<Option<String>, Invalid> {
    let text = input.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > FILTER_MAX {
        return Err(Invalid::new(
            "q",
            format!("the filter is at most {FILTER_MAX} characters"),
        ));
    }
    Ok(Some(text.to_string()))
}

/// The SQL `LIKE ... ESCAPE '\'` pattern for "contains `text`", lower-cased
/// to match `lower(column)`: a `%` or `_` the reader typed is matched as itself.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Books shown on one page of a shelf.
pub const PER_PAGE: i64 = 20;

/// The highest page number taken from a link: beyond any real shelf.
pub const MAX_PAGE: i64 = 100_000;

/// Which page of a shelf of `total` books is shown: "Showing 21–40 of 734".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShelfPaging {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

impl ShelfPaging {
    /// Page `asked` of `total`; past the end shows the last page, so a
    /// stale link after books left the shelf still shows books.
    pub fn new(total: i64, asked: i64) -> ShelfPaging {
        let total = total.max(0);
        let asked = asked.min(MAX_PAGE);
        let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
        ShelfPaging {
            page: asked.clamp(1, pages),
            pages,
            total,
        }
    }

    pub fn offset(self) -> i64 {
        (self.page - 1) * PER_PAGE
    }

    /// The first and last positions shown (first > last on an empty shelf).
    pub fn range(self) -> (i64, i64) {
        let first = self.offset() + 1;
        (first, (first + PER_PAGE - 1).min(self.total))
    }

    /// Page numbers to link, None where a run is left out: the first, the
    /// last, and two either side of the current one (1 … 4 5 6 7 8 … 37).
    pub fn window(self) -> Vec<Option<i64>> {
        let mut out = Vec::new();
        let mut last_shown = 0;
        for n in 1..=self.pages {
            if n == 1 || n == self.pages || (n - self.page).abs() <= 2 {
                if n > last_shown + 1 {
                    out.push(None);
                }
                out.push(Some(n));
                last_shown = n;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_parse_with_natural_directions() {
        assert_eq!(
            ShelfOrder::parse(None, None).unwrap(),
            ShelfOrder::default()
        );
        let title = ShelfOrder::parse(Some("title"), None).unwrap();
        assert_eq!((title.sort, title.dir), (ShelfSort::Title, SortDir::Asc));
        let avg = ShelfOrder::parse(Some("avg"), Some("")).unwrap();
        assert_eq!((avg.sort, avg.dir), (ShelfSort::Average, SortDir::Desc));
        let read = ShelfOrder::parse(Some("read"), Some("asc")).unwrap();
        assert_eq!(read.dir, SortDir::Asc);
        assert_eq!(
            ShelfOrder::parse(Some("stars"), None).unwrap_err().field,
            "sort"
        );
        assert_eq!(
            ShelfOrder::parse(Some("title"), Some("up"))
                .unwrap_err()
                .field,
            "dir"
        );
    }

    #[test]
    fn a_header_flips_its_own_column_and_starts_others_naturally() {
        let by_title = ShelfOrder::parse(Some("title"), None).unwrap();
        assert_eq!(by_title.toggled(ShelfSort::Title).dir, SortDir::Desc);
        let other = by_title.toggled(ShelfSort::Rating);
        assert_eq!((other.sort, other.dir), (ShelfSort::Rating, SortDir::Desc));
    }

    #[test]
    fn filters_are_trimmed_bounded_and_matched_literally() {
        assert_eq!(parse_filter(Some("   ")).unwrap(), None);
        assert_eq!(
            parse_filter(Some(" Eliot ")).unwrap().as_deref(),
            Some("Eliot")
        );
        assert_eq!(parse_filter(Some(&"x".repeat(201))).unwrap_err().field, "q");
        assert_eq!(contains_pattern("War"), "%war%");
        assert_eq!(contains_pattern("100%_a\\"), "%100\\%\\_a\\\\%");
    }

    #[test]
    fn pages_cover_the_shelf() {
        let p = ShelfPaging::new(734, 2);
        assert_eq!((p.pages, p.offset(), p.range()), (37, 20, (21, 40)));
        assert_eq!(ShelfPaging::new(734, 37).range(), (721, 734));
        assert_eq!(ShelfPaging::new(734, 99).page, 37);
        assert_eq!(ShelfPaging::new(734, -3).page, 1);
        let empty = ShelfPaging::new(0, 1);
        assert_eq!((empty.pages, empty.range()), (1, (1, 0)));
    }

    #[test]
    fn page_links_leave_out_long_runs() {
        let window = ShelfPaging::new(734, 6).window();
        let shown: Vec<String> = window
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect();
        assert_eq!(shown.join(" "), "1 … 4 5 6 7 8 … 37");
        assert_eq!(
            ShelfPaging::new(60, 1).window(),
            vec![Some(1), Some(2), Some(3)]
        );
        assert_eq!(ShelfPaging::new(0, 1).window(), vec![Some(1)]);
    }
}
