//! Which deals a report reads: the caller's data scope, narrowed to a department (with its
//! sub-departments) or an owner, and a period in the tenant's time zone.

use chrono::{Datelike, NaiveDate};
use closer_domain::opportunities::forecast::Period;
use closer_store::analytics::deals::{DealSet, PeriodBounds};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    opportunities::scope::owners_in_scope,
    platform::caller::Caller,
    platform::error::{ApiResult, Invalid},
    platform::policy::{self, Owned},
    platform::state::AppState,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `YYYY`, `YYYY-Qn` or `YYYY-MM`: won and lost deals by when they closed, open ones by
    /// their expected close date (tenant time zone). Absent: all time.
    pub period: Option<String>,
    /// A department with its sub-departments.
    pub department_id: Option<String>,
    pub owner_id: Option<String>,
    /// What the rows are: see each report.
    pub group_by: Option<String>,
    /// `csv` or `xlsx` for the report as a file; absent: JSON.
    pub format: Option<String>,
    /// The regions report: the target plan to measure against (default: the year's
    /// current plan, a locked one first).
    pub plan_id: Option<String>,
}

/// A report's question, checked.
pub struct Report {
    pub owned: Owned,
    pub set: DealSet,
    /// The department and owner the caller filtered by, as asked (the set is what of them
    /// the caller may see).
    pub department: Option<uuid::Uuid>,
    pub owner: Option<uuid::Uuid>,
    pub period: Option<Period>,
    pub group_by: String,
    pub time_zone: chrono_tz::Tz,
    pub currency: String,
}

pub use crate::targets::org::day_start;

/// The first day of the month after `day`'s.
pub fn next_month(day: NaiveDate) -> NaiveDate {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(day)
}

/// Checks a report's query: analysts read with `analytics.read`, everyone else with
/// `opportunities.read`; both within their data scope.
///
/// # Errors
/// 403 without either permission; 422 naming the field for a bad period, department,
/// owner or `group_by` (one of `allowed`, the first the default).
pub async fn report(
    caller: &Caller,
    state: &AppState,
    q: &ReportQuery,
    allowed: &[&str],
) -> ApiResult<Report> {
    let mut owned = policy::reports::report_reader(caller, state).await?;
    // Reports read from the replica when there is one; the scope was decided above.
    owned.store = state.report_store(caller.actor.tenant_id);
    let mut invalid = Invalid::default();
    let mut id = |field: &str, v: &Option<String>| {
        v.as_deref()
            .and_then(|t| invalid.check(field, closer_domain::ids::parse_id(t)))
    };
    let department = id("department_id", &q.department_id);
    let owner = id("owner_id", &q.owner_id);
    let period = q
        .period
        .as_deref()
        .and_then(|p| invalid.check("period", Period::parse(p)));
    let group_by = q.group_by.clone().unwrap_or_else(|| allowed[0].to_owned());
    if !allowed.contains(&group_by.as_str()) {
        invalid.push("group_by", "not_allowed");
    }
    if let Some(f) = q.format.as_deref() {
        if f != "csv" && f != "xlsx" {
            invalid.push("format", "not_allowed");
        }
    }
    invalid.finish(Some(()))?;
    let time_zone: chrono_tz::Tz = caller
        .tenant
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Asia::Shanghai);
    let owners = owners_in_scope(&owned, department, owner).await?;
    Ok(Report {
        set: DealSet {
            owners,
            period: period.map(|p| PeriodBounds {
                from: day_start(p.first_day(), time_zone),
                to: day_start(p.last_day().succ_opt().unwrap_or(p.last_day()), time_zone),
                first_day: p.first_day(),
                last_day: p.last_day(),
            }),
        },
        owned,
        department,
        owner,
        period,
        group_by,
        time_zone,
        currency: caller.tenant.currency.clone(),
    })
}
