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

/// What of a dashboard the caller sees beside the figures: deals by name (the stuck deals)
/// with `opportunities.read`, the target and its completion with `targets.read`. A reader
/// by `analytics.read` alone (finance, marketing) sees totals only.
#[must_use]
pub fn dashboard_view(caller: &Caller) -> (bool, bool) {
    (
        caller.actor.can(Permission::OpportunitiesRead),
        caller.actor.can(Permission::TargetsRead),
    )
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

    /// The departments of `part` (a department's subtree) the caller sees: all of them, or
    /// some, or none (a rep who sees only their own records).
    #[must_use]
    pub fn seen_in(&self, part: &std::collections::HashSet<Uuid>) -> Option<Vec<Uuid>> {
        self.departments
            .as_ref()
            .map(|set| part.iter().filter(|d| set.contains(d)).copied().collect())
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

/// Whose target a report may show.
#[derive(Clone, Copy)]
pub enum TargetUnit {
    Company,
    Department(Uuid),
    User(Uuid),
}

/// The unit whose target a caller reads: the owner or department filtered by — when the
/// caller may see it whole —, else the caller's own unit (a rep's self, a department-wide
/// reader's department, a tenant-wide reader's company). `None` when the filter names what
/// the caller may not see: no target is shown rather than another one.
///
/// # Errors
/// When the database fails.
pub async fn target_unit(
    caller: &Caller,
    owned: &Owned,
    department: Option<Uuid>,
    owner: Option<Uuid>,
) -> ApiResult<Option<TargetUnit>> {
    use closer_domain::org::DataScope;
    if let Some(owner) = owner {
        let seen = owned.visible_owners().is_none_or(|v| v.contains(&owner));
        return Ok(seen.then_some(TargetUnit::User(owner)));
    }
    if let Some(department) = department {
        let seen = match caller.actor.scope {
            DataScope::Tenant => true,
            DataScope::Subtree => {
                let nodes = owned.store.department_nodes().await?;
                closer_domain::org::subtree(&nodes, caller.user.department_id).contains(&department)
            }
            DataScope::Department => department == caller.user.department_id,
            DataScope::Own => false,
        };
        return Ok(seen.then_some(TargetUnit::Department(department)));
    }
    Ok(Some(match caller.actor.scope {
        DataScope::Tenant => TargetUnit::Company,
        DataScope::Department | DataScope::Subtree => {
            TargetUnit::Department(caller.user.department_id)
        }
        DataScope::Own => TargetUnit::User(caller.user.id),
    }))
}
