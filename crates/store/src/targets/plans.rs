//! Target plans: drafted, allocated to units and months, locked; a locked plan changes only
//! by a new version that says why.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::{
    entity::{target_allocation, target_plan},
    StoreError, TenantStore,
};

/// A new plan's fields (checked by the caller).
pub struct NewPlan {
    pub name: String,
    pub metric: String,
    pub year: i32,
    pub total: i64,
}

/// One unit's allocation as it is saved (checked to add up by the caller).
pub struct UnitAllocation {
    pub unit_id: Uuid,
    pub unit_kind: &'static str,
    pub parent_id: Option<Uuid>,
    pub months: [i64; 12],
}

/// A unit's months as saved.
#[must_use]
pub fn months_of(row: &target_allocation::Model) -> [i64; 12] {
    let mut months = [0; 12];
    if let Some(list) = row.months.as_array() {
        for (slot, v) in months.iter_mut().zip(list) {
            *slot = v.as_i64().unwrap_or(0);
        }
    }
    months
}

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_target_plan(
        &self,
        actor: Uuid,
        plan: NewPlan,
    ) -> Result<target_plan::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let now = crate::now();
        let model = target_plan::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            name: plan.name,
            metric: plan.metric,
            year: plan.year,
            total: plan.total,
            status: "draft".into(),
            plan_version: 1,
            reason: None,
            previous_id: None,
            superseded_by: None,
            created_by: Some(actor),
            locked_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let model = crate::platform::write::insert::<target_plan::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            model,
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn target_plan(&self, id: Uuid) -> Result<target_plan::Model, StoreError> {
        target_plan::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Plans, newest year first, optionally of one year.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn target_plans(
        &self,
        year: Option<i32>,
    ) -> Result<Vec<target_plan::Model>, StoreError> {
        let mut q =
            target_plan::Entity::find().filter(target_plan::Column::TenantId.eq(self.tenant_id));
        if let Some(y) = year {
            q = q.filter(target_plan::Column::Year.eq(y));
        }
        Ok(q.order_by_desc(target_plan::Column::Year)
            .order_by_desc(target_plan::Column::Id)
            .all(self.db())
            .await?)
    }

    /// A plan's units in the order they were given.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn target_allocations(
        &self,
        plan_id: Uuid,
    ) -> Result<Vec<target_allocation::Model>, StoreError> {
        // Read by the key, put in order here: a plan has at most a few thousand units.
        let mut units = target_allocation::Entity::find()
            .filter(target_allocation::Column::TenantId.eq(self.tenant_id))
            .filter(target_allocation::Column::PlanId.eq(plan_id))
            .all(self.db())
            .await?;
        units.sort_by_key(|u| u.position);
        Ok(units)
    }

    /// Renames a draft plan or changes its total.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("plan_locked")` once locked.
    pub async fn update_target_plan(
        &self,
        actor: Uuid,
        id: Uuid,
        name: Option<String>,
        total: Option<i64>,
    ) -> Result<target_plan::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = draft(&*txn, self.tenant_id, id).await?;
        let mut after = before.clone();
        if let Some(name) = name {
            after.name = name;
        }
        if let Some(total) = total {
            after.total = total;
        }
        let saved = crate::platform::write::update::<target_plan::Entity, _>(
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

    /// Replaces a draft plan's allocation.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("plan_locked")` once locked.
    pub async fn set_target_allocations(
        &self,
        actor: Uuid,
        id: Uuid,
        units: &[UnitAllocation],
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let plan = draft(&*txn, self.tenant_id, id).await?;
        target_allocation::Entity::delete_many()
            .filter(target_allocation::Column::TenantId.eq(self.tenant_id))
            .filter(target_allocation::Column::PlanId.eq(id))
            .exec(&*txn)
            .await?;
        let rows: Vec<target_allocation::ActiveModel> = units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                target_allocation::Model {
                    tenant_id: self.tenant_id,
                    plan_id: id,
                    unit_id: u.unit_id,
                    unit_kind: u.unit_kind.into(),
                    parent_id: u.parent_id,
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                    months: serde_json::json!(u.months),
                }
                .into_active_model()
            })
            .collect();
        for chunk in rows.chunks(300) {
            target_allocation::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&*txn)
                .await?;
        }
        let mut touched = plan.clone().into_active_model();
        touched.updated_at = sea_orm::Set(crate::now());
        touched.version = sea_orm::Set(plan.version + 1);
        touched.update(&*txn).await?;
        crate::platform::history::record(
            &*txn,
            self.tenant_id,
            Some(actor),
            "target-plans",
            id,
            "allocated",
            &[crate::platform::history::Change {
                field: "units".into(),
                old: serde_json::Value::Null,
                new: serde_json::json!(units.len()),
            }],
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Locks a draft plan: from now on it changes only by a new version.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("plan_locked")` when already locked; `Invalid` on `units`
    /// (`not_allocated`) or `total` (`unbalanced`: the allocation does not add up to it).
    pub async fn lock_target_plan(
        &self,
        actor: Uuid,
        id: Uuid,
    ) -> Result<target_plan::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = draft(&*txn, self.tenant_id, id).await?;
        // A plan is locked as allocated: every level adding up to the total as it is now
        // (the total may have changed since the allocation was saved).
        let saved = target_allocation::Entity::find()
            .filter(target_allocation::Column::TenantId.eq(self.tenant_id))
            .filter(target_allocation::Column::PlanId.eq(id))
            .order_by_asc(target_allocation::Column::Position)
            .all(&*txn)
            .await?;
        if saved.is_empty() {
            return Err(StoreError::Invalid {
                field: "units".into(),
                code: "not_allocated",
            });
        }
        let units: Vec<closer_domain::targets::AllocatedUnit> = saved
            .iter()
            .map(|u| closer_domain::targets::AllocatedUnit {
                parent: u
                    .parent_id
                    .and_then(|p| saved.iter().position(|x| x.unit_id == p)),
                months: months_of(u),
            })
            .collect();
        if !closer_domain::targets::check_allocation(before.total, &units).is_empty() {
            return Err(StoreError::Invalid {
                field: "total".into(),
                code: "unbalanced",
            });
        }
        let mut after = before.clone();
        after.status = "locked".into();
        after.locked_at = Some(crate::now());
        let saved = crate::platform::write::update::<target_plan::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "locked",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// A new draft version of a locked plan, its allocation copied, with the reason; the
    /// locked one stays as it was and points to it.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("plan_not_locked")` for a draft; `Conflict("plan_superseded")`
    /// when a newer version exists.
    pub async fn new_target_plan_version(
        &self,
        actor: Uuid,
        id: Uuid,
        reason: String,
    ) -> Result<target_plan::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = target_plan::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if before.status != "locked" {
            return Err(StoreError::Conflict("plan_not_locked"));
        }
        if before.superseded_by.is_some() {
            return Err(StoreError::Conflict("plan_superseded"));
        }
        let now = crate::now();
        let next = target_plan::Model {
            id: closer_domain::ids::new_id(),
            status: "draft".into(),
            plan_version: before.plan_version + 1,
            reason: Some(reason),
            previous_id: Some(before.id),
            superseded_by: None,
            created_by: Some(actor),
            locked_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
            ..before.clone()
        };
        let next = crate::platform::write::insert::<target_plan::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            next,
        )
        .await?;
        let units = target_allocation::Entity::find()
            .filter(target_allocation::Column::TenantId.eq(self.tenant_id))
            .filter(target_allocation::Column::PlanId.eq(id))
            .all(&*txn)
            .await?;
        for chunk in units.chunks(300) {
            target_allocation::Entity::insert_many(chunk.iter().map(|u| {
                target_allocation::Model {
                    plan_id: next.id,
                    ..u.clone()
                }
                .into_active_model()
            }))
            .exec_without_returning(&*txn)
            .await?;
        }
        let mut after = before.clone();
        after.superseded_by = Some(next.id);
        crate::platform::write::update::<target_plan::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "superseded",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(next)
    }
}

async fn draft<C: sea_orm::ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<target_plan::Model, StoreError> {
    let plan = target_plan::Entity::find_by_id((tenant_id, id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if plan.status != "draft" {
        return Err(StoreError::Conflict("plan_locked"));
    }
    Ok(plan)
}
