//! Leads: records, the lead pool, claims, imports, campaigns, assignment rules, settings.

pub mod admin;
pub mod capture;
pub mod fields;
pub mod import_rows;
pub mod imports;
pub mod list;
pub mod pool;
pub mod records;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(capture::list_forms, capture::create_form))
        .routes(routes!(capture::capture))
        .routes(routes!(list::list, records::create))
        .routes(routes!(records::duplicates))
        .routes(routes!(records::get, records::update))
        .routes(routes!(pool::claim))
        .routes(routes!(pool::release))
        .routes(routes!(records::merge))
        .routes(routes!(pool::pool))
        .routes(routes!(pool::pool_quota))
        .routes(routes!(imports::upload))
        .routes(routes!(imports::get))
        .routes(routes!(imports::repreview))
        .routes(routes!(imports::start))
        .routes(routes!(imports::rejected))
        .routes(routes!(admin::list_campaigns, admin::create_campaign))
        .routes(routes!(admin::get_campaign))
        .routes(routes!(admin::list_rules, admin::create_rule))
        .routes(routes!(admin::update_rule))
        .routes(routes!(admin::get_settings, admin::update_settings))
}
