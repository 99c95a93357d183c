//! Opportunities written out as CSV or XLSX, with the columns the history import reads back
//! (name, account, amount, stage, close and created dates, owner, product).

use std::collections::HashMap;

use closer_store::{
    opportunities::records::{ForecastFilter, OpportunitySort},
    platform::page::Sort,
    TenantStore,
};
use uuid::Uuid;

use crate::platform::{
    error::ApiResult,
    export::{cell, user_emails, EXPORT_LIMIT},
};

pub const OPPORTUNITY_COLUMNS: [&str; 13] = [
    "id",
    "Opportunity Name",
    "Account Name",
    "Amount",
    "Currency",
    "Stage",
    "Close Date",
    "Created Date",
    "Opportunity Owner",
    "Product",
    "Closed At",
    "Loss Reason",
    "Customer Id",
];

/// What the deal list shows — the filter, of one customer when given, whose name holds `q`
/// — in the list's order.
pub struct OpportunityExport<'a> {
    pub filter: &'a ForecastFilter,
    pub customer: Option<Uuid>,
    pub q: Option<&'a str>,
    pub sort: Sort<OpportunitySort>,
}

/// Every opportunity of `list`, row by row.
///
/// # Errors
/// When the database fails.
pub async fn opportunity_rows(
    store: &TenantStore,
    list: &OpportunityExport<'_>,
    time_zone: &str,
) -> ApiResult<Vec<Vec<String>>> {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let owners = user_emails(store).await?;
    let stages: HashMap<Uuid, String> = store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, list)| list.into_iter().map(|s| (s.id, s.name)))
        .collect();
    let products: HashMap<Uuid, String> = store
        .products(true)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut rows = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .opportunity_search_page(list.filter, list.customer, list.q, list.sort, cursor, 1000)
            .await?;
        let ids: Vec<Uuid> = page.items.iter().map(|o| o.customer_id).collect();
        let names = store.customer_names(&ids).await?;
        for o in &page.items {
            let money = closer_domain::money::Currency::parse(&o.currency)
                .map(|c| closer_domain::money::Money::from_minor(o.amount_minor, c).to_string())
                .unwrap_or_else(|_| o.amount_minor.to_string());
            let local =
                |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&tz).date_naive().to_string();
            rows.push(vec![
                o.id.to_string(),
                o.name.clone(),
                cell(names.get(&o.customer_id).map(String::as_str)),
                money,
                o.currency.clone(),
                cell(stages.get(&o.stage_id).map(String::as_str)),
                o.closed_at
                    .map(local)
                    .or_else(|| o.expected_close_date.map(|d| d.to_string()))
                    .unwrap_or_default(),
                local(o.created_at),
                cell(o.owner_id.and_then(|u| owners.get(&u)).map(String::as_str)),
                cell(
                    o.product_id
                        .and_then(|p| products.get(&p))
                        .map(String::as_str),
                ),
                o.closed_at.map(|c| c.to_rfc3339()).unwrap_or_default(),
                cell(o.loss_reason.as_deref()),
                o.customer_id.to_string(),
            ]);
        }
        match page.next_cursor {
            Some(id) if rows.len() < EXPORT_LIMIT => {
                cursor = Some(closer_store::platform::page::Cursor {
                    id,
                    value: page.next_value.clone(),
                });
            }
            _ => break,
        }
    }
    Ok(rows)
}
