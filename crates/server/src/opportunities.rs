//! Sales processes and opportunities: the records lead conversion makes, with create, read
//! and list (the opportunities issue grows them).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, money::format_percent, org::Permission, text::Name};
use closer_store::entity::{opportunity, stage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    customers::{customer_param, visible, ListQuery},
    dto::{ListOf, Versioned},
    error::{ApiError, ApiResult},
    extract::{cursor, limit, path_id, ApiJson, ApiQuery},
    leads::{money_dto, money_field, MoneyDto, MoneyInput},
    policy,
    session::Caller,
    AppState,
};

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
