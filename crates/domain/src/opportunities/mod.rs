//! Opportunities: sales processes and stage moves, quotes, and the forecast.
//!
//! `process` holds the stages with their win rates and checklists, `quotes` the priced
//! lines that set an opportunity's amount, `forecast` the weighted pipeline, learned win
//! rates, forecast accuracy and time in stage. The default process every tenant starts with
//! is here.

pub mod forecast;
pub mod imports;
pub mod moves;
pub mod process;
pub mod quotes;
pub mod splits;
pub mod team;

use crate::InvalidValue;

/// One refused field of a larger edit, named by its path in the request
/// (`stages[2].win_rate`, `lines[0].quantity`), for a 422 listing every problem at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    pub field: String,
    pub error: InvalidValue,
}

impl InvalidField {
    #[must_use]
    pub fn new(field: impl Into<String>, error: InvalidValue) -> Self {
        Self {
            field: field.into(),
            error,
        }
    }
}

impl std::fmt::Display for InvalidField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.error)
    }
}

pub(crate) use crate::money::div_round_half_up;

/// An `i128` sum brought back to minor units, saturating where it cannot fit.
pub(crate) fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// A stage of the default process: key, Chinese name, English name, win rate in basis
/// points, won, lost.
pub type DefaultStage = (&'static str, &'static str, &'static str, i32, bool, bool);

/// Initial contact 10%, Needs confirmed 30%, Quotation 60%, Contract drafting 80%, Won 100%,
/// Lost 0% (PRODUCT.md §2.3).
pub const DEFAULT_STAGES: [DefaultStage; 6] = [
    (
        "initial_contact",
        "初步接洽",
        "Initial contact",
        1000,
        false,
        false,
    ),
    (
        "needs_confirmed",
        "需求确认",
        "Needs confirmed",
        3000,
        false,
        false,
    ),
    ("quotation", "报价", "Quotation", 6000, false, false),
    (
        "contract_drafting",
        "拟定合同",
        "Contract drafting",
        8000,
        false,
        false,
    ),
    ("won", "赢单", "Won", 10_000, true, false),
    ("lost", "输单", "Lost", 0, false, true),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_process_matches_the_spec() {
        let rates: Vec<i32> = DEFAULT_STAGES.iter().map(|s| s.3).collect();
        assert_eq!(rates, [1000, 3000, 6000, 8000, 10_000, 0]);
        assert_eq!(DEFAULT_STAGES.iter().filter(|s| s.4).count(), 1);
        assert_eq!(DEFAULT_STAGES.iter().filter(|s| s.5).count(), 1);
    }
}
