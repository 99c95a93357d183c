//! `GET /api/v1/{resource}/{id}/history`: the change log of one record.

use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::path_id,
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct ActorDto {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ChangeDto {
    pub field: String,
    pub old: serde_json::Value,
    pub new: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryEntryDto {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: Option<ActorDto>,
    pub action: String,
    pub changes: Vec<ChangeDto>,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryDto {
    pub items: Vec<HistoryEntryDto>,
}

async fn history_of(
    state: &AppState,
    caller: &Caller,
    record_type: &str,
    id: &str,
) -> ApiResult<Json<HistoryDto>> {
    let id: Uuid = path_id(id)?;
    let dir = policy::directory(caller, state);
    // The record must exist in the caller's tenant and be visible to them.
    let exists = match record_type {
        "departments" => dir.store.department(id).await.map(|_| ()),
        "users" => dir.store.user(id).await.map(|_| ()),
        "roles" => dir.store.role(id).await.map(|_| ()),
        "leads" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::LeadsRead).await?;
            let lead = owned.store.lead(id).await?;
            if owned.sees(lead.owner_id) {
                Ok(())
            } else {
                Err(closer_store::StoreError::NotFound)
            }
        }
        // Its team members read a deal's history as they read the deal.
        "opportunities" => {
            let owned = policy::owned(
                caller,
                state,
                closer_domain::org::Permission::OpportunitiesRead,
            )
            .await?;
            policy::readable_opportunity(&owned, id).await?;
            Ok(())
        }
        "customers" | "contacts" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::CustomersRead).await?;
            let owner = match record_type {
                "customers" => owned.store.customer(id).await.map(|c| c.owner_id),
                _ => owned.store.contact(id).await.map(|c| c.owner_id),
            }?;
            // A pool customer (no owner) has a history anyone who may claim it can read.
            if owned.sees(owner) && (owner.is_some() || record_type == "customers") {
                Ok(())
            } else {
                Err(closer_store::StoreError::NotFound)
            }
        }
        // A deleted document's history stays readable to those who see its record.
        "documents" => {
            policy::document_history(caller, state, id).await?;
            Ok(())
        }
        _ => Err(closer_store::StoreError::NotFound),
    };
    exists?;
    if !policy::may_read_history(caller, record_type, id) {
        return Err(ApiError::not_found());
    }
    let entries = dir.store.history(record_type, id, 500).await?;
    let mut actor_ids: Vec<Uuid> = entries.iter().filter_map(|e| e.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let users = dir.store.users_by_ids(&actor_ids).await?;
    let items = entries
        .into_iter()
        .map(|e| HistoryEntryDto {
            at: e.at,
            actor: e.actor_id.map(|a| ActorDto {
                id: a.to_string(),
                name: users
                    .iter()
                    .find(|u| u.id == a)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
            }),
            action: e.action,
            changes: serde_json::from_value::<Vec<closer_store::platform::history::Change>>(
                e.changes,
            )
            .unwrap_or_default()
            .into_iter()
            .map(|c| ChangeDto {
                field: c.field,
                old: c.old,
                new: c.new,
            })
            .collect(),
        })
        .collect();
    Ok(Json(HistoryDto { items }))
}

#[utoipa::path(get, path = "/departments/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn departments(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "departments", &id).await
}

#[utoipa::path(get, path = "/users/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn users(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "users", &id).await
}

#[utoipa::path(get, path = "/roles/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn roles(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "roles", &id).await
}

#[utoipa::path(get, path = "/leads/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn leads(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "leads", &id).await
}

#[utoipa::path(get, path = "/customers/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn customers(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "customers", &id).await
}

#[utoipa::path(get, path = "/contacts/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn contacts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "contacts", &id).await
}

#[utoipa::path(get, path = "/opportunities/{id}/history", tag = "history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn opportunities(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "opportunities", &id).await
}

#[utoipa::path(get, path = "/documents/{id}/history", tag = "history", operation_id = "document_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn documents(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "documents", &id).await
}
