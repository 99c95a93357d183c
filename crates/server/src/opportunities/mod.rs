//! Opportunities: sales processes, deals and their stages, teams, products and quotes,
//! the forecast.

pub mod export;
pub mod forecast;
pub mod import_job;
pub mod import_rows;
pub mod imports;
pub mod lead_conversion;
pub mod process;
pub mod quote_print;
pub mod quotes;
pub mod records;
pub mod scope;
pub mod splits;
pub mod team;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(lead_conversion::convert))
        .routes(routes!(process::list_processes))
        .routes(routes!(process::put_process))
        .routes(routes!(
            records::list_opportunities,
            records::create_opportunity
        ))
        .routes(routes!(
            records::get_opportunity,
            records::update_opportunity
        ))
        .routes(routes!(records::move_stage))
        .routes(routes!(records::check_task))
        .routes(routes!(records::stage_history))
        .routes(routes!(team::get_team, team::put_team))
        .routes(routes!(splits::get_splits, splits::put_splits))
        .routes(routes!(forecast::get_forecast))
        .routes(routes!(quotes::list_products, quotes::create_product))
        .routes(routes!(quotes::update_product))
        .routes(routes!(quotes::list_quotes, quotes::create_quote))
        .routes(routes!(quotes::get_quote))
        .routes(routes!(quote_print::print_quote))
        .routes(routes!(forecast::learned_win_rates))
        .routes(routes!(forecast::accuracy))
        .routes(routes!(imports::upload))
        .routes(routes!(imports::get))
        .routes(routes!(imports::repreview))
        .routes(routes!(imports::start))
        .routes(routes!(imports::rejected))
}
