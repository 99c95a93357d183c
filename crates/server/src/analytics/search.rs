//! `GET /search?q=`: one box across leads, customers, contacts, opportunities and
//! contracts — a substring of a name, phone, e-mail or contract number, Chinese included —
//! each kind the caller may read, within their data scope, newest first.

use axum::{extract::State, Json};
use closer_domain::org::Permission;
use closer_store::analytics::search::SearchKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::ApiQuery,
    platform::policy,
    platform::state::AppState,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// What to look for: 1 to 100 characters.
    pub q: String,
    /// Records of each kind, at most (1–20, default 5).
    pub limit: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchHitDto {
    /// `lead`, `customer`, `contact`, `opportunity` or `contract`.
    pub kind: String,
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub owner_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchDto {
    pub items: Vec<SearchHitDto>,
}

fn permission(kind: SearchKind) -> Permission {
    match kind {
        SearchKind::Lead => Permission::LeadsRead,
        SearchKind::Customer | SearchKind::Contact => Permission::CustomersRead,
        SearchKind::Opportunity => Permission::OpportunitiesRead,
        SearchKind::Contract => Permission::ContractsRead,
    }
}

#[utoipa::path(get, path = "/search", tag = "analytics", params(SearchQuery),
    responses((status = 200, body = SearchDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchDto>> {
    let q = query.q.trim();
    if q.is_empty() {
        return Err(ApiError::field("q", "required"));
    }
    if q.chars().count() > 100 {
        return Err(ApiError::field("q", "too_long"));
    }
    let limit = query.limit.unwrap_or(5);
    if !(1..=20).contains(&limit) {
        return Err(ApiError::field("limit", "not_allowed"));
    }
    let kinds: Vec<SearchKind> = SearchKind::ALL
        .into_iter()
        .filter(|k| caller.actor.can(permission(*k)))
        .collect();
    let Some(first) = kinds.first() else {
        return Err(ApiError::forbidden());
    };
    // The data scope is the role's, whichever record kind it is read through.
    let mut owned = policy::owned(&caller, &state, permission(*first)).await?;
    owned.store = state.report_store(caller.actor.tenant_id);
    let mut items = Vec::new();
    for kind in kinds {
        for hit in owned
            .store
            .search(kind, q, owned.visible_owners(), limit)
            .await?
        {
            items.push(SearchHitDto {
                kind: kind.key().into(),
                id: hit.id.to_string(),
                title: hit.title,
                subtitle: hit.subtitle,
                owner_id: hit.owner_id.map(|o| o.to_string()),
            });
        }
    }
    Ok(Json(SearchDto { items }))
}
