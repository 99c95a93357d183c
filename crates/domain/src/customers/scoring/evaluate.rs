//! Evaluating a scoring model against one customer's facts, with integer arithmetic only.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Condition, Grade, NumberField, ScoringModel, TextField};
use crate::{
    customers::SizeTier,
    leads::routing::{same_place, same_text},
};

/// What the store knows about a customer, as plain data. Fill what
/// [`ScoringModel::facts_needed`] asks for; what is missing counts as absent or zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFacts {
    pub industry: Option<String>,
    pub size_tier: Option<SizeTier>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub source: Option<String>,
    pub employee_count: Option<i64>,
    /// Minor units (fen) of the tenant's currency.
    pub annual_revenue: Option<i64>,
    /// When the latest activity on the customer occurred; `None` if it never had one.
    pub last_activity_at: Option<DateTime<Utc>>,
    /// Window in days → activities that occurred in `(now − days, now]`; one entry for each
    /// of [`FactsNeeded::activity_windows`](super::FactsNeeded::activity_windows).
    pub activity_counts: BTreeMap<u32, u64>,
    /// Sum of the customer's won opportunities, minor units of the tenant's currency.
    pub won_amount: i64,
}

/// A customer's score (0–100) and grade, as stored on the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    pub score: u8,
    pub grade: Grade,
}

/// A score explained rule by rule, for the 360 view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreExplanation {
    pub score: u8,
    pub grade: Grade,
    /// Points earned, out of `max_points` (the sum of all weights).
    pub points: u64,
    pub max_points: u64,
    /// Every rule of the model, in the model's order.
    pub rules: Vec<RuleOutcome>,
}

/// How one rule judged the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleOutcome {
    pub key: String,
    pub label: String,
    /// The condition's kind (`field_in`, `won_amount`, …).
    pub kind: &'static str,
    pub weight: u32,
    pub matched: bool,
    /// `weight` when matched, else 0.
    pub points: u32,
    pub reason: Reason,
    /// The customer's value the rule looked at: the text, the number, the days since the last
    /// activity, the activity count or the won amount in minor units. Absent when missing.
    pub value: Option<FactValue>,
}

/// Why a rule matched or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The value is one of the rule's set.
    InSet,
    /// The value is not in the rule's set.
    NotInSet,
    /// The customer has no value for the field.
    Missing,
    /// The number is within the bounds.
    InRange,
    /// The number is below `min`.
    BelowRange,
    /// The number is above `max`.
    AboveRange,
    /// The customer never had an activity.
    NeverActive,
}

/// A value shown beside a rule's outcome: text or a whole number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Text(String),
    Number(i64),
}

/// Scales points to 0–100 against the most points possible, rounding half up; 0 when
/// nothing can be earned.
#[must_use]
pub fn scale(points: u64, max_points: u64) -> u8 {
    if max_points == 0 {
        return 0;
    }
    let points = u128::from(points.min(max_points));
    let max = u128::from(max_points);
    let scaled = (points * 200 + max) / (max * 2);
    u8::try_from(scaled).unwrap_or(100)
}

impl ScoringModel {
    /// The customer's score and grade at `now`, without the explanation (for recomputing
    /// many customers).
    #[must_use]
    pub fn score(&self, facts: &CustomerFacts, now: DateTime<Utc>) -> Score {
        let points = self
            .rules
            .iter()
            .filter(|r| r.condition.judge(facts, now).0)
            .map(|r| u64::from(r.weight))
            .sum();
        let score = scale(points, self.max_points());
        Score {
            score,
            grade: self.grades.grade(score),
        }
    }

