//! Handing customers (with their contacts, open deals, open contracts and their receivables,
//! and planned work) from one owner to another, one by one or all at once.

use closer_domain::contracts::ContractStatus;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    entity::{contact, customer},
    StoreError, TenantStore,
};

/// Gives records of one kind (ids already chosen) a new owner, each move in history.
macro_rules! reassign {
    ($conn:expr, $entity:ident, $record_type:literal, $tenant:expr, $actor:expr, $ids:expr, $to:expr, $now:expr, $change:expr) => {
        if !$ids.is_empty() {
            $entity::Entity::update_many()
                .col_expr($entity::Column::OwnerId, $to.into())
                .col_expr($entity::Column::UpdatedAt, $now.into())
                .col_expr(
                    $entity::Column::Version,
                    sea_orm::sea_query::Expr::col($entity::Column::Version).add(1),
                )
                .filter($entity::Column::TenantId.eq($tenant))
                .filter($entity::Column::Id.is_in($ids.to_vec()))
                .exec($conn)
                .await?;
            crate::platform::history::record_many(
                $conn,
                $tenant,
                Some($actor),
                $record_type,
                "transferred",
                $ids.iter().map(|id| (*id, $change("owner_id"))),
            )
            .await?;
        }
    };
}

/// What a transfer moves, and to whom.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub from: Uuid,
    pub to: Uuid,
    /// These customers of `from`; `None` = all of them.
    pub customer_ids: Option<Vec<Uuid>>,
}

impl TenantStore {
    /// Moves customers of one user to another in one set-based action, with their contacts,
    /// open leads, open opportunities, open contracts with their receivables and
    /// planned activities (done ones stay with whoever did them, as performance credit for
    /// won deals and finished contracts does). Each moved record's history says so.
    ///
    /// # Errors
    /// `Conflict("customers_changed")` when a named customer is no longer `from`'s (another
    /// transfer got there first); nothing is moved then.
    pub async fn transfer_customers(&self, actor: Uuid, t: &Transfer) -> Result<u64, StoreError> {
        let txn = self.store.begin_write().await?;
        let mut q = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(customer::Column::OwnerId.eq(t.from));
        if let Some(ids) = &t.customer_ids {
            q = q.filter(customer::Column::Id.is_in(ids.clone()));
        }
        if self.store.backend() == crate::Backend::Postgres {
            q = q.lock_exclusive();
        }
        let ids: Vec<Uuid> = q.into_tuple().all(&*txn).await?;
        if let Some(wanted) = &t.customer_ids {
            let wanted: std::collections::HashSet<&Uuid> = wanted.iter().collect();
            if wanted.len() != ids.len() {
                return Err(StoreError::Conflict("customers_changed"));
            }
        }
        let now = crate::now();
        let change = |field: &str| {
            vec![crate::platform::history::Change {
                field: field.to_owned(),
                old: serde_json::json!(t.from),
                new: serde_json::json!(t.to),
            }]
        };
        for chunk in ids.chunks(500) {
            let chunk = chunk.to_vec();
            let conn = &*txn;
            reassign!(
                conn,
                customer,
                "customers",
                self.tenant_id,
                actor,
                &chunk,
                t.to,
                now,
                change
            );
            // A new owner's protection in the customer pool counts from the hand-over.
            customer::Entity::update_many()
                .col_expr(customer::Column::AssignedAt, Some(now).into())
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .filter(customer::Column::Id.is_in(chunk.clone()))
                .exec(conn)
                .await?;
            self.transfer_related(&*txn, actor, t, &chunk, now, &change)
                .await?;
        }
        txn.commit().await?;
        Ok(ids.len() as u64)
    }
}

