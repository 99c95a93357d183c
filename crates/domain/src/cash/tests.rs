use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

#[test]
fn the_worked_plan_by_ratio() {
    let shares = [30, 60, 10].map(|p| Share::Ratio(p * 10_000));
    assert_eq!(
        split_plan(100_000_001, &shares),
        Ok(vec![30_000_000, 60_000_001, 10_000_000])
    );
}

#[test]
fn plans_refuse_what_does_not_add_up() {
    assert_eq!(split_plan(100, &[]), Err(PlanError::Empty));
    assert_eq!(
        split_plan(100, &[Share::Ratio(500_000)]),
        Err(PlanError::RatiosNotWhole)
    );
    assert_eq!(
        split_plan(100, &[Share::Amount(60), Share::Amount(30)]),
        Err(PlanError::AmountsNotWhole)
    );
    assert_eq!(
        split_plan(100, &[Share::Amount(100), Share::Ratio(0)]),
        Err(PlanError::Mixed)
    );
    assert_eq!(
        split_plan(100, &[Share::Amount(100), Share::Amount(0)]),
        Err(PlanError::NotPositive(1))
    );
}

#[test]
fn ratios_read_as_people_write_them() {
    assert_eq!(parse_ratio("30"), Ok(300_000));
    assert_eq!(parse_ratio("33.3333"), Ok(333_333));
    assert_eq!(parse_ratio("100"), Ok(1_000_000));
    assert_eq!(parse_ratio("0"), Err(InvalidValue::NotAllowed));
    assert_eq!(parse_ratio("100.0001"), Err(InvalidValue::NotAllowed));
    assert_eq!(parse_ratio("1.23456"), Err(InvalidValue::Format));
    assert_eq!(parse_ratio("-5"), Err(InvalidValue::Format));
    assert_eq!(parse_ratio("abc"), Err(InvalidValue::Format));
}

#[test]
fn the_worked_invoice_tax() {
    assert_eq!(invoice_tax(11_300_000, 1300), (10_000_000, 1_300_000));
    assert_eq!(invoice_tax(10_000, 1300), (8_850, 1_150));
    assert_eq!(invoice_tax(10_000, 0), (10_000, 0));
}

#[test]
fn the_worked_write_off_and_aging() {
    let open = [
        Open {
            key: 1,
            due_on: d(2026, 2, 1),
            position: 0,
            outstanding: 30_000_000,
        },
        Open {
            key: 2,
            due_on: d(2026, 3, 1),
            position: 1,
            outstanding: 60_000_001,
        },
        Open {
            key: 3,
            due_on: d(2026, 12, 31),
            position: 2,
            outstanding: 10_000_000,
        },
    ];
    let (allocations, left) = write_off(40_000_000, &open);
    assert_eq!(allocations, vec![(1, 30_000_000), (2, 10_000_000)]);
    assert_eq!(left, 0);
    assert_eq!(Bucket::of(d(2026, 3, 1), d(2026, 4, 15)), Bucket::D31To60);
    assert_eq!(Bucket::of(d(2026, 12, 31), d(2026, 4, 15)), Bucket::NotDue);
}

#[test]
fn buckets_at_their_edges() {
    let as_of = d(2026, 6, 30);
    for (days, bucket) in [
        (0, Bucket::NotDue),
        (-3, Bucket::NotDue),
        (1, Bucket::D1To30),
        (30, Bucket::D1To30),
        (31, Bucket::D31To60),
        (60, Bucket::D31To60),
        (61, Bucket::D61To90),
        (90, Bucket::D61To90),
        (91, Bucket::Over90),
    ] {
        let due = as_of - chrono::Duration::days(days);
        assert_eq!(Bucket::of(due, as_of), bucket, "{days} days");
        let (from, to) = bucket.due_range(as_of);
        assert!(
            from.is_none_or(|f| due >= f) && to.is_none_or(|t| due <= t),
            "{days} days"
        );
    }
}

