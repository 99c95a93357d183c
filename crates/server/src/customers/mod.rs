//! Customers and contacts, the customer pool, scoring.

pub mod pool;
pub mod records;
pub mod scoring;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(records::list_customers, records::create_customer))
        .routes(routes!(records::get_customer, records::update_customer))
        .routes(routes!(records::transfer))
        .routes(routes!(pool::pool))
        .routes(routes!(pool::claim))
        .routes(routes!(pool::release))
        .routes(routes!(pool::get_settings, pool::put_settings))
        .routes(routes!(scoring::get_model, scoring::put_model))
        .routes(routes!(scoring::recompute))
        .routes(routes!(records::list_contacts, records::create_contact))
        .routes(routes!(records::get_contact, records::update_contact))
}
