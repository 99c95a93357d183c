//! Organisation: departments, roles and users of one tenant.

use closer_domain::org::{check_move, DepartmentNode, TreeError};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{department, role, user},
    platform::page::Page,
    platform::write::{self, check_version},
    StoreError, TenantStore,
};

/// Changes to a department; `None` leaves a field as it is.
#[derive(Debug, Default, Clone)]
pub struct DepartmentChanges {
    pub name: Option<String>,
    pub parent_id: Option<Option<Uuid>>,
    pub is_sales_region: Option<bool>,
    pub head_user_id: Option<Option<Uuid>>,
}

/// Changes to a role.
#[derive(Debug, Default, Clone)]
pub struct RoleChanges {
    pub name: Option<String>,
    pub data_scope: Option<String>,
    pub permissions: Option<Vec<String>>,
}

/// Changes to a user.
#[derive(Debug, Default, Clone)]
pub struct UserChanges {
    pub name: Option<String>,
    pub department_id: Option<Uuid>,
    pub role_id: Option<Uuid>,
    pub language: Option<Option<String>>,
    pub active: Option<bool>,
    pub password_hash: Option<String>,
}

/// Filters of the user list.
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub q: Option<String>,
    pub department_ids: Option<Vec<Uuid>>,
    pub active: Option<bool>,
}

impl From<TreeError> for StoreError {
    fn from(err: TreeError) -> Self {
        match err {
            TreeError::UnknownParent => Self::Conflict("unknown_parent"),
            TreeError::Cycle => Self::Conflict("department_cycle"),
            TreeError::RootHasNoParent => Self::Conflict("root_has_no_parent"),
        }
    }
}

impl TenantStore {
    // ----- departments -----

