//! Compensation plans, and runs per period: a draft run may be recalculated; a closed run
//! never changes, and later changes to its period reach people as adjustment lines in a
//! later run.

use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    entity::{compensation_line, compensation_plan, compensation_run},
    StoreError, TenantStore,
};

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_compensation_plan(
        &self,
        actor: Uuid,
        plan: compensation_plan::Model,
    ) -> Result<compensation_plan::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let saved = crate::platform::write::insert::<compensation_plan::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            plan,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// # Errors
    /// When the database fails.
    pub async fn compensation_plans(&self) -> Result<Vec<compensation_plan::Model>, StoreError> {
        Ok(compensation_plan::Entity::find()
            .filter(compensation_plan::Column::TenantId.eq(self.tenant_id))
            .order_by_desc(compensation_plan::Column::Id)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn compensation_plan(
        &self,
        id: Uuid,
    ) -> Result<compensation_plan::Model, StoreError> {
        compensation_plan::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Runs, newest first, optionally of one plan.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn compensation_runs(
        &self,
        plan_id: Option<Uuid>,
    ) -> Result<Vec<compensation_run::Model>, StoreError> {
        let mut q = compensation_run::Entity::find()
            .filter(compensation_run::Column::TenantId.eq(self.tenant_id));
        if let Some(p) = plan_id {
            q = q.filter(compensation_run::Column::PlanId.eq(p));
        }
        // Ids are time-ordered: newest first.
        Ok(q.order_by_desc(compensation_run::Column::Id)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn compensation_run(
        &self,
        id: Uuid,
    ) -> Result<(compensation_run::Model, Vec<compensation_line::Model>), StoreError> {
        let run = compensation_run::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let lines = compensation_line::Entity::find()
            .filter(compensation_line::Column::TenantId.eq(self.tenant_id))
            .filter(compensation_line::Column::RunId.eq(id))
            .order_by_asc(compensation_line::Column::Position)
            .all(self.db())
            .await?;
        Ok((run, lines))
    }

    /// Every line of a plan's closed runs: what was paid, for which period.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn paid_compensation(
        &self,
        plan_id: Uuid,
    ) -> Result<Vec<compensation_line::Model>, StoreError> {
        let closed: Vec<Uuid> = compensation_run::Entity::find()
            .filter(compensation_run::Column::TenantId.eq(self.tenant_id))
            .filter(compensation_run::Column::PlanId.eq(plan_id))
            .filter(compensation_run::Column::Status.eq("closed"))
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        if closed.is_empty() {
            return Ok(Vec::new());
        }
        Ok(compensation_line::Entity::find()
            .filter(compensation_line::Column::TenantId.eq(self.tenant_id))
            .filter(compensation_line::Column::RunId.is_in(closed))
            .all(self.db())
            .await?)
    }

    /// Saves a new draft run with its lines.
    ///
    /// # Errors
    /// `Conflict("period_closed")` when the plan's period already has a closed run,
    /// `Conflict("run_exists")` when it has a draft.
    pub async fn create_compensation_run(
        &self,
        actor: Uuid,
        run: compensation_run::Model,
        lines: Vec<compensation_line::Model>,
    ) -> Result<compensation_run::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let existing = compensation_run::Entity::find()
            .filter(compensation_run::Column::TenantId.eq(self.tenant_id))
            .filter(compensation_run::Column::PlanId.eq(run.plan_id))
            .filter(compensation_run::Column::Period.eq(run.period.clone()))
            .all(&*txn)
            .await?;
        if existing.iter().any(|r| r.status == "closed") {
            return Err(StoreError::Conflict("period_closed"));
        }
        if !existing.is_empty() {
            return Err(StoreError::Conflict("run_exists"));
        }
        let saved = crate::platform::write::insert::<compensation_run::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            run,
        )
        .await?;
        insert_lines(&*txn, lines).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Replaces a draft run's lines with a recalculation.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("run_closed")`.
    pub async fn replace_compensation_lines(
        &self,
        actor: Uuid,
        id: Uuid,
        total: i64,
        lines: Vec<compensation_line::Model>,
    ) -> Result<compensation_run::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = draft_run(&*txn, self.tenant_id, id).await?;
        compensation_line::Entity::delete_many()
            .filter(compensation_line::Column::TenantId.eq(self.tenant_id))
            .filter(compensation_line::Column::RunId.eq(id))
            .exec(&*txn)
            .await?;
        insert_lines(&*txn, lines).await?;
        let mut after = before.clone();
        after.total_minor = total;
        let saved = crate::platform::write::update::<compensation_run::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "recalculated",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Closes a draft run: from now on it is what was paid.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("run_closed")`.
    pub async fn close_compensation_run(
        &self,
        actor: Uuid,
        id: Uuid,
    ) -> Result<compensation_run::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = draft_run(&*txn, self.tenant_id, id).await?;
        let mut after = before.clone();
        after.status = "closed".into();
        after.closed_at = Some(crate::now());
        let saved = crate::platform::write::update::<compensation_run::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "closed",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }
}

async fn draft_run<C: sea_orm::ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<compensation_run::Model, StoreError> {
    let run = compensation_run::Entity::find_by_id((tenant_id, id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if run.status != "draft" {
        return Err(StoreError::Conflict("run_closed"));
    }
    Ok(run)
}

async fn insert_lines<C: sea_orm::ConnectionTrait>(
    conn: &C,
    lines: Vec<compensation_line::Model>,
) -> Result<(), StoreError> {
    for chunk in lines.chunks(200) {
        compensation_line::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}
