//! The forecast's maintained totals and the learned win rates' counts always equal the same
//! figures worked out from every opportunity and stage change — whatever wrote them: single
//! creates, moves and edits, bulk loads, set-based updates, a process edit that changes which
//! stages are won, and a restore.

use closer_domain::opportunities::forecast::StageTotal;
use closer_store::{
    entity::{stage, stage_change},
    opportunities::records::{blank_opportunity, ForecastFilter},
    testing, TenantStore,
};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::Dice;

fn sorted(mut v: Vec<StageTotal>) -> Vec<StageTotal> {
    v.sort_by_key(|t| t.stage_id);
    v
}

async fn assert_same_figures(
    ts: &TenantStore,
    stages: &[stage::Model],
    owners: &[Uuid],
    label: &str,
) {
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let filters = [
        ForecastFilter::default(),
        ForecastFilter {
            process_id: Some(stages[0].process_id),
            ..Default::default()
        },
        ForecastFilter {
            owners: Some(vec![owners[0]]),
            ..Default::default()
        },
        ForecastFilter {
            owners: Some(owners.to_vec()),
            closing: Some((d(2030, 1, 1), d(2030, 3, 31))),
            ..Default::default()
        },
        ForecastFilter {
            closing: Some((d(2030, 2, 1), d(2030, 2, 28))),
            stage_id: Some(stages[1].id),
            ..Default::default()
        },
        // Not whole months: answered by the scan, still the same.
        ForecastFilter {
            closing: Some((d(2030, 1, 15), d(2030, 2, 14))),
            ..Default::default()
        },
    ];
    for (i, f) in filters.iter().enumerate() {
        assert_eq!(
            sorted(ts.stage_totals(f).await.unwrap()),
            sorted(ts.stage_totals_scan(f).await.unwrap()),
            "{label}: forecast filter {i}"
        );
        // Per owner: each owner's part is what the scan finds for that owner alone.
        let per_owner = ts.owner_stage_totals(f).await.unwrap();
        for owner in owners.iter().copied().map(Some).chain([None]) {
            let mine: Vec<StageTotal> = per_owner
                .iter()
                .filter(|(o, _)| *o == owner)
                .map(|(_, t)| *t)
                .collect();
            let expected: Vec<StageTotal> = match owner {
                Some(o) if f.owners.as_ref().is_none_or(|l| l.contains(&o)) => ts
                    .stage_totals_scan(&ForecastFilter {
                        owners: Some(vec![o]),
                        ..f.clone()
                    })
                    .await
                    .unwrap(),
                Some(_) => Vec::new(),
                // Deals without an owner: everything less what the owners have.
                None => {
                    let mut all = ts.stage_totals_scan(f).await.unwrap();
                    for t in &mut all {
                        for (o, p) in &per_owner {
                            if o.is_some() && p.stage_id == t.stage_id {
                                t.count -= p.count;
                                t.amount -= p.amount;
                            }
                        }
                    }
                    all.retain(|t| t.count > 0);
                    all
                }
            };
            assert_eq!(
                sorted(mine),
                sorted(expected),
                "{label}: filter {i}, owner {owner:?}"
            );
        }
    }
    for (i, f) in filters.iter().enumerate() {
        let mut learned = ts.reached_and_closed(f).await.unwrap();
        let mut scanned = ts.reached_and_closed_scan(f).await.unwrap();
        learned.sort();
        scanned.sort();
        assert_eq!(learned, scanned, "{label}: learned counts, filter {i}");
    }
}

