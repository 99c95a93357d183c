//! What a tenant's duplicate rules do with the duplicates found: warn, block, or nothing,
//! on create and on update separately.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DedupeAction {
    Off,
    #[default]
    Warn,
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct DedupeRule {
    pub on_create: DedupeAction,
    pub on_update: DedupeAction,
}

/// One rule per kind of match. Defaults: warn everywhere, except that a second record with
/// the same unified social credit code is blocked when created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DedupeRules {
    pub company: DedupeRule,
    pub phone: DedupeRule,
    pub email: DedupeRule,
    pub credit_code: DedupeRule,
}

impl Default for DedupeRules {
    fn default() -> Self {
        let warn = DedupeRule::default();
        Self {
            company: warn,
            phone: warn,
            email: warn,
            credit_code: DedupeRule {
                on_create: DedupeAction::Block,
                on_update: DedupeAction::Warn,
            },
        }
    }
}

impl DedupeRules {
    /// The action for a reason code (`same_company`, `similar_company`, `same_phone`,
    /// `same_email`, `same_credit_code`) on create or on update.
    #[must_use]
    pub fn action(&self, reason_code: &str, creating: bool) -> DedupeAction {
        let rule = match reason_code {
            "same_credit_code" => self.credit_code,
            "same_phone" => self.phone,
            "same_email" => self.email,
            _ => self.company,
        };
        if creating {
            rule.on_create
        } else {
            rule.on_update
        }
    }

    /// The strongest action any of the reasons calls for.
    #[must_use]
    pub fn verdict<'a>(
        &self,
        reason_codes: impl IntoIterator<Item = &'a str>,
        creating: bool,
    ) -> DedupeAction {
        reason_codes
            .into_iter()
            .map(|r| self.action(r, creating))
            .max_by_key(|a| match a {
                DedupeAction::Off => 0,
                DedupeAction::Warn => 1,
                DedupeAction::Block => 2,
            })
            .unwrap_or(DedupeAction::Off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strongest_action_wins_and_create_differs_from_update() {
        let rules = DedupeRules::default();
        assert_eq!(rules.verdict(["same_phone"], true), DedupeAction::Warn);
        assert_eq!(
            rules.verdict(["same_phone", "same_credit_code"], true),
            DedupeAction::Block
        );
        assert_eq!(
            rules.verdict(["same_credit_code"], false),
            DedupeAction::Warn
        );
        assert_eq!(rules.verdict([], true), DedupeAction::Off);
        let off = DedupeRules {
            email: DedupeRule {
                on_create: DedupeAction::Off,
                on_update: DedupeAction::Block,
            },
            ..rules
        };
        assert_eq!(off.verdict(["same_email"], true), DedupeAction::Off);
        assert_eq!(off.verdict(["same_email"], false), DedupeAction::Block);
        let parsed: DedupeRules =
            serde_json::from_str(r#"{"phone": {"on_create": "block"}}"#).unwrap_or_default();
        assert_eq!(parsed.phone.on_create, DedupeAction::Block);
        assert_eq!(parsed.phone.on_update, DedupeAction::Warn);
    }
}
