//! Lead imports: upload a CSV or XLSX file, map its columns, preview rows with their errors
//! and duplicates, then import in the background with progress — all or nothing unless the
//! user keeps the good rows — and download the rejected rows with their reasons.

use std::{
    collections::BTreeMap,
    path::{Path as FsPath, PathBuf},
};

use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    leads::{
        columns::{check_mapping, map_headers, with_overrides, LeadField},
        rules::{DedupeAction, DedupeRules},
    },
    org::Permission,
};
use closer_store::{entity::lead_import, platform::jobs::NewJob, TenantStore};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::leads::import_rows::{check_row, References, SeenInFile, Verdicts, CHECK_CHUNK};
use crate::platform::upload::{file_error, save_import};
use crate::{
    leads::fields::DEDUPE_SETTINGS,
    leads::fields::{duplicate_dto, DuplicateDto},
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson},
    platform::i18n,
    platform::import_file::{count_rows, job, ImportFileError, RowReader},
    platform::jobs::JobDto,
    platform::policy,
    platform::state::{AppState, JobOutcome},
};

pub const IMPORT_JOB: &str = "lead-import";
const PREVIEW_ROWS: usize = 20;

pub use crate::platform::import_file::job::ColumnDto;

#[derive(Serialize, ToSchema)]
pub struct RowErrorDto {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct PreviewRowDto {
    /// 1-based data row (the header is row 0).
    pub row: u64,
    pub values: BTreeMap<String, String>,
    pub errors: Vec<RowErrorDto>,
    pub duplicates: Vec<DuplicateDto>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportDto {
    pub id: String,
    pub file_name: String,
    /// `uploaded`, `queued`, `running`, `done`, `failed`.
    pub status: String,
    pub columns: Vec<ColumnDto>,
    /// Every field a column can fill.
    pub fields: Vec<String>,
    pub rows_total: i64,
    pub preview: Vec<PreviewRowDto>,
    pub job_id: Option<String>,
    pub imported: i64,
    pub rejected: i64,
    pub warnings: i64,
    pub keep_good_rows: bool,
    pub error: Option<String>,
}

fn mapping_of(model: &lead_import::Model) -> Vec<Option<LeadField>> {
    serde_json::from_value::<Vec<Option<String>>>(model.mapping.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|k| k.and_then(|k| LeadField::parse(&k).ok()))
        .collect()
}

fn dto(model: &lead_import::Model, preview: Vec<PreviewRowDto>) -> ImportDto {
    let mapping = mapping_of(model);
    ImportDto {
        id: model.id.to_string(),
        file_name: model.file_name.clone(),
        status: model.status.clone(),
        columns: job::columns(model, |i| {
            mapping
                .get(i)
                .copied()
                .flatten()
                .map(|f| f.key().to_owned())
        }),
        fields: LeadField::ALL.iter().map(|f| f.key().to_owned()).collect(),
        rows_total: model.rows_total,
        preview,
        job_id: model.job_id.map(|j| j.to_string()),
        imported: model.imported,
        rejected: model.rejected,
        warnings: model.warnings,
        keep_good_rows: model.keep_good_rows,
        error: model.error.clone(),
    }
}

async fn preview(
    state: &AppState,
    store: &TenantStore,
    model: &lead_import::Model,
) -> ApiResult<Vec<PreviewRowDto>> {
    let references = References::load(state, store, model.user_id).await?;
    let path = PathBuf::from(&model.file_path);
    let mapping = mapping_of(model);
    let tenant_id = store.tenant_id();
    let rows = tokio::task::spawn_blocking(move || -> Result<Vec<Vec<String>>, ImportFileError> {
        RowReader::open(&path)?.skip(1).take(PREVIEW_ROWS).collect()
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(|e| file_error(&e))?;
    let rules: DedupeRules = store.setting(DEDUPE_SETTINGS).await?;
    let now = closer_store::now();
    let mut seen = SeenInFile::default();
    let mut out = Vec::new();
    for (i, cells) in rows.into_iter().enumerate() {
        let checked = check_row(tenant_id, &references, &mapping, i as u64 + 1, cells, now);
        let mut duplicates = Vec::new();
        let mut errors: Vec<RowErrorDto> = checked
            .errors
            .iter()
            .map(|(f, c)| RowErrorDto {
                field: f.clone(),
                code: c.clone(),
                message: i18n::field_message(c, closer_domain::text::Language::EnUs, None),
            })
            .collect();
        if let Some(lead) = &checked.lead {
            let keys = closer_store::leads::dedupe::lead_keys(lead);
            for reason in seen.check(&keys) {
                errors.push(RowErrorDto {
                    field: String::new(),
                    code: format!("file_{reason}"),
                    message: format!("an earlier row of this file: {reason}"),
                });
            }
            for d in store.duplicates(&keys, None).await? {
                if d.found
                    .reasons
                    .iter()
                    .any(|r| rules.action(r.code(), true) == DedupeAction::Block)
                {
                    errors.push(RowErrorDto {
                        field: String::new(),
                        code: "duplicate_blocked".into(),
                        message: format!("duplicate of {}", d.name),
                    });
                }
                duplicates.push(duplicate_dto(&d));
            }
        }
        out.push(PreviewRowDto {
            row: checked.row,
            values: checked
                .values
                .iter()
                .map(|(k, v)| (k.key().to_owned(), v.clone()))
                .collect(),
            errors,
            duplicates,
        });
    }
    Ok(out)
}

pub(crate) fn file_name(headers: &HeaderMap) -> String {
    let raw = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("upload");
    let decoded: String = form_urlencoded::parse(format!("n={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let name = FsPath::new(&decoded)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("upload")
        .chars()
        .take(200)
        .collect::<String>();
    if name.trim().is_empty() {
        "upload".into()
    } else {
        name
    }
}

#[utoipa::path(post, path = "/leads/imports", tag = "leads",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The CSV or XLSX file itself; `X-File-Name` names it"),
    responses((status = 201, body = ImportDto), (status = 413, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    owned.require(Permission::LeadsImport)?;
    let id = closer_domain::ids::new_id();
    let saved = save_import(&state, caller.actor.tenant_id, "imports", id, body).await?;
    let (path, size, headers_row, rows_total) = (saved.path, saved.size, saved.header, saved.rows);
    let mapping: Vec<Option<String>> = map_headers(&headers_row)
        .into_iter()
        .map(|f| f.map(|f| f.key().to_owned()))
        .collect();
    let now = closer_store::now();
    let model = owned
        .store
        .create_import(lead_import::Model {
            tenant_id: caller.actor.tenant_id,
            id,
            user_id: caller.actor.user_id,
            file_name: file_name(&headers),
            file_path: path.to_string_lossy().into_owned(),
            size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
            status: "uploaded".into(),
            headers: serde_json::json!(headers_row),
            mapping: serde_json::json!(mapping),
            rows_total: i64::try_from(rows_total).unwrap_or(i64::MAX),
            imported: 0,
            rejected: 0,
            warnings: 0,
            keep_good_rows: false,
            job_id: None,
            report_path: None,
            error: None,
            kind: "leads".into(),
            value_mapping: None,
            created_at: now,
            updated_at: now,
            version: 1,
        })
        .await?;
    let rows = preview(&state, &owned.store, &model).await?;
    Ok((StatusCode::CREATED, Json(dto(&model, rows))).into_response())
}

async fn own_import(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> ApiResult<(TenantStore, lead_import::Model)> {
    let owned = policy::owned(caller, state, Permission::LeadsRead).await?;
    owned.require(Permission::LeadsImport)?;
    let model = owned.store.import(path_id(id)?).await?;
    if !owned.sees_work_of(model.user_id) || model.kind != "leads" {
        return Err(ApiError::not_found());
    }
    Ok((owned.store, model))
}

#[utoipa::path(get, path = "/leads/imports/{id}", tag = "leads", params(("id" = String, Path)),
    responses((status = 200, body = ImportDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ImportDto>> {
    let (store, model) = own_import(&state, &caller, &id).await?;
    let rows = if model.status == "uploaded" {
        preview(&state, &store, &model).await?
    } else {
        Vec::new()
    };
    Ok(Json(dto(&model, rows)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingInput {
    /// Column index → field key (empty to skip the column); other columns keep what was recognised.
    pub mapping: Option<BTreeMap<String, String>>,
    /// Import the good rows even when some are rejected (else all or nothing).
    pub keep_good_rows: Option<bool>,
}

async fn remap(
    store: &TenantStore,
    model: &lead_import::Model,
    input: &MappingInput,
) -> ApiResult<lead_import::Model> {
    let Some(overrides) = &input.mapping else {
        return Ok(model.clone());
    };
    let mut pairs = Vec::new();
    for (index, key) in overrides {
        let i: usize = index
            .parse()
            .map_err(|_| ApiError::field(&format!("mapping.{index}"), "not_allowed"))?;
        pairs.push((i, key.clone()));
    }
    let mapping =
        with_overrides(mapping_of(model), &pairs).map_err(|e| ApiError::invalid("mapping", e))?;
    let keys: Vec<Option<String>> = mapping
        .iter()
        .map(|f| f.map(|f| f.key().to_owned()))
        .collect();
    Ok(store
        .update_import(model.id, |m| m.mapping = serde_json::json!(keys))
        .await?)
}

#[utoipa::path(post, path = "/leads/imports/{id}/preview", tag = "leads", params(("id" = String, Path)), request_body = MappingInput,
    responses((status = 200, body = ImportDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn repreview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MappingInput>,
) -> ApiResult<Json<ImportDto>> {
    let (store, model) = own_import(&state, &caller, &id).await?;
    // A failed import (its server stopped, or the file was refused) may be started again:
    // it stored nothing.
    if model.status != "uploaded" && model.status != "failed" {
        return Err(ApiError::conflict("import_started"));
    }
    let model = remap(&store, &model, &input).await?;
    let rows = preview(&state, &store, &model).await?;
    Ok(Json(dto(&model, rows)))
}

#[utoipa::path(post, path = "/leads/imports/{id}/start", tag = "leads", params(("id" = String, Path)), request_body = MappingInput,
    responses((status = 202, body = JobDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MappingInput>,
) -> ApiResult<(StatusCode, Json<JobDto>)> {
    let (store, model) = own_import(&state, &caller, &id).await?;
    // A failed import (its server stopped, or the file was refused) may be started again:
    // it stored nothing.
    if model.status != "uploaded" && model.status != "failed" {
        return Err(ApiError::conflict("import_started"));
    }
    let model = remap(&store, &model, &input).await?;
    check_mapping(&mapping_of(&model)).map_err(|code| ApiError::field("mapping", code))?;
    let job = queue_import(
        &state,
        &store,
        &model,
        IMPORT_JOB,
        input.keep_good_rows.unwrap_or(false),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// Queues an uploaded import's job (a restart after a failure names the run it follows)
/// and marks the import queued.
///
/// # Errors
/// 409 when the import is already queued or running.
pub(crate) async fn queue_import(
    state: &AppState,
    store: &TenantStore,
    model: &lead_import::Model,
    kind: &str,
    keep_good_rows: bool,
) -> ApiResult<JobDto> {
    let job = state
        .store
        .enqueue(NewJob {
            tenant_id: Some(store.tenant_id()),
            kind: kind.into(),
            payload: serde_json::json!({"import_id": model.id, "requested_by": model.user_id.to_string()}),
            run_at: closer_store::now(),
            // One run per start: a restart after a failure names the run it follows.
            dedupe_key: Some(match model.job_id {
                Some(previous) if model.status == "failed" => {
                    format!("import:{}:after:{previous}", model.id)
                }
                _ => format!("import:{}", model.id),
            }),
            max_attempts: 1,
        })
        .await?
        .ok_or_else(|| ApiError::conflict("import_started"))?;
    store
        .update_import(model.id, |m| {
            m.status = "queued".into();
            m.error = None;
            m.job_id = Some(job.id);
            m.keep_good_rows = keep_good_rows;
        })
        .await?;
    state.jobs_wake.notify_one();
    // Checked then stored: two steps a row.
    Ok(crate::platform::jobs::accepted(state, job, model.rows_total.max(1) * 2).await?)
}

/// An import's report of rejected rows, as a CSV download.
///
/// # Errors
/// 404 when the import has no report.
pub(crate) async fn report_download(model: &lead_import::Model) -> ApiResult<Response> {
    let Some(report) = &model.report_path else {
        return Err(ApiError::not_found());
    };
    let bytes = tokio::fs::read(report)
        .await
        .map_err(|_| ApiError::not_found())?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rejected-{}.csv\"", model.id),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A file the command line imports, copied where uploads go: its id, path, header row and
/// number of data rows.
///
/// # Errors
/// Why the file cannot be read.
pub(crate) async fn copy_for_import(
    state: &AppState,
    tenant_id: Uuid,
    source: &FsPath,
) -> Result<(Uuid, PathBuf, Vec<String>, u64), String> {
    let id = closer_domain::ids::new_id();
    let dir = state
        .config
        .files_dir
        .join("imports")
        .join(tenant_id.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("{id}.upload"));
    std::fs::copy(source, &path).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let read = path.clone();
    let (header, rows) =
        tokio::task::spawn_blocking(move || -> Result<(Vec<String>, u64), ImportFileError> {
            let mut reader = RowReader::open(&read)?;
            let header = reader.next().transpose()?.unwrap_or_default();
            Ok((header, count_rows(&read)?))
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{e} ({})", e.code()))?;
    Ok((id, path, header, rows))
}

#[utoipa::path(get, path = "/leads/imports/{id}/rejected", tag = "leads", params(("id" = String, Path)),
    responses((status = 200, description = "CSV of the rejected rows with a reason column", content_type = "text/csv"), (status = 404, body = crate::platform::error::Problem)))]
pub async fn rejected(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, model) = own_import(&state, &caller, &id).await?;
    report_download(&model).await
}

/// The import job: checks every row, then stores the good ones in one transaction.
///
/// # Errors
/// The reason the import stopped.
pub async fn run(state: &AppState, job: &closer_store::entity::job::Model) -> JobOutcome {
    let (store, model) = job::load(state, job).await?;
    let result = import(state, &store, &model, job.id).await;
    job::settle(&store, model.id, result).await
}

async fn import(
    state: &AppState,
    store: &TenantStore,
    model: &lead_import::Model,
    job_id: Uuid,
) -> Result<serde_json::Value, String> {
    let mapping = mapping_of(model);
    let rules: DedupeRules = store
        .setting(DEDUPE_SETTINGS)
        .await
        .map_err(|e| e.to_string())?;
    let total = model.rows_total.max(1);
    // Progress: checking is the first half, storing the second.
    job::checked(state, job_id, 0, total);
    let (mut rx, reader) = job::read_rows(model);
    let started = std::time::Instant::now();
    let references = References::load(state, store, model.user_id)
        .await
        .map_err(|e| format!("the importer may no longer import: {}", e.code))?;
    let now = closer_store::now();
    let mut verdicts = Verdicts {
        rules,
        candidates: closer_store::leads::dedupe::CandidateCache::default(),
        seen: SeenInFile::default(),
        good: Vec::new(),
        bad: Vec::new(),
        warnings: 0,
    };
    let mut chunk = Vec::with_capacity(CHECK_CHUNK);
    let mut row = 0u64;
    loop {
        let next = rx.recv().await;
        let done = next.is_none();
        if let Some(cells) = next {
            let cells = cells.map_err(|e| e.to_string())?;
            row += 1;
            chunk.push(check_row(
                store.tenant_id(),
                &references,
                &mapping,
                row,
                cells,
                now,
            ));
        }
        if chunk.len() == CHECK_CHUNK || (done && !chunk.is_empty()) {
            verdicts
                .judge(store, std::mem::take(&mut chunk))
                .await
                .map_err(|e| e.to_string())?;
            job::checked(state, job_id, row, total);
            let _ = state
                .store
                .job_progress(job_id, i64::try_from(row).unwrap_or(0), total * 2)
                .await;
        }
        if done {
            break;
        }
    }
    let Verdicts {
        good,
        bad,
        warnings,
        ..
    } = verdicts;
    tracing::info!(
        rows = row,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "import checked"
    );
    let _ = reader.await;
    let rejected = bad.len() as i64;
    let report_path = job::write_report(model, bad)?;
    let keep = model.keep_good_rows;
    let imported = if rejected > 0 && !keep {
        0
    } else {
        let actor = model.user_id;
        let checked_rows = i64::try_from(row).unwrap_or(0);
        let progress_state = state.clone();
        let n = store
            .import_leads(actor, good, move |n| {
                progress_state.set_progress(
                    job_id,
                    checked_rows + i64::try_from(n).unwrap_or(0),
                    total * 2,
                );
            })
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(
            rows = n,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "import stored"
        );
        i64::try_from(n).unwrap_or(i64::MAX)
    };
    job::finish(
        state,
        store,
        model,
        job_id,
        job::Finished {
            imported,
            rejected,
            warnings,
            report_path,
        },
    )
    .await?;
    Ok(serde_json::json!({"imported": imported, "rejected": rejected, "warnings": warnings}))
}

/// Imports a file at once, as `closer import leads FILE` does: the columns as recognised,
/// all or nothing unless `keep_good_rows`.
///
/// # Errors
/// Why the file could not be imported.
pub async fn import_now(
    state: &AppState,
    tenant_id: Uuid,
    user_id: Uuid,
    source: &FsPath,
    keep_good_rows: bool,
) -> Result<serde_json::Value, String> {
    let (id, path, headers_row, rows_total) = copy_for_import(state, tenant_id, source).await?;
    let mapping = map_headers(&headers_row);
    check_mapping(&mapping).map_err(|code| format!("the columns cannot make leads: {code}"))?;
    let keys: Vec<Option<String>> = mapping
        .iter()
        .map(|f| f.map(|f| f.key().to_owned()))
        .collect();
    let now = closer_store::now();
    let store = policy::background(state, tenant_id);
    let model = store
        .create_import(lead_import::Model {
            tenant_id,
            id,
            user_id,
            file_name: source
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("import")
                .to_owned(),
            file_path: path.to_string_lossy().into_owned(),
            size_bytes: i64::try_from(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0))
                .unwrap_or(i64::MAX),
            status: "queued".into(),
            headers: serde_json::json!(headers_row),
            mapping: serde_json::json!(keys),
            rows_total: i64::try_from(rows_total).unwrap_or(i64::MAX),
            imported: 0,
            rejected: 0,
            warnings: 0,
            keep_good_rows,
            job_id: None,
            report_path: None,
            error: None,
            kind: "leads".into(),
            value_mapping: None,
            created_at: now,
            updated_at: now,
            version: 1,
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut outcome = import(state, &store, &model, id).await?;
    if let Some(report) = store
        .import(id)
        .await
        .map_err(|e| e.to_string())?
        .report_path
    {
        outcome["rejected_report"] = serde_json::json!(report);
    }
    Ok(outcome)
}
