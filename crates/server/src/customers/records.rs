//! Customers and contacts: create, edit, list with filters and score, the duplicate checks
//! shared with leads, and moving a rep's customers to another rep.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    customers::{scoring::Grade, SizeTier},
    ids::parse_id,
    org::Permission,
};
use closer_store::{
    customers::records::{CustomerFilter, CustomerSort},
    entity::customer,
    leads::dedupe::RecordType,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::platform::policy::changeable_customer;
use crate::{
    leads::fields::{check_duplicates_among, parse_fields, DuplicateDto, RawLeadFields},
    platform::caller::Caller,
    platform::dto::{money_dto, money_field, MoneyDto, MoneyInput},
    platform::dto::{nullable, Count, ListOf, Versioned},
    platform::error::{ApiResult, Invalid},
    platform::extract::{cursor, limit, ApiJson, ApiQuery, IfMatch},
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
    // A customer in the pool shows its phone and e-mail masked until claimed, wherever it
    // is read (the pool, its page, a list, its history, the search box).
    let (phone, email) = if c.owner_id.is_none() {
        closer_domain::pool::masked_contact(c.phone.as_deref(), c.email.as_deref())
    } else {
        (c.phone.clone(), c.email.clone())
    };
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
        phone,
        email,
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
        if let Some(s) = invalid.check(
            "source",
            closer_domain::text::optional_text(source.as_deref(), 60),
        ) {
            c.source = s.map(|s| s.to_lowercase());
        }
    }
}

fn with_duplicates(
    mut dto: CustomerDto,
    found: &[closer_store::leads::dedupe::Duplicate],
) -> CustomerDto {
    dto.duplicates = Some(
        found
            .iter()
            .map(crate::leads::fields::duplicate_dto)
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
    let c = policy::readable_customer(&owned, &id).await?;
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
    /// `csv` or `xlsx`: every customer the filter finds, as a file.
    pub format: Option<String>,
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

#[utoipa::path(get, path = "/customers", tag = "customers", params(CustomerQuery), responses((status = 200, body = crate::platform::dto::PageOrCount<CustomerDto>, description = "A page, or with `count=true` the number of records that match")))]
pub async fn list_customers(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CustomerQuery>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let (count, page_cursor, page_limit) = (q.count, q.cursor.clone(), q.limit);
    let format = q.format.clone();
    let filter = customer_filter(&owned, q).await?;
    if let Some(format) = format.as_deref() {
        let rows = crate::customers::export::customer_rows(
            &state.report_store(caller.actor.tenant_id),
            &filter,
        )
        .await?;
        return crate::platform::export::table_response(
            format,
            "customers",
            &crate::customers::export::CUSTOMER_COLUMNS,
            rows,
        );
    }
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

// ----- contacts -----
