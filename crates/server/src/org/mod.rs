//! The organisation: sign-in and API tokens, departments, users and roles.

pub mod directory;
pub mod sign_in;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(sign_in::login))
        .routes(routes!(sign_in::logout))
        .routes(routes!(sign_in::me, sign_in::update_me))
        .routes(routes!(sign_in::list_tokens, sign_in::create_token))
        .routes(routes!(sign_in::revoke_token))
        .routes(routes!(
            directory::list_departments,
            directory::create_department
        ))
        .routes(routes!(
            directory::get_department,
            directory::update_department
        ))
        .routes(routes!(directory::list_users, directory::create_user))
        .routes(routes!(directory::get_user, directory::update_user))
        .routes(routes!(directory::deactivate_user))
        .routes(routes!(directory::reactivate_user))
        .routes(routes!(directory::reset_password))
        .routes(routes!(directory::list_roles, directory::create_role))
        .routes(routes!(directory::get_role, directory::update_role))
        .routes(routes!(directory::list_permissions))
}
