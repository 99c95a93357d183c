//! Backup and restore: a transaction-consistent copy of the whole database in a portable
//! format (gzip-compressed JSON lines), so a backup taken on SQLite restores into PostgreSQL.
//!
//! Line 1 is a header; every other line is `{"table": …, "row": {…}}`, except that each
//! document's row is followed by its bytes, `{"file": "<storage path>", "offset": n, "data":
//! "<base64>"}` in chunks of at most 1 MiB, so a backup carries the files too and row and
//! file always travel together. The last line (from version 3) closes the file:
//! `{"end": "closer-backup", "rows": {table: n, …}, "files": n, "sha256": "<hex>"}`, the
//! SHA-256 of every line before it (newlines included). A restore refuses a file without
//! that line, or whose counts or checksum disagree — a truncated or damaged backup restores
//! nothing. Sessions and sign-in throttling are left out: they are transient and a restored
//! copy must not carry them.

use std::{
    io::{BufRead, Read, Write},
    path::{Path, PathBuf},
};

use base64::Engine as _;
use sha2::Digest as _;

use futures::StreamExt;
use sea_orm::{
    AccessMode, ActiveModelTrait, EntityTrait, IntoActiveModel, IsolationLevel, PaginatorTrait,
    TransactionTrait,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{activities::documents::is_storage_path, entity, entity::document, Store, StoreError};

const FORMAT: &str = "closer-backup";
/// 3: ends with a line of counts and a checksum. 2: documents with their files. Versions 1
/// and 2 (no closing line, so no proof of being whole) still restore.
const FORMAT_VERSION: u32 = 3;
/// The most bytes of a file one line carries.
const FILE_CHUNK: usize = 1024 * 1024;

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
    "opportunity_members",
    "stage_changes",
    "win_rate_changes",
    "products",
    "quotes",
    "quote_lines",
    "leads",
    "dedupe_keys",
    "lead_claims",
    "lead_cooldowns",
    "customer_claims",
    "customer_cooldowns",
    "assignment_rules",
    "activities",
    "documents",
    "settings",
    "saved_views",
    "lead_imports",
    "capture_forms",
    "history",
    "notifications",
    "jobs",
    "sequences",
    "approval_flows",
    "approvals",
    "approval_steps",
    "approval_tasks",
    "approval_trail",
    "delegations",
    "contracts",
    "contract_revisions",
    "contract_lines",
    "orders",
    "order_lines",
    "webhooks",
    "webhook_deliveries",
    "receivables",
    "receivable_changes",
    "invoices",
    "payments",
    "payment_allocations",
    "cash_accounts",
    "contract_changes",
    "refunds",
    "bank_lines",
    "email_outbox",
    "target_plans",
    "target_allocations",
    "user_moves",
    "opportunity_splits",
    "visit_rules",
    "compensation_plans",
    "compensation_runs",
    "compensation_lines",
];

/// Tables deliberately left out of backups.
pub const NOT_BACKED_UP: &[&str] = &[
    "sessions",
    "login_attempts",
    "seaql_migrations",
    "write_gate",
    // Derived from opportunities and their stage changes by triggers, which rebuild them as
    // a restore loads those.
    "forecast_totals",
    "stage_reach",
    "learned_counts",
    // Derived from receivables by triggers as of a day; rebuilt on the first aging of a day.
    "aging_totals",
    "aging_dates",
    // Derived from won deals, contracts and payments by triggers, which rebuild it as a
    // restore loads those.
    "credit_totals",
    // Derived from opportunities by triggers, which rebuild it as a restore loads them.
    "dimension_totals",
    // Derived from deals and their stage changes by triggers, which rebuild it as a restore
    // loads them.
    "dwell_totals",
    // Derived from deals and their stage changes by triggers, which rebuild it as a restore
    // loads them.
    "win_loss_totals",
    // Derived from each tenant's time zone, written as a restore loads the tenants.
    "zone_offsets",
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

#[derive(Serialize)]
struct FileOut<'a> {
    file: &'a str,
    offset: u64,
    data: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LineIn {
    Row {
        table: String,
        row: serde_json::Value,
    },
    File {
        file: String,
        offset: u64,
        data: String,
    },
}

/// The closing line of a backup.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Trailer {
    end: String,
    rows: std::collections::BTreeMap<String, u64>,
    files: u64,
    sha256: String,
}

