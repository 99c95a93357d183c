//! Backup and restore: a transaction-consistent copy of the whole database in a portable
//! format (gzip-compressed JSON lines), so a backup taken on SQLite restores into PostgreSQL.
//!
//! Line 1 is a header; every other line is `{"table": …, "row": {…}}`. Sessions and sign-in
//! throttling are left out: they are transient and a restored copy must not carry them.

use std::io::{BufRead, Write};

use futures::StreamExt;
use sea_orm::{
    AccessMode, ActiveModelTrait, EntityTrait, IntoActiveModel, IsolationLevel, PaginatorTrait,
    TransactionTrait,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{entity, Store, StoreError};

const FORMAT: &str = "closer-backup";
const FORMAT_VERSION: u32 = 1;

/// The tables a backup holds, in an order that restores parents before children.
pub const TABLES: &[&str] = &[
    "tenants",
    "departments",
    "roles",
    "users",
    "api_tokens",
    "campaigns",
    "customers",
    "contacts",
    "sales_processes",
    "stages",
    "opportunities",
    "stage_changes",
    "win_rate_changes",
    "leads",
    "dedupe_keys",
    "lead_claims",
    "lead_cooldowns",
    "customer_claims",
    "customer_cooldowns",
    "assignment_rules",
    "activities",
    "settings",
    "saved_views",
    "lead_imports",
    "capture_forms",
    "history",
    "notifications",
    "jobs",
];

/// Tables deliberately left out of backups.
pub const NOT_BACKED_UP: &[&str] = &[
    "sessions",
    "login_attempts",
    "seaql_migrations",
    "write_gate",
];

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
struct LineOut<'a, T> {
    table: &'a str,
    row: T,
}

#[derive(Deserialize)]
struct LineIn {
    table: String,
    row: serde_json::Value,
}

/// How many rows of each table a backup or restore moved.
pub type Counts = Vec<(String, u64)>;

fn io_err(err: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(err.to_string())
}

macro_rules! for_each_table {
    ($table:expr, $action:ident ( $($arg:expr),* )) => {
        match $table {
            "tenants" => $action::<entity::tenant::Entity>($($arg),*).await,
            "departments" => $action::<entity::department::Entity>($($arg),*).await,
            "roles" => $action::<entity::role::Entity>($($arg),*).await,
            "users" => $action::<entity::user::Entity>($($arg),*).await,
            "api_tokens" => $action::<entity::api_token::Entity>($($arg),*).await,
            "campaigns" => $action::<entity::campaign::Entity>($($arg),*).await,
            "customers" => $action::<entity::customer::Entity>($($arg),*).await,
            "contacts" => $action::<entity::contact::Entity>($($arg),*).await,
            "sales_processes" => $action::<entity::sales_process::Entity>($($arg),*).await,
            "stages" => $action::<entity::stage::Entity>($($arg),*).await,
            "opportunities" => $action::<entity::opportunity::Entity>($($arg),*).await,
            "stage_changes" => $action::<entity::stage_change::Entity>($($arg),*).await,
            "win_rate_changes" => $action::<entity::win_rate_change::Entity>($($arg),*).await,
            "leads" => $action::<entity::lead::Entity>($($arg),*).await,
            "dedupe_keys" => $action::<entity::dedupe_key::Entity>($($arg),*).await,
            "lead_claims" => $action::<entity::lead_claim::Entity>($($arg),*).await,
            "lead_cooldowns" => $action::<entity::lead_cooldown::Entity>($($arg),*).await,
            "customer_claims" => $action::<entity::customer_claim::Entity>($($arg),*).await,
            "customer_cooldowns" => $action::<entity::customer_cooldown::Entity>($($arg),*).await,
            "assignment_rules" => $action::<entity::assignment_rule::Entity>($($arg),*).await,
            "activities" => $action::<entity::activity::Entity>($($arg),*).await,
            "settings" => $action::<entity::setting::Entity>($($arg),*).await,
            "saved_views" => $action::<entity::saved_view::Entity>($($arg),*).await,
            "lead_imports" => $action::<entity::lead_import::Entity>($($arg),*).await,
            "capture_forms" => $action::<entity::capture_form::Entity>($($arg),*).await,
            "history" => $action::<entity::history_entry::Entity>($($arg),*).await,
            "notifications" => $action::<entity::notification::Entity>($($arg),*).await,
            "jobs" => $action::<entity::job::Entity>($($arg),*).await,
            other => Err(StoreError::Backup(format!("unknown table {other}"))),
        }
    };
}

