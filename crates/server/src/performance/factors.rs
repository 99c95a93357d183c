//! What a compensation plan's factors read, per person and month over the plan's year, and
//! the ratios they give for a run's months:
//! - **margin**: gross profit ÷ amount of the contracts signed (as credited, split deals
//!   share by share) whose every line's cost is known;
//! - **collections**: money collected ÷ contract amount signed, both as credited;
//! - **forecast accuracy**: the deals a person owns that they forecast at each month's start
//!   to close in it (expected amount, the win rates of that moment) against what they won
//!   in it.
//!
//! Only the factors a plan has are loaded.

use std::collections::HashMap;

use closer_domain::{
    opportunities::{
        forecast::{forecast, rates_at, StageTotal},
        process::StageKind,
    },
    performance::{accuracy_ratio, FactorRatios, PayRules},
    targets::{rate_bp, Metric},
};
use closer_store::targets::completion::{MarginPart, MonthCredit};
use uuid::Uuid;

use crate::platform::error::ApiResult;

type ByMonth = HashMap<Uuid, [i64; 12]>;

fn by_person(credits: Vec<MonthCredit>) -> ByMonth {
    let mut out: ByMonth = HashMap::new();
    for c in credits {
        if let Some(slot) = out.entry(c.user_id).or_default().get_mut(c.month) {
            *slot += c.amount;
        }
    }
    out
}

/// A ratio's two sides, month by month.
struct Sides {
    part: ByMonth,
    whole: ByMonth,
}

impl Sides {
    fn sums(&self, user: Uuid, months: &std::ops::RangeInclusive<usize>) -> (i64, i64) {
        let sum =
            |m: &ByMonth| -> i64 { m.get(&user).map_or(0, |v| v[months.clone()].iter().sum()) };
        (sum(&self.part), sum(&self.whole))
    }
}

/// The figures a plan's factors read.
#[derive(Default)]
pub struct Factors {
    /// Gross profit beside the costed contract amount.
    margin: Option<Sides>,
    /// Collected beside signed.
    collections: Option<Sides>,
    /// Won beside forecast.
    forecast: Option<Sides>,
}

impl Factors {
    pub async fn load(
        store: &closer_store::TenantStore,
        rules: &PayRules,
        year: i32,
        time_zone: &str,
    ) -> ApiResult<Self> {
        let bounds = crate::targets::org::year_bounds(year, time_zone);
        let mut out = Factors::default();
        if rules.margin.is_some() {
            out.margin = Some(Sides {
                part: by_person(store.margin_credits(MarginPart::Profit, &bounds).await?),
                whole: by_person(store.margin_credits(MarginPart::Amount, &bounds).await?),
            });
        }
        if rules.collections.is_some() {
            out.collections = Some(Sides {
                part: by_person(store.credits(Metric::Payments, &bounds).await?),
                whole: by_person(store.credits(Metric::ContractAmount, &bounds).await?),
            });
        }
        if rules.forecast_accuracy.is_some() {
            out.forecast = Some(forecasts(store, &bounds).await?);
        }
        Ok(out)
    }

    /// The ratios over the months (hundredths of a percent); `None` where there is nothing
    /// to measure.
    pub fn ratios(&self, user: Uuid, months: &std::ops::RangeInclusive<usize>) -> FactorRatios {
        let ratio = |s: &Option<Sides>| {
            s.as_ref().and_then(|s| {
                let (part, whole) = s.sums(user, months);
                rate_bp(part, whole)
            })
        };
        FactorRatios {
            margin: ratio(&self.margin),
            collections: ratio(&self.collections),
            forecast_accuracy: self.forecast.as_ref().and_then(|s| {
                let (won, forecast) = s.sums(user, months);
                accuracy_ratio(forecast, won)
            }),
        }
    }
}

/// Each person's forecast at the start of every month of the year that has begun (the
/// expected amount of their deals then due to close in it) and what they won in it.
async fn forecasts(
    store: &closer_store::TenantStore,
    bounds: &closer_store::targets::completion::YearBounds,
) -> ApiResult<Sides> {
    let stages: Vec<closer_domain::opportunities::forecast::StageInfo> = store
        .sales_processes()
        .await?
        .iter()
        .flat_map(|(_, stages)| {
            stages
                .iter()
                .map(crate::opportunities::forecast::stage_info)
        })
        .collect();
    let rate_changes = crate::opportunities::forecast::rate_changes(store).await?;
    let ids = |kind: StageKind| -> Vec<Uuid> {
        stages
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.stage_id)
            .collect()
    };
    let (open, won_stages) = (ids(StageKind::Open), ids(StageKind::Won));
    let now = closer_store::now();
    let mut sides = Sides {
        part: HashMap::new(),
        whole: HashMap::new(),
    };
    for month in 0..bounds.len().min(12) {
        let start = bounds.instants[month];
        if start > now {
            break;
        }
        let closing = (
            bounds.days[month],
            bounds.days[month + 1]
                .pred_opt()
                .unwrap_or(bounds.days[month]),
        );
        let mut snapshot: HashMap<Uuid, Vec<StageTotal>> = HashMap::new();
        for (owner, total) in store
            .forecast_snapshot_by_owner(start, closing, &open)
            .await?
        {
            snapshot.entry(owner).or_default().push(total);
        }
        let rates = rates_at(&stages, &rate_changes, start);
        for (owner, totals) in snapshot {
            sides.whole.entry(owner).or_default()[month] =
                forecast(&rates, &totals).expected_amount;
        }
        let until = bounds.instants[month + 1].min(now);
        for (owner, (_, amount)) in store
            .won_between_by_owner(start, until, &won_stages)
            .await?
        {
            sides.part.entry(owner).or_default()[month] = amount;
        }
    }
    Ok(sides)
}
