//! What a reader chooses for themselves: the kinds of notification they get,
//! and whether the pages are light, dark or follow the system.

use std::collections::BTreeSet;

use super::Invalid;

/// Every kind of notification the site makes, with the words Settings shows.
/// A kind the store writes must be listed here, or no reader could mute it.
pub const NOTIFICATION_KINDS: [(&str, &str); 8] = [
    ("comment", "Comments on your reviews"),
    ("quote", "Replies that quote your comments"),
    ("topic_reply", "Messages in the group topics you started"),
    ("topic_quote", "Group messages that quote yours"),
    ("like", "Likes on your reviews"),
    ("friend_request", "Friend requests"),
    ("friend_accepted", "Friend requests accepted"),
    (
        "follow_request",
        "Readers on other servers asking to follow you",
    ),
];

/// The kind named `name`, as its `'static` spelling; None: no such kind.
pub fn notification_kind(name: &str) -> Option<&'static str> {
    NOTIFICATION_KINDS
        .iter()
        .map(|(kind, _)| *kind)
        .find(|kind| *kind == name.trim())
}

/// The kinds to mute, from the reader's choices: each kind named with
/// whether they want it; a kind not named stays wanted. An unknown kind is
/// refused, so a typo never passes for a choice.
pub fn mutes<'a>(
    choices: impl IntoIterator<Item = (&'a str, bool)>,
) -> Result<Vec<&'static str>, Invalid> {
    let mut muted = BTreeSet::new();
    for (name, wanted) in choices {
        let kind = notification_kind(name).ok_or_else(|| unknown_kind(name))?;
        if wanted {
            muted.remove(kind);
        } else {
            muted.insert(kind);
        }
    }
    Ok(NOTIFICATION_KINDS
        .iter()
        .map(|(kind, _)| *kind)
        .filter(|kind| muted.contains(kind))
        .collect())
}

/// The kinds to mute, from the boxes ticked: every kind not ticked.
pub fn mutes_from_wanted<'a>(
    wanted: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<&'static str>, Invalid> {
    let mut ticked = Vec::new();
    for name in wanted {
        ticked.push(notification_kind(name).ok_or_else(|| unknown_kind(name))?);
    }
    mutes(
        NOTIFICATION_KINDS
            .iter()
            .map(|(kind, _)| (*kind, ticked.contains(kind))),
    )
}

pub fn unknown_kind(name: &str) -> Invalid {
    let known: Vec<&str> = NOTIFICATION_KINDS.iter().map(|(k, _)| *k).collect();
    Invalid::new(
        "kinds",
        format!(
            "there is no notification kind {name:?}; the kinds are {}",
            known.join(", ")
        ),
    )
}

/// How the pages look: the reader's choice, or the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn parse(input: &str) -> Result<Theme, Invalid> {
        match input.trim() {
            "" | "system" => Ok(Theme::System),
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            _ => Err(Invalid::new("theme", "choose light, dark or system")),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Follow my device",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// As stored: None for the system's.
    pub fn stored(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            other => Some(other.key()),
        }
    }

    /// From the stored column; anything unknown follows the system.
    pub fn from_stored(stored: Option<&str>) -> Theme {
        match stored {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_not_wanted_are_the_mutes() {
        assert_eq!(
            mutes_from_wanted(["comment", "quote", "friend_request"]).unwrap(),
            [
                "topic_reply",
                "topic_quote",
                "like",
                "friend_accepted",
                "follow_request"
            ]
        );
        assert_eq!(
            mutes_from_wanted([]).unwrap().len(),
            NOTIFICATION_KINDS.len()
        );
        let all: Vec<&str> = NOTIFICATION_KINDS.iter().map(|(k, _)| *k).collect();
        assert!(mutes_from_wanted(all).unwrap().is_empty());
    }

    #[test]
    fn choices_mute_what_is_not_wanted_and_leave_the_unnamed_on() {
        assert_eq!(mutes([("like", false), ("quote", true)]).unwrap(), ["like"]);
        assert!(mutes([]).unwrap().is_empty());
        assert_eq!(
            mutes([("like", false), (" like", true)]).unwrap(),
            [] as [&str; 0]
        );
        assert_eq!(mutes([("nope", false)]).unwrap_err().field, "kinds");
    }

    #[test]
    fn an_unknown_kind_is_refused_by_name() {
        let e = mutes_from_wanted(["comment", "likes"]).unwrap_err();
        assert_eq!(e.field, "kinds");
        assert!(e.message.contains("\"likes\""), "{}", e.message);
    }

    #[test]
    fn themes_round_trip_and_system_is_stored_as_nothing() {
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(theme.key()), Ok(theme));
            assert_eq!(Theme::from_stored(theme.stored()), theme);
        }
        assert_eq!(Theme::System.stored(), None);
        assert_eq!(Theme::parse(""), Ok(Theme::System));
        assert_eq!(Theme::parse("sepia").unwrap_err().field, "theme");
        assert_eq!(Theme::from_stored(Some("sepia")), Theme::System);
    }
}
