//! Bank statements: `POST /payments/imports` takes a CSV or XLSX statement (date, payer,
//! amount, reference) and pays it in by a job — each payer matched to a customer by the
//! key of its name (as duplicate detection reads company names), written off earliest due
//! first, rows seen before skipped and reported; rows without one customer wait in
//! `GET /bank-lines?status=unmatched` for a person (`POST /bank-lines/{id}/match`).

use std::collections::HashMap;

use axum::{
    body::Body,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use chrono::NaiveDate;
use closer_domain::sheet::parse_date;
use closer_domain::{leads::dedupe::company_key, money::Currency};
use closer_store::{cash::bank::BankRow, entity::bank_line, platform::jobs::NewJob};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::payments::{dto as payment_dto, PaymentDto};
use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, ListOf, MoneyDto},
    error::{ApiError, ApiResult},
    extract::{cursor, limit, path_id, ApiJson, ApiQuery},
    import_file::RowReader,
    jobs::{accepted, JobDto},
    policy,
    state::{AppState, JobOutcome},
    upload::{file_error, save_import},
};
use closer_domain::cash::bank_columns::{self, ColumnMapping, Columns, HEADER_SEARCH_ROWS};

/// The job kind that pays in a statement.
pub const IMPORT_JOB: &str = "payment-import";

/// Rows paid in per write.
const BATCH: usize = 2000;

fn parse_amount(text: &str, currency: Currency) -> Option<i64> {
    closer_domain::sheet::parse_amount(text, currency)
        .ok()
        .filter(|m| *m > 0)
}

/// A row refused, and why.
#[derive(Serialize, Clone)]
struct Rejected {
    row: usize,
    field: &'static str,
    code: &'static str,
}

/// The import job itself (`id`, `status`, `progress` — follow it at `GET /jobs/{id}`), with
/// how many rows the file holds.
#[derive(Serialize, ToSchema)]
pub struct BankImportDto {
    #[serde(flatten)]
    pub job: JobDto,
    /// Data rows in the file.
    pub rows_total: u64,
}

#[derive(Serialize, ToSchema)]
pub struct ColumnNames {
    pub date: Option<String>,
    pub payer: Option<String>,
    pub amount: Option<String>,
    pub debit: Option<String>,
    pub reference: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct StatementPreviewDto {
    /// The row (1-based, blank rows not counted) holding the column names; banks put title
    /// lines above it.
    pub header_row: usize,
    /// That row's cells.
    pub columns: Vec<String>,
    /// Data rows below it.
    pub rows_total: u64,
    /// The column recognised for each role, by name (one of `columns`), or null.
    pub mapping: ColumnNames,
    /// The first data rows, as written.
    pub sample: Vec<Vec<String>>,
}

/// The first rows of a saved statement (up to where the header may be, and five more).
async fn top_rows(path: &std::path::Path) -> ApiResult<Vec<Vec<String>>> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let reader = RowReader::open(&path)?;
        reader
            .take(HEADER_SEARCH_ROWS + 5)
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(|e| file_error(&e))
}

/// The header's place and columns, as named by a person or recognised.
fn header_of(rows: &[Vec<String>], mapping: &ColumnMapping) -> ApiResult<(usize, Columns)> {
    if !mapping.is_empty() {
        return bank_columns::mapped(rows, mapping).map_err(|refused| {
            refused.into_iter().fold(
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
                |e, (field, code)| e.with_field(field, code, None),
            )
        });
    }
    let (at, c) = bank_columns::find_header(rows);
    let mut missing = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input");
    for (name, col) in [("date", c.date), ("payer", c.payer), ("amount", c.amount)] {
        if col.is_none() {
            missing = missing.with_field(&format!("file.columns.{name}"), "required", None);
        }
    }
    if missing.fields.is_empty() {
        Ok((at, c))
    } else {
        Err(missing)
    }
}

#[utoipa::path(post, path = "/payments/imports/preview", tag = "cash",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The bank statement, CSV or XLSX, named by `X-File-Name`"),
    responses((status = 200, body = StatementPreviewDto)))]
