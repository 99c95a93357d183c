//! `GET /analytics/efficiency`: per rep (or department) against the team average — won and
//! lost counts and amounts, win rate of closed deals and of all deals (labelled apart),
//! average won deal, sales cycle (won date − created date, in days), average time in each
//! stage, lead → customer conversion and visits per week, so a manager sees where a rep is
//! stuck.

use std::collections::{BTreeMap, HashMap};

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    analytics::{average, average_hundredths, rate_bp},
    targets::format_rate,
};
use closer_store::analytics::deals::{DealDimension, GroupKey, Outcome};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    analytics::scope::{report, ReportQuery},
    opportunities::process::{stage_ref, StageRef},
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::ApiResult,
    platform::export::table_response,
    platform::extract::ApiQuery,
    platform::state::AppState,
};

const SECONDS_PER_DAY: i128 = 86_400;

#[derive(Serialize, ToSchema)]
pub struct StageDwellDto {
    pub stage: StageRef,
    /// Average days a deal spent in the stage before leaving it, two decimals.
    pub average_days: String,
    /// Deals that have left the stage (those still in it are not counted).
    pub deals: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EfficiencyRowDto {
    /// The owner's or department's id (null on the team average).
    pub key: Option<String>,
    pub name: String,
    pub won_count: i64,
    pub lost_count: i64,
    pub open_count: i64,
    pub won_amount: MoneyDto,
    pub lost_amount: MoneyDto,
    /// Won ÷ (won + lost), percent with two decimals; null before anything closed.
    pub win_rate_of_closed: Option<String>,
    /// Won ÷ (won + lost + open), percent with two decimals; null without deals.
    pub win_rate_of_all: Option<String>,
    /// Won amount ÷ won count, rounded half up to the fen.
    pub average_won_amount: Option<MoneyDto>,
    /// Won date − created date in days (tenant time zone), averaged, two decimals.
    pub average_cycle_days: Option<String>,
    pub stage_dwell_days: Vec<StageDwellDto>,
    /// Leads given to the owner (created in the period) and how many became customers.
    pub leads: i64,
    pub converted_leads: i64,
    /// Converted ÷ leads, percent with two decimals.
    pub lead_conversion_rate: Option<String>,
    /// Visits logged in the period.
    pub visits: i64,
    /// Visits × 7 ÷ the period's days so far, two decimals; null without a period.
    pub visits_per_week: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EfficiencyDto {
    pub group_by: String,
    pub period: Option<String>,
    pub rows: Vec<EfficiencyRowDto>,
    /// The team as a whole: rates and averages over every deal of the rows; counts and
    /// amounts per row on average (rounded half up).
    pub team_average: EfficiencyRowDto,
}

/// One row's figures before formatting.
#[derive(Default, Clone)]
struct Figures {
    counts: [i64; 3],
    amounts: [i64; 3],
    cycle_days: i128,
    cycles: u64,
    /// Stage → (seconds, deals).
    dwell: HashMap<Uuid, (i128, i64)>,
    leads: i64,
    converted: i64,
    visits: i64,
}

impl Figures {
    fn merge(&mut self, o: &Self) {
        for i in 0..3 {
            self.counts[i] += o.counts[i];
            self.amounts[i] += o.amounts[i];
        }
        self.cycle_days += o.cycle_days;
        self.cycles += o.cycles;
        self.leads += o.leads;
        self.converted += o.converted;
        self.visits += o.visits;
        for (stage, (s, d)) in &o.dwell {
            let e = self.dwell.entry(*stage).or_default();
            e.0 += s;
            e.1 += d;
        }
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn row_dto(
    key: Option<String>,
    name: String,
    f: &Figures,
    stages: &[closer_store::entity::stage::Model],
    currency: &str,
    days: Option<i64>,
) -> EfficiencyRowDto {
    let [open, won, lost] = f.counts;
    EfficiencyRowDto {
        key,
        name,
        won_count: won,
        lost_count: lost,
        open_count: open,
        won_amount: money_dto(f.amounts[1], currency),
        lost_amount: money_dto(f.amounts[2], currency),
        win_rate_of_closed: rate_bp(count(won), count(won + lost)).map(format_rate),
        win_rate_of_all: rate_bp(count(won), count(won + lost + open)).map(format_rate),
        average_won_amount: average(i128::from(f.amounts[1]), count(won))
            .map(|a| money_dto(a, currency)),
        average_cycle_days: average_hundredths(f.cycle_days, f.cycles, 1).map(format_rate),
        stage_dwell_days: stages
            .iter()
            .filter_map(|s| {
                let (seconds, deals) = f.dwell.get(&s.id)?;
                Some(StageDwellDto {
                    stage: stage_ref(s),
                    average_days: format_rate(average_hundredths(
                        *seconds,
                        count(*deals),
                        SECONDS_PER_DAY,
                    )?),
                    deals: *deals,
                })
            })
            .collect(),
        leads: f.leads,
        converted_leads: f.converted,
        lead_conversion_rate: rate_bp(count(f.converted), count(f.leads)).map(format_rate),
        visits: f.visits,
        visits_per_week: days
            .and_then(|d| average_hundredths(i128::from(f.visits) * 7, count(d), 1))
            .map(format_rate),
    }
}

#[utoipa::path(get, path = "/analytics/efficiency", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = EfficiencyDto, description = "JSON; with `format` a CSV or XLSX file"),
        (status = 422, body = crate::platform::error::Problem)))]
pub async fn get_efficiency(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let r = report(&caller, &state, &q, &["owner", "department"]).await?;
    let store = &r.owned.store;
    let mut by_owner: HashMap<Uuid, Figures> = HashMap::new();
    for b in store
        .deal_buckets(&r.set, DealDimension::Owner, &[])
        .await?
    {
        let GroupKey::Id(owner) = b.key else { continue };
        let f = by_owner.entry(owner).or_default();
        let i = match b.outcome {
            Outcome::Open => 0,
            Outcome::Won => 1,
            Outcome::Lost => 2,
        };
        f.counts[i] += b.count;
        f.amounts[i] += b.amount;
    }
    for (owner, c) in store.won_cycle_totals(&r.set).await? {
        let f = by_owner.entry(owner).or_default();
        f.cycle_days += i128::from(c.days);
        f.cycles += u64::try_from(c.deals).unwrap_or(0);
    }
    for d in store.stage_dwell(&r.set).await? {
        let e = by_owner
            .entry(d.owner_id)
            .or_default()
            .dwell
            .entry(d.stage_id)
            .or_default();
        e.0 += i128::from(d.seconds);
        e.1 += d.deals;
    }
    let between = r
        .set
        .period
        .map(|p| (p.from, p.to.min(closer_store::now())));
    for w in store
        .work_by_owner(r.set.owners.as_ref(), between, false)
        .await?
    {
        if let Some(owner) = w.owner_id {
            let f = by_owner.entry(owner).or_default();
            f.leads += w.n;
            f.converted += w.converted.unwrap_or(0);
        }
    }
    for w in store
        .work_by_owner(r.set.owners.as_ref(), between, true)
        .await?
    {
        if let Some(owner) = w.owner_id {
            by_owner.entry(owner).or_default().visits += w.n;
        }
    }
    // The period's days so far: visits per week count the time that has passed.
    let days = between
        .map(|(from, to)| ((to - from).num_seconds() + 86_399) / 86_400)
        .filter(|d| *d > 0);
    let users = store
        .users(
            &closer_store::org::directory::UserFilter::default(),
            None,
            100_000,
        )
        .await?
        .items;
    let mut groups: BTreeMap<Uuid, Figures> = BTreeMap::new();
    let mut names: HashMap<Uuid, String> = HashMap::new();
    if r.group_by == "department" {
        let departments: HashMap<Uuid, String> = store
            .departments()
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        let department_of: HashMap<Uuid, Uuid> =
            users.iter().map(|u| (u.id, u.department_id)).collect();
        for (owner, f) in &by_owner {
            if let Some(d) = department_of.get(owner) {
                groups.entry(*d).or_default().merge(f);
                names.insert(*d, departments.get(d).cloned().unwrap_or_default());
            }
        }
    } else {
        for u in &users {
            names.insert(u.id, u.name.clone());
        }
        groups.extend(by_owner);
    }
    let mut stages: Vec<_> = store.sales_processes().await?;
    stages.sort_by_key(|(p, _)| !p.is_default);
    let stages: Vec<_> = stages.into_iter().flat_map(|(_, list)| list).collect();
    let mut team = Figures::default();
    for f in groups.values() {
        team.merge(f);
    }
    let mut rows: Vec<EfficiencyRowDto> = groups
        .iter()
        .map(|(id, f)| {
            row_dto(
                Some(id.to_string()),
                names.get(id).cloned().unwrap_or_default(),
                f,
                &stages,
                &r.currency,
                days,
            )
        })
        .collect();
    rows.sort_by(|a, b| (b.won_count, &a.name).cmp(&(a.won_count, &b.name)));
    // Per row on average: counts and amounts; rates over all the team's deals.
    let members = groups.len() as u64;
    let mut average_row = row_dto(None, String::new(), &team, &stages, &r.currency, days);
    let per = |v: i64| average(i128::from(v), members).unwrap_or(0);
    average_row.won_count = per(team.counts[1]);
    average_row.lost_count = per(team.counts[2]);
    average_row.open_count = per(team.counts[0]);
    average_row.won_amount = money_dto(per(team.amounts[1]), &r.currency);
    average_row.lost_amount = money_dto(per(team.amounts[2]), &r.currency);
    average_row.leads = per(team.leads);
    average_row.converted_leads = per(team.converted);
    average_row.visits = per(team.visits);
    average_row.visits_per_week = days
        .and_then(|d| average_hundredths(i128::from(team.visits) * 7, count(d) * members.max(1), 1))
        .map(format_rate);
    if let Some(format) = q.format.as_deref() {
        let sheet = rows
            .iter()
            .chain(std::iter::once(&average_row))
            .map(|row| {
                vec![
                    row.key.clone().unwrap_or_default(),
                    row.name.clone(),
                    row.won_count.to_string(),
                    row.lost_count.to_string(),
                    row.open_count.to_string(),
                    row.won_amount.amount.clone(),
                    row.win_rate_of_closed.clone().unwrap_or_default(),
                    row.win_rate_of_all.clone().unwrap_or_default(),
                    row.average_won_amount
                        .as_ref()
                        .map(|m| m.amount.clone())
                        .unwrap_or_default(),
                    row.average_cycle_days.clone().unwrap_or_default(),
                ]
            })
            .collect();
        return table_response(
            format,
            "efficiency",
            &[
                "key",
                "name",
                "won_count",
                "lost_count",
                "open_count",
                "won_amount",
                "win_rate_of_closed",
                "win_rate_of_all",
                "average_won_amount",
                "average_cycle_days",
            ],
            sheet,
        );
    }
    Ok(Json(EfficiencyDto {
        group_by: r.group_by.clone(),
        period: r.period.map(|p| p.to_string()),
        rows,
        team_average: average_row,
    })
    .into_response())
}
