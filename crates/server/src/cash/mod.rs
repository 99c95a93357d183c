//! Cash: payment plans and receivables, invoices, payments and their write-off, contract
//! changes and refunds, aging, bank statements, payment reminders.

pub mod aging;
pub mod bank;
pub mod changes;
pub mod dto;
pub mod invoices;
pub mod payments;
pub mod plans;
pub mod reminders;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(plans::get_plan, plans::put_plan))
        .routes(routes!(plans::plan_history))
        .routes(routes!(
            plans::get_order_plan,
            plans::put_order_plan,
            plans::delete_order_plan
        ))
        .routes(routes!(invoices::list_invoices, invoices::create_invoice))
        .routes(routes!(invoices::get_invoice))
        .routes(routes!(invoices::void_invoice))
        .routes(routes!(payments::list_payments, payments::create_payment))
        .routes(routes!(payments::get_payment))
        .routes(routes!(payments::reverse_payment))
        .routes(routes!(payments::apply_credit))
        .routes(routes!(changes::list_changes, changes::create_change))
        .routes(routes!(changes::list_refunds, changes::create_refund))
        .routes(routes!(changes::get_refund))
        .routes(routes!(changes::pay_refund))
        .routes(routes!(aging::aging))
        .routes(routes!(aging::list_receivables))
        .routes(routes!(aging::summary))
        .routes(routes!(bank::upload))
        .routes(routes!(bank::preview))
        .routes(routes!(bank::list_bank_lines))
        .routes(routes!(bank::match_line))
        .routes(routes!(reminders::get_settings, reminders::put_settings))
}
