//! Organisation: departments, users, roles and the permission catalogue.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    ids::parse_id,
    org::Permission,
    text::{EmailAddress, Language, Name, NewPassword},
};
use closer_store::{
    entity::{role, tenant, user},
    org::directory::{UserChanges, UserFilter},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    org::{
        fields::{body_id, name_field},
        passwords::hash_password,
    },
    platform::caller::Caller,
    platform::dto::{nullable, Count, ListOf, Versioned},
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery, IfMatch},
    platform::notifications::{Message, Notifier},
    platform::policy,
    platform::session::role_permissions,
    platform::state::AppState,
};

// ----- shapes -----

#[derive(Serialize, ToSchema, Clone)]
pub struct TenantDto {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub currency: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct UserDto {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role_id: String,
    pub role_key: String,
    pub department_id: String,
    /// `zh-CN`, `en-US`, or null for the tenant's default.
    pub language: Option<String>,
    pub active: bool,
    pub permissions: Vec<String>,
    /// `own`, `department`, `subtree` or `tenant`.
    pub data_scope: String,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<TenantDto>,
}

#[must_use]
pub fn user_dto(u: &user::Model, role: &role::Model, tenant: Option<&tenant::Model>) -> UserDto {
    UserDto {
        id: u.id.to_string(),
        email: u.email.clone(),
        name: u.name.clone(),
        role_id: u.role_id.to_string(),
        role_key: role.key.clone(),
        department_id: u.department_id.to_string(),
        language: u.language.clone(),
        active: u.active,
        permissions: role_permissions(role)
            .iter()
            .map(|p| p.key().to_owned())
            .collect(),
        data_scope: role.data_scope.clone(),
        version: u.version,
        created_at: u.created_at,
        tenant: tenant.map(|t| TenantDto {
            id: t.tenant_id.to_string(),
            slug: t.slug.clone(),
            name: t.name.clone(),
            time_zone: t.time_zone.clone(),
            currency: t.currency.clone(),
        }),
    }
}

// ----- departments -----

// ----- users -----

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Part of a name or e-mail.
    pub q: Option<String>,
    pub department_id: Option<String>,
    pub active: Option<bool>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    /// `true` answers `{"count"}` instead of a page.
    pub count: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role_id: String,
    /// Defaults to the root department.
    pub department_id: Option<String>,
    pub language: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub name: Option<String>,
    pub department_id: Option<String>,
    pub role_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub language: Option<Option<String>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

async fn users_out(
    state: &AppState,
    caller: &Caller,
    users: &[user::Model],
) -> ApiResult<Vec<UserDto>> {
    let roles = policy::directory(caller, state).store.roles().await?;
    Ok(users
        .iter()
        .filter_map(|u| {
            roles
                .iter()
                .find(|r| r.id == u.role_id)
                .map(|r| user_dto(u, r, None))
        })
        .collect())
}

async fn user_out(
    state: &AppState,
    caller: &Caller,
    u: &user::Model,
    status: StatusCode,
) -> ApiResult<Response> {
    let role = policy::directory(caller, state)
        .store
        .role(u.role_id)
        .await?;
    Ok(Versioned(u.version, user_dto(u, &role, None), status).into_response())
}

#[utoipa::path(get, path = "/users", tag = "organisation", params(UserQuery), responses((status = 200, body = crate::platform::dto::PageOrCount<UserDto>, description = "A page, or with `count=true` the number of records that match")))]
pub async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<Response> {
    let dir = policy::directory(&caller, &state);
    let filter = UserFilter {
        q: q.q,
        department_ids: q
            .department_id
            .as_deref()
            .map(|d| parse_id(d).map_err(|_| ApiError::field("department_id", "invalid_format")))
            .transpose()?
            .map(|d| vec![d]),
        active: q.active,
    };
    if q.count == Some(true) {
        return Ok(Json(Count {
            count: dir.store.count_users(&filter).await?,
        })
        .into_response());
    }
    let page = dir
        .store
        .users(&filter, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    let items = users_out(&state, &caller, &page.items).await?;
    Ok(Json(ListOf {
        items,
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    })
    .into_response())
}

#[utoipa::path(post, path = "/users", tag = "organisation", request_body = NewUser,
    responses((status = 201, body = UserDto), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewUser>,
) -> ApiResult<Response> {
    let admin = policy::user_admin(&caller, &state).await?;
    let mut invalid = Invalid::default();
    let email = invalid.check("email", EmailAddress::parse(&req.email));
    let name = invalid.check("name", Name::parse(&req.name));
    let password = invalid.check("password", NewPassword::parse(&req.password));
    let language = invalid.check(
        "language",
        req.language.as_deref().map(Language::parse).transpose(),
    );
    let (email, name, password, language) = invalid.finish(
        email
            .zip(name)
            .zip(password)
            .zip(language)
            .map(|(((e, n), p), l)| (e, n.into_string(), p, l)),
    )?;
    let role_id = body_id("role_id", &req.role_id)?;
    let role = admin
        .store
        .role(role_id)
        .await
        .map_err(|_| ApiError::field("role_id", "unknown_reference"))?;
    admin.check_grant(&role)?;
    let department_id = req
        .department_id
        .as_deref()
        .map(|d| body_id("department_id", d))
        .transpose()?;
    let department_id = match department_id {
        Some(d) => d,
        None => root_department_id(&admin.store).await?,
    };
    admin.check_department(department_id)?;
    let hash = hash_password(&password)?;
    let user = admin
        .store
        .create_user(
            Some(admin.actor),
            email.to_string(),
            name,
            hash,
            role_id,
            Some(department_id),
            language.map(|l| l.tag().to_owned()),
        )
        .await
        .map_err(|e| match e {
            closer_store::StoreError::Conflict("email_taken") => {
                ApiError::conflict("email_taken").with_field("email", "already_exists", None)
            }
            other => other.into(),
        })?;
    Notifier::new(&state)
        .send(
            caller.actor.tenant_id,
            user.id,
            Message::welcome(&caller.tenant.name, &user),
        )
        .await?;
    user_out(&state, &caller, &user, StatusCode::CREATED).await
}

async fn root_department_id(store: &closer_store::TenantStore) -> ApiResult<Uuid> {
    store
        .departments()
        .await?
        .iter()
        .find(|d| d.parent_id.is_none())
        .map(|d| d.id)
        .ok_or_else(ApiError::internal)
}

#[utoipa::path(get, path = "/users/{id}", tag = "organisation", params(("id" = String, Path)),
    responses((status = 200, body = UserDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let dir = policy::directory(&caller, &state);
    let u = dir.store.user(path_id(&id)?).await?;
    user_out(&state, &caller, &u, StatusCode::OK).await
}

#[utoipa::path(patch, path = "/users/{id}", tag = "organisation", params(("id" = String, Path)), request_body = UserPatch,
    responses((status = 200, body = UserDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, description = "`last_admin`: the change would leave the company without an active administrator; `email_taken`", body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<UserPatch>,
) -> ApiResult<Response> {
    let admin = policy::user_admin(&caller, &state).await?;
    let target = admin.target(path_id(&id)?).await?;
    let name = req
        .name
        .as_deref()
        .map(|n| name_field("name", n))
        .transpose()?;
    let department_id = req
        .department_id
        .as_deref()
        .map(|d| body_id("department_id", d))
        .transpose()?;
    if let Some(d) = department_id {
        admin.check_department(d)?;
    }
    let role_id = req
        .role_id
        .as_deref()
        .map(|r| body_id("role_id", r))
        .transpose()?;
    if let Some(r) = role_id {
        let role = admin
            .store
            .role(r)
            .await
            .map_err(|_| ApiError::field("role_id", "unknown_reference"))?;
        admin.check_grant(&role)?;
    }
    let language = req
        .language
        .map(|l| l.as_deref().map(Language::parse).transpose())
        .transpose()
        .map_err(|e| ApiError::invalid("language", e))?
        .map(|l| l.map(|l| l.tag().to_owned()));
    let changes = UserChanges {
        name,
        department_id,
        role_id,
        language,
        ..UserChanges::default()
    };
    let user = admin
        .store
        .update_user(Some(admin.actor), target.id, version, changes)
        .await?;
    if role_id.is_some_and(|r| r != target.role_id) {
        let role = admin.store.role(user.role_id).await?;
        Notifier::new(&state)
            .send(
                caller.actor.tenant_id,
                user.id,
                Message::role_changed(&role.name),
            )
            .await?;
    }
    user_out(&state, &caller, &user, StatusCode::OK).await
}

async fn set_active(
    state: &AppState,
    caller: &Caller,
    id: &str,
    version: Option<i32>,
    active: bool,
) -> ApiResult<Response> {
    let admin = policy::user_admin(caller, state).await?;
    let target = admin.target(path_id(id)?).await?;
    if target.id == caller.actor.user_id && !active {
        return Err(ApiError::conflict("cannot_deactivate_self"));
    }
    let changes = UserChanges {
        active: Some(active),
        ..UserChanges::default()
    };
    let user = admin
        .store
        .update_user(Some(admin.actor), target.id, version, changes)
        .await?;
    if !active {
        // Approvals waiting on them go to the head above them; the trail says so.
        admin.store.reassign_approvals_of(user.id).await?;
    }
    user_out(state, caller, &user, StatusCode::OK).await
}

/// What to do with a departing user's customers.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Deactivation {
    /// Move all their customers, with open leads, opportunities and planned work, to this
    /// active user in the caller's scope first (as `POST /customers/transfer` does).
    pub transfer_customers_to: Option<String>,
}

#[utoipa::path(post, path = "/users/{id}/deactivate", tag = "organisation", params(("id" = String, Path)), request_body(content = Option<Deactivation>),
    responses((status = 200, body = UserDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn deactivate_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(v): IfMatch,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let req: Deactivation = if body.iter().all(u8::is_ascii_whitespace) {
        Deactivation::default()
    } else {
        crate::platform::extract::parse_json(&body)?
    };
    let Some(to) = req.transfer_customers_to else {
        return set_active(&state, &caller, &id, v, false).await;
    };
    // Check the new owner before anything changes; then deactivate, then hand over.
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    owned.require(Permission::CustomersTransfer)?;
    let to = crate::platform::policy::owner_field(&owned, &to)
        .await
        .map_err(|_| ApiError::field("transfer_customers_to", "unknown_reference"))?;
    let from = path_id(&id)?;
    if to == from {
        return Err(ApiError::field("transfer_customers_to", "not_allowed"));
    }
    let answer = set_active(&state, &caller, &id, v, false).await?;
    owned
        .store
        .transfer_customers(
            owned.actor.user_id,
            &closer_store::customers::transfer::Transfer {
                from,
                to,
                customer_ids: None,
            },
        )
        .await?;
    Ok(answer)
}

#[utoipa::path(post, path = "/users/{id}/reactivate", tag = "organisation", params(("id" = String, Path)),
    responses((status = 200, body = UserDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn reactivate_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    IfMatch(v): IfMatch,
) -> ApiResult<Response> {
    set_active(&state, &caller, &id, v, true).await
}

#[utoipa::path(post, path = "/users/{id}/password", tag = "organisation", params(("id" = String, Path)), request_body = PasswordReset,
    responses((status = 200, body = UserDto), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PasswordReset>,
) -> ApiResult<Response> {
    let admin = policy::user_admin(&caller, &state).await?;
    let target = admin.target(path_id(&id)?).await?;
    let password =
        NewPassword::parse(&req.password).map_err(|e| ApiError::invalid("password", e))?;
    let changes = UserChanges {
        password_hash: Some(hash_password(&password)?),
        ..UserChanges::default()
    };
    let user = admin
        .store
        .update_user(Some(admin.actor), target.id, None, changes)
        .await?;
    Notifier::new(&state)
        .send(caller.actor.tenant_id, user.id, Message::password_reset())
        .await?;
    user_out(&state, &caller, &user, StatusCode::OK).await
}

// ----- roles -----
