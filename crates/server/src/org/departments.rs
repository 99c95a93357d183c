//! Departments: the tree of sales regions and teams, with their heads.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_store::{entity::department, org::directory::DepartmentChanges};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::org::fields::{body_id, name_field};
use crate::{
    platform::caller::Caller,
    platform::dto::{nullable, ListOf, Versioned},
    platform::error::ApiResult,
    platform::extract::{path_id, ApiJson, IfMatch},
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct DepartmentDto {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub is_sales_region: bool,
    pub head_user_id: Option<String>,
    pub version: i32,
}

pub fn department_dto(d: &department::Model) -> DepartmentDto {
    DepartmentDto {
        id: d.id.to_string(),
        name: d.name.clone(),
        parent_id: d.parent_id.map(|p| p.to_string()),
        is_sales_region: d.is_sales_region,
        head_user_id: d.head_user_id.map(|p| p.to_string()),
        version: d.version,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDepartment {
    pub name: String,
    /// Defaults to the root department.
    pub parent_id: Option<String>,
    pub is_sales_region: Option<bool>,
    pub head_user_id: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentPatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub parent_id: Option<Option<String>>,
    pub is_sales_region: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub head_user_id: Option<Option<String>>,
}

#[utoipa::path(get, path = "/departments", tag = "organisation", responses((status = 200, body = ListOf<DepartmentDto>)))]
pub async fn list_departments(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<DepartmentDto>>> {
    let dir = policy::directory(&caller, &state);
    let items = dir
        .store
        .departments()
        .await?
        .iter()
        .map(department_dto)
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/departments", tag = "organisation", request_body = NewDepartment,
    responses((status = 201, body = DepartmentDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_department(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewDepartment>,
) -> ApiResult<Response> {
    let admin = policy::org_admin(&caller, &state)?;
    let name = name_field("name", &req.name)?;
    let parent = req
        .parent_id
        .as_deref()
        .map(|p| body_id("parent_id", p))
        .transpose()?;
    let head = req
        .head_user_id
        .as_deref()
        .map(|p| body_id("head_user_id", p))
        .transpose()?;
    let d = admin
        .store
        .create_department(
            admin.actor,
            name,
            parent,
            req.is_sales_region.unwrap_or(false),
            head,
        )
        .await?;
    Ok(Versioned(d.version, department_dto(&d), StatusCode::CREATED).into_response())
}

#[utoipa::path(get, path = "/departments/{id}", tag = "organisation", params(("id" = String, Path)),
    responses((status = 200, body = DepartmentDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_department(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let dir = policy::directory(&caller, &state);
    let d = dir.store.department(path_id(&id)?).await?;
    Ok(Versioned(d.version, department_dto(&d), StatusCode::OK).into_response())
}

#[utoipa::path(patch, path = "/departments/{id}", tag = "organisation", params(("id" = String, Path)), request_body = DepartmentPatch,
    responses((status = 200, body = DepartmentDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn update_department(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<DepartmentPatch>,
) -> ApiResult<Response> {
    let admin = policy::org_admin(&caller, &state)?;
    let id = path_id(&id)?;
    let changes = DepartmentChanges {
        name: req
            .name
            .as_deref()
            .map(|n| name_field("name", n))
            .transpose()?,
        parent_id: req
            .parent_id
            .map(|p| p.as_deref().map(|p| body_id("parent_id", p)).transpose())
            .transpose()?,
        is_sales_region: req.is_sales_region,
        head_user_id: req
            .head_user_id
            .map(|p| p.as_deref().map(|p| body_id("head_user_id", p)).transpose())
            .transpose()?,
    };
    let d = admin
        .store
        .update_department(admin.actor, id, version, changes)
        .await?;
    Ok(Versioned(d.version, department_dto(&d), StatusCode::OK).into_response())
}
