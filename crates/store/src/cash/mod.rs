//! Cash: payment plans and their receivables, invoices, payments written off against
//! receivables, contract changes and refunds, aging, bank statements.
//!
//! Every write that moves money for a customer first locks the customer's cash account
//! (see [`ledger::lock_account`]), so concurrent payments queue instead of racing.

pub mod aging;
pub mod as_it_stood;
pub mod bank;
pub mod changes;
pub mod customer_money;
pub mod invoices;
pub(crate) mod ledger;
pub mod payments;
pub mod plans;

pub use ledger::CashSettings;
