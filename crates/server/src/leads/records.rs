//! Leads: create, edit, lists, duplicates, the pool, claiming, releasing, merging, converting.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    ids::parse_id,
    leads::{
        dedupe::{mask_email, mask_phone, normalize_phone, CreditCode, DedupeKeys},
        rules::{DedupeAction, DedupeRules},
        status::LeadStatus,
    },
    org::Permission,
    text::{EmailAddress, Name},
    InvalidValue,
};
use closer_store::{
    entity::lead,
    leads::dedupe::{Duplicate, RecordType},
    leads::records::{LeadFilter, LeadSort},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    platform::caller::Caller,
    platform::dto::{nullable, Count, ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    platform::policy::{self, Owned},
    platform::state::AppState,
    platform::{calendar::day_start, policy::owner_field},
};

pub const DEDUPE_SETTINGS: &str = "dedupe_rules";

#[derive(Serialize, ToSchema)]
pub struct DuplicateDto {
    /// `lead`, `contact` or `customer`.
    pub record_type: String,
    pub id: String,
    pub name: String,
    /// 0–100.
    pub score: u8,
    /// `same_credit_code`, `same_phone`, `same_email`, `same_company`, `similar_company`.
    pub reasons: Vec<String>,
}

#[must_use]
pub fn duplicate_dto(d: &Duplicate) -> DuplicateDto {
    DuplicateDto {
        record_type: d.record_type.key().to_owned(),
        id: d.id.to_string(),
        name: d.name.clone(),
        score: d.found.score,
        reasons: d
            .found
            .reasons
            .iter()
            .map(|r| r.code().to_owned())
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct LeadDto {
    pub id: String,
    pub company_name: String,
    pub contact_name: Option<String>,
    pub title: Option<String>,
    /// E.164; masked (`131****6789`) while the lead is in the pool.
    pub phone: Option<String>,
    /// Masked (`z***@***.cn`) while the lead is in the pool.
    pub email: Option<String>,
    pub source: String,
    pub campaign_id: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub credit_code: Option<String>,
    /// `new`, `contacted`, `qualified`, `converted`, `invalid`.
    pub status: String,
    pub invalid_reason: Option<String>,
    /// Null while the lead is in the pool.
    pub owner_id: Option<String>,
    pub in_pool: bool,
    pub assigned_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_follow_up_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the pool takes the lead back unless it is followed up.
    pub protected_until: Option<chrono::DateTime<chrono::Utc>>,
    pub customer_id: Option<String>,
    pub contact_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub merged_into_id: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
    /// Duplicates found when the lead was created or changed (warnings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<DuplicateDto>>,
}

fn id_str(id: Option<Uuid>) -> Option<String> {
    id.map(|i| i.to_string())
}

#[must_use]
pub fn lead_dto(l: &lead::Model) -> LeadDto {
    let in_pool =
        l.owner_id.is_none() && LeadStatus::parse(&l.status).is_ok_and(LeadStatus::is_open);
    LeadDto {
        id: l.id.to_string(),
        company_name: l.company_name.clone(),
        contact_name: l.contact_name.clone(),
        title: l.title.clone(),
        phone: if in_pool {
            l.phone.as_deref().map(mask_phone)
        } else {
            l.phone.clone()
        },
        email: if in_pool {
            l.email.as_deref().map(mask_email)
        } else {
            l.email.clone()
        },
        source: l.source.clone(),
        campaign_id: id_str(l.campaign_id),
        province: l.province.clone(),
        city: l.city.clone(),
        industry: l.industry.clone(),
        website: l.website.clone(),
        description: l.description.clone(),
        credit_code: l.credit_code.clone(),
        status: l.status.clone(),
        invalid_reason: l.invalid_reason.clone(),
        owner_id: id_str(l.owner_id),
        in_pool,
        assigned_at: l.assigned_at,
        last_follow_up_at: l.last_follow_up_at,
        protected_until: l.protected_until,
        customer_id: id_str(l.customer_id),
        contact_id: id_str(l.contact_id),
        opportunity_id: id_str(l.opportunity_id),
        merged_into_id: id_str(l.merged_into_id),
        created_at: l.created_at,
        updated_at: l.updated_at,
        version: l.version,
        duplicates: None,
    }
}

/// The fields of a lead as typed, validated together.
#[derive(Default)]
pub struct LeadFields {
    pub company_name: Option<String>,
    pub contact_name: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub credit_code: Option<Option<String>>,
    pub province: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub website: Option<Option<String>>,
    pub description: Option<Option<String>>,
}

fn optional_text(
    invalid: &mut Invalid,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<Option<String>> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None => Some(None),
        Some(v) if v.chars().count() > max => {
            invalid.check::<()>(field, Err(InvalidValue::TooLong { max }));
            None
        }
        Some(v) => Some(Some(v.to_owned())),
    }
}

/// Parses typed lead fields; `None` in the input leaves a field untouched (for PATCH), so
/// callers pass `Some(None)` to clear.
pub fn parse_fields(invalid: &mut Invalid, raw: &RawLeadFields) -> LeadFields {
    let mut out = LeadFields::default();
    if let Some(name) = &raw.company_name {
        out.company_name = invalid
            .check("company_name", Name::parse(name))
            .map(Name::into_string);
    }
    let text = |inv: &mut Invalid,
                field: &str,
                v: &Option<Option<String>>,
                max: usize|
     -> Option<Option<String>> {
        v.as_ref()
            .and_then(|v| optional_text(inv, field, v.as_deref(), max))
    };
    out.contact_name = text(invalid, "contact_name", &raw.contact_name, 100);
    out.title = text(invalid, "title", &raw.title, 100);
    out.province = text(invalid, "province", &raw.province, 60);
    out.city = text(invalid, "city", &raw.city, 60);
    out.industry = text(invalid, "industry", &raw.industry, 100);
    out.website = text(invalid, "website", &raw.website, 500);
    out.description = text(invalid, "description", &raw.description, 5000);
    if let Some(phone) = &raw.phone {
        out.phone = match phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => Some(None),
            Some(p) => invalid.check("phone", normalize_phone(p)).map(Some),
        };
    }
    if let Some(email) = &raw.email {
        out.email = match email.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => Some(None),
            Some(e) => invalid
                .check("email", EmailAddress::parse(e))
                .map(|e| Some(e.to_string())),
        };
    }
    if let Some(code) = &raw.credit_code {
        out.credit_code = match code.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => Some(None),
            Some(c) => invalid
                .check("credit_code", CreditCode::parse(c))
                .map(|c| Some(c.as_str().to_owned())),
        };
    }
    out
}