#[test]
fn a_waiver_below_what_was_paid_raises_a_refund() {
    assert_eq!(
        cut(9_000_000, 10_000_000, 0),
        Ok(Cut {
            new_amount: 9_000_000,
            refund: 1_000_000
        })
    );
    assert_eq!(
        cut(9_000_000, 0, 0),
        Ok(Cut {
            new_amount: 9_000_000,
            refund: 0
        })
    );
    assert_eq!(cut(-1, 0, 0), Err(CutError::Negative));
    // A terminated contract's receivable is lowered (waived), never raised.
    assert!(terminated_allows(500, 200));
    assert!(terminated_allows(500, 500));
    assert!(!terminated_allows(500, 501));
    // A write-off stands while the amount is re-stated unchanged, and goes once it moves.
    assert_eq!(write_off_reversed(300, 1_000, 1_000), 0);
    assert_eq!(write_off_reversed(300, 1_000, 900), 300);
    assert_eq!(write_off_reversed(0, 1_000, 900), 0);
    // Nothing is owing on a receivable not owed yet.
    assert_eq!(outstanding(1_000, 300, 100, true), 600);
    assert_eq!(outstanding(1_000, 0, 0, false), 0);
    assert_eq!(cut(5, 0, 6), Err(CutError::BelowInvoiced));
    assert_eq!(give_back(7, &[5, 4, 3]), vec![(2, 3), (1, 4)]);
}

#[test]
fn named_allocations_are_checked() {
    let owed = |_| 100;
    assert_eq!(check_named(150, &[100, 30], owed), Ok(20));
    assert_eq!(
        check_named(150, &[101], owed),
        Err(AllocationError::MoreThanOwed(0))
    );
    assert_eq!(
        check_named(50, &[40, 30], owed),
        Err(AllocationError::MoreThanPaid)
    );
    assert_eq!(
        check_named(50, &[0], owed),
        Err(AllocationError::NotPositive(0))
    );
}

/// A contract's cash as the store keeps it, driven only through the rules above.
#[derive(Debug, Default)]
struct Ledger {
    contract: i64,
    /// amount, invoiced
    receivables: Vec<(i64, i64)>,
    /// (payment, receivable, amount), net amounts per row
    allocations: Vec<(usize, usize, i64)>,
    /// amount, unapplied, refunded (held or paid back), reversed
    payments: Vec<(i64, i64, i64, bool)>,
    /// open invoices: (receivable, amount)
    invoices: Vec<(usize, i64, bool)>,
    /// pending refunds: parts per payment
    refunds: Vec<Vec<(usize, i64)>>,
}

#[derive(Debug, Clone)]
enum Op {
    Plan(Vec<i64>),
    Invoice(usize, i64),
    Void(usize),
    Pay(i64),
    Reverse(usize),
    Change(usize, i64),
    RefundRejected(usize),
    UseCredit,
}

impl Ledger {
    fn paid(&self, r: usize) -> i64 {
        self.allocations
            .iter()
            .filter(|a| a.1 == r)
            .map(|a| a.2)
            .sum()
    }

    fn open(&self) -> Vec<Open<usize>> {
        let start = d(2026, 1, 1);
        self.receivables
            .iter()
            .enumerate()
            .map(|(i, (amount, _))| Open {
                key: i,
                due_on: start + chrono::Duration::days(30 * i as i64),
                position: i as i32,
                outstanding: amount - self.paid(i),
            })
            .collect()
    }

