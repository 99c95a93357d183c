//! Opportunities: the default sales process every tenant starts with.

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
