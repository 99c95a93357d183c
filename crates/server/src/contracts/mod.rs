//! Contracts: records with revisions and lines, approvals through the approval engine, and
//! the orders that fulfil them.

pub mod approvals;
pub mod orders;
pub mod records;
pub mod revisions;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(records::list_contracts, records::create_contract))
        .routes(routes!(records::get_contract, records::update_contract))
        .routes(routes!(records::submit_contract))
        .routes(routes!(revisions::amend_contract))
        .routes(routes!(revisions::list_revisions))
        .routes(routes!(records::terminate_contract))
        .routes(routes!(records::complete_contract))
        .routes(routes!(approvals::list_flows, approvals::create_flow))
        .routes(routes!(approvals::get_flow, approvals::put_flow))
        .routes(routes!(approvals::list_approvals))
        .routes(routes!(
            approvals::list_delegations,
            approvals::create_delegation
        ))
        .routes(routes!(approvals::delete_delegation))
        .routes(routes!(approvals::get_approval))
        .routes(routes!(approvals::approve))
        .routes(routes!(approvals::reject))
        .routes(routes!(approvals::return_to_submitter))
        .routes(routes!(approvals::recall))
        .routes(routes!(orders::list_orders, orders::create_order))
        .routes(routes!(orders::get_order))
        .routes(routes!(orders::move_order))
}
