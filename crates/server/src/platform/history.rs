//! `GET /api/v1/{resource}/{id}/history`: the change log of one record.

use axum::{
    extract::{Path, State},
    Json,
};
use std::collections::HashMap;

use closer_domain::text::Language;
use closer_store::platform::history::{Change, RecordLabel};
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
    /// Where `old` is the id of a record or a person (or a list of them): its name. Absent
    /// for other values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_label: Option<String>,
    /// Where `old` is the id of one record: the API collection it lives in (`customers`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_resource: Option<String>,
}

/// The ids a changed value holds: a single id, or a list of ids.
fn ids_in(value: &serde_json::Value) -> Vec<Uuid> {
    match value {
        serde_json::Value::String(s) => Uuid::parse_str(s).into_iter().collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(ids_in).collect(),
        _ => Vec::new(),
    }
}

/// The name and collection of a changed value that is an id (or list of ids).
fn label_of(
    value: &serde_json::Value,
    labels: &HashMap<Uuid, RecordLabel>,
    language: Language,
) -> (Option<String>, Option<String>) {
    let name = |id: &Uuid| {
        labels.get(id).map(|l| match (language, &l.name_en) {
            (Language::EnUs, Some(en)) if !en.is_empty() => en.clone(),
            _ => l.name.clone(),
        })
    };
    match value {
        serde_json::Value::String(_) => {
            let Some(id) = ids_in(value).into_iter().next() else {
                return (None, None);
            };
            (
                name(&id),
                labels
                    .get(&id)
                    .filter(|l| !l.resource.is_empty())
                    .map(|l| l.resource.to_owned()),
            )
        }
        serde_json::Value::Array(_) => {
            let ids = ids_in(value);
            let names: Vec<String> = ids.iter().filter_map(name).collect();
            if ids.is_empty() || names.is_empty() {
                (None, None)
            } else {
                (Some(names.join(", ")), None)
            }
        }
        _ => (None, None),
    }
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

/// A pooled record's phone or e-mail in a change, masked as the pool shows them.
fn masked_value(field: &str, value: serde_json::Value) -> serde_json::Value {
    match (field, &value) {
        ("phone", serde_json::Value::String(v)) => {
            closer_domain::pool::masked_contact(Some(v), None).0.into()
        }
        ("email", serde_json::Value::String(v)) => {
            closer_domain::pool::masked_contact(None, Some(v)).1.into()
        }
        _ => value,
    }
}

async fn history_of(
    state: &AppState,
    caller: &Caller,
    record_type: &str,
    id: &str,
) -> ApiResult<Json<HistoryDto>> {
    let id: Uuid = path_id(id)?;
    let dir = policy::directory(caller, state);
    // The record must exist in the caller's tenant and be visible to them. A record in a
    // pool shows its phone and e-mail masked until claimed, in its history too.
    let mut pooled = false;
    let exists = match record_type {
        "departments" => dir.store.department(id).await.map(|_| ()),
        "users" => dir.store.user(id).await.map(|_| ()),
        "roles" => dir.store.role(id).await.map(|_| ()),
        "leads" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::LeadsRead).await?;
            let lead = owned.store.lead(id).await?;
            pooled = closer_domain::pool::lead_in_pool(lead.owner_id.is_some(), &lead.status);
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
            pooled = owner.is_none();
            // A pool customer (no owner) has a history anyone who may claim it can read.
            if owned.sees(owner) && (owner.is_some() || record_type == "customers") {
                Ok(())
            } else {
                Err(closer_store::StoreError::NotFound)
            }
        }
        // An approver reads a contract's history as they read the contract.
        "contracts" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::ContractsRead).await?;
            policy::readable_contract(&owned, id).await?;
            Ok(())
        }
        // Money records: to whoever reads cash and may see the record's owner.
        "payments" | "invoices" | "refunds" | "receivables" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::CashRead).await?;
            let owner = match record_type {
                "payments" => owned.store.payment(id).await.map(|v| v.payment.owner_id),
                "invoices" => owned.store.invoice(id).await.map(|i| i.owner_id),
                "refunds" => owned.store.refund(id).await.map(|r| r.owner_id),
                _ => owned.store.receivable(id).await.map(|r| r.owner_id),
            }?;
            policy::cash_record(&owned, owner, ())?;
            Ok(())
        }
        // An order as its contract.
        "orders" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::ContractsRead).await?;
            let order = owned.store.order(id).await?;
            policy::readable_contract(&owned, order.order.contract_id).await?;
            Ok(())
        }
        // A target plan as the plan itself: to whoever reads targets.
        "target-plans" => {
            let owned =
                policy::owned(caller, state, closer_domain::org::Permission::TargetsRead).await?;
            owned.store.target_plan(id).await.map(|_| ())
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
    let entries: Vec<_> = entries
        .into_iter()
        .map(|mut e| {
            let changes = serde_json::from_value::<Vec<Change>>(std::mem::take(&mut e.changes))
                .unwrap_or_default();
            (e, changes)
        })
        .collect();
    // Every id in a change is named, whatever it points at, so a reader never sees a bare id.
    let ids: Vec<Uuid> = entries
        .iter()
        .flat_map(|(_, changes)| changes.iter())
        .flat_map(|c| ids_in(&c.old).into_iter().chain(ids_in(&c.new)))
        .collect();
    let mut labels = dir.store.record_labels(&ids).await?;
    let language = caller.language();
    // A record the reader may not see is not named, nor linked: only said to be hidden.
    for id in policy::labels::unseen(caller, state, &labels).await? {
        if let Some(label) = labels.get_mut(&id) {
            label.resource = "";
            label.name = match language {
                Language::EnUs => "(not visible to you)".into(),
                Language::ZhCn => "（无权查看）".into(),
            };
            label.name_en = None;
        }
    }
    let items = entries
        .into_iter()
        .map(|(e, changes)| HistoryEntryDto {
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
            changes: changes
                .into_iter()
                .map(|mut c| {
                    if pooled {
                        c.old = masked_value(&c.field, c.old);
                        c.new = masked_value(&c.field, c.new);
                    }
                    let (old_label, old_resource) = label_of(&c.old, &labels, language);
                    let (new_label, new_resource) = label_of(&c.new, &labels, language);
                    ChangeDto {
                        field: c.field,
                        old: c.old,
                        new: c.new,
                        old_label,
                        new_label,
                        old_resource,
                        new_resource,
                    }
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

#[utoipa::path(get, path = "/contracts/{id}/history", tag = "history", operation_id = "contract_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn contracts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "contracts", &id).await
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

#[utoipa::path(get, path = "/payments/{id}/history", tag = "history", operation_id = "payment_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn payments(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "payments", &id).await
}

#[utoipa::path(get, path = "/invoices/{id}/history", tag = "history", operation_id = "invoice_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn invoices(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "invoices", &id).await
}

#[utoipa::path(get, path = "/refunds/{id}/history", tag = "history", operation_id = "refund_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn refunds(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "refunds", &id).await
}

#[utoipa::path(get, path = "/receivables/{id}/history", tag = "history", operation_id = "receivable_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn receivables(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "receivables", &id).await
}

#[utoipa::path(get, path = "/orders/{id}/history", tag = "history", operation_id = "order_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn orders(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "orders", &id).await
}

#[utoipa::path(get, path = "/target-plans/{id}/history", tag = "history", operation_id = "target_plan_history", params(("id" = String, Path)),
    responses((status = 200, body = HistoryDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem)))]
pub async fn target_plans(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<HistoryDto>> {
    history_of(&state, &caller, "target-plans", &id).await
}
