//! In-app messages: each user's inbox.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{entity::notification, platform::page::Page, StoreError, TenantStore};

impl TenantStore {
    /// Puts a message in a user's inbox.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn insert_notification(
        &self,
        model: notification::Model,
    ) -> Result<notification::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = notification::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        // A retried delivery job must not put the same message in twice.
        let exists = notification::Entity::find_by_id((self.tenant_id, model.id))
            .one(&*txn)
            .await?;
        if exists.is_none() {
            model
                .clone()
                .into_active_model()
                .reset_all()
                .insert(&*txn)
                .await?;
        }
        txn.commit().await?;
        Ok(model)
    }

    /// A page of a user's inbox, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn notifications(
        &self,
        user_id: Uuid,
        unread_only: bool,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<notification::Model>, StoreError> {
        let rows = notification::Entity::find()
            .filter(notification::Column::TenantId.eq(self.tenant_id))
            .filter(notification::Column::UserId.eq(user_id))
            .apply_if(unread_only.then_some(()), |q, ()| {
                q.filter(notification::Column::ReadAt.is_null())
            })
            .apply_if(before, |q, cursor| {
                q.filter(notification::Column::Id.lt(cursor))
            })
            .order_by_desc(notification::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |n| n.id))
    }

    /// # Errors
    /// When the database fails.
    pub async fn unread_notifications(&self, user_id: Uuid) -> Result<u64, StoreError> {
        Ok(notification::Entity::find()
            .filter(notification::Column::TenantId.eq(self.tenant_id))
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .count(self.db())
            .await?)
    }

    /// Marks one message (`Some(id)`) or all of a user's messages as read.
    ///
    /// # Errors
    /// `NotFound` when the user has no such message.
    pub async fn mark_notifications_read(
        &self,
        user_id: Uuid,
        id: Option<Uuid>,
    ) -> Result<u64, StoreError> {
        let txn = self.store.begin_write().await?;
        if let Some(id) = id {
            let found = notification::Entity::find_by_id((self.tenant_id, id))
                .filter(notification::Column::UserId.eq(user_id))
                .count(&*txn)
                .await?;
            if found == 0 {
                return Err(StoreError::NotFound);
            }
        }
        let res = notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, crate::now().into())
            .filter(notification::Column::TenantId.eq(self.tenant_id))
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .apply_if(id, |q, id| q.filter(notification::Column::Id.eq(id)))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(res.rows_affected)
    }
}
