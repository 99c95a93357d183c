//! Targets (定目标): a year's company total split to units and months so that every level adds
//! up exactly to its parent, completion rates, and the visit rules' weeks.
//!
//! Every split rounds each part half up and gives the rounding remainder to one stated part:
//! among units the one with the largest share (or the one the manager names), among months
//! the last — PRODUCT.md's worked example: ¥1,000,000 evenly over months is eleven months of
//! ¥83,333.33 and December ¥83,333.37.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::{money::div_round_half_up, InvalidValue};

pub mod visits;

/// What a target plan counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Signed contract amount (the default).
    ContractAmount,
    /// Payments collected (written off to receivables).
    Payments,
    /// Won opportunity amount.
    WonAmount,
    /// New customers (a count).
    NewCustomers,
    /// Visits logged (a count).
    Visits,
}

impl Metric {
    pub const ALL: [Self; 5] = [
        Self::ContractAmount,
        Self::Payments,
        Self::WonAmount,
        Self::NewCustomers,
        Self::Visits,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::ContractAmount => "contract_amount",
            Self::Payments => "payments",
            Self::WonAmount => "won_amount",
            Self::NewCustomers => "new_customers",
            Self::Visits => "visits",
        }
    }

    /// # Errors
    /// `NotAllowed` for any other text.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|m| m.key() == text)
            .ok_or(InvalidValue::NotAllowed)
    }

    /// Whether the metric counts money (else whole units: customers, visits).
    #[must_use]
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Self::ContractAmount | Self::Payments | Self::WonAmount
        )
    }
}

/// A unit's yearly figures, January first.
pub type Months = [i64; 12];

/// Splits `total` by `weights`: each part rounded half up, the remainder to `remainder_to` or,
/// when none is named, to the part with the largest weight (the first of equals). Without any
/// weight (all zero) the parts are equal. The parts add up to `total` exactly.
#[must_use]
pub fn split_by_weight(total: i64, weights: &[i64], remainder_to: Option<usize>) -> Vec<i64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let even = weights.iter().all(|w| *w <= 0);
    let weights: Vec<i128> = weights
        .iter()
        .map(|w| if even { 1 } else { i128::from((*w).max(0)) })
        .collect();
    let sum: i128 = weights.iter().sum();
    let mut parts: Vec<i64> = weights
        .iter()
        .map(|w| i64::try_from(div_round_half_up(i128::from(total) * w, sum)).unwrap_or(i64::MAX))
        .collect();
    let largest = weights
        .iter()
        .enumerate()
        .fold(0, |best, (i, w)| if *w > weights[best] { i } else { best });
    let target = remainder_to.filter(|i| *i < parts.len()).unwrap_or(largest);
    let rest = total - parts.iter().sum::<i64>();
    parts[target] += rest;
    parts
}

/// Spreads a yearly `total` over months in proportion to `profile` (the parent's months; all
/// zero or none means evenly): each month rounded half up, December takes the remainder.
#[must_use]
pub fn spread_months(total: i64, profile: &Months) -> Months {
    let even = profile.iter().all(|m| *m <= 0);
    let weight = |m: usize| -> i128 {
        if even {
            1
        } else {
            i128::from(profile[m].max(0))
        }
    };
    let sum: i128 = (0..12).map(weight).sum();
    let mut months = [0i64; 12];
    for (m, slot) in months.iter_mut().enumerate().take(11) {
        *slot = i64::try_from(div_round_half_up(i128::from(total) * weight(m), sum)).unwrap_or(0);
    }
    months[11] = total - months[..11].iter().sum::<i64>();
    months
}

/// Children's months made to add up to the parent's month by month: what each month is off
/// by goes to the child at `remainder_to` (the months' differences add up to zero when the
/// children's years add up to the parent's, so that child's year does not change).
pub fn balance_months(children: &mut [Months], parent: &Months, remainder_to: usize) {
    if children.is_empty() {
        return;
    }
    let target = remainder_to.min(children.len() - 1);
    for m in 0..12 {
        let sum: i64 = children.iter().map(|c| c[m]).sum();
        children[target][m] += parent[m] - sum;
    }
}

/// One unit of an allocation as the checks see it: its parent's index in the same list
/// (`None` = directly under the company) and its months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatedUnit {
    pub parent: Option<usize>,
    pub months: Months,
}

