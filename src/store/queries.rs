//! Queries that are one statement, declared in one entry each.
//!
//! ```text
//! queries! {
//!     /// The reader's chosen time zone, if any.
//!     pub(crate) value stored_zone(user_id: i64) -> Option<String> =
//!         ("SELECT time_zone FROM users WHERE id = $1");
//!     pub(crate) all top_shelves(user_id: i64, ids: &[i64]) -> (String, i64) = (
//!         sqlite: "... IN (SELECT value FROM json_each($2))",
//!         postgres: "... = ANY($2)",
//!     );
//! }
//! ```
//!
//! Each entry becomes an `async fn name<D: Db>(db: &D, args...)` running its
//! statement (the parenthesised text is what `sql!` takes) with the arguments
//! bound in order as `$1`, `$2`...; slices bind as one `List`. What it gives:
//!
//! | kind      | returns        | rows read as                            |
//! |-----------|----------------|-----------------------------------------|
//! | `exec`    | `()`           |                                         |
//! | `changed` | `u64`          | rows changed                            |
//! | `affects` | `bool`         | whether any row changed                 |
//! | `lock`    | `()`           | row locks, on PostgreSQL only           |
//! | `value`   | `Option<T>`    | the first row's one column              |
//! | `one`     | `Option<T>`    | the first row, by `FromRow` or `, by f` |
//! | `all`     | `Vec<T>`       | each row, by `FromRow` or `, by f`      |
//! | `value_or_default` | `T`   | `value`, or `T::default()` if no row    |
//! | `one_or_default`   | `T`   | `one`, or `T::default()` if no row      |
//!
//! `= (...) with (new.a, new.b)` binds those expressions instead of the
//! arguments: a record's fields.
//!
//! Queries with more than one statement, or logic between, stay functions.

use super::StoreResult;
use super::db::{Column, List, Param, Row};

/// An argument as the statement binds it: slices as one `List`.
pub trait Bind {
    type Bound: Param;
    fn bind(self) -> Self::Bound;
}

macro_rules! bound_as_is {
    ($($t:ty),*) => {$(
        impl Bind for $t {
            type Bound = $t;
            fn bind(self) -> $t {
                self
            }
        }
    )*};
}
bound_as_is!(i64, bool, Option<i64>, Option<bool>, Vec<u8>);

impl<'a> Bind for &'a str {
    type Bound = &'a str;
    fn bind(self) -> &'a str {
        self
    }
}

impl<'a> Bind for Option<&'a str> {
    type Bound = Option<&'a str>;
    fn bind(self) -> Option<&'a str> {
        self
    }
}

impl<'a, T> Bind for &'a [T]
where
    T: serde::Serialize + tokio_postgres::types::ToSql + std::fmt::Debug + Sync,
{
    type Bound = List<'a, T>;
    fn bind(self) -> List<'a, T> {
        List(self)
    }
}

/// A value read from a row's columns in order, from column `*at` on: one
/// column, a tuple, or a row struct declared with `rows!`. Reading moves
/// `at` past the columns read, so a row of a review and its book is
/// `(Review, Book)` with no offsets written anywhere.
pub trait FromRow: Sized {
    fn read_at(row: &dyn Row, at: &mut usize) -> StoreResult<Self>;

    fn from_row(row: &dyn Row) -> StoreResult<Self> {
        Self::read_at(row, &mut 0)
    }
}

impl<T: Column> FromRow for T {
    fn read_at(row: &dyn Row, at: &mut usize) -> StoreResult<T> {
        *at += 1;
        row.get(*at - 1)
    }
}

macro_rules! tuple_rows {
    ($(($($t:ident),+)),*) => {$(
        impl<$($t: FromRow),+> FromRow for ($($t,)+) {
            fn read_at(row: &dyn Row, at: &mut usize) -> StoreResult<Self> {
                Ok(($($t::read_at(row, at)?,)+))
            }
        }
    )*};
}
tuple_rows!((A, B), (A, B, C), (A, B, C, D), (A, B, C, D, E));

