//! The platform every capability stands on: the session and the access policy, errors,
//! request extractors, jobs, history, notifications, saved views, file reading, metrics and
//! the embedded UI.

pub mod api_doc;
pub mod calendar;
pub mod caller;
pub mod dto;
pub mod email;
pub mod error;
pub mod export;
pub mod extract;
pub mod history;
pub mod i18n;
pub mod import_file;
pub mod jobs;
pub mod metrics;
pub mod notifications;
pub mod outbound;
pub mod policy;
pub mod pool;
pub mod session;
pub mod state;
pub mod throttle;
pub mod ui;
pub mod upload;
pub mod views;
pub mod webhooks;

use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of this capability.
pub fn routes(r: OpenApiRouter<state::AppState>) -> OpenApiRouter<state::AppState> {
    r.routes(routes!(history::departments))
        .routes(routes!(history::users))
        .routes(routes!(history::roles))
        .routes(routes!(history::leads))
        .routes(routes!(history::customers))
        .routes(routes!(history::contacts))
        .routes(routes!(history::opportunities))
        .routes(routes!(history::contracts))
        .routes(routes!(history::payments))
        .routes(routes!(history::invoices))
        .routes(routes!(history::refunds))
        .routes(routes!(history::receivables))
        .routes(routes!(history::orders))
        .routes(routes!(history::target_plans))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::unread_count))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::mark_all_read))
        .routes(routes!(jobs::get))
        .routes(routes!(history::documents))
        .routes(routes!(views::list, views::create))
        .routes(routes!(views::delete))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::events))
        .routes(routes!(webhooks::update, webhooks::delete))
        .routes(routes!(webhooks::deliveries))
        .routes(routes!(webhooks::send_test))
        .routes(routes!(email::get_settings, email::put_settings))
        .routes(routes!(email::test_message))
}
