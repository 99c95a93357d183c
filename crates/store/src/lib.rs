//! Closer's store: schema, migrations and queries, one code path on SQLite and PostgreSQL.
//!
//! Requests reach data through a [`TenantStore`], a handle bound to one tenant, so that no
//! query can forget the tenant. The few platform tables looked up before a tenant is known
//! (tenants, sessions, API tokens, login attempts, jobs) are reached through [`Store`].

pub mod activities;
pub mod analytics;
pub mod backup;
pub mod cash;
pub mod contracts;
pub mod customers;
pub mod entity;
pub mod leads;
pub mod migration;
pub mod opportunities;
pub mod org;
pub mod performance;
pub mod platform;
pub mod targets;
pub mod tenants;
#[cfg(feature = "testing")]
pub mod testing;

use std::{sync::Arc, time::Duration};

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use tokio::sync::{Mutex, OwnedMutexGuard};
use uuid::Uuid;

pub use platform::error::StoreError;

/// Which database engine the store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database, shared by every request and job.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// SQLite has one writer: writes queue here instead of spinning on the busy handler.
    write_gate: Arc<Mutex<()>>,
    /// Bumped by every write that can change who a signed-in caller is or what they may do
    /// (sessions, tokens, users, roles), so the server's caller cache knows to reload.
    auth_generation: Arc<std::sync::atomic::AtomicU64>,
}

/// A write transaction. On SQLite it holds the write lock from its first statement.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTxn {
    /// # Errors
    /// When the database refuses the commit.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.txn.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Connects to `sqlite://PATH?mode=rwc` or `postgres://…`.
    ///
    /// # Errors
    /// When the URL is not understood or the database cannot be reached.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Config(
                "the database URL must start with sqlite: or postgres://".into(),
            ));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options
            // Every statement logged (target `sqlx::query`), for looking into a slow path:
            // CLOSER_SQL_LOG=1 CLOSER_LOG=info.
            .sqlx_logging(std::env::var_os("CLOSER_SQL_LOG").is_some())
            .acquire_timeout(Duration::from_secs(10))
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .min_connections(1);
        if backend == Backend::Sqlite {
            options.map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .create_if_missing(true)
                    // Reads share the OS page cache through a memory map; each connection
                    // keeps 32 MiB of pages (the default 2 MiB thrashes at a million leads).
                    .pragma("mmap_size", "1073741824")
                    .pragma("cache_size", "-32768")
                    .pragma("temp_store", "memory")
            });
        }
        let db = Database::connect(options).await?;
        Ok(Self {
            db,
            backend,
            write_gate: Arc::new(Mutex::new(())),
            auth_generation: Arc::default(),
        })
    }

    /// Fills the search box's text index again from the records — on SQLite after a
    /// `VACUUM`, which may renumber the rows it is keyed by (PostgreSQL's needs nothing).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reindex_search(&self) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        migration::m0022_search_index::rebuild(&*txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Brings the schema up to date. Concurrent starts on one database migrate once.
    ///
    /// # Errors
    /// When a migration fails.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            self.db
                .execute_unprepared(
                    "CREATE TABLE IF NOT EXISTS write_gate (id INTEGER PRIMARY KEY)",
                )
                .await?;
        }
        let txn = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            // Another instance starting at the same moment waits here until this one is done.
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(7281946)")
                .await?;
        }
        migration::Migrator::up(&*txn, None).await?;
        txn.commit().await?;
        self.ensure_tenant_defaults().await
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    #[must_use]
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Starts a write transaction.
    ///
    /// # Errors
    /// When the database cannot start one.
    pub async fn begin_write(&self) -> Result<WriteTxn, StoreError> {
        let gate = match self.backend {
            Backend::Sqlite => Some(self.write_gate.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let txn = self.db.begin().await?;
        if self.backend == Backend::Sqlite {
            // Take SQLite's write lock now: a deferred transaction that reads first and
            // writes later fails with SQLITE_BUSY when another process wrote in between.
            txn.execute_unprepared("UPDATE write_gate SET id = id WHERE 0 = 1")
                .await?;
        }
        Ok(WriteTxn { txn, _gate: gate })
    }

    /// A handle on one tenant's data.
    #[must_use]
    pub fn tenant(&self, tenant_id: Uuid) -> TenantStore {
        TenantStore {
            store: self.clone(),
            tenant_id,
        }
    }

    /// Changes whenever sign-in data changes in this process (see the field's comment).
    #[must_use]
    pub fn auth_generation(&self) -> u64 {
        self.auth_generation
            .load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn bump_auth_generation(&self) {
        self.auth_generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    pub(crate) fn db_backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }
}

/// The store as seen by one tenant: every query it makes filters on `tenant_id`.
#[derive(Clone)]
pub struct TenantStore {
    store: Store,
    tenant_id: Uuid,
}

impl TenantStore {
    #[must_use]
    pub fn tenant_id(&self) -> Uuid {
        self.tenant_id
    }

    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.store.db
    }
}

/// The current instant, truncated to microseconds so that it survives both databases unchanged.
#[must_use]
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

/// The record an approval decided, as it stands after the decision.
#[derive(Debug, Clone)]
pub enum ApprovedRecord {
    Contract(entity::contract::Model),
    Refund(entity::refund::Model),
}

impl TenantStore {
    /// Decides an approval of any record type: the decision and what it does to its record
    /// (a contract made active, a refund approved) are one write.
    ///
    /// # Errors
    /// As the record type's decision; `NotFound` for an unknown type.
    pub async fn decide_approval(
        &self,
        actor: Uuid,
        approval_id: Uuid,
        decision: closer_domain::approvals::Decision,
        comment: Option<String>,
        today: chrono::NaiveDate,
    ) -> Result<(ApprovedRecord, platform::approvals::Finished), StoreError> {
        let a = self.approval_record(approval_id).await?;
        match a.record_type.as_str() {
            contracts::records::RECORD_TYPE => {
                let (_, c, f) = self
                    .decide_contract_approval(actor, approval_id, decision, comment, today)
                    .await?;
                Ok((ApprovedRecord::Contract(c), f))
            }
            cash::changes::REFUND => {
                let (_, r, f) = self
                    .decide_refund_approval(actor, approval_id, decision, comment, today)
                    .await?;
                Ok((ApprovedRecord::Refund(r), f))
            }
            _ => Err(StoreError::NotFound),
        }
    }

    /// The submitter recalls an approval of any record type.
    ///
    /// # Errors
    /// As the record type's recall.
    pub async fn recall_approval(
        &self,
        actor: Uuid,
        approval_id: Uuid,
    ) -> Result<ApprovedRecord, StoreError> {
        let a = self.approval_record(approval_id).await?;
        match a.record_type.as_str() {
            contracts::records::RECORD_TYPE => Ok(ApprovedRecord::Contract(
                self.recall_contract_approval(actor, approval_id).await?.1,
            )),
            cash::changes::REFUND => Ok(ApprovedRecord::Refund(
                self.recall_refund_approval(actor, approval_id).await?.1,
            )),
            _ => Err(StoreError::NotFound),
        }
    }
}
