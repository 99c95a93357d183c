//! Completion's maintained credit totals always give the same credit as summing the records:
//! won deals, contracts and payments written one by one and in bulk, edited, reversed,
//! refunded, moved between contracts and owners (one by one and set-based), a stage made
//! won, a restore — read over months that start at midnight in time zones east and west of
//! UTC (so boundaries fall inside UTC days), over quarters, and over periods the totals
//! cannot answer (read from the records).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use closer_domain::targets::Metric;
use closer_store::{
    entity::{contract, payment, stage},
    opportunities::records::blank_opportunity,
    targets::completion::{MonthCredit, YearBounds},
    testing, TenantStore,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use uuid::Uuid;

use crate::Dice;

impl Dice {
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[usize::try_from(self.next(from.len() as u64)).unwrap()]
    }

    fn amount(&mut self) -> i64 {
        i64::try_from(self.next(10_000_000)).unwrap()
    }

    /// A day near the start or end of a month of 2030, sometimes just outside the year.
    fn day(&mut self) -> NaiveDate {
        let month = 1 + u32::try_from(self.next(12)).unwrap();
        let first = NaiveDate::from_ymd_opt(2030, month, 1).unwrap();
        first + Duration::days(i64::try_from(self.next(6)).unwrap() - 3)
    }

    /// When a deal was created: now, or an instant near midnight in Shanghai (in 2029, or in
    /// the summer of 1988, when Shanghai kept summer time), or late at night in UTC.
    fn created(&mut self) -> DateTime<Utc> {
        let near = [
            Utc.with_ymd_and_hms(2029, 12, 31, 15, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(1988, 7, 1, 15, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2029, 6, 30, 23, 30, 0).unwrap(),
        ];
        match self.next(4) {
            0 => closer_store::now(),
            i => {
                let at = near[usize::try_from(i - 1).unwrap()];
                at + Duration::minutes(i64::try_from(self.next(90)).unwrap() - 45)
            }
        }
    }

    /// An instant within a day and a half of a month's start in 2030 (UTC).
    fn instant(&mut self) -> DateTime<Utc> {
        let month = 1 + u32::try_from(self.next(12)).unwrap();
        let start = Utc.with_ymd_and_hms(2030, month, 1, 0, 0, 0).unwrap();
        start + Duration::minutes(i64::try_from(self.next(36 * 60)).unwrap() - 18 * 60)
    }
}

/// Months of 2030 starting at local midnight `offset` hours from UTC (`offsets[m]` for
/// month m, as a zone with summer time has), or quarters.
fn bounds(offsets: &[i64; 12], every: u32) -> YearBounds {
    let mut days = Vec::new();
    let mut instants = Vec::new();
    for m in (0..=12).step_by(usize::try_from(every).unwrap()) {
        let (y, month) = if m == 12 { (2031, 1) } else { (2030, m + 1) };
        let day = NaiveDate::from_ymd_opt(y, month, 1).unwrap();
        let offset = offsets[usize::try_from(m.min(11)).unwrap()];
        days.push(day);
        instants.push(day.and_hms_opt(0, 0, 0).unwrap().and_utc() - Duration::hours(offset));
    }
    YearBounds { days, instants }
}

fn normal(mut v: Vec<MonthCredit>) -> Vec<(Uuid, usize, i64)> {
    v.retain(|c| c.amount != 0);
    let mut out: Vec<_> = v
        .into_iter()
        .map(|c| (c.user_id, c.month, c.amount))
        .collect();
    out.sort_unstable();
    out
}

async fn assert_same_credit(ts: &TenantStore, label: &str) {
    let shanghai = [8; 12];
    let new_york = [5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5];
    let utc = [0; 12];
    let mut periods = vec![
        ("Shanghai months", bounds(&shanghai, 1)),
        ("New York months", bounds(&new_york, 1)),
        ("UTC months", bounds(&utc, 1)),
        ("Shanghai quarters", bounds(&shanghai, 3)),
    ];
    // Periods from the middle of a month: contracts and payments from the records.
    let mut odd = bounds(&shanghai, 1);
    odd.days = odd.days.iter().map(|d| *d + Duration::days(14)).collect();
    odd.instants = odd
        .instants
        .iter()
        .map(|t| *t + Duration::days(14))
        .collect();
    periods.push(("mid-month periods", odd));
    assert_same_owner_buckets(ts, &bounds(&shanghai, 12), label).await;
    assert_same_cycles(ts, &[&bounds(&shanghai, 12), &periods[4].1], label).await;
    assert_same_dwell(
        ts,
        &[&bounds(&shanghai, 12), &bounds(&shanghai, 3), &periods[4].1],
        label,
    )
    .await;
    crate::win_loss::assert_same_win_loss(
        ts,
        &[&bounds(&shanghai, 1), &bounds(&new_york, 3), &periods[4].1],
        label,
    )
    .await;
    assert_same_month_buckets(ts, label).await;
    assert_same_dimension_buckets(ts, label).await;
    for (name, b) in &periods {
        assert_same_closed(ts, b, &format!("{label}: {name}")).await;
        for metric in [Metric::WonAmount, Metric::ContractAmount, Metric::Payments] {
            let read = normal(ts.credits(metric, b).await.unwrap());
            let summed = normal(ts.credits_from_records(metric, b).await.unwrap());
            assert_eq!(read, summed, "{label}: {name}, {metric:?}");
            assert!(
                !summed.is_empty() || *name == "mid-month periods",
                "{label}: {name}, {metric:?} credits nothing: the test proves nothing"
            );
        }
    }
}

/// Sales cycles (won − created, Shanghai calendar days) per owner from the totals equal
/// the won deals' own, all time and over each period, for everyone and for one owner.
async fn assert_same_cycles(ts: &TenantStore, periods: &[&YearBounds], label: &str) {
    use closer_store::analytics::deals::{DealSet, PeriodBounds};
    let zone: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let mut sets: Vec<DealSet> = vec![DealSet::default()];
    for b in periods {
        let n = b.len();
        sets.push(DealSet {
            owners: None,
            period: Some(PeriodBounds {
                from: b.instants[0],
                to: b.instants[n],
                first_day: b.days[0],
                last_day: b.days[n],
            }),
        });
    }
    let everyone = ts.won_cycle_totals(&DealSet::default()).await.unwrap();
    assert!(
        everyone.values().any(|c| c.deals > 0 && c.days != 0),
        "{label}: no cycles: the test proves nothing"
    );
    let one = everyone.keys().min().copied();
    for set in sets {
        for owners in [None, one.map(|o| vec![o])] {
            let set = DealSet {
                owners: owners.clone(),
                period: set.period,
            };
            let mut want: std::collections::HashMap<Uuid, (i64, i64)> =
                std::collections::HashMap::new();
            for (owner, created, won) in ts.won_cycles(&set).await.unwrap() {
                let days = (won.with_timezone(&zone).date_naive()
                    - created.with_timezone(&zone).date_naive())
                .num_days();
                let e = want.entry(owner).or_default();
                e.0 += days;
                e.1 += 1;
            }
            let mut got: std::collections::HashMap<Uuid, (i64, i64)> = ts
                .won_cycle_totals(&set)
                .await
                .unwrap()
                .into_iter()
                .map(|(o, c)| (o, (c.days, c.deals)))
                .collect();
            got.retain(|_, c| *c != (0, 0));
            assert_eq!(
                got,
                want,
                "{label}: cycles, {:?}, {owners:?}",
                set.period.map(|p| (p.from, p.to))
            );
        }
    }
}

/// Time in each stage per owner from the totals equals the deals' changes summed, all
/// time and over each period (quarters: every one), for everyone and for one owner.
async fn assert_same_dwell(ts: &TenantStore, periods: &[&YearBounds], label: &str) {
    use closer_store::analytics::deals::{DealSet, PeriodBounds};
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
    let sorted = |mut v: Vec<closer_store::analytics::deals::StageDwell>| {
        v.sort_by_key(|d| (d.owner_id, d.stage_id));
        v
    };
    let everyone = ts.stage_dwell_scan(&DealSet::default()).await.unwrap();
    assert!(
        everyone.iter().any(|d| d.seconds != 0 && d.deals > 1),
        "{label}: no stays: the test proves nothing"
    );
    let one = everyone.iter().map(|d| d.owner_id).min();
    for period in sets {
        for owners in [None, one.map(|o| vec![o])] {
            let set = DealSet {
                owners: owners.clone(),
                period,
            };
            assert_eq!(
                sorted(ts.stage_dwell(&set).await.unwrap()),
                sorted(ts.stage_dwell_scan(&set).await.unwrap()),
                "{label}: time in each stage, {:?}, {owners:?}",
                period.map(|p| (p.from, p.to))
            );
        }
    }
}

/// Deals by owner — won, lost and open, with the open ones' expected amount — from the
/// totals equal the deals counted, for all time and for a year, for everyone, one owner
/// and no one.
async fn assert_same_owner_buckets(ts: &TenantStore, year: &YearBounds, label: &str) {
    use closer_store::analytics::deals::{DealBucket, DealDimension, DealSet, PeriodBounds};
    let sorted = |mut v: Vec<DealBucket>| {
        v.sort_by_key(|b| (b.key.clone(), b.outcome as u8));
        v
    };
    let everyone = ts
        .deal_buckets_scan(&DealSet::default(), DealDimension::Owner, &[])
        .await
        .unwrap();
    let one = everyone.iter().find_map(|b| match b.key {
        closer_store::analytics::deals::GroupKey::Id(o) => Some(o),
        _ => None,
    });
    let period = PeriodBounds {
        from: year.instants[0],
        to: year.instants[1],
        first_day: year.days[0],
        last_day: year.days[1] - Duration::days(1),
    };
    for owners in [None, one.map(|o| vec![o]), Some(Vec::new())] {
        for period in [None, Some(period)] {
            let set = DealSet {
                owners: owners.clone(),
                period,
            };
            let read = ts
                .deal_buckets(&set, DealDimension::Owner, &[])
                .await
                .unwrap();
            let counted = ts
                .deal_buckets_scan(&set, DealDimension::Owner, &[])
                .await
                .unwrap();
            assert_eq!(
                sorted(read),
                sorted(counted),
                "{label}: deals by owner, {owners:?}, {period:?}"
            );
        }
    }
}

/// Shanghai months (as the pipeline report makes them) from the month of `first` to that of
/// `last`, the last entry ending the last month.
fn shanghai_months(first: NaiveDate, last: NaiveDate) -> Vec<(i32, DateTime<Utc>)> {
    use chrono::Datelike;
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap().and_utc() - Duration::hours(8);
    let mut out = Vec::new();
    let mut day = first.with_day(1).unwrap();
    while day <= last {
        out.push((
            day.year() * 100 + i32::try_from(day.month()).unwrap(),
            start(day),
        ));
        day = (day + Duration::days(32)).with_day(1).unwrap();
    }
    out.push((0, start(day)));
    out
}

/// Deals by month — closed ones by the Shanghai month they closed in, open ones by expected
/// close month — from the totals equal the deals counted: all time over the span the totals
/// give, a year, and a period from the middle of one month to the middle of another; for
/// everyone, one owner and no one. The span holds every closed deal: counted over it or
/// over a wider span, the buckets are the same.
async fn assert_same_month_buckets(ts: &TenantStore, label: &str) {
    use closer_store::analytics::deals::{
        DealBucket, DealDimension, DealSet, GroupKey, PeriodBounds,
    };
    let sorted = |mut v: Vec<DealBucket>| {
        v.sort_by_key(|b| (b.key.clone(), b.outcome as u8));
        v
    };
    let shanghai = |at: DateTime<Utc>| (at + Duration::hours(8)).date_naive();
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2030, m, d).unwrap();
    let period = |first: NaiveDate, last: NaiveDate| PeriodBounds {
        from: shanghai_months(first, first)[0].1 + (first - first.with_day0(0).unwrap()),
        to: shanghai_months(last, last)[0].1
            + (last - last.with_day0(0).unwrap())
            + Duration::days(1),
        first_day: first,
        last_day: last,
    };
    use chrono::Datelike;
    // The owner with the most deals.
    let mut deals_of: std::collections::HashMap<Uuid, i64> = std::collections::HashMap::new();
    for b in ts
        .deal_buckets_scan(&DealSet::default(), DealDimension::Owner, &[])
        .await
        .unwrap()
    {
        if let GroupKey::Id(o) = b.key {
            *deals_of.entry(o).or_default() += b.count;
        }
    }
    let one = deals_of
        .into_iter()
        .max_by_key(|(o, n)| (*n, *o))
        .map(|(o, _)| o);
    let periods = [
        None,
        Some(period(day(1, 1), day(12, 31))),
        Some(period(day(3, 15), day(8, 10))),
    ];
    for owners in [None, one.map(|o| vec![o]), Some(Vec::new())] {
        for period in periods {
            let set = DealSet {
                owners: owners.clone(),
                period,
            };
            let months = match period {
                Some(p) => shanghai_months(p.first_day, p.last_day),
                None => match ts.closed_span(&set).await.unwrap() {
                    Some((a, b)) => shanghai_months(shanghai(a), shanghai(b)),
                    None => Vec::new(),
                },
            };
            let read = ts
                .deal_buckets(&set, DealDimension::Month, &months)
                .await
                .unwrap();
            let counted = ts
                .deal_buckets_scan(&set, DealDimension::Month, &months)
                .await
                .unwrap();
            assert!(
                owners.is_some() || !counted.is_empty(),
                "{label}: no deals by month, the test proves nothing ({period:?})"
            );
            assert_eq!(
                sorted(read),
                sorted(counted.clone()),
                "{label}: deals by month, {owners:?}, {period:?}"
            );
            if period.is_none() {
                let wide = shanghai_months(
                    day(1, 1) - Duration::days(400),
                    day(12, 31) + Duration::days(400),
                );
                let over_wide = ts
                    .deal_buckets_scan(&set, DealDimension::Month, &wide)
                    .await
                    .unwrap();
                assert_eq!(
                    sorted(counted),
                    sorted(over_wide),
                    "{label}: the span misses closed deals, {owners:?}"
                );
            }
        }
    }
}

