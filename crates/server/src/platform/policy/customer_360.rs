//! What of a customer's 360 view each caller sees by name.

use closer_domain::org::Permission;

use crate::platform::caller::Caller;

/// What of a customer's 360 the caller sees by name beside the customer itself.
pub struct Customer360View {
    /// Deals (and their documents), with `opportunities.read`. Without it (finance,
    /// marketing) the deal money is shown as totals only.
    pub deals: bool,
    /// Converted leads, with `leads.read`.
    pub leads: bool,
    /// Contracts (within the caller's scope), with `contracts.read`.
    pub contracts: bool,
    /// Money — contracted, outstanding, invoices and payments — with `cash.read`.
    pub cash: bool,
}

/// What of a customer's 360 the caller sees by name: one place that says it for the
/// overview and its timeline.
#[must_use]
pub fn sees_in_customer_360(caller: &Caller) -> Customer360View {
    Customer360View {
        deals: caller.actor.can(Permission::OpportunitiesRead),
        leads: caller.actor.can(Permission::LeadsRead),
        contracts: caller.actor.can(Permission::ContractsRead),
        cash: caller.actor.can(Permission::CashRead),
    }
}
