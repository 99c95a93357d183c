//! Win/loss from the maintained totals equals the deals counted: loss reasons, the stage a
//! deal was lost at and the competitors met, all time and over each period (months that
//! start inside a UTC day, mid-month periods), for everyone and for one owner.

use chrono::Duration;
use closer_store::{
    analytics::deals::{DealSet, PeriodBounds},
    targets::completion::YearBounds,
    TenantStore,
};

use crate::Dice;

/// Loss reasons as people type them: repeated, with spaces around, and blank.
const REASONS: [Option<&str>; 5] = [
    Some("价格太高"),
    Some("价格太高"),
    Some(" 预算取消 "),
    Some("   "),
    None,
];

/// What a deal's competitors column may hold: names in two letter cases and with spaces,
/// an entry without a text name, JSON null, and not an array.
pub fn competitors(dice: &mut Dice) -> Option<serde_json::Value> {
    use serde_json::json;
    match dice.next(7) {
        0 => None,
        1 => Some(json!([{ "name": "销售易" }])),
        2 => Some(json!([{ "name": "Acme" }, { "name": "销售易", "strengths": "价格" }])),
        3 => Some(json!([{ "name": "acme " }, { "name": 42 }, { "strengths": "x" }])),
        4 => Some(json!([{ "name": "ACME" }, { "name": "Acme" }])),
        5 => Some(serde_json::Value::Null),
        _ => Some(json!({ "name": "not a list" })),
    }
}

pub fn loss_reason(dice: &mut Dice) -> Option<String> {
    REASONS[usize::try_from(dice.next(5)).unwrap()].map(str::to_owned)
}

pub async fn assert_same_win_loss(ts: &TenantStore, periods: &[&YearBounds], label: &str) {
    let mut sets: Vec<Option<PeriodBounds>> = vec![None];
    for b in periods {
        for i in 0..b.len() {
            sets.push(Some(PeriodBounds {
                from: b.instants[i],
                to: b.instants[i + 1],
                first_day: b.days[i],
                last_day: b.days[i + 1] - Duration::days(1),
            }));
        }
    }
    let everyone = ts.win_loss_scan(&DealSet::default()).await.unwrap();
    assert!(
        everyone.reasons.len() > 1
            && everyone.lost_at.iter().any(|g| g.stage_id.is_some())
            && everyone.competitors.iter().any(|c| c.won > 0 && c.lost > 1),
        "{label}: win/loss says little: the test proves nothing ({everyone:?})"
    );
    let one = ts
        .stage_dwell_scan(&DealSet::default())
        .await
        .unwrap()
        .iter()
        .map(|d| d.owner_id)
        .min();
    for period in sets {
        for owners in [None, one.map(|o| vec![o])] {
            let set = DealSet {
                owners: owners.clone(),
                period,
            };
            assert_eq!(
                ts.win_loss(&set).await.unwrap(),
                ts.win_loss_scan(&set).await.unwrap(),
                "{label}: win/loss, {:?}, {owners:?}",
                period.map(|p| (p.from, p.to))
            );
        }
    }
}
