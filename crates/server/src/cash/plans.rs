//! Payment plans: `GET/PUT /contracts/{id}/payment-plan` (as a whole) and
//! `GET/PUT/DELETE /orders/{id}/payment-plan` (order by order), and a contract's cash at a glance
//! with the history of its receivables.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    cash::{parse_ratio, Share},
    org::Permission,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dto::{receivable_dto, ReceivableDto};
use crate::platform::dto::Decimal;
use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, money_field, MoneyDto, MoneyInput},
    error::{ApiResult, Invalid},
    extract::{path_id, ApiJson},
    policy,
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct PaymentPlanDto {
    pub contract_id: String,
    pub contract_amount: MoneyDto,
    pub receivables: Vec<ReceivableDto>,
    /// The contract amount no installment covers yet (after an amendment changed it).
    pub unplanned: MoneyDto,
    pub paid: MoneyDto,
    /// What is left to pay (on a draft's plan: what will be owed once it is approved).
    pub outstanding: MoneyDto,
    pub invoiced: MoneyDto,
    /// Every installment paid (or waived) and nothing left unplanned.
    pub paid_in_full: bool,
    /// The customer's credit: money received and not yet used.
    pub customer_credit: MoneyDto,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallmentInput {
    pub due_on: chrono::NaiveDate,
    /// The installment's amount; all installments by amount or all by ratio.
    pub amount: Option<MoneyInput>,
    /// Percent of the contract amount, up to four decimals (`"30"`); the ratios add to 100.
    pub ratio: Option<Decimal>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentPlanInput {
    pub installments: Vec<InstallmentInput>,
}

async fn plan_dto(
    store: &closer_store::TenantStore,
    c: &closer_store::entity::contract::Model,
    today: chrono::NaiveDate,
) -> ApiResult<PaymentPlanDto> {
    let plan = store.payment_plan(c.id).await?;
    let credit = store.customer_credit(c.customer_id).await?;
    let cur = c.currency.as_str();
    let sum =
        |f: fn(&closer_store::entity::receivable::Model) -> i64| plan.iter().map(f).sum::<i64>();
    let planned = sum(|r| r.amount_minor);
    let outstanding = sum(|r| r.left_minor().max(0));
    Ok(PaymentPlanDto {
        contract_id: c.id.to_string(),
        contract_amount: money_dto(c.amount_minor, cur),
        unplanned: money_dto(c.amount_minor - planned, cur),
        paid: money_dto(sum(|r| r.paid_minor), cur),
        outstanding: money_dto(outstanding, cur),
        invoiced: money_dto(sum(|r| r.invoiced_minor), cur),
        // A plan not owed yet is not paid either.
        paid_in_full: !plan.is_empty()
            && plan.iter().all(|r| r.owed)
            && outstanding == 0
            && planned == c.amount_minor,
        customer_credit: money_dto(credit, cur),
        receivables: plan.iter().map(|r| receivable_dto(r, today)).collect(),
    })
}

/// The installments asked for, each checked: by amount (in the tenant's currency) or by
/// ratio, never both.
fn installments(
    req: &PaymentPlanInput,
    currency: &str,
) -> ApiResult<Vec<(chrono::NaiveDate, Share)>> {
    let mut invalid = Invalid::default();
    if req.installments.is_empty() {
        invalid.push("installments", "required");
    }
    if req.installments.len() > 120 {
        invalid.push("installments", "too_many");
    }
    let mut installments = Vec::new();
    for (i, inst) in req.installments.iter().enumerate() {
        let field = |f: &str| format!("installments[{i}].{f}");
        let share = match (&inst.amount, &inst.ratio) {
            (Some(a), None) => match money_field(&field("amount"), a, currency) {
                Ok(m) => Some(Share::Amount(m.minor())),
                Err(e) => {
                    invalid.absorb(e);
                    None
                }
            },
            (None, Some(r)) => invalid
                .check(&field("ratio"), parse_ratio(&r.text()))
                .map(Share::Ratio),
            (Some(_), Some(_)) => {
                invalid.push(&field("ratio"), "not_allowed");
                None
            }
            (None, None) => {
                invalid.push(&field("amount"), "required");
                None
            }
        };
        if let Some(s) = share {
            installments.push((inst.due_on, s));
        }
    }
    invalid.finish(Some(installments))
}

#[utoipa::path(get, path = "/contracts/{id}/payment-plan", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = PaymentPlanDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<PaymentPlanDto>> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let c = policy::readable_contract(&owned, path_id(&id)?).await?;
    let today = calendar::today(&caller.tenant.time_zone);
    Ok(Json(plan_dto(&owned.store, &c, today).await?))
}

#[utoipa::path(put, path = "/contracts/{id}/payment-plan", tag = "cash", params(("id" = String, Path)), request_body = PaymentPlanInput,
    responses((status = 200, body = PaymentPlanDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PaymentPlanInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let c = policy::plannable_contract(&owned, path_id(&id)?).await?;
    let installments = installments(&req, &caller.tenant.currency)?;
    let today = calendar::today(&caller.tenant.time_zone);
    owned
        .store
        .put_payment_plan(owned.actor.user_id, c.id, &installments, today)
        .await?;
    let c = owned.store.contract(c.id).await?;
    Ok((
        StatusCode::OK,
        Json(plan_dto(&owned.store, &c, today).await?),
    )
        .into_response())
}

/// One change to a receivable, as the contract's cash history shows it.
#[derive(Serialize, ToSchema)]
pub struct ReceivableChangeDto {
    pub receivable_id: String,
    /// `planned`, `replanned`, `dropped` or `changed`.
    pub kind: String,
    pub amount_before: Option<MoneyDto>,
    pub amount_after: MoneyDto,
    /// After minus before.
    pub difference: MoneyDto,
    pub due_before: Option<chrono::NaiveDate>,
    pub due_after: chrono::NaiveDate,
    pub reason: Option<String>,
    pub change_id: Option<String>,
    pub actor_id: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[utoipa::path(get, path = "/contracts/{id}/payment-plan/history", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ReceivableChangeDto>), (status = 404, body = crate::platform::error::Problem)))]
pub async fn plan_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ReceivableChangeDto>>> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let c = policy::readable_contract(&owned, path_id(&id)?).await?;
    let cur = c.currency.as_str();
    let rows = owned.store.receivable_history(c.id).await?;
    Ok(Json(
        rows.iter()
            .map(|h| ReceivableChangeDto {
                receivable_id: h.receivable_id.to_string(),
                kind: h.kind.clone(),
                amount_before: h.amount_before.map(|a| money_dto(a, cur)),
                amount_after: money_dto(h.amount_after, cur),
                difference: money_dto(h.amount_after - h.amount_before.unwrap_or(0), cur),
                due_before: h.due_before,
                due_after: h.due_after,
                reason: h.reason.clone(),
                change_id: h.change_id.map(|x| x.to_string()),
                actor_id: h.actor_id.map(|x| x.to_string()),
                at: h.created_at,
            })
            .collect(),
    ))
}

