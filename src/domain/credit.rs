//! What a person did for a book: wrote it, translated it, edited it...
//!
//! Readers and other sites write the role after the name, as on a title page
//! listing: "Jay Rubin (Translator)". A name with no role, or with a role we
//! do not know, is an author's (the parenthesis then stays part of the name).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Author,
    Translator,
    Editor,
    Illustrator,
    Narrator,
    Foreword,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Author,
        Role::Translator,
        Role::Editor,
        Role::Illustrator,
        Role::Narrator,
        Role::Foreword,
    ];

    /// The stored and API form.
    pub fn key(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Translator => "translator",
            Role::Editor => "editor",
            Role::Illustrator => "illustrator",
            Role::Narrator => "narrator",
            Role::Foreword => "foreword",
        }
    }

    /// As shown after a name: "Jay Rubin (Translator)".
    pub fn label(self) -> &'static str {
        match self {
            Role::Author => "Author",
            Role::Translator => "Translator",
            Role::Editor => "Editor",
            Role::Illustrator => "Illustrator",
            Role::Narrator => "Narrator",
            Role::Foreword => "Foreword",
        }
    }

    pub fn parse(word: &str) -> Option<Role> {
        let word = word.trim().to_lowercase();
        let role = match word.as_str() {
            "author" | "writer" => Role::Author,
            "translator" | "translated by" | "translation" => Role::Translator,
            "editor" | "edited by" | "ed." | "eds." => Role::Editor,
            "illustrator" | "illustrated by" | "illustrations" => Role::Illustrator,
            "narrator" | "read by" | "narrated by" => Role::Narrator,
            "foreword" | "introduction" | "afterword" => Role::Foreword,
            _ => return None,
        };
        Some(role)
    }
}

/// Splits "Jay Rubin (Translator)" into the name and the role.
pub fn split(credit: &str) -> (String, Role) {
    let credit = credit.trim();
    if let Some(open) = credit.rfind('(')
        && let Some(inner) = credit[open + 1..].strip_suffix(')')
        && let Some(role) = Role::parse(inner)
    {
        let name = credit[..open].trim();
        if !name.is_empty() {
            return (name.to_string(), role);
        }
    }
    (credit.to_string(), Role::Author)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_after_the_name_is_split_off() {
        assert_eq!(
            split("Jay Rubin (Translator)"),
            ("Jay Rubin".to_string(), Role::Translator)
        );
        assert_eq!(
            split("  Tolkien, Christopher (editor) "),
            ("Tolkien, Christopher".to_string(), Role::Editor)
        );
        assert_eq!(
            split("Maurice Sendak (Illustrated by)"),
            ("Maurice Sendak".to_string(), Role::Illustrator)
        );
    }

    #[test]
    fn unknown_or_missing_roles_leave_an_author() {
        assert_eq!(
            split("Kazuo Ishiguro"),
            ("Kazuo Ishiguro".into(), Role::Author)
        );
        // A parenthesis that is not a role is part of the name.
        assert_eq!(
            split("Prince (Musician)"),
            ("Prince (Musician)".into(), Role::Author)
        );
        assert_eq!(split("(Translator)"), ("(Translator)".into(), Role::Author));
    }

    #[test]
    fn keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.key()), Some(role));
            assert_eq!(Role::parse(role.label()), Some(role));
        }
    }
}