/// Raw text fields of a lead, as create and PATCH bodies carry them.
#[derive(Default)]
pub struct RawLeadFields {
    pub company_name: Option<String>,
    pub contact_name: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub credit_code: Option<Option<String>>,
    pub province: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub website: Option<Option<String>>,
    pub description: Option<Option<String>>,
}

/// Writes parsed fields onto a lead.
pub fn apply_fields(l: &mut lead::Model, f: LeadFields) {
    if let Some(v) = f.company_name {
        l.company_name = v;
    }
    macro_rules! set {
        ($($name:ident),*) => { $( if let Some(v) = f.$name { l.$name = v; } )* };
    }
    set!(
        contact_name,
        title,
        phone,
        email,
        credit_code,
        province,
        city,
        industry,
        website,
        description
    );
}

/// Looks up duplicates and applies the tenant's rules: block → 409 naming the matching
/// fields; warn → the duplicates to show.
pub async fn check_duplicates(
    owned: &Owned,
    keys: &DedupeKeys,
    exclude: Option<Uuid>,
    creating: bool,
) -> ApiResult<Vec<Duplicate>> {
    check_duplicates_among(
        owned,
        keys,
        exclude.map(|id| (RecordType::Lead, id)),
        creating,
        &[RecordType::Lead, RecordType::Contact, RecordType::Customer],
    )
    .await
}

/// As [`check_duplicates`], for a record of any kind, among records of the given kinds (a
/// new customer is a duplicate of a customer, not of a lead that may become it).
pub async fn check_duplicates_among(
    owned: &Owned,
    keys: &DedupeKeys,
    exclude: Option<(RecordType, Uuid)>,
    creating: bool,
    among: &[RecordType],
) -> ApiResult<Vec<Duplicate>> {
    let mut found = owned.store.duplicates(keys, exclude).await?;
    found.retain(|d| among.contains(&d.record_type));
    let rules: DedupeRules = owned.store.setting(DEDUPE_SETTINGS).await?;
    let mut blocked = ApiError::conflict("duplicate_blocked");
    let mut block = false;
    for d in &found {
        for reason in &d.found.reasons {
            if rules.action(reason.code(), creating) == DedupeAction::Block {
                block = true;
                let field = match reason.code() {
                    "same_credit_code" => "credit_code",
                    "same_phone" => "phone",
                    "same_email" => "email",
                    _ => "company_name",
                };
                if !blocked.fields.iter().any(|(f, _, _)| f == field) {
                    blocked = blocked.with_field(field, "duplicate", None);
                }
            }
        }
    }
    if block {
        return Err(blocked);
    }
    Ok(found
        .into_iter()
        .filter(|d| {
            d.found
                .reasons
                .iter()
                .any(|r| rules.action(r.code(), creating) != DedupeAction::Off)
        })
        .collect())
}

