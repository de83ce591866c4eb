//! The feed's shape: what a reader's friends did, newest first, with runs of
//! the same small act folded together ("Helen added 3 books to to-read").

/// Folds neighbouring items that share a key into one group, keeping order.
/// Items without a key (a review, a comment: each worth its own line) stand alone.
pub fn group<T, K: PartialEq>(items: Vec<T>, key: impl Fn(&T) -> Option<K>) -> Vec<Vec<T>> {
    let mut groups: Vec<(Option<K>, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(&item);
        match groups.last_mut() {
            Some((Some(last), members)) if k.as_ref() == Some(&*last) => members.push(item),
            _ => groups.push((k, vec![item])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// How many acts a page of the feed's API list holds.
pub const PAGE: i64 = 30;

/// What a run of acts folds on: one reader's shelving onto one shelf, or
/// the comments of one conversation, whoever wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fold {
    Shelved { reader: i64, shelf: String },
    Commented { review: i64 },
}

/// The fold an act belongs to; None for an act worth its own line.
pub fn fold_key(
    kind: &str,
    reader: i64,
    detail: Option<&str>,
    review: Option<i64>,
) -> Option<Fold> {
    match kind {
        "shelved" => Some(Fold::Shelved {
            reader,
            shelf: detail.unwrap_or_default().to_string(),
        }),
        "commented" => review.map(|review| Fold::Commented { review }),
        _ => None,
    }
}

/// Lines a page of the feed shows after folding: every page but the last
/// holds this many, however many acts they fold.
pub const PAGE_LINES: usize = 20;

/// Acts read at a time while a page fills.
pub const CHUNK: i64 = 60;

/// Reads at most for one page: a reader who shelved a thousand books in a
/// row should not make one page read them all.
pub const MAX_CHUNKS: usize = 5;

/// How many of the lines folded so far a page keeps, or None to read more.
/// `lines` were folded from every act read so far; `exhausted`: no acts are
/// left; `chunks`: reads made. A line is only complete once another has
/// begun after it (its run might go on in the next read), so a full page
/// waits for one line more than it shows.
pub fn cut(lines: usize, exhausted: bool, chunks: usize) -> Option<usize> {
    if lines > PAGE_LINES {
        Some(PAGE_LINES)
    } else if exhausted {
        Some(lines)
    } else if chunks >= MAX_CHUNKS {
        // Out of reads: the last line may go on, so it waits for the next
        // page, unless it is all there is.
        Some(lines.saturating_sub(1).max(1).min(lines))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_holds_its_lines_once_the_next_has_begun() {
        assert_eq!(cut(PAGE_LINES + 1, false, 1), Some(PAGE_LINES));
        assert_eq!(cut(PAGE_LINES + 9, true, 1), Some(PAGE_LINES));
        assert_eq!(cut(PAGE_LINES, false, 1), None, "the last line may go on");
        assert_eq!(cut(3, false, 2), None, "one folded line is not a page");
        assert_eq!(cut(3, true, 2), Some(3), "the last page holds what is left");
        assert_eq!(cut(0, true, 1), Some(0));
        assert_eq!(cut(3, false, MAX_CHUNKS), Some(2), "out of reads");
        assert_eq!(cut(1, false, MAX_CHUNKS), Some(1));
    }

    #[test]
    fn shelving_folds_per_reader_and_shelf_comments_per_review() {
        let ann = fold_key("shelved", 1, Some("to-read"), None);
        assert_eq!(ann, fold_key("shelved", 1, Some("to-read"), Some(9)));
        assert_ne!(ann, fold_key("shelved", 2, Some("to-read"), None));
        assert_ne!(ann, fold_key("shelved", 1, Some("read"), None));
        assert_eq!(
            fold_key("commented", 1, None, Some(4)),
            fold_key("commented", 2, None, Some(4))
        );
        assert_eq!(fold_key("rated", 1, Some("16"), None), None);
        assert_eq!(fold_key("reviewed", 1, None, Some(4)), None);
    }

    /// (who, what, shelf)
    fn key(item: &(i64, &'static str, &'static str)) -> Option<(i64, &'static str)> {
        (item.1 == "shelved").then_some((item.0, item.2))
    }

    #[test]
    fn runs_of_the_same_shelving_fold_together() {
        let items = vec![
            (1, "shelved", "to-read"),
            (1, "shelved", "to-read"),
            (1, "shelved", "to-read"),
            (2, "shelved", "to-read"),
            (1, "shelved", "read"),
        ];
        let groups = group(items, key);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![3, 1, 1]);
        assert_eq!(groups[1][0].0, 2);
    }

    #[test]
    fn reviews_and_comments_stand_alone_and_order_is_kept() {
        let items = vec![
            (1, "reviewed", ""),
            (1, "reviewed", ""),
            (1, "shelved", "read"),
            (1, "commented", ""),
            (1, "shelved", "read"),
        ];
        let groups = group(items, key);
        let kinds: Vec<(&str, usize)> = groups.iter().map(|g| (g[0].1, g.len())).collect();
        assert_eq!(
            kinds,
            vec![
                ("reviewed", 1),
                ("reviewed", 1),
                ("shelved", 1),
                ("commented", 1),
                ("shelved", 1)
            ]
        );
        assert!(group(Vec::<(i64, &str, &str)>::new(), key).is_empty());
    }
}
