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

/// How many items a feed page shows.
pub const PAGE: i64 = 30;

#[cfg(test)]
mod tests {
    use super::*;

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
