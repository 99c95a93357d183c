//! Won and lost deals counted and summed per owner and period from the maintained
//! `credit_totals` (migration m0020): what the home page shows for a period and month by
//! month, without reading a year of deals. Periods start at midnight in the company's time
//! zone; the totals keep UTC months, so each boundary is cut at the nearest UTC month start
//! and the hours between are read from the deals themselves — exact in any zone.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{FromQueryResult, Statement, Value};
use uuid::Uuid;

use crate::{
    platform::dialect::{bind_ids, param},
    targets::credit_totals::{instant_cuts, month_start, period_of},
    StoreError, TenantStore,
};

/// Won or lost deals of one owner (`None`: deals without one) in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClosedTotal {
    pub won_count: i64,
    pub won_amount: i64,
    pub lost_count: i64,
    pub lost_amount: i64,
}

impl ClosedTotal {
    /// Adds (`sign` 1) or takes away (−1) another total.
    pub(crate) fn merge(&mut self, other: &Self, sign: i64) {
        self.won_count += sign * other.won_count;
        self.won_amount += sign * other.won_amount;
        self.lost_count += sign * other.lost_count;
        self.lost_amount += sign * other.lost_amount;
    }

    pub(crate) fn add(&mut self, won: bool, count: i64, amount: i64) {
        if won {
            self.won_count += count;
            self.won_amount += amount;
        } else {
            self.lost_count += count;
            self.lost_amount += amount;
        }
    }
}

#[derive(FromQueryResult)]
struct Row {
    owner_id: Option<Uuid>,
    won: i32,
    month: i32,
    deals: i64,
    amount: i64,
}

/// `owners` as an SQL condition on `column` (after the values already bound).
pub(super) fn owners_condition(
    backend: sea_orm::DbBackend,
    values: &mut Vec<Value>,
    column: &str,
    owners: Option<&[Uuid]>,
) -> String {
    match owners {
        None => String::new(),
        Some([]) => " AND 1 = 0".into(),
        Some(list) => format!(" AND {column} IN ({})", bind_ids(backend, values, list)),
    }
}

impl TenantStore {
    async fn closed_rows(&self, sql: String, values: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let backend = self.store.db_backend();
        Ok(
            Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// Closed deals per owner and period, the periods starting at `starts` (one more than
    /// there are periods), of `owners` (`None`: every deal, those without an owner too).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_totals(
        &self,
        owners: Option<&[Uuid]>,
        starts: &[DateTime<Utc>],
    ) -> Result<HashMap<(Option<Uuid>, usize), ClosedTotal>, StoreError> {
        let mut out: HashMap<(Option<Uuid>, usize), ClosedTotal> = HashMap::new();
        let n = starts.len().saturating_sub(1);
        if n == 0 {
            return Ok(out);
        }
        let backend = self.store.db_backend();
        let (keys, edges) = instant_cuts(starts);
        let mut values: Vec<Value> = vec![self.tenant_id.into(), keys[0].into(), keys[n].into()];
        let only = owners_condition(backend, &mut values, "owner_id", owners);
        let sql = format!(
            "SELECT owner_id, CASE WHEN metric = 'won_amount' THEN 1 ELSE 0 END AS won, month, \
             deals, amount_minor AS amount FROM credit_totals WHERE tenant_id = {} \
             AND metric IN ('won_amount', 'lost_amount') AND month >= {} AND month < {}{only}",
            param(backend, 1),
            param(backend, 2),
            param(backend, 3),
        );
        for r in self.closed_rows(sql, values).await? {
            if let Some(period) = period_of(&keys, r.month) {
                let owner = r.owner_id.filter(|o| !o.is_nil());
                out.entry((owner, period))
                    .or_default()
                    .add(r.won == 1, r.deals, r.amount);
            }
        }
        for e in edges {
            let mut values: Vec<Value> = vec![self.tenant_id.into(), e.from.into(), e.to.into()];
            let only = owners_condition(backend, &mut values, "o.owner_id", owners);
            let sql = format!(
                "SELECT o.owner_id AS owner_id, CASE WHEN s.is_won THEN 1 ELSE 0 END AS won, 0 AS month, \
                 COUNT(*) AS deals, CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 WHERE o.tenant_id = {} AND (s.is_won OR s.is_lost) AND o.closed_at >= {} \
                 AND o.closed_at < {}{only} GROUP BY 1, 2",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
            );
            for r in self.closed_rows(sql, values).await? {
                e.spread(n, |period, sign| {
                    out.entry((r.owner_id, period)).or_default().add(
                        r.won == 1,
                        sign * r.deals,
                        sign * r.amount,
                    );
                });
            }
        }
        out.retain(|_, t| *t != ClosedTotal::default());
        Ok(out)
    }
}

impl TenantStore {
    /// Closed deals per owner over all time (those closed without a closing instant too),
    /// of `owners` (`None`: every deal).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_totals_ever(
        &self,
        owners: Option<&[Uuid]>,
    ) -> Result<HashMap<Option<Uuid>, ClosedTotal>, StoreError> {
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let only = owners_condition(backend, &mut values, "owner_id", owners);
        let sql = format!(
            "SELECT owner_id, CASE WHEN metric = 'won_amount' THEN 1 ELSE 0 END AS won, 0 AS month, \
             CAST(SUM(deals) AS BIGINT) AS deals, CAST(SUM(amount_minor) AS BIGINT) AS amount \
             FROM credit_totals WHERE tenant_id = {} AND metric IN ('won_amount', 'lost_amount'){only} \
             GROUP BY owner_id, metric",
            param(backend, 1),
        );
        let mut out: HashMap<Option<Uuid>, ClosedTotal> = HashMap::new();
        for r in self.closed_rows(sql, values).await? {
            out.entry(r.owner_id.filter(|o| !o.is_nil()))
                .or_default()
                .add(r.won == 1, r.deals, r.amount);
        }
        out.retain(|_, t| *t != ClosedTotal::default());
        Ok(out)
    }
}

impl TenantStore {
    /// An instant at or before the earliest close of `owners`' closed deals (`None`: every
    /// deal) and one at or after the latest: the start of the first UTC month the maintained
    /// totals hold closed deals in and the end of the last. A report by month over them may
    /// begin or end with a month without deals, which shows no row.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_months_span(
        &self,
        owners: Option<&[Uuid]>,
    ) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>, StoreError> {
        #[derive(FromQueryResult)]
        struct Month {
            month: i32,
        }
        let backend = self.store.db_backend();
        let mut ends: Vec<i32> = Vec::new();
        // Four walks of the key's month order, each stopping at its first row.
        for metric in ["won_amount", "lost_amount"] {
            for order in ["ASC", "DESC"] {
                let mut values: Vec<Value> = vec![self.tenant_id.into(), metric.into()];
                let only = owners_condition(backend, &mut values, "owner_id", owners);
                let sql = format!(
                    "SELECT month FROM credit_totals WHERE tenant_id = {} AND metric = {} \
                     AND month > 0 AND deals <> 0{only} ORDER BY month {order} LIMIT 1",
                    param(backend, 1),
                    param(backend, 2),
                );
                if let Some(m) =
                    Month::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                        .one(self.db())
                        .await?
                {
                    ends.push(m.month);
                }
            }
        }
        let (Some(first), Some(last)) = (ends.iter().min(), ends.iter().max()) else {
            return Ok(None);
        };
        let start =
            |m: i32, next: u32| month_start(m / 100, u32::try_from(m % 100).unwrap_or(1) + next);
        Ok(Some((
            start(*first, 0),
            start(*last, 1) - chrono::Duration::nanoseconds(1),
        )))
    }
}
