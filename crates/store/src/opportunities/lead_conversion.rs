//! Converting a lead into a customer (or joining the one that is the same company), a contact
//! and, when asked, an opportunity — in one transaction. It spans leads, customers and
//! opportunities, so it lives with the latest of them.

use closer_domain::leads::{dedupe::DedupeKeys, status::LeadStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{customers, leads::records::find_lead};
use crate::{
    entity::lead,
    leads::dedupe::{self, RecordType},
    platform::write,
    StoreError, TenantStore,
};

/// What converting a lead made.
#[derive(Debug, Clone)]
pub struct Converted {
    pub lead: lead::Model,
    pub customer: crate::entity::customer::Model,
    /// Whether the customer existed already and the lead joined it.
    pub existing_customer: bool,
    pub contact: crate::entity::contact::Model,
    pub opportunity: Option<crate::entity::opportunity::Model>,
}

/// An opportunity to open when converting.
#[derive(Debug, Clone)]
pub struct NewOpportunity {
    pub name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub stage_id: Option<Uuid>,
}

impl TenantStore {
    /// Converts an open lead into a customer (or joins the existing customer that is the same
    /// company), a contact and optionally an opportunity, linking them both ways.
    ///
    /// # Errors
    /// `Conflict("lead_not_open")` for a converted or invalid lead; `NotFound`;
    /// `Conflict("unknown_stage")`.
    pub async fn convert_lead(
        &self,
        actor: Uuid,
        id: Uuid,
        opportunity: Option<NewOpportunity>,
    ) -> Result<Converted, StoreError> {
        use crate::entity::{contact, customer, opportunity as opp, stage};
        let txn = self.store.begin_write().await?;
        let before = find_lead(&*txn, self.tenant_id, id).await?;
        if !LeadStatus::parse(&before.status).is_ok_and(LeadStatus::is_open) {
            return Err(StoreError::Conflict("lead_not_open"));
        }
        let owner = before.owner_id.unwrap_or(actor);
        let now = crate::now();
        // The same company as an existing customer (credit code or name): join it.
        let keys = DedupeKeys::from_fields(
            Some(&before.company_name),
            None,
            None,
            before.credit_code.as_deref(),
        );
        let same = dedupe::find(&*txn, self.tenant_id, &keys, None)
            .await?
            .into_iter()
            .find(|d| d.record_type == RecordType::Customer && d.found.score >= 95);
        let (customer, existing_customer) = match same {
            Some(d) => (
                customer::Entity::find_by_id((self.tenant_id, d.id))
                    .one(&*txn)
                    .await?
                    .ok_or(StoreError::NotFound)?,
                true,
            ),
            None => {
                let model = customer::Model {
                    industry: before.industry.clone(),
                    province: before.province.clone(),
                    city: before.city.clone(),
                    website: before.website.clone(),
                    credit_code: before.credit_code.clone(),
                    source: Some(before.source.clone()),
                    lead_id: Some(id),
                    ..customers::records::blank_customer(
                        self.tenant_id,
                        before.company_name.clone(),
                        Some(owner),
                        now,
                    )
                };
                (
                    customers::records::insert_customer(&*txn, self.tenant_id, Some(actor), model)
                        .await?,
                    false,
                )
            }
        };
        let contact = customers::contacts::insert_contact(
            &*txn,
            self.tenant_id,
            Some(actor),
            contact::Model {
                customer_id: Some(customer.id),
                title: before.title.clone(),
                phone: before.phone.clone(),
                email: before.email.clone(),
                lead_id: Some(id),
                ..customers::contacts::blank_contact(
                    self.tenant_id,
                    before
                        .contact_name
                        .clone()
                        .unwrap_or_else(|| before.company_name.clone()),
                    Some(owner),
                    now,
                )
            },
        )
        .await?;
        let opportunity = match opportunity {
            None => None,
            Some(o) => {
                let stage = match o.stage_id {
                    Some(s) => stage::Entity::find_by_id((self.tenant_id, s))
                        .one(&*txn)
                        .await?
                        .ok_or(StoreError::Conflict("unknown_stage"))?,
                    None => {
                        let processes = crate::entity::sales_process::Entity::find()
                            .filter(
                                crate::entity::sales_process::Column::TenantId.eq(self.tenant_id),
                            )
                            .filter(crate::entity::sales_process::Column::IsDefault.eq(true))
                            .one(&*txn)
                            .await?
                            .ok_or(StoreError::Conflict("unknown_stage"))?;
                        stage::Entity::find()
                            .filter(stage::Column::TenantId.eq(self.tenant_id))
                            .filter(stage::Column::ProcessId.eq(processes.id))
                            .order_by_asc(stage::Column::Position)
                            .one(&*txn)
                            .await?
                            .ok_or(StoreError::Conflict("unknown_stage"))?
                    }
                };
                let model = opp::Model {
                    lead_id: Some(id),
                    campaign_id: before.campaign_id,
                    ..super::records::blank_opportunity(
                        self.tenant_id,
                        customer.id,
                        o.name,
                        (o.amount_minor, o.currency),
                        &stage,
                        Some(owner),
                        now,
                    )
                };
                Some(
                    super::records::insert_opportunity(&*txn, self.tenant_id, Some(actor), model)
                        .await?,
                )
            }
        };
        let mut after = before.clone();
        after.status = "converted".into();
        after.converted_at = Some(now);
        after.customer_id = Some(customer.id);
        after.contact_id = Some(contact.id);
        after.opportunity_id = opportunity.as_ref().map(|o| o.id);
        after.protected_until = None;
        let lead = write::update::<lead::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "converted",
            &before,
            after,
        )
        .await
        .map_err(|e| match e {
            StoreError::StaleVersion => StoreError::Conflict("lead_not_open"),
            other => other,
        })?;
        txn.commit().await?;
        Ok(Converted {
            lead,
            customer,
            existing_customer,
            contact,
            opportunity,
        })
    }
}
