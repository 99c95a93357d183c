//! Sales processes and opportunities: the records lead conversion makes, with create, read
//! and list (the opportunities issue grows them).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    ids::parse_id,
    opportunities::team::{check_competitors, Competitor},
    org::Permission,
    text::Name,
};
use closer_store::entity::{opportunity, stage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    opportunities::process::{stage_ref, StageRef},
    platform::caller::Caller,
    platform::dto::{money_dto, money_field, MoneyDto, MoneyInput},
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{limit, path_id, sorted_cursor, ApiJson, ApiQuery},
    platform::policy,
    platform::state::AppState,
};

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
    pub loss_reason: Option<String>,
    /// Keys of the current stage's checklist tasks that are done.
    pub done_tasks: Vec<String>,
    /// When the opportunity entered its current stage.
    pub stage_entered_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The other vendors in the deal.
    pub competitors: Vec<CompetitorDto>,
    /// The deal's main product: its whole amount counts for it in the pipeline report.
    pub product_id: Option<String>,
    /// The campaign that brought the deal (through its lead).
    pub campaign_id: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
    /// On a single opportunity read: whether the caller may change it (a team member from
    /// outside the owner's scope reads it only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_change: Option<bool>,
    /// Things worth a second look, such as `expected_close_date_past` on an open deal.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Another vendor in the deal, with what makes them strong or weak there.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct CompetitorDto {
    pub name: String,
    #[serde(default)]
    pub strengths: Option<String>,
    #[serde(default)]
    pub weaknesses: Option<String>,
}

fn competitors(o: &opportunity::Model) -> Vec<CompetitorDto> {
    o.competitors
        .as_ref()
        .and_then(|v| serde_json::from_value::<Vec<Competitor>>(v.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|c| CompetitorDto {
            name: c.name,
            strengths: c.strengths,
            weaknesses: c.weaknesses,
        })
        .collect()
}

/// The done task keys an opportunity keeps.
#[must_use]
pub fn done_tasks(o: &opportunity::Model) -> Vec<String> {
    o.done_tasks
        .as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
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
        loss_reason: o.loss_reason.clone(),
        done_tasks: done_tasks(o),
        stage_entered_at: o.stage_entered_at,
        closed_at: o.closed_at,
        competitors: competitors(o),
        product_id: o.product_id.map(|id| id.to_string()),
        campaign_id: o.campaign_id.map(|id| id.to_string()),
        created_at: o.created_at,
        version: o.version,
        can_change: None,
        warnings: Vec::new(),
    }
}

// ----- sales processes and opportunities -----

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOpportunity {
    pub customer_id: String,
    pub name: String,
    pub amount: MoneyInput,
    pub stage_id: Option<String>,
    pub expected_close_date: Option<chrono::NaiveDate>,
    pub owner_id: Option<String>,
    /// The deal's main product, from the catalogue.
    pub product_id: Option<String>,
}

/// A product of the catalogue named by a request field.
async fn product_field(owned: &policy::Owned, field: &str, text: &str) -> ApiResult<uuid::Uuid> {
    let id = parse_id(text).map_err(|_| ApiError::field(field, "unknown_reference"))?;
    owned
        .store
        .product(id)
        .await
        .map_err(|_| ApiError::field(field, "unknown_reference"))
        .map(|p| p.id)
}

#[utoipa::path(post, path = "/opportunities", tag = "opportunities", request_body = NewOpportunity,
    responses((status = 201, body = OpportunityDto), (status = 422, body = crate::platform::error::Problem)))]
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
    closer_domain::opportunities::process::StageKind::from_flags(stage.is_won, stage.is_lost)
        .and_then(closer_domain::opportunities::moves::check_new_deal_stage)
        .map_err(|e| ApiError::invalid("stage_id", e))?;
    let owner = match req.owner_id.as_deref() {
        Some(o) => crate::platform::policy::owner_field(&owned, o).await?,
        None => owned.actor.user_id,
    };
    let product_id = match req.product_id.as_deref() {
        Some(p) => Some(product_field(&owned, "product_id", p).await?),
        None => None,
    };
    let now = closer_store::now();
    let model = opportunity::Model {
        expected_close_date: req.expected_close_date,
        product_id,
        ..closer_store::opportunities::records::blank_opportunity(
            owned.store.tenant_id(),
            customer_id,
            name,
            (amount.minor(), amount.currency().code().to_owned()),
            &stage,
            Some(owner),
            now,
        )
    };
    let o = owned
        .store
        .create_opportunity(owned.actor.user_id, model)
        .await?;
    let dto = opportunity_dto(&o, &[stage]);
    crate::platform::webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "opportunity.created",
        serde_json::to_value(&dto).unwrap_or_default(),
    )
    .await;
    Ok(Versioned(o.version, dto, StatusCode::CREATED).into_response())
}

