//! Customers, contacts, sales processes and opportunities: the minimal records that lead
//! conversion makes, with create, read and list (their own issues grow them).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, money::format_percent, org::Permission, text::Name};
use closer_store::entity::{contact, customer, opportunity, stage};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    dto::{Count, ListOf, Versioned},
    error::{ApiError, ApiResult, Invalid},
    extract::{cursor, limit, path_id, ApiJson, ApiQuery},
    leads::{money_dto, money_field, MoneyDto, MoneyInput},
    policy::{self, Owned},
    session::Caller,
    AppState,
};

#[derive(Serialize, ToSchema)]
pub struct CustomerDto {
    pub id: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub industry: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub credit_code: Option<String>,
    pub source: Option<String>,
    /// The lead this customer was converted from.
    pub lead_id: Option<String>,
    /// 0–100, once scoring is configured.
    pub score: Option<u8>,
    /// A–D, once scoring is configured.
    pub grade: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

#[must_use]
pub fn customer_dto(c: &customer::Model) -> CustomerDto {
    CustomerDto {
        id: c.id.to_string(),
        name: c.name.clone(),
        owner_id: c.owner_id.map(|o| o.to_string()),
        industry: c.industry.clone(),
        province: c.province.clone(),
        city: c.city.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        website: c.website.clone(),
        credit_code: c.credit_code.clone(),
        source: c.source.clone(),
        lead_id: c.lead_id.map(|o| o.to_string()),
        score: None,
        grade: None,
        created_at: c.created_at,
        version: c.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContactDto {
    pub id: String,
    pub customer_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub owner_id: Option<String>,
    pub lead_id: Option<String>,
    pub version: i32,
}

#[must_use]
pub fn contact_dto(c: &contact::Model) -> ContactDto {
    ContactDto {
        id: c.id.to_string(),
        customer_id: c.customer_id.map(|o| o.to_string()),
        name: c.name.clone(),
        title: c.title.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        owner_id: c.owner_id.map(|o| o.to_string()),
        lead_id: c.lead_id.map(|o| o.to_string()),
        version: c.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct StageRef {
    pub id: String,
    pub key: String,
    pub name: String,
    /// Percent, e.g. `"10"`.
    pub win_rate: String,
}

#[derive(Serialize, ToSchema)]
pub struct OpportunityDto {
    pub id: String,
    pub customer_id: String,
    pub name: String,
    pub amount: MoneyDto,
    pub stage: Option<StageRef>,
    pub expected_close_date: Option<chrono::NaiveDate>,
    pub owner_id: Option<String>,
    pub lead_id: Option<String>,
    pub version: i32,
}

fn stage_ref(s: &stage::Model) -> StageRef {
    StageRef {
        id: s.id.to_string(),
        key: s.key.clone(),
        name: s.name.clone(),
        win_rate: format_percent(s.win_rate_bp),
    }
}

#[must_use]
pub fn opportunity_dto(o: &opportunity::Model, stages: &[stage::Model]) -> OpportunityDto {
    OpportunityDto {
        id: o.id.to_string(),
        customer_id: o.customer_id.to_string(),
        name: o.name.clone(),
        amount: money_dto(o.amount_minor, &o.currency),
        stage: stages.iter().find(|s| s.id == o.stage_id).map(stage_ref),
        expected_close_date: o.expected_close_date,
        owner_id: o.owner_id.map(|x| x.to_string()),
        lead_id: o.lead_id.map(|x| x.to_string()),
        version: o.version,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub q: Option<String>,
    pub customer_id: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub count: Option<bool>,
}

/// `?customer_id=`, when given.
fn customer_param(q: &ListQuery) -> ApiResult<Option<Uuid>> {
    q.customer_id
        .as_deref()
        .map(|c| parse_id(c).map_err(|_| ApiError::field("customer_id", "invalid_format")))
        .transpose()
}

fn visible<T>(owned: &Owned, owner: Option<Uuid>, record: T) -> ApiResult<T> {
    if owner.is_some() && owned.sees(owner) {
        Ok(record)
    } else {
        Err(ApiError::not_found())
    }
}

// ----- customers -----

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    pub name: String,
    pub industry: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub credit_code: Option<String>,
    pub source: Option<String>,
}

#[utoipa::path(post, path = "/customers", tag = "customers", request_body = NewCustomer,
    responses((status = 201, body = CustomerDto), (status = 422, body = crate::error::Problem)))]
pub async fn create_customer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewCustomer>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let mut invalid = Invalid::default();
    let raw = crate::leads::RawLeadFields {
        company_name: Some(req.name),
        phone: Some(req.phone),
        email: Some(req.email),
        credit_code: Some(req.credit_code),
        province: Some(req.province),
        city: Some(req.city),
        industry: Some(req.industry),
        website: Some(req.website),
        ..Default::default()
    };
    let f = crate::leads::parse_fields(&mut invalid, &raw);
    let name = invalid.finish(f.company_name.clone())?;
    let now = closer_store::now();
    let model = customer::Model {
        tenant_id: owned.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        name,
        owner_id: Some(owned.actor.user_id),
        industry: f.industry.flatten(),
        province: f.province.flatten(),
        city: f.city.flatten(),
        phone: f.phone.flatten(),
        email: f.email.flatten(),
        website: f.website.flatten(),
        credit_code: f.credit_code.flatten(),
        source: req
            .source
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty()),
        lead_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let c = owned
        .store
        .create_customer(owned.actor.user_id, model)
        .await?;
    Ok(Versioned(c.version, customer_dto(&c), StatusCode::CREATED).into_response())
}

#[utoipa::path(get, path = "/customers/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = CustomerDto), (status = 404, body = crate::error::Problem)))]
pub async fn get_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let c = owned.store.customer(path_id(&id)?).await?;
    let c = visible(&owned, c.owner_id, c)?;
    Ok(Versioned(c.version, customer_dto(&c), StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/customers", tag = "customers", params(ListQuery), responses((status = 200, body = ListOf<CustomerDto>)))]
pub async fn list_customers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    if q.count == Some(true) {
        return Ok(Json(Count {
            count: owned.store.count_customers(owned.visible_owners()).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .customers(
            q.q.as_deref(),
            owned.visible_owners(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(customer_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}

// ----- contacts -----

#[utoipa::path(get, path = "/contacts/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = ContactDto), (status = 404, body = crate::error::Problem)))]
pub async fn get_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let c = owned.store.contact(path_id(&id)?).await?;
    let c = visible(&owned, c.owner_id, c)?;
    Ok(Versioned(c.version, contact_dto(&c), StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/contacts", tag = "customers", params(ListQuery), responses((status = 200, body = ListOf<ContactDto>)))]
pub async fn list_contacts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ListOf<ContactDto>>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let customer = customer_param(&q)?;
    let page = owned
        .store
        .contacts(
            customer,
            owned.visible_owners(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(contact_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

// ----- sales processes and opportunities -----

#[derive(Serialize, ToSchema)]
pub struct StageDto {
    pub id: String,
    pub key: String,
    pub name: String,
    pub name_en: String,
    /// Percent, e.g. `"10"`.
    pub win_rate: String,
    pub is_won: bool,
    pub is_lost: bool,
    pub position: i32,
    pub tasks: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct ProcessDto {
    pub id: String,
    pub name: String,
    pub is_default: bool,
    pub stages: Vec<StageDto>,
}

#[utoipa::path(get, path = "/sales-processes", tag = "opportunities", responses((status = 200, body = ListOf<ProcessDto>)))]
pub async fn list_processes(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<ProcessDto>>> {
    let dir = policy::directory(&caller, &state);
    let items = dir
        .store
        .sales_processes()
        .await?
        .into_iter()
        .map(|(p, stages)| ProcessDto {
            id: p.id.to_string(),
            name: p.name,
            is_default: p.is_default,
            stages: stages
                .into_iter()
                .map(|s| StageDto {
                    id: s.id.to_string(),
                    key: s.key,
                    name: s.name,
                    name_en: s.name_en,
                    win_rate: format_percent(s.win_rate_bp),
                    is_won: s.is_won,
                    is_lost: s.is_lost,
                    position: s.position,
                    tasks: s.tasks,
                })
                .collect(),
        })
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOpportunity {
    pub customer_id: String,
    pub name: String,
    pub amount: MoneyInput,
    pub stage_id: Option<String>,
    pub expected_close_date: Option<chrono::NaiveDate>,
    pub owner_id: Option<String>,
}

#[utoipa::path(post, path = "/opportunities", tag = "opportunities", request_body = NewOpportunity,
    responses((status = 201, body = OpportunityDto), (status = 422, body = crate::error::Problem)))]
pub async fn create_opportunity(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewOpportunity>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    owned.require(Permission::OpportunitiesWrite)?;
    let name = Name::parse(&req.name)
        .map_err(|e| ApiError::invalid("name", e))?
        .into_string();
    let amount = money_field("amount", &req.amount, &caller.tenant.currency)?;
    let customer_id = parse_id(&req.customer_id)
        .map_err(|_| ApiError::field("customer_id", "unknown_reference"))?;
    let customer = owned
        .store
        .customer(customer_id)
        .await
        .map_err(|_| ApiError::field("customer_id", "unknown_reference"))?;
    if !owned.sees(customer.owner_id) {
        return Err(ApiError::field("customer_id", "unknown_reference"));
    }
    let stage = match req.stage_id.as_deref() {
        Some(s) => {
            let id = parse_id(s).map_err(|_| ApiError::field("stage_id", "unknown_reference"))?;
            owned
                .store
                .stage(id)
                .await
                .map_err(|_| ApiError::field("stage_id", "unknown_reference"))?
        }
        None => owned.store.first_stage().await?,
    };
    let owner = match req.owner_id.as_deref() {
        Some(o) => crate::leads::owner_field(&owned, o).await?,
        None => owned.actor.user_id,
    };
    let now = closer_store::now();
    let model = opportunity::Model {
        tenant_id: owned.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        customer_id,
        name,
        amount_minor: amount.minor(),
        currency: amount.currency().code().to_owned(),
        process_id: stage.process_id,
        stage_id: stage.id,
        expected_close_date: req.expected_close_date,
        owner_id: Some(owner),
        lead_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let o = owned
        .store
        .create_opportunity(owned.actor.user_id, model)
        .await?;
    Ok(Versioned(
        o.version,
        opportunity_dto(&o, &[stage]),
        StatusCode::CREATED,
    )
    .into_response())
}

#[utoipa::path(get, path = "/opportunities/{id}", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = OpportunityDto), (status = 404, body = crate::error::Problem)))]
pub async fn get_opportunity(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = owned.store.opportunity(path_id(&id)?).await?;
    let o = visible(&owned, o.owner_id, o)?;
    let stage = owned.store.stage(o.stage_id).await.ok();
    Ok(Versioned(
        o.version,
        opportunity_dto(&o, stage.as_slice()),
        StatusCode::OK,
    )
    .into_response())
}

#[utoipa::path(get, path = "/opportunities", tag = "opportunities", params(ListQuery), responses((status = 200, body = ListOf<OpportunityDto>)))]
pub async fn list_opportunities(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ListOf<OpportunityDto>>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let customer = customer_param(&q)?;
    let page = owned
        .store
        .opportunities(
            customer,
            owned.visible_owners(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    let stages: Vec<stage::Model> = owned
        .store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, s)| s)
        .collect();
    Ok(Json(ListOf {
        items: page
            .items
            .iter()
            .map(|o| opportunity_dto(o, &stages))
            .collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}
