//! Sales processes: stages with win rates and checklists, the default process of a new
//! tenant, and administrators' edits (which recompute the learned counts).

use closer_domain::opportunities::DEFAULT_STAGES;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::opportunities::forecast::rebuild_learned;
use crate::{
    entity::{opportunity, sales_process, stage, tenant, win_rate_change},
    platform::write,
    Store, StoreError, TenantStore,
};

/// Gives a tenant the default sales process unless it has one.
pub(crate) async fn ensure_default_process<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    english: bool,
) -> Result<(), StoreError> {
    let has = sales_process::Entity::find()
        .filter(sales_process::Column::TenantId.eq(tenant_id))
        .count(conn)
        .await?;
    if has > 0 {
        return Ok(());
    }
    let now = crate::now();
    let process = sales_process::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        name: if english {
            "Standard sales process".into()
        } else {
            "标准销售流程".into()
        },
        is_default: true,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let process = write::insert::<sales_process::Entity, _>(conn, tenant_id, None, process).await?;
    for (position, (key, zh, en, bp, won, lost)) in DEFAULT_STAGES.iter().enumerate() {
        let model = stage::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            process_id: process.id,
            key: (*key).into(),
            name: (*zh).into(),
            name_en: (*en).into(),
            win_rate_bp: *bp,
            is_won: *won,
            is_lost: *lost,
            position: i32::try_from(position).unwrap_or(0),
            tasks: serde_json::json!([]),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let model = write::insert::<stage::Entity, _>(conn, tenant_id, None, model).await?;
        record_win_rate(conn, tenant_id, &model).await?;
    }
    Ok(())
}

/// Logs a stage's win rate from now on (creation, or an edit of the rate).
pub(crate) async fn record_win_rate<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    s: &stage::Model,
) -> Result<(), StoreError> {
    win_rate_change::Entity::insert(sea_orm::IntoActiveModel::into_active_model(
        win_rate_change::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            stage_id: s.id,
            win_rate_bp: s.win_rate_bp,
            at: s.updated_at,
        },
    ))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A stage as an administrator's process edit sets it (already validated).
#[derive(Debug, Clone)]
pub struct StageEdit {
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub win_rate_bp: i32,
    pub is_won: bool,
    pub is_lost: bool,
    pub tasks: serde_json::Value,
}

impl Store {
    /// Gives every tenant made before sales processes existed its default process.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn ensure_tenant_defaults(&self) -> Result<(), StoreError> {
        let tenants = tenant::Entity::find().all(&self.db).await?;
        for t in tenants {
            let txn = self.begin_write().await?;
            ensure_default_process(&*txn, t.tenant_id, t.default_language == "en-US").await?;
            txn.commit().await?;
        }
        Ok(())
    }
}

