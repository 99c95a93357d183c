//! The access policy: the one place that decides what a caller may do to which record.
//!
//! Handlers ask it for a capability (a tenant-scoped store handle plus the checks already
//! made); without one they cannot reach the data. Out-of-tenant records are never found
//! (404); records visible to the caller but outside their data scope for the action are
//! refused with 403.

use closer_domain::{access::OwnerFilter, org::Permission};
use closer_store::{entity::user, TenantStore};
use uuid::Uuid;

use crate::{error::ApiError, session::Caller, AppState};

/// Read access to the tenant's directory: departments, users, roles. Every signed-in user
/// has it, since owners, heads and approvers are picked from it.
pub struct Directory {
    pub store: TenantStore,
}

/// Permission to create and change departments.
pub struct OrgAdmin {
    pub store: TenantStore,
    pub actor: Uuid,
}

/// Permission to create and change users within the caller's data scope.
pub struct UserAdmin {
    pub store: TenantStore,
    pub actor: Uuid,
    filter: OwnerFilter,
    grantable: std::collections::BTreeSet<Permission>,
}

/// Permission to create and change roles.
pub struct RoleAdmin {
    pub store: TenantStore,
    pub actor: Uuid,
}

/// The caller's own things: inbox, API tokens, profile.
pub struct Own {
    pub store: TenantStore,
    pub user_id: Uuid,
}

fn tenant_store(caller: &Caller, state: &AppState) -> TenantStore {
    state.store.tenant(caller.actor.tenant_id)
}

