//! Forecast accuracy: each past period's forecast as it stood at the period's start,
//! rebuilt from stage history, against what was won in the period.
//!
//! The rule, like a forecast snapshot taken at 00:00 on the period's first day (tenant
//! time): an opportunity counts in the snapshot when its latest history row at or before
//! that instant put it in an open stage with an expected close date inside the period; it
//! counts with that row's amount, weighted by the stage's win rate in force at that
//! instant (see [`WinRateChange`]), rounded once per stage as the live forecast is.
//! Opportunities created later, already closed, or then expected to close in another
//! period do not count. **Won** is every opportunity whose current stage is won and which
//! entered it during the period (from the snapshot instant up to, not including, the next
//! period's), at its current amount — including deals that were not in the snapshot.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{
    period::Period,
    pipeline::{forecast, histories, Forecast, StageChange, StageInfo, StageTotal},
};
use crate::opportunities::{
    div_round_half_up,
    process::{StageKind, WinRate},
    saturate,
};

/// A stage's win rate from `at` on. The store writes one when a stage is created and each
/// time an edit changes its rate, so that changing a rate never rewrites past forecasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WinRateChange {
    pub stage_id: Uuid,
    pub win_rate: WinRate,
    pub at: DateTime<Utc>,
}

/// One period's forecast as it stood at its start, against what was won in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodAccuracy {
    pub period: Period,
    /// The snapshot at the period's start, per open stage.
    pub forecast: Forecast,
    /// The opportunities in the snapshot, by id, for drilling through.
    pub forecast_opportunities: Vec<Uuid>,
    pub won_count: u64,
    /// Minor units.
    pub won_amount: i64,
    pub won_opportunities: Vec<Uuid>,
}

impl PeriodAccuracy {
    /// Won − expected, in minor units: positive when the forecast was too cautious.
    #[must_use]
    pub fn variance(&self) -> i64 {
        self.won_amount
            .saturating_sub(self.forecast.expected_amount)
    }

    /// Won ÷ expected in basis points (10000 = exactly as forecast), rounded half up;
    /// `None` when nothing was expected.
    #[must_use]
    pub fn won_vs_forecast_bp(&self) -> Option<i64> {
        (self.forecast.expected_amount > 0).then(|| {
            saturate(div_round_half_up(
                i128::from(self.won_amount) * 10_000,
                i128::from(self.forecast.expected_amount),
            ))
        })
    }
}

/// Accuracy of each of `periods` (see the module's rule). `start_of_day` gives the instant
/// a date begins in the tenant's time zone. `stages` are every stage involved, in order,
/// with their current rates, which apply where `rate_changes` has nothing earlier.
#[must_use]
pub fn forecast_accuracy(
    periods: &[Period],
    stages: &[StageInfo],
    rate_changes: &[WinRateChange],
    changes: &[StageChange],
    start_of_day: impl Fn(NaiveDate) -> DateTime<Utc>,
) -> Vec<PeriodAccuracy> {
    let kinds: HashMap<Uuid, StageKind> = stages.iter().map(|s| (s.stage_id, s.kind)).collect();
    let histories = histories(changes);
    let won: BTreeMap<Uuid, (DateTime<Utc>, i64)> = histories
        .iter()
        .filter_map(|(id, rows)| won_entry(rows, &kinds).map(|w| (*id, w)))
        .collect();

    periods
        .iter()
        .map(|&period| {
            let start = start_of_day(period.first_day());
            let end = period.last_day().succ_opt().map(&start_of_day);
            let mut totals = Vec::new();
            let mut forecast_opportunities = Vec::new();
            for (id, rows) in &histories {
                let before = rows.partition_point(|c| c.at <= start);
                let Some(row) = before.checked_sub(1).map(|i| rows[i]) else {
                    continue;
                };
                let open = kinds.get(&row.to_stage) == Some(&StageKind::Open);
                if open && row.expected_close_date.is_some_and(|d| period.contains(d)) {
                    totals.push(StageTotal {
                        stage_id: row.to_stage,
                        count: 1,
                        amount: row.amount,
                    });
                    forecast_opportunities.push(*id);
                }
            }
            let stages_then = rates_at(stages, rate_changes, start);
            let won_in: Vec<(Uuid, i64)> = won
                .iter()
                .filter(|(_, (at, _))| *at >= start && end.is_none_or(|e| *at < e))
                .map(|(id, (_, amount))| (*id, *amount))
                .collect();
            PeriodAccuracy {
                period,
                forecast: forecast(&stages_then, &totals),
                forecast_opportunities,
                won_count: won_in.len() as u64,
                won_amount: saturate(won_in.iter().map(|(_, a)| i128::from(*a)).sum()),
                won_opportunities: won_in.into_iter().map(|(id, _)| id).collect(),
            }
        })
        .collect()
}

/// When an opportunity now in a won stage entered it, and its current amount.
fn won_entry(
    rows: &[&StageChange],
    kinds: &HashMap<Uuid, StageKind>,
) -> Option<(DateTime<Utc>, i64)> {
    let last = rows.last()?;
    if kinds.get(&last.to_stage) != Some(&StageKind::Won) {
        return None;
    }
    let stay_start = rows
        .iter()
        .rposition(|c| c.to_stage != last.to_stage)
        .map_or(0, |i| i + 1);
    Some((rows[stay_start].at, last.amount))
}

/// The stages with the win rate each had at `at`: the latest change at or before it, else
/// the rate configured now.
#[must_use]
pub fn rates_at(
    stages: &[StageInfo],
    rate_changes: &[WinRateChange],
    at: DateTime<Utc>,
) -> Vec<StageInfo> {
    stages
        .iter()
        .map(|s| StageInfo {
            win_rate: rate_changes
                .iter()
                .filter(|r| r.stage_id == s.stage_id && r.at <= at)
                .max_by_key(|r| r.at)
                .map_or(s.win_rate, |r| r.win_rate),
            ..*s
        })
        .collect()
}

/// One period's accuracy from figures a database worked out by the module's rule: the
/// snapshot's count and amount per stage at `start`, and the count and amount won in the
/// period. Weighted and rounded exactly as [`forecast_accuracy`] does; the drill-through id
/// lists are left empty.
#[must_use]
pub fn period_accuracy(
    period: Period,
    start: DateTime<Utc>,
    stages: &[StageInfo],
    rate_changes: &[WinRateChange],
    snapshot: &[StageTotal],
    (won_count, won_amount): (u64, i64),
) -> PeriodAccuracy {
    PeriodAccuracy {
        period,
        forecast: forecast(&rates_at(stages, rate_changes, start), snapshot),
        forecast_opportunities: Vec::new(),
        won_count,
        won_amount,
        won_opportunities: Vec::new(),
    }
}
