//! Amendments: an active contract changes by a new revision (re-approved where the flow's
//! conditions say), and revisions are compared line by line.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    contracts::{compare_lines, same_lines, LineChange, LineView},
    money::Currency,
    org::Permission,
    text::required_text,
};
use closer_store::{
    contracts::records::RevisionFields,
    entity::{contract, contract_line},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::records::{
    apply_fields, contract_dto, line_dto, to_rows, ContractDto, ContractInput, ContractLineDto,
};
use crate::{
    opportunities::quotes::{price_lines, QuoteLineInput},
    platform::{
        calendar,
        caller::Caller,
        dto::{money_dto, nullable, ListOf, MoneyDto, MoneyInput},
        error::{ApiError, ApiResult, Invalid},
        extract::{path_id, ApiJson, IfMatch},
        policy,
        state::AppState,
        webhooks,
    },
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendmentInput {
    /// Why the contract changes (required).
    pub reason: String,
    pub name: Option<String>,
    /// Without lines: the new amount.
    pub amount: Option<MoneyInput>,
    /// The new lines (replacing all); their total is the amount.
    pub lines: Option<Vec<QuoteLineInput>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub signed_on: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub starts_on: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub ends_on: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub terms: Option<Option<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct AmendmentDto {
    pub contract: ContractDto,
    pub revision: RevisionDto,
}

#[utoipa::path(post, path = "/contracts/{id}/amendments", tag = "contracts", params(("id" = String, Path)), request_body = AmendmentInput,
    responses((status = 201, body = AmendmentDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn amend_contract(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<AmendmentInput>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let before = policy::changeable_contract(&owned, &id).await?;
    let currency = Currency::parse(&before.currency).map_err(|_| ApiError::internal())?;
    let mut invalid = Invalid::default();
    let reason = invalid.check("reason", required_text(&req.reason, 2000));
    let as_input = ContractInput {
        name: req.name.clone(),
        amount: req.amount.as_ref().map(|m| MoneyInput {
            amount: m.amount.clone(),
            currency: m.currency.clone(),
        }),
        signed_on: req.signed_on,
        starts_on: req.starts_on,
        ends_on: req.ends_on,
        terms: req.terms.clone(),
        ..ContractInput::default()
    };
    let mut after = before.clone();
    let lines = match &req.lines {
        Some(lines) => {
            let products = owned.store.products(true).await?;
            Some(price_lines(lines, &products, currency, &mut invalid))
        }
        None => None,
    };
    apply_fields(&mut after, &as_input, &owned, currency, &mut invalid).await;
    if after.amount_minor < 0 {
        invalid.push("amount.amount", "not_allowed");
    }
    invalid.finish(Some(()))?;
    let lines = match lines {
        Some(p) => {
            let current = owned
                .store
                .contract_lines(before.id, before.revision)
                .await?;
            let mut p = to_rows(owned.store.tenant_id(), p, currency)?;
            // A line that stays (same product and description) keeps its id, so its orders
            // still count against it.
            for l in &mut p.lines {
                if let Some(old) = current.iter().find(|o| {
                    o.product_id == l.product_id
                        && o.description.trim().to_lowercase()
                            == l.description.trim().to_lowercase()
                }) {
                    l.line_id = old.line_id;
                }
            }
            after.amount_minor = p.total;
            Some(p.lines)
        }
        None => None,
    };
    // An amendment that changes nothing makes no revision (and asks no one to approve it).
    let fields_same = (
        &after.name,
        after.amount_minor,
        after.signed_on,
        after.starts_on,
        after.ends_on,
        &after.terms,
    ) == (
        &before.name,
        before.amount_minor,
        before.signed_on,
        before.starts_on,
        before.ends_on,
        &before.terms,
    );
    let lines_same = match &lines {
        None => true,
        Some(new) => {
            let current = owned
                .store
                .contract_lines(before.id, before.revision)
                .await?;
            let current: Vec<LineView> = current.iter().map(view).collect();
            let new: Vec<LineView> = new.iter().map(view).collect();
            same_lines(&current, &new)
        }
    };
    if fields_same && lines_same {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "amendment_unchanged",
        ));
    }
    let (c, revision, approval) = owned
        .store
        .amend_contract(
            owned.actor.user_id,
            before.id,
            version,
            RevisionFields {
                name: after.name,
                amount_minor: after.amount_minor,
                signed_on: after.signed_on,
                starts_on: after.starts_on,
                ends_on: after.ends_on,
                terms: after.terms,
            },
            lines,
            reason.unwrap_or_default(),
            calendar::today(&caller.tenant.time_zone),
        )
        .await?;
    let lines = owned.store.contract_lines(c.id, c.revision).await?;
    let revisions = owned.store.contract_revisions(c.id).await?;
    let dto = contract_dto(&c, &lines);
    if approval.is_some() {
        webhooks::publish(
            &state,
            caller.actor.tenant_id,
            "contract.submitted",
            serde_json::to_value(&dto).unwrap_or_default(),
        )
        .await;
    }
    let revision = revision_dtos(&c, &revisions)
        .into_iter()
        .find(|r| r.revision == revision.revision)
        .ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        Json(AmendmentDto {
            contract: dto,
            revision,
        }),
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct LineDifferenceDto {
    /// `added`, `removed`, `changed` or `unchanged`.
    pub change: String,
    pub before: Option<ContractLineDto>,
    pub after: Option<ContractLineDto>,
}

#[derive(Serialize, ToSchema)]
pub struct RevisionDto {
    pub revision: i32,
    /// `draft`, `in_approval`, `approved`, `rejected`, `returned` or `recalled`.
    pub status: String,
    pub reason: Option<String>,
    pub name: String,
    pub amount: MoneyDto,
    /// This revision's amount less the one before it.
    pub amount_change: MoneyDto,
    pub signed_on: Option<chrono::NaiveDate>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub terms: Option<String>,
    pub approval_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub lines: Vec<ContractLineDto>,
    /// Line by line against the revision before (empty for the first).
    pub differences: Vec<LineDifferenceDto>,
}

fn view(l: &contract_line::Model) -> LineView {
    LineView {
        product_id: l.product_id,
        description: l.description.clone(),
        quantity_milli: l.quantity_milli,
        unit_price_minor: l.unit_price_minor,
        discount_bp: l.discount_bp,
        total_minor: l.total_minor,
    }
}

fn revision_dtos(
    c: &contract::Model,
    revisions: &[closer_store::contracts::records::Revision],
) -> Vec<RevisionDto> {
    let cur = c.currency.as_str();
    let mut out = Vec::new();
    for (i, r) in revisions.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| revisions.get(p));
        let differences = match previous {
            None => Vec::new(),
            Some(p) => {
                let before: Vec<LineView> = p.lines.iter().map(view).collect();
                let after: Vec<LineView> = r.lines.iter().map(view).collect();
                let find = |lines: &[contract_line::Model], v: &LineView| {
                    lines
                        .iter()
                        .find(|l| view(l) == *v)
                        .map(|l| line_dto(l, cur))
                };
                compare_lines(&before, &after)
                    .into_iter()
                    .map(|(change, b, a)| LineDifferenceDto {
                        change: match change {
                            LineChange::Added => "added",
                            LineChange::Removed => "removed",
                            LineChange::Changed => "changed",
                            LineChange::Unchanged => "unchanged",
                        }
                        .into(),
                        before: b.and_then(|v| find(&p.lines, v)),
                        after: a.and_then(|v| find(&r.lines, v)),
                    })
                    .collect()
            }
        };
        let rv = &r.revision;
        out.push(RevisionDto {
            revision: rv.revision,
            status: rv.status.clone(),
            reason: rv.reason.clone(),
            name: rv.name.clone(),
            amount: money_dto(rv.amount_minor, cur),
            amount_change: money_dto(
                rv.amount_minor - previous.map_or(0, |p| p.revision.amount_minor),
                cur,
            ),
            signed_on: rv.signed_on,
            starts_on: rv.starts_on,
            ends_on: rv.ends_on,
            terms: rv.terms.clone(),
            approval_id: rv.approval_id.map(|a| a.to_string()),
            created_by: rv.created_by.map(|a| a.to_string()),
            created_at: rv.created_at,
            lines: r.lines.iter().map(|l| line_dto(l, cur)).collect(),
            differences,
        });
    }
    out
}

#[utoipa::path(get, path = "/contracts/{id}/revisions", tag = "contracts", params(("id" = String, Path)),
    responses((status = 200, body = ListOf<RevisionDto>), (status = 404, body = crate::platform::error::Problem)))]
pub async fn list_revisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListOf<RevisionDto>>> {
    let owned = policy::owned(&caller, &state, Permission::ContractsRead).await?;
    let c = policy::readable_contract(&owned, path_id(&id)?).await?;
    let revisions = owned.store.contract_revisions(c.id).await?;
    Ok(Json(ListOf {
        items: revision_dtos(&c, &revisions),
        next_cursor: None,
    }))
}