impl Trailer {
    fn of(summary: &Summary, sha256: String) -> Self {
        Self {
            end: FORMAT.into(),
            // Tables with rows: a restore only learns of a table from its rows.
            rows: summary
                .tables
                .iter()
                .filter(|(_, n)| *n > 0)
                .cloned()
                .collect(),
            files: summary.files,
            sha256,
        }
    }
}

/// Passes writes through while hashing them: the checksum of the lines before the trailer.
struct Hashing<W> {
    inner: W,
    hash: sha2::Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// How many rows of each table a backup or restore moved.
pub type Counts = Vec<(String, u64)>;

/// What a backup or restore moved.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Rows per table, in the file's order.
    pub tables: Counts,
    /// Document files, and their bytes.
    pub files: u64,
    pub file_bytes: u64,
}

impl Summary {
    /// Rows of every table together.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

fn io_err(err: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(err.to_string())
}

/// A file that cannot be read to its end: cut short or corrupted.
fn damaged(err: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(format!(
        "the backup is damaged or cut short ({err}); nothing was restored"
    ))
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
            "opportunity_members" => $action::<entity::opportunity_member::Entity>($($arg),*).await,
            "stage_changes" => $action::<entity::stage_change::Entity>($($arg),*).await,
            "win_rate_changes" => $action::<entity::win_rate_change::Entity>($($arg),*).await,
            "products" => $action::<entity::product::Entity>($($arg),*).await,
            "quotes" => $action::<entity::quote::Entity>($($arg),*).await,
            "quote_lines" => $action::<entity::quote_line::Entity>($($arg),*).await,
            "sequences" => $action::<entity::sequence::Entity>($($arg),*).await,
            "approval_flows" => $action::<entity::approval_flow::Entity>($($arg),*).await,
            "approvals" => $action::<entity::approval::Entity>($($arg),*).await,
            "approval_steps" => $action::<entity::approval_step::Entity>($($arg),*).await,
            "approval_tasks" => $action::<entity::approval_task::Entity>($($arg),*).await,
            "approval_trail" => $action::<entity::approval_trail::Entity>($($arg),*).await,
            "delegations" => $action::<entity::delegation::Entity>($($arg),*).await,
            "contracts" => $action::<entity::contract::Entity>($($arg),*).await,
            "contract_revisions" => $action::<entity::contract_revision::Entity>($($arg),*).await,
            "contract_lines" => $action::<entity::contract_line::Entity>($($arg),*).await,
            "orders" => $action::<entity::order::Entity>($($arg),*).await,
            "order_lines" => $action::<entity::order_line::Entity>($($arg),*).await,
            "webhooks" => $action::<entity::webhook::Entity>($($arg),*).await,
            "webhook_deliveries" => $action::<entity::webhook_delivery::Entity>($($arg),*).await,
            "receivables" => $action::<entity::receivable::Entity>($($arg),*).await,
            "receivable_changes" => $action::<entity::receivable_change::Entity>($($arg),*).await,
            "invoices" => $action::<entity::invoice::Entity>($($arg),*).await,
            "payments" => $action::<entity::payment::Entity>($($arg),*).await,
            "payment_allocations" => $action::<entity::payment_allocation::Entity>($($arg),*).await,
            "cash_accounts" => $action::<entity::cash_account::Entity>($($arg),*).await,
            "contract_changes" => $action::<entity::contract_change::Entity>($($arg),*).await,
            "refunds" => $action::<entity::refund::Entity>($($arg),*).await,
            "bank_lines" => $action::<entity::bank_line::Entity>($($arg),*).await,
            "email_outbox" => $action::<entity::email_outbox::Entity>($($arg),*).await,
            "target_plans" => $action::<entity::target_plan::Entity>($($arg),*).await,
            "target_allocations" => $action::<entity::target_allocation::Entity>($($arg),*).await,
            "user_moves" => $action::<entity::user_move::Entity>($($arg),*).await,
            "opportunity_splits" => $action::<entity::opportunity_split::Entity>($($arg),*).await,
            "visit_rules" => $action::<entity::visit_rule::Entity>($($arg),*).await,
            "compensation_plans" => $action::<entity::compensation_plan::Entity>($($arg),*).await,
            "compensation_runs" => $action::<entity::compensation_run::Entity>($($arg),*).await,
            "compensation_lines" => $action::<entity::compensation_line::Entity>($($arg),*).await,
            "leads" => $action::<entity::lead::Entity>($($arg),*).await,
            "dedupe_keys" => $action::<entity::dedupe_key::Entity>($($arg),*).await,
            "lead_claims" => $action::<entity::lead_claim::Entity>($($arg),*).await,
            "lead_cooldowns" => $action::<entity::lead_cooldown::Entity>($($arg),*).await,
            "customer_claims" => $action::<entity::customer_claim::Entity>($($arg),*).await,
            "customer_cooldowns" => $action::<entity::customer_cooldown::Entity>($($arg),*).await,
            "assignment_rules" => $action::<entity::assignment_rule::Entity>($($arg),*).await,
            "activities" => $action::<entity::activity::Entity>($($arg),*).await,
            "documents" => $action::<entity::document::Entity>($($arg),*).await,
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
    /// meanwhile by a running server are either wholly in the backup or wholly out of it;
    /// each document's bytes come from `files` (the documents' files folder) right after its
    /// row. A document deleted while the backup runs is left out.
    ///
    /// # Errors
    /// When reading the database or a document's file, or writing the backup, fails.
    pub async fn backup<W: Write + Send>(
        &self,
        out: W,
        files: &Path,
    ) -> Result<Summary, StoreError> {
        let mut gz = Hashing {
            inner: flate2::write::GzEncoder::new(out, flate2::Compression::fast()),
            hash: sha2::Sha256::new(),
        };
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
        let mut summary = Summary::default();
        for table in TABLES {
            let n = if *table == "documents" {
                self.dump_documents(&txn, files, &mut gz, &mut summary)
                    .await?
            } else {
                for_each_table!(*table, dump_table(&txn, table, &mut gz))?
            };
            summary.tables.push(((*table).to_owned(), n));
        }
        txn.commit().await?;
        let Hashing {
            inner: mut gz,
            hash,
        } = gz;
        let trailer = Trailer::of(&summary, hex::encode(hash.finalize()));
        serde_json::to_writer(&mut gz, &trailer).map_err(io_err)?;
        gz.write_all(b"\n").map_err(io_err)?;
        gz.finish().map_err(io_err)?.flush().map_err(io_err)?;
        Ok(summary)
    }

    /// Each document's row, then its bytes. A file opened here stays readable to the end
    /// even if the document is deleted meanwhile; a file already gone is fine only when its
    /// row is gone too (deleted after the snapshot began), else the backup fails loudly.
    async fn dump_documents(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        files: &Path,
        out: &mut impl Write,
        summary: &mut Summary,
    ) -> Result<u64, StoreError> {
        let mut stream = document::Entity::find().stream(txn).await?;
        let mut n = 0;
        let mut buf = vec![0u8; FILE_CHUNK];
        while let Some(row) = stream.next().await {
            let row = row?;
            let path = files.join(&row.storage_path);
            let mut file = match std::fs::File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let still_there = document::Entity::find_by_id((row.tenant_id, row.id))
                        .one(&self.db)
                        .await?
                        .is_some();
                    if still_there {
                        return Err(StoreError::Backup(format!(
                            "document {} ({}) has no file at {}",
                            row.id,
                            row.name,
                            path.display()
                        )));
                    }
                    tracing::info!(document = %row.id, "deleted while the backup ran: left out");
                    continue;
                }
                Err(e) => return Err(io_err(format!("cannot read {}: {e}", path.display()))),
            };
            serde_json::to_writer(
                &mut *out,
                &LineOut {
                    table: "documents",
                    row: &row,
                },
            )
            .map_err(io_err)?;
            out.write_all(b"\n").map_err(io_err)?;
            let mut offset: u64 = 0;
            loop {
                let read = read_full(&mut file, &mut buf)
                    .map_err(|e| io_err(format!("cannot read {}: {e}", path.display())))?;
                if read == 0 {
                    break;
                }
                let line = FileOut {
                    file: &row.storage_path,
                    offset,
                    data: base64::engine::general_purpose::STANDARD.encode(&buf[..read]),
                };
                serde_json::to_writer(&mut *out, &line).map_err(io_err)?;
                out.write_all(b"\n").map_err(io_err)?;
                offset += read as u64;
            }
            if i64::try_from(offset).ok() != Some(row.size_bytes) {
                return Err(StoreError::Backup(format!(
                    "document {}'s file at {} holds {offset} bytes, not {}",
                    row.id,
                    path.display(),
                    row.size_bytes
                )));
            }
            summary.files += 1;
            summary.file_bytes += offset;
            n += 1;
        }
        Ok(n)
    }

    /// Loads a backup into this database, which must hold no tenant yet, and the documents'
    /// files into `files` (the documents' files folder). All or nothing: on any error the
    /// database is left empty and the files written are removed.
    ///
    /// # Errors
    /// When the file is not a Closer backup, the database is not empty, a row is refused, or
    /// a document's bytes are missing or do not match its row.
    pub async fn restore<R: std::io::Read + Send>(
        &self,
        input: R,
        files: &Path,
    ) -> Result<Summary, StoreError> {
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(input));
        let mut lines = reader.lines();
        let mut hash = sha2::Sha256::new();
        let header: Header = match lines.next() {
            Some(line) => {
                let line = line.map_err(damaged)?;
                hash.update(line.as_bytes());
                hash.update(b"\n");
                serde_json::from_str(&line).map_err(damaged)?
            }
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
        let mut restored = RestoredFiles::new(files);
        let result = self
            .restore_lines(lines, &mut restored, (header.version >= 3).then_some(hash))
            .await;
        if result.is_err() {
            restored.remove_all();
        }
        result
    }

    /// Loads the lines after the header. `hash` (from version 3) has hashed the header and
    /// hashes each line until the trailer, which must come last and agree with what was read.
    async fn restore_lines<B: BufRead>(
        &self,
        lines: std::io::Lines<B>,
        restored: &mut RestoredFiles,
        mut hash: Option<sha2::Sha256>,
    ) -> Result<Summary, StoreError> {
        let txn = self.begin_write().await?;
        let mut summary = Summary::default();
        let mut batch: Vec<serde_json::Value> = Vec::new();
        let mut batch_table = String::new();
        let mut trailer: Option<Trailer> = None;
        for line in lines {
            let line = line.map_err(damaged)?;
            if trailer.is_some() {
                return Err(StoreError::Backup(
                    "the file goes on after its closing line: it is damaged".into(),
                ));
            }
            if hash.is_some() {
                if let Ok(t) = serde_json::from_str::<Trailer>(&line) {
                    trailer = Some(t);
                    continue;
                }
            }
            if let Some(h) = hash.as_mut() {
                h.update(line.as_bytes());
                h.update(b"\n");
            }
            if line.trim().is_empty() {
                continue;
            }
            let (table, row) = match serde_json::from_str(&line).map_err(damaged)? {
                LineIn::File { file, offset, data } => {
                    restored.write(&file, offset, &data)?;
                    continue;
                }
                LineIn::Row { table, row } => (table, row),
            };
            restored.finish()?;
            if table == "documents" {
                restored.expect(&row)?;
            }
            if table != batch_table || batch.len() >= 500 {
                if !batch.is_empty() {
                    let rows = std::mem::take(&mut batch);
                    for_each_table!(batch_table.as_str(), load_rows(&*txn, rows))?;
                    if batch_table == "tenants" {
                        // Before their deals load: the triggers read the company's calendar.
                        crate::platform::zones::fill_missing(&*txn, None).await?;
                    }
                }
                if table != batch_table {
                    summary.tables.push((table.clone(), 0));
                    batch_table = table;
                }
            }
            batch.push(row);
            if let Some(last) = summary.tables.last_mut() {
                last.1 += 1;
            }
        }
        restored.finish()?;
        if !batch.is_empty() {
            for_each_table!(batch_table.as_str(), load_rows(&*txn, batch))?;
        }
        crate::platform::zones::fill_missing(&*txn, None).await?;
        summary.files = restored.count;
        summary.file_bytes = restored.bytes;
        if let Some(hash) = hash {
            let Some(trailer) = trailer else {
                return Err(StoreError::Backup(
                    "the file ends before its closing line: the backup is incomplete, nothing was restored".into(),
                ));
            };
            let expected = Trailer::of(&summary, hex::encode(hash.finalize()));
            if trailer.end != FORMAT
                || trailer.sha256 != expected.sha256
                || trailer.rows != expected.rows
                || trailer.files != expected.files
            {
                return Err(StoreError::Backup(
                    "the file's checksum or counts do not match its contents: the backup is damaged, nothing was restored".into(),
                ));
            }
        }
        txn.commit().await?;
        Ok(summary)
    }
}

