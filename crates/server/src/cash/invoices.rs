//! Invoices: `POST/GET /invoices`, `GET /invoices/{id}`, `POST /invoices/{id}/void`.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, money::parse_percent, org::Permission};
use closer_store::{
    cash::invoices::{InvoiceFilter, NewInvoice},
    entity::invoice,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::query_id;
use crate::platform::dto::Decimal;
use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, money_field, ListOf, MoneyDto, MoneyInput, Versioned},
    error::{ApiError, ApiResult, Invalid},
    extract::{limit, path_id, sorted_cursor, ApiJson, ApiQuery, IfMatch},
    policy,
    state::AppState,
    webhooks,
};

const KINDS: [&str; 2] = ["vat_special", "vat_ordinary"];

#[derive(Serialize, ToSchema)]
pub struct InvoiceDto {
    pub id: String,
    pub receivable_id: String,
    pub contract_id: String,
    pub customer_id: String,
    /// `vat_special` or `vat_ordinary`.
    pub kind: String,
    /// Percent, e.g. `"13"`.
    pub tax_rate: String,
    /// With tax.
    pub amount: MoneyDto,
    pub amount_without_tax: MoneyDto,
    pub tax_amount: MoneyDto,
    pub number: String,
    pub issued_on: chrono::NaiveDate,
    /// `issued` or `void`.
    pub status: String,
    pub void_reason: Option<String>,
    pub voided_at: Option<chrono::DateTime<chrono::Utc>>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn dto(i: &invoice::Model) -> InvoiceDto {
    let c = i.currency.as_str();
    InvoiceDto {
        id: i.id.to_string(),
        receivable_id: i.receivable_id.to_string(),
        contract_id: i.contract_id.to_string(),
        customer_id: i.customer_id.to_string(),
        kind: i.kind.clone(),
        tax_rate: closer_domain::money::format_percent(i.tax_rate_bp),
        amount: money_dto(i.amount_minor, c),
        amount_without_tax: money_dto(i.amount_without_tax_minor, c),
        tax_amount: money_dto(i.tax_minor, c),
        number: i.number.clone(),
        issued_on: i.issued_on,
        status: i.status.clone(),
        void_reason: i.void_reason.clone(),
        voided_at: i.voided_at,
        version: i.version,
        created_at: i.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    pub receivable_id: String,
    /// `vat_special` or `vat_ordinary`.
    pub kind: String,
    /// Percent (`"13"`, `"6"`, `"0"`).
    pub tax_rate: Decimal,
    /// With tax.
    pub amount: MoneyInput,
    /// The number printed on the invoice; unique in the tenant.
    pub number: String,
    pub issued_on: Option<chrono::NaiveDate>,
}

#[utoipa::path(post, path = "/invoices", tag = "cash", request_body = InvoiceInput,
    responses((status = 201, body = InvoiceDto), (status = 403, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_invoice(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<InvoiceInput>,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let mut invalid = Invalid::default();
    let receivable = match parse_id(&req.receivable_id) {
        Ok(id) => match owned.store.receivable(id).await {
            Ok(r) if owned.may_change(r.owner_id) => Some(r),
            _ => {
                invalid.push("receivable_id", "unknown_reference");
                None
            }
        },
        Err(_) => {
            invalid.push("receivable_id", "unknown_reference");
            None
        }
    };
    if !KINDS.contains(&req.kind.as_str()) {
        invalid.push("kind", "not_allowed");
    }
    let rate = invalid.check("tax_rate", parse_percent(&req.tax_rate.text()));
    let amount = match money_field("amount", &req.amount, &caller.tenant.currency) {
        Ok(m) if m.minor() <= 0 => {
            invalid.push("amount", "not_positive");
            None
        }
        Ok(m) => Some(m),
        Err(e) => {
            invalid.absorb(e);
            None
        }
    };
    let number = req.number.trim().to_owned();
    if number.is_empty() {
        invalid.push("number", "required");
    } else if number.chars().count() > 60 {
        invalid.push("number", "too_long");
    }
    let (Some(r), Some(rate), Some(amount)) = (receivable, rate, amount) else {
        return Err(invalid
            .finish::<()>(None)
            .err()
            .unwrap_or_else(ApiError::internal));
    };
    if let Some(code) = req
        .issued_on
        .and_then(|d| calendar::past_day_problem(d, &caller.tenant.time_zone))
    {
        invalid.push("issued_on", code);
    }
    invalid.finish(Some(()))?;
    let today = calendar::today(&caller.tenant.time_zone);
    let inv = owned
        .store
        .issue_invoice(
            owned.actor.user_id,
            NewInvoice {
                receivable_id: r.id,
                kind: req.kind,
                tax_rate_bp: rate,
                amount_minor: amount.minor(),
                number,
                issued_on: req.issued_on.unwrap_or(today),
            },
            today,
        )
        .await?;
    webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "invoice.issued",
        serde_json::to_value(dto(&inv)).unwrap_or_default(),
    )
    .await;
    Ok(Versioned(inv.version, dto(&inv), StatusCode::CREATED).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct InvoiceQuery {
    pub customer_id: Option<String>,
    pub contract_id: Option<String>,
    pub receivable_id: Option<String>,
    /// `issued` or `void`.
    pub status: Option<String>,
    /// Part of the invoice number.
    pub q: Option<String>,
    /// `created_at`, `amount` or `issued_on`, `-` first for the reverse; by default as entered,
    /// newest first.
    pub sort: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true`: how many invoices match, instead of a page.
    pub count: Option<bool>,
}

#[utoipa::path(get, path = "/invoices", tag = "cash", params(InvoiceQuery),
    responses((status = 200, body = crate::platform::dto::PageOrCount<InvoiceDto>, description = "A page, or with `count=true` the number of invoices that match"), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_invoices(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<InvoiceQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    if let Some(s) = q.status.as_deref() {
        if !["issued", "void"].contains(&s) {
            return Err(ApiError::field("status", "not_allowed"));
        }
    }
    let filter = InvoiceFilter {
        owners: owned.visible_owners().cloned(),
        customer_id: query_id("customer_id", q.customer_id.as_deref())?,
        contract_id: query_id("contract_id", q.contract_id.as_deref())?,
        receivable_id: query_id("receivable_id", q.receivable_id.as_deref())?,
        status: q.status.clone(),
        q: q.q.clone(),
        sort: match q.sort.as_deref() {
            None => closer_store::platform::page::Sort::default(),
            Some(text) => closer_store::platform::page::Sort::parse(
                text,
                &closer_store::cash::invoices::InvoiceSort::FIELDS,
            )
            .ok_or_else(|| ApiError::field("sort", "not_allowed"))?,
        },
    };
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned.store.count_invoices(&filter).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .invoices(
            &filter,
            sorted_cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(dto).collect(),
        next_cursor: page.cursor_text(),
    })
    .into_response())
}

#[utoipa::path(get, path = "/invoices/{id}", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = InvoiceDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let inv = owned.store.invoice(path_id(&id)?).await?;
    let inv = policy::cash_record(&owned, inv.owner_id, inv)?;
    Ok(Versioned(inv.version, dto(&inv), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoidInput {
    pub reason: String,
}

#[utoipa::path(post, path = "/invoices/{id}/void", tag = "cash", params(("id" = String, Path)), request_body = VoidInput,
    responses((status = 200, body = InvoiceDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn void_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<VoidInput>,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let inv = owned.store.invoice(path_id(&id)?).await?;
    let inv = policy::cash_record(&owned, inv.owner_id, inv)?;
    let reason = super::dto::reason(&req.reason)?;
    let today = calendar::today(&caller.tenant.time_zone);
    let saved = owned
        .store
        .void_invoice(owned.actor.user_id, inv.id, version, reason, today)
        .await?;
    Ok(Versioned(saved.version, dto(&saved), StatusCode::OK).into_response())
}
