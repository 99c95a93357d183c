use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

const YUAN: i64 = 100;

#[test]
fn worked_example_allocation_by_resources() {
    // ¥10,000,000 for the year; East has 600 active customers, South 400.
    let regions = split_by_weight(10_000_000 * YUAN, &[600, 400], None);
    assert_eq!(regions, vec![6_000_000 * YUAN, 4_000_000 * YUAN]);
    // East's reps with 300 / 200 / 100 customers.
    let reps = split_by_weight(regions[0], &[300, 200, 100], None);
    assert_eq!(
        reps,
        vec![3_000_000 * YUAN, 2_000_000 * YUAN, 1_000_000 * YUAN]
    );
    // ¥1,000,000 evenly over months: eleven of ¥83,333.33 and December ¥83,333.37.
    let months = spread_months(1_000_000 * YUAN, &[0; 12]);
    assert_eq!(&months[..11], &[8_333_333; 11]);
    assert_eq!(months[11], 8_333_337);
}

#[test]
fn worked_example_months_add_up_to_the_region() {
    let east = spread_months(6_000_000 * YUAN, &[0; 12]);
    let mut reps: Vec<Months> = split_by_weight(6_000_000 * YUAN, &[300, 200, 100], None)
        .into_iter()
        .map(|y| spread_months(y, &east))
        .collect();
    let before = reps.clone();
    balance_months(&mut reps, &east, 0);
    // Nothing was off: each rep's months are the plain even spread.
    assert_eq!(reps, before);
    assert_eq!(reps[2][11], 8_333_337);
    let units: Vec<AllocatedUnit> = std::iter::once(AllocatedUnit {
        parent: None,
        months: east,
    })
    .chain(reps.into_iter().map(|months| AllocatedUnit {
        parent: Some(0),
        months,
    }))
    .collect();
    assert!(check_allocation(6_000_000 * YUAN, &units).is_empty());
}

#[test]
fn the_remainder_goes_where_the_manager_says() {
    assert_eq!(split_by_weight(100, &[1, 1, 1], None), vec![34, 33, 33]);
    assert_eq!(split_by_weight(100, &[1, 1, 1], Some(2)), vec![33, 33, 34]);
    assert_eq!(split_by_weight(100, &[1, 2, 1], None), vec![25, 50, 25]);
    assert_eq!(split_by_weight(10, &[0, 0], None), vec![5, 5]);
}

#[test]
fn an_allocation_that_does_not_add_up_is_named_by_unit_and_month() {
    let mut months = [100; 12];
    let parent = AllocatedUnit {
        parent: None,
        months,
    };
    months[3] = 60;
    let a = AllocatedUnit {
        parent: Some(0),
        months,
    };
    let b = AllocatedUnit {
        parent: Some(0),
        months: [0; 12],
    };
    let problems = check_allocation(1200, &[parent, a, b]);
    assert!(problems.contains(&Unbalanced::Month {
        unit: 2,
        parent: Some(0),
        month: 3,
        off_by: -40
    }));
    assert_eq!(problems.len(), 1);
    assert_eq!(
        check_allocation(
            1000,
            &[AllocatedUnit {
                parent: None,
                months: [100; 12]
            }]
        ),
        vec![Unbalanced::Total { off_by: 200 }]
    );
}

#[test]
fn rates_and_weeks() {
    assert_eq!(rate_bp(1_200_000, 1_000_000), Some(12_000));
    assert_eq!(rate_bp(1, 3), Some(3_333));
    assert_eq!(rate_bp(5, 0), None);
    assert_eq!(format_rate(12_000), "120.00");
    assert_eq!(format_rate(-5), "-0.05");
    let w = Week::parse("2026-W49").unwrap();
    assert_eq!(w.monday, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    assert_eq!(w.to_string(), "2026-W49");
    assert_eq!(Week::of(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()), w);
    assert_eq!(Week::parse("2026-W54"), Err(InvalidValue::NotAllowed));
    assert_eq!(Week::parse("2026-49"), Err(InvalidValue::Format));
}

proptest! {
    /// Whatever the weights, the parts add up to the whole, none negative.
    #[test]
    fn weighted_parts_add_up(total in 0i64..1_000_000_000_000, weights in prop::collection::vec(0i64..100_000, 1..40), named in prop::option::of(0usize..40)) {
        let parts = split_by_weight(total, &weights, named);
        prop_assert_eq!(parts.iter().sum::<i64>(), total);
        prop_assert_eq!(parts.len(), weights.len());
    }

    /// Months add up to the year, and a balanced set of children adds up month by month
    /// without changing any child's year.
    #[test]
    fn months_add_up(parent_year in 0i64..1_000_000_000_000, profile in prop::array::uniform12(0i64..1_000_000), weights in prop::collection::vec(1i64..10_000, 1..12)) {
        let parent = spread_months(parent_year, &profile);
        prop_assert_eq!(parent.iter().sum::<i64>(), parent_year);
        let years = split_by_weight(parent_year, &weights, None);
        let mut children: Vec<Months> = years.iter().map(|y| spread_months(*y, &parent)).collect();
        balance_months(&mut children, &parent, 0);
        for (c, y) in children.iter().zip(&years) {
            prop_assert_eq!(c.iter().sum::<i64>(), *y);
        }
        for m in 0..12 {
            prop_assert_eq!(children.iter().map(|c| c[m]).sum::<i64>(), parent[m]);
        }
    }
}
