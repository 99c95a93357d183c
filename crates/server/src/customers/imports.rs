//! Customer and contact imports: a CSV or XLSX file (Salesforce, HubSpot or Chinese column
//! names, as the lead import recognises them) checked field by field as the forms check
//! them, then stored in one transaction by a job with progress — all or nothing unless the
//! good rows are kept, or only checked (`dry_run`). A customer whose name the tenant already
//! has, or a contact a customer already has by that name, is skipped and reported.

use std::{
    collections::{HashMap, HashSet},
    path::{Path as FsPath, PathBuf},
};

use axum::{
    body::Body,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    leads::columns::{map_headers, row_to_fields, LeadField},
    org::Permission,
};
use closer_store::{
    customers::{contacts::blank_contact, records::blank_customer},
    platform::jobs::NewJob,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    leads::{
        fields::{parse_fields, RawLeadFields},
        import_rows::owners_by_name,
    },
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::ApiQuery,
    platform::import_file::{ImportFileError, RowReader},
    platform::jobs::{accepted, JobDto},
    platform::policy,
    platform::state::AppState,
    platform::upload::save_import,
};

pub const IMPORT_JOB: &str = "customer-import";

/// What a file makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Customers,
    Contacts,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Self::Customers => "customers",
            Self::Contacts => "contacts",
        }
    }

    fn parse(key: &str) -> Option<Self> {
        match key {
            "customers" => Some(Self::Customers),
            "contacts" => Some(Self::Contacts),
            _ => None,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportOptions {
    /// Import the good rows even when some are rejected (else all or nothing).
    pub keep_good_rows: Option<bool>,
    /// Only check the file: the job's result lists what would be imported, rejected and
    /// skipped, and nothing is stored.
    pub dry_run: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct RecordColumnDto {
    pub header: String,
    /// The field this column fills (`company_name` is the customer's name or the contact's
    /// account), or null when skipped.
    pub field: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RecordImportDto {
    /// The import job itself (`id`, `status`, `progress`): follow it at `GET /jobs/{id}`; its
    /// result is `{"imported", "rejected", "skipped", "dry_run", "rejected_rows": [{"row",
    /// "reason"}]}`.
    #[serde(flatten)]
    pub job: JobDto,
    pub rows_total: u64,
    pub columns: Vec<RecordColumnDto>,
}

async fn upload(
    state: AppState,
    caller: Caller,
    options: ImportOptions,
    body: Body,
    kind: Kind,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let id = closer_domain::ids::new_id();
    let saved = save_import(&state, caller.actor.tenant_id, "imports", id, body).await?;
    let mapping = map_headers(&saved.header);
    let named = |f: LeadField| mapping.contains(&Some(f));
    let usable = match kind {
        Kind::Customers => named(LeadField::CompanyName),
        Kind::Contacts => {
            named(LeadField::ContactName)
                || named(LeadField::FirstName)
                || named(LeadField::LastName)
        }
    };
    if !usable {
        let _ = tokio::fs::remove_file(&saved.path).await;
        return Err(ApiError::field(
            "file.columns",
            match kind {
                Kind::Customers => "company_name_required",
                Kind::Contacts => "contact_name_required",
            },
        ));
    }
    let job = state
        .store
        .enqueue(NewJob {
            tenant_id: Some(caller.actor.tenant_id),
            kind: IMPORT_JOB.into(),
            payload: serde_json::json!({
                "kind": kind.key(),
                "path": saved.path.to_string_lossy(),
                "user_id": owned.actor.user_id.to_string(),
                "requested_by": owned.actor.user_id.to_string(),
                "keep_good_rows": options.keep_good_rows.unwrap_or(false),
                "dry_run": options.dry_run.unwrap_or(false),
            }),
            run_at: closer_store::now(),
            dedupe_key: Some(format!("record-import:{id}")),
            max_attempts: 1,
        })
        .await?
        .ok_or_else(ApiError::internal)?;
    state.jobs_wake.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        Json(RecordImportDto {
            // Checked then stored: two steps a row.
            job: accepted(
                &state,
                job,
                i64::try_from(saved.rows).unwrap_or(i64::MAX / 2) * 2,
            )
            .await?,
            rows_total: saved.rows,
            columns: saved
                .header
                .iter()
                .zip(mapping.iter())
                .map(|(h, f)| RecordColumnDto {
                    header: h.clone(),
                    field: f.map(|f| f.key().to_owned()),
                })
                .collect(),
        }),
    )
        .into_response())
}

#[utoipa::path(post, path = "/customers/imports", tag = "customers", params(ImportOptions),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The CSV or XLSX file itself"),
    responses((status = 202, body = RecordImportDto), (status = 413, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn import_customers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(options): ApiQuery<ImportOptions>,
    body: Body,
) -> ApiResult<Response> {
    upload(state, caller, options, body, Kind::Customers).await
}

#[utoipa::path(post, path = "/contacts/imports", tag = "customers", params(ImportOptions),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The CSV or XLSX file itself; a company column names each contact's customer"),
    responses((status = 202, body = RecordImportDto), (status = 413, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn import_contacts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(options): ApiQuery<ImportOptions>,
    body: Body,
) -> ApiResult<Response> {
    upload(state, caller, options, body, Kind::Contacts).await
}

/// A data row's number (from 1) and its values by field.
type Row = (u64, std::collections::BTreeMap<LeadField, String>);

/// The rows of a file as field → value.
fn read_rows(path: &FsPath) -> Result<Vec<Row>, ImportFileError> {
    let mut reader = RowReader::open(path)?;
    let header = reader.next().transpose()?.unwrap_or_default();
    let mapping = map_headers(&header);
    let mut out = Vec::new();
    for (i, row) in reader.enumerate() {
        out.push((i as u64 + 1, row_to_fields(&mapping, &row?)));
    }
    Ok(out)
}

/// What an import job did.
#[derive(Default)]
struct Outcome {
    imported: u64,
    rejected: Vec<(u64, String)>,
    skipped: Vec<u64>,
}

/// Checks every row and stores the good ones (unless only checking).
///
/// # Errors
/// Why the import stopped.
pub async fn import_file(
    state: &AppState,
    tenant_id: Uuid,
    user_id: Uuid,
    path: &FsPath,
    kind_key: &str,
    keep_good_rows: bool,
    dry_run: bool,
) -> Result<serde_json::Value, String> {
    let kind = Kind::parse(kind_key).ok_or("unknown import kind")?;
    let caller = crate::platform::session::job_caller(state, tenant_id, user_id)
        .await
        .map_err(|e| format!("the importer may no longer import: {}", e.code))?;
    let owned = policy::owned(&caller, state, Permission::CustomersRead)
        .await
        .map_err(|e| e.code)?;
    owned
        .require(Permission::CustomersWrite)
        .map_err(|e| e.code)?;
    let read = path.to_path_buf();
    let rows = tokio::task::spawn_blocking(move || read_rows(&read))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{e} ({})", e.code()))?;
    let owners = owners_by_name(&owned).await.map_err(|e| e.code)?;
    let store = &owned.store;
    let names: Vec<String> = rows
        .iter()
        .filter_map(|(_, v)| v.get(&LeadField::CompanyName).cloned())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let customers = store
        .customers_named(&names)
        .await
        .map_err(|e| e.to_string())?;
    let now = closer_store::now();
    let mut outcome = Outcome::default();
    match kind {
        Kind::Customers => {
            let mut seen: HashSet<String> = customers.keys().map(|n| n.to_lowercase()).collect();
            let mut good = Vec::new();
            for (n, values) in rows {
                match check(&values, &owners, user_id, kind) {
                    Err(reason) => outcome.rejected.push((n, reason)),
                    Ok((fields, owner)) => {
                        let name = fields.company_name.clone().unwrap_or_default();
                        if !seen.insert(name.to_lowercase()) {
                            outcome.skipped.push(n);
                            continue;
                        }
                        let mut c = blank_customer(tenant_id, name, Some(owner), now);
                        let flat = |v: Option<Option<String>>| v.flatten();
                        c.phone = flat(fields.phone);
                        c.email = flat(fields.email);
                        c.province = flat(fields.province);
                        c.city = flat(fields.city);
                        c.industry = flat(fields.industry);
                        c.website = flat(fields.website);
                        c.credit_code = flat(fields.credit_code);
                        c.address = values.get(&LeadField::Street).cloned();
                        c.source = Some(values.get(&LeadField::Source).map_or_else(
                            || "import".to_owned(),
                            |s| s.to_lowercase().chars().take(60).collect(),
                        ));
                        good.push(c);
                    }
                }
            }
            if !dry_run && (outcome.rejected.is_empty() || keep_good_rows) {
                outcome.imported = store
                    .insert_customers(Some(user_id), good)
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
        Kind::Contacts => {
            let ids: Vec<Uuid> = customers.values().map(|(id, _)| *id).collect();
            let mut seen: HashSet<(Uuid, String)> = store
                .contact_names(&ids)
                .await
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|(c, n)| (c, n.to_lowercase()))
                .collect();
            let mut good = Vec::new();
            for (n, values) in rows {
                let account = values.get(&LeadField::CompanyName);
                let customer = match account {
                    None => None,
                    Some(a) => match customers.get(a) {
                        Some((id, owner)) if owned.sees(*owner) => Some(*id),
                        _ => {
                            outcome
                                .rejected
                                .push((n, "company_name: unknown_reference".into()));
                            continue;
                        }
                    },
                };
                match check(&values, &owners, user_id, kind) {
                    Err(reason) => outcome.rejected.push((n, reason)),
                    Ok((fields, owner)) => {
                        let name = fields.contact_name.clone().flatten().unwrap_or_default();
                        if let Some(c) = customer {
                            if !seen.insert((c, name.to_lowercase())) {
                                outcome.skipped.push(n);
                                continue;
                            }
                        }
                        let mut c = blank_contact(tenant_id, name, Some(owner), now);
                        c.customer_id = customer;
                        c.title = fields.title.flatten();
                        c.phone = fields.phone.flatten();
                        c.email = fields.email.flatten();
                        good.push(c);
                    }
                }
            }
            if !dry_run && (outcome.rejected.is_empty() || keep_good_rows) {
                outcome.imported = store
                    .insert_contacts(Some(user_id), good)
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(serde_json::json!({
        "imported": outcome.imported,
        "rejected": outcome.rejected.len(),
        "skipped": outcome.skipped.len(),
        "dry_run": dry_run,
        "rejected_rows": outcome.rejected.iter().take(1000).map(|(row, reason)| serde_json::json!({"row": row, "reason": reason})).collect::<Vec<_>>(),
        "skipped_rows": outcome.skipped.iter().take(1000).collect::<Vec<_>>(),
    }))
}

/// One row's fields checked as the forms check them, and its owner (the importer when the
/// file names none).
fn check(
    values: &std::collections::BTreeMap<LeadField, String>,
    owners: &HashMap<String, Uuid>,
    importer: Uuid,
    kind: Kind,
) -> Result<(crate::leads::fields::LeadFields, Uuid), String> {
    let get = |f: LeadField| values.get(&f).cloned();
    let mut invalid = Invalid::default();
    let raw = RawLeadFields {
        company_name: match kind {
            Kind::Customers => Some(get(LeadField::CompanyName).unwrap_or_default()),
            Kind::Contacts => None,
        },
        ..RawLeadFields::from_row(get)
    };
    let fields = parse_fields(&mut invalid, &raw);
    let mut errors: Vec<String> = invalid
        .fields()
        .iter()
        .map(|(f, c, _)| format!("{f}: {c}"))
        .collect();
    if kind == Kind::Contacts && fields.contact_name.clone().flatten().is_none() {
        errors.push("contact_name: required".into());
    }
    let owner = match get(LeadField::Owner) {
        None => Some(importer),
        Some(o) => {
            let found = owners.get(&o.trim().to_lowercase()).copied();
            if found.is_none() {
                errors.push("owner: unknown_reference".into());
            }
            found
        }
    };
    match owner {
        Some(owner) if errors.is_empty() => Ok((fields, owner)),
        _ => Err(errors.join("; ")),
    }
}

/// The import job.
///
/// # Errors
/// Why the import stopped.
pub async fn run(
    state: &AppState,
    job: &closer_store::entity::job::Model,
) -> Result<Option<serde_json::Value>, String> {
    let tenant_id = job.tenant_id.ok_or("an import needs a tenant")?;
    let text = |k: &str| {
        job.payload
            .get(k)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let flag = |k: &str| {
        job.payload
            .get(k)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    let user: Uuid = text("user_id")
        .and_then(|s| s.parse().ok())
        .ok_or("no user")?;
    let path = PathBuf::from(text("path").ok_or("no file")?);
    let outcome = import_file(
        state,
        tenant_id,
        user,
        &path,
        &text("kind").unwrap_or_default(),
        flag("keep_good_rows"),
        flag("dry_run"),
    )
    .await;
    let _ = tokio::fs::remove_file(&path).await;
    outcome.map(Some)
}

/// Imports a file at once, as `closer import customers|contacts FILE` does.
///
/// # Errors
/// Why the file could not be imported.
pub async fn import_now(
    state: &AppState,
    tenant_id: Uuid,
    user_id: Uuid,
    kind: &str,
    source: &FsPath,
    keep_good_rows: bool,
) -> Result<serde_json::Value, String> {
    import_file(
        state,
        tenant_id,
        user_id,
        source,
        kind,
        keep_good_rows,
        false,
    )
    .await
}