    fn apply(&mut self, op: &Op) {
        match op {
            Op::Plan(ratios) => {
                let shares: Vec<Share> = ratios.iter().map(|r| Share::Ratio(*r)).collect();
                let Ok(parts) = split_plan(self.contract, &shares) else {
                    return;
                };
                // A new plan keeps receivables by position; none may drop below what it holds.
                let keeps = |i: usize| {
                    let (_, invoiced) = self.receivables.get(i).copied().unwrap_or((0, 0));
                    (self.paid(i), invoiced)
                };
                let fits = parts.iter().enumerate().all(|(i, p)| {
                    let (paid, inv) = keeps(i);
                    *p >= paid && *p >= inv
                }) && (parts.len()..self.receivables.len()).all(|i| keeps(i) == (0, 0));
                if !fits {
                    return;
                }
                self.receivables.truncate(parts.len());
                for (i, p) in parts.iter().enumerate() {
                    match self.receivables.get_mut(i) {
                        Some(r) => r.0 = *p,
                        None => self.receivables.push((*p, 0)),
                    }
                }
            }
            Op::Invoice(r, amount) => {
                let Some((owed, invoiced)) = self.receivables.get(*r).copied() else {
                    return;
                };
                if *amount > 0 && *amount <= owed - invoiced {
                    self.receivables[*r].1 += amount;
                    self.invoices.push((*r, *amount, true));
                    let (without, tax) = invoice_tax(*amount, 1300);
                    assert_eq!(without + tax, *amount);
                }
            }
            Op::Void(i) => {
                if let Some(inv) = self.invoices.get_mut(*i) {
                    if inv.2 {
                        inv.2 = false;
                        self.receivables[inv.0].1 -= inv.1;
                    }
                }
            }
            Op::Pay(amount) => {
                let (allocations, left) = write_off(*amount, &self.open());
                let p = self.payments.len();
                self.payments.push((*amount, left, 0, false));
                for (r, a) in allocations {
                    self.allocations.push((p, r, a));
                }
            }
            Op::Reverse(p) => {
                let Some(pay) = self.payments.get(*p).copied() else {
                    return;
                };
                if pay.3 || pay.2 > 0 {
                    return;
                }
                let held: Vec<(usize, i64)> = self
                    .allocations
                    .iter()
                    .filter(|a| a.0 == *p)
                    .map(|a| (a.1, a.2))
                    .collect();
                for (r, a) in held {
                    self.allocations.push((*p, r, -a));
                }
                self.payments[*p] = (pay.0, 0, 0, true);
            }
            Op::Change(r, new_amount) => {
                let Some((owed, invoiced)) = self.receivables.get(*r).copied() else {
                    return;
                };
                let Ok(c) = cut(*new_amount, self.paid(*r), invoiced) else {
                    return;
                };
                // Net held per payment on this receivable, oldest payment first.
                let mut held: Vec<(usize, i64)> = Vec::new();
                for a in self.allocations.iter().filter(|a| a.1 == *r) {
                    match held.iter_mut().find(|h| h.0 == a.0) {
                        Some(h) => h.1 += a.2,
                        None => held.push((a.0, a.2)),
                    }
                }
                let amounts: Vec<i64> = held.iter().map(|h| h.1).collect();
                let mut parts = Vec::new();
                for (i, take) in give_back(c.refund, &amounts) {
                    let p = held[i].0;
                    self.allocations.push((p, *r, -take));
                    self.payments[p].2 += take;
                    parts.push((p, take));
                }
                assert_eq!(parts.iter().map(|p| p.1).sum::<i64>(), c.refund);
                if !parts.is_empty() {
                    self.refunds.push(parts);
                }
                self.receivables[*r].0 = c.new_amount;
                self.contract += c.new_amount - owed;
            }
            Op::RefundRejected(i) => {
                if *i < self.refunds.len() {
                    for (p, amount) in self.refunds.remove(*i) {
                        self.payments[p].2 -= amount;
                        self.payments[p].1 += amount;
                    }
                }
            }
            Op::UseCredit => {
                for p in 0..self.payments.len() {
                    let credit = self.payments[p].1;
                    if credit == 0 || self.payments[p].3 {
                        continue;
                    }
                    let (allocations, left) = write_off(credit, &self.open());
                    self.payments[p].1 = left;
                    for (r, a) in allocations {
                        self.allocations.push((p, r, a));
                    }
                }
            }
        }
    }

