//! The quote as the customer receives it: numbered, dated, valid until, both parties, lines
//! and totals as people read money, terms, the tenant's name and logo. One sheet of facts,
//! drawn two ways from `GET /quotes/{id}/print`: an HTML page with an A4 print style sheet,
//! or a PDF (`?format=pdf` or `Accept: application/pdf`).

mod html;
mod pdf;
mod sheet;

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
};
use closer_domain::org::Permission;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::platform::{
    caller::Caller,
    error::{ApiError, ApiResult},
    extract::ApiQuery,
    policy,
    state::AppState,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PrintQuery {
    /// `html` (the default) or `pdf`.
    pub format: Option<String>,
}

#[utoipa::path(get, path = "/quotes/{id}/print", tag = "opportunities", params(("id" = String, Path), PrintQuery),
    responses((status = 200, description = "The quote ready to send: an HTML page with an A4 print style sheet, or a PDF with `?format=pdf` or `Accept: application/pdf`", content_type = "text/html")))]
pub async fn print_quote(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<PrintQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let as_pdf = match query.format.as_deref() {
        Some("pdf") => true,
        Some("html") => false,
        Some(_) => return Err(ApiError::field("format", "not_allowed")),
        None => headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("application/pdf")),
    };
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let sheet = sheet::read(&caller, &owned, &id).await?;
    if as_pdf {
        let bytes = tokio::task::spawn_blocking(move || pdf::render(&sheet).map(|b| (b, sheet)))
            .await
            .map_err(|_| ApiError::internal())?;
        let (bytes, sheet) = bytes.map_err(|_| ApiError::internal())?;
        Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{}.pdf\"", sheet.number),
                ),
            ],
            bytes,
        )
            .into_response())
    } else {
        Ok((
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html::render(&sheet),
        )
            .into_response())
    }
}