/// The whole company's deals by product and by campaign from the totals equal the deals
/// counted: all time, a year of Shanghai months, one of UTC months and a period from the
/// middle of one month to the middle of another (its open deals counted).
async fn assert_same_dimension_buckets(ts: &TenantStore, label: &str) {
    use closer_store::analytics::deals::{DealBucket, DealDimension, DealSet, PeriodBounds};
    let sorted = |mut v: Vec<DealBucket>| {
        v.sort_by_key(|b| (b.key.clone(), b.outcome as u8));
        v
    };
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2030, m, d).unwrap();
    let at = |d: NaiveDate, offset: i64| {
        d.and_hms_opt(0, 0, 0).unwrap().and_utc() - Duration::hours(offset)
    };
    let period = |first: NaiveDate, last: NaiveDate, offset: i64| PeriodBounds {
        from: at(first, offset),
        to: at(last + Duration::days(1), offset),
        first_day: first,
        last_day: last,
    };
    for dimension in [DealDimension::Product, DealDimension::Campaign] {
        for period in [
            None,
            Some(period(day(1, 1), day(12, 31), 8)),
            Some(period(day(2, 1), day(6, 30), 0)),
            Some(period(day(3, 15), day(8, 10), -5)),
        ] {
            let set = DealSet {
                owners: None,
                period,
            };
            let read = ts.deal_buckets(&set, dimension, &[]).await.unwrap();
            let counted = ts.deal_buckets_scan(&set, dimension, &[]).await.unwrap();
            assert!(
                counted
                    .iter()
                    .any(|b| matches!(b.key, closer_store::analytics::deals::GroupKey::Id(_))),
                "{label}: no deal names a {dimension:?}, the test proves nothing"
            );
            assert_eq!(
                sorted(read),
                sorted(counted),
                "{label}: deals by {dimension:?}, {period:?}"
            );
        }
    }
}

