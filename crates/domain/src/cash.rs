//! Cash: payment plans split exactly, VAT taken out of an invoice exactly, payments written
//! off earliest due first, changes that lower what is owed, and the aging buckets. Every
//! rule works on integer minor units; every split adds up to its whole. Which columns of a
//! bank statement hold what is `bank_columns`.

pub mod bank_columns;

use chrono::NaiveDate;

use crate::{money::div_round_half_up, InvalidValue};

/// A whole ratio: ratios are kept in millionths, so `"33.3333"` % is 333_333.
pub const RATIO_WHOLE: i64 = 1_000_000;

/// Parses a percentage with up to four decimals (`"30"`, `"33.3333"`) into millionths of the
/// whole (0 < ratio ≤ 100 %).
///
/// # Errors
/// `Format` for anything but a plain decimal; `NotAllowed` outside (0, 100].
pub fn parse_ratio(text: &str) -> Result<i64, InvalidValue> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > 4 {
        return Err(InvalidValue::Format);
    }
    if whole.len() > 3 {
        return Err(InvalidValue::NotAllowed);
    }
    let value: i64 = format!("{whole}{fraction:0<4}")
        .parse()
        .map_err(|_| InvalidValue::Format)?;
    if value <= 0 || value > RATIO_WHOLE {
        return Err(InvalidValue::NotAllowed);
    }
    Ok(value)
}

/// How one installment of a plan is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// Millionths of the whole (see [`parse_ratio`]).
    Ratio(i64),
    /// Minor units.
    Amount(i64),
}

/// Why a plan cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// No installments.
    Empty,
    /// Some by ratio, some by amount.
    Mixed,
    /// Ratios that do not add up to 100 %.
    RatiosNotWhole,
    /// Amounts that do not add up to the contract amount.
    AmountsNotWhole,
    /// An installment of nothing or less (at this position).
    NotPositive(usize),
}

/// Splits `total` into installments: by ratio each rounded half up and the last taking the
/// remainder, or by amounts that must add up to `total`. The parts always sum to `total`.
///
/// # Errors
/// See [`PlanError`].
pub fn split_plan(total: i64, shares: &[Share]) -> Result<Vec<i64>, PlanError> {
    if shares.is_empty() {
        return Err(PlanError::Empty);
    }
    let by_ratio = matches!(shares[0], Share::Ratio(_));
    let mut parts = Vec::with_capacity(shares.len());
    if by_ratio {
        let mut ratios = Vec::with_capacity(shares.len());
        for s in shares {
            match *s {
                Share::Ratio(r) => ratios.push(r),
                Share::Amount(_) => return Err(PlanError::Mixed),
            }
        }
        if ratios.iter().sum::<i64>() != RATIO_WHOLE {
            return Err(PlanError::RatiosNotWhole);
        }
        let mut taken = 0i64;
        for (i, r) in ratios.iter().enumerate() {
            let part = if i + 1 == ratios.len() {
                total - taken
            } else {
                let p =
                    div_round_half_up(i128::from(total) * i128::from(*r), i128::from(RATIO_WHOLE));
                i64::try_from(p).unwrap_or(i64::MAX)
            };
            taken += part;
            parts.push(part);
        }
    } else {
        for s in shares {
            match *s {
                Share::Amount(a) => parts.push(a),
                Share::Ratio(_) => return Err(PlanError::Mixed),
            }
        }
        if parts.iter().map(|p| i128::from(*p)).sum::<i128>() != i128::from(total) {
            return Err(PlanError::AmountsNotWhole);
        }
    }
    if let Some(i) = parts.iter().position(|p| *p <= 0) {
        return Err(PlanError::NotPositive(i));
    }
    Ok(parts)
}

