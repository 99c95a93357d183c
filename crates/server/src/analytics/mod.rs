//! Results: reports over the deals in the caller's scope — pipeline and revenue by product,
//! product line and type, department, owner, campaign and month; sales efficiency per rep
//! and team against the team average. Every report also answers as CSV or XLSX
//! (`?format=`). And the global search box.

pub mod campaigns;
pub mod customer_360;
pub mod dashboards;
pub mod efficiency;
pub mod pipeline;
pub mod regions;
pub mod scope;
pub mod search;
pub mod win_loss;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(customer_360::customer_overview))
        .routes(routes!(pipeline::get_pipeline))
        .routes(routes!(pipeline::get_product_lines))
        .routes(routes!(efficiency::get_efficiency))
        .routes(routes!(search::search))
        .routes(routes!(campaigns::get_campaign_roi))
        .routes(routes!(win_loss::get_win_loss))
        .routes(routes!(regions::get_regions))
        .routes(routes!(dashboards::get_dashboard))
}
