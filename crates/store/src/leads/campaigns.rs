//! Campaigns: where leads come from, and what bringing them cost.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{entity::campaign, platform::write, StoreError, TenantStore};

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_campaign(
        &self,
        actor: Uuid,
        model: campaign::Model,
    ) -> Result<campaign::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = write::insert::<campaign::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            campaign::Model {
                tenant_id: self.tenant_id,
                ..model
            },
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such campaign.
    pub async fn campaign(&self, id: Uuid) -> Result<campaign::Model, StoreError> {
        campaign::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Every campaign, newest first (a tenant runs hundreds, not millions).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn campaigns(&self) -> Result<Vec<campaign::Model>, StoreError> {
        Ok(campaign::Entity::find()
            .filter(campaign::Column::TenantId.eq(self.tenant_id))
            .order_by_desc(campaign::Column::Id)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_campaign(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut campaign::Model),
    ) -> Result<campaign::Model, StoreError> {
        self.edit_record::<campaign::Entity>(actor, id, expected, edit)
            .await
    }
}
