//! An opportunity's team: colleagues with a role on the deal beside its owner. Members read
//! the deal even outside their data scope (`policy::readable_opportunity`); whoever may
//! change the opportunity sets its team.

use axum::{
    extract::{Path, State},
    Json,
};
use closer_domain::{
    ids::parse_id,
    opportunities::team::{check_team, MemberInput},
    org::Permission,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    platform::caller::Caller,
    platform::dto::ListOf,
    platform::error::{ApiResult, Invalid},
    platform::extract::{path_id, ApiJson},
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct TeamMemberDto {
    pub user_id: String,
    pub name: String,
    /// `sales`, `presales`, `technical`, `executive` or `support`.
    pub role: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMemberInput {
    pub user_id: String,
    pub role: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamInput {
    /// The whole team (the owner is not listed: they are on every deal already).
    pub members: Vec<TeamMemberInput>,
}

async fn team_dto(
    store: &closer_store::TenantStore,
    members: Vec<closer_store::entity::opportunity_member::Model>,
) -> ApiResult<ListOf<TeamMemberDto>> {
    let ids: Vec<Uuid> = members.iter().map(|m| m.user_id).collect();
    let users = store.users_by_ids(&ids).await?;
    Ok(ListOf {
        items: members
            .into_iter()
            .map(|m| TeamMemberDto {
                user_id: m.user_id.to_string(),
                name: users
                    .iter()
                    .find(|u| u.id == m.user_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                role: m.role,
                added_at: m.added_at,
            })
            .collect(),
        next_cursor: None,
    })
}

#[utoipa::path(get, path = "/opportunities/{id}/team", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = ListOf<TeamMemberDto>), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_team(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListOf<TeamMemberDto>>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = policy::readable_opportunity(&owned, path_id(&id)?).await?;
    let members = owned.store.team(o.id).await?;
    Ok(Json(team_dto(&owned.store, members).await?))
}

#[utoipa::path(put, path = "/opportunities/{id}/team", tag = "opportunities", params(("id" = String, Path)), request_body = TeamInput,
    responses((status = 200, body = ListOf<TeamMemberDto>), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_team(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<TeamInput>,
) -> ApiResult<Json<ListOf<TeamMemberDto>>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let o = crate::platform::policy::changeable_opportunity(&owned, &id).await?;
    let mut invalid = Invalid::default();
    // An id that names no active colleague is refused as an unknown reference; the rest of
    // the checks (roles, repeats, the owner) run on the ids that parse.
    let parsed: Vec<Option<Uuid>> = req
        .members
        .iter()
        .map(|m| parse_id(&m.user_id).ok())
        .collect();
    let known = owned
        .store
        .users_by_ids(&parsed.iter().flatten().copied().collect::<Vec<_>>())
        .await?;
    let inputs: Vec<MemberInput<Uuid>> = req
        .members
        .iter()
        .zip(&parsed)
        .enumerate()
        .map(|(i, (m, id))| {
            let active = id.filter(|id| known.iter().any(|u| u.id == *id && u.active));
            if active.is_none() {
                invalid.push(&format!("members[{i}].user_id"), "unknown_reference");
            }
            MemberInput {
                user: active.unwrap_or(Uuid::nil()),
                role: m.role.clone(),
            }
        })
        .collect();
    let team = match check_team(&inputs, o.owner_id) {
        Ok(team) => Some(team),
        Err(problems) => {
            for p in problems {
                // A refused id is already named once.
                if !invalid.fields().iter().any(|(f, _, _)| *f == p.field) {
                    invalid.check::<()>(&p.field, Err(p.error));
                }
            }
            None
        }
    };
    let team = invalid.finish(team)?;
    let members: Vec<(Uuid, String)> = team
        .into_iter()
        .map(|(u, role)| (u, role.key().to_owned()))
        .collect();
    let saved = owned
        .store
        .set_team(owned.actor.user_id, o.id, &members)
        .await?;
    Ok(Json(team_dto(&owned.store, saved).await?))
}
