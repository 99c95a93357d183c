//! The company-wide pipeline by product or campaign from the maintained `dimension_totals`
//! (migration m0021): won and lost deals by the UTC month they closed in, open ones by
//! expected close month. A period starting at midnight in the company's zone is cut at the
//! nearest UTC month starts and the hours between are read from the deals, as for the
//! closed totals by owner; open deals of a period that is not whole months are counted.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use closer_domain::opportunities::forecast::StageTotal;
use sea_orm::{FromQueryResult, Statement, Value};
use uuid::Uuid;

use super::closed_totals::ClosedTotal;
use super::deals::{add_bucket, DealBucket, DealDimension, DealSet, GroupKey, Outcome, OUTCOME};
use crate::{
    platform::dialect::param,
    targets::credit_totals::{instant_cuts, key as month_key, period_of},
    StoreError, TenantStore,
};

#[derive(FromQueryResult)]
struct Row {
    key: Option<uuid::Uuid>,
    outcome: i32,
    rate: Option<i32>,
    n: i64,
    amount: Option<i64>,
}

fn names(dimension: DealDimension) -> Option<(&'static str, &'static str)> {
    match dimension {
        DealDimension::Product => Some(("product", "product_id")),
        DealDimension::Campaign => Some(("campaign", "campaign_id")),
        _ => None,
    }
}

fn key_of(key: Option<uuid::Uuid>) -> GroupKey {
    key.filter(|k| !k.is_nil())
        .map_or(GroupKey::None, GroupKey::Id)
}

impl TenantStore {
    async fn key_rows(&self, sql: String, values: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let backend = self.store.db_backend();
        Ok(
            Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// Every deal's buckets by product or campaign from the totals; `None` when they cannot
    /// answer (a set limited to some owners, or another dimension).
    pub(crate) async fn dimension_buckets_from_totals(
        &self,
        set: &DealSet,
        dimension: DealDimension,
    ) -> Result<Option<Vec<DealBucket>>, StoreError> {
        let Some((name, column)) = names(dimension) else {
            return Ok(None);
        };
        if set.owners.is_some() {
            return Ok(None);
        }
        let backend = self.store.db_backend();
        let mut out: HashMap<(GroupKey, Outcome), DealBucket> = HashMap::new();
        let from_totals = |state: &str, rate: &str, by_stage: &str, months: &str| {
            format!(
                "SELECT d.key_id AS key, {OUTCOME} AS outcome, {rate} AS rate, \
                 CAST(SUM(d.deals) AS BIGINT) AS n, CAST(SUM(d.amount_minor) AS BIGINT) AS amount \
                 FROM dimension_totals d JOIN stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id \
                 WHERE d.tenant_id = {} AND d.dimension = {} AND {state}{months} \
                 GROUP BY d.key_id, {OUTCOME}{by_stage}",
                param(backend, 1),
                param(backend, 2),
            )
        };
        // Won and lost deals.
        let mut values: Vec<Value> = vec![self.tenant_id.into(), name.into()];
        let mut edges = Vec::new();
        let months = match set.period {
            None => String::new(),
            Some(p) => {
                let (keys, cut) = instant_cuts(&[p.from, p.to]);
                edges = cut;
                values.extend([keys[0].into(), keys[1].into()]);
                format!(
                    " AND d.month >= {} AND d.month < {}",
                    param(backend, 3),
                    param(backend, 4)
                )
            }
        };
        let closed = "(s.is_won OR s.is_lost)";
        for r in self
            .key_rows(from_totals(closed, "0", "", &months), values)
            .await?
        {
            add_bucket(&mut out, key_of(r.key), r.outcome, None, r.n, r.amount);
        }
        for e in edges {
            let sql = format!(
                "SELECT o.{column} AS key, {OUTCOME} AS outcome, 0 AS rate, COUNT(*) AS n, \
                 CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 WHERE o.tenant_id = {} AND {closed} AND o.closed_at >= {} AND o.closed_at < {} \
                 GROUP BY 1, 2",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
            );
            let values: Vec<Value> = vec![self.tenant_id.into(), e.from.into(), e.to.into()];
            for r in self.key_rows(sql, values).await? {
                e.spread(1, |_, sign| {
                    add_bucket(
                        &mut out,
                        key_of(r.key),
                        r.outcome,
                        None,
                        sign * r.n,
                        r.amount.map(|a| sign * a),
                    );
                });
            }
        }
        // Open deals, each group's expected amount rounded once per stage.
        let open = "NOT (s.is_won OR s.is_lost)";
        let mut values: Vec<Value> = vec![self.tenant_id.into(), name.into()];
        let months = match set.period {
            None => String::new(),
            Some(p) => {
                if !whole_months(p.first_day, p.last_day) {
                    for b in self.buckets(set, dimension, &[], &[false]).await? {
                        out.insert((b.key.clone(), b.outcome), b);
                    }
                    return Ok(Some(kept(out)));
                }
                values.extend([month_key(p.first_day).into(), month_key(p.last_day).into()]);
                format!(
                    " AND d.month >= {} AND d.month <= {}",
                    param(backend, 3),
                    param(backend, 4)
                )
            }
        };
        for r in self
            .key_rows(
                from_totals(open, "MAX(s.win_rate_bp)", ", s.id", &months),
                values,
            )
            .await?
        {
            add_bucket(&mut out, key_of(r.key), r.outcome, r.rate, r.n, r.amount);
        }
        Ok(Some(kept(out)))
    }
}

/// The buckets that hold deals (a total that went back to nothing is no group).
fn kept(out: HashMap<(GroupKey, Outcome), DealBucket>) -> Vec<DealBucket> {
    out.into_values()
        .filter(|b| b.count != 0 || b.amount != 0)
        .collect()
}

/// The dimension every deal has exactly one row in: the whole company's deals, summed
/// over its keys.
const EVERY_DEAL: &str = "product";

#[derive(FromQueryResult)]
struct MonthRow {
    won: i32,
    month: i32,
    n: i64,
    amount: Option<i64>,
}

#[derive(FromQueryResult)]
struct OpenRow {
    month: i32,
    stage_id: Uuid,
    n: i64,
    amount: Option<i64>,
}

/// Whether a close-date range is whole months (only those the totals answer).
pub(super) fn whole_months(first: NaiveDate, last: NaiveDate) -> bool {
    use chrono::Datelike;
    first.day() == 1 && last.succ_opt().is_some_and(|next| next.day() == 1)
}

impl TenantStore {
    /// Won and lost deals of `owners` (`None`: every deal) per period, the periods
    /// starting at `starts` (one more than there are periods); with no `starts`, all time
    /// as period 0 (deals without a closing instant too). Every deal's come from
    /// `dimension_totals` (a few rows per stage and month), some owners' from their
    /// `credit_totals`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_by_period(
        &self,
        owners: Option<&[Uuid]>,
        starts: &[DateTime<Utc>],
    ) -> Result<HashMap<usize, ClosedTotal>, StoreError> {
        let mut out: HashMap<usize, ClosedTotal> = HashMap::new();
        if owners.is_some() {
            if starts.is_empty() {
                for t in self.closed_totals_ever(owners).await?.values() {
                    out.entry(0).or_default().merge(t, 1);
                }
            } else {
                for ((_, i), t) in self.closed_totals(owners, starts).await? {
                    out.entry(i).or_default().merge(&t, 1);
                }
            }
            return Ok(out);
        }
        let n = starts.len().saturating_sub(1);
        if !starts.is_empty() && n == 0 {
            return Ok(out);
        }
        let backend = self.store.db_backend();
        let closed = "(s.is_won OR s.is_lost)";
        let mut values: Vec<Value> = vec![self.tenant_id.into(), EVERY_DEAL.into()];
        let (keys, edges) = if starts.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            instant_cuts(starts)
        };
        let months = if keys.is_empty() {
            String::new()
        } else {
            values.extend([keys[0].into(), keys[n].into()]);
            format!(
                " AND d.month >= {} AND d.month < {}",
                param(backend, 3),
                param(backend, 4)
            )
        };
        let sql = format!(
            "SELECT CASE WHEN s.is_won THEN 1 ELSE 0 END AS won, d.month AS month, \
             CAST(SUM(d.deals) AS BIGINT) AS n, CAST(SUM(d.amount_minor) AS BIGINT) AS amount \
             FROM dimension_totals d JOIN stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id \
             WHERE d.tenant_id = {} AND d.dimension = {} AND {closed}{months} GROUP BY 1, 2",
            param(backend, 1),
            param(backend, 2),
        );
        for r in MonthRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .all(self.db())
            .await?
        {
            let period = if keys.is_empty() {
                Some(0)
            } else {
                period_of(&keys, r.month)
            };
            if let Some(period) = period {
                out.entry(period)
                    .or_default()
                    .add(r.won == 1, r.n, r.amount.unwrap_or(0));
            }
        }
        for e in edges {
            let sql = format!(
                "SELECT CASE WHEN s.is_won THEN 1 ELSE 0 END AS won, 0 AS month, COUNT(*) AS n, \
                 CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 WHERE o.tenant_id = {} AND {closed} AND o.closed_at >= {} AND o.closed_at < {} GROUP BY 1",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
            );
            let values: Vec<Value> = vec![self.tenant_id.into(), e.from.into(), e.to.into()];
            for r in
                MonthRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                    .all(self.db())
                    .await?
            {
                e.spread(n, |period, sign| {
                    out.entry(period).or_default().add(
                        r.won == 1,
                        sign * r.n,
                        sign * r.amount.unwrap_or(0),
                    );
                });
            }
        }
        out.retain(|_, t| *t != ClosedTotal::default());
        Ok(out)
    }

