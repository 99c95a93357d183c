//! Completion's sums read from `credit_totals` (kept by triggers, migration m0020) instead
//! of a year of records: a few rows per person and month.
//!
//! Contracts and payments are credited by calendar day, so months of the plan are months of
//! the totals. Won deals are credited by the instant they were won, and the totals keep UTC
//! months while a plan's months start at midnight in the company's time zone: at each
//! boundary the totals are cut at the nearest UTC month start and the few hours between the
//! two are read from the records, so the answer is exact in any time zone.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use closer_domain::targets::Metric;
use sea_orm::{FromQueryResult, Statement};
use uuid::Uuid;

use super::completion::{Sums, YearBounds};
use crate::{platform::dialect::param, StoreError, TenantStore};

#[derive(FromQueryResult)]
struct Total {
    owner_id: Uuid,
    month: i32,
    amount_minor: i64,
}

pub(crate) fn key(day: NaiveDate) -> i32 {
    day.year() * 100 + i32::try_from(day.month()).unwrap_or(1)
}

pub(crate) fn month_start(year: i32, month: u32) -> DateTime<Utc> {
    let (year, month) = if month > 12 {
        (year + 1, 1)
    } else {
        (year, month)
    };
    Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The period (index into `keys`, which has one more entry than there are periods) a
/// month of the totals falls in.
pub(crate) fn period_of(keys: &[i32], month: i32) -> Option<usize> {
    let after = keys.partition_point(|k| *k <= month);
    (after >= 1 && after < keys.len()).then(|| after - 1)
}

/// The records between a boundary and the UTC month start its totals are cut at: credited
/// to the periods on either side of the boundary.
pub(crate) struct Edge {
    pub boundary: usize,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// +1: the stretch lies before the boundary (it belongs to the period that ends there);
    /// −1: after it.
    pub sign: i64,
}

impl Edge {
    /// Adds what the records of the stretch hold to the periods on either side of the
    /// boundary, out of `n` periods (`add(period, ±1)`).
    pub(crate) fn spread(&self, n: usize, mut add: impl FnMut(usize, i64)) {
        // Credit up to a boundary belongs to the period ending there (b − 1), credit after
        // it to the period starting there (b).
        if self.boundary >= 1 {
            add(self.boundary - 1, self.sign);
        }
        if self.boundary < n {
            add(self.boundary, -self.sign);
        }
    }
}

/// Where the totals (UTC months) are cut for periods starting at `instants`: the month key
/// of each boundary (`YYYYMM`, one more than there are periods) and the stretches between
/// the boundaries and those months' starts, read from the records.
pub(crate) fn instant_cuts(instants: &[DateTime<Utc>]) -> (Vec<i32>, Vec<Edge>) {
    let mut keys = Vec::with_capacity(instants.len());
    let mut edges = Vec::new();
    for (boundary, at) in instants.iter().copied().enumerate() {
        let start = month_start(at.year(), at.month());
        let next = month_start(at.year(), at.month() + 1);
        if at == start {
            keys.push(key(start.date_naive()));
        } else if at - start <= next - at {
            keys.push(key(start.date_naive()));
            edges.push(Edge {
                boundary,
                from: start,
                to: at,
                sign: 1,
            });
        } else {
            keys.push(key(next.date_naive()));
            edges.push(Edge {
                boundary,
                from: at,
                to: next,
                sign: -1,
            });
        }
    }
    (keys, edges)
}

impl TenantStore {
    /// The totals of `metric` in months `from` (inclusive) to `to` (exclusive), `YYYYMM`.
    async fn totals(&self, metric: Metric, from: i32, to: i32) -> Result<Vec<Total>, StoreError> {
        let b = self.store.db_backend();
        let sql = format!(
            "SELECT owner_id, month, amount_minor FROM credit_totals WHERE tenant_id = {} \
             AND metric = {} AND month >= {} AND month < {}",
            param(b, 1),
            param(b, 2),
            param(b, 3),
            param(b, 4)
        );
        Ok(Total::find_by_statement(Statement::from_sql_and_values(
            b,
            sql,
            [
                self.tenant_id.into(),
                metric.key().into(),
                from.into(),
                to.into(),
            ],
        ))
        .all(self.db())
        .await?)
    }

    /// Everyone's credit per period read from the totals, or `None` when the totals cannot
    /// answer (a metric they do not keep, periods of contracts or payments that are not
    /// whole months).
    ///
    /// # Errors
    /// When the database fails.
    pub(super) async fn sums_from_totals(
        &self,
        metric: Metric,
        bounds: &YearBounds,
    ) -> Result<Option<Sums>, StoreError> {
        let n = bounds.len();
        let mut out = Sums::new();
        if n == 0 {
            return Ok(Some(out));
        }
        let (keys, edges) = match metric {
            Metric::ContractAmount | Metric::Payments => {
                if bounds.days.iter().any(|d| d.day() != 1) {
                    return Ok(None);
                }
                (
                    bounds.days.iter().map(|d| key(*d)).collect::<Vec<_>>(),
                    Vec::new(),
                )
            }
            Metric::WonAmount => instant_cuts(&bounds.instants),
            Metric::NewCustomers | Metric::Visits => return Ok(None),
        };
        for t in self.totals(metric, keys[0], keys[n]).await? {
            // Records without an owner are kept under the nil id: credited to no one.
            if let (Some(m), false) = (period_of(&keys, t.month), t.owner_id.is_nil()) {
                *out.entry((t.owner_id, m)).or_default() += t.amount_minor;
            }
        }
        for e in edges {
            let stretch = YearBounds {
                days: vec![e.from.date_naive(), e.to.date_naive()],
                instants: vec![e.from, e.to],
            };
            for ((owner, _), amount) in self.sums_from_records(metric, &stretch).await? {
                e.spread(n, |period, sign| {
                    *out.entry((owner, period)).or_default() += sign * amount;
                });
            }
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_fall_in_their_periods() {
        let keys = [202_601, 202_602, 202_604, 202_701];
        assert_eq!(period_of(&keys, 202_512), None);
        assert_eq!(period_of(&keys, 202_601), Some(0));
        assert_eq!(period_of(&keys, 202_602), Some(1));
        assert_eq!(period_of(&keys, 202_603), Some(1));
        assert_eq!(period_of(&keys, 202_612), Some(2));
        assert_eq!(period_of(&keys, 202_701), None);
    }

    #[test]
    fn december_rolls_into_the_next_year() {
        assert_eq!(
            month_start(2026, 13),
            Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap()
        );
    }
}
