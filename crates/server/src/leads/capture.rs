//! Web forms that capture leads: administrators make them, the public posts to them.

use std::net::SocketAddr;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, Path, State},
    http::{header, HeaderMap, StatusCode},
    Json,
};
use closer_domain::{ids::parse_id, text::Name};
use closer_store::entity::capture_form;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    leads::fields::{parse_fields, RawLeadFields},
    platform::caller::Caller,
    platform::dto::ListOf,
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{parse_json, ApiJson},
    platform::policy,
    platform::session::new_secret,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct CaptureFormDto {
    pub form_key: String,
    pub name: String,
    pub source: String,
    pub campaign_id: Option<String>,
    pub active: bool,
    /// Where the form posts.
    pub url: String,
}

fn form_dto(f: &capture_form::Model) -> CaptureFormDto {
    CaptureFormDto {
        form_key: f.form_key.clone(),
        name: f.name.clone(),
        source: f.source.clone(),
        campaign_id: f.campaign_id.map(|c| c.to_string()),
        active: f.active,
        url: format!("/api/v1/capture/{}", f.form_key),
    }
}

#[utoipa::path(get, path = "/capture-forms", tag = "leads", responses((status = 200, body = ListOf<CaptureFormDto>)))]
pub async fn list_forms(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<CaptureFormDto>>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let items = admin
        .store
        .capture_forms()
        .await?
        .iter()
        .map(form_dto)
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCaptureForm {
    pub name: String,
    /// The lead source it records; `web_form` by default.
    pub source: Option<String>,
    pub campaign_id: Option<String>,
}

#[utoipa::path(post, path = "/capture-forms", tag = "leads", request_body = NewCaptureForm,
    responses((status = 201, body = CaptureFormDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_form(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewCaptureForm>,
) -> ApiResult<(StatusCode, Json<CaptureFormDto>)> {
    let admin = policy::settings_admin(&caller, &state)?;
    let name = Name::parse(&req.name)
        .map_err(|e| ApiError::invalid("name", e))?
        .into_string();
    let campaign_id = match req.campaign_id.as_deref() {
        Some(c) => {
            let id =
                parse_id(c).map_err(|_| ApiError::field("campaign_id", "unknown_reference"))?;
            admin
                .store
                .campaign(id)
                .await
                .map_err(|_| ApiError::field("campaign_id", "unknown_reference"))?;
            Some(id)
        }
        None => None,
    };
    let form = admin
        .store
        .create_capture_form(capture_form::Model {
            form_key: new_secret()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(24)
                .collect(),
            tenant_id: caller.actor.tenant_id,
            name,
            source: req
                .source
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "web_form".into()),
            campaign_id,
            active: true,
            created_at: closer_store::now(),
        })
        .await?;
    Ok((StatusCode::CREATED, Json(form_dto(&form))))
}

/// What a web form posts. `website_url` is a honeypot: people never see it, bots fill it in.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CaptureBody {
    pub company_name: String,
    pub contact_name: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub description: Option<String>,
    pub website_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Received {
    pub received: bool,
}

#[utoipa::path(post, path = "/capture/{form_key}", tag = "leads", params(("form_key" = String, Path)), request_body = CaptureBody,
    security(()),
    responses((status = 202, body = Received), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem), (status = 429, body = crate::platform::error::Problem)))]
pub async fn capture(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(form_key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Received>)> {
    let Some(form) = state.store.capture_form(&form_key).await? else {
        return Err(ApiError::not_found());
    };
    if !state.capture_limiter.allow(
        &form_key,
        state.config.client_address(client.ip(), &headers),
    ) {
        return Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, "throttled"));
    }
    let form_encoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let req: CaptureBody = if form_encoded {
        serde_urlencoded::from_bytes(&body)
            .map_err(|_| ApiError::field("company_name", "required"))?
    } else {
        parse_json(&body)?
    };
    if req
        .website_url
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
    {
        tracing::info!(form = %form_key, "web form honeypot filled: dropped");
        return Ok((StatusCode::ACCEPTED, Json(Received { received: true })));
    }
    let mut invalid = Invalid::default();
    let raw = RawLeadFields {
        company_name: Some(req.company_name),
        contact_name: Some(req.contact_name),
        title: Some(req.title),
        phone: Some(req.phone),
        email: Some(req.email),
        province: Some(req.province),
        city: Some(req.city),
        industry: Some(req.industry),
        description: Some(req.description),
        ..Default::default()
    };
    let fields = parse_fields(&mut invalid, &raw);
    let fields = invalid.finish(fields.company_name.is_some().then_some(fields))?;
    let store = policy::background(&state, form.tenant_id);
    let now = closer_store::now();
    let mut model = crate::leads::fields::blank_lead(form.tenant_id, form.source.clone(), now);
    model.campaign_id = form.campaign_id;
    crate::leads::fields::apply_fields(&mut model, fields);
    let owned_rules: closer_domain::leads::rules::DedupeRules =
        store.setting(crate::leads::fields::DEDUPE_SETTINGS).await?;
    let found = store
        .duplicates(&closer_store::leads::dedupe::lead_keys(&model), None)
        .await?;
    let blocked = found.iter().any(|d| {
        d.found.reasons.iter().any(|r| {
            owned_rules.action(r.code(), true) == closer_domain::leads::rules::DedupeAction::Block
        })
    });
    if blocked {
        tracing::info!(form = %form_key, "web form lead blocked as a duplicate");
    } else {
        // Unrouted web leads wait in the pool.
        store.create_routed_lead(None, model, None).await?;
    }
    Ok((StatusCode::ACCEPTED, Json(Received { received: true })))
}
