//! A lead as the API reads and writes it: its fields checked one by one, its answer, and the
//! duplicates a new or changed lead may have.

use closer_domain::{
    leads::{
        dedupe::{normalize_phone, CreditCode, DedupeKeys},
        rules::{DedupeAction, DedupeRules},
    },
    text::{EmailAddress, Name},
    InvalidValue,
};
use closer_store::{
    entity::lead,
    leads::dedupe::{Duplicate, RecordType},
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    platform::error::{ApiError, ApiResult, Invalid},
    platform::policy::Owned,
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
    let in_pool = closer_domain::pool::lead_in_pool(l.owner_id.is_some(), &l.status);
    let (phone, email) = if in_pool {
        closer_domain::pool::masked_contact(l.phone.as_deref(), l.email.as_deref())
    } else {
        (l.phone.clone(), l.email.clone())
    };
    LeadDto {
        id: l.id.to_string(),
        company_name: l.company_name.clone(),
        contact_name: l.contact_name.clone(),
        title: l.title.clone(),
        phone,
        email,
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

impl RawLeadFields {
    /// The contact and company fields of an imported row (`get` reads a mapped cell); the
    /// company name and the description are left for the importer to fill.
    pub fn from_row(
        get: impl Fn(closer_domain::leads::columns::LeadField) -> Option<String>,
    ) -> Self {
        use closer_domain::leads::columns::LeadField as F;
        Self {
            company_name: None,
            contact_name: Some(get(F::ContactName)),
            title: Some(get(F::Title)),
            phone: Some(get(F::Phone)),
            email: Some(get(F::Email)),
            credit_code: Some(get(F::CreditCode)),
            province: Some(get(F::Province)),
            city: Some(get(F::City)),
            industry: Some(get(F::Industry)),
            website: Some(get(F::Website)),
            description: None,
        }
    }
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
