//! Outgoing webhooks: what an administrator registered, and the log of every delivery. An
//! event is written as one delivery row per webhook that wants it; the server's delivery
//! job sends it and records each attempt here.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    entity::{webhook, webhook_delivery},
    platform::write,
    StoreError, TenantStore,
};

/// The outcome of one attempt to deliver.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub error: Option<String>,
    pub delivered: bool,
    /// No attempt is left: the delivery is failed for good.
    pub last: bool,
}

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn webhooks(&self) -> Result<Vec<webhook::Model>, StoreError> {
        Ok(webhook::Entity::find()
            .filter(webhook::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(webhook::Column::CreatedAt)
            .limit(200)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn webhook(&self, id: Uuid) -> Result<webhook::Model, StoreError> {
        webhook::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_webhook(
        &self,
        actor: Uuid,
        model: webhook::Model,
    ) -> Result<webhook::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let saved = write::insert::<webhook::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            webhook::Model {
                tenant_id: self.tenant_id,
                ..model
            },
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_webhook(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut webhook::Model),
    ) -> Result<webhook::Model, StoreError> {
        self.edit_record::<webhook::Entity>(actor, id, expected, edit)
            .await
    }

    /// Removes a webhook; its delivery log stays.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn delete_webhook(&self, actor: Uuid, id: Uuid) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let w = webhook::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::delete::<webhook::Entity, _>(&*txn, self.tenant_id, Some(actor), &w).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Writes one delivery of `event` for every active webhook that wants it; returns them.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_event(
        &self,
        event: &str,
        payload: &str,
    ) -> Result<Vec<webhook_delivery::Model>, StoreError> {
        let hooks: Vec<webhook::Model> = webhook::Entity::find()
            .filter(webhook::Column::TenantId.eq(self.tenant_id))
            .filter(webhook::Column::Active.eq(true))
            .all(self.db())
            .await?
            .into_iter()
            .filter(|w| {
                w.events
                    .as_array()
                    .is_some_and(|e| e.iter().any(|x| x.as_str() == Some(event)))
            })
            .collect();
        if hooks.is_empty() {
            return Ok(Vec::new());
        }
        let now = crate::now();
        let rows: Vec<webhook_delivery::Model> = hooks
            .iter()
            .map(|w| webhook_delivery::Model {
                tenant_id: self.tenant_id,
                id: closer_domain::ids::new_id(),
                webhook_id: w.id,
                event: event.into(),
                payload: payload.into(),
                status: "pending".into(),
                attempts: 0,
                response_status: None,
                response_body: None,
                last_error: None,
                created_at: now,
                delivered_at: None,
            })
            .collect();
        let txn = self.store.begin_write().await?;
        webhook_delivery::Entity::insert_many(rows.iter().map(|r| r.clone().into_active_model()))
            .exec_without_returning(&*txn)
            .await?;
        txn.commit().await?;
        Ok(rows)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn webhook_delivery(&self, id: Uuid) -> Result<webhook_delivery::Model, StoreError> {
        webhook_delivery::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A webhook's latest deliveries, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn webhook_deliveries(
        &self,
        webhook_id: Uuid,
        limit: u64,
    ) -> Result<Vec<webhook_delivery::Model>, StoreError> {
        Ok(webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::TenantId.eq(self.tenant_id))
            .filter(webhook_delivery::Column::WebhookId.eq(webhook_id))
            .order_by_desc(webhook_delivery::Column::CreatedAt)
            .limit(limit)
            .all(self.db())
            .await?)
    }

    /// Records an attempt: delivered, retrying, or failed for good.
    ///
    /// # Errors
    /// `NotFound`.
    pub async fn record_delivery_attempt(
        &self,
        id: Uuid,
        attempt: Attempt,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let d = webhook_delivery::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let attempts = d.attempts + 1;
        let mut am = d.into_active_model();
        am.attempts = sea_orm::Set(attempts);
        am.response_status = sea_orm::Set(attempt.response_status);
        am.response_body = sea_orm::Set(
            attempt
                .response_body
                .map(|b| b.chars().take(2000).collect()),
        );
        am.last_error = sea_orm::Set(attempt.error.map(|e| e.chars().take(2000).collect()));
        am.status = sea_orm::Set(
            if attempt.delivered {
                "delivered"
            } else if attempt.last {
                "failed"
            } else {
                "retrying"
            }
            .into(),
        );
        if attempt.delivered {
            am.delivered_at = sea_orm::Set(Some(crate::now()));
        }
        am.update(&*txn).await?;
        txn.commit().await?;
        Ok(())
    }
}

impl TenantStore {
    /// A test delivery to one webhook, whatever events it wants.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_test_delivery(
        &self,
        webhook_id: Uuid,
        payload: &str,
    ) -> Result<webhook_delivery::Model, StoreError> {
        let row = webhook_delivery::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            webhook_id,
            event: "webhook.test".into(),
            payload: payload.into(),
            status: "pending".into(),
            attempts: 0,
            response_status: None,
            response_body: None,
            last_error: None,
            created_at: crate::now(),
            delivered_at: None,
        };
        let txn = self.store.begin_write().await?;
        row.clone().into_active_model().insert(&*txn).await?;
        txn.commit().await?;
        Ok(row)
    }
}
