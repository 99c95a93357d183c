//! Saved list views, and public web forms that create leads.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::text::Name;
use closer_store::entity::saved_view;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{path_id, ApiJson, ApiQuery},
    platform::policy,
    platform::state::AppState,
};

// ----- saved views -----

#[derive(Serialize, ToSchema)]
pub struct SavedViewDto {
    pub id: String,
    pub resource: String,
    pub name: String,
    /// The list's query parameters, e.g. `{"status": "new", "sort": "-created_at"}`.
    #[schema(value_type = Object)]
    pub query: serde_json::Value,
}

fn view_dto(v: &saved_view::Model) -> SavedViewDto {
    SavedViewDto {
        id: v.id.to_string(),
        resource: v.resource.clone(),
        name: v.name.clone(),
        query: v.query.clone(),
    }
}

const RESOURCES: &[&str] = &[
    "leads",
    "lead-pool",
    "customers",
    "opportunities",
    "contracts",
];

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ViewQuery {
    /// `leads`, `lead-pool`, `customers`, `opportunities`, `contracts`.
    pub resource: String,
}

#[utoipa::path(get, path = "/saved-views", tag = "platform", params(ViewQuery), responses((status = 200, body = ListOf<SavedViewDto>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ViewQuery>,
) -> ApiResult<Json<ListOf<SavedViewDto>>> {
    if !RESOURCES.contains(&q.resource.as_str()) {
        return Err(ApiError::field("resource", "not_allowed"));
    }
    let own = policy::own(&caller, &state);
    let items = own
        .store
        .saved_views(own.user_id, &q.resource)
        .await?
        .iter()
        .map(view_dto)
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedView {
    pub resource: String,
    pub name: String,
    #[schema(value_type = Object)]
    pub query: serde_json::Value,
}

#[utoipa::path(post, path = "/saved-views", tag = "platform", request_body = NewSavedView,
    responses((status = 201, body = SavedViewDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewSavedView>,
) -> ApiResult<Response> {
    let own = policy::own(&caller, &state);
    let mut invalid = Invalid::default();
    let resource = invalid.check(
        "resource",
        if RESOURCES.contains(&req.resource.as_str()) {
            Ok(req.resource.clone())
        } else {
            Err(closer_domain::InvalidValue::NotAllowed)
        },
    );
    let name = invalid
        .check("name", Name::parse(&req.name))
        .map(Name::into_string);
    let query_ok = req
        .query
        .as_object()
        .is_some_and(|o| o.values().all(|v| v.is_string() || v.is_null()) && o.len() <= 20);
    let query = invalid.check(
        "query",
        if query_ok {
            Ok(req.query.clone())
        } else {
            Err(closer_domain::InvalidValue::Format)
        },
    );
    let (resource, name, query) =
        invalid.finish(resource.zip(name).zip(query).map(|((r, n), q)| (r, n, q)))?;
    let now = closer_store::now();
    let v = own
        .store
        .create_saved_view(saved_view::Model {
            tenant_id: caller.actor.tenant_id,
            id: closer_domain::ids::new_id(),
            user_id: own.user_id,
            resource,
            name,
            query,
            created_at: now,
            updated_at: now,
            version: 1,
        })
        .await?;
    Ok(Versioned(v.version, view_dto(&v), StatusCode::CREATED).into_response())
}

#[utoipa::path(delete, path = "/saved-views/{id}", tag = "platform", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::platform::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let own = policy::own(&caller, &state);
    own.store
        .delete_saved_view(own.user_id, path_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- web forms -----
