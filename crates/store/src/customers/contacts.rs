//! Contacts: the people at a customer.

use closer_domain::leads::dedupe::DedupeKeys;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::customers::records::owner_condition;
use crate::{
    entity::contact,
    leads::dedupe::{self, RecordType},
    platform::page::Page,
    platform::write,
    StoreError, TenantStore,
};

/// A new contact with only a name and an owner; callers fill in the rest.
#[must_use]
pub fn blank_contact(
    tenant_id: Uuid,
    name: String,
    owner_id: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> contact::Model {
    contact::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        customer_id: None,
        name,
        title: None,
        phone: None,
        email: None,
        owner_id,
        lead_id: None,
        decision_role: None,
        department: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

#[must_use]
pub fn contact_keys(c: &contact::Model) -> DedupeKeys {
    DedupeKeys::from_fields(None, c.phone.as_deref(), c.email.as_deref(), None)
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

/// Which contacts a list shows.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    pub customer_id: Option<Uuid>,
    /// Part of the name, phone or e-mail.
    pub q: Option<String>,
}

impl TenantStore {
    /// Stores many new contacts at once (an import) with their duplicate keys and history.
    ///
    /// # Errors
    /// When the database fails; nothing is stored then.
    pub async fn insert_contacts(
        &self,
        actor: Option<Uuid>,
        models: Vec<contact::Model>,
    ) -> Result<u64, StoreError> {
        let tenant_id = self.tenant_id;
        let models: Vec<contact::Model> = models
            .into_iter()
            .map(|m| contact::Model { tenant_id, ..m })
            .collect();
        let txn = self.store.begin_write().await?;
        for chunk in models.chunks(1000) {
            write::insert_many::<contact::Entity, _>(&*txn, tenant_id, actor, chunk, 14).await?;
            let keys: Vec<(Uuid, DedupeKeys)> =
                chunk.iter().map(|m| (m.id, contact_keys(m))).collect();
            let keys: Vec<(Uuid, &DedupeKeys)> = keys.iter().map(|(id, k)| (*id, k)).collect();
            dedupe::add_keys_many(&*txn, tenant_id, RecordType::Contact, &keys).await?;
        }
        txn.commit().await?;
        Ok(models.len() as u64)
    }

    /// The names of the contacts these customers already have, as (customer, name).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contact_names(
        &self,
        customers: &[Uuid],
    ) -> Result<std::collections::HashSet<(Uuid, String)>, StoreError> {
        use sea_orm::QuerySelect;
        let mut out = std::collections::HashSet::new();
        for chunk in customers.chunks(500) {
            let rows: Vec<(Option<Uuid>, String)> = contact::Entity::find()
                .select_only()
                .column(contact::Column::CustomerId)
                .column(contact::Column::Name)
                .filter(contact::Column::TenantId.eq(self.tenant_id))
                .filter(contact::Column::CustomerId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(self.db())
                .await?;
            out.extend(rows.into_iter().filter_map(|(c, n)| Some((c?, n))));
        }
        Ok(out)
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
        self.contact_page(
            &ContactFilter {
                customer_id,
                q: None,
            },
            owners,
            cursor,
            limit,
        )
        .await
    }

    /// A page of the contacts matching `f`, owned by one of `owners` (`None`: any), newest
    /// first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contact_page(
        &self,
        f: &ContactFilter,
        owners: Option<&Vec<Uuid>>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<contact::Model>, StoreError> {
        let rows = self
            .narrowing("contacts", f.q.as_deref())
            .await?
            .apply(contact::Entity::find().filter(self.contact_condition(f, owners)))
            .apply_if(cursor, |s, c| s.filter(contact::Column::Id.lt(c)))
            .order_by_desc(contact::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |c| c.id))
    }

    /// How many contacts match `f` within `owners`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_contacts(
        &self,
        f: &ContactFilter,
        owners: Option<&Vec<Uuid>>,
    ) -> Result<u64, StoreError> {
        Ok(self
            .narrowing("contacts", f.q.as_deref())
            .await?
            .apply(contact::Entity::find().filter(self.contact_condition(f, owners)))
            .count(self.db())
            .await?)
    }

    fn contact_condition(&self, f: &ContactFilter, owners: Option<&Vec<Uuid>>) -> Condition {
        let mut c = Condition::all()
            .add(contact::Column::TenantId.eq(self.tenant_id))
            .add(owner_condition(contact::Column::OwnerId, owners));
        if let Some(customer) = f.customer_id {
            c = c.add(contact::Column::CustomerId.eq(customer));
        }
        if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            c = c.add(
                Condition::any()
                    .add(crate::platform::dialect::contains_text(
                        contact::Column::Name,
                        q,
                    ))
                    .add(crate::platform::dialect::contains_text(
                        contact::Column::Phone,
                        q,
                    ))
                    .add(crate::platform::dialect::contains_text(
                        contact::Column::Email,
                        &q.to_lowercase(),
                    )),
            );
        }
        c
    }

    /// Saves an edited contact with its new duplicate keys.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_contact(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut contact::Model),
    ) -> Result<contact::Model, StoreError> {
        let (txn, before, saved) = self
            .begin_edit::<contact::Entity>(actor, id, expected, edit)
            .await?;
        dedupe::refresh_keys(
            &*txn,
            self.tenant_id,
            RecordType::Contact,
            id,
            &contact_keys(&before),
            &contact_keys(&saved),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }
}
