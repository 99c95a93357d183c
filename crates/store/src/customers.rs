//! Customers and contacts: the minimal records conversion makes (the customers issue grows them).

use closer_domain::leads::dedupe::DedupeKeys;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    dedupe::{self, RecordType},
    entity::{contact, customer},
    org::Page,
    write, StoreError, TenantStore,
};

#[must_use]
pub fn customer_keys(c: &customer::Model) -> DedupeKeys {
    DedupeKeys::from_fields(
        Some(&c.name),
        c.phone.as_deref(),
        c.email.as_deref(),
        c.credit_code.as_deref(),
    )
}

#[must_use]
pub fn contact_keys(c: &contact::Model) -> DedupeKeys {
    DedupeKeys::from_fields(None, c.phone.as_deref(), c.email.as_deref(), None)
}

pub(crate) async fn insert_customer<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    model: customer::Model,
) -> Result<customer::Model, StoreError> {
    let model = write::insert::<customer::Entity, _>(
        conn,
        tenant_id,
        actor,
        customer::Model { tenant_id, ..model },
    )
    .await?;
    dedupe::add_keys(
        conn,
        tenant_id,
        RecordType::Customer,
        model.id,
        &customer_keys(&model),
    )
    .await?;
    Ok(model)
}

pub(crate) async fn insert_contact<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    model: contact::Model,
) -> Result<contact::Model, StoreError> {
    let model = write::insert::<contact::Entity, _>(
        conn,
        tenant_id,
        actor,
        contact::Model { tenant_id, ..model },
    )
    .await?;
    dedupe::add_keys(
        conn,
        tenant_id,
        RecordType::Contact,
        model.id,
        &contact_keys(&model),
    )
    .await?;
    Ok(model)
}

/// Who may be seen in a list: `None` = everyone.
fn owner_condition(column: impl ColumnTrait, owners: Option<&Vec<Uuid>>) -> Condition {
    match owners {
        None => Condition::all(),
        Some(list) => Condition::all().add(column.is_in(list.clone())),
    }
}

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_customer(
        &self,
        actor: Uuid,
        model: customer::Model,
    ) -> Result<customer::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = insert_customer(&*txn, self.tenant_id, Some(actor), model).await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such customer.
    pub async fn customer(&self, id: Uuid) -> Result<customer::Model, StoreError> {
        customer::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A page of customers, newest first, owned by one of `owners` (None = any).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customers(
        &self,
        q: Option<&str>,
        owners: Option<&Vec<Uuid>>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<customer::Model>, StoreError> {
        let rows = customer::Entity::find()
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(owner_condition(customer::Column::OwnerId, owners))
            .apply_if(q.map(str::trim).filter(|q| !q.is_empty()), |s, q| {
                s.filter(customer::Column::Name.contains(q))
            })
            .apply_if(cursor, |s, c| s.filter(customer::Column::Id.lt(c)))
            .order_by_desc(customer::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |c| c.id))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_customers(&self, owners: Option<&Vec<Uuid>>) -> Result<u64, StoreError> {
        Ok(customer::Entity::find()
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(owner_condition(customer::Column::OwnerId, owners))
            .count(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such contact.
    pub async fn contact(&self, id: Uuid) -> Result<contact::Model, StoreError> {
        contact::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_contact(
        &self,
        actor: Uuid,
        model: contact::Model,
    ) -> Result<contact::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = insert_contact(&*txn, self.tenant_id, Some(actor), model).await?;
        txn.commit().await?;
        Ok(model)
    }

    /// Contacts of a customer, or a page of all contacts owned by one of `owners`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contacts(
        &self,
        customer_id: Option<Uuid>,
        owners: Option<&Vec<Uuid>>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<contact::Model>, StoreError> {
        let rows = contact::Entity::find()
            .filter(contact::Column::TenantId.eq(self.tenant_id))
            .filter(owner_condition(contact::Column::OwnerId, owners))
            .apply_if(customer_id, |s, c| {
                s.filter(contact::Column::CustomerId.eq(c))
            })
            .apply_if(cursor, |s, c| s.filter(contact::Column::Id.lt(c)))
            .order_by_desc(contact::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |c| c.id))
    }
}