pub async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> ApiResult<Json<StatementPreviewDto>> {
    policy::cash_writer(&caller, &state).await?;
    let id = closer_domain::ids::new_id();
    let saved = save_import(&state, caller.actor.tenant_id, "bank", id, body).await?;
    let rows = top_rows(&saved.path).await;
    let _ = tokio::fs::remove_file(&saved.path).await;
    let rows = rows?;
    let (at, c) = bank_columns::find_header(&rows);
    let header = rows.get(at).cloned().unwrap_or_default();
    Ok(Json(StatementPreviewDto {
        header_row: at + 1,
        rows_total: saved.rows.saturating_sub(at as u64),
        mapping: ColumnNames {
            date: bank_columns::name(&header, c.date),
            payer: bank_columns::name(&header, c.payer),
            amount: bank_columns::name(&header, c.amount),
            debit: bank_columns::name(&header, c.debit),
            reference: bank_columns::name(&header, c.reference),
        },
        sample: rows.iter().skip(at + 1).take(5).cloned().collect(),
        columns: header.iter().map(|h| h.trim().to_owned()).collect(),
    }))
}

#[utoipa::path(post, path = "/payments/imports", tag = "cash", params(ColumnMapping),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The bank statement, CSV or XLSX, named by `X-File-Name`"),
    responses((status = 202, body = BankImportDto), (status = 403, body = crate::platform::error::Problem), (status = 413, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(mapping): ApiQuery<ColumnMapping>,
    body: Body,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let id = closer_domain::ids::new_id();
    let saved = save_import(&state, caller.actor.tenant_id, "bank", id, body).await?;
    let path = saved.path;
    let found = match top_rows(&path).await {
        Ok(rows) => header_of(&rows, &mapping),
        Err(e) => Err(e),
    };
    let (at, columns) = match found {
        Ok(found) => found,
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(e);
        }
    };
    let rows_total = saved.rows.saturating_sub(at as u64);
    let job = state
        .store
        .enqueue(NewJob {
            tenant_id: Some(caller.actor.tenant_id),
            kind: IMPORT_JOB.into(),
            payload: serde_json::json!({
                "path": path.to_string_lossy(),
                "user_id": owned.actor.user_id.to_string(),
                // Whoever uploaded it follows its progress (GET /jobs/{id}).
                "requested_by": owned.actor.user_id.to_string(),
                "header_row": at,
                "columns": columns,
            }),
            run_at: closer_store::now(),
            dedupe_key: Some(format!("payment-import:{id}")),
            max_attempts: 1,
        })
        .await?
        .ok_or_else(ApiError::internal)?;
    state.jobs_wake.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        Json(BankImportDto {
            job: accepted(&state, job, i64::try_from(rows_total).unwrap_or(i64::MAX)).await?,
            rows_total,
        }),
    )
        .into_response())
}

/// A statement read: rows to pay in, rows refused, and rows of money going out (skipped).
struct Statement {
    rows: Vec<BankRow>,
    rejected: Vec<Rejected>,
    outgoing: u64,
}

/// A money cell that holds nothing: empty, a dash, or zero.
fn is_nothing(cell: &str) -> bool {
    cell.chars()
        .all(|c| matches!(c, '0' | '.' | ',' | '-' | '¥' | '￥' | ' '))
}