impl TenantStore {
    async fn transfer_related<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: Uuid,
        t: &Transfer,
        customers: &[Uuid],
        now: chrono::DateTime<chrono::Utc>,
        change: &(dyn Fn(&str) -> Vec<crate::platform::history::Change> + Sync),
    ) -> Result<(), StoreError> {
        use crate::entity::{activity, lead, opportunity, stage};
        let tenant = self.tenant_id;
        // Contacts.
        let moved: Vec<Uuid> = contact::Entity::find()
            .select_only()
            .column(contact::Column::Id)
            .filter(contact::Column::TenantId.eq(tenant))
            .filter(contact::Column::OwnerId.eq(t.from))
            .filter(contact::Column::CustomerId.is_in(customers.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        reassign!(conn, contact, "contacts", tenant, actor, &moved, t.to, now, change);
        // Open leads converted into these customers.
        let moved: Vec<Uuid> = lead::Entity::find()
            .select_only()
            .column(lead::Column::Id)
            .filter(lead::Column::TenantId.eq(tenant))
            .filter(lead::Column::OwnerId.eq(t.from))
            .filter(lead::Column::CustomerId.is_in(customers.to_vec()))
            .filter(lead::Column::Status.is_in(crate::leads::records::OPEN))
            .into_tuple()
            .all(conn)
            .await?;
        reassign!(conn, lead, "leads", tenant, actor, &moved, t.to, now, change);
        // Open opportunities (won and lost ones keep the owner credited with them).
        let closed: Vec<Uuid> = stage::Entity::find()
            .select_only()
            .column(stage::Column::Id)
            .filter(stage::Column::TenantId.eq(tenant))
            .filter(
                Condition::any()
                    .add(stage::Column::IsWon.eq(true))
                    .add(stage::Column::IsLost.eq(true)),
            )
            .into_tuple()
            .all(conn)
            .await?;
        let moved: Vec<Uuid> = opportunity::Entity::find()
            .select_only()
            .column(opportunity::Column::Id)
            .filter(opportunity::Column::TenantId.eq(tenant))
            .filter(opportunity::Column::OwnerId.eq(t.from))
            .filter(opportunity::Column::CustomerId.is_in(customers.to_vec()))
            .filter(opportunity::Column::StageId.is_not_in(closed))
            .into_tuple()
            .all(conn)
            .await?;
        reassign!(
            conn,
            opportunity,
            "opportunities",
            tenant,
            actor,
            &moved,
            t.to,
            now,
            change
        );
        // Planned activities not yet done.
        let moved: Vec<Uuid> = activity::Entity::find()
            .select_only()
            .column(activity::Column::Id)
            .filter(activity::Column::TenantId.eq(tenant))
            .filter(activity::Column::OwnerId.eq(t.from))
            .filter(activity::Column::CustomerId.is_in(customers.to_vec()))
            // Planned and not done; `planned_for` first lets the (owner, planned_for) index
            // skip the owner's done work, which can be most of a busy rep's activities.
            .filter(activity::Column::PlannedFor.is_not_null())
            .filter(activity::Column::OccurredAt.is_null())
            .into_tuple()
            .all(conn)
            .await?;
        reassign!(
            conn,
            activity,
            "activities",
            tenant,
            actor,
            &moved,
            t.to,
            now,
            change
        );
        self.transfer_contracts(conn, actor, t, customers, now, change)
            .await
    }

    /// Open contracts (not completed or terminated) with their receivables: the contract's
    /// owner is credited with it and its collections (completion reads the owner), so the new
    /// owner takes both on; a finished contract stays with its owner.
    async fn transfer_contracts<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: Uuid,
        t: &Transfer,
        customers: &[Uuid],
        now: chrono::DateTime<chrono::Utc>,
        change: &(dyn Fn(&str) -> Vec<crate::platform::history::Change> + Sync),
    ) -> Result<(), StoreError> {
        use crate::entity::{contract, invoice, payment, receivable};
        let tenant = self.tenant_id;
        let moved: Vec<Uuid> = contract::Entity::find()
            .select_only()
            .column(contract::Column::Id)
            .filter(contract::Column::TenantId.eq(tenant))
            .filter(contract::Column::OwnerId.eq(t.from))
            .filter(contract::Column::CustomerId.is_in(customers.to_vec()))
            .filter(
                contract::Column::Status.is_in(
                    ContractStatus::ALL
                        .into_iter()
                        .filter(|s| s.open())
                        .map(ContractStatus::key),
                ),
            )
            .into_tuple()
            .all(conn)
            .await?;
        reassign!(
            conn,
            contract,
            "contracts",
            tenant,
            actor,
            &moved,
            t.to,
            now,
            change
        );
        // Their receivables: a contract's are its owner's to collect, settled ones too (a
        // reversed payment makes one owing again); and what a terminated contract still owes
        // — an open receivable — goes to whoever now looks after the customer (the contract
        // itself stays, with its credit). The aging triggers move the totals.
        let owing_elsewhere: Vec<Uuid> = receivable::Entity::find()
            .select_only()
            .column(receivable::Column::Id)
            .filter(receivable::Column::TenantId.eq(tenant))
            .filter(receivable::Column::CustomerId.is_in(customers.to_vec()))
            .filter(receivable::Column::OwnerId.eq(t.from))
            .filter(receivable::Column::OutstandingMinor.gt(0))
            .filter(receivable::Column::ContractId.is_not_in(moved.clone()))
            .into_tuple()
            .all(conn)
            .await?;
        let of_moved = receivable::Column::ContractId.is_in(moved.clone());
        let owing = receivable::Column::Id.is_in(owing_elsewhere.clone());
        receivable::Entity::update_many()
            .col_expr(receivable::Column::OwnerId, Some(t.to).into())
            .col_expr(receivable::Column::UpdatedAt, now.into())
            .col_expr(
                receivable::Column::Version,
                sea_orm::sea_query::Expr::col(receivable::Column::Version).add(1),
            )
            .filter(receivable::Column::TenantId.eq(tenant))
            .filter(sea_orm::Condition::any().add(of_moved).add(owing))
            .exec(conn)
            .await?;
        // The money on them follows, so the new owner sees it beside what it paid: the
        // moved contracts' payments and invoices, and the invoices of the owing receivables.
        // A payment's collection credit goes by its contract's owner, so none is rewritten.
        payment::Entity::update_many()
            .col_expr(payment::Column::OwnerId, Some(t.to).into())
            .col_expr(payment::Column::UpdatedAt, now.into())
            .col_expr(
                payment::Column::Version,
                sea_orm::sea_query::Expr::col(payment::Column::Version).add(1),
            )
            .filter(payment::Column::TenantId.eq(tenant))
            .filter(payment::Column::OwnerId.eq(t.from))
            .filter(payment::Column::ContractId.is_in(moved.clone()))
            .exec(conn)
            .await?;
        invoice::Entity::update_many()
            .col_expr(invoice::Column::OwnerId, Some(t.to).into())
            .col_expr(invoice::Column::UpdatedAt, now.into())
            .col_expr(
                invoice::Column::Version,
                sea_orm::sea_query::Expr::col(invoice::Column::Version).add(1),
            )
            .filter(invoice::Column::TenantId.eq(tenant))
            .filter(invoice::Column::OwnerId.eq(t.from))
            .filter(
                sea_orm::Condition::any()
                    .add(invoice::Column::ContractId.is_in(moved))
                    .add(invoice::Column::ReceivableId.is_in(owing_elsewhere)),
            )
            .exec(conn)
            .await?;
        Ok(())
    }
}
