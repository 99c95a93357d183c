//! Visit rules (`/visit-rules`) and the weekly tasks they make (`GET /visit-tasks`), with
//! live progress from logged visits.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use closer_domain::{
    ids::parse_id,
    org::Permission,
    targets::{
        format_rate, rate_bp,
        visits::{check_per_week, Counts},
        Week,
    },
    text::Name,
};
use closer_store::{entity::visit_rule, targets::visits::NewVisitRule};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::org::Org;
use crate::platform::{
    calendar,
    caller::Caller,
    dto::ListOf,
    error::{ApiError, ApiResult, Invalid},
    extract::{path_id, ApiJson, ApiQuery},
    policy,
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct VisitRuleDto {
    pub id: String,
    pub name: String,
    pub per_week: i32,
    /// `new_customers` (visited for the first time by the rep), `customers` or `visits`.
    pub counts: String,
    /// The rule applies to people in this department and below (`null`: everyone).
    pub department_id: Option<String>,
    /// … with this role (`null`: any).
    pub role_id: Option<String>,
    pub active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn rule_dto(r: &visit_rule::Model) -> VisitRuleDto {
    VisitRuleDto {
        id: r.id.to_string(),
        name: r.name.clone(),
        per_week: r.per_week,
        counts: r.counts.clone(),
        department_id: r.department_id.map(|d| d.to_string()),
        role_id: r.role_id.map(|d| d.to_string()),
        active: r.active,
        created_at: r.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitRuleInput {
    pub name: String,
    pub per_week: i32,
    pub counts: Option<String>,
    pub department_id: Option<String>,
    pub role_id: Option<String>,
}

#[utoipa::path(get, path = "/visit-rules", tag = "targets",
    responses((status = 200, body = ListOf<VisitRuleDto>)))]
pub async fn list_rules(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<VisitRuleDto>>> {
    let owned = policy::owned(&caller, &state, Permission::TargetsRead).await?;
    let rules = owned.store.visit_rules().await?;
    Ok(Json(ListOf {
        items: rules.iter().map(rule_dto).collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/visit-rules", tag = "targets", request_body = VisitRuleInput,
    responses((status = 201, body = VisitRuleDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_rule(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<VisitRuleInput>,
) -> ApiResult<(StatusCode, Json<VisitRuleDto>)> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&req.name));
    let per_week = invalid.check("per_week", check_per_week(req.per_week));
    let counts = invalid.check(
        "counts",
        req.counts
            .as_deref()
            .map_or(Ok(Counts::NewCustomers), Counts::parse),
    );
    let org = Org::load(&owned.store).await?;
    let department_id = match req.department_id.as_deref() {
        Some(d) => match parse_id(d).ok().filter(|d| org.department(*d).is_some()) {
            Some(d) => Some(d),
            None => {
                invalid.push("department_id", "unknown_reference");
                None
            }
        },
        None => None,
    };
    let roles = owned.store.roles().await?;
    let role_id = match req.role_id.as_deref() {
        Some(r) => match parse_id(r)
            .ok()
            .filter(|r| roles.iter().any(|x| x.id == *r))
        {
            Some(r) => Some(r),
            None => {
                invalid.push("role_id", "unknown_reference");
                None
            }
        },
        None => None,
    };
    let (name, (per_week, counts)) = invalid.finish(name.zip(per_week.zip(counts)))?;
    let rule = owned
        .store
        .create_visit_rule(
            owned.actor.user_id,
            NewVisitRule {
                name: name.as_str().to_owned(),
                per_week,
                counts,
                department_id,
                role_id,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(rule_dto(&rule))))
}

#[utoipa::path(delete, path = "/visit-rules/{id}", tag = "targets", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::platform::error::Problem)))]
pub async fn delete_rule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    owned
        .store
        .retire_visit_rule(owned.actor.user_id, path_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// `2026-W49` (default: this week in the company's time zone).
    pub week: Option<String>,
    pub user_id: Option<String>,
    pub department_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VisitTaskDto {
    pub rule_id: String,
    pub rule_name: String,
    pub user_id: String,
    pub user_name: String,
    pub counts: String,
    pub required: i32,
    pub done: i64,
    /// Done ÷ required in percent, two decimals.
    pub percent: String,
}

#[derive(Serialize, ToSchema)]
pub struct VisitTasksDto {
    pub week: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub items: Vec<VisitTaskDto>,
}

#[utoipa::path(get, path = "/visit-tasks", tag = "targets", params(TaskQuery),
    responses((status = 200, body = VisitTasksDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn tasks(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> ApiResult<Json<VisitTasksDto>> {
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    let store = &reader.owned.store;
    let tz = caller.tenant.time_zone.clone();
    let week = match q.week.as_deref() {
        Some(w) => Week::parse(w).map_err(|e| ApiError::invalid("week", e))?,
        None => Week::of(calendar::today(&tz)),
    };
    let user = match q.user_id.as_deref() {
        Some(u) => Some(parse_id(u).map_err(|_| ApiError::field("user_id", "unknown_reference"))?),
        None => None,
    };
    let org = Org::load(store).await?;
    let department = match q.department_id.as_deref() {
        Some(d) => Some(
            parse_id(d)
                .ok()
                .filter(|d| org.department(*d).is_some())
                .ok_or_else(|| ApiError::field("department_id", "unknown_reference"))?,
        ),
        None => None,
    };
    let start = |d: chrono::NaiveDate| {
        let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Shanghai);
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map_or_else(closer_store::now, |t| t.with_timezone(&chrono::Utc))
    };
    let (from, to) = (
        start(week.monday),
        start(week.sunday() + chrono::Duration::days(1)),
    );
    let under = department.map(|d| org.subtree(d));
    let mut items = Vec::new();
    for rule in store.visit_rules().await? {
        let counts = Counts::parse(&rule.counts).unwrap_or(Counts::Visits);
        let done = store.visit_counts(counts, from, to).await?;
        let rule_depts = rule.department_id.map(|d| org.subtree(d));
        let mut people: Vec<&closer_store::entity::user::Model> = org
            .users
            .iter()
            .filter(|u| u.active)
            .filter(|u| {
                rule_depts
                    .as_ref()
                    .is_none_or(|s| s.contains(&u.department_id))
            })
            .filter(|u| rule.role_id.is_none_or(|r| r == u.role_id))
            .filter(|u| user.is_none_or(|x| x == u.id))
            .filter(|u| under.as_ref().is_none_or(|s| s.contains(&u.department_id)))
            .filter(|u| reader.sees_user(u.id))
            .collect();
        people.sort_by(|a, b| a.name.cmp(&b.name));
        for p in people {
            let n = done.get(&p.id).copied().unwrap_or(0);
            items.push(VisitTaskDto {
                rule_id: rule.id.to_string(),
                rule_name: rule.name.clone(),
                user_id: p.id.to_string(),
                user_name: p.name.clone(),
                counts: rule.counts.clone(),
                required: rule.per_week,
                done: n,
                percent: format_rate(rate_bp(n, i64::from(rule.per_week)).unwrap_or(0)),
            });
        }
    }
    Ok(Json(VisitTasksDto {
        week: week.to_string(),
        from: week.monday,
        to: week.sunday(),
        items,
    }))
}
