//! The live weighted forecast: open deals per stage with the configured win rates.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::opportunities::{
    process::{StageKind, WinRate},
    saturate,
};

/// A stage of a process as the forecast needs it; a slice of these is in position order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageInfo {
    pub stage_id: Uuid,
    pub kind: StageKind,
    /// The configured win rate, as it is now.
    pub win_rate: WinRate,
}

/// One row of an opportunity's stage history.
///
/// A row is written when the opportunity is created (`from_stage` `None`), at every stage
/// move, and also — with `from_stage == Some(to_stage)` — when its amount or expected
/// close date is edited, so that a past forecast can be rebuilt as it stood. `amount` and
/// `expected_close_date` are the opportunity's values right after the row's event. Rows of
/// one opportunity are ordered by `at`; the store should read them ordered by `(at, id)`
/// so that ties keep the order they happened in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub opportunity_id: Uuid,
    pub from_stage: Option<Uuid>,
    pub to_stage: Uuid,
    pub at: DateTime<Utc>,
    /// Minor units.
    pub amount: i64,
    pub expected_close_date: Option<NaiveDate>,
}

/// An open opportunity as the live forecast counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOpportunity {
    pub stage_id: Uuid,
    /// Minor units.
    pub amount: i64,
}

/// How many opportunities sit in a stage and their summed amount: the row of
/// `SELECT stage_id, COUNT(*), SUM(amount) … GROUP BY stage_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageTotal {
    pub stage_id: Uuid,
    pub count: u64,
    /// Minor units.
    pub amount: i64,
}

/// Sums opportunities per stage, in order of first appearance.
#[must_use]
pub fn tally(opportunities: &[OpenOpportunity]) -> Vec<StageTotal> {
    let mut totals: Vec<StageTotal> = Vec::new();
    let mut index: HashMap<Uuid, usize> = HashMap::new();
    for o in opportunities {
        let i = *index.entry(o.stage_id).or_insert_with(|| {
            totals.push(StageTotal {
                stage_id: o.stage_id,
                count: 0,
                amount: 0,
            });
            totals.len() - 1
        });
        totals[i].count += 1;
        totals[i].amount = totals[i].amount.saturating_add(o.amount);
    }
    totals
}

/// One open stage of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageForecast {
    pub stage_id: Uuid,
    pub count: u64,
    /// Minor units.
    pub amount: i64,
    pub win_rate: WinRate,
    /// `amount × win_rate`, rounded half up once, in minor units.
    pub expected_amount: i64,
}

/// The weighted pipeline: every open stage in order, zeros included, and totals that are
/// the sums of the stage figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub stages: Vec<StageForecast>,
    pub count: u64,
    pub amount: i64,
    pub expected_amount: i64,
}

/// The forecast of the open stages of `stages` (in their order) from per-stage totals.
/// Totals of a stage that is not an open stage of `stages` are left out; several totals
/// for one stage add up.
#[must_use]
pub fn forecast(stages: &[StageInfo], totals: &[StageTotal]) -> Forecast {
    let mut by_stage: HashMap<Uuid, (u64, i128)> = HashMap::new();
    for t in totals {
        let entry = by_stage.entry(t.stage_id).or_default();
        entry.0 += t.count;
        entry.1 += i128::from(t.amount);
    }
    let stages: Vec<StageForecast> = stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| {
            let (count, amount) = by_stage.get(&s.stage_id).copied().unwrap_or_default();
            let amount = saturate(amount);
            StageForecast {
                stage_id: s.stage_id,
                count,
                amount,
                win_rate: s.win_rate,
                expected_amount: s.win_rate.of(amount),
            }
        })
        .collect();
    Forecast {
        count: stages.iter().map(|s| s.count).sum(),
        amount: saturate(stages.iter().map(|s| i128::from(s.amount)).sum()),
        expected_amount: saturate(stages.iter().map(|s| i128::from(s.expected_amount)).sum()),
        stages,
    }
}

/// Each opportunity's rows in time order (ties keep their input order), by opportunity id.
pub(super) fn histories(changes: &[StageChange]) -> BTreeMap<Uuid, Vec<&StageChange>> {
    let mut map: BTreeMap<Uuid, Vec<&StageChange>> = BTreeMap::new();
    for c in changes {
        map.entry(c.opportunity_id).or_default().push(c);
    }
    for rows in map.values_mut() {
        rows.sort_by_key(|c| c.at);
    }
    map
}
