//! How a `Store` method hands its arguments to a query.
//!
//! Most `Store` methods only run the area's query of the same name. The
//! `store!` macro declares them in one line each:
//!
//! ```text
//! store! {
//!     /// How `viewer` stands to `other`.
//!     lookup relation(viewer: i64, other: i64) -> Relation;
//!     lookup user_by_username(key: &str) -> Option<User> = user_by_key;
//! }
//! ```
//!
//! `read`, `lookup` and `write` name the `read!`, `lookup!` and `write!` runs.
//! SQLite runs reads and writes on another thread, so borrowed arguments are
//! copied first (`Carry`) and lent to the query from the copy (`Lend`).

/// An argument made owned, to travel to the thread that runs the query.
pub trait Carry {
    type Owned: Lend + Send + 'static;
    fn carry(self) -> Self::Owned;
}

/// An owned argument lent to the query as the type the method took.
pub trait Lend {
    type Out<'a>
    where
        Self: 'a;
    fn lend(&self) -> Self::Out<'_>;
}

/// A record a query takes by reference, copied to travel.
pub trait Record: Clone + Send + 'static {}

/// Records copied whole to travel.
macro_rules! records {
    ($($t:ty),* $(,)?) => {$(impl Record for $t {})*};
}
use super::{
    GoalRow, ImportProgress, NewBook, NewComment, NewEdition, NewEmailToken, NewFlag, NewGroup,
    NewImportJob, NewList, NewListBook, NewLogEntry, NewQuote, NewReview, NewToken, NewUser,
    ReaderDetails,
};
records! {
    NewUser, NewReview, NewComment, NewBook, NewEdition, NewImportJob, ImportProgress, NewFlag,
    ReaderDetails, NewLogEntry, GoalRow, NewQuote, NewToken, NewList, NewListBook, NewEmailToken,
    NewGroup,
}

macro_rules! by_value {
    ($($t:ty),*) => {$(
        impl Carry for $t {
            type Owned = $t;
            fn carry(self) -> $t {
                self
            }
        }
        impl Lend for $t {
            type Out<'a> = $t;
            fn lend(&self) -> $t {
                *self
            }
        }
    )*};
}
by_value!(i64, bool, Option<i64>, crate::domain::thread::Thread);

impl Carry for &str {
    type Owned = String;
    fn carry(self) -> String {
        self.to_string()
    }
}

impl Lend for String {
    type Out<'a> = &'a str;
    fn lend(&self) -> &str {
        self
    }
}

impl Carry for Option<&str> {
    type Owned = Option<String>;
    fn carry(self) -> Option<String> {
        self.map(str::to_string)
    }
}

impl Lend for Option<String> {
    type Out<'a> = Option<&'a str>;
    fn lend(&self) -> Option<&str> {
        self.as_deref()
    }
}

impl<T: Clone + Send + 'static> Carry for &[T] {
    type Owned = Vec<T>;
    fn carry(self) -> Vec<T> {
        self.to_vec()
    }
}

impl<T: 'static> Lend for Vec<T> {
    type Out<'a> = &'a [T];
    fn lend(&self) -> &[T] {
        self
    }
}

impl<T: Record> Carry for &T {
    type Owned = T;
    fn carry(self) -> T {
        self.clone()
    }
}

impl<T: Record> Lend for T {
    type Out<'a> = &'a T;
    fn lend(&self) -> &T {
        self
    }
}

/// Declares `Store` methods that run the query of the same name (or the one
/// after `=`) as a `read`, `lookup` or `write`.
macro_rules! store {
    ($(
        $(#[$doc:meta])*
        $how:ident $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $(= $query:ident)?;
    )*) => {
        impl $crate::store::Store {$(
            $(#[$doc])*
            pub async fn $name(&self, $($arg: $ty),*) -> $crate::store::StoreResult<$out> {
                #[allow(unused_imports)] // a method without arguments
                use $crate::store::methods::{Carry as _, Lend as _};
                $(let $arg = $arg.carry();)*
                store!(@run $how, self, |db| store!(@query $name $($query)?)(db, $($arg.lend()),*))
            }
        )*}
    };
    (@query $name:ident) => { $name };
    (@query $name:ident $query:ident) => { $query };
    (@run read, $self:ident, |$db:ident| $body:expr) => { read!($self, |$db| $body) };
    (@run lookup, $self:ident, |$db:ident| $body:expr) => { lookup!($self, |$db| $body) };
    (@run write, $self:ident, |$db:ident| $body:expr) => { write!($self, |$db| $body) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_arguments_travel_as_copies_and_come_back_borrowed() {
        let text = "ann".carry();
        let words: &str = text.lend();
        assert_eq!(words, "ann");
        let ids = [1_i64, 2].as_slice().carry();
        assert_eq!(ids.lend(), &[1, 2]);
        assert_eq!(Some("x").carry().lend(), Some("x"));
        assert_eq!(7_i64.carry().lend(), 7);
    }
}