impl Store {
    /// Writes every backed-up table to `out`, all read in one snapshot, so writes made
    /// meanwhile by a running server are either wholly in the backup or wholly out of it.
    ///
    /// # Errors
    /// When reading the database or writing the file fails.
    pub async fn backup<W: Write + Send>(&self, out: W) -> Result<Counts, StoreError> {
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
        let header = Header {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            created_at: crate::now(),
        };
        serde_json::to_writer(&mut gz, &header).map_err(io_err)?;
        gz.write_all(b"\n").map_err(io_err)?;
        let txn = self
            .db
            .begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?;
        let mut counts = Vec::new();
        for table in TABLES {
            let n = for_each_table!(*table, dump_table(&txn, table, &mut gz))?;
            counts.push(((*table).to_owned(), n));
        }
        txn.commit().await?;
        gz.finish().map_err(io_err)?.flush().map_err(io_err)?;
        Ok(counts)
    }

    /// Loads a backup into this database, which must hold no tenant yet. All or nothing.
    ///
    /// # Errors
    /// When the file is not a Closer backup, the database is not empty, or a row is refused.
    pub async fn restore<R: std::io::Read + Send>(&self, input: R) -> Result<Counts, StoreError> {
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(input));
        let mut lines = reader.lines();
        let header: Header = match lines.next() {
            Some(line) => serde_json::from_str(&line.map_err(io_err)?).map_err(io_err)?,
            None => return Err(StoreError::Backup("the file is empty".into())),
        };
        if header.format != FORMAT || header.version > FORMAT_VERSION {
            return Err(StoreError::Backup(
                "not a Closer backup of a version this build reads".into(),
            ));
        }
        if entity::tenant::Entity::find().count(&self.db).await? > 0 {
            return Err(StoreError::Backup(
                "the target database already holds tenants; restore needs an empty one".into(),
            ));
        }
        let txn = self.begin_write().await?;
        let mut counts: Counts = Vec::new();
        let mut batch: Vec<serde_json::Value> = Vec::new();
        let mut batch_table = String::new();
        for line in lines {
            let line = line.map_err(io_err)?;
            if line.trim().is_empty() {
                continue;
            }
            let LineIn { table, row } = serde_json::from_str(&line).map_err(io_err)?;
            if table != batch_table || batch.len() >= 500 {
                if !batch.is_empty() {
                    let rows = std::mem::take(&mut batch);
                    for_each_table!(batch_table.as_str(), load_rows(&*txn, rows))?;
                }
                if table != batch_table {
                    counts.push((table.clone(), 0));
                    batch_table = table;
                }
            }
            batch.push(row);
            if let Some(last) = counts.last_mut() {
                last.1 += 1;
            }
        }
        if !batch.is_empty() {
            for_each_table!(batch_table.as_str(), load_rows(&*txn, batch))?;
        }
        txn.commit().await?;
        Ok(counts)
    }
}

async fn dump_table<E>(
    txn: &sea_orm::DatabaseTransaction,
    table: &str,
    out: &mut impl Write,
) -> Result<u64, StoreError>
where
    E: EntityTrait,
    E::Model: Serialize + Sync,
{
    let mut stream = E::find().stream(txn).await?;
    let mut n = 0;
    while let Some(row) = stream.next().await {
        let row = row?;
        serde_json::to_writer(&mut *out, &LineOut { table, row }).map_err(io_err)?;
        out.write_all(b"\n").map_err(io_err)?;
        n += 1;
    }
    Ok(n)
}

async fn load_rows<E>(
    txn: &sea_orm::DatabaseTransaction,
    rows: Vec<serde_json::Value>,
) -> Result<(), StoreError>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let mut models = Vec::with_capacity(rows.len());
    for row in rows {
        let model: E::Model = serde_json::from_value(row).map_err(io_err)?;
        models.push(model.into_active_model().reset_all());
    }
    E::insert_many(models).exec_without_returning(txn).await?;
    Ok(())
}
