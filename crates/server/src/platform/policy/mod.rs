//! The access policy: the one place that decides what a caller may do to which record.
//!
//! Handlers ask it for a capability (a tenant-scoped store handle plus the checks already
//! made); without one they cannot reach the data. Out-of-tenant records are never found
//! (404); records visible to the caller but outside their data scope for the action are
//! refused with 403.

use closer_domain::{access::OwnerFilter, org::Permission};
use closer_store::{
    activities::documents::DocumentParent,
    entity::{document, user},
    TenantStore,
};
use uuid::Uuid;

mod customer_360;
pub mod labels;
pub mod pool;
pub mod reports;

pub use customer_360::{sees_in_customer_360, Customer360View};

use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::state::AppState,
};

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

/// Who may make API tokens: `org.api_tokens` (a token scoped without it cannot either, so a
/// token never makes its own successors).
///
/// # Errors
/// 403 without `org.api_tokens`.
pub fn token_issuer(caller: &Caller, state: &AppState) -> Result<Own, ApiError> {
    require(caller, Permission::ApiTokensCreate)?;
    Ok(own(caller, state))
}

/// Moving a deal out of won or lost — reopening it, or turning a win into a loss — takes
/// `opportunities.reopen` beside the right to change the deal.
///
/// # Errors
/// 403 without `opportunities.reopen`.
pub fn may_reopen(caller: &Caller) -> Result<(), ApiError> {
    require(caller, Permission::OpportunitiesReopen)
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

/// Whether the caller sees the catalogue's costs (a product's unit cost): those who keep the
/// catalogue; everyone else sees no cost anywhere.
#[must_use]
pub fn sees_costs(caller: &Caller) -> bool {
    caller.actor.can(Permission::SettingsManage)
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
        if crate::platform::session::role_permissions(role).is_subset(&self.grantable) {
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
    /// The same, to answer "is this owner visible" at once.
    visible_set: Option<std::collections::HashSet<Uuid>>,
}

/// # Errors
/// 403 without `read`.
pub async fn owned(caller: &Caller, state: &AppState, read: Permission) -> Result<Owned, ApiError> {
    require(caller, read)?;
    let store = tenant_store(caller, state);
    // Only a subtree scope needs the department tree (read on every scoped request).
    let nodes = if caller.actor.scope == closer_domain::org::DataScope::Subtree {
        store.department_nodes().await?
    } else {
        Vec::new()
    };
    let visible_owners = match OwnerFilter::for_actor(&caller.actor, &nodes) {
        OwnerFilter::Everyone => None,
        OwnerFilter::User(u) => Some(vec![u]),
        OwnerFilter::Departments(depts) => Some(
            store
                .user_ids_in_departments(&depts.into_iter().collect::<Vec<_>>())
                .await?,
        ),
    };
    Ok(Owned {
        store,
        actor: caller.actor.clone(),
        visible_set: visible_owners
            .as_ref()
            .map(|owners| owners.iter().copied().collect()),
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
        match (owner, &self.visible_set) {
            (None, _) | (Some(_), None) => true,
            (Some(o), Some(set)) => set.contains(&o),
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

/// An opportunity the caller may read: owned within their data scope, or one whose team
/// they are on (team members read the deal they work on wherever it sits in the org).
///
/// # Errors
/// 404 when the tenant has no such opportunity or neither holds.
pub async fn readable_opportunity(
    owned: &Owned,
    id: Uuid,
) -> Result<closer_store::entity::opportunity::Model, ApiError> {
    let o = owned.store.opportunity(id).await?;
    if (o.owner_id.is_some() && owned.sees(o.owner_id))
        || owned
            .store
            .is_team_member(o.id, owned.actor.user_id)
            .await?
    {
        Ok(o)
    } else {
        Err(ApiError::not_found())
    }
}

/// An opportunity whose activities the caller reads (`log` false) or logs their own on
/// (`log` true): read as [`readable_opportunity`]; logging needs a deal they may change, or
/// one whose team they are on — members log their own work on the deal they help with.
///
/// # Errors
/// 404 when neither holds.
pub async fn opportunity_for_activities(
    owned: &Owned,
    id: Uuid,
    log: bool,
) -> Result<closer_store::entity::opportunity::Model, ApiError> {
    let o = readable_opportunity(owned, id).await?;
    if log
        && !(o.owner_id.is_some() && owned.may_change(o.owner_id))
        && !owned
            .store
            .is_team_member(o.id, owned.actor.user_id)
            .await?
    {
        return Err(ApiError::not_found());
    }
    Ok(o)
}

/// Whether a caller reads the records kept with a customer or opportunity, or adds and
/// removes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// The caller's hold on a customer or opportunity for what is kept with it (documents):
/// granted only when the caller may read the record, or change it for [`Access::Write`].
pub struct KeptWith {
    pub store: TenantStore,
    pub actor: Uuid,
    pub parent: DocumentParent,
}

/// A document's parent is visible and changeable as the parent itself is: customers by
/// `customers.read`/`customers.write`, opportunities by `opportunities.read`/`…write`, each
/// within the caller's data scope.
///
/// # Errors
/// 403 without the read permission; 404 when the record is not in the tenant or outside the
/// caller's view; 403 for [`Access::Write`] without the write permission or on a pool
/// record the caller may only read.
pub async fn kept_with(
    caller: &Caller,
    state: &AppState,
    parent: DocumentParent,
    access: Access,
) -> Result<KeptWith, ApiError> {
    let (read, write) = match parent {
        DocumentParent::Customer(_) => (Permission::CustomersRead, Permission::CustomersWrite),
        DocumentParent::Opportunity(_) => (
            Permission::OpportunitiesRead,
            Permission::OpportunitiesWrite,
        ),
    };
    let owned = owned(caller, state, read).await?;
    let owner = match parent {
        DocumentParent::Customer(id) => owned.store.customer(id).await?.owner_id,
        DocumentParent::Opportunity(id) => readable_opportunity(&owned, id).await?.owner_id,
    };
    let on_team = matches!(parent, DocumentParent::Opportunity(_));
    if !owned.sees(owner) && !on_team {
        return Err(ApiError::not_found());
    }
    if access == Access::Write {
        owned.require(write)?;
        if owner.is_none() || !owned.may_change(owner) {
            return Err(ApiError::forbidden());
        }
    }
    Ok(KeptWith {
        store: owned.store,
        actor: caller.actor.user_id,
        parent,
    })
}

/// A document the caller may read (or delete, for [`Access::Write`]), with the hold on its
/// parent: the document is exactly as visible and changeable as its customer or
/// opportunity.
///
/// # Errors
/// 404 when the tenant has no such document or its parent is outside the caller's view; as
/// [`kept_with`] otherwise.
pub async fn document(
    caller: &Caller,
    state: &AppState,
    id: Uuid,
    access: Access,
) -> Result<(KeptWith, document::Model), ApiError> {
    let doc = tenant_store(caller, state).document(id).await?;
    let parent = DocumentParent::of(&doc).ok_or_else(ApiError::not_found)?;
    let kept = kept_with(caller, state, parent, access).await?;
    Ok((kept, doc))
}

/// Whether the caller may read a document's history: while it exists, when they may read
/// it; once deleted, when they may read the record it was kept with (named by its history).
///
/// # Errors
/// 404 when neither holds.
pub async fn document_history(caller: &Caller, state: &AppState, id: Uuid) -> Result<(), ApiError> {
    match document(caller, state, id, Access::Read).await {
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => {}
        other => return other.map(|_| ()),
    }
    let entries = tenant_store(caller, state)
        .history("documents", id, 500)
        .await?;
    let parent = entries
        .iter()
        .find_map(|e| parent_in_changes(&e.changes))
        .ok_or_else(ApiError::not_found)?;
    kept_with(caller, state, parent, Access::Read)
        .await
        .map(|_| ())
}

/// The parent a document history entry names (its `customer_id` or `opportunity_id`, as
/// created or as deleted).
fn parent_in_changes(changes: &serde_json::Value) -> Option<DocumentParent> {
    let changes: Vec<closer_store::platform::history::Change> =
        serde_json::from_value(changes.clone()).ok()?;
    changes.iter().find_map(|c| {
        let id = [&c.new, &c.old]
            .into_iter()
            .find_map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))?;
        match c.field.as_str() {
            "customer_id" => Some(DocumentParent::Customer(id)),
            "opportunity_id" => Some(DocumentParent::Opportunity(id)),
            _ => None,
        }
    })
}

/// Checks an owner the caller names: an active user within the caller's scope.
///
/// # Errors
/// 422 naming `owner_id` otherwise.
pub async fn owner_field(owned: &Owned, text: &str) -> ApiResult<Uuid> {
    let id = closer_domain::ids::parse_id(text)
        .map_err(|_| ApiError::field("owner_id", "unknown_reference"))?;
    match owned.store.user(id).await {
        Ok(u) if u.active && owned.sees(Some(u.id)) => Ok(u.id),
        _ => Err(ApiError::field("owner_id", "unknown_reference")),
    }
}

/// A record the caller may see: owned within their scope.
pub fn visible<T>(owned: &Owned, owner: Option<Uuid>, record: T) -> ApiResult<T> {
    if owner.is_some() && owned.sees(owner) {
        Ok(record)
    } else {
        Err(ApiError::not_found())
    }
}

/// A customer the caller may see, or 404.
pub async fn visible_customer(
    owned: &Owned,
    id: &str,
) -> ApiResult<closer_store::entity::customer::Model> {
    let c = owned
        .store
        .customer(crate::platform::extract::path_id(id)?)
        .await?;
    visible(owned, c.owner_id, c)
}

/// A customer the caller may read on its own page: one owned within their scope, or one in
/// the pool (no owner), which anyone who may read customers browses (`GET /customer-pool`,
/// the same rule as its history); its answer masks a pool customer's contact details.
/// Anything else is 404.
pub async fn readable_customer(
    owned: &Owned,
    id: &str,
) -> ApiResult<closer_store::entity::customer::Model> {
    let c = owned
        .store
        .customer(crate::platform::extract::path_id(id)?)
        .await?;
    if c.owner_id.is_none() || owned.sees(c.owner_id) {
        Ok(c)
    } else {
        Err(ApiError::not_found())
    }
}

/// A customer the caller may change, or 404 (403 without the right).
pub async fn changeable_customer(
    owned: &Owned,
    id: &str,
) -> ApiResult<closer_store::entity::customer::Model> {
    owned.require(closer_domain::org::Permission::CustomersWrite)?;
    let c = visible_customer(owned, id).await?;
    if owned.may_change(c.owner_id) {
        Ok(c)
    } else {
        Err(ApiError::not_found())
    }
}

/// A lead the caller may see (404 otherwise).
pub async fn visible_lead(owned: &Owned, id: &str) -> ApiResult<closer_store::entity::lead::Model> {
    let lead = owned
        .store
        .lead(crate::platform::extract::path_id(id)?)
        .await?;
    if !owned.sees(lead.owner_id) {
        return Err(ApiError::not_found());
    }
    Ok(lead)
}

/// A lead the caller may change (404 when not visible, 409 `lead_in_pool` for a pool lead
/// they must claim first).
pub async fn changeable_lead(
    owned: &Owned,
    id: &str,
) -> ApiResult<closer_store::entity::lead::Model> {
    owned.require(closer_domain::org::Permission::LeadsWrite)?;
    let lead = visible_lead(owned, id).await?;
    if !owned.may_change(lead.owner_id) {
        return Err(ApiError::conflict("lead_in_pool"));
    }
    Ok(lead)
}

/// The activities kept with a lead, customer, contact or opportunity: read when the caller
/// sees the record (a deal's team members too), added to when they may change it (team
/// members log their own work on the deal).
pub struct ActivitiesOf {
    pub store: TenantStore,
    pub actor: Uuid,
    pub parent: closer_store::activities::records::Parent,
}

/// # Errors
/// 403 without the record's read (or, for [`Access::Write`] on a lead, write) permission;
/// 404 when the record is not in the tenant or outside what the caller may do with it.
pub async fn activities_of(
    caller: &Caller,
    state: &AppState,
    parent: closer_store::activities::records::Parent,
    access: Access,
) -> Result<ActivitiesOf, ApiError> {
    use closer_store::activities::records::Parent;
    let allowed = |owned: &Owned, owner: Option<Uuid>| match access {
        Access::Read => owned.sees(owner),
        Access::Write => owned.may_change(owner) && owner.is_some(),
    };
    let owned = match parent {
        Parent::Lead(id) => {
            let owned = owned(caller, state, Permission::LeadsRead).await?;
            if access == Access::Write {
                owned.require(Permission::LeadsWrite)?;
            }
            let l = owned.store.lead(id).await?;
            allowed(&owned, l.owner_id).then_some(owned)
        }
        Parent::Customer(id) => {
            let owned = owned(caller, state, Permission::CustomersRead).await?;
            let c = owned.store.customer(id).await?;
            allowed(&owned, c.owner_id).then_some(owned)
        }
        Parent::Contact(id) => {
            let owned = owned(caller, state, Permission::CustomersRead).await?;
            let c = owned.store.contact(id).await?;
            allowed(&owned, c.owner_id).then_some(owned)
        }
        Parent::Opportunity(id) => {
            let owned = owned(caller, state, Permission::OpportunitiesRead).await?;
            opportunity_for_activities(&owned, id, access == Access::Write).await?;
            Some(owned)
        }
    };
    let owned = owned.ok_or_else(ApiError::not_found)?;
    Ok(ActivitiesOf {
        store: owned.store,
        actor: caller.actor.user_id,
        parent,
    })
}

/// One of the caller's own activities, to mark done: planned work belongs to whoever it is
/// planned for (a manager reassigns it by transferring the customer).
///
/// # Errors
/// 404 when the tenant has no such activity or it is someone else's.
pub async fn own_activity(
    caller: &Caller,
    state: &AppState,
    id: Uuid,
) -> Result<(TenantStore, closer_store::entity::activity::Model), ApiError> {
    let store = tenant_store(caller, state);
    let a = store.activity(id).await?;
    if a.owner_id == caller.actor.user_id {
        Ok((store, a))
    } else {
        Err(ApiError::not_found())
    }
}

/// The tenant's data for work no signed-in caller asks for — scheduled and queued jobs, the
/// public web form — named here so that every request a caller makes goes through one of
/// the capabilities above.
#[must_use]
pub fn background(state: &AppState, tenant_id: Uuid) -> TenantStore {
    state.store.tenant(tenant_id)
}

/// An opportunity the caller may change, or 404 (403 without the right).
pub async fn changeable_opportunity(
    owned: &Owned,
    id: &str,
) -> ApiResult<closer_store::entity::opportunity::Model> {
    owned.require(Permission::OpportunitiesWrite)?;
    let o = owned
        .store
        .opportunity(crate::platform::extract::path_id(id)?)
        .await?;
    let o = visible(owned, o.owner_id, o)?;
    if owned.may_change(o.owner_id) {
        Ok(o)
    } else {
        Err(ApiError::not_found())
    }
}

/// The tenant's directory as sign-in reads it: the user behind an e-mail and their role,
/// before there is a caller to ask the policy about.
#[must_use]
pub fn signing_in(state: &AppState, tenant_id: Uuid) -> TenantStore {
    state.store.tenant(tenant_id)
}

/// A contract the caller may read: its owner in their scope, or they are (or were) asked to
/// approve it — an approver reads what they decide on wherever it sits in the org.
///
/// # Errors
/// 404 when the tenant has no such contract or neither holds.
pub async fn readable_contract(
    owned: &Owned,
    id: Uuid,
) -> ApiResult<closer_store::entity::contract::Model> {
    let c = owned.store.contract(id).await?;
    if c.owner_id.is_some_and(|o| owned.sees(Some(o)))
        || (c.owner_id.is_none() && owned.visible_owners().is_none())
    {
        return Ok(c);
    }
    if let Some(a) = c.approval_id {
        if owned.store.is_approver(a, owned.actor.user_id).await? {
            return Ok(c);
        }
    }
    Err(ApiError::not_found())
}

/// A contract the caller may change (edit, submit, amend, order on, end): `contracts.write`
/// and its owner in their scope; else 404 (403 without the right).
///
/// # Errors
/// 403 without `contracts.write`; 404 when not in scope.
pub async fn changeable_contract(
    owned: &Owned,
    id: &str,
) -> ApiResult<closer_store::entity::contract::Model> {
    owned.require(Permission::ContractsWrite)?;
    let c = owned
        .store
        .contract(crate::platform::extract::path_id(id)?)
        .await?;
    if owned.may_change(c.owner_id) {
        Ok(c)
    } else {
        Err(ApiError::not_found())
    }
}

/// Whether the caller may read an approval: they submitted it, are (or were) asked to
/// decide it, or may read the record it is about.
///
/// # Errors
/// When the database fails.
pub async fn may_read_approval(
    caller: &Caller,
    state: &AppState,
    approval: &closer_store::entity::approval::Model,
) -> ApiResult<bool> {
    let me = caller.actor.user_id;
    let store = tenant_store(caller, state);
    if approval.submitted_by == me || store.is_approver(approval.id, me).await? {
        return Ok(true);
    }
    if approval.record_type == "contract" && caller.actor.can(Permission::ContractsRead) {
        let owned = owned(caller, state, Permission::ContractsRead).await?;
        return Ok(readable_contract(&owned, approval.record_id).await.is_ok());
    }
    if approval.record_type == "refund" && caller.actor.can(Permission::CashRead) {
        let owned = owned(caller, state, Permission::CashRead).await?;
        let r = owned.store.refund(approval.record_id).await?;
        return Ok(owned.may_change(r.owner_id));
    }
    Ok(false)
}

/// A caller handling money: `cash.write`, with their scope to say whose records.
///
/// # Errors
/// 403 without `cash.read` and `cash.write`.
pub async fn cash_writer(caller: &Caller, state: &AppState) -> ApiResult<Owned> {
    let owned = owned(caller, state, Permission::CashRead).await?;
    owned.require(Permission::CashWrite)?;
    Ok(owned)
}

/// A contract whose receivables the caller may set or change: `cash.write` or
/// `contracts.write`, and its owner in their scope.
///
/// # Errors
/// 403 without either right; 404 when not in scope.
pub async fn plannable_contract(
    owned: &Owned,
    id: Uuid,
) -> ApiResult<closer_store::entity::contract::Model> {
    if !owned.actor.can(Permission::CashWrite) && !owned.actor.can(Permission::ContractsWrite) {
        return Err(ApiError::forbidden());
    }
    let c = owned.store.contract(id).await?;
    if owned.may_change(c.owner_id) {
        Ok(c)
    } else {
        Err(ApiError::not_found())
    }
}

/// A cash record (payment, invoice, refund) the caller may see: its owner in scope.
///
/// # Errors
/// 404 when not in scope.
pub fn cash_record<T>(owned: &Owned, owner: Option<Uuid>, record: T) -> ApiResult<T> {
    if owned.may_change(owner) {
        Ok(record)
    } else {
        Err(ApiError::not_found())
    }
}
