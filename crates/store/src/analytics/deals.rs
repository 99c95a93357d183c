//! The deal sums behind the pipeline and efficiency reports, in a few grouped queries.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use closer_domain::opportunities::process::WinRate;
use sea_orm::{DbBackend, FromQueryResult, Statement, Value};
use uuid::Uuid;

use super::closed_totals::ClosedTotal;
use crate::{
    platform::dialect::{bind_ids, epoch_seconds, month_of, param},
    StoreError, TenantStore,
};

/// Which deals a report reads.
#[derive(Debug, Clone, Default)]
pub struct DealSet {
    /// Owners in the caller's scope (and the asked department or owner); `None` = all.
    pub owners: Option<Vec<Uuid>>,
    /// A period: closed deals by when they closed (`[from, to)` instants), open ones by
    /// their expected close date (`first..=last`). `None` = all time, every deal.
    pub period: Option<PeriodBounds>,
}

#[derive(Debug, Clone, Copy)]
pub struct PeriodBounds {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// What a report groups deals by in SQL (departments, product lines and types are folded
/// from owners and products by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealDimension {
    Owner,
    Product,
    Campaign,
    /// The month a deal closed in (or is expected to close in), by `month_starts`.
    Month,
}

/// A deal's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Open,
    Won,
    Lost,
}

/// A group's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupKey {
    /// Deals without one (no product, no campaign, an open deal without a close date).
    None,
    Id(Uuid),
    /// `YYYYMM`.
    Month(i32),
}

/// Deals of one group and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealBucket {
    pub key: GroupKey,
    pub outcome: Outcome,
    pub count: i64,
    pub amount: i64,
    /// Open deals: the amount weighted by their stages' win rates, rounded once per stage
    /// (as the forecast); closed deals: 0.
    pub expected: i64,
}

#[derive(FromQueryResult)]
struct IdRow {
    key: Option<Uuid>,
    outcome: i32,
    rate: Option<i32>,
    n: i64,
    amount: Option<i64>,
}

#[derive(FromQueryResult)]
struct MonthRow {
    key: i32,
    outcome: i32,
    rate: Option<i32>,
    n: i64,
    amount: Option<i64>,
}

#[derive(FromQueryResult)]
struct WonDeal {
    owner_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct DwellRow {
    owner_id: Option<Uuid>,
    stage_id: Uuid,
    seconds: Option<i64>,
    deals: i64,
}

/// Time spent in one stage by one owner's deals that have left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDwell {
    pub owner_id: Uuid,
    pub stage_id: Uuid,
    pub seconds: i64,
    pub deals: i64,
}

/// Adds one row of a deal count to its group's bucket; an open row (one stage's deals) adds
/// its amount weighted by the stage's win rate.
pub(super) fn add_bucket(
    out: &mut HashMap<(GroupKey, Outcome), DealBucket>,
    key: GroupKey,
    code: i32,
    rate_bp: Option<i32>,
    count: i64,
    amount: Option<i64>,
) {
    let outcome = outcome(code);
    let amount = amount.unwrap_or(0);
    let expected = match (outcome, rate_bp.map(WinRate::from_bp)) {
        (Outcome::Open, Some(Ok(rate))) => rate.of(amount),
        _ => 0,
    };
    let bucket = out
        .entry((key.clone(), outcome))
        .or_insert_with(|| DealBucket {
            key,
            outcome,
            count: 0,
            amount: 0,
            expected: 0,
        });
    bucket.count += count;
    bucket.amount += amount;
    bucket.expected += expected;
}

/// Adds a closed total's won and lost deals to its group's buckets.
fn add_closed(out: &mut HashMap<(GroupKey, Outcome), DealBucket>, key: GroupKey, t: &ClosedTotal) {
    if t.won_count != 0 || t.won_amount != 0 {
        add_bucket(out, key.clone(), 1, None, t.won_count, Some(t.won_amount));
    }
    if t.lost_count != 0 || t.lost_amount != 0 {
        add_bucket(out, key, 2, None, t.lost_count, Some(t.lost_amount));
    }
}

/// The set's open deals as the forecast's filter: its owners, expected to close in its
/// period.
fn open_filter(set: &DealSet) -> crate::opportunities::records::ForecastFilter {
    crate::opportunities::records::ForecastFilter {
        owners: set.owners.clone(),
        closing: set.period.map(|p| (p.first_day, p.last_day)),
        ..Default::default()
    }
}

