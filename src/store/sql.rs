//! One SQL text for both databases, rewritten for SQLite at compile time.
//!
//! Statements are written with PostgreSQL's `$N` placeholders. SQLite reads
//! `$1` as a *named* parameter whose index is its order of first appearance,
//! not its digit, so `SET a = $2 WHERE id = $1` would silently bind the wrong
//! values; `?N` is positional in SQLite. The rewrite is the same length as the
//! text, so it runs in a `const` and costs nothing at run time. It refuses
//! `::` casts (SQLite cannot parse them: write `CAST(x AS BIGINT)`) and leaves
//! quoted text and identifiers alone.
//!
//! `LIMIT $N` becomes `LIMIT+?N`: SQLite plans with the value bound to a bare
//! `LIMIT ?N`, so every new binding expires the cached statement and it is
//! parsed and planned again on each run. Behind a unary plus the limit is an
//! expression the planner does not look into, and the plan is kept.

/// Which database a statement is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A statement's text for each database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sql {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Sql {
    pub fn text(&self, dialect: Dialect) -> &'static str {
        match dialect {
            Dialect::Sqlite => self.sqlite,
            Dialect::Postgres => self.postgres,
        }
    }
}

/// A statement written once: `sql!("... WHERE id = $1")`. Where the engines
/// truly differ, both texts side by side: `sql!(sqlite: "...", postgres: "...")`;
/// the SQLite text is written with `$N` too and rewritten the same way.
/// Fragments shared by several statements are macros expanding to literals, so
/// `sql!(concat!(book_columns!(), " WHERE b.id = $1"))` stays a constant.
#[macro_export]
macro_rules! sql {
    (sqlite: $sqlite:expr, postgres: $postgres:expr $(,)?) => {{
    const SQLITE: &str = $crate::sql!(@sqlite $sqlite);
        $crate::store::sql::Sql {
            sqlite: SQLITE,
            postgres: $postgres,
        }
    }};
    (@sqlite $text:expr) => {{
        const TEXT: &str = $text;
        const BYTES: [u8; TEXT.len()] = $crate::store::sql::for_sqlite::<{ TEXT.len() }>(TEXT);
        match ::core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("the rewrite only changes ASCII"),
        }
    }};
    ($text:expr) => {{
    const SQLITE: &str = $crate::sql!(@sqlite $text);
        $crate::store::sql::Sql {
            sqlite: SQLITE,
            postgres: $text,
        }
    }};
}

