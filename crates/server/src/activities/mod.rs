//! What is done and kept around customers and deals: activities, documents, the customer
//! 360 overview and the day's work.

pub mod documents;
pub mod overview;
pub mod records;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(records::list, records::create))
        .routes(routes!(records::done))
        .routes(routes!(documents::list, documents::upload))
        .routes(routes!(documents::get, documents::delete))
        .routes(routes!(documents::content))
        .routes(routes!(overview::today))
}
