//! Approvals of contracts through the approval engine: the flows administrators keep, each
//! approver's inbox, approve / reject / return / recall, and delegations to a stand-in.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::ids::parse_id;
use closer_domain::{
    approvals::{check_steps, Approvers, Decision, StepRule},
    money::Currency,
};
use closer_store::{
    entity::{approval_flow, delegation},
    platform::approvals::{ApprovalFilter, ApprovalView, Finished},
    ApprovedRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, ListOf, MoneyDto, Versioned},
    error::{ApiError, ApiResult, Invalid},
    extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    policy,
    state::AppState,
    webhooks,
};

/// The record types that have approval flows.
const RECORD_TYPES: [&str; 2] = ["contract", "refund"];

#[derive(Serialize, ToSchema)]
pub struct FlowDto {
    pub id: String,
    pub record_type: String,
    pub name: String,
    pub steps: Vec<StepRule>,
    /// The flow in use for its record type.
    pub active: bool,
    /// Every save is a new version; approvals under way keep theirs.
    pub version: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

fn flow_dto(f: &approval_flow::Model) -> FlowDto {
    FlowDto {
        id: f.id.to_string(),
        record_type: f.record_type.clone(),
        name: f.name.clone(),
        steps: serde_json::from_value(f.steps.clone()).unwrap_or_default(),
        active: f.active,
        version: f.version,
        updated_at: f.updated_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowInput {
    /// `contract`.
    pub record_type: String,
    pub name: String,
    pub steps: Vec<StepRule>,
    /// Default true: the flow used from now on for its record type.
    pub active: Option<bool>,
}

/// Checks a flow against the tenant: steps well formed, named users, roles and departments
/// existing.
async fn check_flow(
    admin: &policy::SettingsAdmin,
    currency: &str,
    req: &FlowInput,
) -> ApiResult<()> {
    let mut invalid = Invalid::default();
    if !RECORD_TYPES.contains(&req.record_type.as_str()) {
        invalid.push("record_type", "not_allowed");
    }
    invalid.check("name", closer_domain::text::Name::parse(&req.name));
    let currency = Currency::parse(currency).unwrap_or(Currency::Cny);
    if let Err(errors) = check_steps(&req.steps, currency) {
        for e in errors {
            invalid.check::<()>(&e.field, Err(e.error));
        }
    }
    let departments = admin.store.departments().await?;
    let roles = admin.store.roles().await?;
    for (i, s) in req.steps.iter().enumerate() {
        let field = format!("steps[{i}].approvers");
        match &s.approvers {
            Approvers::User { user_id } => {
                let active = admin.store.user(*user_id).await.is_ok_and(|u| u.active);
                if !active {
                    invalid.push(&format!("{field}.user_id"), "unknown_reference");
                }
            }
            Approvers::Role { role_key } => {
                if !roles.iter().any(|r| &r.key == role_key) {
                    invalid.push(&format!("{field}.role_key"), "unknown_reference");
                }
            }
            Approvers::HeadOf { department_id } => {
                if !departments.iter().any(|d| d.id == *department_id) {
                    invalid.push(&format!("{field}.department_id"), "unknown_reference");
                }
            }
            Approvers::DepartmentHead { .. } => {}
        }
        if let Some(w) = &s.when {
            if w.field == closer_domain::approvals::Field::Department {
                let known = Uuid::parse_str(w.value.trim())
                    .is_ok_and(|d| departments.iter().any(|x| x.id == d));
                if !known {
                    invalid.push(&format!("steps[{i}].when.value"), "unknown_reference");
                }
            }
        }
    }
    invalid.finish(Some(()))
}

#[utoipa::path(get, path = "/approval-flows", tag = "contracts",
    responses((status = 200, body = ListOf<FlowDto>), (status = 403, body = crate::platform::error::Problem)))]
pub async fn list_flows(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<FlowDto>>> {
    let admin = policy::settings_admin(&caller, &state)?;
    Ok(Json(ListOf {
        items: admin
            .store
            .approval_flows()
            .await?
            .iter()
            .map(flow_dto)
            .collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(get, path = "/approval-flows/{id}", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = FlowDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_flow(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let f = admin.store.approval_flow(path_id(&id)?).await?;
    Ok(Versioned(f.version, flow_dto(&f), StatusCode::OK).into_response())
}

#[utoipa::path(post, path = "/approval-flows", tag = "contracts", request_body = FlowInput,
    responses((status = 201, body = FlowDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_flow(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<FlowInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    check_flow(&admin, &caller.tenant.currency, &req).await?;
    let now = closer_store::now();
    let f = approval_flow::Model {
        tenant_id: admin.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        record_type: req.record_type,
        name: req.name.trim().to_owned(),
        steps: serde_json::to_value(&req.steps).map_err(|_| ApiError::internal())?,
        active: req.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let f = admin.store.create_approval_flow(admin.actor, f).await?;
    Ok(Versioned(f.version, flow_dto(&f), StatusCode::CREATED).into_response())
}

#[utoipa::path(put, path = "/approval-flows/{id}", tag = "contracts", params(("id" = String, Path)), request_body = FlowInput,
    responses((status = 200, body = FlowDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_flow(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<FlowInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let before = admin.store.approval_flow(path_id(&id)?).await?;
    IfMatch(version).check(before.version)?;
    if req.record_type != before.record_type {
        return Err(ApiError::field("record_type", "not_allowed"));
    }
    check_flow(&admin, &caller.tenant.currency, &req).await?;
    let steps = serde_json::to_value(&req.steps).map_err(|_| ApiError::internal())?;
    let f = admin
        .store
        .update_approval_flow(admin.actor, before.id, version, |m| {
            m.name = req.name.trim().to_owned();
            m.steps = steps;
            m.active = req.active.unwrap_or(m.active);
        })
        .await?;
    Ok(Versioned(f.version, flow_dto(&f), StatusCode::OK).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct DecisionDto {
    pub user_id: String,
    /// The approver this one stood in for (a delegation, or a deactivated approver's head).
    pub on_behalf_of: Option<String>,
    /// `pending`, `approved`, `rejected`, `returned` or `cancelled` (another decided).
    pub decision: String,
    pub comment: Option<String>,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct StepDto {
    pub name: String,
    /// `any` or `all`.
    pub mode: String,
    /// `waiting`, `pending`, `approved`, `rejected`, `returned` or `cancelled`.
    pub status: String,
    /// Who is (or was) asked.
    pub approvers: Vec<String>,
    pub decisions: Vec<DecisionDto>,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct TrailDto {
    pub at: chrono::DateTime<chrono::Utc>,
    pub user_id: Option<String>,
    /// `submitted`, `approved`, `rejected`, `returned`, `recalled`, `delegated`, `reassigned`.
    pub action: String,
    pub step: Option<i32>,
    /// The comment; for `delegated` and `reassigned`, the id of the approver stood in for.
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApprovalDto {
    pub id: String,
    pub record_type: String,
    pub record_id: String,
    /// The record's revision being approved.
    pub record_revision: i32,
    pub title: String,
    pub amount: MoneyDto,
    /// `pending`, `approved`, `rejected`, `returned` or `recalled`.
    pub status: String,
    pub flow_id: String,
    pub flow_version: i32,
    pub submitted_by: String,
    pub current_step: i32,
    pub steps: Vec<StepDto>,
    pub trail: Vec<TrailDto>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    pub version: i32,
}

fn approval_dto(v: &ApprovalView) -> ApprovalDto {
    let a = &v.approval;
    ApprovalDto {
        id: a.id.to_string(),
        record_type: a.record_type.clone(),
        record_id: a.record_id.to_string(),
        record_revision: a.record_revision,
        title: a.title.clone(),
        amount: money_dto(a.amount_minor, &a.currency),
        status: a.status.clone(),
        flow_id: a.flow_id.to_string(),
        flow_version: a.flow_version,
        submitted_by: a.submitted_by.to_string(),
        current_step: a.current_step,
        steps: v
            .steps
            .iter()
            .map(|s| {
                let tasks: Vec<_> = v.tasks.iter().filter(|t| t.step_id == s.id).collect();
                StepDto {
                    name: s.name.clone(),
                    mode: s.mode.clone(),
                    status: s.status.clone(),
                    approvers: tasks.iter().map(|t| t.user_id.to_string()).collect(),
                    decisions: tasks
                        .iter()
                        .map(|t| DecisionDto {
                            user_id: t.user_id.to_string(),
                            on_behalf_of: t.on_behalf_of.map(|u| u.to_string()),
                            decision: t.status.clone(),
                            comment: t.comment.clone(),
                            at: t.decided_at,
                        })
                        .collect(),
                    started_at: s.started_at,
                }
            })
            .collect(),
        trail: v
            .trail
            .iter()
            .map(|t| TrailDto {
                at: t.at,
                user_id: t.user_id.map(|u| u.to_string()),
                action: t.action.clone(),
                step: t.step_position,
                comment: t.comment.clone(),
            })
            .collect(),
        created_at: a.created_at,
        decided_at: a.decided_at,
        version: a.version,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ApprovalQuery {
    /// `true`: waiting for my decision (the inbox).
    pub mine: Option<bool>,
    /// `true`: the ones I submitted.
    pub submitted: Option<bool>,
    /// `pending`, `approved`, `rejected`, `returned` or `recalled`.
    pub status: Option<String>,
    /// The approvals of one record (`record_type` defaults to `contract`).
    pub record_id: Option<String>,
    /// With `mine=true`: answer `{"count"}`, how many wait for my decision (the menu's badge).
    pub count: Option<bool>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/approvals", tag = "contracts", params(ApprovalQuery),
    responses((status = 200, body = crate::platform::dto::PageOrCount<ApprovalDto>, description = "A page, or with `count=true` the number of records that match"), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_approvals(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ApprovalQuery>,
) -> ApiResult<Response> {
    let own = policy::own(&caller, &state);
    if q.count == Some(true) {
        if q.mine != Some(true) {
            return Err(ApiError::field("count", "not_allowed"));
        }
        return Ok(Json(crate::platform::dto::Count {
            count: own.store.approvals_waiting_for(own.user_id).await?,
        })
        .into_response());
    }
    let statuses = ["pending", "approved", "rejected", "returned", "recalled"];
    if let Some(s) = q.status.as_deref() {
        if !statuses.contains(&s) {
            return Err(ApiError::field("status", "not_allowed"));
        }
    }
    let record_id = q
        .record_id
        .as_deref()
        .map(|r| parse_id(r).map_err(|_| ApiError::field("record_id", "invalid_format")))
        .transpose()?;
    let mine = q.mine == Some(true);
    let filter = ApprovalFilter {
        // The inbox lists open tasks: only pending approvals have them.
        waiting_for: mine.then_some(own.user_id),
        submitted_by: (q.submitted == Some(true) || (!mine && record_id.is_none()))
            .then_some(own.user_id),
        status: q.status.clone(),
        record_type: record_id.map(|_| "contract".to_owned()),
        record_id,
    };
    if let Some(r) = record_id {
        // The approvals of a record: for whoever may read the record.
        let owned = policy::owned(
            &caller,
            &state,
            closer_domain::org::Permission::ContractsRead,
        )
        .await?;
        policy::readable_contract(&owned, r).await?;
    }
    if mine && q.status.as_deref().is_some_and(|s| s != "pending") {
        return Ok(Json(ListOf::<ApprovalDto> {
            items: Vec::new(),
            next_cursor: None,
        })
        .into_response());
    }
    let page = own
        .store
        .approvals(&filter, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    let views = own.store.approval_parts(page.items).await?;
    Ok(Json(ListOf {
        items: views.iter().map(approval_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}

#[utoipa::path(get, path = "/approvals/{id}", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = ApprovalDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_approval(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let own = policy::own(&caller, &state);
    let v = own.store.approval(path_id(&id)?).await?;
    if !policy::may_read_approval(&caller, &state, &v.approval).await? {
        return Err(ApiError::not_found());
    }
    Ok(Versioned(v.approval.version, approval_dto(&v), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// Required to reject or return.
    pub comment: Option<String>,
}

/// Tells webhooks how a contract's approval ended.
async fn publish_decision(
    state: &AppState,
    caller: &Caller,
    id: uuid::Uuid,
    contract: &closer_store::entity::contract::Model,
    finished: Finished,
) {
    let data = serde_json::json!({
        "approval_id": id.to_string(),
        "contract_id": contract.id.to_string(),
        "number": contract.number,
        "status": contract.status,
        "revision": contract.revision,
    });
    match finished {
        Finished::Approved => {
            webhooks::publish(
                state,
                caller.actor.tenant_id,
                "contract.approved",
                data.clone(),
            )
            .await;
            if contract.status == "active" {
                webhooks::publish(state, caller.actor.tenant_id, "contract.activated", data).await;
            }
        }
        Finished::Rejected => {
            webhooks::publish(state, caller.actor.tenant_id, "contract.rejected", data).await;
        }
        Finished::Returned | Finished::No => {}
    }
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    id: &str,
    decision: Decision,
    comment: Option<String>,
) -> ApiResult<Response> {
    let own = policy::own(caller, state);
    let id = path_id(id)?;
    let a = own.store.approval_record(id).await?;
    if !policy::may_read_approval(caller, state, &a).await? {
        return Err(ApiError::not_found());
    }
    // A decided or recalled approval is a conflict whoever asks.
    if a.status != "pending" {
        return Err(ApiError::conflict("approval_decided"));
    }
    let comment = closer_domain::text::optional_text(comment.as_deref(), 2000)
        .map_err(|e| ApiError::invalid("comment", e))?;
    if decision.needs_comment() && comment.is_none() {
        return Err(ApiError::field("comment", "required"));
    }
    let (record, finished) = own
        .store
        .decide_approval(
            own.user_id,
            id,
            decision,
            comment,
            calendar::today(&caller.tenant.time_zone),
        )
        .await
        .map_err(|e| match e {
            closer_store::StoreError::Forbidden => {
                ApiError::new(StatusCode::FORBIDDEN, "not_an_approver")
            }
            other => other.into(),
        })?;
    if let ApprovedRecord::Contract(contract) = record {
        publish_decision(state, caller, id, &contract, finished).await;
    }
    let v = own.store.approval(id).await?;
    Ok(Versioned(v.approval.version, approval_dto(&v), StatusCode::OK).into_response())
}

#[utoipa::path(post, path = "/approvals/{id}/approve", tag = "contracts", params(("id" = String, Path)), request_body(content = Option<DecisionInput>),
    responses((status = 200, body = ApprovalDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    // The body is optional here: an approval needs no comment.
    let comment = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        crate::platform::extract::parse_json::<DecisionInput>(&body)?.comment
    };
    decide(&state, &caller, &id, Decision::Approve, comment).await
}

#[utoipa::path(post, path = "/approvals/{id}/reject", tag = "contracts", params(("id" = String, Path)), request_body = DecisionInput,
    responses((status = 200, body = ApprovalDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DecisionInput>,
) -> ApiResult<Response> {
    decide(&state, &caller, &id, Decision::Reject, req.comment).await
}

#[utoipa::path(post, path = "/approvals/{id}/return", tag = "contracts", params(("id" = String, Path)), request_body = DecisionInput,
    responses((status = 200, body = ApprovalDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn return_to_submitter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DecisionInput>,
) -> ApiResult<Response> {
    decide(&state, &caller, &id, Decision::Return, req.comment).await
}

#[utoipa::path(post, path = "/approvals/{id}/recall", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = ApprovalDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn recall(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let own = policy::own(&caller, &state);
    let id = path_id(&id)?;
    let a = own.store.approval_record(id).await?;
    if !policy::may_read_approval(&caller, &state, &a).await? {
        return Err(ApiError::not_found());
    }
    if a.status != "pending" {
        return Err(ApiError::conflict("approval_decided"));
    }
    own.store
        .recall_approval(own.user_id, id)
        .await
        .map_err(|e| match e {
            closer_store::StoreError::Forbidden => {
                ApiError::new(StatusCode::FORBIDDEN, "not_the_submitter")
            }
            other => other.into(),
        })?;
    let v = own.store.approval(id).await?;
    Ok(Versioned(v.approval.version, approval_dto(&v), StatusCode::OK).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct DelegationDto {
    pub id: String,
    pub user_id: String,
    pub delegate_id: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
}

fn delegation_dto(d: &delegation::Model) -> DelegationDto {
    DelegationDto {
        id: d.id.to_string(),
        user_id: d.user_id.to_string(),
        delegate_id: d.delegate_id.to_string(),
        starts_on: d.starts_on,
        ends_on: d.ends_on,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegationInput {
    /// Who decides in my place.
    pub delegate_id: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
}

#[utoipa::path(get, path = "/approvals/delegations", tag = "contracts",
    responses((status = 200, body = ListOf<DelegationDto>)))]
pub async fn list_delegations(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<DelegationDto>>> {
    let own = policy::own(&caller, &state);
    Ok(Json(ListOf {
        items: own
            .store
            .delegations(Some(own.user_id))
            .await?
            .iter()
            .map(delegation_dto)
            .collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/approvals/delegations", tag = "contracts", request_body = DelegationInput,
    responses((status = 201, body = DelegationDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_delegation(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<DelegationInput>,
) -> ApiResult<Response> {
    let own = policy::own(&caller, &state);
    let mut invalid = Invalid::default();
    let delegate = match parse_id(&req.delegate_id) {
        Ok(id) if id != own.user_id => match own.store.user(id).await {
            Ok(u) if u.active => Some(u.id),
            _ => {
                invalid.push("delegate_id", "unknown_reference");
                None
            }
        },
        _ => {
            invalid.push("delegate_id", "unknown_reference");
            None
        }
    };
    if req.ends_on < req.starts_on {
        invalid.push("ends_on", "before_start");
    }
    invalid.finish(Some(()))?;
    let now = closer_store::now();
    let d = own
        .store
        .create_delegation(
            own.user_id,
            delegation::Model {
                tenant_id: own.store.tenant_id(),
                id: closer_domain::ids::new_id(),
                user_id: own.user_id,
                delegate_id: delegate.unwrap_or_default(),
                starts_on: req.starts_on,
                ends_on: req.ends_on,
                created_at: now,
                updated_at: now,
                version: 1,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(delegation_dto(&d))).into_response())
}

#[utoipa::path(delete, path = "/approvals/delegations/{id}", tag = "contracts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::platform::error::Problem)))]
pub async fn delete_delegation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let own = policy::own(&caller, &state);
    own.store
        .delete_delegation(own.user_id, path_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reminds approvers sitting on a step for longer than a day (once per step), every tenant.
pub async fn remind(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::platform::state::JobOutcome {
    let mut reminded = 0;
    for tenant in state.store.tenants().await.map_err(|e| e.to_string())? {
        reminded += policy::background(state, tenant.tenant_id)
            .remind_waiting_approvers(now - chrono::Duration::hours(24))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(Some(serde_json::json!({ "reminded": reminded })))
}
