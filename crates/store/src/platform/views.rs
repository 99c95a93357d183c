//! Saved list views (filters and sort) and public web-capture forms.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::{
    entity::{capture_form, saved_view},
    platform::write,
    Store, StoreError, TenantStore,
};

impl TenantStore {
    /// A user's saved views of one list.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn saved_views(
        &self,
        user: Uuid,
        resource: &str,
    ) -> Result<Vec<saved_view::Model>, StoreError> {
        Ok(saved_view::Entity::find()
            .filter(saved_view::Column::TenantId.eq(self.tenant_id))
            .filter(saved_view::Column::UserId.eq(user))
            .filter(saved_view::Column::Resource.eq(resource))
            .order_by_asc(saved_view::Column::Id)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_saved_view(
        &self,
        model: saved_view::Model,
    ) -> Result<saved_view::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = saved_view::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        let model = write::insert::<saved_view::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(model.user_id),
            model,
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// Deletes one of a user's views.
    ///
    /// # Errors
    /// `NotFound` when the user has no such view.
    pub async fn delete_saved_view(&self, user: Uuid, id: Uuid) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let res = saved_view::Entity::delete_many()
            .filter(saved_view::Column::TenantId.eq(self.tenant_id))
            .filter(saved_view::Column::UserId.eq(user))
            .filter(saved_view::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        if res.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        txn.commit().await
    }

    /// # Errors
    /// When the database fails.
    pub async fn capture_forms(&self) -> Result<Vec<capture_form::Model>, StoreError> {
        Ok(capture_form::Entity::find()
            .filter(capture_form::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(capture_form::Column::CreatedAt)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_capture_form(
        &self,
        model: capture_form::Model,
    ) -> Result<capture_form::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = capture_form::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        model.clone().into_active_model().insert(&*txn).await?;
        txn.commit().await?;
        Ok(model)
    }
}

impl Store {
    /// The active web form with this key, from any tenant (the public endpoint knows no tenant).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn capture_form(&self, key: &str) -> Result<Option<capture_form::Model>, StoreError> {
        Ok(capture_form::Entity::find_by_id(key.to_owned())
            .filter(capture_form::Column::Active.eq(true))
            .one(&self.db)
            .await?)
    }
}
