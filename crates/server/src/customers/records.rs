//! Customers and contacts: create, edit, list with filters and score, the duplicate checks
//! shared with leads, and moving a rep's customers to another rep.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    customers::{scoring::Grade, DecisionRole, SizeTier},
    ids::parse_id,
    org::Permission,
    text::Name,
};
use closer_store::{
    customers::records::{CustomerFilter, CustomerSort},
    customers::transfer::Transfer,
    entity::{contact, customer},
    leads::dedupe::RecordType,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    leads::records::{check_duplicates_among, parse_fields, DuplicateDto, RawLeadFields},
    platform::caller::Caller,
    platform::dto::{money_dto, money_field, MoneyDto, MoneyInput},
    platform::dto::{nullable, Count, ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    platform::policy::owner_field,
    platform::policy::{self, Owned},
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct CustomerDto {
    pub id: String,
    pub name: String,
    /// Null while the customer is in the customer pool.
    pub owner_id: Option<String>,
    pub industry: Option<String>,
    /// `micro`, `small`, `medium`, `large` or `enterprise`.
    pub size_tier: Option<String>,
    pub employee_count: Option<i32>,
    pub annual_revenue: Option<MoneyDto>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub credit_code: Option<String>,
    pub source: Option<String>,
    /// The lead this customer was converted from.
    pub lead_id: Option<String>,
    /// 0–100 by the tenant's scoring model.
    pub score: Option<i16>,
    /// A–D.
    pub grade: Option<String>,
    pub last_activity_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the customer goes back to the customer pool without a follow-up (pool on only).
    pub protected_until: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
    /// Possible duplicates, on create and edit (when the tenant's rules warn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<DuplicateDto>>,
}

#[must_use]
pub fn customer_dto(c: &customer::Model, currency: &str) -> CustomerDto {
    CustomerDto {
        id: c.id.to_string(),
        name: c.name.clone(),
        owner_id: c.owner_id.map(|o| o.to_string()),
        industry: c.industry.clone(),
        size_tier: c.size_tier.clone(),
        employee_count: c.employee_count,
        annual_revenue: c.annual_revenue_minor.map(|m| money_dto(m, currency)),
        province: c.province.clone(),
        city: c.city.clone(),
        address: c.address.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        website: c.website.clone(),
        credit_code: c.credit_code.clone(),
        source: c.source.clone(),
        lead_id: c.lead_id.map(|o| o.to_string()),
        score: c.score,
        grade: c.grade.clone(),
        last_activity_at: c.last_activity_at,
        protected_until: c.protected_until,
        created_at: c.created_at,
        updated_at: c.updated_at,
        version: c.version,
        duplicates: None,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContactDto {
    pub id: String,
    pub customer_id: Option<String>,
    pub name: String,
    pub title: Option<String>,
    pub department: Option<String>,
    /// The contact's part in the buying decision: `decision_maker`, `economic_buyer`,
    /// `influencer`, `champion`, `evaluator`, `user`, `gatekeeper` or `other`.
    pub decision_role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub owner_id: Option<String>,
    pub lead_id: Option<String>,
    pub version: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<Vec<DuplicateDto>>,
}

#[must_use]
pub fn contact_dto(c: &contact::Model) -> ContactDto {
    ContactDto {
        id: c.id.to_string(),
        customer_id: c.customer_id.map(|o| o.to_string()),
        name: c.name.clone(),
        title: c.title.clone(),
        department: c.department.clone(),
        decision_role: c.decision_role.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        owner_id: c.owner_id.map(|o| o.to_string()),
        lead_id: c.lead_id.map(|o| o.to_string()),
        version: c.version,
        duplicates: None,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub q: Option<String>,
    pub customer_id: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub count: Option<bool>,
}

/// `?customer_id=`, when given.
pub(crate) fn customer_param(q: &ListQuery) -> ApiResult<Option<Uuid>> {
    q.customer_id
        .as_deref()
        .map(|c| parse_id(c).map_err(|_| ApiError::field("customer_id", "invalid_format")))
        .transpose()
}

/// A record the caller may see: owned within their scope.
pub(crate) fn visible<T>(owned: &Owned, owner: Option<Uuid>, record: T) -> ApiResult<T> {
    if owner.is_some() && owned.sees(owner) {
        Ok(record)
    } else {
        Err(ApiError::not_found())
    }
}

/// A customer the caller may see, or 404.
pub(crate) async fn visible_customer(owned: &Owned, id: &str) -> ApiResult<customer::Model> {
    let c = owned.store.customer(path_id(id)?).await?;
    visible(owned, c.owner_id, c)
}

/// A customer the caller may change, or 404 (403 without the right).
async fn changeable_customer(owned: &Owned, id: &str) -> ApiResult<customer::Model> {
    owned.require(Permission::CustomersWrite)?;
    let c = visible_customer(owned, id).await?;
    if owned.may_change(c.owner_id) {
        Ok(c)
    } else {
        Err(ApiError::not_found())
    }
}

// ----- customers -----

/// The fields of a customer a request may set; on `PATCH`, `null` clears one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CustomerFields {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub industry: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub size_tier: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub employee_count: Option<Option<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<MoneyInput>)]
    pub annual_revenue: Option<Option<MoneyInput>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub province: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub credit_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub source: Option<Option<String>>,
    /// An active user in the caller's scope (default: the caller, on create).
    pub owner_id: Option<String>,
}

/// Checks every field a request sets and writes them onto `c`; all errors at once.
fn apply_customer_fields(
    c: &mut customer::Model,
    req: CustomerFields,
    currency: &str,
    invalid: &mut Invalid,
) {
    let raw = RawLeadFields {
        company_name: req.name,
        phone: req.phone,
        email: req.email,
        credit_code: req.credit_code,
        province: req.province,
        city: req.city,
        industry: req.industry,
        website: req.website,
        description: req.address,
        ..Default::default()
    };
    let mut fields = Invalid::default();
    let f = parse_fields(&mut fields, &raw);
    fields.rename("company_name", "name");
    fields.rename("description", "address");
    for (field, code, _) in fields.fields() {
        invalid.push(field, code);
    }
    if let Some(v) = f.company_name {
        c.name = v;
    }
    let set = |target: &mut Option<String>, v: Option<Option<String>>| {
        if let Some(v) = v {
            *target = v;
        }
    };
    set(&mut c.industry, f.industry);
    set(&mut c.province, f.province);
    set(&mut c.city, f.city);
    set(&mut c.address, f.description);
    set(&mut c.phone, f.phone);
    set(&mut c.email, f.email);
    set(&mut c.website, f.website);
    set(&mut c.credit_code, f.credit_code);
    if let Some(tier) = req.size_tier {
        c.size_tier = match tier.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => invalid
                .check("size_tier", SizeTier::parse(t))
                .map(|t| t.key().to_owned()),
        };
    }
    if let Some(n) = req.employee_count {
        match n {
            Some(n) if n < 0 => invalid.push("employee_count", "not_allowed"),
            other => c.employee_count = other,
        }
    }
    if let Some(revenue) = req.annual_revenue {
        match revenue {
            None => c.annual_revenue_minor = None,
            Some(input) => match money_field("annual_revenue", &input, currency) {
                Ok(m) if m.minor() >= 0 => c.annual_revenue_minor = Some(m.minor()),
                Ok(_) => invalid.push("annual_revenue.amount", "not_allowed"),
                Err(e) => {
                    for (field, code, _) in &e.fields {
                        invalid.push(field, code);
                    }
                }
            },
        }
    }
    if let Some(source) = req.source {
        c.source = source
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(60).collect());
    }
}

fn with_duplicates(
    mut dto: CustomerDto,
    found: &[closer_store::leads::dedupe::Duplicate],
) -> CustomerDto {
    dto.duplicates = Some(
        found
            .iter()
            .map(crate::leads::records::duplicate_dto)
            .collect(),
    );
    dto
}

#[utoipa::path(post, path = "/customers", tag = "customers", request_body = CustomerFields,
    responses((status = 201, body = CustomerDto), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_customer(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CustomerFields>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let mut invalid = Invalid::default();
    if req.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        invalid.push("name", "required");
    }
    let owner = req.owner_id.clone();
    let now = closer_store::now();
    let mut model = closer_store::customers::records::blank_customer(
        owned.store.tenant_id(),
        String::new(),
        Some(owned.actor.user_id),
        now,
    );
    apply_customer_fields(&mut model, req, &caller.tenant.currency, &mut invalid);
    invalid.finish(Some(()))?;
    if let Some(o) = owner.as_deref() {
        model.owner_id = Some(owner_field(&owned, o).await?);
    }
    let found = check_duplicates_among(
        &owned,
        &closer_store::customers::records::customer_keys(&model),
        None,
        true,
        &[RecordType::Customer],
    )
    .await?;
    let c = owned
        .store
        .create_customer(owned.actor.user_id, model)
        .await?;
    let dto = with_duplicates(customer_dto(&c, &caller.tenant.currency), &found);
    Ok(Versioned(c.version, dto, StatusCode::CREATED).into_response())
}

#[utoipa::path(patch, path = "/customers/{id}", tag = "customers", params(("id" = String, Path)), request_body = CustomerFields,
    responses((status = 200, body = CustomerDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<CustomerFields>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let before = changeable_customer(&owned, &id).await?;
    let mut invalid = Invalid::default();
    let owner = req.owner_id.clone();
    let mut after = before.clone();
    apply_customer_fields(&mut after, req, &caller.tenant.currency, &mut invalid);
    invalid.finish(Some(()))?;
    if let Some(o) = owner.as_deref() {
        after.owner_id = Some(owner_field(&owned, o).await?);
    }
    let found = if closer_store::customers::records::customer_keys(&after)
        == closer_store::customers::records::customer_keys(&before)
    {
        Vec::new()
    } else {
        check_duplicates_among(
            &owned,
            &closer_store::customers::records::customer_keys(&after),
            Some((RecordType::Customer, before.id)),
            false,
            &[RecordType::Customer],
        )
        .await?
    };
    let saved = owned
        .store
        .update_customer(owned.actor.user_id, before.id, version, |c| *c = after)
        .await?;
    let dto = with_duplicates(customer_dto(&saved, &caller.tenant.currency), &found);
    Ok(Versioned(saved.version, dto, StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/customers/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = CustomerDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let c = visible_customer(&owned, &id).await?;
    Ok(Versioned(
        c.version,
        customer_dto(&c, &caller.tenant.currency),
        StatusCode::OK,
    )
    .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerQuery {
    /// Part of the name.
    pub q: Option<String>,
    pub owner_id: Option<String>,
    pub industry: Option<String>,
    pub size_tier: Option<String>,
    pub province: Option<String>,
    /// `A`, `B`, `C` or `D` (by the tenant's cut-offs).
    pub grade: Option<String>,
    pub min_score: Option<i16>,
    pub max_score: Option<i16>,
    /// `-created_at` (default), `created_at`, `name`, `-name`, `-score`, `score`.
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub count: Option<bool>,
}

/// The list filter a query asks for, within the caller's scope.
pub(crate) async fn customer_filter(owned: &Owned, q: CustomerQuery) -> ApiResult<CustomerFilter> {
    let mut invalid = Invalid::default();
    let owner_id = match q.owner_id.as_deref() {
        None => None,
        Some(o) => match parse_id(o) {
            Ok(id) => Some(id),
            Err(_) => {
                invalid.push("owner_id", "invalid_format");
                None
            }
        },
    };
    let sort = match q.sort.as_deref() {
        None => CustomerSort::Newest,
        Some(s) => CustomerSort::parse(s).unwrap_or_else(|| {
            invalid.push("sort", "not_allowed");
            CustomerSort::Newest
        }),
    };
    let size_tier = q.size_tier.as_deref().and_then(|t| {
        invalid
            .check("size_tier", SizeTier::parse(t))
            .map(|t| t.key().to_owned())
    });
    let (mut min_score, mut max_score) = (q.min_score, q.max_score);
    for (field, v) in [("min_score", min_score), ("max_score", max_score)] {
        if v.is_some_and(|v| !(0..=100).contains(&v)) {
            invalid.push(field, "not_allowed");
        }
    }
    if let Some(g) = q.grade.as_deref() {
        if let Some(grade) = invalid.check("grade", Grade::parse(g)) {
            let model = owned.store.scoring_model().await?;
            if let Some((lo, hi)) = model.grades.score_range(grade) {
                min_score = Some(min_score.map_or(i16::from(lo), |m| m.max(i16::from(lo))));
                max_score = Some(max_score.map_or(i16::from(hi), |m| m.min(i16::from(hi))));
            }
        }
    }
    invalid.finish(Some(()))?;
    Ok(CustomerFilter {
        q: q.q,
        owner_id,
        visible_owners: owned.visible_owners().cloned(),
        industry: q.industry.filter(|s| !s.trim().is_empty()),
        size_tier,
        province: q.province.filter(|s| !s.trim().is_empty()),
        min_score,
        max_score,
        in_pool: false,
        sort,
    })
}

#[utoipa::path(get, path = "/customers", tag = "customers", params(CustomerQuery), responses((status = 200, body = ListOf<CustomerDto>)))]
pub async fn list_customers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CustomerQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let (count, page_cursor, page_limit) = (q.count, q.cursor.clone(), q.limit);
    let filter = customer_filter(&owned, q).await?;
    if count == Some(true) {
        return Ok(Json(Count {
            count: owned.store.count_customer_page(&filter).await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .customer_page(&filter, cursor(page_cursor.as_deref())?, limit(page_limit)?)
        .await?;
    Ok(Json(ListOf {
        items: page
            .items
            .iter()
            .map(|c| customer_dto(c, &caller.tenant.currency))
            .collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}

// ----- transfer -----

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

// ----- contacts -----

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactFields {
    /// Required on create.
    pub customer_id: Option<String>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub department: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub decision_role: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
}

fn apply_contact_fields(c: &mut contact::Model, req: ContactFields, invalid: &mut Invalid) {
    if let Some(name) = &req.name {
        if let Some(n) = invalid.check("name", Name::parse(name)) {
            c.name = n.into_string();
        }
    }
    let raw = RawLeadFields {
        title: req.title,
        phone: req.phone,
        email: req.email,
        industry: req.department,
        ..Default::default()
    };
    let mut fields = Invalid::default();
    let f = parse_fields(&mut fields, &raw);
    fields.rename("industry", "department");
    for (field, code, _) in fields.fields() {
        invalid.push(field, code);
    }
    if let Some(v) = f.title {
        c.title = v;
    }
    if let Some(v) = f.industry {
        c.department = v;
    }
    if let Some(v) = f.phone {
        c.phone = v;
    }
    if let Some(v) = f.email {
        c.email = v;
    }
    if let Some(role) = req.decision_role {
        c.decision_role = match role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(r) => invalid
                .check("decision_role", DecisionRole::parse(r))
                .map(|r| r.key().to_owned()),
        };
    }
}

#[utoipa::path(post, path = "/contacts", tag = "customers", request_body = ContactFields,
    responses((status = 201, body = ContactDto), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_contact(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<ContactFields>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let mut invalid = Invalid::default();
    if req.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        invalid.push("name", "required");
    }
    let customer = match req.customer_id.as_deref() {
        None => {
            invalid.push("customer_id", "required");
            None
        }
        Some(id) => match visible_customer(&owned, id).await {
            Ok(c) if owned.may_change(c.owner_id) => Some(c),
            _ => {
                invalid.push("customer_id", "unknown_reference");
                None
            }
        },
    };
    let mut model = closer_store::customers::contacts::blank_contact(
        owned.store.tenant_id(),
        String::new(),
        customer.as_ref().and_then(|c| c.owner_id),
        closer_store::now(),
    );
    model.customer_id = customer.as_ref().map(|c| c.id);
    apply_contact_fields(&mut model, req, &mut invalid);
    invalid.finish(customer)?;
    let found = check_duplicates_among(
        &owned,
        &closer_store::customers::contacts::contact_keys(&model),
        None,
        true,
        &[RecordType::Contact],
    )
    .await?;
    let c = owned
        .store
        .create_contact(owned.actor.user_id, model)
        .await?;
    let mut dto = contact_dto(&c);
    dto.duplicates = Some(
        found
            .iter()
            .map(crate::leads::records::duplicate_dto)
            .collect(),
    );
    Ok(Versioned(c.version, dto, StatusCode::CREATED).into_response())
}

#[utoipa::path(patch, path = "/contacts/{id}", tag = "customers", params(("id" = String, Path)), request_body = ContactFields,
    responses((status = 200, body = ContactDto), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<ContactFields>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let before = owned.store.contact(path_id(&id)?).await?;
    let before = visible(&owned, before.owner_id, before)?;
    if !owned.may_change(before.owner_id) {
        return Err(ApiError::not_found());
    }
    let mut invalid = Invalid::default();
    if req.customer_id.is_some() {
        invalid.push("customer_id", "not_allowed");
    }
    let mut after = before.clone();
    apply_contact_fields(&mut after, req, &mut invalid);
    invalid.finish(Some(()))?;
    let saved = owned
        .store
        .update_contact(owned.actor.user_id, before.id, version, |c| *c = after)
        .await?;
    Ok(Versioned(saved.version, contact_dto(&saved), StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/contacts/{id}", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = ContactDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let c = owned.store.contact(path_id(&id)?).await?;
    let c = visible(&owned, c.owner_id, c)?;
    Ok(Versioned(c.version, contact_dto(&c), StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/contacts", tag = "customers", params(ListQuery), responses((status = 200, body = ListOf<ContactDto>)))]
pub async fn list_contacts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<ListOf<ContactDto>>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let customer = customer_param(&q)?;
    let page = owned
        .store
        .contacts(
            customer,
            owned.visible_owners(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(contact_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}
