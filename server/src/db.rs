//! The database pool: SQLite (WAL) by default, PostgreSQL when the URL says so; migrations run here.

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, TransactionTrait};
use std::time::Duration;

/// Connects and brings the schema up to date. Any failure stops start-up: a server must never
/// serve on a schema it does not know.
pub async fn connect_and_migrate(url: &str, pool_size: u32) -> anyhow::Result<DatabaseConnection> {
    let shown = crate::config::redact_url(url);
    if let Some(path) = sqlite_path(url)
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).with_context(|| {
            format!("could not create the database folder {}", parent.display())
        })?;
    }

    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(match pool_size {
            0 if url.starts_with("sqlite:") => 8,
            0 => 16,
            n => n,
        })
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            // WAL lets readers work while one writer writes; NORMAL is safe under WAL.
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                // 16 MB of page cache per connection instead of 2 MB: the indexes every page
                // reads stay in memory as the database grows.
                .pragma("cache_size", "-16384")
                .foreign_keys(true)
        });
    let db = Database::connect(options)
        .await
        .with_context(|| format!("could not connect to the database at {shown}"))?;
    migrate(&db)
        .await
        .with_context(|| format!("a database migration failed on {shown}"))?;
    Ok(db)
}

/// How many statements this process has sent to the database. `make bench` and the tests read
/// it around a page to see how many queries the page makes (`GET /_test/queries`, mounted with
/// the test clock), so a page whose queries grow with the data is caught.
#[derive(Clone, Default)]
pub struct QueryCount(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl QueryCount {
    /// Counts every statement `db` (and every transaction begun on it) executes from now on.
    pub fn attach(db: &mut DatabaseConnection) -> Self {
        let count = Self::default();
        let counter = count.0.clone();
        db.set_metric_callback(move |info| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // The statement's text only: its values may be personal data or token hashes.
            tracing::trace!(target: "verkstad::sql", sql = %info.statement.sql, "query");
        });
        count
    }

    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Any number for the advisory lock, as long as it is Verkstad's own.
const MIGRATION_LOCK: i64 = 0x5645_524b_5354_4144; // "VERKSTAD"

/// Brings the schema up to date. On PostgreSQL, instances starting together would race to
/// create the same tables, so the migrations run in one transaction that first takes a
/// transaction-scoped advisory lock: the others wait, then find nothing left to do. The lock
/// is released at commit, which also works behind pgbouncer's transaction pooling. SQLite
/// serves one instance only.
async fn migrate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let txn = db.begin().await?;
    // Raw SQL: advisory locks are PostgreSQL functions the query builder does not know.
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [MIGRATION_LOCK.into()],
    ))
    .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// The only way to write: a handle on the pool that can begin a write transaction and do
/// nothing else. A use case that writes holds a `Writer` and no `DatabaseConnection`, so every
/// read it makes while its transaction is open goes through that transaction: a read through
/// the pool there would wait for a connection that the requests queued behind the write lock
/// hold, and the holder would wait for itself.
#[derive(Clone)]
pub struct Writer(DatabaseConnection);

impl Writer {
    pub fn new(db: DatabaseConnection) -> Self {
        Self(db)
    }

    /// Starts a transaction for a use case that writes. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`): a transaction that reads first and writes later would
    /// otherwise fail with "database is locked" when another request wrote in between, however
    /// long it waited. PostgreSQL ignores the option.
    pub async fn begin(&self) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
        self.0
            .begin_with_options(sea_orm::TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
    }
}

/// `ON CONFLICT (key) DO NOTHING`: of two rows written at once with the same key, the first
/// is kept (a double click, a parallel request).
pub(crate) fn kept<C: sea_orm::sea_query::IntoIden>(
    key: impl IntoIterator<Item = C>,
) -> sea_orm::sea_query::OnConflict {
    sea_orm::sea_query::OnConflict::columns(key)
        .do_nothing()
        .to_owned()
}

/// `ON CONFLICT (key) DO UPDATE SET columns`: a row written again (one person's text, a
/// prompt's summary) replaces the values it had.
pub(crate) fn replacing<C: sea_orm::sea_query::IntoIden + Copy>(
    key: impl IntoIterator<Item = C>,
    columns: impl IntoIterator<Item = C>,
) -> sea_orm::sea_query::OnConflict {
    sea_orm::sea_query::OnConflict::columns(key)
        .update_columns(columns)
        .to_owned()
}

/// `true` when the database answers.
pub async fn is_reachable(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// The calendar day (UTC) of a timestamp, as pages show dates.
pub fn date(at: chrono::DateTime<chrono::Utc>) -> app::features::workshop::types::Date {
    use chrono::Datelike as _;
    app::features::workshop::types::Date {
        year: u16::try_from(at.year()).unwrap_or(u16::MAX),
        month: u8::try_from(at.month()).unwrap_or(1),
        day: u8::try_from(at.day()).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            super::sqlite_path("sqlite://data/v.db?mode=rwc"),
            Some("data/v.db")
        );
        assert_eq!(super::sqlite_path("sqlite::memory:"), None);
        assert_eq!(super::sqlite_path("postgres://x/y"), None);
    }
}
