//! What every import job (leads, opportunities) shares around its own row checks: the file's
//! columns as the wizard shows them, which import a job runs, reading the rows off the file
//! on a blocking thread, the rejected-rows report, the finish step, and a failed or
//! abandoned run kept on the import.

use std::path::PathBuf;

use closer_store::{entity::lead_import, TenantStore};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ImportFileError, RowReader};
use crate::platform::{
    export::write_csv,
    policy,
    state::{AppState, JobOutcome},
};

/// One column of an uploaded file and the field it fills.
#[derive(Serialize, ToSchema)]
pub struct ColumnDto {
    pub index: usize,
    pub header: String,
    /// The field this column fills, or null when skipped.
    pub field: Option<String>,
}

/// The import's columns: its header row, each with the key of the field mapped to it.
#[must_use]
pub fn columns(
    model: &lead_import::Model,
    field_of: impl Fn(usize) -> Option<String>,
) -> Vec<ColumnDto> {
    headers_of(model)
        .into_iter()
        .enumerate()
        .map(|(index, header)| ColumnDto {
            index,
            field: field_of(index),
            header,
        })
        .collect()
}

/// The file's header row, as kept at upload.
#[must_use]
pub fn headers_of(model: &lead_import::Model) -> Vec<String> {
    serde_json::from_value(model.headers.clone()).unwrap_or_default()
}

/// The tenant and the import a job runs.
fn import_of(job: &closer_store::entity::job::Model) -> Result<(Uuid, Uuid), String> {
    let tenant_id = job.tenant_id.ok_or("an import needs a tenant")?;
    let import_id = job
        .payload
        .get("import_id")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
        .ok_or("no import id")?;
    Ok((tenant_id, import_id))
}

/// An import whose server stopped mid-run stored nothing (it writes in one transaction): it
/// is marked failed with the reason and can be started again.
///
/// # Errors
/// When the import cannot be found or saved.
pub async fn abandoned(state: &AppState, job: &closer_store::entity::job::Model) -> JobOutcome {
    let (tenant_id, import_id) = import_of(job)?;
    policy::background(state, tenant_id)
        .update_import(import_id, |m| {
            m.status = "failed".into();
            m.error = Some(closer_store::platform::jobs::ABANDONED.into());
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(None)
}

/// The import a job runs, marked running, with the store of its tenant.
///
/// # Errors
/// When the import cannot be found or saved.
pub async fn load(
    state: &AppState,
    job: &closer_store::entity::job::Model,
) -> Result<(TenantStore, lead_import::Model), String> {
    let (tenant_id, import_id) = import_of(job)?;
    let store = policy::background(state, tenant_id);
    let model = store.import(import_id).await.map_err(|e| e.to_string())?;
    store
        .update_import(model.id, |m| m.status = "running".into())
        .await
        .map_err(|e| e.to_string())?;
    Ok((store, model))
}

/// Ends a run: its outcome is the job's, and a failure is kept on the import.
///
/// # Errors
/// The failure, again, for the job runner to log.
pub async fn settle(
    store: &TenantStore,
    import_id: Uuid,
    result: Result<serde_json::Value, String>,
) -> JobOutcome {
    // The runner keeps the progress the run reached on the job (`platform::jobs::drain`).
    match result {
        Ok(outcome) => Ok(Some(outcome)),
        Err(e) => {
            let _ = store
                .update_import(import_id, |m| {
                    m.status = "failed".into();
                    m.error = Some(e.clone());
                })
                .await;
            Err(e)
        }
    }
}

/// The file's rows after the header, read on a blocking thread as the job asks for them.
pub type Rows = tokio::sync::mpsc::Receiver<Result<Vec<String>, ImportFileError>>;

/// Starts reading the import's rows; the handle ends when the file is read or the receiver
/// is dropped.
#[must_use]
pub fn read_rows(model: &lead_import::Model) -> (Rows, tokio::task::JoinHandle<()>) {
    let (tx, rx) = tokio::sync::mpsc::channel(1024);
    let path = PathBuf::from(&model.file_path);
    let reader = tokio::task::spawn_blocking(move || match RowReader::open(&path) {
        Ok(rows) => {
            for row in rows.skip(1) {
                if tx.blocking_send(row).is_err() {
                    return;
                }
            }
        }
        Err(e) => {
            let _ = tx.blocking_send(Err(e));
        }
    });
    (rx, reader)
}

/// Progress of a job that checks every row (the first half) and then stores (the second).
pub fn checked(state: &AppState, job_id: Uuid, rows: u64, total: i64) {
    state.set_progress(job_id, i64::try_from(rows).unwrap_or(0), total * 2);
}

/// Writes the report of rejected (and skipped) rows beside the file: `row`, `reason`, then
/// the file's own columns, in file order. `None` when there is nothing to report.
///
/// # Errors
/// When the report cannot be written.
pub fn write_report(
    model: &lead_import::Model,
    mut rows: Vec<Vec<String>>,
) -> Result<Option<String>, String> {
    if rows.is_empty() {
        return Ok(None);
    }
    rows.sort_by_key(|r| r.first().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0));
    let path = PathBuf::from(&model.file_path).with_extension("rejected.csv");
    let mut header: Vec<String> = vec!["row".into(), "reason".into()];
    header.extend(headers_of(model));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    write_csv(
        std::io::BufWriter::new(file),
        &header_refs,
        rows.into_iter(),
    )
    .map_err(|e| e.to_string())?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// What a run came to.
pub struct Finished {
    pub imported: i64,
    pub rejected: i64,
    /// Rows kept with a warning (leads) or skipped as already there (opportunities).
    pub warnings: i64,
    pub report_path: Option<String>,
}

/// Keeps a run's figures on the import — failed when rows were rejected and nothing stored
/// (all or nothing) — and shows the job complete.
///
/// # Errors
/// When the import cannot be saved.
pub async fn finish(
    state: &AppState,
    store: &TenantStore,
    model: &lead_import::Model,
    job_id: Uuid,
    done: Finished,
) -> Result<(), String> {
    let status = if done.imported == 0 && done.rejected > 0 {
        "failed"
    } else {
        "done"
    };
    store
        .update_import(model.id, |m| {
            m.status = status.into();
            m.imported = done.imported;
            m.rejected = done.rejected;
            m.warnings = done.warnings;
            m.report_path = done.report_path;
            m.error = (status == "failed")
                .then(|| "rows were rejected: nothing was imported (all or nothing)".into());
        })
        .await
        .map_err(|e| e.to_string())?;
    let total = model.rows_total.max(1) * 2;
    let _ = state.store.job_progress(job_id, total, total).await;
    Ok(())
}
