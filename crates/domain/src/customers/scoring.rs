//! The customer scoring model (智能打分) an administrator edits: weighted rules over a
//! customer's fields and behaviour, summed and scaled to 0–100, then graded A–D.
//!
//! The model is stored as JSON in the tenant's settings; [`ScoringModel::validate`] says what
//! is wrong with an edited one field by field. Evaluating it is in [`evaluate`].

use serde::{Deserialize, Serialize};

use crate::{customers::SizeTier, text::Language, text::Name, InvalidValue};

mod evaluate;
#[cfg(test)]
mod tests;

pub use evaluate::{scale, CustomerFacts, FactValue, Reason, RuleOutcome, Score, ScoreExplanation};

/// Most rules a model may have.
pub const MAX_RULES: usize = 50;
/// Highest weight of one rule, in points.
pub const MAX_WEIGHT: u32 = 1000;
/// Longest activity window, in days (ten years).
pub const MAX_WINDOW_DAYS: u32 = 3650;
/// Most values in one `field_in` set.
pub const MAX_VALUES: usize = 200;
const MAX_KEY_CHARS: usize = 60;
const MAX_VALUE_CHARS: usize = 100;

/// A tenant's scoring model: the rules and the grade cut-offs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringModel {
    pub rules: Vec<ScoringRule>,
    #[serde(default)]
    pub grades: GradeCutoffs,
}

/// One weighted rule: a customer meeting the condition earns `weight` points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringRule {
    /// Stable identifier (`a-z`, `0-9`, `_`, starting with a letter), unique in the model;
    /// explanations refer to rules by it.
    pub key: String,
    /// What the rule means, shown to users.
    pub label: String,
    /// Points earned when the condition holds, 0–1000.
    pub weight: u32,
    pub condition: Condition,
}

/// What a rule tests. Bounds are inclusive and either may be left out (`null`), not both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The field's value is one of `values` (one value means "equals"). Text compares without
    /// letter case or surrounding spaces; provinces also without 省/市/自治区.
    FieldIn {
        field: TextField,
        values: Vec<String>,
    },
    /// A number on the customer lies within the bounds; money in minor units (fen).
    NumberBetween {
        field: NumberField,
        min: Option<i64>,
        max: Option<i64>,
    },
    /// Whole days since the latest activity lie within the bounds. A customer never followed
    /// up counts as infinitely long ago: it meets only a range without `max`.
    DaysSinceLastActivity { min: Option<u32>, max: Option<u32> },
    /// The number of activities in the last `days` days lies within the bounds.
    ActivitiesInLastDays {
        days: u32,
        min: Option<u32>,
        max: Option<u32>,
    },
    /// The summed amount of the customer's won opportunities, in minor units of the tenant's
    /// currency, lies within the bounds.
    WonAmount { min: Option<i64>, max: Option<i64> },
}

/// The customer's text fields a `field_in` rule can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    Industry,
    /// Compared by tier key (`micro` … `enterprise`).
    SizeTier,
    Province,
    City,
    Source,
}

/// The customer's numbers a `number_between` rule can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberField {
    EmployeeCount,
    /// Annual revenue in minor units (fen) of the tenant's currency.
    AnnualRevenue,
}

/// The lowest score of grades A, B and C; below `c` is D. Defaults 80, 60, 40.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GradeCutoffs {
    pub a: u8,
    pub b: u8,
    pub c: u8,
}

impl Default for GradeCutoffs {
    fn default() -> Self {
        Self {
            a: 80,
            b: 60,
            c: 40,
        }
    }
}

/// A customer's grade, A best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub const ALL: [Self; 4] = [Self::A, Self::B, Self::C, Self::D];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
        }
    }

    /// Reads `A`–`D`, either case.
    ///
    /// # Errors
    /// `Required` for blank text, `NotAllowed` for anything else.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let text = text.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Err(InvalidValue::Required);
        }
        Self::ALL
            .into_iter()
            .find(|g| g.key() == text)
            .ok_or(InvalidValue::NotAllowed)
    }
}

impl GradeCutoffs {
    /// The grade of a score (0–100).
    #[must_use]
    pub fn grade(&self, score: u8) -> Grade {
        if score >= self.a {
            Grade::A
        } else if score >= self.b {
            Grade::B
        } else if score >= self.c {
            Grade::C
        } else {
            Grade::D
        }
    }

    /// The scores `[from, to]` a grade covers, or `None` for none (a D when `c` is 0); for
    /// filtering lists by grade on the stored score.
    #[must_use]
    pub fn score_range(&self, grade: Grade) -> Option<(u8, u8)> {
        let (from, to) = match grade {
            Grade::A => (self.a, 100),
            Grade::B => (self.b, self.a.checked_sub(1)?),
            Grade::C => (self.c, self.b.checked_sub(1)?),
            Grade::D => (0, self.c.checked_sub(1)?),
        };
        (from <= to).then_some((from, to))
    }
}