    fn check(&self) {
        if !self.receivables.is_empty() {
            assert_eq!(
                self.receivables.iter().map(|r| r.0).sum::<i64>(),
                self.contract
            );
        }
        for (i, (amount, invoiced)) in self.receivables.iter().enumerate() {
            let paid = self.paid(i);
            assert!(
                (0..=*amount).contains(&paid),
                "receivable {i}: paid {paid} of {amount}"
            );
            assert!(
                (0..=*amount).contains(invoiced),
                "receivable {i}: invoiced {invoiced}"
            );
        }
        for (p, (amount, unapplied, refunded, reversed)) in self.payments.iter().enumerate() {
            let allocated: i64 = self
                .allocations
                .iter()
                .filter(|a| a.0 == p)
                .map(|a| a.2)
                .sum();
            assert!(*unapplied >= 0 && *refunded >= 0 && allocated >= 0);
            if *reversed {
                assert_eq!(allocated + unapplied + refunded, 0);
            } else {
                assert_eq!(allocated + unapplied + refunded, *amount, "payment {p}");
            }
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        prop::collection::vec(1i64..=100, 1..5).prop_map(|w| {
            // Weights into ratios that add up to the whole.
            let sum: i64 = w.iter().sum();
            let mut ratios: Vec<i64> = w.iter().map(|x| x * RATIO_WHOLE / sum).collect();
            let rest = RATIO_WHOLE - ratios.iter().sum::<i64>();
            if let Some(last) = ratios.last_mut() {
                *last += rest;
            }
            Op::Plan(ratios)
        }),
        (0usize..4, 1i64..5_000_000).prop_map(|(r, a)| Op::Invoice(r, a)),
        (0usize..6).prop_map(Op::Void),
        (1i64..8_000_000).prop_map(Op::Pay),
        (0usize..6).prop_map(Op::Reverse),
        (0usize..4, 0i64..5_000_000).prop_map(|(r, a)| Op::Change(r, a)),
        (0usize..3).prop_map(Op::RefundRejected),
        Just(Op::UseCredit),
    ]
}

proptest! {
    #[test]
    fn every_fen_is_accounted_for(total in 1i64..20_000_000, ops in prop::collection::vec(op(), 1..40)) {
        let mut ledger = Ledger { contract: total, ..Ledger::default() };
        for op in &ops {
            ledger.apply(op);
            ledger.check();
        }
    }

    #[test]
    fn ratio_plans_add_up(total in 0i64..1_000_000_000_000, w in prop::collection::vec(1i64..1000, 1..12)) {
        let sum: i64 = w.iter().sum();
        let mut ratios: Vec<i64> = w.iter().map(|x| x * RATIO_WHOLE / sum).collect();
        let rest = RATIO_WHOLE - ratios.iter().sum::<i64>();
        if let Some(last) = ratios.last_mut() { *last += rest; }
        let shares: Vec<Share> = ratios.iter().map(|r| Share::Ratio(*r)).collect();
        match split_plan(total, &shares) {
            Ok(parts) => prop_assert_eq!(parts.iter().sum::<i64>(), total),
            Err(e) => prop_assert!(matches!(e, PlanError::NotPositive(_))),
        }
    }

    #[test]
    fn tax_parts_add_up(amount in 0i64..10_000_000_000, rate in 0i32..10_000) {
        let (without, tax) = invoice_tax(amount, rate);
        prop_assert_eq!(without + tax, amount);
        prop_assert!(without <= amount && tax >= 0);
    }

    #[test]
    fn write_off_never_takes_more_than_owed_or_paid(
        amount in 0i64..1_000_000,
        owed in prop::collection::vec((0i64..400_000, 0u32..200), 0..8),
    ) {
        let open: Vec<Open<usize>> = owed.iter().enumerate().map(|(i, (o, days))| Open {
            key: i, due_on: d(2026, 1, 1) + chrono::Duration::days(i64::from(*days)), position: i as i32, outstanding: *o,
        }).collect();
        let (allocations, left) = write_off(amount, &open);
        prop_assert_eq!(allocations.iter().map(|a| a.1).sum::<i64>() + left, amount);
        for (k, a) in &allocations {
            prop_assert!(*a > 0 && *a <= open[*k].outstanding);
        }
        // Money is left over only when everything is paid.
        if left > 0 {
            prop_assert_eq!(allocations.iter().map(|a| a.1).sum::<i64>(), open.iter().map(|o| o.outstanding).sum::<i64>());
        }
    }
}

#[test]
fn a_receivable_not_owed_yet_is_never_overdue() {
    let today = d(2026, 3, 1);
    let status = |owed, amount, outstanding, due| {
        ReceivableStatus::of(owed, amount, outstanding, due, today)
    };
    assert_eq!(
        status(false, 100, 100, d(2026, 1, 1)),
        ReceivableStatus::Open
    );
    assert_eq!(
        status(true, 100, 100, d(2026, 3, 1)),
        ReceivableStatus::Open
    );
    assert_eq!(
        status(true, 100, 1, d(2026, 2, 28)),
        ReceivableStatus::Overdue
    );
    assert_eq!(status(true, 100, 0, d(2026, 2, 28)), ReceivableStatus::Paid);
    assert_eq!(status(true, 0, 0, d(2026, 2, 28)), ReceivableStatus::Waived);
    assert_eq!(
        status(false, 0, 0, d(2026, 2, 28)),
        ReceivableStatus::Waived
    );
}

#[test]
fn money_moves_on_a_day_that_has_come_and_not_before_1900() {
    let today = d(2026, 12, 7);
    assert_eq!(money_day_problem(today, today), None);
    assert_eq!(money_day_problem(d(1900, 1, 1), today), None);
    assert_eq!(money_day_problem(d(2026, 12, 8), today), Some("in_future"));
    assert_eq!(
        money_day_problem(d(1899, 12, 31), today),
        Some("not_allowed")
    );
    assert_eq!(money_day_problem(d(26, 3, 1), today), Some("not_allowed"));
}