fn outcome(code: i32) -> Outcome {
    match code {
        1 => Outcome::Won,
        2 => Outcome::Lost,
        _ => Outcome::Open,
    }
}

/// The SQL pieces of a deal set: conditions on `o` (the deal) and `s` (its stage), with
/// their bound values after the tenant's (`$1`).
struct Conditions {
    owners: String,
    closed: String,
    open: String,
    values: Vec<Value>,
}

/// Which of a set's deals a statement reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deals {
    All,
    Closed,
    Open,
}

fn conditions(backend: DbBackend, tenant: Uuid, set: &DealSet, deals: Deals) -> Conditions {
    let mut values: Vec<Value> = vec![tenant.into()];
    let owners = match &set.owners {
        None => String::new(),
        Some(list) if list.is_empty() => " AND 1 = 0".into(),
        Some(list) => format!(
            " AND o.owner_id IN ({})",
            bind_ids(backend, &mut values, list)
        ),
    };
    let (closed, open) = match set.period {
        None => (String::new(), String::new()),
        Some(p) => {
            // Only the values a statement reads are bound: PostgreSQL prepares a statement
            // for the values it is given, and the same text bound otherwise elsewhere would
            // then not match its cached preparation.
            let (mut closed, mut open) = (String::new(), String::new());
            if deals != Deals::Open {
                values.extend([p.from.into(), p.to.into()]);
                let n = values.len();
                closed = format!(
                    " AND o.closed_at >= {} AND o.closed_at < {}",
                    param(backend, n - 1),
                    param(backend, n)
                );
            }
            if deals != Deals::Closed {
                values.extend([p.first_day.into(), p.last_day.into()]);
                let n = values.len();
                open = format!(
                    " AND o.expected_close_date >= {} AND o.expected_close_date <= {}",
                    param(backend, n - 1),
                    param(backend, n)
                );
            }
            (closed, open)
        }
    };
    Conditions {
        owners,
        closed,
        open,
        values,
    }
}

/// The set as SQL conditions on `o` and `s` (after `$1`, the tenant): its owners, and with
/// a period the deals that closed in it or are expected to close in it.
pub(crate) fn set_conditions(
    backend: DbBackend,
    tenant: Uuid,
    set: &DealSet,
) -> (String, Vec<Value>) {
    let c = conditions(backend, tenant, set, Deals::All);
    let period = if set.period.is_some() {
        format!(
            " AND (((s.is_won OR s.is_lost){closed}) OR (NOT (s.is_won OR s.is_lost){open}))",
            closed = c.closed,
            open = c.open
        )
    } else {
        String::new()
    };
    (format!("{}{period}", c.owners), c.values)
}

/// The set's owners and, with a period, closing in it — for reports on closed deals only.
pub(crate) fn closed_conditions(
    backend: DbBackend,
    tenant: Uuid,
    set: &DealSet,
) -> (String, Vec<Value>) {
    let c = conditions(backend, tenant, set, Deals::Closed);
    (format!("{}{}", c.owners, c.closed), c.values)
}

const FROM: &str =
    "opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id";
pub(super) const OUTCOME: &str = "CASE WHEN s.is_won THEN 1 WHEN s.is_lost THEN 2 ELSE 0 END";

