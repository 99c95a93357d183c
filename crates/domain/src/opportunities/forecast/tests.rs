use chrono::{Duration, FixedOffset, TimeZone};
use proptest::prelude::*;

use super::pipeline::histories;
use super::*;
use crate::opportunities::process::{StageKind, WinRate};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

const S1: u128 = 1;
const S2: u128 = 2;
const S3: u128 = 3;
const S4: u128 = 4;
const WON: u128 = 5;
const LOST: u128 = 6;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn stages() -> Vec<StageInfo> {
    [
        (S1, StageKind::Open, 1000),
        (S2, StageKind::Open, 3000),
        (S3, StageKind::Open, 6000),
        (S4, StageKind::Open, 8000),
        (WON, StageKind::Won, 10_000),
        (LOST, StageKind::Lost, 0),
    ]
    .into_iter()
    .map(|(n, kind, bp)| StageInfo {
        stage_id: id(n),
        kind,
        win_rate: WinRate::from_bp(bp).unwrap(),
    })
    .collect()
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().into()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A history row: opportunity, from, to, instant, amount, expected close date.
fn row(
    opportunity: u128,
    from: Option<u128>,
    to: u128,
    at: &str,
    amount: i64,
    close: &str,
) -> StageChange {
    StageChange {
        opportunity_id: id(100 + opportunity),
        from_stage: from.map(id),
        to_stage: id(to),
        at: instant(at),
        amount,
        expected_close_date: Some(date(close)),
    }
}

/// A simple path through stages, one day apart from 2025-01-01.
fn path(opportunity: u128, stages: &[u128]) -> Vec<StageChange> {
    let start = instant("2025-01-01T00:00:00Z");
    stages
        .iter()
        .enumerate()
        .map(|(i, &to)| StageChange {
            opportunity_id: id(100 + opportunity),
            from_stage: i.checked_sub(1).map(|p| id(stages[p])),
            to_stage: id(to),
            at: start + Duration::days(i64::try_from(i).unwrap()),
            amount: 100,
            expected_close_date: None,
        })
        .collect()
}

fn open(stage: u128, amount: i64) -> OpenOpportunity {
    OpenOpportunity {
        stage_id: id(stage),
        amount,
    }
}

#[test]
fn the_forecast_rounds_once_per_stage_and_keeps_empty_stages() {
    let opportunities = [
        open(S1, 5),
        open(S1, 5),
        open(S3, 100_000_000),
        open(S3, 33),
        open(WON, 1_000),
        open(LOST, 1_000),
        open(99, 1_000),
    ];
    let f = forecast(&stages(), &tally(&opportunities));
    let rows: Vec<(Uuid, u64, i64, i32, i64)> = f
        .stages
        .iter()
        .map(|s| {
            (
                s.stage_id,
                s.count,
                s.amount,
                s.win_rate.bp(),
                s.expected_amount,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // 2 × 0.5 fen would round to 2; the stage's 10 fen × 10 % is 1.
            (id(S1), 2, 10, 1000, 1),
            (id(S2), 0, 0, 3000, 0),
            // 100,000,033 × 60 % = 60,000,019.8 → 60,000,020
            (id(S3), 2, 100_000_033, 6000, 60_000_020),
            (id(S4), 0, 0, 8000, 0),
        ]
    );
    assert_eq!(
        (f.count, f.amount, f.expected_amount),
        (4, 100_000_043, 60_000_021)
    );
}

#[test]
fn store_sums_and_nothing_at_all() {
    let sums = [
        StageTotal {
            stage_id: id(S2),
            count: 3,
            amount: 100_000_000,
        },
        StageTotal {
            stage_id: id(S2),
            count: 1,
            amount: 1,
        },
    ];
    let f = forecast(&stages(), &sums);
    assert_eq!(f.stages[1].count, 4);
    assert_eq!(f.stages[1].expected_amount, 30_000_000);
    let empty = forecast(&stages(), &[]);
    assert_eq!(empty.stages.len(), 4);
    assert_eq!(
        (empty.count, empty.amount, empty.expected_amount),
        (0, 0, 0)
    );
}

#[test]
fn learned_win_rates_count_the_stages_each_closed_deal_reached() {
    let mut changes = Vec::new();
    changes.extend(path(1, &[S1, S2, WON]));
    changes.extend(path(2, &[S1, S2, S3, LOST]));
    changes.extend(path(3, &[S1, LOST]));
    changes.extend(path(4, &[S1, S2])); // open: not counted
    changes.extend(path(5, &[S1, S3, WON])); // skipped S2
    changes.extend(path(6, &[S1, S2, S3, WON]));
    changes.extend(path(7, &[S1, LOST, S2])); // reopened: open again
    changes.extend(path(8, &[S1, S1, WON])); // an amount edit in S1
    changes.extend(path(9, &[S4, 77])); // now in an unknown stage
    changes.reverse(); // input order does not matter
    let learned: Vec<(Uuid, u64, u64, Option<i32>)> = learned_win_rates(&stages(), &changes)
        .iter()
        .map(|l| (l.stage_id, l.won, l.lost, l.win_rate.map(WinRate::bp)))
        .collect();
    assert_eq!(
        learned,
        [
            (id(S1), 4, 2, Some(6667)),
            (id(S2), 2, 1, Some(6667)),
            (id(S3), 2, 1, Some(6667)),
            (id(S4), 0, 0, None),
        ]
    );
    assert_eq!(
        LearnedWinRate::from_counts(id(S1), 1, 7).win_rate,
        WinRate::from_bp(1250).ok()
    );
    assert_eq!(
        LearnedWinRate::from_counts(id(S1), 0, 3).win_rate,
        Some(WinRate::ZERO)
    );
    assert_eq!(
        LearnedWinRate::from_counts(id(S1), u64::MAX, u64::MAX).win_rate,
        WinRate::from_bp(5000).ok()
    );
}

/// Midnight in China Standard Time.
fn beijing(d: NaiveDate) -> DateTime<Utc> {
    let cst = FixedOffset::east_opt(8 * 3600).unwrap();
    cst.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn accuracy_rebuilds_each_month_start_from_history() {
    let changes = vec![
        // A: in S2 at January's start, expected in January, won on the 25th.
        row(1, None, S2, "2025-12-10T02:00:00Z", 1_000_000, "2026-01-20"),
        row(
            1,
            Some(S2),
            S3,
            "2026-01-05T02:00:00Z",
            1_000_000,
            "2026-01-20",
        ),
        row(
            1,
            Some(S3),
            WON,
            "2026-01-25T02:00:00Z",
            1_200_000,
            "2026-01-25",
        ),
        // B: expected in January at its start; slipped to February on the 15th.
        row(2, None, S1, "2025-12-20T02:00:00Z", 500, "2026-01-31"),
        row(2, Some(S1), S1, "2026-01-15T02:00:00Z", 500, "2026-02-28"),
        // C: created after January began, lost within it.
        row(3, None, S1, "2026-01-10T02:00:00Z", 9_000, "2026-01-30"),
        row(
            3,
            Some(S1),
            LOST,
            "2026-01-28T02:00:00Z",
            9_000,
            "2026-01-30",
        ),
        // D: won one second before midnight in Beijing on 31 December: December.
        row(4, None, S4, "2025-12-01T02:00:00Z", 700, "2025-12-31"),
        row(4, Some(S4), WON, "2025-12-31T15:59:59Z", 700, "2025-12-31"),
        // E: won at midnight exactly: January, and already closed at the snapshot.
        row(5, None, S4, "2025-12-01T02:00:00Z", 300, "2026-01-10"),
        row(5, Some(S4), WON, "2025-12-31T16:00:00Z", 300, "2026-01-10"),
        // F: expected in January but in S1 only from the 2nd.
        row(6, None, S1, "2026-01-01T17:00:00Z", 800, "2026-01-15"),
    ];
    // S2 was at 20 % until 15 January, 30 % (its current rate) since.
    let rate_changes = [
        WinRateChange {
            stage_id: id(S2),
            win_rate: WinRate::from_bp(2000).unwrap(),
            at: instant("2025-01-01T00:00:00Z"),
        },
        WinRateChange {
            stage_id: id(S2),
            win_rate: WinRate::from_bp(3000).unwrap(),
            at: instant("2026-01-15T00:00:00Z"),
        },
    ];
    let periods: Vec<Period> = ["2026-01", "2026-02", "2026-03"]
        .iter()
        .map(|p| Period::parse(p).unwrap())
        .collect();
    let months = forecast_accuracy(&periods, &stages(), &rate_changes, &changes, beijing);

    let jan = &months[0];
    let figures: Vec<(u64, i64, i32, i64)> = jan
        .forecast
        .stages
        .iter()
        .map(|s| (s.count, s.amount, s.win_rate.bp(), s.expected_amount))
        .collect();
    assert_eq!(
        figures,
        [
            (1, 500, 1000, 50),
            (1, 1_000_000, 2000, 200_000),
            (0, 0, 6000, 0),
            (0, 0, 8000, 0)
        ]
    );
    assert_eq!(jan.forecast.expected_amount, 200_050);
    assert_eq!(jan.forecast_opportunities, [id(101), id(102)]);
    assert_eq!((jan.won_count, jan.won_amount), (2, 1_200_300));
    assert_eq!(jan.won_opportunities, [id(101), id(105)]);
    assert_eq!(jan.variance(), 1_000_250);
    assert_eq!(jan.won_vs_forecast_bp(), Some(60_000));

    let feb = &months[1];
    assert_eq!(feb.forecast_opportunities, [id(102)]);
    assert_eq!(feb.forecast.stages[1].win_rate.bp(), 3000);
    assert_eq!((feb.forecast.expected_amount, feb.won_amount), (50, 0));
    assert_eq!(feb.won_vs_forecast_bp(), Some(0));

    let mar = &months[2];
    assert_eq!((mar.forecast.count, mar.won_count), (0, 0));
    assert_eq!(mar.won_vs_forecast_bp(), None);
    assert_eq!(mar.period.to_string(), "2026-03");
}

#[test]
fn time_in_each_stage() {
    let t0 = instant("2026-03-01T00:00:00Z");
    let at = |hours: i64| t0 + Duration::hours(hours);
    let change = |from: Option<u128>, to: u128, hours: i64| StageChange {
        opportunity_id: id(100),
        from_stage: from.map(id),
        to_stage: id(to),
        at: at(hours),
        amount: 0,
        expected_close_date: None,
    };
    let changes = [
        change(None, S1, 0),
        change(Some(S1), S1, 1), // an edit, not a move
        change(Some(S1), S2, 48),
        change(Some(S2), S1, 72),
    ];
    let stays: Vec<(Uuid, DateTime<Utc>, Option<DateTime<Utc>>)> = stage_stays(&changes)
        .iter()
        .map(|s| (s.stage_id, s.entered_at, s.left_at))
        .collect();
    assert_eq!(
        stays,
        [
            (id(S1), at(0), Some(at(48))),
            (id(S2), at(48), Some(at(72))),
            (id(S1), at(72), None),
        ]
    );
    let times: Vec<(Uuid, u32, i64)> = time_in_stages(&changes, at(120))
        .iter()
        .map(|t| (t.stage_id, t.visits, t.seconds))
        .collect();
    assert_eq!(times, [(id(S1), 2, 96 * 3600), (id(S2), 1, 24 * 3600)]);
    assert!(time_in_stages(&[], at(0)).is_empty());
}

/// Random histories: per opportunity a few (stage, minutes later, amount, close day) rows.
fn histories_strategy() -> impl Strategy<Value = Vec<StageChange>> {
    prop::collection::vec(
        prop::collection::vec(
            (1u128..=6, 0i64..100_000, 0i64..1_000_000_000, 0i64..120),
            1..6,
        ),
        0..25,
    )
    .prop_map(|opportunities| {
        let start = instant("2026-01-01T00:00:00Z");
        let mut changes = Vec::new();
        for (n, rows) in opportunities.into_iter().enumerate() {
            let mut at = start;
            let mut from = None;
            for (stage, minutes, amount, close) in rows {
                at += Duration::minutes(minutes);
                changes.push(StageChange {
                    opportunity_id: id(1000 + n as u128),
                    from_stage: from.map(id),
                    to_stage: id(stage),
                    at,
                    amount,
                    expected_close_date: Some(date("2026-01-01") + Duration::days(close)),
                });
                from = Some(stage);
            }
        }
        changes
    })
}

proptest! {
    #[test]
    fn totals_are_the_sums_of_the_stages(
        opportunities in prop::collection::vec((1u128..=7, 0i64..1_000_000_000_000), 0..50),
        rates in prop::collection::vec(0i32..=10_000, 4),
    ) {
        let mut stages = stages();
        for (s, bp) in stages.iter_mut().zip(rates) {
            s.win_rate = WinRate::from_bp(bp).unwrap();
        }
        let opportunities: Vec<OpenOpportunity> =
            opportunities.into_iter().map(|(s, a)| open(s, a)).collect();
        let f = forecast(&stages, &tally(&opportunities));
        prop_assert_eq!(f.stages.len(), 4);
        prop_assert_eq!(f.count, f.stages.iter().map(|s| s.count).sum::<u64>());
        prop_assert_eq!(f.amount, f.stages.iter().map(|s| s.amount).sum::<i64>());
        prop_assert_eq!(f.expected_amount, f.stages.iter().map(|s| s.expected_amount).sum::<i64>());
        let in_open = opportunities.iter().filter(|o| o.stage_id <= id(S4)).count() as u64;
        prop_assert_eq!(f.count, in_open);
        for s in &f.stages {
            prop_assert!(0 <= s.expected_amount && s.expected_amount <= s.amount);
            let exact = i128::from(s.amount) * i128::from(s.win_rate.bp());
            prop_assert!((i128::from(s.expected_amount) * 10_000 - exact).abs() <= 5_000);
        }
        prop_assert!(f.expected_amount <= f.amount);
    }

    #[test]
    fn learned_rates_stay_within_0_and_100(changes in histories_strategy()) {
        let closed = {
            let h = histories(&changes);
            h.values().filter(|rows| rows.last().is_some_and(|c| c.to_stage >= id(WON))).count() as u64
        };
        for l in learned_win_rates(&stages(), &changes) {
            prop_assert!(l.won + l.lost <= closed);
            prop_assert_eq!(l.win_rate.is_some(), l.won + l.lost > 0);
            if let Some(rate) = l.win_rate {
                prop_assert!((0..=10_000).contains(&rate.bp()));
            }
        }
    }

    #[test]
    fn past_forecasts_add_up(changes in histories_strategy()) {
        let periods = Period::months_before(date("2026-06-15"), 5);
        for month in forecast_accuracy(&periods, &stages(), &[], &changes, beijing) {
            let f = &month.forecast;
            prop_assert_eq!(f.count, month.forecast_opportunities.len() as u64);
            prop_assert_eq!(f.expected_amount, f.stages.iter().map(|s| s.expected_amount).sum::<i64>());
            prop_assert!(0 <= f.expected_amount && f.expected_amount <= f.amount);
            prop_assert_eq!(month.won_count, month.won_opportunities.len() as u64);
        }
    }

    #[test]
    fn stays_cover_the_time_since_creation(changes in histories_strategy()) {
        let now = instant("2027-01-01T00:00:00Z");
        let h = histories(&changes);
        for (opportunity, rows) in &h {
            let total: i64 = time_in_stages(&changes, now)
                .iter()
                .filter(|t| t.opportunity_id == *opportunity)
                .map(|t| t.seconds)
                .sum();
            prop_assert_eq!(total, (now - rows[0].at).num_seconds());
        }
    }
}
