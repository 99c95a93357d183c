//! Incentives (重激励): credit by performance splits, compensation plans and runs.

pub mod compensation;
pub mod credit;
pub mod explain;
pub mod factors;
pub mod runs;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(credit::performance))
        .routes(routes!(compensation::list_plans, compensation::create_plan))
        .routes(routes!(compensation::get_plan))
        .routes(routes!(runs::list_runs, runs::create_run))
        .routes(routes!(runs::preview_run))
        .routes(routes!(runs::get_run))
        .routes(routes!(runs::export_run))
        .routes(routes!(runs::recalculation))
        .routes(routes!(runs::recalculate))
        .routes(routes!(runs::close_run))
}
