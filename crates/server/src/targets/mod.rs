//! Targets (定目标): plans allocated from the company to departments, people and months;
//! completion live from the records; weekly visit tasks.

pub mod allocations;
pub mod completion;
pub mod dto;
pub mod org;
pub mod plans;
pub mod visits;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(plans::list_plans, plans::create_plan))
        .routes(routes!(plans::get_plan, plans::update_plan))
        .routes(routes!(plans::lock_plan))
        .routes(routes!(plans::new_version))
        .routes(routes!(allocations::put_allocations))
        .routes(routes!(allocations::suggestion))
        .routes(routes!(completion::completion))
        .routes(routes!(visits::list_rules, visits::create_rule))
        .routes(routes!(visits::delete_rule))
        .routes(routes!(visits::tasks))
}