    /// Every deal's open ones per expected close month (`YYYYMM`, 0: none) and stage, from
    /// `dimension_totals`, closing within `closing` (inclusive); `None` when that is not
    /// whole months.
    pub(crate) async fn company_open_by_month(
        &self,
        closing: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Option<Vec<(i32, StageTotal)>>, StoreError> {
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into(), EVERY_DEAL.into()];
        let months = match closing {
            None => String::new(),
            Some((first, last)) if whole_months(first, last) => {
                values.extend([month_key(first).into(), month_key(last).into()]);
                format!(
                    " AND d.month >= {} AND d.month <= {}",
                    param(backend, 3),
                    param(backend, 4)
                )
            }
            Some(_) => return Ok(None),
        };
        let sql = format!(
            "SELECT d.month AS month, d.stage_id AS stage_id, CAST(SUM(d.deals) AS BIGINT) AS n, \
             CAST(SUM(d.amount_minor) AS BIGINT) AS amount \
             FROM dimension_totals d JOIN stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id \
             WHERE d.tenant_id = {} AND d.dimension = {} AND NOT (s.is_won OR s.is_lost){months} \
             GROUP BY d.month, d.stage_id",
            param(backend, 1),
            param(backend, 2),
        );
        Ok(Some(
            OpenRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?
                .into_iter()
                .filter(|r| r.n > 0)
                .map(|r| {
                    (
                        r.month,
                        StageTotal {
                            stage_id: r.stage_id,
                            count: u64::try_from(r.n).unwrap_or(0),
                            amount: r.amount.unwrap_or(0),
                        },
                    )
                })
                .collect(),
        ))
    }
}
