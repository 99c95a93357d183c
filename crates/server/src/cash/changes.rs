//! Contract changes (`POST/GET /contracts/{id}/changes`) and refunds (`GET/POST /refunds`,
//! `GET /refunds/{id}`, `POST /refunds/{id}/pay`).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, org::Permission};
use closer_store::{
    cash::changes::{ChangedReceivable, RefundFilter, RefundPart},
    entity::{contract_change, refund},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::dto::{query_id, reason};
use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, money_field, ListOf, MoneyDto, MoneyInput, Versioned},
    error::{ApiError, ApiResult, Invalid},
    extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    policy,
    state::AppState,
    webhooks,
};

#[derive(Serialize, ToSchema)]
pub struct RefundDto {
    pub id: String,
    pub customer_id: String,
    pub contract_id: Option<String>,
    /// The change that raised it, if one did.
    pub change_id: Option<String>,
    pub amount: MoneyDto,
    pub reason: String,
    /// `in_approval`, `approved`, `rejected`, `cancelled` or `paid`.
    pub status: String,
    pub approval_id: Option<String>,
    /// The payments the money is given back from.
    pub parts: Vec<RefundPartDto>,
    pub paid_on: Option<chrono::NaiveDate>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct RefundPartDto {
    pub payment_id: String,
    pub amount: MoneyDto,
}

pub(crate) fn refund_dto(r: &refund::Model) -> RefundDto {
    let c = r.currency.as_str();
    let parts: Vec<RefundPart> = serde_json::from_value(r.parts.clone()).unwrap_or_default();
    RefundDto {
        id: r.id.to_string(),
        customer_id: r.customer_id.to_string(),
        contract_id: r.contract_id.map(|x| x.to_string()),
        change_id: r.change_id.map(|x| x.to_string()),
        amount: money_dto(r.amount_minor, c),
        reason: r.reason.clone(),
        status: r.status.clone(),
        approval_id: r.approval_id.map(|x| x.to_string()),
        parts: parts
            .iter()
            .map(|p| RefundPartDto {
                payment_id: p.payment_id.to_string(),
                amount: money_dto(p.amount_minor, c),
            })
            .collect(),
        paid_on: r.paid_on,
        version: r.version,
        created_at: r.created_at,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ChangedReceivableDto {
    pub receivable_id: String,
    pub amount_before: MoneyDto,
    pub amount_after: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct ContractChangeDto {
    pub id: String,
    pub contract_id: String,
    pub reason: String,
    pub amount_before: MoneyDto,
    pub amount_after: MoneyDto,
    pub receivables: Vec<ChangedReceivableDto>,
    /// Collected above what is now owed, to give back.
    pub refund_amount: MoneyDto,
    pub refund: Option<RefundDto>,
    pub created_by: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn change_dto(
    ch: &contract_change::Model,
    currency: &str,
    refund: Option<&refund::Model>,
) -> ContractChangeDto {
    let list: Vec<ChangedReceivable> =
        serde_json::from_value(ch.receivables.clone()).unwrap_or_default();
    ContractChangeDto {
        id: ch.id.to_string(),
        contract_id: ch.contract_id.to_string(),
        reason: ch.reason.clone(),
        amount_before: money_dto(ch.amount_before, currency),
        amount_after: money_dto(ch.amount_after, currency),
        receivables: list
            .iter()
            .map(|r| ChangedReceivableDto {
                receivable_id: r.receivable_id.to_string(),
                amount_before: money_dto(r.amount_before, currency),
                amount_after: money_dto(r.amount_after, currency),
            })
            .collect(),
        refund_amount: money_dto(ch.refund_minor, currency),
        refund: refund.map(refund_dto),
        created_by: ch.created_by.map(|x| x.to_string()),
        created_at: ch.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangedReceivableInput {
    pub receivable_id: String,
    pub new_amount: MoneyInput,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractChangeInput {
    pub reason: String,
    pub receivables: Vec<ChangedReceivableInput>,
}

#[utoipa::path(post, path = "/contracts/{id}/changes", tag = "cash", params(("id" = String, Path)), request_body = ContractChangeInput,
    responses((status = 201, body = ContractChangeDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ContractChangeInput>,
) -> ApiResult<Response> {
    // Changing what a customer owes is finance's (`cash.write`), not the contract owner's.
    let owned = policy::owned(&caller, &state, Permission::CashWrite).await?;
    let c = policy::plannable_contract(&owned, path_id(&id)?).await?;
    let mut invalid = Invalid::default();
    let why = match reason(&req.reason) {
        Ok(r) => Some(r),
        Err(e) => {
            invalid.absorb(e);
            None
        }
    };
    if req.receivables.is_empty() {
        invalid.push("receivables", "required");
    }
    if req.receivables.len() > 120 {
        invalid.push("receivables", "too_many");
    }
    let mut cuts = Vec::new();
    for (i, r) in req.receivables.iter().enumerate() {
        let rid = parse_id(&r.receivable_id).ok();
        if rid.is_none() {
            invalid.push(
                &format!("receivables[{i}].receivable_id"),
                "unknown_reference",
            );
        }
        let amount = match money_field(
            &format!("receivables[{i}].new_amount"),
            &r.new_amount,
            &caller.tenant.currency,
        ) {
            Ok(m) => Some(m.minor()),
            Err(e) => {
                invalid.absorb(e);
                None
            }
        };
        if let (Some(rid), Some(a)) = (rid, amount) {
            cuts.push((rid, a));
        }
    }
    invalid.finish(Some(()))?;
    let today = calendar::today(&caller.tenant.time_zone);
    let (change, refund) = owned
        .store
        .change_contract(
            owned.actor.user_id,
            c.id,
            why.unwrap_or_default(),
            &cuts,
            today,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(change_dto(&change, &c.currency, refund.as_ref())),
    )
        .into_response())
}

#[utoipa::path(get, path = "/contracts/{id}/changes", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ContractChangeDto>), (status = 404, body = crate::platform::error::Problem)))]
pub async fn list_changes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ContractChangeDto>>> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let c = policy::readable_contract(&owned, path_id(&id)?).await?;
    let changes = owned.store.contract_changes(c.id).await?;
    let mut out = Vec::with_capacity(changes.len());
    for ch in &changes {
        let refund = match ch.refund_id {
            Some(r) => owned.store.refund(r).await.ok(),
            None => None,
        };
        out.push(change_dto(ch, &c.currency, refund.as_ref()));
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    pub customer_id: String,
    /// At most the customer's credit.
    pub amount: MoneyInput,
    pub reason: String,
}

#[utoipa::path(post, path = "/refunds", tag = "cash", request_body = RefundInput,
    responses((status = 201, body = RefundDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_refund(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<RefundInput>,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let mut invalid = Invalid::default();
    let customer = match parse_id(&req.customer_id) {
        Ok(id) => match owned.store.customer(id).await {
            Ok(c) if owned.may_change(c.owner_id) => Some(c.id),
            _ => None,
        },
        Err(_) => None,
    };
    if customer.is_none() {
        invalid.push("customer_id", "unknown_reference");
    }
    let amount = match money_field("amount", &req.amount, &caller.tenant.currency) {
        Ok(m) => Some(m.minor()),
        Err(e) => {
            invalid.absorb(e);
            None
        }
    };
    let why = match reason(&req.reason) {
        Ok(r) => Some(r),
        Err(e) => {
            invalid.absorb(e);
            None
        }
    };
    invalid.finish(Some(()))?;
    let (Some(customer_id), Some(amount), Some(why)) = (customer, amount, why) else {
        return Err(ApiError::internal());
    };
    let today = calendar::today(&caller.tenant.time_zone);
    let r = owned
        .store
        .request_refund(owned.actor.user_id, customer_id, amount, why, today)
        .await?;
    webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "refund.requested",
        serde_json::to_value(refund_dto(&r)).unwrap_or_default(),
    )
    .await;
    Ok(Versioned(r.version, refund_dto(&r), StatusCode::CREATED).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RefundQuery {
    pub customer_id: Option<String>,
    pub contract_id: Option<String>,
    /// `in_approval`, `approved`, `rejected`, `cancelled` or `paid`.
    pub status: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true`: how many refunds match, instead of a page.
    pub count: Option<bool>,
}

#[utoipa::path(get, path = "/refunds", tag = "cash", params(RefundQuery),
    responses((status = 200, body = crate::platform::dto::PageOrCount<RefundDto>, description = "A page, or with `count=true` the number of refunds that match"), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_refunds(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<RefundQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    if let Some(s) = q.status.as_deref() {
        if !["in_approval", "approved", "rejected", "cancelled", "paid"].contains(&s) {
            return Err(ApiError::field("status", "not_allowed"));
        }
    }
    let filter = RefundFilter {
        owners: owned.visible_owners().cloned(),
        customer_id: query_id("customer_id", q.customer_id.as_deref())?,
        contract_id: query_id("contract_id", q.contract_id.as_deref())?,
        status: q.status.clone(),
    };
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned.store.count_refunds(&filter).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .refunds(&filter, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(refund_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}

#[utoipa::path(get, path = "/refunds/{id}", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = RefundDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_refund(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let r = owned.store.refund(path_id(&id)?).await?;
    let r = policy::cash_record(&owned, r.owner_id, r)?;
    Ok(Versioned(r.version, refund_dto(&r), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundPaidInput {
    /// The day the money left (default today).
    pub paid_on: Option<chrono::NaiveDate>,
}

#[utoipa::path(post, path = "/refunds/{id}/pay", tag = "cash", params(("id" = String, Path)), request_body = RefundPaidInput,
    responses((status = 200, body = RefundDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn pay_refund(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<RefundPaidInput>,
) -> ApiResult<Response> {
    let owned = policy::cash_writer(&caller, &state).await?;
    let r = owned.store.refund(path_id(&id)?).await?;
    let r = policy::cash_record(&owned, r.owner_id, r)?;
    let on = req
        .paid_on
        .unwrap_or_else(|| calendar::today(&caller.tenant.time_zone));
    if let Some(code) = calendar::past_day_problem(on, &caller.tenant.time_zone) {
        return Err(ApiError::field("paid_on", code));
    }
    let saved = owned
        .store
        .pay_refund(owned.actor.user_id, r.id, version, on)
        .await?;
    Ok(Versioned(saved.version, refund_dto(&saved), StatusCode::OK).into_response())
}