/// Whether `bytes[..end]` ends with the keyword `LIMIT` (any case).
const fn ends_with_limit(bytes: &[u8], end: usize) -> bool {
    const WORD: &[u8] = b"LIMIT";
    if end < WORD.len() {
        return false;
    }
    let start = end - WORD.len();
    if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        return false;
    }
    let mut k = 0;
    while k < WORD.len() {
        if bytes[start + k].to_ascii_uppercase() != WORD[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// `text` with each `$N` outside quotes turned into `?N` (`LIMIT $N` into
/// `LIMIT+?N`: see the module's note). Panics (at compile
/// time, inside `sql!`) on a `::` cast, a `$` not followed by a digit, or an
/// unclosed quote.
pub const fn for_sqlite<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    assert!(bytes.len() == N, "the length must be the text's");
    let mut out = [0u8; N];
    // The quote character we are inside ('\'' or '"'), or 0.
    let mut quote = 0u8;
    let mut i = 0;
    while i < N {
        let c = bytes[i];
        let next = if i + 1 < N { bytes[i + 1] } else { 0 };
        out[i] = c;
        if quote != 0 {
            // A doubled quote ('it''s') closes and reopens: the toggle handles it.
            if c == quote {
                quote = 0;
            }
        } else if c == b'\'' || c == b'"' {
            quote = c;
        } else if c == b'$' {
            assert!(
                next.is_ascii_digit(),
                "a `$` outside quotes must be a placeholder like $1"
            );
            out[i] = b'?';
            if i >= 1 && bytes[i - 1].is_ascii_whitespace() && ends_with_limit(bytes, i - 1) {
                out[i - 1] = b'+';
            }
        } else if c == b':' && next == b':' {
            panic!("`::` casts are PostgreSQL's alone: write CAST(x AS TYPE)");
        }
        i += 1;
    }
    assert!(quote == 0, "a quote is not closed");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str) -> String {
        // A runtime twin of the const rewrite, for texts of any length.
        let bytes = match text.len() {
            n if n <= 128 => {
                let mut padded = text.to_string();
                padded.extend(std::iter::repeat_n(' ', 128 - n));
                for_sqlite::<128>(&padded)[..n].to_vec()
            }
            _ => unreachable!("test texts are short"),
        };
        String::from_utf8(bytes).unwrap_or_default()
    }

    #[test]
    fn placeholders_become_positional_in_order_of_their_digits() {
        assert_eq!(
            rewrite("UPDATE users SET suspended = $2 WHERE id = $1"),
            "UPDATE users SET suspended = ?2 WHERE id = ?1"
        );
        assert_eq!(rewrite("LIMIT $10 OFFSET $11"), "LIMIT+?10 OFFSET ?11");
        assert_eq!(rewrite("x\n limit\n$2"), "x\n limit+?2");
        assert_eq!(rewrite("SELECT nolimit $1"), "SELECT nolimit ?1");
    }

    #[test]
    fn a_bound_limit_does_not_recompile_the_statement() -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3);")?;
        let query = crate::sql!("SELECT a FROM t WHERE a > $1 ORDER BY a LIMIT $2");
        let mut statement = conn.prepare(query.sqlite)?;
        for limit in 1..=3_i64 {
            let rows: Vec<i64> = statement
                .query_map([0, limit], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            assert_eq!(rows.len() as i64, limit);
        }
        let recompiled = statement.get_status(rusqlite::StatementStatus::RePrepare);
        assert_eq!(recompiled, 0, "{}", query.sqlite);
        Ok(())
    }

    #[test]
    fn quoted_dollars_and_colons_are_left_alone() {
        assert_eq!(
            rewrite("SELECT '$1 costs $2' || $1, 'a::b', \"odd$1\" FROM t WHERE x = $2"),
            "SELECT '$1 costs $2' || ?1, 'a::b', \"odd$1\" FROM t WHERE x = ?2"
        );
        assert_eq!(rewrite("SELECT 'it''s $1', $1"), "SELECT 'it''s $1', ?1");
    }

    #[test]
    fn casts_are_refused() {
        let refused = std::panic::catch_unwind(|| rewrite("SELECT $1::BIGINT"));
        assert!(refused.is_err());
        assert_eq!(
            rewrite("SELECT CAST($1 AS BIGINT)"),
            "SELECT CAST(?1 AS BIGINT)"
        );
    }

    #[test]
    fn stray_dollars_and_open_quotes_are_refused() {
        assert!(std::panic::catch_unwind(|| rewrite("SELECT $ FROM t")).is_err());
        assert!(std::panic::catch_unwind(|| rewrite("SELECT 'open")).is_err());
    }

    #[test]
    fn the_macro_gives_both_texts() {
        let one = crate::sql!("SELECT a FROM t WHERE b = $2 AND c = $1");
        assert_eq!(one.postgres, "SELECT a FROM t WHERE b = $2 AND c = $1");
        assert_eq!(one.sqlite, "SELECT a FROM t WHERE b = ?2 AND c = ?1");
        let each =
            crate::sql!(sqlite: "x IN (SELECT value FROM json_each($1))", postgres: "x = ANY($1)");
        assert_eq!(
            each.text(Dialect::Sqlite),
            "x IN (SELECT value FROM json_each(?1))"
        );
        assert_eq!(each.text(Dialect::Postgres), "x = ANY($1)");
        macro_rules! columns {
            () => {
                "a, b"
            };
        }
        let joined = crate::sql!(concat!("SELECT ", columns!(), " FROM t WHERE a = $1"));
        assert_eq!(joined.sqlite, "SELECT a, b FROM t WHERE a = ?1");
    }
}