/// Reads a statement into rows, refusing what cannot be paid in. The header is where the
/// upload found it (`at`, `columns`); a job queued before uploads said so finds it again.
fn read_statement(
    path: &std::path::Path,
    currency: Currency,
    time_zone: &str,
    found: Option<(usize, Columns)>,
) -> Result<Statement, String> {
    let mut reader = RowReader::open(path).map_err(|e| e.to_string())?.peekable();
    let (at, c) = match found {
        Some(found) => found,
        None => {
            let top: Vec<Vec<String>> = std::iter::from_fn(|| reader.next())
                .take(HEADER_SEARCH_ROWS)
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            let (at, c) = bank_columns::find_header(&top);
            reader = RowReader::open(path).map_err(|e| e.to_string())?.peekable();
            (at, c)
        }
    };
    for _ in 0..=at {
        reader.next().transpose().map_err(|e| e.to_string())?;
    }
    let (Some(dc), Some(pc), Some(ac)) = (c.date, c.payer, c.amount) else {
        return Err("the statement has no date, payer or amount column".into());
    };
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    let mut outgoing = 0;
    for (i, row) in reader.enumerate() {
        let row = row.map_err(|e| e.to_string())?;
        let n = at + i + 2;
        let cell = |k: usize| row.get(k).map_or("", |s| s.trim());
        let Some(date) = parse_date(cell(dc)) else {
            rejected.push(Rejected {
                row: n,
                field: "date",
                code: "invalid_format",
            });
            continue;
        };
        // Money comes in on a day that has come (a typo such as 0026 is no day either).
        if let Some(code) = crate::platform::calendar::past_day_problem(date, time_zone) {
            rejected.push(Rejected {
                row: n,
                field: "date",
                code,
            });
            continue;
        }
        if let Some(cc) = c.currency {
            if !cell(cc).is_empty() && !cell(cc).eq_ignore_ascii_case(currency.code()) {
                rejected.push(Rejected {
                    row: n,
                    field: "currency",
                    code: "not_allowed",
                });
                continue;
            }
        }
        // Money going out: only in the debit column, or a negative amount.
        let money_in = cell(ac);
        if (is_nothing(money_in) && c.debit.is_some_and(|d| !is_nothing(cell(d))))
            || money_in.starts_with('-')
            || money_in.starts_with('(')
        {
            outgoing += 1;
            continue;
        }
        let Some(amount) = parse_amount(money_in, currency) else {
            rejected.push(Rejected {
                row: n,
                field: "amount",
                code: "invalid_format",
            });
            continue;
        };
        let payer: String = cell(pc).chars().take(200).collect();
        if payer.is_empty() {
            rejected.push(Rejected {
                row: n,
                field: "payer",
                code: "required",
            });
            continue;
        }
        let reference: Option<String> = c
            .reference
            .map(|k| cell(k).chars().take(200).collect::<String>())
            .filter(|r| !r.is_empty());
        let key = Sha256::digest(
            format!(
                "{date}|{payer}|{amount}|{}",
                reference.as_deref().unwrap_or("")
            )
            .as_bytes(),
        );
        rows.push(BankRow {
            row_number: i32::try_from(n).unwrap_or(i32::MAX),
            received_on: date,
            payer_name: payer,
            amount_minor: amount,
            currency: currency.code().into(),
            reference,
            line_key: hex::encode(&key[..16]),
            customer_id: None,
        });
    }
    Ok(Statement {
        rows,
        rejected,
        outgoing,
    })
}

/// Pays in an uploaded statement.
///
/// # Errors
/// When the file cannot be read or the database fails.
pub async fn run(state: &AppState, job: &closer_store::entity::job::Model) -> JobOutcome {
    let tenant_id = job.tenant_id.ok_or("a statement needs a tenant")?;
    let path = std::path::PathBuf::from(
        job.payload
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or("no file")?,
    );
    let user: Uuid = job
        .payload
        .get("user_id")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
        .ok_or("no user")?;
    let store = policy::background(state, tenant_id);
    let tenant = state
        .store
        .tenant_by_id(tenant_id)
        .await
        .map_err(|e| e.to_string())?;
    let currency = Currency::parse(&tenant.currency).unwrap_or(Currency::Cny);
    let read = path.clone();
    let time_zone = tenant.time_zone.clone();
    let found = job
        .payload
        .get("header_row")
        .and_then(serde_json::Value::as_u64)
        .zip(
            job.payload
                .get("columns")
                .and_then(|c| serde_json::from_value::<Columns>(c.clone()).ok()),
        )
        .map(|(at, c)| (usize::try_from(at).unwrap_or(0), c));
    let Statement {
        mut rows,
        rejected,
        outgoing,
    } = tokio::task::spawn_blocking(move || read_statement(&read, currency, &time_zone, found))
        .await
        .map_err(|e| e.to_string())??;
    let index: HashMap<String, Vec<Uuid>> = store
        .customer_name_index()
        .await
        .map_err(|e| e.to_string())?;
    for r in &mut rows {
        r.customer_id = company_key(&r.payer_name)
            .and_then(|k| index.get(&k.normalized))
            .filter(|ids| ids.len() == 1)
            .map(|ids| ids[0]);
    }
    let today = calendar::today(&tenant.time_zone);
    let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let (mut paid_in, mut unmatched, mut duplicates) = (0u64, 0u64, Vec::new());
    let mut cache = closer_store::cash::bank::BankCache::default();
    for (i, chunk) in rows.chunks(BATCH).enumerate() {
        let b = store
            .pay_in_bank_rows(user, Some(job.id), chunk, today, &mut cache)
            .await
            .map_err(|e| e.to_string())?;
        paid_in += b.paid_in;
        unmatched += b.unmatched;
        duplicates.extend(b.duplicates);
        let done = i64::try_from((i + 1) * BATCH).unwrap_or(total).min(total);
        state.set_progress(job.id, done, total);
    }
    let _ = tokio::fs::remove_file(&path).await;
    duplicates.sort_unstable();
    Ok(Some(serde_json::json!({
        "rows": rows.len() + rejected.len() + usize::try_from(outgoing).unwrap_or(0),
        // Money going out (debit rows) is not a payment: skipped, counted.
        "outgoing": outgoing,
        "paid_in": paid_in,
        "unmatched": unmatched,
        "duplicates": duplicates.len(),
        "duplicate_rows": duplicates.iter().take(1000).collect::<Vec<_>>(),
        "rejected": rejected.len(),
        "rejected_rows": rejected.iter().take(1000).cloned().collect::<Vec<_>>(),
    })))
}

