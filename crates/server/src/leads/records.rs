//! Leads: create, edit, lists, duplicates, the pool, claiming, releasing, merging, converting.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    ids::parse_id,
    leads::{dedupe::DedupeKeys, status::LeadStatus},
    org::Permission,
    InvalidValue,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::leads::fields::{
    apply_fields, blank_lead, check_duplicates, duplicate_dto, lead_dto, parse_fields,
    DuplicateDto, LeadDto, RawLeadFields,
};
use crate::platform::policy::{changeable_lead, visible_lead};
use crate::{
    platform::caller::Caller,
    platform::dto::{nullable, ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{ApiJson, ApiQuery, IfMatch},
    platform::policy::owner_field,
    platform::policy::{self, Owned},
    platform::state::AppState,
};

// ----- create, read, list -----

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLead {
    pub company_name: String,
    pub contact_name: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The channel: `manual` by default; `import`, `web_form`, `api`, `campaign`, `referral`, … or your own.
    pub source: Option<String>,
    pub campaign_id: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub credit_code: Option<String>,
    /// Without it the routing rules decide, else the creator owns the lead.
    pub owner_id: Option<String>,
}

fn source_field(invalid: &mut Invalid, source: Option<&str>, default: &str) -> Option<String> {
    let s = source
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(default)
        .to_lowercase();
    if s.chars().count() > 60 {
        invalid.check::<()>("source", Err(InvalidValue::TooLong { max: 60 }));
        return None;
    }
    Some(s)
}

async fn campaign_field(owned: &Owned, text: Option<&str>) -> ApiResult<Option<Uuid>> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let id = parse_id(text).map_err(|_| ApiError::field("campaign_id", "unknown_reference"))?;
    owned
        .store
        .campaign(id)
        .await
        .map_err(|_| ApiError::field("campaign_id", "unknown_reference"))?;
    Ok(Some(id))
}

#[utoipa::path(post, path = "/leads", tag = "leads", request_body = NewLead,
    responses((status = 201, body = LeadDto), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewLead>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    owned.require(Permission::LeadsWrite)?;
    let mut invalid = Invalid::default();
    let raw = RawLeadFields {
        company_name: Some(req.company_name),
        contact_name: Some(req.contact_name),
        title: Some(req.title),
        phone: Some(req.phone),
        email: Some(req.email),
        credit_code: Some(req.credit_code),
        province: Some(req.province),
        city: Some(req.city),
        industry: Some(req.industry),
        website: Some(req.website),
        description: Some(req.description),
    };
    let fields = parse_fields(&mut invalid, &raw);
    let source = source_field(&mut invalid, req.source.as_deref(), "manual");
    let (fields, source) = invalid.finish(
        fields
            .company_name
            .is_some()
            .then_some(())
            .and(source)
            .map(|s| (fields, s)),
    )?;
    let campaign_id = campaign_field(&owned, req.campaign_id.as_deref()).await?;
    let owner = match req.owner_id.as_deref() {
        Some(o) => Some(owner_field(&owned, o).await?),
        None => None,
    };
    let now = closer_store::now();
    let mut model = blank_lead(owned.store.tenant_id(), source, now);
    model.campaign_id = campaign_id;
    model.owner_id = owner;
    model.assigned_at = owner.map(|_| now);
    model.created_by = Some(owned.actor.user_id);
    apply_fields(&mut model, fields);
    let duplicates = check_duplicates(
        &owned,
        &closer_store::leads::dedupe::lead_keys(&model),
        None,
        true,
    )
    .await?;
    let saved = if owner.is_some() {
        owned
            .store
            .create_lead(Some(owned.actor.user_id), model)
            .await?
    } else {
        owned
            .store
            .create_routed_lead(Some(owned.actor.user_id), model, Some(owned.actor.user_id))
            .await?
            .0
    };
    let mut dto = lead_dto(&saved);
    let data = serde_json::to_value(&dto).unwrap_or_default();
    crate::platform::webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "lead.created",
        data.clone(),
    )
    .await;
    if saved.owner_id.is_some() {
        crate::platform::webhooks::publish(&state, caller.actor.tenant_id, "lead.assigned", data)
            .await;
    }
    dto.duplicates = Some(duplicates.iter().map(duplicate_dto).collect());
    Ok(Versioned(saved.version, dto, StatusCode::CREATED).into_response())
}

#[utoipa::path(get, path = "/leads/{id}", tag = "leads", params(("id" = String, Path)),
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let lead = visible_lead(&owned, &id).await?;
    Ok(Versioned(lead.version, lead_dto(&lead), StatusCode::OK).into_response())
}

// ----- edit -----

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadPatch {
    pub company_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub credit_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub province: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub industry: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub source: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub campaign_id: Option<Option<String>>,
    /// `new`, `contacted`, `qualified`, `invalid` (with `invalid_reason`).
    pub status: Option<String>,
    pub invalid_reason: Option<String>,
    /// Reassign to another user in your scope.
    pub owner_id: Option<String>,
}