    /// Every department of the tenant (a tenant has at most a few thousand).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn departments(&self) -> Result<Vec<department::Model>, StoreError> {
        departments_in(self.db(), self.tenant_id).await
    }

    /// The tree shape of the tenant's departments, for scope rules.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn department_nodes(&self) -> Result<Vec<DepartmentNode>, StoreError> {
        let rows: Vec<(Uuid, Option<Uuid>)> = department::Entity::find()
            .select_only()
            .column(department::Column::Id)
            .column(department::Column::ParentId)
            .filter(department::Column::TenantId.eq(self.tenant_id))
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, parent_id)| DepartmentNode { id, parent_id })
            .collect())
    }

    /// # Errors
    /// `NotFound` when the tenant has no such department.
    pub async fn department(&self, id: Uuid) -> Result<department::Model, StoreError> {
        find_department(self.db(), self.tenant_id, id).await
    }

    /// Creates a department under `parent_id` (the root when absent).
    ///
    /// # Errors
    /// `Conflict` for an unknown parent or head; database failures.
    pub async fn create_department(
        &self,
        actor: Uuid,
        name: String,
        parent_id: Option<Uuid>,
        is_sales_region: bool,
        head_user_id: Option<Uuid>,
    ) -> Result<department::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let parent_id = match parent_id {
            Some(p) => Some(p),
            None => Some(root_department(&*txn, self.tenant_id).await?.id),
        };
        if let Some(parent) = parent_id {
            if find_department(&*txn, self.tenant_id, parent)
                .await
                .is_err()
            {
                return Err(StoreError::Conflict("unknown_parent"));
            }
        }
        if let Some(head) = head_user_id {
            check_user_exists(&*txn, self.tenant_id, head).await?;
        }
        let now = crate::now();
        let model = department::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            parent_id,
            name,
            is_sales_region,
            head_user_id,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let model =
            write::insert::<department::Entity, _>(&*txn, self.tenant_id, Some(actor), model)
                .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// Renames, moves or re-marks a department.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`, `Conflict` (cycle, unknown parent or head).
    pub async fn update_department(
        &self,
        actor: Uuid,
        id: Uuid,
        expected_version: Option<i32>,
        changes: DepartmentChanges,
    ) -> Result<department::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = find_department(&*txn, self.tenant_id, id).await?;
        check_version(expected_version, before.version)?;
        let mut after = before.clone();
        if let Some(name) = changes.name {
            after.name = name;
        }
        if let Some(parent) = changes.parent_id {
            if parent != before.parent_id {
                let nodes: Vec<DepartmentNode> = departments_in(&*txn, self.tenant_id)
                    .await?
                    .iter()
                    .map(|d| DepartmentNode {
                        id: d.id,
                        parent_id: d.parent_id,
                    })
                    .collect();
                if parent.is_none() && before.parent_id.is_some() {
                    // A second root would split the tree: every department hangs under the root.
                    return Err(StoreError::Conflict("root_has_no_parent"));
                }
                check_move(&nodes, id, parent)?;
            }
            after.parent_id = parent;
        }
        if let Some(flag) = changes.is_sales_region {
            after.is_sales_region = flag;
        }
        if let Some(head) = changes.head_user_id {
            if let Some(head) = head {
                check_user_exists(&*txn, self.tenant_id, head).await?;
            }
            after.head_user_id = head;
        }
        let saved = write::update::<department::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "updated",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    // ----- roles -----

    /// # Errors
    /// When the database fails.
    pub async fn roles(&self) -> Result<Vec<role::Model>, StoreError> {
        Ok(role::Entity::find()
            .filter(role::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(role::Column::Id)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such role.
    pub async fn role(&self, id: Uuid) -> Result<role::Model, StoreError> {
        role::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// `NotFound` when the tenant has no role with that key.
    pub async fn role_by_key(&self, key: &str) -> Result<role::Model, StoreError> {
        role::Entity::find()
            .filter(role::Column::TenantId.eq(self.tenant_id))
            .filter(role::Column::Key.eq(key))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// `Conflict("already_exists")` for a key in use.
    pub async fn create_role(
        &self,
        actor: Option<Uuid>,
        key: String,
        name: String,
        data_scope: String,
        permissions: Vec<String>,
        is_builtin: bool,
    ) -> Result<role::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = new_role(
            self.tenant_id,
            key,
            name,
            data_scope,
            permissions,
            is_builtin,
        );
        let model = write::insert::<role::Entity, _>(&*txn, self.tenant_id, actor, model).await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_role(
        &self,
        actor: Uuid,
        id: Uuid,
        expected_version: Option<i32>,
        changes: RoleChanges,
    ) -> Result<role::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = role::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        check_version(expected_version, before.version)?;
        let mut after = before.clone();
        if let Some(name) = changes.name {
            after.name = name;
        }
        if let Some(scope) = changes.data_scope {
            after.data_scope = scope;
        }
        if let Some(perms) = changes.permissions {
            after.permissions = serde_json::json!(perms);
        }
        let saved = write::update::<role::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "updated",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        self.store.bump_auth_generation();
        Ok(saved)
    }

    // ----- users -----

    /// A page of users, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn users(
        &self,
        filter: &UserFilter,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<user::Model>, StoreError> {
        let rows = user::Entity::find()
            .filter(user_condition(self.tenant_id, filter))
            .apply_if(after, |q, cursor| q.filter(user::Column::Id.gt(cursor)))
            .order_by_asc(user::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |u| u.id))
    }

    /// The ids of the users in these departments, active or not: whose records a
    /// department-scoped caller sees. Only the ids are read, from the department index.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn user_ids_in_departments(
        &self,
        departments: &[Uuid],
    ) -> Result<Vec<Uuid>, StoreError> {
        if departments.is_empty() {
            return Ok(Vec::new());
        }
        Ok(user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::TenantId.eq(self.tenant_id))
            .filter(user::Column::DepartmentId.is_in(departments.to_vec()))
            .into_tuple()
            .all(self.db())
            .await?)
    }

    /// How many users match the filter.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_users(&self, filter: &UserFilter) -> Result<u64, StoreError> {
        Ok(user::Entity::find()
            .filter(user_condition(self.tenant_id, filter))
            .count(self.db())
            .await?)
    }

    /// The tenant's users among `ids` (others are left out).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn users_by_ids(&self, ids: &[Uuid]) -> Result<Vec<user::Model>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(self.tenant_id))
            .filter(user::Column::Id.is_in(ids.to_vec()))
            .all(self.db())
            .await?)
    }

    /// The active users holding one of these roles.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn active_users_with_roles(
        &self,
        roles: &[Uuid],
    ) -> Result<Vec<user::Model>, StoreError> {
        if roles.is_empty() {
            return Ok(Vec::new());
        }
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(self.tenant_id))
            .filter(user::Column::RoleId.is_in(roles.to_vec()))
            .filter(user::Column::Active.eq(true))
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such user.
    pub async fn user(&self, id: Uuid) -> Result<user::Model, StoreError> {
        user::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// `NotFound` when nobody in the tenant has that (lower-cased) e-mail.
    pub async fn user_by_email(&self, email: &str) -> Result<user::Model, StoreError> {
        user::Entity::find()
            .filter(user::Column::TenantId.eq(self.tenant_id))
            .filter(user::Column::Email.eq(email))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Creates a user; the department defaults to the root.
    ///
    /// # Errors
    /// `Conflict("already_exists")` for an e-mail in use, `Conflict("unknown_role")`,
    /// `Conflict("unknown_department")`.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_user(
        &self,
        actor: Option<Uuid>,
        email: String,
        name: String,
        password_hash: String,
        role_id: Uuid,
        department_id: Option<Uuid>,
        language: Option<String>,
    ) -> Result<user::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = insert_user(
            &*txn,
            self.tenant_id,
            actor,
            email,
            name,
            password_hash,
            role_id,
            department_id,
            language,
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound`, `StaleVersion`, `Conflict` for an unknown role or department.
    pub async fn update_user(
        &self,
        actor: Option<Uuid>,
        id: Uuid,
        expected_version: Option<i32>,
        changes: UserChanges,
    ) -> Result<user::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = user::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        check_version(expected_version, before.version)?;
        let mut after = before.clone();
        let mut action = "updated";
        if let Some(name) = changes.name {
            after.name = name;
        }
        if let Some(dept) = changes.department_id {
            if find_department(&*txn, self.tenant_id, dept).await.is_err() {
                return Err(StoreError::Conflict("unknown_department"));
            }
            after.department_id = dept;
        }
        if let Some(role_id) = changes.role_id {
            check_role_exists(&*txn, self.tenant_id, role_id).await?;
            after.role_id = role_id;
        }
        if let Some(language) = changes.language {
            after.language = language;
        }
        if let Some(active) = changes.active {
            action = if active { "reactivated" } else { "deactivated" };
            after.active = active;
        }
        if let Some(hash) = changes.password_hash {
            action = "password_reset";
            after.password_hash = hash;
        }
        let saved =
            write::update::<user::Entity, _>(&*txn, self.tenant_id, actor, action, &before, after)
                .await?;
        record_moves(&*txn, &before, &saved).await?;
        if (saved.role_id != before.role_id || !saved.active)
            && active_admins(&*txn, self.tenant_id).await? == 0
        {
            // The change would leave a company nobody can administer.
            return Err(StoreError::Conflict("last_admin"));
        }
        if !saved.active || saved.password_hash != before.password_hash {
            // A deactivated user, or one whose password was reset, is signed out everywhere.
            crate::platform::auth::end_user_sessions(&*txn, self.tenant_id, id).await?;
        }
        txn.commit().await?;
        self.store.bump_auth_generation();
        Ok(saved)
    }
}

fn user_condition(tenant_id: Uuid, filter: &UserFilter) -> Condition {
    let mut cond = Condition::all().add(user::Column::TenantId.eq(tenant_id));
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let q = q.to_lowercase();
        cond = cond.add(
            Condition::any()
                .add(crate::platform::dialect::contains_text(
                    user::Column::Name,
                    &q,
                ))
                .add(crate::platform::dialect::contains_text(
                    user::Column::Email,
                    &q,
                )),
        );
    }
    if let Some(depts) = &filter.department_ids {
        cond = cond.add(user::Column::DepartmentId.is_in(depts.clone()));
    }
    if let Some(active) = filter.active {
        cond = cond.add(user::Column::Active.eq(active));
    }
    cond
}

pub(crate) fn new_role(
    tenant_id: Uuid,
    key: String,
    name: String,
    data_scope: String,
    permissions: Vec<String>,
    is_builtin: bool,
) -> role::Model {
    let now = crate::now();
    role::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        key,
        name,
        data_scope,
        permissions: serde_json::json!(permissions),
        is_builtin,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_user<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    email: String,
    name: String,
    password_hash: String,
    role_id: Uuid,
    department_id: Option<Uuid>,
    language: Option<String>,
) -> Result<user::Model, StoreError> {
    check_role_exists(conn, tenant_id, role_id).await?;
    let department_id = match department_id {
        Some(d) => {
            if find_department(conn, tenant_id, d).await.is_err() {
                return Err(StoreError::Conflict("unknown_department"));
            }
            d
        }
        None => root_department(conn, tenant_id).await?.id,
    };
    let exists = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Email.eq(&email))
        .count(conn)
        .await?;
    if exists > 0 {
        return Err(StoreError::Conflict("email_taken"));
    }
    let now = crate::now();
    let model = user::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        email,
        name,
        password_hash,
        role_id,
        department_id,
        language,
        active: true,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    write::insert::<user::Entity, _>(conn, tenant_id, actor, model).await
}

async fn departments_in<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<Vec<department::Model>, StoreError> {
    Ok(department::Entity::find()
        .filter(department::Column::TenantId.eq(tenant_id))
        .order_by_asc(department::Column::Id)
        .all(conn)
        .await?)
}

async fn find_department<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<department::Model, StoreError> {
    department::Entity::find_by_id((tenant_id, id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

pub(crate) async fn root_department<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<department::Model, StoreError> {
    department::Entity::find()
        .filter(department::Column::TenantId.eq(tenant_id))
        .filter(department::Column::ParentId.is_null())
        .order_by_asc(department::Column::Id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

async fn check_user_exists<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<(), StoreError> {
    let n = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.eq(id))
        .count(conn)
        .await?;
    if n == 0 {
        return Err(StoreError::Conflict("unknown_user"));
    }
    Ok(())
}

async fn check_role_exists<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<(), StoreError> {
    let n = role::Entity::find()
        .filter(role::Column::TenantId.eq(tenant_id))
        .filter(role::Column::Id.eq(id))
        .count(conn)
        .await?;
    if n == 0 {
        return Err(StoreError::Conflict("unknown_role"));
    }
    Ok(())
}

/// How many active users hold the built-in administrator role.
async fn active_admins<C: ConnectionTrait>(conn: &C, tenant_id: Uuid) -> Result<u64, StoreError> {
    let admin_roles = role::Entity::find()
        .select_only()
        .column(role::Column::Id)
        .filter(role::Column::TenantId.eq(tenant_id))
        .filter(role::Column::Key.eq("admin"))
        .into_query();
    Ok(user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::RoleId.in_subquery(admin_roles))
        .count(conn)
        .await?)
}

/// Keeps a user's move to another department, departure or return beside the user, so
/// credit stays where it was earned (`targets::completion`).
async fn record_moves<C: ConnectionTrait>(
    conn: &C,
    before: &user::Model,
    after: &user::Model,
) -> Result<(), StoreError> {
    use crate::entity::user_move;
    let mut moves = Vec::new();
    let at = crate::now();
    let row = |kind: &str, from: Option<Uuid>, to: Option<Uuid>| user_move::Model {
        tenant_id: after.tenant_id,
        id: closer_domain::ids::new_id(),
        user_id: after.id,
        at,
        kind: kind.into(),
        from_department_id: from,
        to_department_id: to,
    };
    if before.department_id != after.department_id {
        moves.push(row(
            "department",
            Some(before.department_id),
            Some(after.department_id),
        ));
    }
    if before.active != after.active {
        let kind = if after.active {
            "reactivated"
        } else {
            "deactivated"
        };
        moves.push(row(kind, None, None));
    }
    if !moves.is_empty() {
        user_move::Entity::insert_many(
            moves
                .into_iter()
                .map(sea_orm::IntoActiveModel::into_active_model),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}
