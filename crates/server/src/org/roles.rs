//! Roles: permissions and a data scope, given to users.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::org::{parse_role_key, DataScope, Permission};
use closer_store::{entity::role, org::directory::RoleChanges};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::org::fields::name_field;
use crate::{
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson, IfMatch},
    platform::policy,
    platform::session::role_permissions,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct RoleDto {
    pub id: String,
    pub key: String,
    pub name: String,
    pub data_scope: String,
    pub permissions: Vec<String>,
    pub is_builtin: bool,
    pub version: i32,
}

pub fn role_dto(r: &role::Model) -> RoleDto {
    RoleDto {
        id: r.id.to_string(),
        key: r.key.clone(),
        name: r.name.clone(),
        data_scope: r.data_scope.clone(),
        permissions: role_permissions(r)
            .iter()
            .map(|p| p.key().to_owned())
            .collect(),
        is_builtin: r.is_builtin,
        version: r.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PermissionDto {
    pub key: String,
    pub area: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRole {
    pub key: String,
    pub name: String,
    pub data_scope: String,
    pub permissions: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolePatch {
    pub name: Option<String>,
    pub data_scope: Option<String>,
    pub permissions: Option<Vec<String>>,
}

fn permission_keys(keys: &[String]) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let p = Permission::parse(key)
            .map_err(|e| ApiError::invalid(&format!("permissions[{i}]"), e))?;
        if !out.contains(&p.key().to_owned()) {
            out.push(p.key().to_owned());
        }
    }
    Ok(out)
}

#[utoipa::path(get, path = "/roles", tag = "organisation", responses((status = 200, body = ListOf<RoleDto>)))]
pub async fn list_roles(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<RoleDto>>> {
    let dir = policy::directory(&caller, &state);
    let items = dir.store.roles().await?.iter().map(role_dto).collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/roles", tag = "organisation", request_body = NewRole,
    responses((status = 201, body = RoleDto), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_role(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewRole>,
) -> ApiResult<Response> {
    let admin = policy::role_admin(&caller, &state)?;
    let key = parse_role_key(&req.key).map_err(|e| ApiError::invalid("key", e))?;
    let name = name_field("name", &req.name)?;
    let scope =
        DataScope::parse(&req.data_scope).map_err(|e| ApiError::invalid("data_scope", e))?;
    let perms = permission_keys(&req.permissions)?;
    let role = admin
        .store
        .create_role(
            Some(admin.actor),
            key,
            name,
            scope.key().to_owned(),
            perms,
            false,
        )
        .await
        .map_err(|e| match e {
            closer_store::StoreError::Conflict(_) => {
                ApiError::conflict("already_exists").with_field("key", "already_exists", None)
            }
            other => other.into(),
        })?;
    Ok(Versioned(role.version, role_dto(&role), StatusCode::CREATED).into_response())
}

#[utoipa::path(get, path = "/roles/{id}", tag = "organisation", params(("id" = String, Path)),
    responses((status = 200, body = RoleDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let dir = policy::directory(&caller, &state);
    let r = dir.store.role(path_id(&id)?).await?;
    Ok(Versioned(r.version, role_dto(&r), StatusCode::OK).into_response())
}

#[utoipa::path(patch, path = "/roles/{id}", tag = "organisation", params(("id" = String, Path)), request_body = RolePatch,
    responses((status = 200, body = RoleDto), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn update_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<RolePatch>,
) -> ApiResult<Response> {
    let admin = policy::role_admin(&caller, &state)?;
    let id = path_id(&id)?;
    let before = admin.store.role(id).await?;
    let permissions = req
        .permissions
        .as_deref()
        .map(permission_keys)
        .transpose()?;
    if before.key == "admin"
        && permissions
            .as_ref()
            .is_some_and(|p| p.len() < Permission::ALL.len())
    {
        // The administrator role keeps every permission, so a tenant can never lock itself out.
        return Err(ApiError::conflict("builtin_role"));
    }
    let changes = RoleChanges {
        name: req
            .name
            .as_deref()
            .map(|n| name_field("name", n))
            .transpose()?,
        data_scope: req
            .data_scope
            .as_deref()
            .map(|s| DataScope::parse(s).map(|s| s.key().to_owned()))
            .transpose()
            .map_err(|e| ApiError::invalid("data_scope", e))?,
        permissions,
    };
    let r = admin
        .store
        .update_role(admin.actor, id, version, changes)
        .await?;
    Ok(Versioned(r.version, role_dto(&r), StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/permissions", tag = "organisation", responses((status = 200, body = ListOf<PermissionDto>)))]
pub async fn list_permissions(_caller: Caller) -> Json<ListOf<PermissionDto>> {
    let items = Permission::ALL
        .iter()
        .map(|p| PermissionDto {
            key: p.key().to_owned(),
            area: p.area().to_owned(),
        })
        .collect();
    Json(ListOf {
        items,
        next_cursor: None,
    })
}
