//! Activities: one model for calls, visits, notes and tasks on any record.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{ids::parse_id, text::Name, InvalidValue};
use closer_store::{activities::records::Parent, entity::activity};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::platform::policy::Access;
use crate::{
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: String,
    /// `visit`, `call`, `note` or `task`.
    pub kind: String,
    pub subject: String,
    pub body: Option<String>,
    pub lead_id: Option<String>,
    pub customer_id: Option<String>,
    pub contact_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub owner_id: String,
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
    pub planned_for: Option<chrono::DateTime<chrono::Utc>>,
    /// The place, as the rep typed or confirmed it.
    pub location: Option<String>,
    /// Where the phone was, `lat,lng` (WGS-84).
    pub coordinates: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

fn s(id: Option<Uuid>) -> Option<String> {
    id.map(|i| i.to_string())
}

#[must_use]
pub fn activity_dto(a: &activity::Model) -> ActivityDto {
    ActivityDto {
        id: a.id.to_string(),
        kind: a.kind.clone(),
        subject: a.subject.clone(),
        body: a.body.clone(),
        lead_id: s(a.lead_id),
        customer_id: s(a.customer_id),
        contact_id: s(a.contact_id),
        opportunity_id: s(a.opportunity_id),
        owner_id: a.owner_id.to_string(),
        occurred_at: a.occurred_at,
        planned_for: a.planned_for,
        location: a.location.clone(),
        coordinates: a.coordinates.clone(),
        created_at: a.created_at,
        version: a.version,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    /// `visit`, `call`, `note` or `task`.
    pub kind: String,
    pub subject: String,
    pub body: Option<String>,
    /// Exactly one of the four record ids.
    pub lead_id: Option<String>,
    pub customer_id: Option<String>,
    pub contact_id: Option<String>,
    pub opportunity_id: Option<String>,
    /// When it happened (defaults to now unless `planned_for` is given).
    pub occurred_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// When a visit or task is planned.
    pub planned_for: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Where a visit took place, as people name it: an address, a building, a room.
    pub location: Option<String>,
    /// Where the phone was when the visit was logged: `lat,lng` in WGS-84 degrees, e.g.
    /// `31.2304,121.4737`.
    pub coordinates: Option<String>,
}

/// Finds the one record an activity is for, checking the caller may read it (any visible
/// record, pool leads too: their follow-up history helps a rep decide to claim) or work on
/// it (an owned record in the caller's scope).
async fn parent_of(
    state: &AppState,
    caller: &Caller,
    access: Access,
    lead: Option<&str>,
    customer: Option<&str>,
    contact: Option<&str>,
    opportunity: Option<&str>,
) -> ApiResult<policy::ActivitiesOf> {
    let given: Vec<(&str, &str)> = [
        ("lead_id", lead),
        ("customer_id", customer),
        ("contact_id", contact),
        ("opportunity_id", opportunity),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.map(|v| (f, v)))
    .collect();
    let [(field, value)] = given.as_slice() else {
        return Err(ApiError::field(
            "lead_id",
            if given.is_empty() {
                "required"
            } else {
                "not_allowed"
            },
        ));
    };
    let id = parse_id(value).map_err(|_| ApiError::field(field, "unknown_reference"))?;
    let parent = match *field {
        "lead_id" => Parent::Lead(id),
        "customer_id" => Parent::Customer(id),
        "contact_id" => Parent::Contact(id),
        _ => Parent::Opportunity(id),
    };
    policy::activities_of(caller, state, parent, access)
        .await
        .map_err(|e| {
            if e.status == StatusCode::NOT_FOUND {
                ApiError::field(field, "unknown_reference")
            } else {
                e
            }
        })
}

#[utoipa::path(post, path = "/activities", tag = "activities", request_body = NewActivity,
    responses((status = 201, body = ActivityDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewActivity>,
) -> ApiResult<Response> {
    let mut invalid = Invalid::default();
    let kind = invalid.check(
        "kind",
        match req.kind.as_str() {
            "visit" | "call" | "note" | "task" => Ok(req.kind.clone()),
            _ => Err(InvalidValue::NotAllowed),
        },
    );
    let subject = invalid
        .check("subject", Name::parse(&req.subject))
        .map(Name::into_string);
    let body = match req.body.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) if b.chars().count() > 20_000 => {
            invalid.check("body", Err(InvalidValue::TooLong { max: 20_000 }))
        }
        other => Some(other.map(str::to_owned)),
    };
    let location = match req
        .location
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        Some(l) if l.chars().count() > 200 => {
            invalid.check("location", Err(InvalidValue::TooLong { max: 200 }))
        }
        other => Some(other.map(str::to_owned)),
    };
    let coordinates = match req.coordinates.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => invalid
            .check(
                "coordinates",
                closer_domain::activities::Coordinates::parse(c),
            )
            .map(|c| Some(c.into_string())),
        _ => Some(None),
    };
    let (kind, subject, body, location, coordinates) = invalid.finish(
        kind.zip(subject)
            .zip(body)
            .zip(location)
            .zip(coordinates)
            .map(|((((k, s), b), l), c)| (k, s, b, l, c)),
    )?;
    let of = parent_of(
        &state,
        &caller,
        Access::Write,
        req.lead_id.as_deref(),
        req.customer_id.as_deref(),
        req.contact_id.as_deref(),
        req.opportunity_id.as_deref(),
    )
    .await?;
    let now = closer_store::now();
    let planned_for = req.planned_for.map(|t| t.with_timezone(&chrono::Utc));
    let occurred_at =
        req.occurred_at
            .map(|t| t.with_timezone(&chrono::Utc))
            .or(if planned_for.is_none() {
                Some(now)
            } else {
                None
            });
    let (mut lead_id, mut customer_id, mut contact_id, mut opportunity_id) =
        (None, None, None, None);
    match of.parent {
        Parent::Lead(id) => lead_id = Some(id),
        Parent::Customer(id) => customer_id = Some(id),
        Parent::Contact(id) => contact_id = Some(id),
        Parent::Opportunity(id) => opportunity_id = Some(id),
    }
    let a = of
        .store
        .create_activity(activity::Model {
            tenant_id: caller.actor.tenant_id,
            id: closer_domain::ids::new_id(),
            kind,
            subject,
            body,
            lead_id,
            customer_id,
            contact_id,
            opportunity_id,
            owner_id: caller.actor.user_id,
            occurred_at,
            planned_for,
            location,
            coordinates,
            created_at: now,
            updated_at: now,
            version: 1,
        })
        .await?;
    Ok(Versioned(a.version, activity_dto(&a), StatusCode::CREATED).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    pub lead_id: Option<String>,
    pub customer_id: Option<String>,
    pub contact_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/activities", tag = "activities", params(ActivityQuery), responses((status = 200, body = ListOf<ActivityDto>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> ApiResult<Json<ListOf<ActivityDto>>> {
    let of = parent_of(
        &state,
        &caller,
        Access::Read,
        q.lead_id.as_deref(),
        q.customer_id.as_deref(),
        q.contact_id.as_deref(),
        q.opportunity_id.as_deref(),
    )
    .await
    .map_err(|e| {
        if e.status == StatusCode::UNPROCESSABLE_ENTITY
            && e.fields.iter().any(|f| f.1 == "unknown_reference")
        {
            ApiError::not_found()
        } else {
            e
        }
    })?;
    let page = of
        .store
        .activities(of.parent, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(activity_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Done {
    /// When it was done (default: now); not in the future.
    pub occurred_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// What came of it, added to the activity's text.
    pub outcome: Option<String>,
}

#[utoipa::path(post, path = "/activities/{id}/done", tag = "activities", params(("id" = String, Path)), request_body = Done,
    responses((status = 200, body = ActivityDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn done(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<Done>,
) -> ApiResult<Response> {
    let (store, a) = policy::own_activity(&caller, &state, path_id(&id)?).await?;
    let now = closer_store::now();
    let at = req
        .occurred_at
        .map_or(now, |t| t.with_timezone(&chrono::Utc));
    let mut invalid = Invalid::default();
    if at > now + chrono::Duration::minutes(5) {
        invalid.check::<()>("occurred_at", Err(InvalidValue::NotAllowed));
    }
    let outcome = match req
        .outcome
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        Some(o) if o.chars().count() > 20_000 => {
            invalid.check::<()>("outcome", Err(InvalidValue::TooLong { max: 20_000 }));
            None
        }
        other => other.map(str::to_owned),
    };
    invalid.finish(Some(()))?;
    let saved = store
        .complete_activity(caller.actor.user_id, a.id, version, at, outcome)
        .await?;
    Ok(Versioned(saved.version, activity_dto(&saved), StatusCode::OK).into_response())
}