/// One problem found in an edited model: the field's path (`rules[2].weight`,
/// `rules[0].condition.max`, `grades.b`) and why it was refused.
///
/// A duplicate key, a bound out of range, `min` above `max` and cut-offs not strictly
/// descending are all `NotAllowed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelProblem {
    pub field: String,
    pub error: InvalidValue,
}

/// What the store must compute for each customer before the model can be evaluated, so it
/// can do so for many customers at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactsNeeded {
    /// Distinct window lengths in days, ascending: for each, the count of activities that
    /// occurred in the last that many days (`(now − days, now]`).
    pub activity_windows: Vec<u32>,
    /// Whether the time of the latest activity is used.
    pub last_activity: bool,
    /// Whether the summed amount of won opportunities is used.
    pub won_amount: bool,
    /// Whether employee count or annual revenue is used.
    pub numbers: bool,
}

impl Condition {
    /// The kind's key as stored in JSON (`field_in`, `won_amount`, …).
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::FieldIn { .. } => "field_in",
            Self::NumberBetween { .. } => "number_between",
            Self::DaysSinceLastActivity { .. } => "days_since_last_activity",
            Self::ActivitiesInLastDays { .. } => "activities_in_last_days",
            Self::WonAmount { .. } => "won_amount",
        }
    }
}

impl Default for ScoringModel {
    fn default() -> Self {
        Self::default_in(Language::ZhCn)
    }
}

impl ScoringModel {
    /// The model every tenant starts with, its labels and industries in `lang`. Weights add
    /// up to 100, so points read as the score: key industry 15, large or enterprise 15,
    /// activity in the last 30 days 20, at least 3 activities in 30 days 15, activity in
    /// the last 90 days 10 (so 90 days or more without follow-up earns nothing for
    /// recency), won business of ¥100,000.00 or more 25.
    #[must_use]
    pub fn default_in(lang: Language) -> Self {
        let zh = lang == Language::ZhCn;
        let pick = |zh_text: &str, en_text: &str| {
            if zh {
                zh_text.to_owned()
            } else {
                en_text.to_owned()
            }
        };
        let industries: Vec<String> = [
            ("制造业", "Manufacturing"),
            ("软件和信息技术", "Software and IT"),
            ("金融", "Finance"),
            ("医疗健康", "Healthcare"),
            ("能源", "Energy"),
        ]
        .iter()
        .map(|(z, e)| pick(z, e))
        .collect();
        let rule = |key: &str, label: String, weight: u32, condition: Condition| ScoringRule {
            key: key.to_owned(),
            label,
            weight,
            condition,
        };
        Self {
            rules: vec![
                rule(
                    "key_industry",
                    pick("重点行业", "Key industry"),
                    15,
                    Condition::FieldIn {
                        field: TextField::Industry,
                        values: industries,
                    },
                ),
                rule(
                    "large_account",
                    pick("大型或集团客户", "Large or enterprise account"),
                    15,
                    Condition::FieldIn {
                        field: TextField::SizeTier,
                        values: vec!["large".into(), "enterprise".into()],
                    },
                ),
                rule(
                    "followed_up_30_days",
                    pick("30 天内有跟进", "Followed up in the last 30 days"),
                    20,
                    Condition::DaysSinceLastActivity {
                        min: None,
                        max: Some(29),
                    },
                ),
                rule(
                    "active_30_days",
                    pick("30 天内至少 3 次跟进", "3 or more activities in 30 days"),
                    15,
                    Condition::ActivitiesInLastDays {
                        days: 30,
                        min: Some(3),
                        max: None,
                    },
                ),
                rule(
                    "followed_up_90_days",
                    pick("90 天内有跟进", "Followed up in the last 90 days"),
                    10,
                    Condition::DaysSinceLastActivity {
                        min: None,
                        max: Some(89),
                    },
                ),
                rule(
                    "won_business",
                    pick("赢单金额达 10 万元", "Won business of 100,000.00 or more"),
                    25,
                    Condition::WonAmount {
                        min: Some(10_000_000),
                        max: None,
                    },
                ),
            ],
            grades: GradeCutoffs::default(),
        }
    }

    /// The most points a customer can earn: the sum of all weights.
    #[must_use]
    pub fn max_points(&self) -> u64 {
        self.rules.iter().map(|r| u64::from(r.weight)).sum()
    }

    /// What the store must supply in [`CustomerFacts`] beyond the customer's own fields.
    #[must_use]
    pub fn facts_needed(&self) -> FactsNeeded {
        let mut needed = FactsNeeded::default();
        for rule in &self.rules {
            match rule.condition {
                Condition::ActivitiesInLastDays { days, .. } => {
                    needed.activity_windows.push(days);
                }
                Condition::DaysSinceLastActivity { .. } => needed.last_activity = true,
                Condition::WonAmount { .. } => needed.won_amount = true,
                Condition::NumberBetween { .. } => needed.numbers = true,
                Condition::FieldIn { .. } => {}
            }
        }
        needed.activity_windows.sort_unstable();
        needed.activity_windows.dedup();
        needed
    }

