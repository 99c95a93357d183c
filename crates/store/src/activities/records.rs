//! Activities: calls, visits, notes and tasks — one model on leads, customers, contacts and
//! opportunities alike.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use uuid::Uuid;

use crate::{entity::activity, platform::page::Page, platform::write, StoreError, TenantStore};

/// Which record an activity list is for.
#[derive(Debug, Clone, Copy)]
pub enum Parent {
    Lead(Uuid),
    Customer(Uuid),
    Contact(Uuid),
    Opportunity(Uuid),
}

impl TenantStore {
    /// Logs an activity. A call or visit on a lead counts as a follow-up: it extends the
    /// lead's protection and moves a new lead to contacted.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_activity(
        &self,
        model: activity::Model,
    ) -> Result<activity::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let mut model = activity::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        // Every activity of a customer's contacts and opportunities is on its timeline too.
        if model.customer_id.is_none() {
            model.customer_id = if let Some(id) = model.contact_id {
                crate::entity::contact::Entity::find_by_id((self.tenant_id, id))
                    .one(&*txn)
                    .await?
                    .and_then(|c| c.customer_id)
            } else if let Some(id) = model.opportunity_id {
                crate::entity::opportunity::Entity::find_by_id((self.tenant_id, id))
                    .one(&*txn)
                    .await?
                    .map(|o| o.customer_id)
            } else {
                None
            };
        }
        let saved = write::insert::<activity::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(model.owner_id),
            model,
        )
        .await?;
        if let Some(lead_id) = saved.lead_id {
            let contact_made = matches!(saved.kind.as_str(), "call" | "visit");
            let at = saved.occurred_at.unwrap_or(saved.created_at);
            if saved.planned_for.is_none() || saved.occurred_at.is_some() {
                self.follow_up_in(&*txn, saved.owner_id, lead_id, at, contact_made)
                    .await?;
            }
        }
        if let (Some(customer_id), Some(at)) = (saved.customer_id, saved.occurred_at) {
            crate::customers::records::followed_up(&*txn, self.tenant_id, customer_id, at).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// Stores many activities at once (an import, the demo, a benchmark): a few statements
    /// for the lot, each creation in history, then the customers' latest activity and scores
    /// brought up to date. Returns how many were stored.
    ///
    /// # Errors
    /// When the database fails; nothing is stored then.
    pub async fn insert_activities(
        &self,
        actor: Option<Uuid>,
        models: Vec<activity::Model>,
    ) -> Result<u64, StoreError> {
        let models: Vec<activity::Model> = models
            .into_iter()
            .map(|m| activity::Model {
                tenant_id: self.tenant_id,
                ..m
            })
            .collect();
        let mut customers: Vec<Uuid> = models.iter().filter_map(|m| m.customer_id).collect();
        customers.sort_unstable();
        customers.dedup();
        let txn = self.store.begin_write().await?;
        write::insert_many::<activity::Entity, _>(&*txn, self.tenant_id, actor, &models, 18)
            .await?;
        for chunk in customers.chunks(500) {
            crate::customers::records::refresh_last_activity(&*txn, self.tenant_id, chunk).await?;
        }
        txn.commit().await?;
        self.recompute_scores(Some(&customers), crate::now())
            .await?;
        Ok(models.len() as u64)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such activity.
    pub async fn activity(&self, id: Uuid) -> Result<activity::Model, StoreError> {
        activity::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Marks a planned visit or task done at `at`, with an optional outcome. It counts as a
    /// follow-up of its lead or customer, as logging it would.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("activity_done")` when it was done already; `StaleVersion`.
    pub async fn complete_activity(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        at: chrono::DateTime<chrono::Utc>,
        outcome: Option<String>,
    ) -> Result<activity::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = activity::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        if before.occurred_at.is_some() {
            return Err(StoreError::Conflict("activity_done"));
        }
        let mut after = before.clone();
        after.occurred_at = Some(at);
        if let Some(outcome) = outcome {
            after.body = Some(match &before.body {
                Some(b) => format!("{b}\n\n{outcome}"),
                None => outcome,
            });
        }
        let saved = write::update::<activity::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "done",
            &before,
            after,
        )
        .await?;
        if let Some(lead_id) = saved.lead_id {
            let contact_made = matches!(saved.kind.as_str(), "call" | "visit");
            self.follow_up_in(&*txn, saved.owner_id, lead_id, at, contact_made)
                .await?;
        }
        if let Some(customer_id) = saved.customer_id {
            crate::customers::records::followed_up(&*txn, self.tenant_id, customer_id, at).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// A page of a record's activities, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn activities(
        &self,
        parent: Parent,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<activity::Model>, StoreError> {
        let filter = match parent {
            Parent::Lead(id) => activity::Column::LeadId.eq(id),
            Parent::Customer(id) => activity::Column::CustomerId.eq(id),
            Parent::Contact(id) => activity::Column::ContactId.eq(id),
            Parent::Opportunity(id) => activity::Column::OpportunityId.eq(id),
        };
        let rows = activity::Entity::find()
            .filter(activity::Column::TenantId.eq(self.tenant_id))
            .filter(filter)
            .apply_if(cursor, |s, c| s.filter(activity::Column::Id.lt(c)))
            .order_by_desc(activity::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |a| a.id))
    }
}
