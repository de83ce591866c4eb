//! Test databases: every test gets its own, on SQLite and, when
//! `DOGEAR_TEST_POSTGRES_URL` is set, on PostgreSQL in a fresh schema.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use dogear::store::{self, Store};

static NEXT: AtomicU64 = AtomicU64::new(0);

/// Seconds since the epoch when this test process started.
fn started() -> u64 {
    static STARTED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *STARTED.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    })
}

/// A unique name for this process and call.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A database URL for a fresh, empty database of each backend under test.
pub async fn database_urls() -> Vec<String> {
    let mut urls = vec![sqlite_url()];
    if let Ok(base) = std::env::var("DOGEAR_TEST_POSTGRES_URL")
        && !base.is_empty()
    {
        urls.push(postgres_schema_url(&base).await);
    }
    urls
}

/// A file in the temp folder: each connection of the pool must see the same
/// database, which `:memory:` would not give.
fn sqlite_url() -> String {
    let path = std::env::temp_dir().join(format!("{}.db", unique("dogear-test-")));
    format!("sqlite://{}", path.display())
}

/// Schemas left by earlier runs of this suite go once per run, so the test
/// database does not grow without end.
static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

async fn sweep_old_schemas(base: &str) {
    let Ok((client, connection)) = tokio_postgres::connect(base, tokio_postgres::NoTls).await
    else {
        return;
    };
    tokio::spawn(connection);
    // Names carry their creation time; only those over an hour old go, so a
    // suite running beside this one keeps its schemas.
    let hour_ago = started() - 3600;
    let Ok(rows) = client
        .query(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'",
            &[],
        )
        .await
    else {
        return;
    };
    for row in rows {
        let name: String = row.get(0);
        let created = name
            .split('_')
            .nth(1)
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
        if created == 0 || created > hour_ago {
            continue;
        }
        let _ = client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
            .await;
    }
}

async fn postgres_schema_url(base: &str) -> String {
    SWEPT.get_or_init(|| sweep_old_schemas(base)).await;
    let schema = unique(&format!("t_{}_", started()));
    let (client, connection) = tokio_postgres::connect(base, tokio_postgres::NoTls)
        .await
        .expect("DOGEAR_TEST_POSTGRES_URL must name a reachable PostgreSQL");
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create test schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-c%20search_path%3D{schema}")
}

/// One fresh store per backend under test.
pub async fn stores() -> Vec<Arc<Store>> {
    let mut stores = Vec::new();
    for url in database_urls().await {
        stores.push(store::connect(&url).await.expect("open test store"));
    }
    stores
}