/// Why an allocation does not add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unbalanced {
    /// The top units' year does not add up to the company total (by how much it is off).
    Total { off_by: i64 },
    /// The children of a unit (or of the company, `parent: None`) do not add up to it in
    /// `month` (0-based); named on the last child, which is where a remainder goes.
    Month {
        unit: usize,
        parent: Option<usize>,
        month: usize,
        off_by: i64,
    },
    /// A negative figure.
    Negative { unit: usize, month: usize },
}

/// Checks that every level adds up exactly to its parent: the top units' months together to
/// `total`, and every unit's children to it month by month. Leaves (units without allocated
/// children) are not checked further.
#[must_use]
pub fn check_allocation(total: i64, units: &[AllocatedUnit]) -> Vec<Unbalanced> {
    let mut problems = Vec::new();
    for (i, u) in units.iter().enumerate() {
        if let Some(month) = u.months.iter().position(|m| *m < 0) {
            problems.push(Unbalanced::Negative { unit: i, month });
        }
    }
    // Sums in i128: many units of very large figures must not wrap.
    let top: i128 = units
        .iter()
        .filter(|u| u.parent.is_none())
        .flat_map(|u| u.months.iter())
        .map(|m| i128::from(*m))
        .sum();
    if units.iter().any(|u| u.parent.is_none()) && top != i128::from(total) {
        problems.push(Unbalanced::Total {
            off_by: i64::try_from(top - i128::from(total)).unwrap_or(i64::MAX),
        });
    }
    for (p, parent) in units.iter().enumerate() {
        let children: Vec<usize> = (0..units.len())
            .filter(|c| units[*c].parent == Some(p))
            .collect();
        let Some(&last) = children.last() else {
            continue;
        };
        for m in 0..12 {
            let sum: i128 = children
                .iter()
                .map(|c| i128::from(units[*c].months[m]))
                .sum();
            if sum != i128::from(parent.months[m]) {
                problems.push(Unbalanced::Month {
                    unit: last,
                    parent: Some(p),
                    month: m,
                    off_by: i64::try_from(sum - i128::from(parent.months[m])).unwrap_or(i64::MAX),
                });
            }
        }
    }
    problems
}

/// A completion rate in basis points of a percent (12000 = 120.00 %), rounded half up;
/// `None` when there is no target.
#[must_use]
pub fn rate_bp(actual: i64, target: i64) -> Option<i64> {
    (target > 0).then(|| {
        i64::try_from(div_round_half_up(
            i128::from(actual) * 10_000,
            i128::from(target),
        ))
        .unwrap_or(i64::MAX)
    })
}

/// A rate in basis points as the API writes it: `"120.00"`.
#[must_use]
pub fn format_rate(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The months (1–12) a period of a plan's year covers: a year, a quarter or a month.
#[must_use]
pub fn months_of(first: NaiveDate, last: NaiveDate) -> std::ops::RangeInclusive<usize> {
    (first.month0() as usize)..=(last.month0() as usize)
}

/// An ISO week, `2026-W49`: Monday to Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
}

impl Week {
    /// The week holding `day`.
    #[must_use]
    pub fn of(day: NaiveDate) -> Self {
        Self {
            monday: day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        }
    }

    /// Parses `YYYY-Www`.
    ///
    /// # Errors
    /// `Format` for another shape, `NotAllowed` for a week the year does not have.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let (year, week) = text
            .trim()
            .split_once(['W', 'w'])
            .ok_or(InvalidValue::Format)?;
        let year = year.strip_suffix('-').ok_or(InvalidValue::Format)?;
        if year.len() != 4 || week.len() != 2 {
            return Err(InvalidValue::Format);
        }
        let year: i32 = year.parse().map_err(|_| InvalidValue::Format)?;
        let week: u32 = week.parse().map_err(|_| InvalidValue::Format)?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
            .map(|monday| Self { monday })
            .ok_or(InvalidValue::NotAllowed)
    }

    #[must_use]
    pub fn sunday(self) -> NaiveDate {
        self.monday + Duration::days(6)
    }
}

impl std::fmt::Display for Week {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = self.monday.iso_week();
        write!(f, "{}-W{:02}", w.year(), w.week())
    }
}

#[cfg(test)]
mod tests;
