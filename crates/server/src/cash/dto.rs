//! What the cash endpoints share: receivables as the API writes them, decimals given as
//! text or number, money read in the tenant's currency.

use chrono::NaiveDate;
use closer_domain::cash::ReceivableStatus;
use closer_store::entity::receivable;
use serde::Serialize;
use utoipa::ToSchema;

use crate::platform::dto::{money_dto, MoneyDto};

/// One installment of a payment plan: what the customer owes by a date.
#[derive(Serialize, ToSchema)]
pub struct ReceivableDto {
    pub id: String,
    pub contract_id: String,
    /// The order the installment belongs to, when the contract is planned order by order.
    pub order_id: Option<String>,
    pub customer_id: String,
    /// 0, 1, … in the plan (of the contract, or of its order).
    pub position: i32,
    pub due_on: NaiveDate,
    pub amount: MoneyDto,
    /// Collected on it (net of reversals and refunds).
    pub paid: MoneyDto,
    /// A leftover within the tenant's tolerance, closed by a recorded write-off.
    pub written_off: MoneyDto,
    pub outstanding: MoneyDto,
    pub invoiced: MoneyDto,
    /// `open`, `overdue`, `paid` or `waived`.
    pub status: String,
    /// `false` while its contract is not in force (a plan drawn up on a draft, in approval or
    /// rejected): it is not yet owed — never overdue, not in aging, reminders or the owing
    /// list, and it takes no payment or invoice — until the contract is approved.
    pub owed: bool,
    /// Days past due (0 when not yet due or settled).
    pub days_overdue: i64,
    pub settled_on: Option<NaiveDate>,
    /// The contract's number and the customer's name, for lists.
    pub contract_number: Option<String>,
    pub customer_name: Option<String>,
    pub version: i32,
}

#[must_use]
pub fn receivable_dto(r: &receivable::Model, today: NaiveDate) -> ReceivableDto {
    let c = r.currency.as_str();
    let left = r.left_minor();
    let status = ReceivableStatus::of(r.owed, r.amount_minor, left, r.due_on, today);
    ReceivableDto {
        id: r.id.to_string(),
        contract_id: r.contract_id.to_string(),
        order_id: r.order_id.map(|o| o.to_string()),
        customer_id: r.customer_id.to_string(),
        position: r.position,
        due_on: r.due_on,
        amount: money_dto(r.amount_minor, c),
        paid: money_dto(r.paid_minor, c),
        written_off: money_dto(r.written_off_minor, c),
        outstanding: money_dto(left.max(0), c),
        invoiced: money_dto(r.invoiced_minor, c),
        status: status.key().into(),
        owed: r.owed,
        days_overdue: if status == ReceivableStatus::Overdue {
            (today - r.due_on).num_days()
        } else {
            0
        },
        settled_on: r.settled_on,
        contract_number: None,
        customer_name: None,
        version: r.version,
    }
}

/// A reason a person gives (for voiding, reversing, changing): required, trimmed, at most
/// 2,000 characters.
///
/// # Errors
/// 422 on `reason`.
pub fn reason(text: &str) -> crate::platform::error::ApiResult<String> {
    closer_domain::text::required_text(text, 2000)
        .map_err(|e| crate::platform::error::ApiError::invalid("reason", e))
}

/// An optional id given in a query, 422 naming the field when it is not an id.
///
/// # Errors
/// 422 `invalid_format`.
pub fn query_id(
    field: &str,
    v: Option<&str>,
) -> crate::platform::error::ApiResult<Option<uuid::Uuid>> {
    v.map(|s| {
        closer_domain::ids::parse_id(s)
            .map_err(|_| crate::platform::error::ApiError::field(field, "invalid_format"))
    })
    .transpose()
}
