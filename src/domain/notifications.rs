//! What a notification says: many alike about one review fold into one line
//! ("Ann and 4 others commented on your review of Middlemarch"), the rest
//! stand alone (a friend request wants its own Accept).

/// How many notification groups a page shows.
pub const PAGE: i64 = 20;

/// The kinds that fold together when they concern the same review.
pub const FOLDED: [&str; 3] = ["comment", "like", "quote"];

/// Whether notifications of this kind fold into one line per review.
pub fn folds(kind: &str) -> bool {
    FOLDED.contains(&kind)
}

/// One line's sentence. `actor` is the newest reader's name (None: a
/// deleted account), `others` how many more readers the line holds.
pub fn sentence(kind: &str, actor: Option<&str>, others: i64, book: Option<&str>) -> String {
    let who = match (actor.unwrap_or("[deleted user]"), others) {
        (name, 0) => name.to_string(),
        (name, 1) => format!("{name} and 1 other"),
        (name, n) => format!("{name} and {n} others"),
    };
    match kind {
        // A topic's lines name the topic: `book` holds its title.
        "topic_reply" => {
            return format!(
                "{who} replied in your topic {}",
                book.unwrap_or("in a group")
            );
        }
        "topic_quote" => {
            return format!(
                "{who} quoted you in the topic {}",
                book.unwrap_or("in a group")
            );
        }
        _ => {}
    }
    let book = book.unwrap_or("a book");
    match kind {
        "quote" => format!("{who} quoted you in the conversation about {book}"),
        "like" => format!("{who} liked your review of {book}"),
        "friend_request" => format!("{who} asked to be your friend"),
        "friend_accepted" => format!("{who} accepted your friend request"),
        "follow_request" => format!("{who} asked to follow you from another server"),
        _ => format!("{who} commented on your review of {book}"),
    }
}

/// Others in a line besides its newest reader: `readers` distinct accounts
/// still there, of which the newest is one unless it was deleted.
pub fn others(readers: i64, newest_known: bool) -> i64 {
    if newest_known {
        (readers - 1).max(0)
    } else {
        readers.max(0)
    }
}

/// The group a notification belongs to, as "kind:key": one per review for the
/// folded kinds, one per notification otherwise. The store computes the same
/// key in SQL; this spelling is how pages name groups back to it.
pub fn group_key(kind: &str, review_id: Option<i64>, id: i64) -> String {
    match review_id {
        Some(review) if folds(kind) => format!("{kind}:{review}"),
        _ => format!("{kind}:{}", -id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_readers_fold_into_the_newest_and_a_count() {
        assert_eq!(
            sentence("comment", Some("Ann"), 4, Some("Middlemarch")),
            "Ann and 4 others commented on your review of Middlemarch"
        );
        assert_eq!(
            sentence("like", Some("Ann"), 1, Some("Emma")),
            "Ann and 1 other liked your review of Emma"
        );
        assert_eq!(
            sentence("quote", None, 0, None),
            "[deleted user] quoted you in the conversation about a book"
        );
        assert_eq!(
            sentence("friend_request", Some("Bo"), 0, None),
            "Bo asked to be your friend"
        );
        assert_eq!(
            sentence("topic_reply", Some("Cy"), 0, Some("Week one")),
            "Cy replied in your topic Week one"
        );
        assert_eq!(
            sentence("topic_quote", Some("Cy"), 0, None),
            "Cy quoted you in the topic in a group"
        );
    }

    #[test]
    fn others_do_not_count_the_newest_twice() {
        assert_eq!(others(5, true), 4);
        assert_eq!(others(1, true), 0);
        assert_eq!(others(2, false), 2);
        assert_eq!(others(0, true), 0);
    }

    #[test]
    fn only_review_kinds_fold_per_review() {
        assert_eq!(group_key("comment", Some(7), 30), "comment:7");
        assert_eq!(group_key("like", Some(7), 31), "like:7");
        assert_eq!(group_key("friend_request", None, 32), "friend_request:-32");
        assert_eq!(
            group_key("friend_accepted", Some(7), 33),
            "friend_accepted:-33"
        );
        assert!(folds("quote") && !folds("friend_request"));
    }
}
