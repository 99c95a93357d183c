//! The customer pool (客户公海), a tenant setting off by default: customers not followed up
//! within the pool's days go back to it, and reps claim them under the same engine and rules
//! as leads (`platform::pool`).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    entity::customer,
    platform::pool::{self, CustomerPoolSettings, CUSTOMER_POOL},
    StoreError, TenantStore,
};

impl TenantStore {
    /// The customer pool's settings.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_pool_settings(&self) -> Result<CustomerPoolSettings, StoreError> {
        self.setting(CUSTOMER_POOL).await
    }

    /// Claims a pool customer for `user`. Exactly one of two reps claiming at once wins.
    ///
    /// # Errors
    /// `Conflict` with the refusal's code (`customer_pool_off`, `customer_held`,
    /// `daily_claim_limit`, `max_held`, `claim_cooldown`), `NotFound`.
    pub async fn claim_customer(
        &self,
        user: Uuid,
        id: Uuid,
        now: DateTime<Utc>,
        day_start: DateTime<Utc>,
    ) -> Result<customer::Model, StoreError> {
        pool::claim::<customer::Entity>(self, user, id, now, day_start).await
    }

    /// Returns a customer to the pool with a reason (a rep releasing it, or the recycling
    /// job); its owner may not claim it back for the cool-down.
    ///
    /// # Errors
    /// `Conflict("customer_not_held" | "customer_pool_off")`, `NotFound`.
    pub async fn release_customer(
        &self,
        actor: Option<Uuid>,
        id: Uuid,
        reason: &str,
        now: DateTime<Utc>,
        action: &str,
    ) -> Result<customer::Model, StoreError> {
        pool::release::<customer::Entity>(self, actor, id, reason, now, action).await
    }

    /// Owned customers without a protection date yet (the pool was just switched on): they
    /// get one from their assignment and latest activity. Returns how many.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn protect_unprotected_customers(
        &self,
        settings: &CustomerPoolSettings,
    ) -> Result<u64, StoreError> {
        let mut n = 0;
        loop {
            let batch = customer::Entity::find()
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .filter(customer::Column::OwnerId.is_not_null())
                .filter(customer::Column::ProtectedUntil.is_null())
                .limit(1000)
                .all(self.db())
                .await?;
            if batch.is_empty() {
                return Ok(n);
            }
            let txn = self.store.begin_write().await?;
            for c in &batch {
                let from = c.assigned_at.unwrap_or(c.created_at);
                customer::Entity::update_many()
                    .col_expr(
                        customer::Column::ProtectedUntil,
                        Some(settings.rules.protected_until(from, c.last_activity_at)).into(),
                    )
                    .filter(customer::Column::TenantId.eq(self.tenant_id))
                    .filter(customer::Column::Id.eq(c.id))
                    .exec(&*txn)
                    .await?;
            }
            txn.commit().await?;
            n += batch.len() as u64;
        }
    }
}
