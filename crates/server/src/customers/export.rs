//! Customers and contacts written out as CSV or XLSX: the list's filter and the caller's
//! scope, every page of it.

use closer_store::{customers::records::CustomerFilter, TenantStore};
use uuid::Uuid;

use crate::platform::{
    error::ApiResult,
    export::{cell, user_emails, EXPORT_LIMIT},
};

pub const CUSTOMER_COLUMNS: [&str; 16] = [
    "id",
    "name",
    "owner",
    "industry",
    "province",
    "city",
    "address",
    "phone",
    "email",
    "website",
    "credit_code",
    "source",
    "size_tier",
    "score",
    "grade",
    "created_at",
];

pub const CONTACT_COLUMNS: [&str; 10] = [
    "id",
    "name",
    "customer",
    "title",
    "department",
    "phone",
    "email",
    "decision_role",
    "owner",
    "created_at",
];

/// Every customer the filter finds, newest first.
///
/// # Errors
/// When the database fails.
pub async fn customer_rows(
    store: &TenantStore,
    filter: &CustomerFilter,
) -> ApiResult<Vec<Vec<String>>> {
    let owners = user_emails(store).await?;
    let filter = CustomerFilter {
        sort: closer_store::customers::records::CustomerSort::default(),
        ..filter.clone()
    };
    let mut rows = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.customer_page(&filter, cursor, 1000).await?;
        for c in &page.items {
            rows.push(vec![
                c.id.to_string(),
                c.name.clone(),
                cell(c.owner_id.and_then(|o| owners.get(&o)).map(String::as_str)),
                cell(c.industry.as_deref()),
                cell(c.province.as_deref()),
                cell(c.city.as_deref()),
                cell(c.address.as_deref()),
                cell(c.phone.as_deref()),
                cell(c.email.as_deref()),
                cell(c.website.as_deref()),
                cell(c.credit_code.as_deref()),
                cell(c.source.as_deref()),
                cell(c.size_tier.as_deref()),
                c.score.map(|s| s.to_string()).unwrap_or_default(),
                cell(c.grade.as_deref()),
                c.created_at.to_rfc3339(),
            ]);
        }
        match page.next_cursor {
            Some(next) if rows.len() < EXPORT_LIMIT => cursor = Some(next),
            _ => break,
        }
    }
    Ok(rows)
}

/// Every contact owned by one of `owners` (`None` = any), of one customer when given.
///
/// # Errors
/// When the database fails.
pub async fn contact_rows(
    store: &TenantStore,
    owners: Option<&Vec<Uuid>>,
    customer: Option<Uuid>,
) -> ApiResult<Vec<Vec<String>>> {
    let emails = user_emails(store).await?;
    let mut rows = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.contacts(customer, owners, cursor, 1000).await?;
        let ids: Vec<Uuid> = page.items.iter().filter_map(|c| c.customer_id).collect();
        let names = store.customer_names(&ids).await?;
        for c in &page.items {
            rows.push(vec![
                c.id.to_string(),
                c.name.clone(),
                cell(
                    c.customer_id
                        .and_then(|id| names.get(&id))
                        .map(String::as_str),
                ),
                cell(c.title.as_deref()),
                cell(c.department.as_deref()),
                cell(c.phone.as_deref()),
                cell(c.email.as_deref()),
                cell(c.decision_role.as_deref()),
                cell(c.owner_id.and_then(|o| emails.get(&o)).map(String::as_str)),
                c.created_at.to_rfc3339(),
            ]);
        }
        match page.next_cursor {
            Some(next) if rows.len() < EXPORT_LIMIT => cursor = Some(next),
            _ => break,
        }
    }
    Ok(rows)
}
