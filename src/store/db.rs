//! What a query needs of a database: the `Db` trait both engines implement,
//! parameters either driver can bind, and rows either driver can read.
//!
//! Queries are `async fn f<D: Db>(db: &D, ...)`. PostgreSQL awaits them; SQLite's
//! futures never wait (rusqlite is synchronous), so `drive` completes them in
//! one poll inside the blocking closure that holds the connection.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::sql::{Dialect, Sql};
use super::{StoreError, StoreResult};

/// A value either driver can bind: integers, text, booleans, bytes, their
/// `Option`s, and `List`s.
pub trait Param: rusqlite::ToSql + tokio_postgres::types::ToSql + Sync {
    fn for_sqlite(&self) -> &dyn rusqlite::ToSql;
    fn for_postgres(&self) -> &(dyn tokio_postgres::types::ToSql + Sync);
}

impl<T: rusqlite::ToSql + tokio_postgres::types::ToSql + Sync> Param for T {
    fn for_sqlite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn for_postgres(&self) -> &(dyn tokio_postgres::types::ToSql + Sync) {
        self
    }
}

pub type Params<'a> = &'a [&'a dyn Param];

/// A list bound as one parameter: a JSON array for SQLite's
/// `IN (SELECT value FROM json_each($1))`, an array for PostgreSQL's `= ANY($1)`.
/// One cached statement whatever the list's length.
#[derive(Debug)]
pub struct List<'a, T>(pub &'a [T]);

impl<T: serde::Serialize> rusqlite::ToSql for List<'_, T> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        let json = serde_json::to_string(self.0)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(rusqlite::types::ToSqlOutput::from(json))
    }
}

impl<T> tokio_postgres::types::ToSql for List<'_, T>
where
    T: tokio_postgres::types::ToSql + std::fmt::Debug,
{
    fn to_sql(
        &self,
        ty: &tokio_postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<tokio_postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        self.0.to_sql(ty, out)
    }

    fn accepts(ty: &tokio_postgres::types::Type) -> bool {
        <&[T] as tokio_postgres::types::ToSql>::accepts(ty)
    }

    tokio_postgres::types::to_sql_checked!();
}

/// One row of a result, whichever driver read it.
pub trait Row {
    fn int(&self, i: usize) -> StoreResult<Option<i64>>;
    fn text(&self, i: usize) -> StoreResult<Option<String>>;
    fn boolean(&self, i: usize) -> StoreResult<Option<bool>>;
    fn bytes(&self, i: usize) -> StoreResult<Option<Vec<u8>>>;
}

impl dyn Row + '_ {
    /// Column `i` as a `T`: `r.get(0)?`.
    pub fn get<T: Column>(&self, i: usize) -> StoreResult<T> {
        T::read(self, i)
    }
}

/// A type a column can be read as.
pub trait Column: Sized {
    fn read(row: &dyn Row, i: usize) -> StoreResult<Self>;
}

fn present<T>(value: Option<T>, i: usize) -> StoreResult<T> {
    value.ok_or_else(|| StoreError::Database(format!("column {i} is NULL")))
}

macro_rules! columns {
    ($($type:ty => $method:ident),* $(,)?) => {$(
        impl Column for $type {
            fn read(row: &dyn Row, i: usize) -> StoreResult<Self> {
                present(row.$method(i)?, i)
            }
        }
        impl Column for Option<$type> {
            fn read(row: &dyn Row, i: usize) -> StoreResult<Self> {
                row.$method(i)
            }
        }
    )*};
}

columns!(i64 => int, String => text, bool => boolean, Vec<u8> => bytes);

/// A connection (or a transaction on one) that runs statements.
#[allow(async_fn_in_trait)]
pub trait Db {
    fn dialect(&self) -> Dialect;

