//! Contracts and orders: the contract's life (draft → in approval → active → completed, or
//! rejected / terminated), its readable number, what an amendment changed, and how much of
//! a contract line an order takes — exactly, so a line's orders add up to the line.

use serde::Serialize;

use crate::{money::div_round_half_up, InvalidValue};

/// Where a contract is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractStatus {
    Draft,
    InApproval,
    Active,
    Completed,
    Rejected,
    Terminated,
}

impl ContractStatus {
    pub const ALL: [Self; 6] = [
        Self::Draft,
        Self::InApproval,
        Self::Active,
        Self::Completed,
        Self::Rejected,
        Self::Terminated,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InApproval => "in_approval",
            Self::Active => "active",
            Self::Completed => "completed",
            Self::Rejected => "rejected",
            Self::Terminated => "terminated",
        }
    }

    /// # Errors
    /// `NotAllowed` for an unknown key.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .ok_or(InvalidValue::NotAllowed)
    }

    /// Whether the contract's fields may be edited in place (PATCH): only before it was
    /// approved — a draft, or a rejected contract being reworked. An active contract changes
    /// by amendment only.
    #[must_use]
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Rejected)
    }

    /// Whether it is still open: not yet in force, or in force and not ended. An open
    /// contract moves with its customer to a new owner; a finished one stays.
    #[must_use]
    pub fn open(self) -> bool {
        !matches!(self, Self::Completed | Self::Terminated)
    }

    /// Whether it binds the customer: approved and not terminated (active, or completed
    /// once delivered and paid). What a customer has *contracted* counts these.
    #[must_use]
    pub fn in_force(self) -> bool {
        matches!(self, Self::Active | Self::Completed)
    }

    /// Whether it may be submitted for approval.
    #[must_use]
    pub fn submittable(self) -> bool {
        matches!(self, Self::Draft | Self::Rejected)
    }
}

/// The readable number of a tenant's `sequence`-th contract of `year`: `HT-2026-00042`
/// (合同 hétong).
#[must_use]
pub fn contract_number(year: i32, sequence: i64) -> String {
    format!("HT-{year}-{sequence:05}")
}

/// A contract line as compared between revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView {
    pub product_id: Option<uuid::Uuid>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i32,
    pub total_minor: i64,
}

impl LineView {
    fn key(&self) -> (Option<uuid::Uuid>, String) {
        (self.product_id, self.description.trim().to_lowercase())
    }
}

/// How one line differs between two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// Lines of two revisions side by side, matched by product and description, in the order of
/// the newer revision (removed lines last).
#[must_use]
pub fn compare_lines<'a>(
    before: &'a [LineView],
    after: &'a [LineView],
) -> Vec<(LineChange, Option<&'a LineView>, Option<&'a LineView>)> {
    let mut used = vec![false; before.len()];
    let mut out = Vec::new();
    for a in after {
        let found = before
            .iter()
            .enumerate()
            .find(|(i, b)| !used[*i] && b.key() == a.key());
        match found {
            Some((i, b)) => {
                used[i] = true;
                let change = if b == a {
                    LineChange::Unchanged
                } else {
                    LineChange::Changed
                };
                out.push((change, Some(b), Some(a)));
            }
            None => out.push((LineChange::Added, None, Some(a))),
        }
    }
    for (i, b) in before.iter().enumerate() {
        if !used[i] {
            out.push((LineChange::Removed, Some(b), None));
        }
    }
    out
}

/// Whether two revisions' lines are the same lines (in any order).
#[must_use]
pub fn same_lines(before: &[LineView], after: &[LineView]) -> bool {
    compare_lines(before, after)
        .iter()
        .all(|(change, _, _)| *change == LineChange::Unchanged)
}

/// A line's cost: its quantity (thousandths) times the product's unit cost, rounded half up
/// to the minor unit once.
#[must_use]
pub fn line_cost(quantity_milli: i64, unit_cost_minor: i64) -> i64 {
    i64::try_from(div_round_half_up(
        i128::from(quantity_milli) * i128::from(unit_cost_minor),
        1000,
    ))
    .unwrap_or(i64::MAX)
}

/// The money an order takes of a contract line when it orders `quantity` of it after
/// `ordered_before` was already ordered: the line's total up to the new cumulative quantity,
/// less its total up to the old one, each rounded half up. The orders of a whole line
/// therefore add up to the line's total exactly.
///
/// # Errors
/// `NotAllowed` when the quantity is not positive or more than is left of the line.
pub fn order_line_amount(
    line_quantity_milli: i64,
    line_total_minor: i64,
    ordered_before_milli: i64,
    quantity_milli: i64,
) -> Result<i64, InvalidValue> {
    if quantity_milli <= 0 || ordered_before_milli + quantity_milli > line_quantity_milli {
        return Err(InvalidValue::NotAllowed);
    }
    let upto = |q: i64| {
        div_round_half_up(
            i128::from(line_total_minor) * i128::from(q),
            i128::from(line_quantity_milli),
        )
    };
    let amount = upto(ordered_before_milli + quantity_milli) - upto(ordered_before_milli);
    i64::try_from(amount).map_err(|_| InvalidValue::TooLong { max: 18 })
}