impl TenantStore {
    /// Deals of the set counted and summed by group and outcome. For `Month`,
    /// `month_starts` are the instants each month of the report begins (tenant time zone),
    /// the last one ending the last month; closed deals outside them have no month.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn deal_buckets(
        &self,
        set: &DealSet,
        dimension: DealDimension,
        month_starts: &[(i32, DateTime<Utc>)],
    ) -> Result<Vec<DealBucket>, StoreError> {
        match dimension {
            DealDimension::Owner => return self.owner_buckets_from_totals(set).await,
            DealDimension::Month => return self.month_buckets_from_totals(set, month_starts).await,
            DealDimension::Product | DealDimension::Campaign => {
                if let Some(b) = self.dimension_buckets_from_totals(set, dimension).await? {
                    return Ok(b);
                }
            }
        }
        self.buckets(set, dimension, month_starts, &[true, false])
            .await
    }

    /// [`Self::deal_buckets`] counted from the deals themselves: what the maintained totals
    /// are checked against.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn deal_buckets_scan(
        &self,
        set: &DealSet,
        dimension: DealDimension,
        month_starts: &[(i32, DateTime<Utc>)],
    ) -> Result<Vec<DealBucket>, StoreError> {
        self.buckets(set, dimension, month_starts, &[true, false])
            .await
    }

    /// Deals by owner from the totals the database keeps: closed ones from
    /// `credit_totals`, open ones from the forecast's `forecast_totals` (each owner's
    /// expected amount rounded once per stage, as the grouped query does).
    async fn owner_buckets_from_totals(
        &self,
        set: &DealSet,
    ) -> Result<Vec<DealBucket>, StoreError> {
        let mut out: HashMap<(GroupKey, Outcome), DealBucket> = HashMap::new();
        let owners = set.owners.as_deref();
        let closed = match set.period {
            Some(p) => self
                .closed_totals(owners, &[p.from, p.to])
                .await?
                .into_iter()
                .map(|((owner, _), t)| (owner, t))
                .collect::<Vec<_>>(),
            None => self.closed_totals_ever(owners).await?.into_iter().collect(),
        };
        let key = |owner: Option<Uuid>| owner.map_or(GroupKey::None, GroupKey::Id);
        for (owner, t) in closed {
            add_closed(&mut out, key(owner), &t);
        }
        let stages = self.open_stage_rates().await?;
        for (owner, t) in self.owner_stage_totals(&open_filter(set)).await? {
            if let Some(rate) = stages.get(&t.stage_id) {
                add_bucket(
                    &mut out,
                    key(owner),
                    0,
                    Some(*rate),
                    i64::try_from(t.count).unwrap_or(i64::MAX),
                    Some(t.amount),
                );
            }
        }
        Ok(out.into_values().collect())
    }

    /// Deals by month from the totals the database keeps: closed ones from `credit_totals`
    /// over the months (cut to the period) and the rest of the set's closed deals without a
    /// month; open ones by expected close month from `forecast_totals` — or counted, when
    /// the period is not whole months.
    async fn month_buckets_from_totals(
        &self,
        set: &DealSet,
        month_starts: &[(i32, DateTime<Utc>)],
    ) -> Result<Vec<DealBucket>, StoreError> {
        let mut out: HashMap<(GroupKey, Outcome), DealBucket> = HashMap::new();
        let owners = set.owners.as_deref();
        let mut outside = ClosedTotal::default();
        let whole = match set.period {
            Some(p) => self.closed_by_period(owners, &[p.from, p.to]).await?,
            None => self.closed_by_period(owners, &[]).await?,
        };
        if let Some(t) = whole.get(&0) {
            outside.merge(t, 1);
        }
        if month_starts.len() >= 2 {
            let starts: Vec<DateTime<Utc>> = month_starts
                .iter()
                .map(|(_, at)| match set.period {
                    Some(p) => (*at).max(p.from).min(p.to),
                    None => *at,
                })
                .collect();
            for (i, t) in self.closed_by_period(owners, &starts).await? {
                outside.merge(&t, -1);
                let key = match month_starts[i].0 {
                    0 => GroupKey::None,
                    m => GroupKey::Month(m),
                };
                add_closed(&mut out, key, &t);
            }
        }
        add_closed(&mut out, GroupKey::None, &outside);
        let open = if owners.is_none() {
            self.company_open_by_month(set.period.map(|p| (p.first_day, p.last_day)))
                .await?
        } else {
            self.month_stage_totals(&open_filter(set)).await?
        };
        let Some(open) = open else {
            for b in self
                .buckets(set, DealDimension::Month, month_starts, &[false])
                .await?
            {
                out.insert((b.key.clone(), b.outcome), b);
            }
            return Ok(out.into_values().collect());
        };
        let stages = self.open_stage_rates().await?;
        for (month, t) in open {
            if let Some(rate) = stages.get(&t.stage_id) {
                let key = if month == 0 {
                    GroupKey::None
                } else {
                    GroupKey::Month(month)
                };
                add_bucket(
                    &mut out,
                    key,
                    0,
                    Some(*rate),
                    i64::try_from(t.count).unwrap_or(i64::MAX),
                    Some(t.amount),
                );
            }
        }
        Ok(out.into_values().collect())
    }

    /// The win rate (basis points) of each stage that is neither won nor lost.
    async fn open_stage_rates(&self) -> Result<HashMap<Uuid, i32>, StoreError> {
        Ok(self
            .sales_processes()
            .await?
            .into_iter()
            .flat_map(|(_, stages)| stages)
            .filter(|s| !s.is_won && !s.is_lost)
            .map(|s| (s.id, s.win_rate_bp))
            .collect())
    }

    /// [`Self::deal_buckets`] of the won and lost deals only: no pass over the open ones.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_deal_buckets(
        &self,
        set: &DealSet,
        dimension: DealDimension,
        month_starts: &[(i32, DateTime<Utc>)],
    ) -> Result<Vec<DealBucket>, StoreError> {
        self.buckets(set, dimension, month_starts, &[true]).await
    }

    pub(super) async fn buckets(
        &self,
        set: &DealSet,
        dimension: DealDimension,
        month_starts: &[(i32, DateTime<Utc>)],
        states: &[bool],
    ) -> Result<Vec<DealBucket>, StoreError> {
        let backend = self.store.db_backend();
        let mut out: HashMap<(GroupKey, Outcome), DealBucket> = HashMap::new();
        for closed in states.iter().copied() {
            let c = conditions(
                backend,
                self.tenant_id,
                set,
                if closed { Deals::Closed } else { Deals::Open },
            );
            let mut values = c.values;
            let (state, period) = if closed {
                ("(s.is_won OR s.is_lost)", c.closed)
            } else {
                ("NOT (s.is_won OR s.is_lost)", c.open)
            };
            let key = match dimension {
                DealDimension::Owner => "o.owner_id".to_owned(),
                DealDimension::Product => "o.product_id".to_owned(),
                DealDimension::Campaign => "o.campaign_id".to_owned(),
                DealDimension::Month if closed => {
                    // The month's YYYYMM by where the close instant falls.
                    let mut case = String::from("CASE");
                    for pair in month_starts.windows(2) {
                        values.push(pair[0].1.into());
                        values.push(pair[1].1.into());
                        case.push_str(&format!(
                            " WHEN o.closed_at >= {} AND o.closed_at < {} THEN {}",
                            param(backend, values.len() - 1),
                            param(backend, values.len()),
                            pair[0].0
                        ));
                    }
                    case.push_str(" ELSE 0 END");
                    if month_starts.len() < 2 {
                        "0".into()
                    } else {
                        case
                    }
                }
                DealDimension::Month => month_of(backend, "o.expected_close_date"),
            };
            // Open deals per stage too, for their expected amount (rounded once per stage).
            let (rate, by_stage) = if closed {
                ("0", "")
            } else {
                ("MAX(s.win_rate_bp)", ", s.id")
            };
            let sql = format!(
                "SELECT {key} AS key, {OUTCOME} AS outcome, {rate} AS rate, COUNT(*) AS n, \
                 CAST(SUM(o.amount_minor) AS BIGINT) AS amount FROM {FROM} \
                 WHERE o.tenant_id = {t} AND {state}{owners}{period} GROUP BY 1, 2{by_stage}",
                t = param(backend, 1),
                owners = c.owners,
            );
            let statement = Statement::from_sql_and_values(backend, sql, values);
            if dimension == DealDimension::Month {
                for r in MonthRow::find_by_statement(statement)
                    .all(self.db())
                    .await?
                {
                    let key = if r.key == 0 {
                        GroupKey::None
                    } else {
                        GroupKey::Month(r.key)
                    };
                    add_bucket(&mut out, key, r.outcome, r.rate, r.n, r.amount);
                }
            } else {
                for r in IdRow::find_by_statement(statement).all(self.db()).await? {
                    let key = r.key.map_or(GroupKey::None, GroupKey::Id);
                    add_bucket(&mut out, key, r.outcome, r.rate, r.n, r.amount);
                }
            }
        }
        Ok(out.into_values().collect())
    }

    /// Instants at or before the earliest close of the set's closed deals and at or after
    /// the latest (the span a monthly report covers), from the maintained totals: whole UTC
    /// months, cut to the set's period.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_span(
        &self,
        set: &DealSet,
    ) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>, StoreError> {
        let Some((first, last)) = self.closed_months_span(set.owners.as_deref()).await? else {
            return Ok(None);
        };
        Ok(match set.period {
            None => Some((first, last)),
            Some(p) => {
                let (first, last) = (first.max(p.from), last.min(p.to));
                (first < p.to && first <= last).then_some((first, last))
            }
        })
    }

    /// Each won deal of the set: owner, created and won instants (the sales cycle).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn won_cycles(
        &self,
        set: &DealSet,
    ) -> Result<Vec<(Uuid, DateTime<Utc>, DateTime<Utc>)>, StoreError> {
        let backend = self.store.db_backend();
        let c = conditions(backend, self.tenant_id, set, Deals::Closed);
        let sql = format!(
            "SELECT o.owner_id AS owner_id, o.created_at AS created_at, o.closed_at AS closed_at \
             FROM {FROM} WHERE o.tenant_id = {t} AND s.is_won{owners}{period}",
            t = param(backend, 1),
            owners = c.owners,
            period = c.closed,
        );
        Ok(
            WonDeal::find_by_statement(Statement::from_sql_and_values(backend, sql, c.values))
                .all(self.db())
                .await?
                .into_iter()
                .filter_map(|w| Some((w.owner_id?, w.created_at, w.closed_at?)))
                .collect(),
        )
    }

    /// Time the set's deals spent in each stage they have left, by owner and stage: the
    /// stays in a stage (its entry and any edits while in it) summed, and the deals — from
    /// the maintained totals when they can answer (`analytics::dwell`), else from the
    /// records.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn stage_dwell(&self, set: &DealSet) -> Result<Vec<StageDwell>, StoreError> {
        match self.stage_dwell_from_totals(set).await? {
            Some(found) => Ok(found),
            None => self.stage_dwell_scan(set).await,
        }
    }

    /// [`Self::stage_dwell`] summed from the deals and their changes.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn stage_dwell_scan(&self, set: &DealSet) -> Result<Vec<StageDwell>, StoreError> {
        let backend = self.store.db_backend();
        let (in_set, values) = set_conditions(backend, self.tenant_id, set);
        // Each deal of the set, then its left stays from the index of its changes by end.
        // SQLite, without statistics, would otherwise walk every change of the company for
        // each deal (over a minute at 300,000 deals).
        let (join, changes) = match backend {
            DbBackend::Postgres => ("JOIN", "stage_changes sc"),
            _ => (
                "CROSS JOIN",
                "stage_changes sc INDEXED BY stage_changes_open_end",
            ),
        };
        let sql = format!(
            "SELECT o.owner_id AS owner_id, sc.to_stage_id AS stage_id, \
             CAST(SUM({left} - {entered}) AS BIGINT) AS seconds, \
             COUNT(DISTINCT sc.opportunity_id) AS deals \
             FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
             {join} {changes} ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id \
             WHERE o.tenant_id = {t} AND sc.superseded_at IS NOT NULL \
             AND o.stage_id <> sc.to_stage_id{in_set} GROUP BY 1, 2",
            left = epoch_seconds(backend, "sc.superseded_at"),
            entered = epoch_seconds(backend, "sc.at"),
            t = param(backend, 1),
        );
        Ok(
            DwellRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?
                .into_iter()
                .filter_map(|r| {
                    Some(StageDwell {
                        owner_id: r.owner_id?,
                        stage_id: r.stage_id,
                        seconds: r.seconds.unwrap_or(0),
                        deals: r.deals,
                    })
                })
                .collect(),
        )
    }
}