    async fn all<T>(
        &self,
        sql: Sql,
        params: Params<'_>,
        map: impl FnMut(&dyn Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>>;

    /// Rows changed.
    async fn exec(&self, sql: Sql, params: Params<'_>) -> StoreResult<u64>;

    /// The first row, if any.
    async fn one<T>(
        &self,
        sql: Sql,
        params: Params<'_>,
        map: impl FnOnce(&dyn Row) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let mut map = Some(map);
        let mut rows = self
            .all(sql, params, |r| match map.take() {
                Some(map) => map(r).map(Some),
                None => Ok(None),
            })
            .await?;
        Ok(if rows.is_empty() {
            None
        } else {
            rows.swap_remove(0)
        })
    }

    /// Takes row locks (`SELECT ... FOR UPDATE`) on PostgreSQL, whose writers
    /// run side by side under READ COMMITTED. SQLite's writer already holds
    /// the database's one write lock (`BEGIN IMMEDIATE`), so there it runs nothing.
    async fn lock(&self, sql: Sql, params: Params<'_>) -> StoreResult<()> {
        if self.dialect() == Dialect::Postgres {
            self.exec(sql, params).await?;
        }
        Ok(())
    }

    /// The one value of a one-column query, if a row came back.
    async fn value<T: Column>(&self, sql: Sql, params: Params<'_>) -> StoreResult<Option<T>> {
        self.one(sql, params, |r| r.get(0)).await
    }

    /// Runs statements one after another with the same parameters: the steps
    /// of one change, such as a merge moving every row from one id to another.
    async fn exec_each(&self, steps: &[Sql], params: Params<'_>) -> StoreResult<()> {
        for step in steps {
            self.exec(*step, params).await?;
        }
        Ok(())
    }
}

/// Completes a future that never waits, as every SQLite query's is.
pub fn drive<F: Future<Output = StoreResult<T>>, T>(future: F) -> StoreResult<T> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => out,
        Poll::Pending => Err(StoreError::Database(
            "a SQLite query waited, which it never should".into(),
        )),
    }
}

impl Row for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> StoreResult<Option<i64>> {
        Ok(self.get(i)?)
    }
    fn text(&self, i: usize) -> StoreResult<Option<String>> {
        Ok(self.get(i)?)
    }
    fn boolean(&self, i: usize) -> StoreResult<Option<bool>> {
        Ok(self.get(i)?)
    }
    fn bytes(&self, i: usize) -> StoreResult<Option<Vec<u8>>> {
        Ok(self.get(i)?)
    }
}

impl Row for tokio_postgres::Row {
    /// Any integer column: `SELECT 1` is an INT4, `count(*)` an INT8.
    fn int(&self, i: usize) -> StoreResult<Option<i64>> {
        use tokio_postgres::types::Type;
        let column = self
            .columns()
            .get(i)
            .ok_or_else(|| StoreError::Database(format!("no column {i}")))?;
        Ok(match *column.type_() {
            Type::INT2 => self.try_get::<_, Option<i16>>(i)?.map(i64::from),
            Type::INT4 => self.try_get::<_, Option<i32>>(i)?.map(i64::from),
            _ => self.try_get(i)?,
        })
    }
    fn text(&self, i: usize) -> StoreResult<Option<String>> {
        Ok(self.try_get(i)?)
    }
    fn boolean(&self, i: usize) -> StoreResult<Option<bool>> {
        Ok(self.try_get(i)?)
    }
    fn bytes(&self, i: usize) -> StoreResult<Option<Vec<u8>>> {
        Ok(self.try_get(i)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_future_that_waits_is_an_error_not_a_panic() {
        let waits = std::future::pending::<StoreResult<()>>();
        assert!(matches!(drive(waits), Err(StoreError::Database(_))));
        assert_eq!(drive(async { Ok(7) }).ok(), Some(7));
    }

    #[test]
    fn lists_bind_as_json_for_sqlite() -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open_in_memory()?;
        let ids = [3_i64, 1, 2];
        let sum: i64 = conn.query_row(
            "SELECT sum(value) FROM json_each(?1)",
            [List(&ids).for_sqlite()],
            |r| r.get(0),
        )?;
        assert_eq!(sum, 6);
        let words = ["o'neil".to_string(), "\"quoted\"".to_string()];
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM json_each(?1) WHERE value IN ('o''neil', '\"quoted\"')",
            [List(&words).for_sqlite()],
            |r| r.get(0),
        )?;
        assert_eq!(n, 2);
        Ok(())
    }
}
