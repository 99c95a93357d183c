//! Converting a lead: the customer (found or made), its contact and, when asked, an
//! opportunity — one step that spans leads, customers and opportunities, so it lives with the
//! latest of them.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use closer_domain::{ids::parse_id, leads::status::LeadStatus, org::Permission, text::Name};
use closer_store::opportunities::lead_conversion::NewOpportunity;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    customers,
    leads::fields::{lead_dto, LeadDto},
    platform::dto::{money_field, MoneyInput},
    platform::policy::visible_lead,
};
use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::ApiJson,
    platform::policy::{self},
    platform::state::AppState,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Convert {
    pub create_opportunity: bool,
    pub opportunity_name: Option<String>,
    /// Money: `{"amount": "100000.00", "currency": "CNY"}`.
    pub amount: Option<MoneyInput>,
    pub stage_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Conversion {
    pub customer: customers::records::CustomerDto,
    /// Whether the lead joined a customer that existed already.
    pub existing_customer: bool,
    pub contact: customers::contacts::ContactDto,
    pub opportunity: Option<super::records::OpportunityDto>,
    pub lead: LeadDto,
}

#[utoipa::path(post, path = "/leads/{id}/convert", tag = "leads", params(("id" = String, Path)), request_body = Convert,
    responses((status = 201, body = Conversion), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn convert(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Convert>,
) -> ApiResult<(StatusCode, Json<Conversion>)> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let lead = visible_lead(&owned, &id).await?;
    owned.require(Permission::LeadsWrite)?;
    if !LeadStatus::parse(&lead.status).is_ok_and(LeadStatus::is_open) {
        return Err(ApiError::conflict("lead_not_open"));
    }
    if !owned.may_change(lead.owner_id) {
        return Err(ApiError::conflict("lead_in_pool"));
    }
    let opportunity = if req.create_opportunity {
        let name = match req.opportunity_name.as_deref() {
            Some(n) => Name::parse(n)
                .map_err(|e| ApiError::invalid("opportunity_name", e))?
                .into_string(),
            None => lead.company_name.clone(),
        };
        let amount = match &req.amount {
            Some(a) => money_field("amount", a, &caller.tenant.currency)?.minor(),
            None => 0,
        };
        let stage_id = match req.stage_id.as_deref() {
            Some(s) => {
                let id =
                    parse_id(s).map_err(|_| ApiError::field("stage_id", "unknown_reference"))?;
                owned
                    .store
                    .stage(id)
                    .await
                    .map_err(|_| ApiError::field("stage_id", "unknown_reference"))?;
                Some(id)
            }
            None => None,
        };
        Some(NewOpportunity {
            name,
            amount_minor: amount,
            currency: caller.tenant.currency.clone(),
            stage_id,
        })
    } else {
        None
    };
    let done = owned
        .store
        .convert_lead(owned.actor.user_id, lead.id, opportunity)
        .await?;
    crate::platform::webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "lead.converted",
        serde_json::json!({
            "lead_id": done.lead.id.to_string(),
            "customer_id": done.customer.id.to_string(),
            "contact_id": done.contact.id.to_string(),
            "opportunity_id": done.opportunity.as_ref().map(|o| o.id.to_string()),
        }),
    )
    .await;
    let stages = owned
        .store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, s)| s)
        .collect::<Vec<_>>();
    Ok((
        StatusCode::CREATED,
        Json(Conversion {
            customer: customers::records::customer_dto(&done.customer, &caller.tenant.currency),
            existing_customer: done.existing_customer,
            contact: customers::contacts::contact_dto(&done.contact),
            opportunity: done
                .opportunity
                .as_ref()
                .map(|o| super::records::opportunity_dto(o, &stages)),
            lead: lead_dto(&done.lead),
        }),
    ))
}
