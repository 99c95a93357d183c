//! Lead lists: filters, sorts, search and counts, and the same selection exported as CSV or
//! XLSX.

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, leads::status::LeadStatus, org::Permission};
use closer_store::leads::records::{LeadFilter, LeadSort};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::leads::fields::{lead_dto, LeadDto};
use crate::{
    platform::caller::Caller,
    platform::dto::{Count, ListOf},
    platform::error::{ApiError, ApiResult},
    platform::extract::{limit, sorted_cursor, ApiQuery},
    platform::policy::{self, Owned},
    platform::state::AppState,
};

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
    /// `-created_at` / `created_at` (by creation date), `company_name`, `-company_name`,
    /// `updated_at` or `-updated_at`; without it, as entered, newest first.
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub count: Option<bool>,
    /// `csv` or `xlsx` downloads every matching lead instead of a page.
    pub format: Option<String>,
}

/// The file formats leads export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, so Excel opens Chinese text right.
    Csv,
    Xlsx,
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
            Some(id) => {
                cursor = Some(closer_store::platform::page::Cursor {
                    id,
                    value: page.next_value.clone(),
                });
            }
            None => break,
        }
    }
    match format {
        ExportFormat::Csv => {
            let mut out = Vec::new();
            crate::platform::export::write_csv(&mut out, &EXPORT_COLUMNS, rows.into_iter())
                .map_err(|_| ApiError::internal())?;
            Ok(out)
        }
        ExportFormat::Xlsx => crate::platform::export::write_xlsx("leads", &EXPORT_COLUMNS, &rows)
            .map_err(|_| ApiError::internal()),
    }
}

async fn export_response(
    state: &AppState,
    owned: &Owned,
    filter: &LeadFilter,
    format: ExportFormat,
) -> ApiResult<Response> {
    let out = export_leads(&state.report_store(owned.store.tenant_id()), filter, format).await?;
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

#[utoipa::path(get, path = "/leads", tag = "leads", params(LeadQuery), responses((status = 200, body = crate::platform::dto::PageOrCount<LeadDto>, description = "A page, or with `count=true` the number of records that match")))]
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
            return export_response(&state, &owned, &filter, format).await;
        }
    }
    let page = owned
        .store
        .leads(
            &filter,
            sorted_cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    let items = page.items.iter().map(lead_dto).collect();
    Ok(Json(ListOf {
        items,
        next_cursor: page.cursor_text(),
    })
    .into_response())
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