/// A new lead with nothing but its source, to fill in.
#[must_use]
pub fn blank_lead(
    tenant_id: Uuid,
    source: String,
    now: chrono::DateTime<chrono::Utc>,
) -> lead::Model {
    lead::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        company_name: String::new(),
        contact_name: None,
        title: None,
        phone: None,
        email: None,
        source,
        campaign_id: None,
        province: None,
        city: None,
        industry: None,
        website: None,
        description: None,
        credit_code: None,
        external_id: None,
        status: "new".into(),
        invalid_reason: None,
        owner_id: None,
        assigned_at: None,
        last_follow_up_at: None,
        protected_until: None,
        warned_at: None,
        converted_at: None,
        customer_id: None,
        contact_id: None,
        opportunity_id: None,
        merged_into_id: None,
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

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
    dto.duplicates = Some(duplicates.iter().map(duplicate_dto).collect());
    Ok(Versioned(saved.version, dto, StatusCode::CREATED).into_response())
}

/// A lead the caller may see (404 otherwise).
pub async fn visible_lead(owned: &Owned, id: &str) -> ApiResult<lead::Model> {
    let lead = owned.store.lead(path_id(id)?).await?;
    if !owned.sees(lead.owner_id) {
        return Err(ApiError::not_found());
    }
    Ok(lead)
}

