//! `GET /analytics/pipeline`: open, won and lost deals counted and summed by product,
//! product line, product type, department, owner, campaign or month. Won and lost deals fall
//! where they closed (tenant time zone), open ones where they are expected to close; a
//! deal's whole amount counts for its product.

use std::collections::HashMap;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, Datelike, Utc};
use closer_store::analytics::deals::{DealBucket, DealDimension, GroupKey, Outcome};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    analytics::scope::{day_start, next_month, report, Report, ReportQuery},
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::ApiResult,
    platform::export::table_response,
    platform::extract::ApiQuery,
    platform::state::AppState,
};

const GROUPS: [&str; 7] = [
    "month",
    "owner",
    "department",
    "product",
    "product_line",
    "product_type",
    "campaign",
];

#[derive(Serialize, ToSchema)]
pub struct PipelineRowDto {
    /// The group's id (`YYYY-MM` for months, the line or type itself for those); null for
    /// deals without one (no product, no campaign, an open deal without a close date).
    pub key: Option<String>,
    pub name: String,
    pub open_count: i64,
    pub open_amount: MoneyDto,
    /// The open amount weighted by each deal's stage win rate, rounded once per stage (the
    /// forecast's expected amount for the row's deals, whatever their process).
    pub open_expected_amount: MoneyDto,
    pub won_count: i64,
    pub won_amount: MoneyDto,
    pub lost_count: i64,
    pub lost_amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct PipelineDto {
    pub group_by: String,
    pub period: Option<String>,
    pub rows: Vec<PipelineRowDto>,
    /// Every row added up.
    pub total: PipelineRowDto,
}

/// Sums of one row, before formatting.
#[derive(Default, Clone, Copy)]
struct Sums {
    counts: [i64; 3],
    amounts: [i64; 3],
    /// Open deals' expected amount.
    expected: i64,
}

impl Sums {
    fn add(&mut self, b: &DealBucket) {
        let i = match b.outcome {
            Outcome::Open => 0,
            Outcome::Won => 1,
            Outcome::Lost => 2,
        };
        self.counts[i] += b.count;
        self.amounts[i] += b.amount;
        self.expected += b.expected;
    }

    fn merge(&mut self, other: &Self) {
        for i in 0..3 {
            self.counts[i] += other.counts[i];
            self.amounts[i] += other.amounts[i];
        }
        self.expected += other.expected;
    }