/// The document files a restore writes: each document row announces the file that follows
/// it, which must arrive whole, in order, and match the row's size and SHA-256.
struct RestoredFiles {
    root: PathBuf,
    written: Vec<PathBuf>,
    /// The document row read last: its storage path, size and SHA-256.
    expected: Option<(String, i64, String)>,
    /// The file being written: handle, bytes so far, their hash.
    current: Option<(std::fs::File, u64, sha2::Sha256)>,
    count: u64,
    bytes: u64,
}

impl RestoredFiles {
    fn new(root: &Path) -> Self {
        Self {
            root: root.to_owned(),
            written: Vec::new(),
            expected: None,
            current: None,
            count: 0,
            bytes: 0,
        }
    }

    /// Notes the document row whose bytes come next.
    fn expect(&mut self, row: &serde_json::Value) -> Result<(), StoreError> {
        let path = row["storage_path"].as_str().unwrap_or_default();
        if !is_storage_path(path) {
            return Err(StoreError::Backup(format!(
                "a document's storage path is not one Closer makes: {path:?}"
            )));
        }
        let size = row["size_bytes"].as_i64().unwrap_or(-1);
        let sha = row["sha256"].as_str().unwrap_or_default().to_owned();
        self.expected = Some((path.to_owned(), size, sha));
        Ok(())
    }

