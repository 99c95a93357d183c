//! Contracts: created from a won opportunity, from one of its quotes (lines copied), or on
//! their own for a customer; edited in place as drafts; submitted for approval; amended by
//! revisions compared side by side; completed or terminated with a reason.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::ids::parse_id;
use closer_domain::{
    contracts::ContractStatus,
    money::{Currency, Money},
    opportunities::quotes::{Discount, Quantity, Quote, QuoteLine},
    org::Permission,
    text::{optional_text, Name},
};
use closer_store::{
    contracts::records::{ContractFilter, ContractSort},
    entity::{contract, contract_line},
    platform::page::Sort,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    opportunities::quotes::{price_lines, QuoteLineInput},
    platform::state::AppState,
    platform::{
        calendar,
        caller::Caller,
        dto::{money_dto, money_field, nullable, ListOf, MoneyDto, MoneyInput, Versioned},
        error::{ApiError, ApiResult, Invalid},
        extract::{limit, path_id, sorted_cursor, ApiJson, ApiQuery, IfMatch},
        policy, webhooks,
    },
};

#[derive(Serialize, ToSchema)]
pub struct ContractLineDto {
    /// The line's id, the same in every revision (orders name it).
    pub id: String,
    pub product_id: Option<String>,
    pub product_line: Option<String>,
    pub description: String,
    pub quantity: String,
    pub unit_price: MoneyDto,
    /// Percent.
    pub discount: String,
    pub total: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct ContractDto {
    pub id: String,
    /// Readable and unique in the tenant: `HT-2026-00042`.
    pub number: String,
    pub name: String,
    pub customer_id: String,
    pub customer_name: Option<String>,
    pub opportunity_id: Option<String>,
    pub quote_id: Option<String>,
    pub owner_id: Option<String>,
    /// `draft`, `in_approval`, `active`, `completed`, `rejected` or `terminated`.
    pub status: String,
    pub amount: MoneyDto,
    /// What orders (not cancelled) took so far.
    pub ordered: MoneyDto,
    pub delivered: MoneyDto,
    pub signed_on: Option<chrono::NaiveDate>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub terms: Option<String>,
    /// The revision in force: 1, then one more per amendment (a dropped amendment — rejected,
    /// returned or recalled — keeps its number in the revisions, so the next one skips it).
    pub revision: i32,
    /// An amendment waiting for approval.
    pub pending_revision: Option<i32>,
    /// The latest approval.
    pub approval_id: Option<String>,
    /// Why it was terminated.
    pub end_reason: Option<String>,
    pub lines: Vec<ContractLineDto>,
    /// On a single contract: whether the caller may edit, submit, amend or order on it.
    pub can_change: Option<bool>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

pub(crate) fn line_dto(l: &contract_line::Model, currency: &str) -> ContractLineDto {
    ContractLineDto {
        id: l.line_id.to_string(),
        product_id: l.product_id.map(|p| p.to_string()),
        product_line: l.product_line.clone(),
        description: l.description.clone(),
        quantity: Quantity::from_milli(l.quantity_milli)
            .map(|q| q.to_string())
            .unwrap_or_default(),
        unit_price: money_dto(l.unit_price_minor, currency),
        discount: Discount::from_bp(l.discount_bp)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        total: money_dto(l.total_minor, currency),
    }
}

pub(crate) fn contract_dto(c: &contract::Model, lines: &[contract_line::Model]) -> ContractDto {
    let cur = c.currency.as_str();
    ContractDto {
        id: c.id.to_string(),
        number: c.number.clone(),
        name: c.name.clone(),
        customer_id: c.customer_id.to_string(),
        customer_name: None,
        opportunity_id: c.opportunity_id.map(|x| x.to_string()),
        quote_id: c.quote_id.map(|x| x.to_string()),
        owner_id: c.owner_id.map(|x| x.to_string()),
        status: c.status.clone(),
        amount: money_dto(c.amount_minor, cur),
        ordered: money_dto(c.ordered_minor, cur),
        delivered: money_dto(c.delivered_minor, cur),
        signed_on: c.signed_on,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        terms: c.terms.clone(),
        revision: c.revision,
        pending_revision: c.pending_revision,
        approval_id: c.approval_id.map(|x| x.to_string()),
        end_reason: c.end_reason.clone(),
        lines: lines.iter().map(|l| line_dto(l, cur)).collect(),
        can_change: None,
        version: c.version,
        created_at: c.created_at,
    }
}

/// A contract to create (`customer_id` and `name` required unless an opportunity or quote
/// gives them), or the fields of a draft to change.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ContractInput {
    pub customer_id: Option<String>,
    pub name: Option<String>,
    /// Without lines: the contract's amount. With lines it is their total.
    pub amount: Option<MoneyInput>,
    /// A won opportunity: its customer, name and amount are the defaults.
    pub opportunity_id: Option<String>,
    /// One of the opportunity's quotes: its lines are copied.
    pub quote_id: Option<String>,
    pub lines: Option<Vec<QuoteLineInput>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub signed_on: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub starts_on: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub ends_on: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub terms: Option<Option<String>>,
    pub owner_id: Option<String>,
}

/// Lines priced and totalled, ready to store.
pub(crate) struct Priced {
    pub(crate) lines: Vec<contract_line::Model>,
    pub(crate) total: i64,
}

pub(crate) fn to_rows(
    tenant_id: Uuid,
    priced: Vec<crate::opportunities::quotes::PricedLine>,
    currency: Currency,
) -> ApiResult<Priced> {
    let quote =
        Quote::new(currency, priced.iter().map(|p| p.line).collect()).map_err(|errors| {
            let mut invalid = Invalid::default();
            for e in errors {
                invalid.check::<()>(&e.field, Err(e.error));
            }
            invalid
                .finish(None::<()>)
                .err()
                .unwrap_or_else(ApiError::internal)
        })?;
    let lines = priced
        .into_iter()
        .map(|p| {
            row(
                tenant_id,
                p.product_id,
                p.product_line,
                p.description,
                &p.line,
            )
        })
        .collect();
    Ok(Priced {
        lines,
        total: quote.total().minor(),
    })
}

fn row(
    tenant_id: Uuid,
    product_id: Option<Uuid>,
    product_line: Option<String>,
    description: String,
    l: &QuoteLine,
) -> contract_line::Model {
    contract_line::Model {
        tenant_id,
        id: Uuid::nil(),
        contract_id: Uuid::nil(),
        revision: 0,
        line_id: closer_domain::ids::new_id(),
        position: 0,
        product_id,
        product_line,
        description,
        quantity_milli: l.quantity().milli(),
        unit_price_minor: l.unit_price().minor(),
        discount_bp: l.discount().bp(),
        total_minor: l.total().minor(),
        cost_minor: None,
    }
}

/// A contract's terms: at most 20,000 characters.
const MAX_TERMS: usize = 20_000;

fn check_term(
    starts: Option<chrono::NaiveDate>,
    ends: Option<chrono::NaiveDate>,
    invalid: &mut Invalid,
) {
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            invalid.push("ends_on", "before_start");
        }
    }
}

