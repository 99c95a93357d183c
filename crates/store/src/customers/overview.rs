//! What the customer 360 reads in one go: the customer, contacts, deals, the timeline, the
//! names behind ids, the day's planned work.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{
    entity::{contact, customer},
    StoreError, TenantStore,
};

/// The 360 view's records, read with a fixed number of queries.
#[derive(Debug, Clone)]
pub struct Overview {
    pub customer: customer::Model,
    pub contacts: Vec<contact::Model>,
    pub opportunities: Vec<crate::entity::opportunity::Model>,
    pub stages: Vec<crate::entity::stage::Model>,
    pub activities: Vec<crate::entity::activity::Model>,
    pub leads: Vec<crate::entity::lead::Model>,
    /// The customer's documents and its opportunities' documents, newest first.
    pub documents: Vec<crate::entity::document::Model>,
    pub team: Vec<crate::entity::user::Model>,
}

/// How many timeline activities the 360 view shows (older ones page through the activity list).
const OVERVIEW_ACTIVITIES: u64 = 200;

impl TenantStore {
    /// The records of a customer's 360 view, in a fixed number of queries.
    ///
    /// # Errors
    /// `NotFound`.
    pub async fn overview(&self, id: Uuid) -> Result<Overview, StoreError> {
        use crate::entity::{activity, lead, opportunity, stage, user};
        let tenant = self.tenant_id;
        let customer = self.customer(id).await?;
        let contacts = contact::Entity::find()
            .filter(contact::Column::TenantId.eq(tenant))
            .filter(contact::Column::CustomerId.eq(id))
            .order_by_asc(contact::Column::Id)
            .limit(500)
            .all(self.db())
            .await?;
        let opportunities = opportunity::Entity::find()
            .filter(opportunity::Column::TenantId.eq(tenant))
            .filter(opportunity::Column::CustomerId.eq(id))
            .order_by_desc(opportunity::Column::Id)
            .limit(500)
            .all(self.db())
            .await?;
        let stages = stage::Entity::find()
            .filter(stage::Column::TenantId.eq(tenant))
            .order_by_asc(stage::Column::Position)
            .all(self.db())
            .await?;
        let activities = activity::Entity::find()
            .filter(activity::Column::TenantId.eq(tenant))
            .filter(activity::Column::CustomerId.eq(id))
            .order_by_desc(activity::Column::Id)
            .limit(OVERVIEW_ACTIVITIES)
            .all(self.db())
            .await?;
        let leads = lead::Entity::find()
            .filter(lead::Column::TenantId.eq(tenant))
            .filter(lead::Column::CustomerId.eq(id))
            .limit(100)
            .all(self.db())
            .await?;
        let opportunity_ids: Vec<Uuid> = opportunities.iter().map(|o| o.id).collect();
        let documents = crate::entity::document::Entity::find()
            .filter(crate::entity::document::Column::TenantId.eq(tenant))
            .filter(
                Condition::any()
                    .add(crate::entity::document::Column::CustomerId.eq(id))
                    .add(crate::entity::document::Column::OpportunityId.is_in(opportunity_ids)),
            )
            .order_by_desc(crate::entity::document::Column::Id)
            .limit(100)
            .all(self.db())
            .await?;
        // The team: the owner, and whoever owns its opportunities or contacts or worked it.
        let mut members: Vec<Uuid> = customer.owner_id.into_iter().collect();
        members.extend(opportunities.iter().filter_map(|o| o.owner_id));
        members.extend(contacts.iter().filter_map(|c| c.owner_id));
        members.extend(activities.iter().map(|a| a.owner_id));
        members.sort();
        members.dedup();
        let team = user::Entity::find()
            .filter(user::Column::TenantId.eq(tenant))
            .filter(user::Column::Id.is_in(members))
            .all(self.db())
            .await?;
        Ok(Overview {
            customer,
            contacts,
            opportunities,
            stages,
            activities,
            leads,
            documents,
            team,
        })
    }

    /// The names of customers and leads by id (two queries however many), for lists of
    /// work that point at them.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_names(
        &self,
        customers: Vec<Uuid>,
        leads: Vec<Uuid>,
    ) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
        use crate::entity::lead;
        let mut names = std::collections::HashMap::new();
        if !customers.is_empty() {
            let rows: Vec<(Uuid, String)> = customer::Entity::find()
                .select_only()
                .columns([customer::Column::Id, customer::Column::Name])
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .filter(customer::Column::Id.is_in(customers))
                .into_tuple()
                .all(self.db())
                .await?;
            names.extend(rows);
        }
        if !leads.is_empty() {
            let rows: Vec<(Uuid, String)> = lead::Entity::find()
                .select_only()
                .columns([lead::Column::Id, lead::Column::CompanyName])
                .filter(lead::Column::TenantId.eq(self.tenant_id))
                .filter(lead::Column::Id.is_in(leads))
                .into_tuple()
                .all(self.db())
                .await?;
            names.extend(rows);
        }
        Ok(names)
    }

    /// A rep's "today": visits and tasks planned within `[from, to)`, and earlier ones not
    /// yet done, soonest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn planned_activities(
        &self,
        user: Uuid,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<crate::entity::activity::Model>, StoreError> {
        use crate::entity::activity;
        Ok(activity::Entity::find()
            .filter(activity::Column::TenantId.eq(self.tenant_id))
            .filter(activity::Column::OwnerId.eq(user))
            .filter(activity::Column::PlannedFor.lt(to))
            .filter(activity::Column::OccurredAt.is_null())
            .order_by_asc(activity::Column::PlannedFor)
            .limit(500)
            .all(self.db())
            .await?)
    }
}
