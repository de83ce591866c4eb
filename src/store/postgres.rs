//! What only PostgreSQL needs: connecting, a deadpool pool, statements cached
//! per connection, transactions, and mapping tokio-postgres's errors.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, RecyclingMethod, Runtime, Timeouts};
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Statement};

use super::db::{Db, Params, Row};
use super::sql::{Dialect, Sql};
use super::{Constraint, StoreError, StoreResult};

const POOL_SIZE: usize = 16;

/// How long a request waits for a connection (or to make one) before it is
/// told the database is unavailable, rather than hanging while it restarts.
const WAIT: Duration = Duration::from_secs(5);

/// No statement may hold a connection longer than this (a URL naming its
/// own `statement_timeout` in `options` keeps that one).
pub const STATEMENT_TIMEOUT_MS: u64 = 60_000;

pub struct Pool {
    pool: deadpool_postgres::Pool,
}

impl Pool {
    /// A pool on the database at `url`, migrated.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let mut config =
            tokio_postgres::Config::from_str(url).map_err(|e| StoreError::Url(e.to_string()))?;
        config.connect_timeout(WAIT);
        // Migrations may take as long as they take; the pool's statements may not.
        let (mut client, connection) = config.connect(NoTls).await?;
        let driver = tokio::spawn(connection);
        super::migrations::run_postgres(&mut client).await?;
        drop(client);
        let _ = driver.await;
        let options = config.get_options().unwrap_or_default().to_string();
        if !options.contains("statement_timeout") {
            config.options(format!("{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}").trim());
        }
        // Fast recycling: a broken connection shows itself on its next query.
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .timeouts(Timeouts {
                wait: Some(WAIT),
                create: Some(WAIT),
                recycle: Some(WAIT),
            })
            .build()
            .map_err(|e| StoreError::Database(e.to_string()))?;
        Ok(Pool { pool })
    }

    pub async fn client(&self) -> StoreResult<deadpool_postgres::Object> {
        self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => StoreError::from(e),
            other => StoreError::Unavailable(format!("pool: {other}")),
        })
    }

    /// `work` in a transaction of its own, committed if it succeeds.
    pub async fn write<T>(
        &self,
        queries: &AtomicU64,
        work: impl AsyncFnOnce(&PgDb<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let out = work(&PgDb {
            conn: Conn::Tx(&tx),
            queries,
        })
        .await?;
        tx.commit().await?;
        Ok(out)
    }
}

/// A pooled connection, or a transaction on one.
pub enum Conn<'a> {
    Plain(&'a deadpool_postgres::Client),
    Tx(&'a deadpool_postgres::Transaction<'a>),
}

/// One connection, with every statement counted and cached.
pub struct PgDb<'a> {
    pub conn: Conn<'a>,
    pub queries: &'a AtomicU64,
}

impl PgDb<'_> {
    async fn statement(&self, sql: Sql) -> StoreResult<Statement> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        Ok(match &self.conn {
            Conn::Plain(c) => c.prepare_cached(sql.postgres).await?,
            Conn::Tx(t) => t.prepare_cached(sql.postgres).await?,
        })
    }
}

fn bind<'p>(params: Params<'p>) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|p| p.for_postgres()).collect()
}

impl Db for PgDb<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn all<T>(
        &self,
        sql: Sql,
        params: Params<'_>,
        map: impl FnMut(&dyn Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let statement = self.statement(sql).await?;
        let params = bind(params);
        let rows = match &self.conn {
            Conn::Plain(c) => c.query(&statement, &params).await?,
            Conn::Tx(t) => t.query(&statement, &params).await?,
        };
        rows.iter().map(|r| r as &dyn Row).map(map).collect()
    }

    async fn exec(&self, sql: Sql, params: Params<'_>) -> StoreResult<u64> {
        let statement = self.statement(sql).await?;
        let params = bind(params);
        Ok(match &self.conn {
            Conn::Plain(c) => c.execute(&statement, &params).await?,
            Conn::Tx(t) => t.execute(&statement, &params).await?,
        })
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            match db.code().code() {
                "23505" => {
                    return StoreError::Conflict(Constraint::from_postgres(
                        db.constraint().unwrap_or(""),
                    ));
                }
                "23503" => return StoreError::MissingReference,
                "53100" => return StoreError::Full(e.to_string()),
                // Shutting down, starting up, out of connections, a statement
                // past its timeout, a connection lost: try again shortly.
                code if code.starts_with("57")
                    || code.starts_with("08")
                    || code.starts_with("53") =>
                {
                    return StoreError::Unavailable(e.to_string());
                }
                _ => {}
            }
        }
        let lost = std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
        if e.is_closed() || lost {
            return StoreError::Unavailable(e.to_string());
        }
        StoreError::Database(e.to_string())
    }
}