#[utoipa::path(post, path = "/contracts", tag = "contracts", request_body = ContractInput,
    responses((status = 201, body = ContractDto), (status = 403, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
#[allow(clippy::too_many_lines)]
pub async fn create_contract(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<ContractInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    owned.require(Permission::ContractsWrite)?;
    let currency = Currency::parse(&caller.tenant.currency).map_err(|_| ApiError::internal())?;
    let tenant_id = owned.store.tenant_id();
    let mut invalid = Invalid::default();
    // Where it comes from: a quote (its deal too), a won deal, or nothing.
    let quote = match req.quote_id.as_deref() {
        None => None,
        Some(q) => {
            let found = match parse_id(q) {
                Ok(id) => owned.store.quote(id).await.ok(),
                Err(_) => None,
            };
            if found.is_none() {
                return Err(ApiError::field("quote_id", "unknown_reference"));
            }
            found
        }
    };
    let opportunity_id = match (&quote, req.opportunity_id.as_deref()) {
        (Some((q, _)), _) => Some(q.opportunity_id),
        (None, Some(o)) => {
            Some(parse_id(o).map_err(|_| ApiError::field("opportunity_id", "unknown_reference"))?)
        }
        (None, None) => None,
    };
    let opportunity = match opportunity_id {
        None => None,
        Some(id) => Some(
            policy::readable_opportunity(&owned, id)
                .await
                .map_err(|_| ApiError::field("opportunity_id", "unknown_reference"))?,
        ),
    };
    if let (Some(o), None) = (&opportunity, &quote) {
        let stage = owned.store.stage(o.stage_id).await?;
        if !stage.is_won {
            return Err(ApiError::conflict("opportunity_not_won"));
        }
    }
    let customer_id = match (req.customer_id.as_deref(), &opportunity) {
        (Some(c), _) => parse_id(c).ok(),
        (None, Some(o)) => Some(o.customer_id),
        (None, None) => {
            invalid.push("customer_id", "required");
            None
        }
    };
    if let Some(c) = customer_id {
        if policy::visible_customer(&owned, &c.to_string())
            .await
            .is_err()
        {
            invalid.push("customer_id", "unknown_reference");
        }
    } else if req.customer_id.is_some() {
        invalid.push("customer_id", "unknown_reference");
    }
    let name = match (req.name.as_deref(), &opportunity) {
        (Some(n), _) => invalid.check("name", Name::parse(n)).map(Name::into_string),
        (None, Some(o)) => Some(o.name.clone()),
        (None, None) => {
            invalid.push("name", "required");
            None
        }
    };
    let owner_id = match req.owner_id.as_deref() {
        Some(o) => match policy::owner_field(&owned, o).await {
            Ok(id) => Some(id),
            Err(_) => {
                invalid.push("owner_id", "unknown_reference");
                None
            }
        },
        None => opportunity
            .as_ref()
            .and_then(|o| o.owner_id)
            .or(Some(owned.actor.user_id)),
    };
    // Lines: given, else the quote's, else none (the amount is given or the deal's).
    let priced = match (&req.lines, &quote) {
        (Some(lines), _) => {
            let products = owned.store.products(true).await?;
            let p = price_lines(lines, &products, currency, &mut invalid);
            Some(p)
        }
        (None, Some((_, qlines))) => {
            let products = owned.store.products(true).await?;
            Some(
                qlines
                    .iter()
                    .filter_map(|l| {
                        let line = QuoteLine::new(
                            Quantity::from_milli(l.quantity_milli).ok()?,
                            Money::from_minor(l.unit_price_minor, currency),
                            Discount::from_bp(l.discount_bp).ok()?,
                        )
                        .ok()?;
                        Some(crate::opportunities::quotes::PricedLine {
                            product_id: l.product_id,
                            product_line: l.product_id.and_then(|p| {
                                products.iter().find(|x| x.id == p)?.product_line.clone()
                            }),
                            description: l.description.clone(),
                            line,
                        })
                    })
                    .collect(),
            )
        }
        (None, None) => None,
    };
    let amount_given = match &req.amount {
        Some(a) => match money_field("amount", a, currency.code()) {
            Ok(m) => Some(m.minor()),
            Err(e) => {
                invalid.absorb(e);
                None
            }
        },
        None => None,
    };
    let starts_on = req.starts_on.flatten();
    let ends_on = req.ends_on.flatten();
    check_term(starts_on, ends_on, &mut invalid);
    let terms = invalid
        .check(
            "terms",
            optional_text(req.terms.as_ref().and_then(Option::as_deref), MAX_TERMS),
        )
        .flatten();
    invalid.finish(Some(()))?;
    let (lines, amount) = match priced {
        Some(p) if !p.is_empty() => {
            let p = to_rows(tenant_id, p, currency)?;
            (p.lines, p.total)
        }
        _ => match (amount_given, &opportunity) {
            (Some(a), _) => (Vec::new(), a),
            (None, Some(o)) => (Vec::new(), o.amount_minor),
            (None, None) => return Err(ApiError::field("amount", "required")),
        },
    };
    let now = closer_store::now();
    let model = contract::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        number: String::new(),
        name: name.unwrap_or_default(),
        customer_id: customer_id.unwrap_or_default(),
        opportunity_id: opportunity.as_ref().map(|o| o.id),
        quote_id: quote.as_ref().map(|(q, _)| q.id),
        owner_id,
        status: ContractStatus::Draft.key().into(),
        amount_minor: amount,
        ordered_minor: 0,
        delivered_minor: 0,
        currency: currency.code().into(),
        signed_on: req.signed_on.flatten(),
        starts_on,
        ends_on,
        terms,
        revision: 1,
        pending_revision: None,
        approval_id: None,
        end_reason: None,
        created_by: Some(owned.actor.user_id),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let year = calendar::today(&caller.tenant.time_zone)
        .format("%Y")
        .to_string()
        .parse()
        .unwrap_or(2026);
    let (c, lines) = owned
        .store
        .create_contract(owned.actor.user_id, model, lines, year)
        .await?;
    Ok(Versioned(c.version, contract_dto(&c, &lines), StatusCode::CREATED).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContractQuery {
    /// `draft`, `in_approval`, `active`, `completed`, `rejected` or `terminated`.
    pub status: Option<String>,
    pub customer_id: Option<String>,
    pub opportunity_id: Option<String>,
    /// Part of the name or number.
    pub q: Option<String>,
    /// `created_at` (an imported record's true date), `amount`, `name` or `updated_at` (by default
    /// as entered, newest first);
    /// `-` first for the reverse.
    pub sort: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true`: how many contracts match, instead of a page.
    pub count: Option<bool>,
}

#[utoipa::path(get, path = "/contracts", tag = "contracts", params(ContractQuery),
    responses((status = 200, body = crate::platform::dto::PageOrCount<ContractDto>, description = "A page, or with `count=true` the number of contracts that match"), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_contracts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ContractQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let id = |field: &str, v: &Option<String>| -> ApiResult<Option<Uuid>> {
        v.as_deref()
            .map(|t| parse_id(t).map_err(|_| ApiError::field(field, "invalid_format")))
            .transpose()
    };
    if let Some(s) = q.status.as_deref() {
        ContractStatus::parse(s).map_err(|e| ApiError::invalid("status", e))?;
    }
    let filter = ContractFilter {
        owners: owned.visible_owners().cloned(),
        status: q.status.clone(),
        customer_id: id("customer_id", &q.customer_id)?,
        opportunity_id: id("opportunity_id", &q.opportunity_id)?,
        q: q.q.clone(),
        sort: match q.sort.as_deref() {
            None => Sort::default(),
            Some(text) => Sort::parse(text, &ContractSort::FIELDS)
                .ok_or_else(|| ApiError::field("sort", "not_allowed"))?,
        },
    };
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned.store.count_contracts(&filter).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .contracts(
            &filter,
            sorted_cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    let ids: Vec<Uuid> = page.items.iter().map(|c| c.customer_id).collect();
    let names = owned.store.customer_names(&ids).await?;
    Ok(Json(ListOf {
        items: page
            .items
            .iter()
            .map(|c| ContractDto {
                customer_name: names.get(&c.customer_id).cloned(),
                ..contract_dto(c, &[])
            })
            .collect(),
        next_cursor: page.cursor_text(),
    })
    .into_response())
}

#[utoipa::path(get, path = "/contracts/{id}", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = ContractDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_contract(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let c = policy::readable_contract(&owned, path_id(&id)?).await?;
    let lines = owned.store.contract_lines(c.id, c.revision).await?;
    let names = owned.store.customer_names(&[c.customer_id]).await?;
    let dto = ContractDto {
        customer_name: names.get(&c.customer_id).cloned(),
        can_change: Some(
            owned.require(Permission::ContractsWrite).is_ok() && owned.may_change(c.owner_id),
        ),
        ..contract_dto(&c, &lines)
    };
    Ok(Versioned(c.version, dto, StatusCode::OK).into_response())
}

#[utoipa::path(patch, path = "/contracts/{id}", tag = "contracts", params(("id" = String, Path)), request_body = ContractInput,
    responses((status = 200, body = ContractDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_contract(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<ContractInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let before = policy::changeable_contract(&owned, &id).await?;
    IfMatch(version).check(before.version)?;
    if !ContractStatus::parse(&before.status).is_ok_and(ContractStatus::editable) {
        return Err(ApiError::conflict("contract_not_editable"));
    }
    let currency = Currency::parse(&before.currency).map_err(|_| ApiError::internal())?;
    let mut invalid = Invalid::default();
    for (field, given) in [
        ("customer_id", req.customer_id.is_some()),
        ("opportunity_id", req.opportunity_id.is_some()),
        ("quote_id", req.quote_id.is_some()),
    ] {
        if given {
            invalid.push(field, "not_allowed");
        }
    }
    let mut after = before.clone();
    let lines = match &req.lines {
        Some(lines) => {
            let products = owned.store.products(true).await?;
            Some(price_lines(lines, &products, currency, &mut invalid))
        }
        None => None,
    };
    apply_fields(&mut after, &req, &owned, currency, &mut invalid).await;
    invalid.finish(Some(()))?;
    let lines = match lines {
        Some(p) => {
            let p = to_rows(owned.store.tenant_id(), p, currency)?;
            if !p.lines.is_empty() {
                after.amount_minor = p.total;
            }
            Some(p.lines)
        }
        None => None,
    };
    let (c, lines) = owned
        .store
        .update_draft_contract(
            owned.actor.user_id,
            before.id,
            version,
            |m| *m = after,
            lines,
        )
        .await?;
    Ok(Versioned(c.version, contract_dto(&c, &lines), StatusCode::OK).into_response())
}

/// The revision fields of a PATCH or an amendment, applied to `c`.
pub(crate) async fn apply_fields(
    c: &mut contract::Model,
    req: &ContractInput,
    owned: &policy::Owned,
    currency: Currency,
    invalid: &mut Invalid,
) {
    if let Some(n) = req.name.as_deref() {
        if let Some(n) = invalid.check("name", Name::parse(n)) {
            c.name = n.into_string();
        }
    }
    if let Some(a) = &req.amount {
        match money_field("amount", a, currency.code()) {
            Ok(m) => c.amount_minor = m.minor(),
            Err(e) => {
                invalid.absorb(e);
            }
        }
    }
    if let Some(d) = req.signed_on {
        c.signed_on = d;
    }
    if let Some(d) = req.starts_on {
        c.starts_on = d;
    }
    if let Some(d) = req.ends_on {
        c.ends_on = d;
    }
    if let Some(t) = &req.terms {
        if let Some(t) = invalid.check("terms", optional_text(t.as_deref(), MAX_TERMS)) {
            c.terms = t;
        }
    }
    if let Some(o) = req.owner_id.as_deref() {
        match policy::owner_field(owned, o).await {
            Ok(id) => c.owner_id = Some(id),
            Err(_) => invalid.push("owner_id", "unknown_reference"),
        }
    }
    check_term(c.starts_on, c.ends_on, invalid);
}

#[utoipa::path(post, path = "/contracts/{id}/submit", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = ContractDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn submit_contract(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let before = policy::changeable_contract(&owned, &id).await?;
    let (c, approval) = owned
        .store
        .submit_contract(
            owned.actor.user_id,
            before.id,
            version,
            calendar::today(&caller.tenant.time_zone),
        )
        .await?;
    let lines = owned.store.contract_lines(c.id, c.revision).await?;
    let dto = contract_dto(&c, &lines);
    let data = serde_json::to_value(&dto).unwrap_or_default();
    if approval.is_some() {
        webhooks::publish(&state, caller.actor.tenant_id, "contract.submitted", data).await;
    } else {
        webhooks::publish(&state, caller.actor.tenant_id, "contract.activated", data).await;
    }
    Ok(Versioned(c.version, dto, StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndInput {
    /// Required to terminate.
    pub reason: Option<String>,
}

async fn end(
    state: &AppState,
    caller: &Caller,
    id: &str,
    version: Option<i32>,
    status: ContractStatus,
    reason: Option<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(caller, state, Permission::ContractsRead).await?;
    let before = policy::changeable_contract(&owned, id).await?;
    // A stale version is 412 before anything else is looked at.
    IfMatch(version).check(before.version)?;
    let reason =
        optional_text(reason.as_deref(), 2000).map_err(|e| ApiError::invalid("reason", e))?;
    if status == ContractStatus::Terminated && reason.is_none() {
        return Err(ApiError::field("reason", "required"));
    }
    let c = owned
        .store
        .end_contract(owned.actor.user_id, before.id, version, status, reason)
        .await?;
    let lines = owned.store.contract_lines(c.id, c.revision).await?;
    Ok(Versioned(c.version, contract_dto(&c, &lines), StatusCode::OK).into_response())
}

#[utoipa::path(post, path = "/contracts/{id}/terminate", tag = "contracts", params(("id" = String, Path)), request_body = EndInput,
    responses((status = 200, body = ContractDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn terminate_contract(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<EndInput>,
) -> ApiResult<Response> {
    end(
        &state,
        &caller,
        &id,
        version,
        ContractStatus::Terminated,
        req.reason,
    )
    .await
}

#[utoipa::path(post, path = "/contracts/{id}/complete", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = ContractDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn complete_contract(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
) -> ApiResult<Response> {
    end(
        &state,
        &caller,
        &id,
        version,
        ContractStatus::Completed,
        None,
    )
    .await
}