/// An owner (`None`: deals without one) and a period.
type Key = (Option<Uuid>, usize);

/// Won and lost deals per period and per owner from the totals equal the deals counted.
async fn assert_same_closed(ts: &TenantStore, b: &YearBounds, label: &str) {
    use closer_store::analytics::deals::{DealDimension, DealSet, GroupKey, Outcome, PeriodBounds};
    let n = b.len();
    let owners_seen: Vec<Uuid> = ts
        .closed_totals(None, &b.instants)
        .await
        .unwrap()
        .keys()
        .filter_map(|(o, _)| *o)
        .collect();
    for owners in [None, Some(owners_seen.iter().copied().take(1).collect())] {
        let set = DealSet {
            owners: owners.clone(),
            period: Some(PeriodBounds {
                from: b.instants[0],
                to: b.instants[n],
                first_day: b.days[0],
                last_day: b.days[n],
            }),
        };
        let read = ts
            .closed_totals(owners.as_deref(), &b.instants)
            .await
            .unwrap();
        let figures = |won: bool, count: bool, keep: &dyn Fn(&Key) -> bool| {
            read.iter()
                .filter(|(k, _)| keep(k))
                .map(|(_, t)| match (won, count) {
                    (true, true) => t.won_count,
                    (true, false) => t.won_amount,
                    (false, true) => t.lost_count,
                    (false, false) => t.lost_amount,
                })
                .sum::<i64>()
        };
        // Month by month (the month's key is its position).
        let months: Vec<(i32, _)> = b
            .instants
            .iter()
            .enumerate()
            .map(|(i, at)| (i32::try_from(i + 1).unwrap(), *at))
            .collect();
        let mut expected = vec![[0i64; 4]; n];
        for d in ts
            .closed_deal_buckets(&set, DealDimension::Month, &months)
            .await
            .unwrap()
        {
            if let GroupKey::Month(m) = d.key {
                let i = usize::try_from(m - 1).unwrap();
                let won = d.outcome == Outcome::Won;
                expected[i][if won { 0 } else { 2 }] += d.count;
                expected[i][if won { 1 } else { 3 }] += d.amount;
            }
        }
        for (period, want) in expected.iter().enumerate() {
            let got = [
                figures(true, true, &|k| k.1 == period),
                figures(true, false, &|k| k.1 == period),
                figures(false, true, &|k| k.1 == period),
                figures(false, false, &|k| k.1 == period),
            ];
            assert_eq!(
                &got, want,
                "{label}: closed deals, period {period}, {owners:?}"
            );
        }
        // The same per period summed over owners (every deal's from the dimension totals).
        let by_period = ts
            .closed_by_period(owners.as_deref(), &b.instants)
            .await
            .unwrap();
        for (period, want) in expected.iter().enumerate() {
            let t = by_period.get(&period).copied().unwrap_or_default();
            assert_eq!(
                [t.won_count, t.won_amount, t.lost_count, t.lost_amount],
                *want,
                "{label}: closed deals by period, period {period}, {owners:?}"
            );
        }
        // And all time, deals without a closing instant included.
        let mut ever = [0i64; 4];
        for d in ts
            .deal_buckets_scan(
                &DealSet {
                    owners: owners.clone(),
                    period: None,
                },
                DealDimension::Owner,
                &[],
            )
            .await
            .unwrap()
        {
            match d.outcome {
                Outcome::Won => {
                    ever[0] += d.count;
                    ever[1] += d.amount;
                }
                Outcome::Lost => {
                    ever[2] += d.count;
                    ever[3] += d.amount;
                }
                Outcome::Open => {}
            }
        }
        let t = ts
            .closed_by_period(owners.as_deref(), &[])
            .await
            .unwrap()
            .get(&0)
            .copied()
            .unwrap_or_default();
        assert_eq!(
            [t.won_count, t.won_amount, t.lost_count, t.lost_amount],
            ever,
            "{label}: closed deals of all time, {owners:?}"
        );
        // Owner by owner over the whole span.
        let mut by_owner: std::collections::HashMap<Option<Uuid>, [i64; 4]> =
            std::collections::HashMap::new();
        for d in ts
            .closed_deal_buckets(&set, DealDimension::Owner, &[])
            .await
            .unwrap()
        {
            let owner = match d.key {
                GroupKey::Id(o) => Some(o),
                _ => None,
            };
            let won = d.outcome == Outcome::Won;
            let e = by_owner.entry(owner).or_default();
            e[if won { 0 } else { 2 }] += d.count;
            e[if won { 1 } else { 3 }] += d.amount;
        }
        for (owner, want) in by_owner {
            let got = [
                figures(true, true, &|k| k.0 == owner),
                figures(true, false, &|k| k.0 == owner),
                figures(false, true, &|k| k.0 == owner),
                figures(false, false, &|k| k.0 == owner),
            ];
            assert_eq!(got, want, "{label}: closed deals of {owner:?}, {owners:?}");
        }
        assert!(
            owners.is_some()
                || (expected.iter().any(|e| e[0] > 0) && expected.iter().any(|e| e[2] > 0)),
            "{label}: no won or no lost deals: the test proves nothing"
        );
    }
}