#[utoipa::path(patch, path = "/leads/{id}", tag = "leads", params(("id" = String, Path)), request_body = LeadPatch,
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<LeadPatch>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let before = changeable_lead(&owned, &id).await?;
    let before_assigned_at = before.assigned_at;
    let mut invalid = Invalid::default();
    let raw = RawLeadFields {
        company_name: req.company_name,
        contact_name: req.contact_name,
        title: req.title,
        phone: req.phone,
        email: req.email,
        credit_code: req.credit_code,
        province: req.province,
        city: req.city,
        industry: req.industry,
        website: req.website,
        description: req.description,
    };
    let fields = parse_fields(&mut invalid, &raw);
    let source = match req.source.as_deref() {
        Some(s) => source_field(&mut invalid, Some(s), "manual"),
        None => None,
    };
    let status = req
        .status
        .as_deref()
        .map(|s| invalid.check("status", LeadStatus::parse(s)))
        .map(|s| s.ok_or(()));
    let (fields, status) = invalid.finish(Some((fields, status)))?;
    let status = status.and_then(Result::ok);
    if let Some(to) = status {
        let from = LeadStatus::parse(&before.status).unwrap_or(LeadStatus::New);
        from.check_change(to, req.invalid_reason.as_deref())
            .map_err(|e| {
                if e.code() == "reason_required" {
                    ApiError::field("invalid_reason", "required")
                } else {
                    ApiError::conflict(e.code())
                }
            })?;
    } else if before.status == "converted" {
        return Err(ApiError::conflict("lead_converted"));
    }
    let campaign = match req.campaign_id {
        Some(c) => Some(campaign_field(&owned, c.as_deref()).await?),
        None => None,
    };
    let owner = match req.owner_id.as_deref() {
        Some(o) => Some(owner_field(&owned, o).await?),
        None => None,
    };
    let mut preview = before.clone();
    apply_fields(&mut preview, fields);
    let duplicates = check_duplicates(
        &owned,
        &closer_store::leads::dedupe::lead_keys(&preview),
        Some(before.id),
        false,
    )
    .await?;
    let now = closer_store::now();
    let reason = req.invalid_reason;
    let saved = owned
        .store
        .update_lead(
            owned.actor.user_id,
            before.id,
            version,
            "updated",
            move |l| {
                *l = preview;
                if let Some(s) = source {
                    l.source = s;
                }
                if let Some(c) = campaign {
                    l.campaign_id = c;
                }
                if let Some(s) = status {
                    l.status = s.key().into();
                    l.invalid_reason = if s == LeadStatus::Invalid {
                        reason.map(|r| r.trim().to_owned())
                    } else {
                        None
                    };
                }
                if let Some(o) = owner {
                    if l.owner_id != Some(o) {
                        l.owner_id = Some(o);
                        l.assigned_at = Some(now);
                        l.last_follow_up_at = None;
                        l.protected_until = None;
                    }
                }
                Ok(())
            },
        )
        .await?;
    let mut dto = lead_dto(&saved);
    if saved.owner_id.is_some() && saved.assigned_at != before_assigned_at {
        let data = serde_json::to_value(&dto).unwrap_or_default();
        crate::platform::webhooks::publish(&state, caller.actor.tenant_id, "lead.assigned", data)
            .await;
    }
    dto.duplicates = Some(duplicates.iter().map(duplicate_dto).collect());
    Ok(Versioned(saved.version, dto, StatusCode::OK).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DuplicateQuery {
    pub company_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub credit_code: Option<String>,
}

#[utoipa::path(get, path = "/leads/duplicates", tag = "leads", params(DuplicateQuery), responses((status = 200, body = ListOf<DuplicateDto>)))]
pub async fn duplicates(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<DuplicateQuery>,
) -> ApiResult<Json<ListOf<DuplicateDto>>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let keys = DedupeKeys::from_fields(
        q.company_name.as_deref(),
        q.phone.as_deref(),
        q.email.as_deref(),
        q.credit_code.as_deref(),
    );
    let found = owned.store.duplicates(&keys, None).await?;
    Ok(Json(ListOf {
        items: found.iter().map(duplicate_dto).collect(),
        next_cursor: None,
    }))
}

// ----- pool -----

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// The duplicate lead that merges into this one and is closed.
    pub duplicate_id: String,
}

#[utoipa::path(post, path = "/leads/{id}/merge", tag = "leads", params(("id" = String, Path)), request_body = Merge,
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Merge>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let survivor = changeable_lead(&owned, &id).await?;
    let duplicate = changeable_lead(&owned, &req.duplicate_id)
        .await
        .map_err(|e| {
            if e.status == StatusCode::NOT_FOUND {
                ApiError::field("duplicate_id", "unknown_reference")
            } else {
                e
            }
        })?;
    let saved = owned
        .store
        .merge_leads(owned.actor.user_id, survivor.id, duplicate.id)
        .await?;
    Ok(Versioned(saved.version, lead_dto(&saved), StatusCode::OK).into_response())
}

// ----- convert -----
