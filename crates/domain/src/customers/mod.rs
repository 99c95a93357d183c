//! Customers: size tiers, the roles contacts play in a buying decision, scoring, and the
//! checks on uploaded documents.

pub mod documents;
pub mod scoring;

use serde::{Deserialize, Serialize};

use crate::InvalidValue;

/// How big a customer's business is, smallest first (so tiers compare by size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeTier {
    Micro,
    Small,
    Medium,
    Large,
    Enterprise,
}

impl SizeTier {
    pub const ALL: [Self; 5] = [
        Self::Micro,
        Self::Small,
        Self::Medium,
        Self::Large,
        Self::Enterprise,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Micro => "micro",
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
            Self::Enterprise => "enterprise",
        }
    }

    /// Reads a key, ignoring surrounding spaces and letter case.
    ///
    /// # Errors
    /// `Required` for blank text, `NotAllowed` when the key names no tier.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        parse_key(key, &Self::ALL, |t| t.key())
    }
}

/// The part a contact plays in the customer's buying decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRole {
    /// Signs off the purchase (决策者).
    DecisionMaker,
    /// Holds the budget (财务/预算负责人).
    EconomicBuyer,
    /// Sways the decision without making it (影响者).
    Influencer,
    /// Argues for us inside the customer (内部支持者).
    Champion,
    /// Judges the offer on its merits, e.g. IT or procurement (评估者).
    Evaluator,
    /// Will use what is bought (使用者).
    User,
    /// Controls access to the others (把关者).
    Gatekeeper,
    Other,
}

impl DecisionRole {
    pub const ALL: [Self; 8] = [
        Self::DecisionMaker,
        Self::EconomicBuyer,
        Self::Influencer,
        Self::Champion,
        Self::Evaluator,
        Self::User,
        Self::Gatekeeper,
        Self::Other,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::DecisionMaker => "decision_maker",
            Self::EconomicBuyer => "economic_buyer",
            Self::Influencer => "influencer",
            Self::Champion => "champion",
            Self::Evaluator => "evaluator",
            Self::User => "user",
            Self::Gatekeeper => "gatekeeper",
            Self::Other => "other",
        }
    }

    /// Reads a key, ignoring surrounding spaces and letter case.
    ///
    /// # Errors
    /// `Required` for blank text, `NotAllowed` when the key names no role.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        parse_key(key, &Self::ALL, |r| r.key())
    }
}

fn parse_key<T: Copy>(
    text: &str,
    all: &[T],
    key: fn(T) -> &'static str,
) -> Result<T, InvalidValue> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Err(InvalidValue::Required);
    }
    all.iter()
        .copied()
        .find(|v| key(*v) == text)
        .ok_or(InvalidValue::NotAllowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_back() {
        for t in SizeTier::ALL {
            assert_eq!(SizeTier::parse(t.key()), Ok(t));
        }
        for r in DecisionRole::ALL {
            assert_eq!(DecisionRole::parse(r.key()), Ok(r));
        }
        let cases = [
            (" Large ", Ok(SizeTier::Large)),
            ("ENTERPRISE", Ok(SizeTier::Enterprise)),
            ("", Err(InvalidValue::Required)),
            ("huge", Err(InvalidValue::NotAllowed)),
        ];
        for (text, expected) in cases {
            assert_eq!(SizeTier::parse(text), expected, "{text:?}");
        }
        assert_eq!(
            DecisionRole::parse("decision_maker"),
            Ok(DecisionRole::DecisionMaker)
        );
        assert_eq!(DecisionRole::parse("boss"), Err(InvalidValue::NotAllowed));
        assert!(SizeTier::Small < SizeTier::Enterprise);
    }

    #[test]
    fn serde_uses_the_keys() {
        for r in DecisionRole::ALL {
            let json = serde_json::to_string(&r).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", r.key()));
        }
        let tier: Result<SizeTier, _> = serde_json::from_str("\"medium\"");
        assert_eq!(tier.ok(), Some(SizeTier::Medium));
    }
}