fn new_contract(tenant: Uuid, dice: &mut Dice, owners: &[Option<Uuid>]) -> contract::Model {
    let now = closer_store::now();
    contract::Model {
        tenant_id: tenant,
        id: Uuid::now_v7(),
        number: format!("HT-{}", dice.next(1_000_000_000)),
        name: "合同".into(),
        customer_id: Uuid::nil(),
        opportunity_id: None,
        quote_id: None,
        owner_id: *dice.pick(owners),
        status: (*dice.pick(&["draft", "active", "active", "completed", "terminated"])).into(),
        amount_minor: dice.amount(),
        ordered_minor: 0,
        delivered_minor: 0,
        currency: "CNY".into(),
        signed_on: (dice.next(6) > 0).then(|| dice.day()),
        starts_on: None,
        ends_on: None,
        terms: None,
        revision: 1,
        pending_revision: None,
        approval_id: None,
        end_reason: None,
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn new_payment(
    tenant: Uuid,
    dice: &mut Dice,
    owners: &[Option<Uuid>],
    contracts: &[Uuid],
) -> payment::Model {
    let now = closer_store::now();
    let amount = dice.amount();
    payment::Model {
        tenant_id: tenant,
        id: Uuid::now_v7(),
        customer_id: Uuid::nil(),
        contract_id: (dice.next(4) > 0 && !contracts.is_empty()).then(|| *dice.pick(contracts)),
        owner_id: *dice.pick(owners),
        amount_minor: amount,
        unapplied_minor: 0,
        refunded_minor: if dice.next(4) == 0 { amount / 3 } else { 0 },
        currency: "CNY".into(),
        received_on: dice.day(),
        reference: None,
        payer_name: None,
        source: "manual".into(),
        idempotency_key: None,
        request_hash: None,
        bank_line_key: None,
        status: (*dice.pick(&["posted", "posted", "posted", "reversed"])).into(),
        reversed_at: None,
        reversal_reason: None,
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn credit_totals_equal_the_records_after_any_write() {
    for db in testing::databases().await {
        let store = db.store().await;
        let created = crate::tenant(&store, "acme").await;
        let tenant = created.tenant.tenant_id;
        let ts = store.tenant(tenant);
        let admin = created.admin.id;
        let (process, stages) = ts.sales_processes().await.unwrap().remove(0);
        let owners = [
            Some(admin),
            Some(Uuid::now_v7()),
            Some(Uuid::now_v7()),
            None,
        ];
        // Products and campaigns the deals name (the pipeline by product and campaign).
        let keys = [Some(Uuid::now_v7()), Some(Uuid::now_v7()), None];
        let mut dice = Dice(11);
        let (mut deals, mut contracts, mut payments) = (Vec::new(), Vec::new(), Vec::new());
        for step in 0..300 {
            match dice.next(11) {
                9 | 10 if !deals.is_empty() => {
                    // A stage move at an instant of 2030, earlier or later than the last.
                    let id = *dice.pick(&deals);
                    let to: &stage::Model = dice.pick(&stages);
                    let at = dice.instant();
                    let notes = closer_store::opportunities::records::MoveNotes {
                        loss_reason: crate::win_loss::loss_reason(&mut dice),
                        reopen_reason: None,
                    };
                    ts.move_opportunity(admin, id, None, to, notes, at)
                        .await
                        .unwrap();
                }
                0 if !deals.is_empty() => {
                    let id = *dice.pick(&deals);
                    let (owner, amount) = (*dice.pick(&owners), dice.amount());
                    let closed = (dice.next(5) > 0).then(|| dice.instant());
                    let (product, campaign) = (*dice.pick(&keys), *dice.pick(&keys));
                    let expected = (dice.next(4) > 0).then(|| dice.day());
                    let created = (dice.next(4) == 0).then(|| dice.created());
                    let reason = crate::win_loss::loss_reason(&mut dice);
                    let competitors = crate::win_loss::competitors(&mut dice);
                    ts.update_opportunity(admin, id, None, |o| {
                        o.loss_reason = reason;
                        o.competitors = competitors;
                        o.owner_id = owner;
                        o.amount_minor = amount;
                        o.closed_at = closed;
                        o.product_id = product;
                        o.campaign_id = campaign;
                        o.expected_close_date = expected;
                        if let Some(at) = created {
                            o.created_at = at;
                        }
                    })
                    .await
                    .unwrap();
                }
                1 if !contracts.is_empty() => {
                    let id = *dice.pick(&contracts);
                    let mut c = contract::Entity::find_by_id((tenant, id))
                        .one(store.db())
                        .await
                        .unwrap()
                        .unwrap()
                        .into_active_model();
                    match dice.next(4) {
                        0 => c.owner_id = sea_orm::Set(*dice.pick(&owners)),
                        1 => {
                            c.status = sea_orm::Set(
                                (*dice.pick(&["active", "completed", "terminated"])).into(),
                            );
                        }
                        2 => c.signed_on = sea_orm::Set(Some(dice.day())),
                        _ => c.amount_minor = sea_orm::Set(dice.amount()),
                    }
                    c.update(store.db()).await.unwrap();
                }
                2 if !payments.is_empty() => {
                    let id = *dice.pick(&payments);
                    let mut p = payment::Entity::find_by_id((tenant, id))
                        .one(store.db())
                        .await
                        .unwrap()
                        .unwrap();
                    match dice.next(4) {
                        0 => p.status = "reversed".into(),
                        1 => p.refunded_minor = p.amount_minor / 2,
                        2 => p.contract_id = Some(*dice.pick(&contracts)),
                        _ => p.received_on = dice.day(),
                    }
                    p.into_active_model()
                        .reset_all()
                        .update(store.db())
                        .await
                        .unwrap();
                }
                3 if !payments.is_empty() && step % 7 == 0 => {
                    let id = payments.swap_remove(0);
                    payment::Entity::delete_by_id((tenant, id))
                        .exec(store.db())
                        .await
                        .unwrap();
                }
                4 | 5 => {
                    let c = new_contract(tenant, &mut dice, &owners);
                    contracts.push(c.id);
                    c.into_active_model().insert(store.db()).await.unwrap();
                }
                6 | 7 => {
                    let p = new_payment(tenant, &mut dice, &owners, &contracts);
                    payments.push(p.id);
                    p.into_active_model().insert(store.db()).await.unwrap();
                }
                _ => {
                    let s: &stage::Model = dice.pick(&stages);
                    let mut o = blank_opportunity(
                        tenant,
                        Uuid::nil(),
                        format!("deal {step}"),
                        (dice.amount(), "CNY".into()),
                        s,
                        *dice.pick(&owners),
                        dice.created(),
                    );
                    o.closed_at = (dice.next(5) > 0).then(|| dice.instant());
                    o.expected_close_date = (dice.next(4) > 0).then(|| dice.day());
                    o.product_id = *dice.pick(&keys);
                    o.campaign_id = *dice.pick(&keys);
                    o.loss_reason = crate::win_loss::loss_reason(&mut dice);
                    o.competitors = crate::win_loss::competitors(&mut dice);
                    deals.push(o.id);
                    ts.insert_opportunities(None, vec![o], Vec::new())
                        .await
                        .unwrap();
                }
            }
        }
        assert_same_credit(&ts, "single writes").await;

        // Set-based updates, as a transfer of everything from one rep to another makes.
        let backend = store.db().get_database_backend();
        let p = |i: usize| match backend {
            sea_orm::DbBackend::Postgres => format!("${i}"),
            _ => format!("?{i}"),
        };
        for table in ["contracts", "opportunities", "payments"] {
            store
                .db()
                .execute(sea_orm::Statement::from_sql_and_values(
                    backend,
                    format!(
                        "UPDATE {table} SET owner_id = {} WHERE tenant_id = {} AND owner_id = {}",
                        p(1),
                        p(2),
                        p(3)
                    ),
                    [owners[2].into(), tenant.into(), owners[1].into()],
                ))
                .await
                .unwrap();
            assert_same_credit(&ts, &format!("{table} transferred")).await;
        }

        // An administrator makes "contract drafting" a won stage: its deals are won now.
        let before = normal(
            ts.credits(Metric::WonAmount, &bounds(&[8; 12], 1))
                .await
                .unwrap(),
        );
        crate::make_stage_won(&ts, admin, &process, &stages, "contract_drafting").await;
        assert_same_credit(&ts, "process edit").await;
        assert_ne!(
            before,
            normal(
                ts.credits(Metric::WonAmount, &bounds(&[8; 12], 1))
                    .await
                    .unwrap()
            ),
            "the edit should have won some deals"
        );

        // A restore rebuilds the totals from the rows it loads.
        let (target_db, target) = crate::restored_copy(&store).await;
        let restored = target.tenant(tenant);
        assert_same_credit(&restored, "restored").await;
        for metric in [Metric::WonAmount, Metric::ContractAmount, Metric::Payments] {
            let b = bounds(&[8; 12], 1);
            assert_eq!(
                normal(restored.credits(metric, &b).await.unwrap()),
                normal(ts.credits(metric, &b).await.unwrap()),
                "{:?}: restored {metric:?}",
                db.backend
            );
        }
        target_db.cleanup().await;
        db.cleanup().await;
    }
}