/// An open deal that has sat in its stage the longest.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct StuckDeal {
    pub id: Uuid,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub stage_id: Uuid,
    pub amount_minor: i64,
    pub stage_entered_at: Option<DateTime<Utc>>,
}

impl TenantStore {
    /// Up to `limit` open deals owned by one of `owners` that entered their stage before
    /// `before`, the longest there first: one index walk per open stage.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn stuck_deals(
        &self,
        open_stages: &[Uuid],
        owners: Option<&Vec<Uuid>>,
        before: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<StuckDeal>, StoreError> {
        let backend = self.store.db_backend();
        // SQLite keeps no statistics: it is told which index walks a stage by age.
        let indexed = match backend {
            DbBackend::Postgres => "",
            _ => " INDEXED BY opportunities_stage_entered",
        };
        let mut out = Vec::new();
        for stage in open_stages {
            let mut values: Vec<Value> =
                vec![self.tenant_id.into(), (*stage).into(), before.into()];
            let owned = match owners {
                None => String::new(),
                Some(list) if list.is_empty() => " AND 1 = 0".into(),
                Some(list) => format!(
                    " AND owner_id IN ({})",
                    bind_ids(backend, &mut values, list)
                ),
            };
            let sql = format!(
                "SELECT id, name, owner_id, stage_id, amount_minor, stage_entered_at \
                 FROM opportunities{indexed} WHERE tenant_id = {} AND stage_id = {} \
                 AND stage_entered_at < {}{owned} ORDER BY stage_entered_at LIMIT {limit}",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
            );
            out.extend(
                StuckDeal::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                    .all(self.db())
                    .await?,
            );
        }
        out.sort_by_key(|d| d.stage_entered_at);
        out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(out)
    }
}
