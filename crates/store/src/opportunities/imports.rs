//! What an opportunity import reads before it writes — customers by name, the deals those
//! customers already have — and the one transaction that stores the new customers, deals
//! and their history together.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    entity::{customer, opportunity, stage_change},
    StoreError, TenantStore,
};

/// Names asked at once (each is a bound value).
const NAMES_PER_QUERY: usize = 500;

impl TenantStore {
    /// Customers with exactly these names: name → (id, owner). Where a name is shared the
    /// oldest customer answers.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customers_named(
        &self,
        names: &[String],
    ) -> Result<HashMap<String, (Uuid, Option<Uuid>)>, StoreError> {
        let mut out: HashMap<String, (Uuid, Option<Uuid>)> = HashMap::new();
        for chunk in names.chunks(NAMES_PER_QUERY) {
            let rows: Vec<(Uuid, String, Option<Uuid>)> = customer::Entity::find()
                .select_only()
                .column(customer::Column::Id)
                .column(customer::Column::Name)
                .column(customer::Column::OwnerId)
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .filter(customer::Column::Name.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(self.db())
                .await?;
            for (id, name, owner) in rows {
                // Ids are time-ordered: the smallest is the oldest.
                let slot = out.entry(name).or_insert((id, owner));
                if id < slot.0 {
                    *slot = (id, owner);
                }
            }
        }
        Ok(out)
    }

    /// The names of the deals these customers already have, as (customer, name).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn deal_names(
        &self,
        customers: &[Uuid],
    ) -> Result<HashSet<(Uuid, String)>, StoreError> {
        let mut out = HashSet::new();
        for chunk in customers.chunks(NAMES_PER_QUERY) {
            let rows: Vec<(Uuid, String)> = opportunity::Entity::find()
                .select_only()
                .column(opportunity::Column::CustomerId)
                .column(opportunity::Column::Name)
                .filter(opportunity::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity::Column::CustomerId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(self.db())
                .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Stores an import's new customers, deals and stage history in one transaction, in
    /// batches, reporting the deals stored so far.
    ///
    /// # Errors
    /// When the database fails; nothing is stored then.
    pub async fn import_opportunities(
        &self,
        actor: Uuid,
        customers: Vec<customer::Model>,
        deals: Vec<opportunity::Model>,
        changes: Vec<stage_change::Model>,
        progress: impl Fn(u64) + Send,
    ) -> Result<u64, StoreError> {
        const BATCH: usize = 2_000;
        let txn = self.store.begin_write().await?;
        if self.store.backend() == crate::Backend::Sqlite {
            sea_orm::ConnectionTrait::execute_unprepared(&*txn, "PRAGMA cache_size = -262144")
                .await?;
        }
        let mut customers = customers;
        while !customers.is_empty() {
            let rest = customers.split_off(customers.len().min(BATCH));
            crate::customers::records::insert_customers_in(
                &*txn,
                self.tenant_id,
                Some(actor),
                std::mem::replace(&mut customers, rest),
            )
            .await?;
        }
        let mut by_deal: HashMap<Uuid, Vec<stage_change::Model>> = HashMap::new();
        for c in changes {
            by_deal.entry(c.opportunity_id).or_default().push(c);
        }
        let mut n = 0u64;
        let mut deals = deals;
        while !deals.is_empty() {
            let rest = deals.split_off(deals.len().min(BATCH));
            let batch = std::mem::replace(&mut deals, rest);
            let history: Vec<stage_change::Model> = batch
                .iter()
                .flat_map(|d| by_deal.remove(&d.id).unwrap_or_default())
                .collect();
            n += super::records::insert_opportunities_in(
                &*txn,
                self.tenant_id,
                Some(actor),
                batch,
                history,
            )
            .await?;
            progress(n);
        }
        if self.store.backend() == crate::Backend::Sqlite {
            sea_orm::ConnectionTrait::execute_unprepared(&*txn, "PRAGMA cache_size = -32768")
                .await?;
        }
        txn.commit().await?;
        Ok(n)
    }
}
