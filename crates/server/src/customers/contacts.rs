//! Contacts: the people at a customer, each with an owner.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{customers::DecisionRole, ids::parse_id, org::Permission, text::Name};
use closer_store::{entity::contact, leads::dedupe::RecordType};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::platform::policy::{visible, visible_customer};
use crate::{
    leads::fields::{check_duplicates_among, parse_fields, DuplicateDto, RawLeadFields},
    platform::caller::Caller,
    platform::dto::{nullable, ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    platform::policy::{self},
    platform::state::AppState,
};

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
    // No one's contact is a pool customer's: its phone and e-mail masked until claimed.
    let (phone, email) = match c.owner_id {
        Some(_) => (c.phone.clone(), c.email.clone()),
        None => closer_domain::pool::masked_contact(c.phone.as_deref(), c.email.as_deref()),
    };
    ContactDto {
        id: c.id.to_string(),
        customer_id: c.customer_id.map(|o| o.to_string()),
        name: c.name.clone(),
        title: c.title.clone(),
        department: c.department.clone(),
        decision_role: c.decision_role.clone(),
        phone,
        email,
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
    /// Part of the name, phone or e-mail.
    pub q: Option<String>,
    pub customer_id: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub count: Option<bool>,
    /// `csv` or `xlsx`: every contact in scope (of the customer, when given), as a file.
    pub format: Option<String>,
}

/// `?customer_id=`, when given.
pub(crate) fn customer_param(q: &ListQuery) -> ApiResult<Option<Uuid>> {
    q.customer_id
        .as_deref()
        .map(|c| parse_id(c).map_err(|_| ApiError::field("customer_id", "invalid_format")))
        .transpose()
}

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
            .map(crate::leads::fields::duplicate_dto)
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

#[utoipa::path(get, path = "/contacts", tag = "customers", params(ListQuery), responses((status = 200, body = crate::platform::dto::PageOrCount<ContactDto>, description = "A page, or with `count=true` the number of records that match")))]
pub async fn list_contacts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let customer = customer_param(&q)?;
    if let Some(format) = q.format.as_deref() {
        let rows = crate::customers::export::contact_rows(
            &state.report_store(caller.actor.tenant_id),
            owned.visible_owners(),
            customer,
        )
        .await?;
        return crate::platform::export::table_response(
            format,
            "contacts",
            &crate::customers::export::CONTACT_COLUMNS,
            rows,
        );
    }
    let filter = closer_store::customers::contacts::ContactFilter {
        customer_id: customer,
        q: q.q.clone(),
    };
    if q.count == Some(true) {
        return Ok(Json(crate::platform::dto::Count {
            count: owned
                .store
                .count_contacts(&filter, owned.visible_owners())
                .await?,
        })
        .into_response());
    }
    let page = owned
        .store
        .contact_page(
            &filter,
            owned.visible_owners(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(contact_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}