#[utoipa::path(get, path = "/opportunities/{id}", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = OpportunityDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_opportunity(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = policy::readable_opportunity(&owned, path_id(&id)?).await?;
    let stage = owned.store.stage(o.stage_id).await.ok();
    let mut dto = opportunity_dto(&o, stage.as_slice());
    dto.can_change = Some(
        owned.require(Permission::OpportunitiesWrite).is_ok()
            && o.owner_id.is_some()
            && owned.may_change(o.owner_id),
    );
    Ok(Versioned(o.version, dto, StatusCode::OK).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OpportunityQuery {
    pub customer_id: Option<String>,
    /// One stage: a kanban column, or a forecast figure's drill-through.
    pub stage_id: Option<String>,
    /// As the forecast: `YYYY`, `YYYY-Qn` or `YYYY-MM` of the expected close date.
    pub period: Option<String>,
    pub department_id: Option<String>,
    pub owner_id: Option<String>,
    pub process_id: Option<String>,
    /// `true`: the deals whose team the caller is on, wherever they sit in the org.
    pub on_my_team: Option<bool>,
    /// `true`: open deals only, as the forecast counts them; `false`: won and lost ones only.
    pub open: Option<bool>,
    /// Part of the name.
    pub q: Option<String>,
    /// `created_at` (an imported record's true date), `amount`, `name` or `updated_at` (by default
    /// as entered, newest first);
    /// `-` first for the reverse.
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true`: how many opportunities match, instead of a page.
    pub count: Option<bool>,
    /// `csv` or `xlsx`: every opportunity the filter finds, as a file (the columns the
    /// history import reads back).
    pub format: Option<String>,
}

#[utoipa::path(get, path = "/opportunities", tag = "opportunities", params(OpportunityQuery), responses((status = 200, body = crate::platform::dto::PageOrCount<OpportunityDto>, description = "A page, or with `count=true` the number of opportunities that match")))]
pub async fn list_opportunities(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<OpportunityQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let parse = |field: &str, v: &Option<String>| -> ApiResult<Option<uuid::Uuid>> {
        v.as_deref()
            .map(|t| parse_id(t).map_err(|_| ApiError::field(field, "invalid_format")))
            .transpose()
    };
    let customer = parse("customer_id", &q.customer_id)?;
    let stage_id = parse("stage_id", &q.stage_id)?;
    let filter = if q.period.is_some()
        || q.department_id.is_some()
        || q.owner_id.is_some()
        || q.process_id.is_some()
    {
        let scope = crate::opportunities::scope::scope(
            &owned,
            &crate::opportunities::scope::ForecastQuery {
                period: q.period.clone(),
                department_id: q.department_id.clone(),
                owner_id: q.owner_id.clone(),
                process_id: q.process_id.clone(),
            },
        )
        .await?;
        closer_store::opportunities::records::ForecastFilter {
            stage_id,
            // A list asks about one process only when told to.
            process_id: q.process_id.as_ref().and(scope.filter.process_id),
            ..scope.filter
        }
    } else {
        closer_store::opportunities::records::ForecastFilter {
            owners: owned.visible_owners().cloned(),
            stage_id,
            ..Default::default()
        }
    };
    // Being on a deal's team is what lets the caller read it, so the owner scope gives way.
    let filter = if q.on_my_team == Some(true) {
        closer_store::opportunities::records::ForecastFilter {
            team_member: Some(owned.actor.user_id),
            owners: parse("owner_id", &q.owner_id)?.map(|o| vec![o]),
            ..filter
        }
    } else {
        filter
    };
    let filter = closer_store::opportunities::records::ForecastFilter {
        open: q.open,
        ..filter
    };
    let sort = match q.sort.as_deref() {
        None => closer_store::platform::page::Sort::default(),
        Some(text) => closer_store::platform::page::Sort::parse(
            text,
            &closer_store::opportunities::records::OpportunitySort::FIELDS,
        )
        .ok_or_else(|| ApiError::field("sort", "not_allowed"))?,
    };
    if let Some(format) = q.format.as_deref() {
        let rows = crate::opportunities::export::opportunity_rows(
            &state.report_store(caller.actor.tenant_id),
            &crate::opportunities::export::OpportunityExport {
                filter: &filter,
                customer,
                q: q.q.as_deref(),
                sort,
            },
            &caller.tenant.time_zone,
        )
        .await?;
        return crate::platform::export::table_response(
            format,
            "opportunities",
            &crate::opportunities::export::OPPORTUNITY_COLUMNS,
            rows,
        );
    }
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned
                .store
                .count_opportunities(&filter, customer, q.q.as_deref())
                .await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .opportunity_search_page(
            &filter,
            customer,
            q.q.as_deref(),
            sort,
            sorted_cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    let stages = all_stages(&owned).await?;
    Ok(Json(ListOf {
        items: page
            .items
            .iter()
            .map(|o| opportunity_dto(o, &stages))
            .collect(),
        next_cursor: page.cursor_text(),
    })
    .into_response())
}

// ----- stage moves, checklists, edits -----

/// A stage row as the domain rules see it.
fn domain_stage(
    s: &stage::Model,
) -> Result<closer_domain::opportunities::process::Stage, ApiError> {
    use closer_domain::opportunities::process::{Stage, StageKey, StageKind, Task, WinRate};
    let tasks: Vec<Task> = serde_json::from_value(s.tasks.clone()).unwrap_or_default();
    Ok(Stage {
        key: StageKey::parse(&s.key).map_err(|_| ApiError::internal())?,
        name: Name::parse(&s.name).map_err(|_| ApiError::internal())?,
        name_en: Name::parse(&s.name_en).ok(),
        win_rate: WinRate::from_bp(s.win_rate_bp).map_err(|_| ApiError::internal())?,
        kind: StageKind::from_flags(s.is_won, s.is_lost).map_err(|_| ApiError::internal())?,
        position: s.position,
        tasks,
    })
}

async fn all_stages(owned: &policy::Owned) -> ApiResult<Vec<stage::Model>> {
    Ok(owned
        .store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, s)| s)
        .collect())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageMoveRequest {
    pub stage_id: String,
    /// Required when moving to a lost stage.
    pub loss_reason: Option<String>,
    /// Required when moving out of a won or lost stage (reopening, or a win turned into a
    /// loss), which also takes `opportunities.reopen`; kept in the deal's history.
    pub reopen_reason: Option<String>,
}

#[utoipa::path(post, path = "/opportunities/{id}/stage", tag = "opportunities", params(("id" = String, Path)), request_body = StageMoveRequest,
    responses((status = 200, body = OpportunityDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn move_stage(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: crate::platform::extract::IfMatch,
    ApiJson(req): ApiJson<StageMoveRequest>,
) -> ApiResult<Response> {
    use closer_domain::opportunities::moves::{
        check_reopen, check_stage_move, MoveRefused, StageMove,
    };
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = policy::changeable_opportunity(&owned, &id).await?;
    if_match.check(o.version)?;
    let version = if_match.0;
    let stages = all_stages(&owned).await?;
    let to = parse_id(&req.stage_id)
        .ok()
        .and_then(|sid| {
            stages
                .iter()
                .find(|s| s.id == sid && s.process_id == o.process_id)
        })
        .ok_or_else(|| ApiError::field("stage_id", "unknown_reference"))?;
    let from = stages
        .iter()
        .find(|s| s.id == o.stage_id)
        .ok_or_else(ApiError::internal)?;
    let reopen_reason = if (from.is_won || from.is_lost) && from.id != to.id {
        policy::may_reopen(&caller)?;
        check_reopen(
            &domain_stage(from)?,
            &domain_stage(to)?,
            req.reopen_reason.as_deref(),
        )
        .map_err(|e| ApiError::invalid("reopen_reason", e))?
    } else {
        None
    };
    let done = done_tasks(&o);
    let verdict = check_stage_move(
        &domain_stage(from)?,
        &done,
        &domain_stage(to)?,
        req.loss_reason.as_deref(),
    );
    let loss_reason = match verdict {
        Ok(StageMove::Unchanged) => {
            return Ok(
                Versioned(o.version, opportunity_dto(&o, &stages), StatusCode::OK).into_response(),
            )
        }
        Ok(StageMove::Moved { loss_reason }) => loss_reason,
        Err(MoveRefused::OpenRequiredTasks(keys)) => {
            let mut e = ApiError::conflict("required_tasks_open");
            for k in keys {
                e = e.with_field(&format!("tasks.{}", k.as_str()), "required", None);
            }
            return Err(e);
        }
        Err(MoveRefused::LossReason(err)) => return Err(ApiError::invalid("loss_reason", err)),
    };
    let saved = owned
        .store
        .move_opportunity(
            owned.actor.user_id,
            o.id,
            version,
            to,
            closer_store::opportunities::records::MoveNotes {
                loss_reason,
                reopen_reason,
            },
            closer_store::now(),
        )
        .await?;
    let dto = opportunity_dto(&saved, &stages);
    let data = serde_json::to_value(&dto).unwrap_or_default();
    let event = if to.is_won {
        "opportunity.won"
    } else if to.is_lost {
        "opportunity.lost"
    } else {
        "opportunity.stage_changed"
    };
    crate::platform::webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "opportunity.stage_changed",
        data.clone(),
    )
    .await;
    if event != "opportunity.stage_changed" {
        crate::platform::webhooks::publish(&state, caller.actor.tenant_id, event, data).await;
    }
    Ok(Versioned(saved.version, dto, StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskCheck {
    /// A task of the opportunity's current stage.
    pub task_key: String,
    pub done: bool,
}

#[utoipa::path(post, path = "/opportunities/{id}/tasks", tag = "opportunities", params(("id" = String, Path)), request_body = TaskCheck,
    responses((status = 200, body = OpportunityDto), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn check_task(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: crate::platform::extract::IfMatch,
    ApiJson(req): ApiJson<TaskCheck>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = policy::changeable_opportunity(&owned, &id).await?;
    if_match.check(o.version)?;
    let version = if_match.0;
    let stages = all_stages(&owned).await?;
    let stage = stages
        .iter()
        .find(|s| s.id == o.stage_id)
        .ok_or_else(ApiError::internal)?;
    let known = domain_stage(stage)?
        .tasks
        .iter()
        .any(|t| t.key().as_str() == req.task_key);
    if !known {
        return Err(ApiError::field("task_key", "unknown_reference"));
    }
    let key = req.task_key.clone();
    let saved = owned
        .store
        .update_opportunity(owned.actor.user_id, o.id, version, |m| {
            let mut done = done_tasks(m);
            done.retain(|k| *k != key);
            if req.done {
                done.push(key);
            }
            m.done_tasks = Some(serde_json::json!(done));
        })
        .await?;
    Ok(Versioned(
        saved.version,
        opportunity_dto(&saved, &stages),
        StatusCode::OK,
    )
    .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityPatch {
    pub name: Option<String>,
    pub amount: Option<MoneyInput>,
    #[serde(default, deserialize_with = "crate::platform::dto::nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub expected_close_date: Option<Option<chrono::NaiveDate>>,
    pub owner_id: Option<String>,
    /// Replaces the competitor list (at most 20, names unique).
    pub competitors: Option<Vec<CompetitorDto>>,
    /// The deal's main product; null clears it.
    #[serde(default, deserialize_with = "crate::platform::dto::nullable")]
    #[schema(value_type = Option<String>)]
    pub product_id: Option<Option<String>>,
}

#[utoipa::path(patch, path = "/opportunities/{id}", tag = "opportunities", params(("id" = String, Path)), request_body = OpportunityPatch,
    responses((status = 200, body = OpportunityDto), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_opportunity(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    crate::platform::extract::IfMatch(version): crate::platform::extract::IfMatch,
    ApiJson(req): ApiJson<OpportunityPatch>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = policy::changeable_opportunity(&owned, &id).await?;
    let mut invalid = crate::platform::error::Invalid::default();
    let name = req
        .name
        .as_deref()
        .and_then(|n| invalid.check("name", Name::parse(n)).map(Name::into_string));
    let amount = match &req.amount {
        None => None,
        Some(a) => match money_field("amount", a, &caller.tenant.currency) {
            Ok(m) if m.minor() >= 0 => Some(m.minor()),
            Ok(_) => {
                invalid.push("amount.amount", "not_allowed");
                None
            }
            Err(e) => {
                invalid.absorb(e);
                None
            }
        },
    };
    let rivals = req.competitors.as_ref().and_then(|list| {
        let list: Vec<Competitor> = list
            .iter()
            .map(|c| Competitor {
                name: c.name.clone(),
                strengths: c.strengths.clone(),
                weaknesses: c.weaknesses.clone(),
            })
            .collect();
        check_competitors(&list)
            .map_err(|problems| {
                for p in problems {
                    invalid.check::<()>(&p.field, Err(p.error));
                }
            })
            .ok()
    });
    invalid.finish(Some(()))?;
    let owner = match req.owner_id.as_deref() {
        Some(text) => Some(crate::platform::policy::owner_field(&owned, text).await?),
        None => None,
    };
    let product = match &req.product_id {
        Some(Some(p)) => Some(Some(product_field(&owned, "product_id", p).await?)),
        Some(None) => Some(None),
        None => None,
    };
    let stages = all_stages(&owned).await?;
    let saved = owned
        .store
        .update_opportunity(owned.actor.user_id, o.id, version, |m| {
            if let Some(n) = name {
                m.name = n;
            }
            if let Some(a) = amount {
                m.amount_minor = a;
            }
            if let Some(d) = req.expected_close_date {
                m.expected_close_date = d;
            }
            if let Some(u) = owner {
                m.owner_id = Some(u);
            }
            if let Some(list) = rivals {
                m.competitors = (!list.is_empty()).then(|| serde_json::json!(list));
            }
            if let Some(p) = product {
                m.product_id = p;
            }
        })
        .await?;
    let mut dto = opportunity_dto(&saved, &stages);
    let open = stages
        .iter()
        .find(|s| s.id == saved.stage_id)
        .is_some_and(|s| !s.is_won && !s.is_lost);
    let today = closer_store::now().date_naive();
    if open && saved.expected_close_date.is_some_and(|d| d < today) {
        dto.warnings.push("expected_close_date_past".into());
    }
    Ok(Versioned(saved.version, dto, StatusCode::OK).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct StageChangeDto {
    pub from_stage_id: Option<String>,
    pub to_stage_id: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub amount: MoneyDto,
    pub expected_close_date: Option<chrono::NaiveDate>,
    pub actor_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TimeInStageDto {
    pub stage_id: String,
    pub visits: u32,
    pub seconds: i64,
}

#[derive(Serialize, ToSchema)]
pub struct StageHistoryDto {
    /// Oldest first; a row whose `from_stage_id` is its `to_stage_id` records an edit of the
    /// amount or close date.
    pub items: Vec<StageChangeDto>,
    /// Time spent in each stage, the current stay counted up to now.
    pub time_in_stages: Vec<TimeInStageDto>,
}

#[utoipa::path(get, path = "/opportunities/{id}/stage-history", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = StageHistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn stage_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<StageHistoryDto>> {
    use closer_domain::opportunities::forecast::{time_in_stages, StageChange};
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = policy::readable_opportunity(&owned, path_id(&id)?).await?;
    let rows = owned.store.stage_history(o.id).await?;
    let changes: Vec<StageChange> = rows.iter().map(|r| r.as_domain()).collect();
    let times = time_in_stages(&changes, closer_store::now());
    Ok(Json(StageHistoryDto {
        items: rows
            .iter()
            .map(|r| StageChangeDto {
                from_stage_id: r.from_stage_id.map(|s| s.to_string()),
                to_stage_id: r.to_stage_id.to_string(),
                at: r.at,
                amount: money_dto(r.amount_minor, &o.currency),
                expected_close_date: r.expected_close_date,
                actor_id: r.actor_id.map(|a| a.to_string()),
            })
            .collect(),
        time_in_stages: times
            .iter()
            .map(|t| TimeInStageDto {
                stage_id: t.stage_id.to_string(),
                visits: t.visits,
                seconds: t.seconds,
            })
            .collect(),
    }))
}

// ----- sales process administration -----
