//! Payments: `POST /payments` (with `Idempotency-Key`), `GET /payments`,
//! `GET /payments/{id}`, `POST /payments/{id}/reverse`, `POST /payments/{id}/apply`.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, org::Permission, text::optional_text};
use closer_store::cash::payments::{NewPayment, PaymentFilter, PaymentView};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use super::dto::{query_id, reason};
use crate::platform::{
    calendar,
    caller::{Caller, Credential},
    dto::{money_dto, money_field, ListOf, MoneyDto, MoneyInput, Versioned},
    error::{ApiError, ApiResult, Invalid},
    extract::{limit, parse_json, path_id, sorted_cursor, ApiQuery, IfMatch},
    policy::{self, Owned},
    state::AppState,
    webhooks,
};

#[derive(Serialize, ToSchema)]
pub struct AllocationDto {
    pub receivable_id: String,
    pub amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentDto {
    pub id: String,
    pub customer_id: String,
    pub contract_id: Option<String>,
    pub amount: MoneyDto,
    pub received_on: chrono::NaiveDate,
    pub reference: Option<String>,
    pub payer_name: Option<String>,
    /// `manual`, `api` or `bank`.
    pub source: String,
    /// `posted` or `reversed`.
    pub status: String,
    /// Net written off per receivable.
    pub allocations: Vec<AllocationDto>,
    /// Leftovers within the tenant's tolerance closed by a write-off.
    pub written_off: Vec<AllocationDto>,
    /// Not written off: the customer's credit, usable later.
    pub unapplied: MoneyDto,
    /// Held for, or paid in, refunds.
    pub refunded: MoneyDto,
    pub reversed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub reversal_reason: Option<String>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

pub(crate) fn dto(v: &PaymentView) -> PaymentDto {
    let p = &v.payment;
    let c = p.currency.as_str();
    let alloc = |list: &[(uuid::Uuid, i64)]| {
        list.iter()
            .map(|(r, a)| AllocationDto {
                receivable_id: r.to_string(),
                amount: money_dto(*a, c),
            })
            .collect()
    };
    PaymentDto {
        id: p.id.to_string(),
        customer_id: p.customer_id.to_string(),
        contract_id: p.contract_id.map(|x| x.to_string()),
        amount: money_dto(p.amount_minor, c),
        received_on: p.received_on,
        reference: p.reference.clone(),
        payer_name: p.payer_name.clone(),
        source: p.source.clone(),
        status: p.status.clone(),
        allocations: alloc(&v.allocations),
        written_off: alloc(&v.written_off),
        unapplied: money_dto(p.unapplied_minor, c),
        refunded: money_dto(p.refunded_minor, c),
        reversed_at: p.reversed_at,
        reversal_reason: p.reversal_reason.clone(),
        version: p.version,
        created_at: p.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocationInput {
    pub receivable_id: String,
    pub amount: MoneyInput,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    pub customer_id: String,
    pub amount: MoneyInput,
    pub received_on: chrono::NaiveDate,
    /// Write off against this contract's receivables only.
    pub contract_id: Option<String>,
    pub reference: Option<String>,
    pub payer_name: Option<String>,
    /// The receivables to write off, with amounts; without: earliest due first.
    pub allocations: Option<Vec<AllocationInput>>,
}

/// Named allocations checked for shape: ids and amounts in the tenant's currency.
fn named(
    list: Option<&[AllocationInput]>,
    currency: &str,
    invalid: &mut Invalid,
) -> Option<Vec<(uuid::Uuid, i64)>> {
    let list = list?;
    if list.len() > 500 {
        invalid.push("allocations", "too_many");
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        let id = parse_id(&a.receivable_id).ok();
        if id.is_none() {
            invalid.push(
                &format!("allocations[{i}].receivable_id"),
                "unknown_reference",
            );
        }
        let amount = match money_field(&format!("allocations[{i}].amount"), &a.amount, currency) {
            Ok(m) => Some(m.minor()),
            Err(e) => {
                invalid.absorb(e);
                None
            }
        };
        if let (Some(id), Some(amount)) = (id, amount) {
            out.push((id, amount));
        }
    }
    Some(out)
}

async fn visible_customer(owned: &Owned, text: &str, invalid: &mut Invalid) -> Option<uuid::Uuid> {
    let found = match parse_id(text) {
        Ok(id) => owned.store.customer(id).await.ok(),
        Err(_) => None,
    };
    match found {
        Some(c) if owned.may_change(c.owner_id) => Some(c.id),
        _ => {
            invalid.push("customer_id", "unknown_reference");
            None
        }
    }
}

#[utoipa::path(post, path = "/payments", tag = "cash", request_body = PaymentInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key and body answers the first payment (200, `Idempotent-Replayed: true`)")),
    responses((status = 201, body = PaymentDto), (status = 200, body = PaymentDto), (status = 403, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_payment(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let req: PaymentInput = parse_json(&body)?;
    let key = match headers.get("idempotency-key") {
        Some(v) => {
            let k = v.to_str().map(str::trim).unwrap_or_default();
            if k.is_empty() || k.len() > 200 {
                return Err(ApiError::field("Idempotency-Key", "invalid_format"));
            }
            Some(k.to_owned())
        }
        None => None,
    };
    let currency = caller.tenant.currency.clone();
    let mut invalid = Invalid::default();
    let customer = visible_customer(&owned, &req.customer_id, &mut invalid).await;
    let contract_id = match req.contract_id.as_deref() {
        Some(c) => match parse_id(c) {
            Ok(id) => match owned.store.contract(id).await {
                Ok(c) if owned.may_change(c.owner_id) => Some(c.id),
                _ => {
                    invalid.push("contract_id", "unknown_reference");
                    None
                }
            },
            Err(_) => {
                invalid.push("contract_id", "unknown_reference");
                None
            }
        },
        None => None,
    };
    let amount = match money_field("amount", &req.amount, &currency) {
        Ok(m) if m.minor() <= 0 => {
            invalid.push("amount", "not_positive");
            None
        }
        Ok(m) => Some(m.minor()),
        Err(e) => {
            invalid.absorb(e);
            None
        }
    };
    let allocations = named(req.allocations.as_deref(), &currency, &mut invalid);
    let today = calendar::today(&caller.tenant.time_zone);
    // Money is received on a day that has come, in the company's time zone.
    if let Some(code) = calendar::past_day_problem(req.received_on, &caller.tenant.time_zone) {
        invalid.push("received_on", code);
    }
    let reference = invalid
        .check("reference", optional_text(req.reference.as_deref(), 200))
        .flatten();
    let payer_name = invalid
        .check("payer_name", optional_text(req.payer_name.as_deref(), 200))
        .flatten();
    invalid.finish(Some(()))?;
    let (Some(customer_id), Some(amount_minor)) = (customer, amount) else {
        return Err(ApiError::internal());
    };
    let (view, replayed) = owned
        .store
        .post_payment(
            Some(owned.actor.user_id),
            NewPayment {
                customer_id,
                contract_id,
                amount_minor,
                currency,
                received_on: req.received_on,
                reference,
                payer_name,
                source: if matches!(caller.credential, Credential::ApiToken { .. }) {
                    "api"
                } else {
                    "manual"
                }
                .into(),
                request_hash: key.as_ref().map(|_| hex::encode(Sha256::digest(&body))),
                idempotency_key: key,
                bank_line_key: None,
                allocations,
            },
            today,
        )
        .await?;
    let status = if replayed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let mut res = Versioned(view.payment.version, dto(&view), status).into_response();
    if replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PaymentQuery {
    pub customer_id: Option<String>,
    pub contract_id: Option<String>,
    /// `posted` or `reversed`.
    pub status: Option<String>,
    /// Part of the reference, of the payer's name (as the bank statement wrote it) or of
    /// the customer's name.
    pub q: Option<String>,
    /// `created_at`, `amount` or `received_on`, `-` first for the reverse; by default as entered,
    /// newest first.
    pub sort: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true`: how many payments match, instead of a page.
    pub count: Option<bool>,
}

#[utoipa::path(get, path = "/payments", tag = "cash", params(PaymentQuery),
    responses((status = 200, body = crate::platform::dto::PageOrCount<PaymentDto>, description = "A page, or with `count=true` the number of payments that match"), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_payments(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PaymentQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    if let Some(s) = q.status.as_deref() {
        if !["posted", "reversed"].contains(&s) {
            return Err(ApiError::field("status", "not_allowed"));
        }
    }
    let filter = PaymentFilter {
        owners: owned.visible_owners().cloned(),
        customer_id: query_id("customer_id", q.customer_id.as_deref())?,
        contract_id: query_id("contract_id", q.contract_id.as_deref())?,
        status: q.status.clone(),
        q: q.q.clone(),
        sort: match q.sort.as_deref() {
            None => closer_store::platform::page::Sort::default(),
            Some(text) => closer_store::platform::page::Sort::parse(
                text,
                &closer_store::cash::payments::PaymentSort::FIELDS,
            )
            .ok_or_else(|| ApiError::field("sort", "not_allowed"))?,
        },
    };
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned.store.count_payments(&filter).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .payments(
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

async fn visible_payment(owned: &Owned, id: &str) -> ApiResult<PaymentView> {
    let v = owned.store.payment(path_id(id)?).await?;
    policy::cash_record(owned, v.payment.owner_id, v)
}

#[utoipa::path(get, path = "/payments/{id}", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = PaymentDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_payment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let v = visible_payment(&owned, &id).await?;
    Ok(Versioned(v.payment.version, dto(&v), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReverseInput {
    pub reason: String,
}

#[utoipa::path(post, path = "/payments/{id}/reverse", tag = "cash", params(("id" = String, Path)), request_body = ReverseInput,
    responses((status = 200, body = PaymentDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn reverse_payment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let v = visible_payment(&owned, &id).await?;
    let req: ReverseInput = parse_json(&body)?;
    let reason = reason(&req.reason)?;
    let today = calendar::today(&caller.tenant.time_zone);
    let v = owned
        .store
        .reverse_payment(owned.actor.user_id, v.payment.id, version, reason, today)
        .await?;
    webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "payment.reversed",
        serde_json::to_value(dto(&v)).unwrap_or_default(),
    )
    .await;
    Ok(Versioned(v.payment.version, dto(&v), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ApplyInput {
    /// The receivables to use the credit on; without: earliest due first.
    pub allocations: Option<Vec<AllocationInput>>,
}

#[utoipa::path(post, path = "/payments/{id}/apply", tag = "cash", params(("id" = String, Path)), request_body(content = Option<ApplyInput>),
    responses((status = 200, body = PaymentDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn apply_credit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let v = visible_payment(&owned, &id).await?;
    let req: ApplyInput = if body.iter().all(u8::is_ascii_whitespace) {
        ApplyInput::default()
    } else {
        parse_json(&body)?
    };
    let mut invalid = Invalid::default();
    let allocations = named(
        req.allocations.as_deref(),
        &caller.tenant.currency,
        &mut invalid,
    );
    invalid.finish(Some(()))?;
    let today = calendar::today(&caller.tenant.time_zone);
    let v = owned
        .store
        .apply_payment_credit(owned.actor.user_id, v.payment.id, allocations, today)
        .await?;
    Ok(Versioned(v.payment.version, dto(&v), StatusCode::OK).into_response())
}