fn require(caller: &Caller, permission: Permission) -> Result<(), ApiError> {
    if caller.actor.can(permission) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

#[must_use]
pub fn directory(caller: &Caller, state: &AppState) -> Directory {
    Directory {
        store: tenant_store(caller, state),
    }
}

#[must_use]
pub fn own(caller: &Caller, state: &AppState) -> Own {
    Own {
        store: tenant_store(caller, state),
        user_id: caller.actor.user_id,
    }
}

/// # Errors
/// 403 without `org.manage`.
pub fn org_admin(caller: &Caller, state: &AppState) -> Result<OrgAdmin, ApiError> {
    require(caller, Permission::OrgManage)?;
    Ok(OrgAdmin {
        store: tenant_store(caller, state),
        actor: caller.actor.user_id,
    })
}

/// Permission to change tenant settings and rules (assignment rules, pool, duplicates).
pub struct SettingsAdmin {
    pub store: TenantStore,
    pub actor: Uuid,
}

/// # Errors
/// 403 without `settings.manage`.
pub fn settings_admin(caller: &Caller, state: &AppState) -> Result<SettingsAdmin, ApiError> {
    require(caller, Permission::SettingsManage)?;
    Ok(SettingsAdmin {
        store: tenant_store(caller, state),
        actor: caller.actor.user_id,
    })
}

/// # Errors
/// 403 without `roles.manage`.
pub fn role_admin(caller: &Caller, state: &AppState) -> Result<RoleAdmin, ApiError> {
    require(caller, Permission::RolesManage)?;
    Ok(RoleAdmin {
        store: tenant_store(caller, state),
        actor: caller.actor.user_id,
    })
}

/// # Errors
/// 403 without `users.manage`.
pub async fn user_admin(caller: &Caller, state: &AppState) -> Result<UserAdmin, ApiError> {
    require(caller, Permission::UsersManage)?;
    let store = tenant_store(caller, state);
    let nodes = store.department_nodes().await?;
    let filter = OwnerFilter::for_actor(&caller.actor, &nodes);
    Ok(UserAdmin {
        store,
        actor: caller.actor.user_id,
        filter,
        grantable: caller.actor.permissions.clone(),
    })
}

/// Whether the caller may jump to a job's progress: their own jobs, or any of the tenant's
/// with `jobs.run`.
#[must_use]
pub fn may_see_job(caller: &Caller, job_tenant: Option<Uuid>, requested_by: Option<Uuid>) -> bool {
    job_tenant == Some(caller.actor.tenant_id)
        && (requested_by == Some(caller.actor.user_id) || caller.actor.can(Permission::JobsRun))
}

/// Whether the caller may read a record's history.
#[must_use]
pub fn may_read_history(caller: &Caller, record_type: &str, record_id: Uuid) -> bool {
    match record_type {
        "users" => caller.actor.can(Permission::UsersManage) || record_id == caller.actor.user_id,
        _ => true,
    }
}

impl UserAdmin {
    /// A user the admin may change: in the tenant (else 404) and in scope (else 403).
    ///
    /// # Errors
    /// 404 outside the tenant, 403 outside the data scope.
    pub async fn target(&self, id: Uuid) -> Result<user::Model, ApiError> {
        let user = self.store.user(id).await?;
        self.check_department(user.department_id)?;
        Ok(user)
    }

    /// Whether the admin may place a user in this department.
    ///
    /// # Errors
    /// 403 when the department is outside the data scope.
    pub fn check_department(&self, department_id: Uuid) -> Result<(), ApiError> {
        let in_scope = match &self.filter {
            OwnerFilter::Everyone => true,
            OwnerFilter::User(_) => false,
            OwnerFilter::Departments(set) => set.contains(&department_id),
        };
        if in_scope {
            Ok(())
        } else {
            Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "out_of_scope",
            ))
        }
    }

    /// Whether the admin may give a user this role: only roles granting nothing the admin
    /// lacks, so nobody can raise anyone above themselves.
    ///
    /// # Errors
    /// 403 when the role grants more than the admin has.
    pub fn check_grant(&self, role: &closer_store::entity::role::Model) -> Result<(), ApiError> {
        if crate::session::role_permissions(role).is_subset(&self.grantable) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// Records that have an owner (leads, customers, contacts, opportunities): the caller's view
/// of them by their data scope. Pool records (no owner) are visible to every holder of the
/// read permission, and changed only through claiming — or by a caller whose scope is the
/// whole tenant.
pub struct Owned {
    pub store: TenantStore,
    pub actor: closer_domain::access::Actor,
    /// Owners whose records the caller sees; `None` = every owner.
    visible_owners: Option<Vec<Uuid>>,
}

/// # Errors
/// 403 without `read`.
pub async fn owned(caller: &Caller, state: &AppState, read: Permission) -> Result<Owned, ApiError> {
    require(caller, read)?;
    let store = tenant_store(caller, state);
    let visible_owners =
        match OwnerFilter::for_actor(&caller.actor, &store.department_nodes().await?) {
            OwnerFilter::Everyone => None,
            OwnerFilter::User(u) => Some(vec![u]),
            OwnerFilter::Departments(depts) => {
                let filter = closer_store::org::UserFilter {
                    department_ids: Some(depts.into_iter().collect()),
                    ..Default::default()
                };
                Some(
                    store
                        .users(&filter, None, 100_000)
                        .await?
                        .items
                        .into_iter()
                        .map(|u| u.id)
                        .collect(),
                )
            }
        };
    Ok(Owned {
        store,
        actor: caller.actor.clone(),
        visible_owners,
    })
}

impl Owned {
    /// The list filter: owners whose records the caller may see.
    #[must_use]
    pub fn visible_owners(&self) -> Option<&Vec<Uuid>> {
        self.visible_owners.as_ref()
    }

    /// Whether a record with this owner is visible (a pool record always is).
    #[must_use]
    pub fn sees(&self, owner: Option<Uuid>) -> bool {
        match (owner, &self.visible_owners) {
            (None, _) | (Some(_), None) => true,
            (Some(o), Some(list)) => list.contains(&o),
        }
    }

    /// Whether the caller sees work a user started (an import): their own, or anyone's for a
    /// caller who sees the whole tenant.
    #[must_use]
    pub fn sees_work_of(&self, user: Uuid) -> bool {
        user == self.actor.user_id || self.visible_owners.is_none()
    }

    /// Whether the caller may change a record with this owner: in scope, or a pool record
    /// for a caller who sees the whole tenant.
    #[must_use]
    pub fn may_change(&self, owner: Option<Uuid>) -> bool {
        match owner {
            Some(o) => self.sees(Some(o)),
            None => self.visible_owners.is_none(),
        }
    }

    /// # Errors
    /// 403 without the permission.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.actor.can(permission) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}
