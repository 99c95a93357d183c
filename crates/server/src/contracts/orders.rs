//! Orders: an active contract delivered in one or more batches, each with lines, a delivery
//! status and dates, never more than the contract leaves undelivered.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::ids::parse_id;
use closer_domain::{
    contracts::OrderStatus, money::Currency, opportunities::quotes::Quantity, org::Permission,
};
use closer_store::contracts::orders::{NewOrder, OrderFilter, OrderItem, OrderView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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
pub struct OrderLineDto {
    /// The contract line delivered (absent for a contract without lines).
    pub contract_line_id: Option<String>,
    pub description: String,
    pub quantity: Option<String>,
    pub amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct OrderDto {
    pub id: String,
    pub contract_id: String,
    /// 1, 2, … per contract.
    pub number: i32,
    /// `open`, `shipped`, `delivered` or `cancelled`.
    pub status: String,
    pub amount: MoneyDto,
    pub deliver_by: Option<chrono::NaiveDate>,
    pub shipped_on: Option<chrono::NaiveDate>,
    pub delivered_on: Option<chrono::NaiveDate>,
    pub notes: Option<String>,
    pub lines: Vec<OrderLineDto>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn order_dto(v: &OrderView) -> OrderDto {
    let o = &v.order;
    OrderDto {
        id: o.id.to_string(),
        contract_id: o.contract_id.to_string(),
        number: o.number,
        status: o.status.clone(),
        amount: money_dto(o.amount_minor, &o.currency),
        deliver_by: o.deliver_by,
        shipped_on: o.shipped_on,
        delivered_on: o.delivered_on,
        notes: o.notes.clone(),
        lines: v
            .lines
            .iter()
            .map(|l| OrderLineDto {
                contract_line_id: l.contract_line_id.map(|x| x.to_string()),
                description: l.description.clone(),
                quantity: l
                    .contract_line_id
                    .and_then(|_| Quantity::from_milli(l.quantity_milli).ok())
                    .map(|q| q.to_string()),
                amount: money_dto(l.amount_minor, &o.currency),
            })
            .collect(),
        version: o.version,
        created_at: o.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLineInput {
    /// A line of the contract (its `lines[].id`) and how much of it to deliver.
    pub contract_line_id: Option<String>,
    pub quantity: Option<String>,
    /// For a contract without lines: the amount this order delivers.
    pub amount: Option<MoneyInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub contract_id: String,
    pub lines: Vec<OrderLineInput>,
    pub deliver_by: Option<chrono::NaiveDate>,
    pub notes: Option<String>,
}

#[utoipa::path(post, path = "/orders", tag = "contracts", request_body = OrderInput,
    responses((status = 201, body = OrderDto), (status = 403, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_order(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<OrderInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let c = policy::changeable_contract(&owned, &req.contract_id)
        .await
        .map_err(|e| {
            if e.status == StatusCode::FORBIDDEN {
                e
            } else {
                ApiError::field("contract_id", "unknown_reference")
            }
        })?;
    let currency = Currency::parse(&c.currency).map_err(|_| ApiError::internal())?;
    let mut invalid = Invalid::default();
    if req.lines.is_empty() {
        invalid.push("lines", "required");
    }
    let mut items = Vec::new();
    for (i, l) in req.lines.iter().enumerate() {
        let field = |f: &str| format!("lines[{i}].{f}");
        match (&l.contract_line_id, &l.amount) {
            (Some(line), None) => {
                let line_id = parse_id(line).ok();
                if line_id.is_none() {
                    invalid.push(&field("contract_line_id"), "unknown_reference");
                }
                let quantity = match l.quantity.as_deref() {
                    Some(q) => invalid.check(&field("quantity"), Quantity::parse(q)),
                    None => {
                        invalid.push(&field("quantity"), "required");
                        None
                    }
                };
                if let (Some(line_id), Some(q)) = (line_id, quantity) {
                    items.push(OrderItem::Line {
                        line_id,
                        quantity_milli: q.milli(),
                    });
                }
            }
            (None, Some(a)) => match money_field(&field("amount"), a, currency.code()) {
                Ok(m) => items.push(OrderItem::Amount {
                    amount_minor: m.minor(),
                }),
                Err(e) => {
                    invalid.absorb(e);
                }
            },
            _ => invalid.push(&field("contract_line_id"), "required"),
        }
    }
    let notes = invalid
        .check(
            "notes",
            closer_domain::text::optional_text(req.notes.as_deref(), 5000),
        )
        .flatten();
    invalid.finish(Some(()))?;
    let v = owned
        .store
        .create_order(
            owned.actor.user_id,
            NewOrder {
                contract_id: c.id,
                items,
                deliver_by: req.deliver_by,
                notes,
            },
        )
        .await?;
    Ok(Versioned(v.order.version, order_dto(&v), StatusCode::CREATED).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    pub contract_id: Option<String>,
    /// `open`, `shipped`, `delivered` or `cancelled`.
    pub status: Option<String>,
    /// Part of the contract's number or name; `#2` (alone, or after that text, as in
    /// `HT-2026-00007#2`) the order's own number within its contract.
    pub q: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true`: how many orders match, instead of a page.
    pub count: Option<bool>,
}

#[utoipa::path(get, path = "/orders", tag = "contracts", params(OrderQuery),
    responses((status = 200, body = crate::platform::dto::PageOrCount<OrderDto>, description = "A page, or with `count=true` the number of orders that match"), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_orders(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    if let Some(s) = q.status.as_deref() {
        OrderStatus::parse(s).map_err(|e| ApiError::invalid("status", e))?;
    }
    let (contract_id, owners) = match q.contract_id.as_deref() {
        Some(c) => {
            let id = parse_id(c).map_err(|_| ApiError::field("contract_id", "invalid_format"))?;
            (Some(policy::readable_contract(&owned, id).await?.id), None)
        }
        None => (None, owned.visible_owners().cloned()),
    };
    let filter = OrderFilter {
        contract_id,
        owners,
        status: q.status.clone(),
        q: q.q.clone(),
    };
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned.store.count_orders(&filter).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .orders(&filter, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(order_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}

#[utoipa::path(get, path = "/orders/{id}", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = OrderDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_order(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let v = owned.store.order(path_id(&id)?).await?;
    policy::readable_contract(&owned, v.order.contract_id).await?;
    Ok(Versioned(v.order.version, order_dto(&v), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderStatusInput {
    /// `shipped`, `delivered` or `cancelled`.
    pub status: String,
    /// The day it happened (default today).
    pub on: Option<chrono::NaiveDate>,
}

#[utoipa::path(post, path = "/orders/{id}/status", tag = "contracts", params(("id" = String, Path)), request_body = OrderStatusInput,
    responses((status = 200, body = OrderDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn move_order(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<OrderStatusInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let v = owned.store.order(path_id(&id)?).await?;
    policy::changeable_contract(&owned, &v.order.contract_id.to_string()).await?;
    let to = OrderStatus::parse(&req.status).map_err(|e| ApiError::invalid("status", e))?;
    let on = req
        .on
        .unwrap_or_else(|| calendar::today(&caller.tenant.time_zone));
    owned
        .store
        .move_order(owned.actor.user_id, v.order.id, version, to, on)
        .await?;
    let v = owned.store.order(v.order.id).await?;
    let dto = order_dto(&v);
    webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "order.status_changed",
        serde_json::to_value(&dto).unwrap_or_default(),
    )
    .await;
    Ok(Versioned(v.order.version, dto, StatusCode::OK).into_response())
}
