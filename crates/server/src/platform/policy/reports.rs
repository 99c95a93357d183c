//! Who reads the company's figures: targets, completion, performance, pay and the results
//! reports, each within the caller's data scope.

use closer_domain::{access::OwnerFilter, org::Permission};
use uuid::Uuid;

use super::{owned, Owned};
use crate::platform::{caller::Caller, error::ApiResult, state::AppState};

/// The permission a results report (analytics, dashboards, regions) reads with:
/// `analytics.read`, or for a seller without it `opportunities.read` — the data scope is
/// the same either way. `None` when the caller has neither.
#[must_use]
pub fn report_permission(caller: &Caller) -> Option<Permission> {
    [Permission::AnalyticsRead, Permission::OpportunitiesRead]
        .into_iter()
        .find(|p| caller.actor.can(*p))
}

/// A caller reading a results report, within their data scope.
///
/// # Errors
/// 403 without `analytics.read` or `opportunities.read`.
pub async fn report_reader(caller: &Caller, state: &AppState) -> ApiResult<Owned> {
    owned(
        caller,
        state,
        report_permission(caller).unwrap_or(Permission::AnalyticsRead),
    )
    .await
}

/// A caller reading a results report by people and departments (regions), within their
/// data scope.
///
/// # Errors
/// 403 without `analytics.read` or `opportunities.read`.
pub async fn report_scope_reader(caller: &Caller, state: &AppState) -> ApiResult<ScopeReader> {
    scope_reader(
        caller,
        state,
        report_permission(caller).unwrap_or(Permission::AnalyticsRead),
    )
    .await
}

/// A caller reading targets, completion, performance or pay: the people and departments
/// in their data scope; the company's own figures only for those who see the whole tenant.
pub struct ScopeReader {
    pub owned: Owned,
    /// Departments whose rows the caller sees; `None` = all.
    departments: Option<std::collections::HashSet<Uuid>>,
}

/// # Errors
/// 403 without `read`.
pub async fn scope_reader(
    caller: &Caller,
    state: &AppState,
    read: Permission,
) -> ApiResult<ScopeReader> {
    let owned = owned(caller, state, read).await?;
    let departments =
        match OwnerFilter::for_actor(&caller.actor, &owned.store.department_nodes().await?) {
            OwnerFilter::Everyone => None,
            OwnerFilter::User(_) => Some(std::collections::HashSet::new()),
            OwnerFilter::Departments(set) => Some(set),
        };
    Ok(ScopeReader { owned, departments })
}

impl ScopeReader {
    #[must_use]
    pub fn sees_user(&self, user: Uuid) -> bool {
        self.owned.sees(Some(user))
    }

    #[must_use]
    pub fn sees_department(&self, department: Uuid) -> bool {
        self.departments
            .as_ref()
            .is_none_or(|set| set.contains(&department))
    }

    #[must_use]
    pub fn sees_company(&self) -> bool {
        self.departments.is_none()
    }
}

/// A caller who manages what `read` reads (plans and visit rules: `targets.manage`; pay:
/// `performance.manage`). These are the company's: the permission decides, not the scope.
///
/// # Errors
/// 403 without both permissions.
pub async fn manager(
    caller: &Caller,
    state: &AppState,
    read: Permission,
    manage: Permission,
) -> ApiResult<Owned> {
    let owned = owned(caller, state, read).await?;
    owned.require(manage)?;
    Ok(owned)
}
