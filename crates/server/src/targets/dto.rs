//! Shapes of targets: plans with their units, and figures that are money or counts as the
//! plan's metric says.

use std::collections::HashMap;

use closer_domain::{money::Currency, targets::Metric};
use closer_store::entity::{target_allocation, target_plan};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::org::Org;
use crate::platform::{
    dto::{money_dto, AmountInput, MoneyDto, MAX_MINOR},
    error::{ApiError, ApiResult},
};

/// The metric of a stored plan (a stored one always parses).
#[must_use]
pub fn metric_of(plan: &target_plan::Model) -> Metric {
    Metric::parse(&plan.metric).unwrap_or(Metric::ContractAmount)
}

/// A figure as the API writes it: money in the tenant's currency, or a count (currency "").
#[must_use]
pub fn value_dto(metric: Metric, value: i64, currency: &str) -> MoneyDto {
    if metric.is_money() {
        money_dto(value, currency)
    } else {
        MoneyDto {
            amount: value.to_string(),
            currency: String::new(),
        }
    }
}

/// Reads a figure for a metric: money, or a whole count.
///
/// # Errors
/// 422 naming `field`.
pub fn parse_value(
    field: &str,
    input: &AmountInput,
    metric: Metric,
    currency: &str,
) -> ApiResult<i64> {
    if metric.is_money() {
        return Ok(input.money(field, currency)?.minor());
    }
    let text = input.text().trim();
    let n: i64 = text
        .parse()
        .map_err(|_| ApiError::field(field, "invalid_format"))?;
    if !(0..=MAX_MINOR).contains(&n) {
        return Err(ApiError::field(field, "not_allowed"));
    }
    Ok(n)
}

#[derive(Serialize, ToSchema)]
pub struct ResourcesDto {
    /// Customers owned by the unit's people.
    pub active_customers: i64,
    /// Their summed annual revenue.
    pub potential: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    /// `department` or `user`.
    pub kind: String,
    pub id: String,
    pub name: String,
    /// The nearest allocated unit above (`null`: directly under the company).
    pub parent_id: Option<String>,
    /// Twelve figures, January first.
    pub months: Vec<MoneyDto>,
    pub total: MoneyDto,
    pub resources: ResourcesDto,
}

#[derive(Serialize, ToSchema)]
pub struct TargetPlanDto {
    pub id: String,
    pub name: String,
    /// `contract_amount`, `payments`, `won_amount`, `new_customers` or `visits`.
    pub metric: String,
    pub year: i32,
    pub total: MoneyDto,
    /// `draft` or `locked`.
    pub status: String,
    /// 1, 2, … one per new version of a locked plan.
    pub version: i32,
    /// Why this version was made.
    pub reason: Option<String>,
    pub previous_id: Option<String>,
    pub superseded_by: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub locked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub units: Vec<UnitDto>,
}

/// Money as minor units, for sums of figures.
#[must_use]
pub fn currency_of(code: &str) -> Currency {
    Currency::parse(code).unwrap_or(Currency::Cny)
}

/// A unit's name: the department's or the person's.
#[must_use]
pub fn unit_name(org: &Org, kind: &str, id: Uuid) -> String {
    if kind == "department" {
        org.department(id)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    } else {
        org.user(id).map(|u| u.name.clone()).unwrap_or_default()
    }
}

#[must_use]
pub fn plan_dto(
    plan: &target_plan::Model,
    units: &[target_allocation::Model],
    org: &Org,
    resources: &HashMap<Uuid, (i64, i64)>,
    currency: &str,
    visible: &dyn Fn(&target_allocation::Model) -> bool,
) -> TargetPlanDto {
    let metric = metric_of(plan);
    TargetPlanDto {
        id: plan.id.to_string(),
        name: plan.name.clone(),
        metric: plan.metric.clone(),
        year: plan.year,
        total: value_dto(metric, plan.total, currency),
        status: plan.status.clone(),
        version: plan.plan_version,
        reason: plan.reason.clone(),
        previous_id: plan.previous_id.map(|i| i.to_string()),
        superseded_by: plan.superseded_by.map(|i| i.to_string()),
        created_at: plan.created_at,
        locked_at: plan.locked_at,
        units: units
            .iter()
            .filter(|u| visible(u))
            .map(|u| {
                let months = closer_store::targets::plans::months_of(u);
                let (n, potential) = resources.get(&u.unit_id).copied().unwrap_or_default();
                UnitDto {
                    kind: u.unit_kind.clone(),
                    id: u.unit_id.to_string(),
                    name: unit_name(org, &u.unit_kind, u.unit_id),
                    parent_id: u.parent_id.map(|p| p.to_string()),
                    months: months
                        .iter()
                        .map(|m| value_dto(metric, *m, currency))
                        .collect(),
                    total: value_dto(metric, months.iter().sum(), currency),
                    resources: ResourcesDto {
                        active_customers: n,
                        potential: money_dto(potential, currency),
                    },
                }
            })
            .collect(),
    }
}
