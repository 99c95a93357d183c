//! The organisation: sign-in and API tokens, departments, users and roles.

pub mod api_tokens;
pub mod branding;
pub mod departments;
mod fields;
pub mod passwords;
pub mod roles;
pub mod sign_in;
pub mod users;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(
    r: OpenApiRouter<super::platform::state::AppState>,
) -> OpenApiRouter<super::platform::state::AppState> {
    r.routes(routes!(sign_in::login))
        .routes(routes!(sign_in::logout))
        .routes(routes!(sign_in::me, sign_in::update_me))
        .routes(routes!(api_tokens::list_tokens, api_tokens::create_token))
        .routes(routes!(api_tokens::revoke_token))
        .routes(routes!(
            departments::list_departments,
            departments::create_department
        ))
        .routes(routes!(
            departments::get_department,
            departments::update_department
        ))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::get_user, users::update_user))
        .routes(routes!(users::deactivate_user))
        .routes(routes!(users::reactivate_user))
        .routes(routes!(users::reset_password))
        .routes(routes!(roles::list_roles, roles::create_role))
        .routes(routes!(roles::get_role, roles::update_role))
        .routes(routes!(roles::list_permissions))
        .routes(routes!(
            branding::get_logo,
            branding::put_logo,
            branding::delete_logo
        ))
        .routes(routes!(branding::get_branding))
}
