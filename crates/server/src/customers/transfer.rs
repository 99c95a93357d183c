//! Handing customers from one owner to another: picked ones or all of them.

use axum::{extract::State, Json};
use closer_domain::{ids::parse_id, org::Permission};
use closer_store::customers::transfer::Transfer;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::ApiJson,
    platform::policy::owner_field,
    platform::policy::{self},
    platform::state::AppState,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    pub from_user_id: String,
    pub to_user_id: String,
    /// These customers of `from_user_id`…
    pub customer_ids: Option<Vec<String>>,
    /// …or all of them.
    pub all: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct Transferred {
    pub transferred: u64,
}

/// The most customers a request names; "all" has no limit.
const TRANSFER_MAX_IDS: usize = 10_000;

/// The people and customers a transfer names, every field checked.
fn parse_transfer(req: &TransferRequest) -> ApiResult<(Uuid, Uuid, Option<Vec<Uuid>>)> {
    let mut invalid = Invalid::default();
    let mut user = |field: &str, text: &str| match parse_id(text) {
        Ok(id) => Some(id),
        Err(_) => {
            invalid.push(field, "unknown_reference");
            None
        }
    };
    let from = user("from_user_id", &req.from_user_id);
    let to = user("to_user_id", &req.to_user_id);
    let ids = match (&req.customer_ids, req.all) {
        (Some(ids), None | Some(false)) if !ids.is_empty() && ids.len() <= TRANSFER_MAX_IDS => {
            let parsed: Result<Vec<Uuid>, _> = ids.iter().map(|i| parse_id(i)).collect();
            match parsed {
                Ok(v) => Some(Some(v)),
                Err(_) => {
                    invalid.push("customer_ids", "unknown_reference");
                    None
                }
            }
        }
        (None, Some(true)) => Some(None),
        (Some(ids), _) if ids.len() > TRANSFER_MAX_IDS => {
            invalid.push("customer_ids", "too_long");
            None
        }
        _ => {
            invalid.push("customer_ids", "required");
            None
        }
    };
    invalid.finish(from.zip(to).zip(ids).map(|((f, t), i)| (f, t, i)))
}

#[utoipa::path(post, path = "/customers/transfer", tag = "customers", request_body = TransferRequest,
    responses((status = 200, body = Transferred), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<TransferRequest>,
) -> ApiResult<Json<Transferred>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    owned.require(Permission::CustomersTransfer)?;
    let (from, to, ids) = parse_transfer(&req)?;
    // Both people must be in the caller's scope; the new owner must be active.
    if !owned.sees(Some(from)) {
        return Err(ApiError::field("from_user_id", "unknown_reference"));
    }
    let to = owner_field(&owned, &to.to_string())
        .await
        .map_err(|_| ApiError::field("to_user_id", "unknown_reference"))?;
    if to == from {
        return Err(ApiError::field("to_user_id", "not_allowed"));
    }
    let transferred = owned
        .store
        .transfer_customers(
            owned.actor.user_id,
            &Transfer {
                from,
                to,
                customer_ids: ids,
            },
        )
        .await?;
    Ok(Json(Transferred { transferred }))
}
