//! Opportunity imports with their history: upload a CSV or XLSX file (Salesforce's export
//! or a Chinese sheet), map its columns and any stage or product values that name nothing,
//! preview rows with their errors, then import in the background with progress — all or
//! nothing unless the user keeps the good rows. Customers are matched by name or created;
//! the created date, stage and close date become the deal's true history. A deal the
//! tenant (or an earlier row) already has — same name and account — is skipped and
//! reported, never failing the run.

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path as FsPath, PathBuf},
};

use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    opportunities::imports::{check_mapping, map_headers, with_overrides, DealField},
    org::Permission,
};
use closer_store::{entity::lead_import, TenantStore};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    leads::imports::{file_name, queue_import, report_download, ColumnDto, RowErrorDto},
    opportunities::import_rows::{
        check_row, values_of, References, SeenDeals, ValueMapping, Verdict,
    },
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson},
    platform::i18n,
    platform::import_file::{ImportFileError, RowReader},
    platform::jobs::JobDto,
    platform::policy,
    platform::state::AppState,
    platform::upload::{file_error, save_import},
};

pub const IMPORT_JOB: &str = "opportunity-import";
pub(crate) const KIND: &str = "opportunities";
const PREVIEW_ROWS: usize = 20;
/// Distinct stage or product values listed for mapping, at most.
const UNMATCHED_LIMIT: usize = 200;

#[derive(Serialize, ToSchema)]
pub struct DealPreviewRowDto {
    /// 1-based data row (the header is row 0).
    pub row: u64,
    pub values: BTreeMap<String, String>,
    pub errors: Vec<RowErrorDto>,
    /// The tenant (or an earlier row) has a deal of this name for this account: skipped.
    pub duplicate: bool,
}