    /// Checks an edited model, reporting every problem at once.
    ///
    /// # Errors
    /// Each refused field with its path and reason.
    pub fn validate(&self) -> Result<(), Vec<ModelProblem>> {
        let mut problems = Vec::new();
        let mut refuse = |field: String, error: InvalidValue| {
            problems.push(ModelProblem { field, error });
        };
        if self.rules.is_empty() {
            refuse("rules".into(), InvalidValue::Required);
        } else if self.rules.len() > MAX_RULES {
            refuse("rules".into(), InvalidValue::NotAllowed);
        } else if self.max_points() == 0 {
            refuse("rules[0].weight".into(), InvalidValue::NotAllowed);
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let at = |name: &str| format!("rules[{i}].{name}");
            if let Err(e) = check_key(&rule.key) {
                refuse(at("key"), e);
            } else if self.rules[..i].iter().any(|r| r.key == rule.key) {
                refuse(at("key"), InvalidValue::NotAllowed);
            }
            if let Err(e) = Name::parse(&rule.label) {
                refuse(at("label"), e);
            }
            if rule.weight > MAX_WEIGHT {
                refuse(at("weight"), InvalidValue::NotAllowed);
            }
            for (field, error) in check_condition(&rule.condition) {
                refuse(at(&format!("condition.{field}")), error);
            }
        }
        let g = self.grades;
        if g.a > 100 {
            refuse("grades.a".into(), InvalidValue::NotAllowed);
        }
        if g.b >= g.a {
            refuse("grades.b".into(), InvalidValue::NotAllowed);
        }
        if g.c >= g.b {
            refuse("grades.c".into(), InvalidValue::NotAllowed);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

fn check_key(key: &str) -> Result<(), InvalidValue> {
    if key.is_empty() {
        return Err(InvalidValue::Required);
    }
    if key.len() > MAX_KEY_CHARS {
        return Err(InvalidValue::TooLong { max: MAX_KEY_CHARS });
    }
    let mut chars = key.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(InvalidValue::Format)
    }
}

/// Problems of one condition, as (field within the condition, reason).
fn check_condition(condition: &Condition) -> Vec<(String, InvalidValue)> {
    let mut out = Vec::new();
    match condition {
        Condition::FieldIn { field, values } => {
            if values.is_empty() {
                out.push(("values".into(), InvalidValue::Required));
            } else if values.len() > MAX_VALUES {
                out.push(("values".into(), InvalidValue::NotAllowed));
            }
            for (j, value) in values.iter().enumerate() {
                let value = value.trim();
                let problem = if value.is_empty() {
                    Some(InvalidValue::Required)
                } else if value.chars().count() > MAX_VALUE_CHARS {
                    Some(InvalidValue::TooLong {
                        max: MAX_VALUE_CHARS,
                    })
                } else if *field == TextField::SizeTier {
                    SizeTier::parse(value).err()
                } else {
                    None
                };
                if let Some(e) = problem {
                    out.push((format!("values[{j}]"), e));
                }
            }
        }
        Condition::NumberBetween { min, max, .. } | Condition::WonAmount { min, max } => {
            check_bounds(&mut out, *min, *max, 0, i64::MAX);
        }
        Condition::DaysSinceLastActivity { min, max } => {
            check_bounds(&mut out, *min, *max, 0, 10 * MAX_WINDOW_DAYS);
        }
        Condition::ActivitiesInLastDays { days, min, max } => {
            if !(1..=MAX_WINDOW_DAYS).contains(days) {
                out.push(("days".into(), InvalidValue::NotAllowed));
            }
            check_bounds(&mut out, *min, *max, 0, u32::MAX);
        }
    }
    out
}

/// A range needs at least one bound, each within `floor..=ceiling`, and `min ≤ max`.
fn check_bounds<T: Ord + Copy>(
    out: &mut Vec<(String, InvalidValue)>,
    min: Option<T>,
    max: Option<T>,
    floor: T,
    ceiling: T,
) {
    let within = |v: T| v >= floor && v <= ceiling;
    match (min, max) {
        (None, None) => out.push(("min".into(), InvalidValue::Required)),
        (Some(lo), _) if !within(lo) => out.push(("min".into(), InvalidValue::NotAllowed)),
        (_, Some(hi)) if !within(hi) => out.push(("max".into(), InvalidValue::NotAllowed)),
        (Some(lo), Some(hi)) if lo > hi => out.push(("max".into(), InvalidValue::NotAllowed)),
        _ => {}
    }
}