/// An order's payment plan: its amount split into installments of its contract.
#[derive(Serialize, ToSchema)]
pub struct OrderPaymentPlanDto {
    pub order_id: String,
    pub contract_id: String,
    pub order_amount: MoneyDto,
    pub receivables: Vec<ReceivableDto>,
    /// The order amount no installment covers (nothing planned yet, or the whole of it).
    pub unplanned: MoneyDto,
    pub paid: MoneyDto,
    pub outstanding: MoneyDto,
    pub invoiced: MoneyDto,
}

async fn order_plan_dto(
    store: &closer_store::TenantStore,
    o: &closer_store::entity::order::Model,
    today: chrono::NaiveDate,
) -> ApiResult<OrderPaymentPlanDto> {
    let plan = store.order_payment_plan(o.id).await?;
    let cur = o.currency.as_str();
    let sum =
        |f: fn(&closer_store::entity::receivable::Model) -> i64| plan.iter().map(f).sum::<i64>();
    Ok(OrderPaymentPlanDto {
        order_id: o.id.to_string(),
        contract_id: o.contract_id.to_string(),
        order_amount: money_dto(o.amount_minor, cur),
        unplanned: money_dto(o.amount_minor - sum(|r| r.amount_minor), cur),
        paid: money_dto(sum(|r| r.paid_minor), cur),
        outstanding: money_dto(sum(|r| r.left_minor().max(0)), cur),
        invoiced: money_dto(sum(|r| r.invoiced_minor), cur),
        receivables: plan.iter().map(|r| receivable_dto(r, today)).collect(),
    })
}

#[utoipa::path(get, path = "/orders/{id}/payment-plan", tag = "cash", params(("id" = String, Path)),
    responses((status = 200, body = OrderPaymentPlanDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_order_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<OrderPaymentPlanDto>> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let o = owned.store.order(path_id(&id)?).await?.order;
    policy::readable_contract(&owned, o.contract_id).await?;
    let today = calendar::today(&caller.tenant.time_zone);
    Ok(Json(order_plan_dto(&owned.store, &o, today).await?))
}

#[utoipa::path(put, path = "/orders/{id}/payment-plan", tag = "cash", params(("id" = String, Path)), request_body = PaymentPlanInput,
    responses((status = 200, body = OrderPaymentPlanDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_order_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PaymentPlanInput>,
) -> ApiResult<Json<OrderPaymentPlanDto>> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let o = owned.store.order(path_id(&id)?).await?.order;
    policy::plannable_contract(&owned, o.contract_id).await?;
    let installments = installments(&req, &caller.tenant.currency)?;
    let today = calendar::today(&caller.tenant.time_zone);
    owned
        .store
        .put_order_payment_plan(owned.actor.user_id, o.id, &installments, today)
        .await?;
    Ok(Json(order_plan_dto(&owned.store, &o, today).await?))
}

#[utoipa::path(delete, path = "/orders/{id}/payment-plan", tag = "cash", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn delete_order_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let o = owned.store.order(path_id(&id)?).await?.order;
    policy::plannable_contract(&owned, o.contract_id).await?;
    let today = calendar::today(&caller.tenant.time_zone);
    owned
        .store
        .clear_order_payment_plan(owned.actor.user_id, o.id, today)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