    /// The customer's score and grade at `now`, with every rule's outcome.
    #[must_use]
    pub fn explain(&self, facts: &CustomerFacts, now: DateTime<Utc>) -> ScoreExplanation {
        let rules: Vec<RuleOutcome> = self
            .rules
            .iter()
            .map(|rule| {
                let (matched, reason) = rule.condition.judge(facts, now);
                RuleOutcome {
                    key: rule.key.clone(),
                    label: rule.label.clone(),
                    kind: rule.condition.kind(),
                    weight: rule.weight,
                    matched,
                    points: if matched { rule.weight } else { 0 },
                    reason,
                    value: rule.condition.value(facts, now),
                }
            })
            .collect();
        let points = rules.iter().map(|r| u64::from(r.points)).sum();
        let max_points = self.max_points();
        let score = scale(points, max_points);
        ScoreExplanation {
            score,
            grade: self.grades.grade(score),
            points,
            max_points,
            rules,
        }
    }
}

/// Whole days from `then` to `now`, 0 for a time in the future.
fn days_since(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_days().max(0)
}

fn range<T: PartialOrd>(value: T, min: Option<T>, max: Option<T>) -> Reason {
    if min.is_some_and(|lo| value < lo) {
        Reason::BelowRange
    } else if max.is_some_and(|hi| value > hi) {
        Reason::AboveRange
    } else {
        Reason::InRange
    }
}

fn text_of(facts: &CustomerFacts, field: TextField) -> Option<&str> {
    let text = match field {
        TextField::Industry => facts.industry.as_deref(),
        TextField::SizeTier => facts.size_tier.map(SizeTier::key),
        TextField::Province => facts.province.as_deref(),
        TextField::City => facts.city.as_deref(),
        TextField::Source => facts.source.as_deref(),
    };
    text.filter(|t| !t.trim().is_empty())
}

fn number_of(facts: &CustomerFacts, field: NumberField) -> Option<i64> {
    match field {
        NumberField::EmployeeCount => facts.employee_count,
        NumberField::AnnualRevenue => facts.annual_revenue,
    }
}

fn activity_count(facts: &CustomerFacts, days: u32) -> u64 {
    facts.activity_counts.get(&days).copied().unwrap_or(0)
}

impl Condition {
    /// Whether the condition holds, and why.
    fn judge(&self, facts: &CustomerFacts, now: DateTime<Utc>) -> (bool, Reason) {
        let reason = match self {
            Self::FieldIn { field, values } => match text_of(facts, *field) {
                None => Reason::Missing,
                Some(text) => {
                    let eq = if *field == TextField::Province {
                        same_place
                    } else {
                        same_text
                    };
                    if values.iter().any(|v| eq(v, text)) {
                        Reason::InSet
                    } else {
                        Reason::NotInSet
                    }
                }
            },
            Self::NumberBetween { field, min, max } => match number_of(facts, *field) {
                None => Reason::Missing,
                Some(n) => range(n, *min, *max),
            },
            Self::DaysSinceLastActivity { min, max } => match facts.last_activity_at {
                None if max.is_some() => Reason::NeverActive,
                None => return (true, Reason::NeverActive),
                Some(at) => range(days_since(at, now), min.map(i64::from), max.map(i64::from)),
            },
            Self::ActivitiesInLastDays { days, min, max } => range(
                activity_count(facts, *days),
                min.map(u64::from),
                max.map(u64::from),
            ),
            Self::WonAmount { min, max } => range(facts.won_amount, *min, *max),
        };
        (matches!(reason, Reason::InSet | Reason::InRange), reason)
    }

    /// The customer's value this condition looks at.
    fn value(&self, facts: &CustomerFacts, now: DateTime<Utc>) -> Option<FactValue> {
        match self {
            Self::FieldIn { field, .. } => {
                text_of(facts, *field).map(|t| FactValue::Text(t.trim().to_owned()))
            }
            Self::NumberBetween { field, .. } => number_of(facts, *field).map(FactValue::Number),
            Self::DaysSinceLastActivity { .. } => facts
                .last_activity_at
                .map(|at| FactValue::Number(days_since(at, now))),
            Self::ActivitiesInLastDays { days, .. } => Some(FactValue::Number(
                i64::try_from(activity_count(facts, *days)).unwrap_or(i64::MAX),
            )),
            Self::WonAmount { .. } => Some(FactValue::Number(facts.won_amount)),
        }
    }
}