/// A value of the file that names no stage or product, with how many rows carry it.
#[derive(Serialize, ToSchema)]
pub struct UnmatchedValueDto {
    pub value: String,
    pub rows: u64,
    /// A product whose name is close (one contains the other), offered for mapping.
    pub suggestion_id: Option<String>,
    pub suggestion_name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UnmatchedDto {
    pub stages: Vec<UnmatchedValueDto>,
    pub products: Vec<UnmatchedValueDto>,
}

#[derive(Serialize, ToSchema)]
pub struct DealImportDto {
    pub id: String,
    pub file_name: String,
    /// `uploaded`, `queued`, `running`, `done`, `failed`.
    pub status: String,
    pub columns: Vec<ColumnDto>,
    /// Every field a column can fill.
    pub fields: Vec<String>,
    pub rows_total: i64,
    pub preview: Vec<DealPreviewRowDto>,
    /// Stage and product values of the whole file that name nothing yet: map them (the
    /// mapping step), or their rows are rejected.
    pub unmatched: UnmatchedDto,
    pub value_mapping: ValueMapping,
    pub job_id: Option<String>,
    pub imported: i64,
    pub rejected: i64,
    /// Rows skipped as deals the tenant already had (or repeated in the file).
    pub skipped: i64,
    pub keep_good_rows: bool,
    pub error: Option<String>,
}

pub(crate) fn mapping_of(model: &lead_import::Model) -> Vec<Option<DealField>> {
    serde_json::from_value::<Vec<Option<String>>>(model.mapping.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|k| k.and_then(|k| DealField::parse(&k)))
        .collect()
}

pub(crate) fn values_mapping_of(model: &lead_import::Model) -> ValueMapping {
    model
        .value_mapping
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

fn dto(
    model: &lead_import::Model,
    preview: Vec<DealPreviewRowDto>,
    unmatched: UnmatchedDto,
) -> DealImportDto {
    let mapping = mapping_of(model);
    DealImportDto {
        id: model.id.to_string(),
        file_name: model.file_name.clone(),
        status: model.status.clone(),
        columns: crate::platform::import_file::job::columns(model, |i| {
            mapping
                .get(i)
                .copied()
                .flatten()
                .map(|f| f.key().to_owned())
        }),
        fields: DealField::ALL.iter().map(|f| f.key().to_owned()).collect(),
        rows_total: model.rows_total,
        preview,
        unmatched,
        value_mapping: values_mapping_of(model),
        job_id: model.job_id.map(|j| j.to_string()),
        imported: model.imported,
        rejected: model.rejected,
        skipped: model.warnings,
        keep_good_rows: model.keep_good_rows,
        error: model.error.clone(),
    }
}

fn no_unmatched() -> UnmatchedDto {
    UnmatchedDto {
        stages: Vec::new(),
        products: Vec::new(),
    }
}

/// Stage and product values of the whole file, with their row counts.
fn distinct_values(
    path: &FsPath,
    mapping: &[Option<DealField>],
) -> Result<[BTreeMap<String, u64>; 2], ImportFileError> {
    let column = |f: DealField| mapping.iter().position(|m| *m == Some(f));
    let (stage, product) = (column(DealField::Stage), column(DealField::Product));
    let mut out = [BTreeMap::new(), BTreeMap::new()];
    for row in RowReader::open(path)?.skip(1) {
        let row = row?;
        for (slot, col) in [(0, stage), (1, product)] {
            let Some(value) = col.and_then(|c| row.get(c)).map(|v| v.trim()) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            if let Some(n) = out[slot].get_mut(value) {
                *n += 1;
            } else if out[slot].len() < 10_000 {
                out[slot].insert(value.to_owned(), 1);
            }
        }
    }
    Ok(out)
}

async fn unmatched(refs: &References, model: &lead_import::Model) -> ApiResult<UnmatchedDto> {
    let path = PathBuf::from(&model.file_path);
    let mapping = mapping_of(model);
    let [stages, products] = tokio::task::spawn_blocking(move || distinct_values(&path, &mapping))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| file_error(&e))?;
    let values = values_mapping_of(model);
    Ok(UnmatchedDto {
        stages: stages
            .into_iter()
            .filter(|(v, _)| refs.stage(v, &values).is_none())
            .take(UNMATCHED_LIMIT)
            .map(|(value, rows)| UnmatchedValueDto {
                value,
                rows,
                suggestion_id: None,
                suggestion_name: None,
            })
            .collect(),
        products: products
            .into_iter()
            .filter(|(v, _)| refs.product(v, &values).is_none())
            .take(UNMATCHED_LIMIT)
            .map(|(value, rows)| {
                let near = refs.near_product(&value);
                UnmatchedValueDto {
                    suggestion_id: near.map(|p| p.id.to_string()),
                    suggestion_name: near.map(|p| p.name.clone()),
                    value,
                    rows,
                }
            })
            .collect(),
    })
}

async fn preview(
    state: &AppState,
    store: &TenantStore,
    model: &lead_import::Model,
) -> ApiResult<(Vec<DealPreviewRowDto>, UnmatchedDto)> {
    let refs = References::load(state, store.tenant_id(), model.user_id).await?;
    let path = PathBuf::from(&model.file_path);
    let mapping = mapping_of(model);
    let rows = tokio::task::spawn_blocking(move || -> Result<Vec<Vec<String>>, ImportFileError> {
        RowReader::open(&path)?.skip(1).take(PREVIEW_ROWS).collect()
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(|e| file_error(&e))?;
    let values_mapping = values_mapping_of(model);
    let checked: Vec<_> = rows
        .iter()
        .map(|cells| {
            let values = values_of(&mapping, cells);
            let verdict = check_row(&refs, &values_mapping, model.user_id, &values);
            (values, verdict)
        })
        .collect();
    let accounts: Vec<String> = checked
        .iter()
        .filter_map(|(_, v)| match v {
            Verdict::Good(d) => Some(d.account.clone()),
            Verdict::Bad(_) => None,
        })
        .collect();
    let mut seen = existing_deals(&refs, &accounts).await?.1;
    let language = closer_domain::text::Language::EnUs;
    let out = checked
        .into_iter()
        .enumerate()
        .map(|(i, (values, verdict))| {
            let (errors, duplicate) = match verdict {
                Verdict::Good(d) => (
                    Vec::new(),
                    !seen.0.insert(SeenDeals::key(&d.account, &d.name)),
                ),
                Verdict::Bad(errors) => (errors, false),
            };
            DealPreviewRowDto {
                row: i as u64 + 1,
                values: values
                    .into_iter()
                    .map(|(k, v)| (k.key().to_owned(), v))
                    .collect(),
                errors: errors
                    .into_iter()
                    .map(|(field, code)| RowErrorDto {
                        message: i18n::field_message(&code, language, None),
                        field,
                        code,
                    })
                    .collect(),
                duplicate,
            }
        })
        .collect();
    Ok((out, unmatched(&refs, model).await?))
}

/// Customers the file's accounts name (name → id, owner) and the deals they already have.
pub(crate) async fn existing_deals(
    refs: &References,
    accounts: &[String],
) -> ApiResult<(HashMap<String, (Uuid, Option<Uuid>)>, SeenDeals)> {
    let mut names: Vec<String> = accounts.to_vec();
    names.sort();
    names.dedup();
    let customers = refs.owned.store.customers_named(&names).await?;
    let ids: Vec<Uuid> = customers.values().map(|(id, _)| *id).collect();
    let by_id: HashMap<Uuid, &str> = customers
        .iter()
        .map(|(name, (id, _))| (*id, name.as_str()))
        .collect();
    let mut seen = SeenDeals::default();
    for (customer, deal) in refs.owned.store.deal_names(&ids).await? {
        if let Some(account) = by_id.get(&customer) {
            seen.0.insert(SeenDeals::key(account, &deal));
        }
    }
    Ok((customers, seen))
}

#[utoipa::path(post, path = "/opportunities/imports", tag = "opportunities",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The CSV or XLSX file itself; `X-File-Name` names it"),
    responses((status = 201, body = DealImportDto), (status = 413, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    owned.require(Permission::OpportunitiesWrite)?;
    let id = closer_domain::ids::new_id();
    let saved = save_import(&state, caller.actor.tenant_id, "imports", id, body).await?;
    let model = owned
        .store
        .create_import(new_import(
            caller.actor.tenant_id,
            id,
            caller.actor.user_id,
            file_name(&headers),
            &saved.path,
            saved.size,
            &saved.header,
            saved.rows,
        ))
        .await?;
    let (rows, unmatched) = preview(&state, &owned.store, &model).await?;
    Ok((StatusCode::CREATED, Json(dto(&model, rows, unmatched))).into_response())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn new_import(
    tenant_id: Uuid,
    id: Uuid,
    user_id: Uuid,
    file_name: String,
    path: &FsPath,
    size: u64,
    header: &[String],
    rows: u64,
) -> lead_import::Model {
    let mapping: Vec<Option<String>> = map_headers(header)
        .into_iter()
        .map(|f| f.map(|f| f.key().to_owned()))
        .collect();
    let now = closer_store::now();
    lead_import::Model {
        tenant_id,
        id,
        user_id,
        file_name,
        file_path: path.to_string_lossy().into_owned(),
        size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
        status: "uploaded".into(),
        headers: serde_json::json!(header),
        mapping: serde_json::json!(mapping),
        rows_total: i64::try_from(rows).unwrap_or(i64::MAX),
        imported: 0,
        rejected: 0,
        warnings: 0,
        keep_good_rows: false,
        job_id: None,
        report_path: None,
        error: None,
        kind: KIND.into(),
        value_mapping: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

async fn own_import(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> ApiResult<(TenantStore, lead_import::Model)> {
    let owned = policy::owned(caller, state, Permission::OpportunitiesRead).await?;
    owned.require(Permission::OpportunitiesWrite)?;
    let model = owned.store.import(path_id(id)?).await?;
    if !owned.sees_work_of(model.user_id) || model.kind != KIND {
        return Err(ApiError::not_found());
    }
    Ok((owned.store, model))
}

#[utoipa::path(get, path = "/opportunities/imports/{id}", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = DealImportDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<DealImportDto>> {
    let (store, model) = own_import(&state, &caller, &id).await?;
    let (rows, unmatched) = if model.status == "uploaded" {
        preview(&state, &store, &model).await?
    } else {
        (Vec::new(), no_unmatched())
    };
    Ok(Json(dto(&model, rows, unmatched)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DealMappingInput {
    /// Column index → field key (empty to skip the column); other columns keep what was recognised.
    pub mapping: Option<BTreeMap<String, String>>,
    /// Stage and product values of the file → the ids they stand for (the mapping step).
    pub values: Option<ValueMapping>,
    /// Import the good rows even when some are rejected (else all or nothing).
    pub keep_good_rows: Option<bool>,
}

async fn remap(
    store: &TenantStore,
    model: &lead_import::Model,
    input: &DealMappingInput,
) -> ApiResult<lead_import::Model> {
    let mapping = match &input.mapping {
        None => None,
        Some(overrides) => {
            let mut pairs = Vec::new();
            for (index, key) in overrides {
                let i: usize = index
                    .parse()
                    .map_err(|_| ApiError::field(&format!("mapping.{index}"), "not_allowed"))?;
                pairs.push((i, key.clone()));
            }
            let mapping = with_overrides(mapping_of(model), &pairs)
                .map_err(|e| ApiError::invalid("mapping", e))?;
            let keys: Vec<Option<String>> = mapping
                .iter()
                .map(|f| f.map(|f| f.key().to_owned()))
                .collect();
            Some(serde_json::json!(keys))
        }
    };
    if let Some(values) = &input.values {
        check_value_mapping(store, values).await?;
    }
    if mapping.is_none() && input.values.is_none() {
        return Ok(model.clone());
    }
    Ok(store
        .update_import(model.id, |m| {
            if let Some(mapping) = mapping {
                m.mapping = mapping;
            }
            if let Some(values) = &input.values {
                m.value_mapping = Some(serde_json::json!(values));
            }
        })
        .await?)
}

/// Every mapped value must name a stage or product of the tenant.
async fn check_value_mapping(store: &TenantStore, values: &ValueMapping) -> ApiResult<()> {
    let stages: Vec<String> = store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, list)| list.into_iter().map(|s| s.id.to_string()))
        .collect();
    let products: Vec<String> = store
        .products(true)
        .await?
        .into_iter()
        .map(|p| p.id.to_string())
        .collect();
    let mut invalid = crate::platform::error::Invalid::default();
    for (value, id) in &values.stage {
        if !stages.contains(id) {
            invalid.push(&format!("values.stage.{value}"), "unknown_reference");
        }
    }
    for (value, id) in &values.product {
        if !products.contains(id) {
            invalid.push(&format!("values.product.{value}"), "unknown_reference");
        }
    }
    invalid.finish(Some(()))?;
    Ok(())
}

fn startable(model: &lead_import::Model) -> ApiResult<()> {
    // A failed import (its server stopped, or the file was refused) may be started again:
    // it stored nothing.
    if model.status == "uploaded" || model.status == "failed" {
        Ok(())
    } else {
        Err(ApiError::conflict("import_started"))
    }
}

#[utoipa::path(post, path = "/opportunities/imports/{id}/preview", tag = "opportunities", params(("id" = String, Path)), request_body = DealMappingInput,
    responses((status = 200, body = DealImportDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn repreview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DealMappingInput>,
) -> ApiResult<Json<DealImportDto>> {
    let (store, model) = own_import(&state, &caller, &id).await?;
    startable(&model)?;
    let model = remap(&store, &model, &input).await?;
    let (rows, unmatched) = preview(&state, &store, &model).await?;
    Ok(Json(dto(&model, rows, unmatched)))
}

#[utoipa::path(post, path = "/opportunities/imports/{id}/start", tag = "opportunities", params(("id" = String, Path)), request_body = DealMappingInput,
    responses((status = 202, body = JobDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DealMappingInput>,
) -> ApiResult<(StatusCode, Json<JobDto>)> {
    let (store, model) = own_import(&state, &caller, &id).await?;
    startable(&model)?;
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

#[utoipa::path(get, path = "/opportunities/imports/{id}/rejected", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, description = "CSV of the rejected and skipped rows with a reason column", content_type = "text/csv"), (status = 404, body = crate::platform::error::Problem)))]
pub async fn rejected(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, model) = own_import(&state, &caller, &id).await?;
    report_download(&model).await
}
