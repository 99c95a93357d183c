//! The customer pool (客户公海), a tenant setting off by default: customers not followed up
//! within the pool's days go back to it, and reps claim them under the lead pool's rules
//! (daily limit, most held, cool-down after losing one).

use chrono::{DateTime, Utc};
use closer_domain::leads::pool::Claim;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    customers::records::CustomerPoolSettings,
    customers::records::CUSTOMER_POOL,
    entity::{customer, customer_claim, customer_cooldown},
    platform::write,
    StoreError, TenantStore,
};

/// The customers a user holds.
async fn held<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    user: Uuid,
) -> Result<u64, StoreError> {
    Ok(customer::Entity::find()
        .filter(customer::Column::TenantId.eq(tenant_id))
        .filter(customer::Column::OwnerId.eq(user))
        .count(conn)
        .await?)
}

/// The lead pool's refusal codes, said of a customer.
fn customer_code(code: &'static str) -> &'static str {
    match code {
        "lead_held" => "customer_held",
        other => other,
    }
}

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
        let txn = self.store.begin_write().await?;
        let settings: CustomerPoolSettings =
            crate::platform::settings::setting_in(&*txn, self.tenant_id, CUSTOMER_POOL).await?;
        if !settings.enabled {
            return Err(StoreError::Conflict("customer_pool_off"));
        }
        let before = customer::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let claims_today = customer_claim::Entity::find()
            .filter(customer_claim::Column::TenantId.eq(self.tenant_id))
            .filter(customer_claim::Column::UserId.eq(user))
            .filter(customer_claim::Column::ClaimedAt.gte(day_start))
            .count(&*txn)
            .await?;
        let cooldown = customer_cooldown::Entity::find_by_id((self.tenant_id, id, user))
            .one(&*txn)
            .await?;
        let claim = Claim {
            lead_open: true,
            lead_owned: before.owner_id.is_some(),
            claims_today,
            held: held(&*txn, self.tenant_id, user).await?,
            cooldown_until: cooldown.map(|c| c.until),
            now,
        };
        settings
            .rules
            .check_claim(&claim)
            .map_err(|r| StoreError::Conflict(customer_code(r.code())))?;
        let mut after = before.clone();
        after.owner_id = Some(user);
        after.assigned_at = Some(now);
        after.warned_at = None;
        after.protected_until = Some(settings.rules.protected_until(now, None));
        let saved = write::update::<customer::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(user),
            "claimed",
            &before,
            after,
        )
        .await
        .map_err(|e| match e {
            StoreError::StaleVersion => StoreError::Conflict("customer_held"),
            other => other,
        })?;
        customer_claim::Entity::insert(sea_orm::IntoActiveModel::into_active_model(
            customer_claim::Model {
                tenant_id: self.tenant_id,
                id: closer_domain::ids::new_id(),
                user_id: user,
                customer_id: id,
                claimed_at: now,
            },
        ))
        .exec_without_returning(&*txn)
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Returns a customer to the pool with a reason (a rep releasing it, or the recycling
    /// job); its owner may not claim it back for the cool-down.
    ///
    /// # Errors
    /// `Conflict("customer_not_held")`, `NotFound`.
    pub async fn release_customer(
        &self,
        actor: Option<Uuid>,
        id: Uuid,
        reason: &str,
        now: DateTime<Utc>,
        action: &str,
    ) -> Result<customer::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let settings: CustomerPoolSettings =
            crate::platform::settings::setting_in(&*txn, self.tenant_id, CUSTOMER_POOL).await?;
        if !settings.enabled {
            return Err(StoreError::Conflict("customer_pool_off"));
        }
        let before = customer::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let Some(owner) = before.owner_id else {
            return Err(StoreError::Conflict("customer_not_held"));
        };
        let mut after = before.clone();
        after.owner_id = None;
        after.assigned_at = None;
        after.protected_until = None;
        after.warned_at = None;
        let saved = write::update::<customer::Entity, _>(
            &*txn,
            self.tenant_id,
            actor,
            action,
            &before,
            after,
        )
        .await?;
        crate::platform::history::record(
            &*txn,
            self.tenant_id,
            actor,
            "customers",
            id,
            "returned_to_pool",
            &[crate::platform::history::Change {
                field: "reason".into(),
                old: serde_json::Value::Null,
                new: serde_json::json!(reason),
            }],
        )
        .await?;
        customer_cooldown::Entity::insert(sea_orm::IntoActiveModel::into_active_model(
            customer_cooldown::Model {
                tenant_id: self.tenant_id,
                customer_id: id,
                user_id: owner,
                until: settings.rules.cooldown_until(now),
            },
        ))
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                customer_cooldown::Column::TenantId,
                customer_cooldown::Column::CustomerId,
                customer_cooldown::Column::UserId,
            ])
            .update_column(customer_cooldown::Column::Until)
            .to_owned(),
        )
        .exec_without_returning(&*txn)
        .await?;
        txn.commit().await?;
        Ok(saved)
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

    /// Customers whose protection ran out by `now`, at most `limit`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customers_due_for_recycling(
        &self,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<customer::Model>, StoreError> {
        Ok(customer::Entity::find()
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(customer::Column::ProtectedUntil.lte(now))
            .filter(customer::Column::OwnerId.is_not_null())
            .order_by_asc(customer::Column::ProtectedUntil)
            .limit(limit)
            .all(self.db())
            .await?)
    }

    /// Customers whose owners are due a warning by `now` and were not warned yet.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customers_due_for_warning(
        &self,
        now: DateTime<Utc>,
        warn_days: u32,
        limit: u64,
    ) -> Result<Vec<customer::Model>, StoreError> {
        let horizon = now + chrono::Duration::days(i64::from(warn_days));
        Ok(customer::Entity::find()
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(customer::Column::ProtectedUntil.lte(horizon))
            .filter(customer::Column::ProtectedUntil.gt(now))
            .filter(customer::Column::WarnedAt.is_null())
            .filter(customer::Column::OwnerId.is_not_null())
            .limit(limit)
            .all(self.db())
            .await?)
    }

    /// Records that a customer's owner was warned.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_customer_warned(
        &self,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        customer::Entity::update_many()
            .col_expr(customer::Column::WarnedAt, Some(at).into())
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(customer::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }
}