/// A lead the caller may change (404 when not visible, 409 `lead_in_pool` for a pool lead
/// they must claim first).
pub async fn changeable_lead(owned: &Owned, id: &str) -> ApiResult<lead::Model> {
    owned.require(Permission::LeadsWrite)?;
    let lead = visible_lead(owned, id).await?;
    if !owned.may_change(lead.owner_id) {
        return Err(ApiError::conflict("lead_in_pool"));
    }
    Ok(lead)
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LeadQuery {
    /// Part of the company, contact, phone or e-mail.
    pub q: Option<String>,
    pub status: Option<String>,
    pub source: Option<String>,
    pub campaign_id: Option<String>,
    pub owner_id: Option<String>,
    /// `-created_at` (newest first, the default), `created_at`, `company_name`,
    /// `-company_name`, `updated_at` or `-updated_at`.
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub count: Option<bool>,
    /// `csv` or `xlsx` downloads every matching lead instead of a page.
    pub format: Option<String>,
}

/// The columns of a lead export, in the order the import recognises them back.
pub const EXPORT_COLUMNS: [&str; 15] = [
    "id",
    "company_name",
    "contact_name",
    "title",
    "phone",
    "email",
    "source",
    "province",
    "city",
    "industry",
    "website",
    "credit_code",
    "status",
    "owner",
    "created_at",
];

/// The file formats leads export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, so Excel opens Chinese text right.
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// `csv` or `xlsx`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// Every lead matching the filter, as a CSV or XLSX file.
///
/// # Errors
/// When the database fails.
pub async fn export_leads(
    store: &closer_store::TenantStore,
    filter: &LeadFilter,
    format: ExportFormat,
) -> ApiResult<Vec<u8>> {
    let users: std::collections::HashMap<Uuid, String> = store
        .users(
            &closer_store::org::directory::UserFilter::default(),
            None,
            100_000,
        )
        .await?
        .items
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let mut rows = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.leads(filter, cursor, 500).await?;
        for l in &page.items {
            let o = |v: &Option<String>| v.clone().unwrap_or_default();
            rows.push(vec![
                l.id.to_string(),
                l.company_name.clone(),
                o(&l.contact_name),
                o(&l.title),
                o(&l.phone),
                o(&l.email),
                l.source.clone(),
                o(&l.province),
                o(&l.city),
                o(&l.industry),
                o(&l.website),
                o(&l.credit_code),
                l.status.clone(),
                l.owner_id
                    .and_then(|u| users.get(&u).cloned())
                    .unwrap_or_default(),
                l.created_at.to_rfc3339(),
            ]);
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    match format {
        ExportFormat::Csv => {
            let mut out = Vec::new();
            crate::platform::import_file::write_csv(&mut out, &EXPORT_COLUMNS, rows.into_iter())
                .map_err(|_| ApiError::internal())?;
            Ok(out)
        }
        ExportFormat::Xlsx => {
            crate::platform::import_file::write_xlsx("leads", &EXPORT_COLUMNS, &rows)
                .map_err(|_| ApiError::internal())
        }
    }
}

async fn export_response(
    owned: &Owned,
    filter: &LeadFilter,
    format: ExportFormat,
) -> ApiResult<Response> {
    let out = export_leads(&owned.store, filter, format).await?;
    let disposition = format!("attachment; filename=\"leads.{}\"", format.extension());
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                format.content_type().to_owned(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        out,
    )
        .into_response())
}

#[utoipa::path(get, path = "/leads", tag = "leads", params(LeadQuery), responses((status = 200, body = ListOf<LeadDto>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LeadQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let status = q
        .status
        .as_deref()
        .map(|s| LeadStatus::parse(s).map(|s| s.key().to_owned()))
        .transpose()
        .map_err(|e| ApiError::invalid("status", e))?;
    let id_param = |field: &str, v: Option<&str>| -> ApiResult<Option<Uuid>> {
        v.map(|v| parse_id(v).map_err(|_| ApiError::field(field, "invalid_format")))
            .transpose()
    };
    let sort = match q.sort.as_deref() {
        None => LeadSort::Newest,
        Some(text) => {
            LeadSort::parse(text).ok_or_else(|| ApiError::field("sort", "not_allowed"))?
        }
    };
    let filter = LeadFilter {
        q: q.q,
        status,
        source: q.source.map(|s| s.to_lowercase()),
        campaign_id: id_param("campaign_id", q.campaign_id.as_deref())?,
        owner_id: id_param("owner_id", q.owner_id.as_deref())?,
        visible_owners: owned.visible_owners().cloned(),
        sort,
        // Whoever sees the whole tenant exports the pool too.
        include_pool: q.format.is_some() && owned.visible_owners().is_none(),
    };
    if q.count == Some(true) {
        return Ok(Json(Count {
            count: owned.store.count_leads(&filter).await?,
        })
        .into_response());
    }
    match q.format.as_deref() {
        None | Some("json") => {}
        Some(text) => {
            let format = ExportFormat::parse(text)
                .ok_or_else(|| ApiError::field("format", "not_allowed"))?;
            return export_response(&owned, &filter, format).await;
        }
    }
    let page = owned
        .store
        .leads(&filter, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    let items = page.items.iter().map(lead_dto).collect();
    Ok(Json(ListOf {
        items,
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PoolQuery {
    pub q: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/lead-pool", tag = "leads", params(PoolQuery), responses((status = 200, body = ListOf<LeadDto>)))]
pub async fn pool(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PoolQuery>,
) -> ApiResult<Json<ListOf<LeadDto>>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let page = owned
        .store
        .pool(
            q.q.as_deref(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(lead_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

/// A rep's use of the pool's limits, for the pool page.
#[derive(Serialize, ToSchema)]
pub struct ClaimQuotaDto {
    pub claimed_today: u64,
    pub daily_limit: u64,
    pub held: u64,
    pub max_held: u64,
}

#[utoipa::path(get, path = "/lead-pool/quota", tag = "leads", responses((status = 200, body = ClaimQuotaDto)))]
pub async fn pool_quota(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ClaimQuotaDto>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let now = closer_store::now();
    let q = owned
        .store
        .claim_quota(
            owned.actor.user_id,
            day_start(&caller.tenant.time_zone, now),
        )
        .await?;
    Ok(Json(ClaimQuotaDto {
        claimed_today: q.claimed_today,
        daily_limit: q.daily_limit,
        held: q.held,
        max_held: q.max_held,
    }))
}

#[utoipa::path(post, path = "/leads/{id}/claim", tag = "leads", params(("id" = String, Path)),
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    owned.require(Permission::LeadsWrite)?;
    // A lead someone else holds is "held", even when the claimer cannot see it: claims race.
    let lead = owned.store.lead(path_id(&id)?).await?;
    let now = closer_store::now();
    let saved = owned
        .store
        .claim_lead(
            owned.actor.user_id,
            lead.id,
            now,
            day_start(&caller.tenant.time_zone, now),
        )
        .await?;
    Ok(Versioned(saved.version, lead_dto(&saved), StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub reason: String,
}

#[utoipa::path(post, path = "/leads/{id}/release", tag = "leads", params(("id" = String, Path)), request_body = Release,
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Release>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let lead = changeable_lead(&owned, &id).await?;
    let reason = Name::parse(&req.reason).map_err(|e| ApiError::invalid("reason", e))?;
    if lead.owner_id.is_none() {
        return Err(ApiError::conflict("lead_not_held"));
    }
    let saved = owned
        .store
        .release_lead(
            Some(owned.actor.user_id),
            lead.id,
            reason.as_str(),
            closer_store::now(),
            "released",
        )
        .await?;
    Ok(Versioned(saved.version, lead_dto(&saved), StatusCode::OK).into_response())
}

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