    fn write(&mut self, file: &str, offset: u64, data: &str) -> Result<(), StoreError> {
        let Some((path, _, _)) = &self.expected else {
            return Err(StoreError::Backup(format!(
                "file {file:?} does not follow its document"
            )));
        };
        if path != file {
            return Err(StoreError::Backup(format!(
                "file {file:?} does not belong to the document before it ({path})"
            )));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| io_err(format!("file {file}: {e}")))?;
        if self.current.is_none() {
            let target = self.root.join(file);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| io_err(format!("cannot create {}: {e}", dir.display())))?;
            }
            let handle = std::fs::File::create(&target)
                .map_err(|e| io_err(format!("cannot write {}: {e}", target.display())))?;
            self.written.push(target);
            self.current = Some((handle, 0, sha2::Sha256::new()));
        }
        let Some((handle, done, hash)) = &mut self.current else {
            return Err(io_err("no file open"));
        };
        if *done != offset {
            return Err(StoreError::Backup(format!(
                "file {file}: a part is missing before byte {offset}"
            )));
        }
        handle
            .write_all(&bytes)
            .map_err(|e| io_err(format!("cannot write {file}: {e}")))?;
        hash.update(&bytes);
        *done += bytes.len() as u64;
        Ok(())
    }

    /// Closes the file of the document read last, checking it is whole.
    fn finish(&mut self) -> Result<(), StoreError> {
        let Some((path, size, sha)) = self.expected.take() else {
            return Ok(());
        };
        let (handle, done, hash) = self.current.take().ok_or_else(|| {
            StoreError::Backup(format!(
                "the backup holds no bytes for document file {path}"
            ))
        })?;
        let digest = hex::encode(hash.finalize());
        if i64::try_from(done).ok() != Some(size) || digest != sha {
            return Err(StoreError::Backup(format!(
                "document file {path} is damaged in the backup ({done} bytes, SHA-256 {digest})"
            )));
        }
        handle
            .sync_all()
            .map_err(|e| io_err(format!("cannot write {path}: {e}")))?;
        self.count += 1;
        self.bytes += done;
        Ok(())
    }

    fn remove_all(&mut self) {
        self.current = None;
        for path in self.written.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Reads until `buf` is full or the file ends.
fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
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