#[tokio::test]
async fn maintained_totals_equal_the_scan_after_any_write() {
    for db in testing::databases().await {
        let store = db.store().await;
        let created = crate::tenant(&store, "acme").await;
        let ts = store.tenant(created.tenant.tenant_id);
        let admin = created.admin.id;
        let (process, stages) = ts.sales_processes().await.unwrap().remove(0);
        let owners = [admin, Uuid::now_v7()];
        let customer = Uuid::now_v7();
        let mut dice = Dice(7);
        let mut ids: Vec<Uuid> = Vec::new();
        let now = closer_store::now();
        let pick_date = |dice: &mut Dice| {
            (dice.next(5) > 0).then(|| {
                chrono::NaiveDate::from_ymd_opt(
                    2030,
                    1 + u32::try_from(dice.next(4)).unwrap(),
                    1 + u32::try_from(dice.next(28)).unwrap(),
                )
                .unwrap()
            })
        };
        for step in 0..120 {
            match dice.next(5) {
                0 | 1 if !ids.is_empty() => {
                    let id = ids[usize::try_from(dice.next(ids.len() as u64)).unwrap()];
                    let to = &stages[usize::try_from(dice.next(stages.len() as u64)).unwrap()];
                    ts.move_opportunity(
                        admin,
                        id,
                        None,
                        to,
                        closer_store::opportunities::records::MoveNotes {
                            loss_reason: to.is_lost.then(|| "价格".into()),
                            reopen_reason: None,
                        },
                        now,
                    )
                    .await
                    .unwrap();
                }
                2 if !ids.is_empty() => {
                    let id = ids[usize::try_from(dice.next(ids.len() as u64)).unwrap()];
                    let amount = i64::try_from(dice.next(1_000_000)).unwrap();
                    let date = pick_date(&mut dice);
                    let owner = match dice.next(3) {
                        0 => None,
                        n => Some(owners[usize::try_from(n - 1).unwrap()]),
                    };
                    ts.update_opportunity(admin, id, None, |o| {
                        o.amount_minor = amount;
                        o.expected_close_date = date;
                        o.owner_id = owner;
                    })
                    .await
                    .unwrap();
                }
                _ => {
                    let s = &stages[usize::try_from(dice.next(stages.len() as u64)).unwrap()];
                    let mut o = blank_opportunity(
                        created.tenant.tenant_id,
                        customer,
                        format!("deal {step}"),
                        (i64::try_from(dice.next(10_000_000)).unwrap(), "CNY".into()),
                        s,
                        (dice.next(4) > 0).then(|| owners[usize::try_from(dice.next(2)).unwrap()]),
                        now,
                    );
                    o.expected_close_date = pick_date(&mut dice);
                    ids.push(ts.create_opportunity(admin, o).await.unwrap().id);
                }
            }
        }
        assert_same_figures(&ts, &stages, &owners, "single writes").await;

        // A bulk load: closed deals stored before their stage changes.
        let (mut models, mut changes) = (Vec::new(), Vec::new());
        for n in 0..50 {
            let end = &stages[4 + n % 2];
            let mut o = blank_opportunity(
                created.tenant.tenant_id,
                customer,
                format!("bulk {n}"),
                (1000, "CNY".into()),
                end,
                Some(owners[n % 2]),
                now,
            );
            o.expected_close_date = pick_date(&mut dice);
            for (i, s) in stages.iter().take(1 + n % 4).chain([end]).enumerate() {
                changes.push(stage_change::Model {
                    tenant_id: created.tenant.tenant_id,
                    id: Uuid::now_v7(),
                    opportunity_id: o.id,
                    from_stage_id: None,
                    to_stage_id: s.id,
                    at: now + chrono::Duration::seconds(i64::try_from(i).unwrap()),
                    amount_minor: 1000,
                    expected_close_date: None,
                    actor_id: None,
                });
            }
            models.push(o);
        }
        ts.insert_opportunities(None, models, changes)
            .await
            .unwrap();
        assert_same_figures(&ts, &stages, &owners, "bulk load").await;

        // A set-based update, as a transfer makes.
        let backend = store.db().get_database_backend();
        let p = |i: usize| match backend {
            sea_orm::DbBackend::Postgres => format!("${i}"),
            _ => format!("?{i}"),
        };
        store
            .db()
            .execute(sea_orm::Statement::from_sql_and_values(
                backend,
                format!(
                    "UPDATE opportunities SET owner_id = {} WHERE tenant_id = {} AND owner_id = {}",
                    p(1),
                    p(2),
                    p(3)
                ),
                [
                    owners[0].into(),
                    created.tenant.tenant_id.into(),
                    owners[1].into(),
                ],
            ))
            .await
            .unwrap();
        assert_same_figures(&ts, &stages, &owners, "set-based update").await;

        // An administrator makes "contract drafting" a won stage: every count follows.
        crate::make_stage_won(&ts, admin, &process, &stages, "contract_drafting").await;
        assert_same_figures(&ts, &stages, &owners, "process edit").await;

        // A restore rebuilds both from the rows it loads.
        let (_target_db, target) = crate::restored_copy(&store).await;
        let restored = target.tenant(created.tenant.tenant_id);
        for f in [
            ForecastFilter::default(),
            ForecastFilter {
                owners: Some(vec![owners[0]]),
                ..Default::default()
            },
        ] {
            assert_eq!(
                sorted(restored.stage_totals(&f).await.unwrap()),
                sorted(ts.stage_totals(&f).await.unwrap()),
                "{:?}: restored forecast",
                db.backend
            );
        }
        let by_owner = ForecastFilter {
            owners: Some(vec![owners[0]]),
            ..Default::default()
        };
        for f in [ForecastFilter::default(), by_owner] {
            let mut a = restored.reached_and_closed(&f).await.unwrap();
            let mut b = ts.reached_and_closed(&f).await.unwrap();
            a.sort();
            b.sort();
            assert_eq!(a, b, "{:?}: restored learned counts", db.backend);
        }
        db.cleanup().await;
    }
}