/// An invoice's amount split into the amount without tax and the tax: the amount without
/// tax is rounded half up once, the tax is the rest, so the two add up to the amount.
#[must_use]
pub fn invoice_tax(amount_with_tax: i64, rate_bp: i32) -> (i64, i64) {
    let without = div_round_half_up(
        i128::from(amount_with_tax) * 10_000,
        10_000 + i128::from(rate_bp),
    );
    let without = i64::try_from(without).unwrap_or(amount_with_tax);
    (without, amount_with_tax - without)
}

/// A receivable as write-off sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Open<K> {
    pub key: K,
    pub due_on: NaiveDate,
    /// Its place in the plan, to order installments due the same day.
    pub position: i32,
    /// What is still owed on it.
    pub outstanding: i64,
}

/// A payment (or credit) written off against open receivables, earliest due first: each
/// takes what it still owes until the money runs out. Returns the allocations (never zero,
/// never more than owed) and what is left over.
#[must_use]
pub fn write_off<K: Copy>(amount: i64, open: &[Open<K>]) -> (Vec<(K, i64)>, i64) {
    let mut order: Vec<&Open<K>> = open.iter().filter(|o| o.outstanding > 0).collect();
    order.sort_by_key(|o| (o.due_on, o.position));
    let mut left = amount.max(0);
    let mut out = Vec::new();
    for o in order {
        if left == 0 {
            break;
        }
        let take = left.min(o.outstanding);
        out.push((o.key, take));
        left -= take;
    }
    (out, left)
}

/// Why named allocations are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllocationError {
    /// The allocation at this position is zero or negative.
    NotPositive(usize),
    /// The allocation at this position is more than its receivable still owes.
    MoreThanOwed(usize),
    /// The allocations together are more than the payment.
    MoreThanPaid,
}

/// Checks allocations a user named: each positive and within what its receivable owes
/// (`owed(i)`), together within the payment. What they leave is the customer's credit.
///
/// # Errors
/// See [`AllocationError`].
pub fn check_named(
    amount: i64,
    named: &[i64],
    owed: impl Fn(usize) -> i64,
) -> Result<i64, AllocationError> {
    let mut total = 0i64;
    for (i, a) in named.iter().enumerate() {
        if *a <= 0 {
            return Err(AllocationError::NotPositive(i));
        }
        if *a > owed(i) {
            return Err(AllocationError::MoreThanOwed(i));
        }
        total += a;
    }
    if total > amount {
        return Err(AllocationError::MoreThanPaid);
    }
    Ok(amount - total)
}

/// Where a receivable stands, read off its figures and today's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceivableStatus {
    Open,
    Overdue,
    Paid,
    Waived,
}

impl ReceivableStatus {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Overdue => "overdue",
            Self::Paid => "paid",
            Self::Waived => "waived",
        }
    }

    /// A receivable owing nothing is paid — or waived when a change took all of it; owing
    /// something it is overdue past its due date, else open. One not owed yet (planned on a
    /// contract not in force) is never overdue.
    #[must_use]
    pub fn of(
        owed: bool,
        amount: i64,
        outstanding: i64,
        due_on: NaiveDate,
        today: NaiveDate,
    ) -> Self {
        if amount == 0 {
            Self::Waived
        } else if outstanding <= 0 {
            Self::Paid
        } else if owed && due_on < today {
            Self::Overdue
        } else {
            Self::Open
        }
    }
}

/// Why a day on which money moved or a document was issued cannot be: `in_future` after
/// `today` (the company's), `not_allowed` before 1900 (a typo such as 0026).
#[must_use]
pub fn money_day_problem(day: NaiveDate, today: NaiveDate) -> Option<&'static str> {
    if day > today {
        Some("in_future")
    } else if day < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() {
        Some("not_allowed")
    } else {
        None
    }
}

/// The aging buckets of open receivables by days past due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    NotDue,
    D1To30,
    D31To60,
    D61To90,
    Over90,
}

impl Bucket {
    pub const ALL: [Self; 5] = [
        Self::NotDue,
        Self::D1To30,
        Self::D31To60,
        Self::D61To90,
        Self::Over90,
    ];

