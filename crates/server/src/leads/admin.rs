//! What shapes lead work: campaigns, assignment rules, pool and duplicate settings, and the
//! recycling job that returns neglected leads to the pool.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    ids::parse_id,
    leads::{routing::Conditions, rules::DedupeRules},
    money::Money,
    org::Permission,
    pool::PoolSettings,
    text::Name,
};
use closer_store::entity::{assignment_rule, campaign};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    leads::fields::DEDUPE_SETTINGS,
    platform::caller::Caller,
    platform::dto::{money_dto, money_field, MoneyDto, MoneyInput},
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson, IfMatch},
    platform::policy,
    platform::state::AppState,
};

// ----- campaigns -----

#[derive(Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: String,
    pub name: String,
    pub channel: Option<String>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub cost: MoneyDto,
    pub version: i32,
}

fn campaign_dto(c: &campaign::Model) -> CampaignDto {
    CampaignDto {
        id: c.id.to_string(),
        name: c.name.clone(),
        channel: c.channel.clone(),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        cost: money_dto(c.cost_minor, &c.currency),
        version: c.version,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    pub name: String,
    pub channel: Option<String>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub cost: Option<MoneyInput>,
}

#[utoipa::path(get, path = "/campaigns", tag = "leads", responses((status = 200, body = ListOf<CampaignDto>)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<CampaignDto>>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let items = owned
        .store
        .campaigns()
        .await?
        .iter()
        .map(campaign_dto)
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/campaigns", tag = "leads", request_body = NewCampaign,
    responses((status = 201, body = CampaignDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewCampaign>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    owned.require(Permission::CampaignsManage)?;
    let name = Name::parse(&req.name)
        .map_err(|e| ApiError::invalid("name", e))?
        .into_string();
    if let (Some(s), Some(e)) = (req.starts_on, req.ends_on) {
        if e < s {
            return Err(ApiError::field("ends_on", "not_allowed"));
        }
    }
    let cost = match &req.cost {
        Some(c) => money_field("cost", c, &caller.tenant.currency)?,
        None => Money::from_minor(
            0,
            closer_domain::money::Currency::parse(&caller.tenant.currency)
                .map_err(|_| ApiError::internal())?,
        ),
    };
    let now = closer_store::now();
    let c = owned
        .store
        .create_campaign(
            owned.actor.user_id,
            campaign::Model {
                tenant_id: owned.store.tenant_id(),
                id: closer_domain::ids::new_id(),
                name,
                channel: req
                    .channel
                    .map(|c| c.trim().to_lowercase())
                    .filter(|c| !c.is_empty()),
                starts_on: req.starts_on,
                ends_on: req.ends_on,
                cost_minor: cost.minor(),
                currency: cost.currency().code().to_owned(),
                created_at: now,
                updated_at: now,
                version: 1,
            },
        )
        .await?;
    Ok(Versioned(c.version, campaign_dto(&c), StatusCode::CREATED).into_response())
}

#[utoipa::path(get, path = "/campaigns/{id}", tag = "leads", params(("id" = String, Path)),
    responses((status = 200, body = CampaignDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let c = owned.store.campaign(path_id(&id)?).await?;
    Ok(Versioned(c.version, campaign_dto(&c), StatusCode::OK).into_response())
}

// ----- assignment rules -----

#[derive(Serialize, ToSchema)]
pub struct AssignmentRuleDto {
    pub id: String,
    pub name: String,
    /// Rules are tried in ascending position.
    pub position: i32,
    pub active: bool,
    /// `{"provinces": [], "industries": [], "sources": [], "campaign_ids": []}`; an empty list matches anything.
    #[schema(value_type = Object)]
    pub conditions: serde_json::Value,
    /// A named user, or null for round-robin in `group_user_ids`.
    pub target_user_id: Option<String>,
    pub group_user_ids: Vec<String>,
    pub version: i32,
}

fn rule_dto(r: &assignment_rule::Model) -> AssignmentRuleDto {
    AssignmentRuleDto {
        id: r.id.to_string(),
        name: r.name.clone(),
        position: r.position,
        active: r.active,
        conditions: r.conditions.clone(),
        target_user_id: r.target_user_id.map(|u| u.to_string()),
        group_user_ids: serde_json::from_value::<Vec<Uuid>>(r.group_user_ids.clone())
            .unwrap_or_default()
            .iter()
            .map(Uuid::to_string)
            .collect(),
        version: r.version,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleInput {
    pub name: Option<String>,
    pub position: Option<i32>,
    pub active: Option<bool>,
    #[schema(value_type = Option<Object>)]
    pub conditions: Option<serde_json::Value>,
    pub target_user_id: Option<String>,
    pub group_user_ids: Option<Vec<String>>,
}

async fn active_user(
    store: &closer_store::TenantStore,
    field: &str,
    text: &str,
) -> ApiResult<Uuid> {
    let id = parse_id(text).map_err(|_| ApiError::field(field, "unknown_reference"))?;
    match store.user(id).await {
        Ok(u) if u.active => Ok(u.id),
        _ => Err(ApiError::field(field, "unknown_reference")),
    }
}

async fn rule_fields(
    store: &closer_store::TenantStore,
    req: &RuleInput,
    r: &mut assignment_rule::Model,
) -> ApiResult<()> {
    if let Some(n) = &req.name {
        r.name = Name::parse(n)
            .map_err(|e| ApiError::invalid("name", e))?
            .into_string();
    }
    if let Some(p) = req.position {
        r.position = p;
    }
    if let Some(a) = req.active {
        r.active = a;
    }
    if let Some(c) = &req.conditions {
        let parsed: Conditions = serde_json::from_value(c.clone())
            .map_err(|_| ApiError::field("conditions", "invalid_format"))?;
        r.conditions = serde_json::to_value(parsed).map_err(|_| ApiError::internal())?;
    }
    if let Some(t) = &req.target_user_id {
        r.target_user_id = Some(active_user(store, "target_user_id", t).await?);
        r.group_user_ids = serde_json::json!([]);
    }
    if let Some(group) = &req.group_user_ids {
        let mut ids = Vec::new();
        for (i, g) in group.iter().enumerate() {
            let id = active_user(store, &format!("group_user_ids[{i}]"), g).await?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            return Err(ApiError::field("group_user_ids", "required"));
        }
        r.group_user_ids = serde_json::json!(ids);
        r.target_user_id = None;
        r.next_turn = 0;
    }
    Ok(())
}

#[utoipa::path(get, path = "/assignment-rules", tag = "leads", responses((status = 200, body = ListOf<AssignmentRuleDto>)))]
pub async fn list_rules(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<AssignmentRuleDto>>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let items = owned
        .store
        .assignment_rules()
        .await?
        .iter()
        .map(rule_dto)
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/assignment-rules", tag = "leads", request_body = RuleInput,
    responses((status = 201, body = AssignmentRuleDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_rule(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<RuleInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    if req.name.is_none() {
        return Err(ApiError::field("name", "required"));
    }
    if req.target_user_id.is_none() && req.group_user_ids.is_none() {
        return Err(ApiError::field("target_user_id", "required"));
    }
    let now = closer_store::now();
    let position = admin
        .store
        .assignment_rules()
        .await?
        .iter()
        .map(|r| r.position)
        .max()
        .unwrap_or(0)
        + 10;
    let mut rule = assignment_rule::Model {
        tenant_id: admin.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        name: String::new(),
        position,
        active: true,
        conditions: serde_json::json!(Conditions::default()),
        target_user_id: None,
        group_user_ids: serde_json::json!([]),
        next_turn: 0,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    rule_fields(&admin.store, &req, &mut rule).await?;
    let r = admin
        .store
        .create_assignment_rule(admin.actor, rule)
        .await?;
    Ok(Versioned(r.version, rule_dto(&r), StatusCode::CREATED).into_response())
}

#[utoipa::path(patch, path = "/assignment-rules/{id}", tag = "leads", params(("id" = String, Path)), request_body = RuleInput,
    responses((status = 200, body = AssignmentRuleDto), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn update_rule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<RuleInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let mut draft = admin.store.assignment_rule(path_id(&id)?).await?;
    rule_fields(&admin.store, &req, &mut draft).await?;
    let r = admin
        .store
        .update_assignment_rule(admin.actor, draft.id, version, move |r| *r = draft)
        .await?;
    Ok(Versioned(r.version, rule_dto(&r), StatusCode::OK).into_response())
}

// ----- settings -----

/// The lead settings of a tenant.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadSettings {
    /// Pool rules: `recycle_days` (N), `max_protect_days`, `warn_days`, `cooldown_days` (M), `daily_claims`, `max_held`.
    #[schema(value_type = Object)]
    pub pool: serde_json::Value,
    /// For each of `company`, `phone`, `email`, `credit_code`: `{"on_create", "on_update"}` each `off`, `warn` or `block`.
    #[schema(value_type = Object)]
    pub dedupe: serde_json::Value,
}

#[utoipa::path(get, path = "/settings/leads", tag = "leads", responses((status = 200, body = LeadSettings)))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<LeadSettings>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let pool: PoolSettings = owned
        .store
        .setting(closer_store::platform::pool::LEAD_POOL)
        .await?;
    let dedupe: DedupeRules = owned.store.setting(DEDUPE_SETTINGS).await?;
    Ok(Json(LeadSettings {
        pool: serde_json::to_value(pool).map_err(|_| ApiError::internal())?,
        dedupe: serde_json::to_value(dedupe).map_err(|_| ApiError::internal())?,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadSettingsPatch {
    #[schema(value_type = Option<Object>)]
    pub pool: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub dedupe: Option<serde_json::Value>,
}

#[utoipa::path(patch, path = "/settings/leads", tag = "leads", request_body = LeadSettingsPatch,
    responses((status = 200, body = LeadSettings), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_settings(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<LeadSettingsPatch>,
) -> ApiResult<Json<LeadSettings>> {
    let admin = policy::settings_admin(&caller, &state)?;
    if let Some(p) = req.pool {
        let mut merged = serde_json::to_value(
            admin
                .store
                .setting::<PoolSettings>(closer_store::platform::pool::LEAD_POOL)
                .await?,
        )
        .map_err(|_| ApiError::internal())?;
        merge(&mut merged, p);
        let pool: PoolSettings = crate::platform::extract::parse_json(
            &serde_json::to_vec(&merged).map_err(|_| ApiError::internal())?,
        )
        .map_err(|e| prefix(e, "pool"))?;
        pool.check()
            .map_err(|field| ApiError::field(&format!("pool.{field}"), "not_allowed"))?;
        admin
            .store
            .save_setting(admin.actor, closer_store::platform::pool::LEAD_POOL, &pool)
            .await?;
    }
    if let Some(d) = req.dedupe {
        let mut merged =
            serde_json::to_value(admin.store.setting::<DedupeRules>(DEDUPE_SETTINGS).await?)
                .map_err(|_| ApiError::internal())?;
        merge(&mut merged, d);
        let rules: DedupeRules = crate::platform::extract::parse_json(
            &serde_json::to_vec(&merged).map_err(|_| ApiError::internal())?,
        )
        .map_err(|e| prefix(e, "dedupe"))?;
        admin
            .store
            .save_setting(admin.actor, DEDUPE_SETTINGS, &rules)
            .await?;
    }
    get_settings(State(state), caller).await
}

/// Overlays `patch` on `base`, object by object.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, p) => *b = p,
    }
}

fn prefix(mut e: ApiError, with: &str) -> ApiError {
    for f in &mut e.fields {
        f.0 = if f.0.is_empty() {
            with.to_owned()
        } else {
            format!("{with}.{}", f.0)
        };
    }
    e
}
