//! The words of each mail the site sends, as plain text.

use super::Letter;
use crate::store::OutgoingMail;

/// The link that proves an address is the reader's.
pub fn verify(to: &str, name: &str, link: &str) -> Letter {
    Letter {
        to: to.to_string(),
        subject: "Confirm your email address for Dogear".into(),
        body: format!(
            "Hello {name},\n\nTo confirm that this address is yours, open this link:\n\n{link}\n\n\
             It works once, for a day. If you did not give this address on Dogear, ignore this mail.\n"
        ),
        unsubscribe: None,
    }
}

/// The link that sets a new password.
pub fn reset(to: &str, name: &str, link: &str) -> Letter {
    Letter {
        to: to.to_string(),
        subject: "Reset your Dogear password".into(),
        body: format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset the password of your account on \
             Dogear. To choose a new one, open this link:\n\n{link}\n\n\
             It works once, for an hour. If you did not ask, ignore this mail: your password stays \
             as it is.\n"
        ),
        unsubscribe: None,
    }
}

/// The old address's say in a change of address.
pub fn change(to: &str, name: &str, new_address: &str, link: &str) -> Letter {
    Letter {
        to: to.to_string(),
        subject: "Confirm the change of your Dogear email address".into(),
        body: format!(
            "Hello {name},\n\nSomeone signed in to your account asked to change its email address \
             from this one to {new_address}. To agree, open this link:\n\n{link}\n\n\
             It works once, for a day. If this was not you, ignore this mail and change your \
             password: the address stays as it is.\n"
        ),
        unsubscribe: None,
    }
}

/// A notification's mail, with its unsubscribe link.
pub fn notice(mail: &OutgoingMail, site: &str, unsubscribe: String) -> Letter {
    let who = mail.actor_name.as_deref().unwrap_or("Someone");
    let book = mail.book_title.as_deref().unwrap_or("a book");
    let review = mail
        .review_id
        .map(|id| format!("{site}/reviews/{id}"))
        .unwrap_or_else(|| format!("{site}/notifications"));
    let (subject, line, link) = match mail.kind.as_str() {
        "comment" => (
            format!("{who} replied to your review of {book}"),
            format!("{who} commented on your review of {book}."),
            review,
        ),
        "quote" => (
            format!("{who} quoted your comment"),
            format!("{who} quoted your comment on the review of {book}."),
            review,
        ),
        "friend_request" => (
            format!("{who} asked to be your friend on Dogear"),
            format!("{who} asked to be your friend."),
            format!("{site}/notifications"),
        ),
        "follow_request" => (
            format!("{who} asked to follow you on Dogear"),
            format!("{who}, a reader on another server, asked to follow you."),
            format!("{site}/friends"),
        ),
        _ => (
            "News on Dogear".to_string(),
            format!("{who} did something you asked to hear about."),
            format!("{site}/notifications"),
        ),
    };
    Letter {
        to: mail.to.clone(),
        subject,
        body: footer(
            format!("Hello {},\n\n{line}\n\n{link}\n", mail.reader_name),
            &unsubscribe,
        ),
        unsubscribe: Some(unsubscribe),
    }
}

/// The weekly digest: what came in that the reader has not seen.
pub fn digest(
    mail: &OutgoingMail,
    counts: &[(String, i64)],
    site: &str,
    unsubscribe: String,
) -> Letter {
    let mut body = format!("Hello {},\n\nThis week on Dogear:\n\n", mail.reader_name);
    if counts.is_empty() {
        body.push_str("Nothing new for you this week.\n");
    }
    for (kind, count) in counts {
        let what = match kind.as_str() {
            "comment" => "comments on your reviews",
            "quote" => "replies quoting you",
            "topic_reply" => "messages in your group topics",
            "topic_quote" => "group messages quoting you",
            "like" => "likes on your reviews",
            "friend_request" => "friend requests",
            "friend_accepted" => "friend requests accepted",
            "follow_request" => "readers elsewhere asking to follow you",
            _ => "other notifications",
        };
        body.push_str(&format!("- {count} {what}\n"));
    }
    body.push_str(&format!("\nSee them all: {site}/notifications\n"));
    Letter {
        to: mail.to.clone(),
        subject: "Your week on Dogear".into(),
        body: footer(body, &unsubscribe),
        unsubscribe: Some(unsubscribe),
    }
}

fn footer(mut body: String, unsubscribe: &str) -> String {
    body.push_str(&format!(
        "\n--\nYou get this mail because you asked for it in your settings.\n\
         To stop this kind of mail, open: {unsubscribe}\n"
    ));
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(kind: &str) -> OutgoingMail {
        OutgoingMail {
            id: 1,
            user_id: 2,
            kind: kind.into(),
            to: "ann@example.org".into(),
            reader_name: "Ann".into(),
            actor_name: Some("Bob".into()),
            review_id: Some(5),
            book_title: Some("Emma".into()),
            created_at: 0,
        }
    }

    #[test]
    fn a_reply_names_who_and_links_the_review_and_the_way_out() {
        let l = notice(
            &outgoing("comment"),
            "https://b.example",
            "https://b.example/u".into(),
        );
        assert_eq!(l.subject, "Bob replied to your review of Emma");
        assert!(l.body.contains("https://b.example/reviews/5"));
        assert!(
            l.body
                .contains("To stop this kind of mail, open: https://b.example/u")
        );
        assert_eq!(l.unsubscribe.as_deref(), Some("https://b.example/u"));
    }

    #[test]
    fn a_digest_counts_each_kind() {
        let counts = vec![("comment".to_string(), 3), ("like".to_string(), 1)];
        let l = digest(
            &outgoing("digest"),
            &counts,
            "https://b.example",
            "x".into(),
        );
        assert!(l.body.contains("- 3 comments on your reviews"));
        assert!(l.body.contains("- 1 likes on your reviews"));
    }

    #[test]
    fn account_mail_has_no_unsubscribe_link() {
        assert!(reset("a@b.cd", "Ann", "L").unsubscribe.is_none());
        assert!(reset("a@b.cd", "Ann", "L").body.contains("for an hour"));
    }
}
