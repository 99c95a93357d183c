//! Sales processes with their stages, and the minimal opportunity record conversion makes.

use closer_domain::opportunities::DEFAULT_STAGES;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{opportunity, sales_process, stage, tenant},
    org::Page,
    write, Store, StoreError, TenantStore,
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
        write::insert::<stage::Entity, _>(conn, tenant_id, None, model).await?;
    }
    Ok(())
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

    /// # Errors
    /// When the database fails.
    pub async fn create_opportunity(
        &self,
        actor: Uuid,
        model: opportunity::Model,
    ) -> Result<opportunity::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = write::insert::<opportunity::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            opportunity::Model {
                tenant_id: self.tenant_id,
                ..model
            },
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such opportunity.
    pub async fn opportunity(&self, id: Uuid) -> Result<opportunity::Model, StoreError> {
        opportunity::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A page of opportunities, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn opportunities(
        &self,
        customer_id: Option<Uuid>,
        owners: Option<&Vec<Uuid>>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<opportunity::Model>, StoreError> {
        let rows = opportunity::Entity::find()
            .filter(opportunity::Column::TenantId.eq(self.tenant_id))
            .apply_if(owners, |s, o| {
                s.filter(opportunity::Column::OwnerId.is_in(o.clone()))
            })
            .apply_if(customer_id, |s, c| {
                s.filter(opportunity::Column::CustomerId.eq(c))
            })
            .apply_if(cursor, |s, c| s.filter(opportunity::Column::Id.lt(c)))
            .order_by_desc(opportunity::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |o| o.id))
    }
}
