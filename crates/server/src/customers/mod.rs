//! Customers and contacts, the customer pool, scoring.

pub mod contacts;
pub mod export;
pub mod imports;
pub mod pool;
pub mod records;
pub mod scoring;
pub mod transfer;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(records::list_customers, records::create_customer))
        .routes(routes!(records::get_customer, records::update_customer))
        .routes(routes!(transfer::transfer))
        .routes(routes!(imports::import_customers))
        .routes(routes!(imports::import_contacts))
        .routes(routes!(pool::pool))
        .routes(routes!(pool::claim))
        .routes(routes!(pool::release))
        .routes(routes!(pool::get_settings, pool::put_settings))
        .routes(routes!(scoring::get_model, scoring::put_model))
        .routes(routes!(scoring::recompute))
        .routes(routes!(contacts::list_contacts, contacts::create_contact))
        .routes(routes!(contacts::get_contact, contacts::update_contact))
}