impl TenantStore {
    /// The tenant's sales processes with their stages in order.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sales_processes(
        &self,
    ) -> Result<Vec<(sales_process::Model, Vec<stage::Model>)>, StoreError> {
        let processes = sales_process::Entity::find()
            .filter(sales_process::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(sales_process::Column::Id)
            .all(self.db())
            .await?;
        let stages = stage::Entity::find()
            .filter(stage::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(stage::Column::Position)
            .all(self.db())
            .await?;
        Ok(processes
            .into_iter()
            .map(|p| {
                let own = stages
                    .iter()
                    .filter(|s| s.process_id == p.id)
                    .cloned()
                    .collect();
                (p, own)
            })
            .collect())
    }

    /// # Errors
    /// `NotFound` when the tenant has no such stage.
    pub async fn stage(&self, id: Uuid) -> Result<stage::Model, StoreError> {
        stage::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The first stage of the default process.
    ///
    /// # Errors
    /// `NotFound` when the tenant has no process.
    pub async fn first_stage(&self) -> Result<stage::Model, StoreError> {
        let processes = self.sales_processes().await?;
        processes
            .iter()
            .find(|(p, _)| p.is_default)
            .or(processes.first())
            .and_then(|(_, stages)| stages.first().cloned())
            .ok_or(StoreError::NotFound)
    }

    /// Replaces a process's name and stages. Stages are matched by key: kept ones are
    /// updated in place (a new win rate is logged from now on, never rewriting the past),
    /// new ones added, and dropped ones removed — unless an opportunity is in one.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("stage_in_use")`; `StaleVersion`.
    pub async fn edit_process(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        name: String,
        edits: Vec<StageEdit>,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = sales_process::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        let mut after = before.clone();
        after.name = name;
        write::update::<sales_process::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "updated",
            &before,
            after,
        )
        .await?;
        let existing = stage::Entity::find()
            .filter(stage::Column::TenantId.eq(self.tenant_id))
            .filter(stage::Column::ProcessId.eq(id))
            .all(&*txn)
            .await?;
        let now = crate::now();
        let mut kinds_changed = false;
        for old in existing
            .iter()
            .filter(|s| !edits.iter().any(|e| e.key == s.key))
        {
            let used = opportunity::Entity::find()
                .filter(opportunity::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity::Column::StageId.eq(old.id))
                .count(&*txn)
                .await?;
            if used > 0 {
                return Err(StoreError::Conflict("stage_in_use"));
            }
            stage::Entity::delete_by_id((self.tenant_id, old.id))
                .exec(&*txn)
                .await?;
        }
        for (position, e) in edits.into_iter().enumerate() {
            let position = i32::try_from(position).unwrap_or(0);
            match existing.iter().find(|s| s.key == e.key) {
                Some(old) => {
                    let mut new = old.clone();
                    new.name = e.name;
                    new.name_en = e.name_en;
                    new.win_rate_bp = e.win_rate_bp;
                    new.is_won = e.is_won;
                    new.is_lost = e.is_lost;
                    new.position = position;
                    new.tasks = e.tasks;
                    let saved = write::update::<stage::Entity, _>(
                        &*txn,
                        self.tenant_id,
                        Some(actor),
                        "updated",
                        old,
                        new,
                    )
                    .await?;
                    if saved.win_rate_bp != old.win_rate_bp {
                        record_win_rate(&*txn, self.tenant_id, &saved).await?;
                    }
                    kinds_changed |= saved.is_won != old.is_won || saved.is_lost != old.is_lost;
                }
                None => {
                    let model = stage::Model {
                        tenant_id: self.tenant_id,
                        id: closer_domain::ids::new_id(),
                        process_id: id,
                        key: e.key,
                        name: e.name,
                        name_en: e.name_en,
                        win_rate_bp: e.win_rate_bp,
                        is_won: e.is_won,
                        is_lost: e.is_lost,
                        position,
                        tasks: e.tasks,
                        created_at: now,
                        updated_at: now,
                        version: 1,
                    };
                    let saved = write::insert::<stage::Entity, _>(
                        &*txn,
                        self.tenant_id,
                        Some(actor),
                        model,
                    )
                    .await?;
                    record_win_rate(&*txn, self.tenant_id, &saved).await?;
                }
            }
        }
        if kinds_changed {
            rebuild_learned(&*txn, self.tenant_id).await?;
            crate::migration::m0027_cycle_totals::rebuild_closed(&*txn, self.tenant_id).await?;
            crate::migration::m0021_dimension_totals::rebuild(&*txn, self.tenant_id).await?;
            crate::migration::m0028_dwell_totals::rebuild(&*txn, self.tenant_id).await?;
            crate::migration::m0030_win_loss_totals::rebuild(&*txn, self.tenant_id).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Every win-rate change of the tenant, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn win_rate_changes(&self) -> Result<Vec<win_rate_change::Model>, StoreError> {
        Ok(win_rate_change::Entity::find()
            .filter(win_rate_change::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(win_rate_change::Column::At)
            .all(self.db())
            .await?)
    }
}