    /// The bucket of a receivable due on `due_on`, as of `as_of`.
    #[must_use]
    pub fn of(due_on: NaiveDate, as_of: NaiveDate) -> Self {
        match (as_of - due_on).num_days() {
            i64::MIN..=0 => Self::NotDue,
            1..=30 => Self::D1To30,
            31..=60 => Self::D31To60,
            61..=90 => Self::D61To90,
            _ => Self::Over90,
        }
    }

    /// The first due date (inclusive) and the last (inclusive) of the bucket as of a date;
    /// `None` for an open end. Lets a store count buckets with plain date comparisons.
    #[must_use]
    pub fn due_range(self, as_of: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let day = |n: i64| as_of - chrono::Duration::days(n);
        match self {
            Self::NotDue => (Some(as_of), None),
            Self::D1To30 => (Some(day(30)), Some(day(1))),
            Self::D31To60 => (Some(day(60)), Some(day(31))),
            Self::D61To90 => (Some(day(90)), Some(day(61))),
            Self::Over90 => (None, Some(day(91))),
        }
    }

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NotDue => "not_due",
            Self::D1To30 => "d1_30",
            Self::D31To60 => "d31_60",
            Self::D61To90 => "d61_90",
            Self::Over90 => "over_90",
        }
    }
}

/// What a change to one receivable does: its new amount, and how much already collected on
/// it must be given back (the refund) because it is now more than is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub new_amount: i64,
    /// Collected above the new amount: taken off the receivable's allocations.
    pub refund: i64,
}

/// Why a change to a receivable is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutError {
    Negative,
    /// Below what was invoiced on it (void the invoice first).
    BelowInvoiced,
}

/// A receivable of `paid` collected and `invoiced` invoiced gets `new_amount`.
///
/// # Errors
/// See [`CutError`].
pub fn cut(new_amount: i64, paid: i64, invoiced: i64) -> Result<Cut, CutError> {
    if new_amount < 0 {
        return Err(CutError::Negative);
    }
    if new_amount < invoiced {
        return Err(CutError::BelowInvoiced);
    }
    Ok(Cut {
        new_amount,
        refund: (paid - new_amount).max(0),
    })
}

/// Whether a receivable of a terminated contract may go from `amount` to `new_amount`: its
/// open balance may be waived (lowered), never raised — the contract no longer earns more.
#[must_use]
pub fn terminated_allows(amount: i64, new_amount: i64) -> bool {
    new_amount <= amount
}

/// How much of a receivable's write-off (`written_off`) is reversed when its amount goes
/// from `before` to `after`: all of it once the amount moves (what was waived was waived
/// on the old amount), none when the amount is re-stated unchanged — a settled debt must
/// not come back by re-stating it.
#[must_use]
pub fn write_off_reversed(written_off: i64, before: i64, after: i64) -> i64 {
    if before == after {
        0
    } else {
        written_off
    }
}

/// What is owing on a receivable: its amount less what was collected and written off —
/// and nothing while it is not owed yet (its contract is not in force).
#[must_use]
pub fn outstanding(amount: i64, paid: i64, written_off: i64, owed: bool) -> i64 {
    if owed {
        amount - paid - written_off
    } else {
        0
    }
}

/// Which allocations give back `amount`: the latest first, each at most what it holds.
/// Returns `(index, amount)` pairs into `held`.
#[must_use]
pub fn give_back(amount: i64, held: &[i64]) -> Vec<(usize, i64)> {
    let mut left = amount.max(0);
    let mut out = Vec::new();
    for (i, h) in held.iter().enumerate().rev() {
        if left == 0 {
            break;
        }
        let take = left.min(*h);
        if take > 0 {
            out.push((i, take));
            left -= take;
        }
    }
    out
}

#[cfg(test)]
mod tests;