/// Where an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Open,
    Shipped,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    /// # Errors
    /// `NotAllowed` for an unknown key.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        [Self::Open, Self::Shipped, Self::Delivered, Self::Cancelled]
            .into_iter()
            .find(|s| s.key() == key)
            .ok_or(InvalidValue::NotAllowed)
    }

    /// Orders move forward only: open → shipped → delivered; open or shipped → cancelled.
    #[must_use]
    pub fn may_become(self, next: Self) -> bool {
        matches!(
            (self, next),
            (
                Self::Open,
                Self::Shipped | Self::Delivered | Self::Cancelled
            ) | (Self::Shipped, Self::Delivered | Self::Cancelled)
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_costs_its_quantity_times_the_unit_cost_rounded_once() {
        assert_eq!(super::line_cost(2_000, 12_345), 24_690);
        // 1.5 × ¥0.03 = ¥0.045 → ¥0.05 (half up).
        assert_eq!(super::line_cost(1_500, 3), 5);
        assert_eq!(super::line_cost(333, 1), 0);
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_contract_is_open_until_completed_or_terminated() {
        let open: Vec<&str> = ContractStatus::ALL
            .into_iter()
            .filter(|s| s.open())
            .map(ContractStatus::key)
            .collect();
        assert_eq!(open, ["draft", "in_approval", "active", "rejected"]);
    }

    #[test]
    fn only_active_and_completed_contracts_are_in_force() {
        let in_force: Vec<_> = ContractStatus::ALL
            .into_iter()
            .filter(|s| s.in_force())
            .collect();
        assert_eq!(
            in_force,
            [ContractStatus::Active, ContractStatus::Completed]
        );
    }

    #[test]
    fn only_drafts_and_rejected_contracts_are_edited_in_place() {
        assert!(ContractStatus::Draft.editable());
        assert!(ContractStatus::Rejected.editable());
        assert!(!ContractStatus::Active.editable());
        assert!(!ContractStatus::InApproval.editable());
        assert_eq!(
            ContractStatus::parse("in_approval"),
            Ok(ContractStatus::InApproval)
        );
        assert_eq!(contract_number(2026, 42), "HT-2026-00042");
    }

    #[test]
    fn orders_move_forward_only() {
        use OrderStatus as S;
        assert!(S::Open.may_become(S::Shipped));
        assert!(S::Shipped.may_become(S::Delivered));
        assert!(!S::Delivered.may_become(S::Open));
        assert!(!S::Cancelled.may_become(S::Open));
        assert!(!S::Delivered.may_become(S::Cancelled));
    }

    #[test]
    fn an_order_never_takes_more_than_is_left() {
        assert_eq!(order_line_amount(3000, 100, 0, 1000), Ok(33));
        assert_eq!(order_line_amount(3000, 100, 1000, 1000), Ok(34));
        assert_eq!(order_line_amount(3000, 100, 2000, 1000), Ok(33));
        assert!(order_line_amount(3000, 100, 2000, 1001).is_err());
        assert!(order_line_amount(3000, 100, 0, 0).is_err());
    }

    #[test]
    fn revisions_compare_line_by_line() {
        let line = |d: &str, q: i64| LineView {
            product_id: None,
            description: d.into(),
            quantity_milli: q,
            unit_price_minor: 100,
            discount_bp: 0,
            total_minor: q / 10,
        };
        let before = vec![line("A", 1000), line("B", 1000)];
        let after = vec![line("A", 2000), line("C", 1000)];
        let kinds: Vec<LineChange> = compare_lines(&before, &after)
            .into_iter()
            .map(|(k, _, _)| k)
            .collect();
        assert_eq!(
            kinds,
            vec![LineChange::Changed, LineChange::Added, LineChange::Removed]
        );
    }

    proptest! {
        /// However a line is split into orders, the orders add up to the line exactly.
        #[test]
        fn orders_of_a_line_add_up_to_the_line(
            total in 0_i64..10_000_000_000,
            parts in proptest::collection::vec(1_i64..5000, 1..12),
        ) {
            let quantity: i64 = parts.iter().sum();
            let mut before = 0;
            let mut sum = 0;
            for p in parts {
                sum += order_line_amount(quantity, total, before, p).unwrap();
                before += p;
            }
            prop_assert_eq!(sum, total);
        }
    }
}