    fn dto(&self, key: Option<String>, name: String, currency: &str) -> PipelineRowDto {
        PipelineRowDto {
            key,
            name,
            open_count: self.counts[0],
            open_amount: money_dto(self.amounts[0], currency),
            open_expected_amount: money_dto(self.expected, currency),
            won_count: self.counts[1],
            won_amount: money_dto(self.amounts[1], currency),
            lost_count: self.counts[2],
            lost_amount: money_dto(self.amounts[2], currency),
        }
    }
}

/// The months a monthly report covers, as (YYYYMM, first instant), the last entry ending
/// the last month.
pub async fn month_starts(r: &Report) -> ApiResult<Vec<(i32, DateTime<Utc>)>> {
    let (first, last) = match r.period {
        Some(p) => (p.first_day(), p.last_day()),
        None => match r.owned.store.closed_span(&r.set).await? {
            Some((a, b)) => (
                a.with_timezone(&r.time_zone).date_naive(),
                b.with_timezone(&r.time_zone).date_naive(),
            ),
            None => return Ok(Vec::new()),
        },
    };
    let mut out = Vec::new();
    let mut day = first.with_day(1).unwrap_or(first);
    while day <= last {
        out.push((
            day.year() * 100 + day.month() as i32,
            day_start(day, r.time_zone),
        ));
        day = next_month(day);
    }
    out.push((0, day_start(day, r.time_zone)));
    Ok(out)
}

/// Names of the groups a report's rows are keyed by.
async fn names(r: &Report, group_by: &str) -> ApiResult<HashMap<Uuid, String>> {
    let store = &r.owned.store;
    Ok(match group_by {
        "owner" => store
            .users(
                &closer_store::org::directory::UserFilter::default(),
                None,
                100_000,
            )
            .await?
            .items
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect(),
        "department" => store
            .departments()
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
        "product" => store
            .products(true)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
        "campaign" => store
            .campaigns()
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        _ => HashMap::new(),
    })
}

async fn rows(r: &Report) -> ApiResult<Vec<(Sums, PipelineRowDto)>> {
    let store = &r.owned.store;
    let group_by = r.group_by.as_str();
    let dimension = match group_by {
        "month" => DealDimension::Month,
        "product" | "product_line" | "product_type" => DealDimension::Product,
        "campaign" => DealDimension::Campaign,
        _ => DealDimension::Owner,
    };
    let months = if dimension == DealDimension::Month {
        month_starts(r).await?
    } else {
        Vec::new()
    };
    let buckets = store.deal_buckets(&r.set, dimension, &months).await?;
    // Departments, product lines and types are folded from owners and products.
    let fold: HashMap<Uuid, Option<String>> = match group_by {
        "department" => store
            .users(
                &closer_store::org::directory::UserFilter::default(),
                None,
                100_000,
            )
            .await?
            .items
            .into_iter()
            .map(|u| (u.id, Some(u.department_id.to_string())))
            .collect(),
        "product_line" | "product_type" => store
            .products(true)
            .await?
            .into_iter()
            .map(|p| {
                let key = if group_by == "product_line" {
                    p.product_line.filter(|l| !l.trim().is_empty())
                } else {
                    Some(p.kind)
                };
                (p.id, key)
            })
            .collect(),
        _ => HashMap::new(),
    };
    let mut sums: HashMap<Option<String>, Sums> = HashMap::new();
    for b in &buckets {
        let key = match &b.key {
            GroupKey::None => None,
            GroupKey::Month(m) => Some(format!("{:04}-{:02}", m / 100, m % 100)),
            GroupKey::Id(id) if fold.is_empty() => Some(id.to_string()),
            GroupKey::Id(id) => fold.get(id).cloned().flatten(),
        };
        sums.entry(key).or_default().add(b);
    }
    let names = names(
        r,
        if group_by == "department" {
            "department"
        } else {
            group_by
        },
    )
    .await?;
    let mut out: Vec<(Sums, PipelineRowDto)> = sums
        .into_iter()
        .map(|(key, s)| {
            let name = match &key {
                None => String::new(),
                Some(k) => k
                    .parse::<Uuid>()
                    .ok()
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_else(|| k.clone()),
            };
            (s, s.dto(key, name, &r.currency))
        })
        .collect();
    if group_by == "month" {
        out.sort_by(|a, b| a.1.key.cmp(&b.1.key));
    } else {
        out.sort_by(|a, b| {
            (b.0.amounts[1], b.0.amounts[0])
                .cmp(&(a.0.amounts[1], a.0.amounts[0]))
                .then_with(|| a.1.name.cmp(&b.1.name))
        });
    }
    Ok(out)
}

/// The report as a sheet: one line per row, amounts as plain decimals.
fn sheet(rows: &[PipelineRowDto]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.key.clone().unwrap_or_default(),
                r.name.clone(),
                r.open_count.to_string(),
                r.open_amount.amount.clone(),
                r.open_expected_amount.amount.clone(),
                r.won_count.to_string(),
                r.won_amount.amount.clone(),
                r.lost_count.to_string(),
                r.lost_amount.amount.clone(),
            ]
        })
        .collect()
}

#[utoipa::path(get, path = "/analytics/pipeline", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = PipelineDto, description = "JSON; with `format` a CSV or XLSX file"),
        (status = 422, body = crate::platform::error::Problem)))]
pub async fn get_pipeline(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    answer(&caller, &state, &q, &GROUPS).await
}

#[utoipa::path(get, path = "/analytics/product-lines", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = PipelineDto, description = "Revenue by product line (`group_by=product_line`, the default) or by type (`product_type`); with `format` a file"),
        (status = 422, body = crate::platform::error::Problem)))]
pub async fn get_product_lines(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    answer(&caller, &state, &q, &["product_line", "product_type"]).await
}

async fn answer(
    caller: &Caller,
    state: &AppState,
    q: &ReportQuery,
    groups: &[&str],
) -> ApiResult<Response> {
    let r = report(caller, state, q, groups).await?;
    let summed = rows(&r).await?;
    let mut total = Sums::default();
    for (s, _) in &summed {
        total.merge(s);
    }
    let rows: Vec<PipelineRowDto> = summed.into_iter().map(|(_, dto)| dto).collect();
    if let Some(format) = q.format.as_deref() {
        return table_response(
            format,
            "pipeline",
            &[
                "key",
                "name",
                "open_count",
                "open_amount",
                "open_expected_amount",
                "won_count",
                "won_amount",
                "lost_count",
                "lost_amount",
            ],
            sheet(&rows),
        );
    }
    Ok(Json(PipelineDto {
        group_by: r.group_by.clone(),
        period: r.period.map(|p| p.to_string()),
        total: total.dto(None, String::new(), &r.currency),
        rows,
    })
    .into_response())
}
