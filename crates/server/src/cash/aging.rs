//! Aging (`GET /aging`, also as CSV/XLSX), the receivables behind it (`GET /receivables`),
//! and finance's figures at a glance (`GET /cash/summary`).

use std::collections::HashMap;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use chrono::{Datelike, NaiveDate};
use closer_domain::{cash::Bucket, org::Permission};
use closer_store::cash::aging::{AgingKey, AgingRow, ReceivableFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::dto::{query_id, receivable_dto, ReceivableDto};
use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, Count, ListOf, MoneyDto, PageOrCount},
    error::{ApiError, ApiResult},
    export::table_response,
    extract::{limit, ApiQuery},
    policy::{self, Owned},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct AgingFigures {
    pub not_due: MoneyDto,
    pub d1_30: MoneyDto,
    pub d31_60: MoneyDto,
    pub d61_90: MoneyDto,
    pub over_90: MoneyDto,
    pub total: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct AgingRowDto {
    /// The customer's, owner's or department's id (empty for receivables without an owner).
    pub key: String,
    pub name: String,
    pub not_due: MoneyDto,
    pub d1_30: MoneyDto,
    pub d31_60: MoneyDto,
    pub d61_90: MoneyDto,
    pub over_90: MoneyDto,
    pub total: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct AgingDto {
    pub as_of: NaiveDate,
    /// `customer`, `owner` or `department`.
    pub group_by: String,
    pub rows: Vec<AgingRowDto>,
    /// How many groups owe anything (`rows` holds the largest `limit` of them).
    pub rows_total: usize,
    pub total: AgingFigures,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AgingQuery {
    /// Default today (the tenant's time zone).
    pub as_of: Option<NaiveDate>,
    /// `customer` (default), `owner` or `department`.
    pub group_by: Option<String>,
    /// `csv` or `xlsx` for a file.
    pub format: Option<String>,
    /// The largest groups first, at most this many rows (1–10,000, default 1,000); the
    /// totals are over every group.
    pub limit: Option<u64>,
}

/// A date a report can be taken at: the years 1900 to 2200.
fn check_date(field: &str, d: NaiveDate) -> ApiResult<()> {
    if (1900..=2200).contains(&d.year()) {
        Ok(())
    } else {
        Err(ApiError::field(field, "not_allowed"))
    }
}

fn figures(b: &[i64; 5], currency: &str) -> AgingFigures {
    AgingFigures {
        not_due: money_dto(b[0], currency),
        d1_30: money_dto(b[1], currency),
        d31_60: money_dto(b[2], currency),
        d61_90: money_dto(b[3], currency),
        over_90: money_dto(b[4], currency),
        total: money_dto(b.iter().sum(), currency),
    }
}

/// Puts owners' rows together by their department.
async fn by_department(
    owned: &Owned,
    rows: Vec<AgingRow>,
) -> ApiResult<Vec<(Option<Uuid>, String, [i64; 5])>> {
    let owners: Vec<Uuid> = rows.iter().filter_map(|r| r.key).collect();
    let users = owned.store.users_by_ids(&owners).await?;
    let dept_of: HashMap<Uuid, Uuid> = users.iter().map(|u| (u.id, u.department_id)).collect();
    let names: HashMap<Uuid, String> = owned
        .store
        .departments()
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut sums: HashMap<Option<Uuid>, [i64; 5]> = HashMap::new();
    for r in rows {
        let d = r.key.and_then(|o| dept_of.get(&o).copied());
        for (sum, b) in sums.entry(d).or_default().iter_mut().zip(r.buckets) {
            *sum += b;
        }
    }
    Ok(sums
        .into_iter()
        .map(|(k, b)| {
            (
                k,
                k.and_then(|d| names.get(&d).cloned()).unwrap_or_default(),
                b,
            )
        })
        .collect())
}

#[utoipa::path(get, path = "/aging", tag = "cash", params(AgingQuery),
    responses((status = 200, body = AgingDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn aging(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AgingQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let as_of = q
        .as_of
        .unwrap_or_else(|| calendar::today(&caller.tenant.time_zone));
    check_date("as_of", as_of)?;
    let group_by = q.group_by.clone().unwrap_or_else(|| "customer".into());
    let key = match group_by.as_str() {
        "customer" => AgingKey::Customer,
        "owner" | "department" => AgingKey::Owner,
        _ => return Err(ApiError::field("group_by", "not_allowed")),
    };
    if let Some(f) = q.format.as_deref() {
        if !["csv", "xlsx"].contains(&f) {
            return Err(ApiError::field("format", "not_allowed"));
        }
    }
    let max = match q.limit {
        None => 1000,
        Some(n @ 1..=10_000) => usize::try_from(n).unwrap_or(1000),
        Some(_) => return Err(ApiError::field("limit", "not_allowed")),
    };
    let report = owned
        .store
        .aging(
            as_of,
            calendar::day_end(&caller.tenant.time_zone, as_of),
            calendar::today(&caller.tenant.time_zone),
            key,
            owned.visible_owners().map(Vec::as_slice),
            // Customers can be many: the database picks the largest. Owners are few, and
            // departments gather them: all are read.
            (group_by == "customer").then_some(max),
        )
        .await?;
    let (rows, total, rows_total) = (report.rows, report.total, report.groups);
    let named: Vec<(Option<Uuid>, String, [i64; 5])> = match group_by.as_str() {
        "customer" => {
            let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.key).collect();
            let names = owned.store.customer_names(&ids).await?;
            rows.into_iter()
                .map(|r| {
                    (
                        r.key,
                        r.key
                            .and_then(|k| names.get(&k).cloned())
                            .unwrap_or_default(),
                        r.buckets,
                    )
                })
                .collect()
        }
        "owner" => {
            let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.key).collect();
            let names: HashMap<Uuid, String> = owned
                .store
                .users_by_ids(&ids)
                .await?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
            rows.into_iter()
                .map(|r| {
                    (
                        r.key,
                        r.key
                            .and_then(|k| names.get(&k).cloned())
                            .unwrap_or_default(),
                        r.buckets,
                    )
                })
                .collect()
        }
        _ => by_department(&owned, rows).await?,
    };
    let mut named = named;
    named.sort_by(|a, b| {
        b.2.iter()
            .sum::<i64>()
            .cmp(&a.2.iter().sum::<i64>())
            .then(a.1.cmp(&b.1))
    });
    // Departments gather owners: their count and their largest are known only now.
    let rows_total = if group_by == "department" {
        named.len()
    } else {
        rows_total
    };
    named.truncate(max);
    let currency = caller.tenant.currency.as_str();
    if let Some(format) = q.format.as_deref() {
        let cur = |m: i64| money_dto(m, currency).amount;
        let mut lines: Vec<Vec<String>> = named
            .iter()
            .map(|(k, n, b)| {
                let mut row = vec![k.map(|x| x.to_string()).unwrap_or_default(), n.clone()];
                row.extend(b.iter().map(|v| cur(*v)));
                row.push(cur(b.iter().sum()));
                row
            })
            .collect();
        let mut last = vec![String::new(), "total".to_owned()];
        last.extend(total.iter().map(|v| cur(*v)));
        last.push(cur(total.iter().sum()));
        lines.push(last);
        return table_response(
            format,
            &format!("aging-{as_of}"),
            &[
                "key", "name", "not_due", "d1_30", "d31_60", "d61_90", "over_90", "total",
            ],
            lines,
        );
    }
    Ok(Json(AgingDto {
        as_of,
        group_by,
        rows_total,
        total: figures(&total, currency),
        rows: named
            .iter()
            .map(|(k, n, b)| {
                let f = figures(b, currency);
                AgingRowDto {
                    key: k.map(|x| x.to_string()).unwrap_or_default(),
                    name: n.clone(),
                    not_due: f.not_due,
                    d1_30: f.d1_30,
                    d31_60: f.d31_60,
                    d61_90: f.d61_90,
                    over_90: f.over_90,
                    total: f.total,
                }
            })
            .collect(),
    })
    .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReceivableQuery {
    pub customer_id: Option<String>,
    pub contract_id: Option<String>,
    pub owner_id: Option<String>,
    pub department_id: Option<String>,
    /// `not_due`, `d1_30`, `d31_60`, `d61_90` or `over_90` (with `as_of`): still owing.
    pub bucket: Option<String>,
    /// The day a `bucket` is counted on (default today). On another day the receivables are
    /// listed as they stood at its end — amounts, due dates, paid and written off then — so
    /// the list adds up to aging's figure for that day.
    pub as_of: Option<NaiveDate>,
    /// `owing` (default: every receivable in a plan).
    pub status: Option<String>,
    /// Due on or before (with `status=owing`: "due this week").
    pub due_to: Option<NaiveDate>,
    /// Part of its contract's number or name, or of its customer's name.
    pub q: Option<String>,
    /// 1–500, default 50.
    pub limit: Option<u64>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// `true`: how many receivables match, instead of a page.
    pub count: Option<bool>,
}

#[utoipa::path(get, path = "/receivables", tag = "cash", params(ReceivableQuery),
    responses((status = 200, body = PageOrCount<ReceivableDto>, description = "A page, or with `count=true` the number of receivables that match"), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list_receivables(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReceivableQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let today = calendar::today(&caller.tenant.time_zone);
    let mut f = ReceivableFilter {
        owners: owned.visible_owners().cloned(),
        customer_id: query_id("customer_id", q.customer_id.as_deref())?,
        contract_id: query_id("contract_id", q.contract_id.as_deref())?,
        owner_id: query_id("owner_id", q.owner_id.as_deref())?,
        owing: match q.status.as_deref() {
            None => false,
            Some("owing") => true,
            Some(_) => return Err(ApiError::field("status", "not_allowed")),
        },
        due_to: q.due_to,
        q: q.q.clone(),
        ..ReceivableFilter::default()
    };
    if let Some(d) = query_id("department_id", q.department_id.as_deref())? {
        let users = owned.store.user_ids_in_departments(&[d]).await?;
        f.owners = Some(match f.owners {
            Some(o) => o.into_iter().filter(|x| users.contains(x)).collect(),
            None => users,
        });
    }
    if let Some(d) = q.as_of {
        check_date("as_of", d)?;
    }
    if let Some(b) = q.bucket.as_deref() {
        let bucket = Bucket::ALL
            .into_iter()
            .find(|x| x.key() == b)
            .ok_or_else(|| ApiError::field("bucket", "not_allowed"))?;
        let as_of = q.as_of.unwrap_or(today);
        check_date("as_of", as_of)?;
        let (from, to) = bucket.due_range(as_of);
        f.owing = true;
        f.due_from = from;
        f.due_to = match (to, f.due_to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let after = match q.cursor.as_deref() {
        Some(c) => {
            let (d, id) = c
                .split_once('_')
                .ok_or_else(|| ApiError::field("cursor", "invalid_format"))?;
            Some((
                d.parse::<NaiveDate>()
                    .map_err(|_| ApiError::field("cursor", "invalid_format"))?,
                id.parse::<Uuid>()
                    .map_err(|_| ApiError::field("cursor", "invalid_format"))?,
            ))
        }
        None => None,
    };
    let limit = limit(q.limit)?;
    let counting = q.count == Some(true);
    // A bucket on another day than today lists the receivables as they stood then: the
    // same ones, with the same amounts, that make aging's figure for that day.
    let past = q.bucket.is_some() && q.as_of.is_some_and(|d| d != today);
    let (rows, next, as_seen) = if past {
        let as_of = q.as_of.unwrap_or(today);
        let page = owned
            .store
            .receivables_as_they_stood(
                &f,
                as_of,
                calendar::day_end(&caller.tenant.time_zone, as_of),
                after,
                limit,
                counting,
            )
            .await?;
        if counting {
            return Ok(Json(Count { count: page.count }).into_response());
        }
        (page.items, page.next, as_of)
    } else {
        if counting {
            return Ok(Json(Count {
                count: owned.store.count_receivables(&f).await?,
            })
            .into_response());
        }
        let (rows, next) = owned.store.receivables(&f, after, limit).await?;
        (rows, next, today)
    };
    let customers: Vec<Uuid> = rows.iter().map(|r| r.customer_id).collect();
    let names = owned.store.customer_names(&customers).await?;
    let contracts: Vec<Uuid> = rows.iter().map(|r| r.contract_id).collect();
    let numbers = owned.store.contract_numbers(&contracts).await?;
    Ok(Json(ListOf {
        items: rows
            .iter()
            .map(|r| {
                let mut d = receivable_dto(r, as_seen);
                d.customer_name = names.get(&r.customer_id).cloned();
                d.contract_number = numbers.get(&r.contract_id).cloned();
                d
            })
            .collect(),
        next_cursor: next.map(|(d, id)| format!("{d}_{id}")),
    })
    .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct CashSummary {
    pub today: NaiveDate,
    /// Owed and due from today to the end of the week (Sunday).
    pub due_this_week: MoneyDto,
    pub overdue: MoneyDto,
    /// Payments received this month (reversed ones left out).
    pub collected_this_month: MoneyDto,
    pub outstanding: MoneyDto,
    /// Refunds waiting for approval or to be paid.
    pub refunds_open: u64,
    /// Bank statement rows waiting for a person to match.
    pub unmatched_bank_rows: u64,
}

#[utoipa::path(get, path = "/cash/summary", tag = "cash",
    responses((status = 200, body = CashSummary)))]
pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<CashSummary>> {
    let owned = policy::owned(&caller, &state, Permission::CashRead).await?;
    let today = calendar::today(&caller.tenant.time_zone);
    let week_end =
        today + chrono::Duration::days(i64::from(6 - today.weekday().num_days_from_monday()));
    let month_start = today.with_day(1).unwrap_or(today);
    let s = owned
        .store
        .cash_summary(
            owned.visible_owners().map(Vec::as_slice),
            today,
            week_end,
            month_start,
        )
        .await?;
    let c = caller.tenant.currency.as_str();
    Ok(Json(CashSummary {
        today,
        due_this_week: money_dto(s.due_this_week, c),
        overdue: money_dto(s.overdue, c),
        collected_this_month: money_dto(s.collected, c),
        outstanding: money_dto(s.outstanding, c),
        refunds_open: s.refunds_open,
        unmatched_bank_rows: if owned.visible_owners().is_none() {
            s.unmatched
        } else {
            0
        },
    }))
}