/// Past forecasts asked of the database (`forecast_snapshot`, `won_between`) equal the
/// domain's rebuild from every stage change, for random histories of moves and edits.
#[tokio::test]
async fn past_forecasts_from_the_database_equal_the_rebuild_from_history() {
    use closer_domain::opportunities::{
        forecast::{
            forecast_accuracy, period_accuracy, Period, StageChange, StageInfo, WinRateChange,
        },
        process::{StageKind, WinRate},
    };
    for db in testing::databases().await {
        let store = db.store().await;
        let created = crate::tenant(&store, "acme").await;
        let tenant = created.tenant.tenant_id;
        let ts = store.tenant(tenant);
        let (_, stages) = ts.sales_processes().await.unwrap().remove(0);
        let owners = [created.admin.id, Uuid::now_v7()];
        let base = closer_store::now() - chrono::Duration::hours(400);
        let hours = |h: u64| chrono::Duration::hours(i64::try_from(h).unwrap());
        let mut dice = Dice(42);
        let (mut models, mut changes) = (Vec::new(), Vec::new());
        for n in 0..200 {
            let mut at = base + hours(dice.next(100));
            let mut stage = &stages[usize::try_from(dice.next(4)).unwrap()];
            let mut amount = i64::try_from(dice.next(5_000_000)).unwrap();
            let mut close =
                chrono::NaiveDate::from_ymd_opt(2030, 1 + u32::try_from(dice.next(4)).unwrap(), 10);
            let mut o = blank_opportunity(
                tenant,
                Uuid::nil(),
                format!("h{n}"),
                (amount, "CNY".into()),
                stage,
                Some(owners[n % 2]),
                at,
            );
            let mut from = None;
            let mut entered = at;
            for step in 0..1 + dice.next(5) {
                if step > 0 {
                    at += hours(1 + dice.next(30));
                    if dice.next(2) == 0 {
                        // A move to the stage it is in records nothing new (the API's rule).
                        let next =
                            &stages[usize::try_from(dice.next(stages.len() as u64)).unwrap()];
                        if next.id != stage.id {
                            stage = next;
                            entered = at;
                        }
                    } else {
                        amount = i64::try_from(dice.next(5_000_000)).unwrap();
                        close = chrono::NaiveDate::from_ymd_opt(
                            2030,
                            1 + u32::try_from(dice.next(4)).unwrap(),
                            20,
                        );
                    }
                }
                changes.push(stage_change::Model {
                    tenant_id: tenant,
                    id: Uuid::now_v7(),
                    opportunity_id: o.id,
                    from_stage_id: from,
                    to_stage_id: stage.id,
                    at,
                    amount_minor: amount,
                    expected_close_date: close,
                    actor_id: None,
                });
                from = Some(stage.id);
            }
            o.stage_id = stage.id;
            o.amount_minor = amount;
            o.expected_close_date = close;
            o.stage_entered_at = Some(entered);
            o.closed_at = (stage.is_won || stage.is_lost).then_some(entered);
            models.push(o);
        }
        // Stored in no particular order, as a restore or an import may: the trigger that
        // marks superseded changes must not depend on it.
        for i in (1..changes.len()).rev() {
            changes.swap(i, usize::try_from(dice.next(i as u64 + 1)).unwrap());
        }
        ts.insert_opportunities(None, models, changes)
            .await
            .unwrap();

        let infos: Vec<StageInfo> = stages
            .iter()
            .map(|s| StageInfo {
                stage_id: s.id,
                kind: StageKind::from_flags(s.is_won, s.is_lost).unwrap(),
                win_rate: WinRate::from_bp(s.win_rate_bp).unwrap(),
            })
            .collect();
        let ids = |kind| {
            infos
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.stage_id)
                .collect::<Vec<_>>()
        };
        let (open, won) = (ids(StageKind::Open), ids(StageKind::Won));
        let rates: Vec<WinRateChange> = ts
            .win_rate_changes()
            .await
            .unwrap()
            .iter()
            .map(|r| WinRateChange {
                stage_id: r.stage_id,
                win_rate: WinRate::from_bp(r.win_rate_bp).unwrap(),
                at: r.at,
            })
            .collect();
        let periods: Vec<Period> = (1..=4)
            .map(|m| Period::parse(&format!("2030-{m:02}")).unwrap())
            .collect();
        // Month m of 2030 is "seen" at base + 25·m hours, so the snapshots fall among the changes.
        let start_of = |d: chrono::NaiveDate| {
            use chrono::Datelike;
            base + hours(25 * u64::from(d.month() + 12 * u32::try_from(d.year() - 2030).unwrap()))
        };
        for who in [None, Some(vec![owners[0]])] {
            let (rows, _) = ts
                .forecast_history(base - hours(1), who.as_ref())
                .await
                .unwrap();
            let history: Vec<StageChange> = rows.iter().map(|r| r.as_domain()).collect();
            let expected = forecast_accuracy(&periods, &infos, &rates, &history, start_of);
            let mut counted = 0;
            for (period, want) in periods.iter().zip(&expected) {
                let start = start_of(period.first_day());
                let end = start_of(period.last_day().succ_opt().unwrap());
                let snapshot = ts
                    .forecast_snapshot(
                        start,
                        (period.first_day(), period.last_day()),
                        &open,
                        who.as_ref(),
                    )
                    .await
                    .unwrap();
                let won_in = ts
                    .won_between(start, end, &won, who.as_ref())
                    .await
                    .unwrap();
                let got = period_accuracy(*period, start, &infos, &rates, &snapshot, won_in);
                assert_eq!(
                    got.forecast, want.forecast,
                    "{:?} {period} owners {who:?}",
                    db.backend
                );
                assert_eq!(
                    (got.won_count, got.won_amount),
                    (want.won_count, want.won_amount),
                    "{:?} {period}",
                    db.backend
                );
                counted += want.forecast.count + want.won_count;
            }
            assert!(
                counted > 20,
                "the histories put deals in the snapshots: {counted}"
            );
        }
        db.cleanup().await;
    }
}