#[derive(Serialize, ToSchema)]
pub struct BankLineDto {
    pub id: String,
    pub row_number: i32,
    pub received_on: NaiveDate,
    pub payer_name: String,
    pub amount: MoneyDto,
    pub reference: Option<String>,
    /// `paid_in` or `unmatched`.
    pub status: String,
    pub customer_id: Option<String>,
    pub payment_id: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn line_dto(l: &bank_line::Model) -> BankLineDto {
    BankLineDto {
        id: l.id.to_string(),
        row_number: l.row_number,
        received_on: l.received_on,
        payer_name: l.payer_name.clone(),
        amount: money_dto(l.amount_minor, &l.currency),
        reference: l.reference.clone(),
        status: l.status.clone(),
        customer_id: l.customer_id.map(|x| x.to_string()),
        payment_id: l.payment_id.map(|x| x.to_string()),
        created_at: l.created_at,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct BankLineQuery {
    /// `unmatched` or `paid_in`.
    pub status: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/bank-lines", tag = "cash", params(BankLineQuery),
    responses((status = 200, body = ListOf<BankLineDto>), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_bank_lines(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<BankLineQuery>,
) -> ApiResult<Json<ListOf<BankLineDto>>> {
    let owned = policy::cash_writer(&caller, &state).await?;
    if owned.visible_owners().is_some() {
        // Statement rows are the company's: only those who see every customer match them.
        return Err(ApiError::forbidden());
    }
    if let Some(s) = q.status.as_deref() {
        if !["unmatched", "paid_in"].contains(&s) {
            return Err(ApiError::field("status", "not_allowed"));
        }
    }
    let page = owned
        .store
        .bank_lines(
            q.status.as_deref(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(line_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchInput {
    pub customer_id: String,
    pub contract_id: Option<String>,
}

#[utoipa::path(post, path = "/bank-lines/{id}/match", tag = "cash", params(("id" = String, Path)), request_body = MatchInput,
    responses((status = 201, body = PaymentDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn match_line(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<MatchInput>,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    if owned.visible_owners().is_some() {
        return Err(ApiError::forbidden());
    }
    let id = path_id(&id)?;
    let customer = closer_domain::ids::parse_id(&req.customer_id)
        .map_err(|_| ApiError::field("customer_id", "unknown_reference"))?;
    let contract = req
        .contract_id
        .as_deref()
        .map(|c| {
            closer_domain::ids::parse_id(c)
                .map_err(|_| ApiError::field("contract_id", "unknown_reference"))
        })
        .transpose()?;
    let today = calendar::today(&caller.tenant.time_zone);
    let v = owned
        .store
        .match_bank_line(owned.actor.user_id, id, customer, contract, today)
        .await?;
    Ok((StatusCode::CREATED, Json(payment_dto(&v))).into_response())
}