/// Declares row structs that read as their columns, in the order of their
/// fields (`FromRow`): the statement's column order is the struct's.
macro_rules! rows {
    ($(
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $($(#[$field_meta:meta])* $field_vis:vis $field:ident: $ty:ty),* $(,)?
        }
    )*) => {$(
        $(#[$meta])*
        $vis struct $name {
            $($(#[$field_meta])* $field_vis $field: $ty),*
        }

        impl $crate::store::queries::FromRow for $name {
            fn read_at(
                row: &dyn $crate::store::db::Row,
                at: &mut usize,
            ) -> $crate::store::StoreResult<Self> {
                // Fields are read in the order written, each from the next columns.
                Ok($name {
                    $($field: <$ty as $crate::store::queries::FromRow>::read_at(row, at)?),*
                })
            }
        }
    )*};
}

/// Declares one-statement queries: see the module's note.
macro_rules! queries {
    ($(
        $(#[$doc:meta])*
        $vis:vis $how:ident $name:ident($($arg:ident: $ty:ty),* $(,)?)
            $(-> $out:ty)? $(, by $map:path)? = $sql:tt $(with ($($bind:expr),* $(,)?))?;
    )*) => {$(
        $(#[$doc])*
        // A row's insert binds as many values as the row has columns.
        #[allow(clippy::too_many_arguments)]
        $vis async fn $name<D: $crate::store::db::Db>(
            db: &D,
            $($arg: $ty),*
        ) -> $crate::store::StoreResult<queries!(@out $how $($out)?)> {
            queries!(@bind params [$($arg),*] $([$($bind),*])?);
            queries!(@run $how, db, $crate::sql! $sql, params $(, $out)? $(, $map)?)
        }
    )*};
    (@bind $params:ident [$($arg:ident),*]) => {
        $(let $arg = $crate::store::queries::Bind::bind($arg);)*
        let $params: $crate::store::db::Params<'_> = &[$(&$arg),*];
    };
    // Parameters taken from the arguments' fields: `with (new.id, new.name)`.
    (@bind $params:ident [$($arg:ident),*] [$($bind:expr),*]) => {
        let $params: $crate::store::db::Params<'_> = &[$(&$bind),*];
    };
    (@out exec) => { () };
    (@out changed) => { u64 };
    (@out affects) => { bool };
    (@out lock) => { () };
    (@out value $t:ty) => { Option<$t> };
    (@out one $t:ty) => { Option<$t> };
    (@out all $t:ty) => { Vec<$t> };
    (@out value_or_default $t:ty) => { $t };
    (@out one_or_default $t:ty) => { $t };
    (@run exec, $db:ident, $sql:expr, $params:ident) => {
        $db.exec($sql, $params).await.map(|_| ())
    };
    (@run changed, $db:ident, $sql:expr, $params:ident) => { $db.exec($sql, $params).await };
    (@run affects, $db:ident, $sql:expr, $params:ident) => {
        $db.exec($sql, $params).await.map(|n| n > 0)
    };
    (@run lock, $db:ident, $sql:expr, $params:ident) => { $db.lock($sql, $params).await };
    (@run value, $db:ident, $sql:expr, $params:ident, $t:ty) => {
        $db.value::<$t>($sql, $params).await
    };
    (@run one, $db:ident, $sql:expr, $params:ident, $t:ty) => {
        $db.one($sql, $params, <$t as $crate::store::queries::FromRow>::from_row).await
    };
    (@run one, $db:ident, $sql:expr, $params:ident, $t:ty, $map:path) => {
        $db.one($sql, $params, $map).await
    };
    (@run value_or_default, $db:ident, $sql:expr, $params:ident, $t:ty) => {
        $db.value::<$t>($sql, $params).await.map(Option::unwrap_or_default)
    };
    (@run one_or_default, $db:ident, $sql:expr, $params:ident, $t:ty) => {
        queries!(@run one, $db, $sql, $params, $t).map(Option::unwrap_or_default)
    };
    (@run all, $db:ident, $sql:expr, $params:ident, $t:ty) => {
        $db.all($sql, $params, <$t as $crate::store::queries::FromRow>::from_row).await
    };
    (@run all, $db:ident, $sql:expr, $params:ident, $t:ty, $map:path) => {
        $db.all($sql, $params, $map).await
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::{Db, drive};
    use crate::store::sqlite::Pool;
    use std::sync::atomic::AtomicU64;

    queries! {
        exec add(a: i64, b: &str) = ("INSERT INTO t (a, b) VALUES ($1, $2)");
        changed drop_over(a: i64) = ("DELETE FROM t WHERE a > $1");
        affects drop_any(a: i64) = ("DELETE FROM t WHERE a > $1");
        value b_of(a: i64) -> String = ("SELECT b FROM t WHERE a = $1");
        value_or_default count_of(a: i64) -> i64 = ("SELECT a FROM t WHERE a = $1");
        one_or_default pair_or_none(a: i64) -> (i64, Option<String>) =
            ("SELECT a, b FROM t WHERE a = $1");
        all pairs(ids: &[i64]) -> (i64, String) = (
            sqlite: "SELECT a, b FROM t WHERE a IN (SELECT value FROM json_each($1)) ORDER BY a",
            postgres: "SELECT a, b FROM t WHERE a = ANY($1) ORDER BY a",
        );
        one named(b: &str) -> Named, by named_row = ("SELECT a, b FROM t WHERE b = $1");
        exec add_pair(p: &Pair) = ("INSERT INTO t (b, a) VALUES ($2, $1)") with (p.a, p.b);
        one pair(a: i64) -> Pair = ("SELECT a, b FROM t WHERE a = $1");
        one pair_twice(a: i64) -> (Pair, Pair, i64) =
            ("SELECT a, b, a, b, a + 1 FROM t WHERE a = $1");
    }

    rows! {
        #[derive(Debug, PartialEq)]
        struct Pair {
            a: i64,
            /// Documented fields read as the others do.
            b: Option<String>,
        }
    }

    #[derive(Debug, PartialEq)]
    struct Named(i64, String);

    fn named_row(r: &dyn Row) -> StoreResult<Named> {
        Ok(Named(r.get(0)?, r.get(1)?))
    }

    #[tokio::test]
    async fn each_kind_binds_in_order_and_reads_its_rows() -> StoreResult<()> {
        let pool = Pool::open("sqlite::memory:").await?;
        let queries = std::sync::Arc::new(AtomicU64::new(0));
        pool.write(&queries, |db| {
            drive(async {
                db.exec(crate::sql!("CREATE TABLE t (a BIGINT, b TEXT)"), &[])
                    .await?;
                for (a, b) in [(1, "one"), (2, "two"), (3, "three")] {
                    add(db, a, b).await?;
                }
                assert_eq!(b_of(db, 2).await?.as_deref(), Some("two"));
                assert_eq!(b_of(db, 9).await?, None);
                assert_eq!((count_of(db, 3).await?, count_of(db, 9).await?), (3, 0));
                assert_eq!(pair_or_none(db, 2).await?, (2, Some("two".into())));
                assert_eq!(pair_or_none(db, 9).await?, (0, None));
                let got = pairs(db, &[3, 1]).await?;
                assert_eq!(got, vec![(1, "one".to_string()), (3, "three".to_string())]);
                assert_eq!(named(db, "two").await?, Some(Named(2, "two".into())));
                let seven = Pair {
                    a: 7,
                    b: Some("seven".into()),
                };
                add_pair(db, &seven).await?;
                assert_eq!(pair(db, 7).await?.as_ref(), Some(&seven));
                let twice = pair_twice(db, 7).await?;
                let seven_again = Pair {
                    a: 7,
                    b: Some("seven".into()),
                };
                assert_eq!(twice, Some((seven, seven_again, 8)));
                assert_eq!(drop_over(db, 1).await?, 3);
                assert!(!drop_any(db, 1).await?);
                assert!(drop_any(db, 0).await?);
                Ok(())
            })
        })
        .await
    }
}
