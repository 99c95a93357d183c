//! Customers and contacts: the minimal records conversion makes (the customers issue grows them).

use closer_domain::leads::dedupe::DedupeKeys;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{contact, customer},
    leads::dedupe::{self, RecordType},
    platform::page::Page,
    platform::write,
    StoreError, TenantStore,
};

/// A new customer with only a name and an owner; callers fill in the rest.
#[must_use]
pub fn blank_customer(
    tenant_id: Uuid,
    name: String,
    owner_id: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> customer::Model {
    customer::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        name,
        owner_id,
        industry: None,
        province: None,
        city: None,
        phone: None,
        email: None,
        website: None,
        credit_code: None,
        source: None,
        lead_id: None,
        size_tier: None,
        employee_count: None,
        annual_revenue_minor: None,
        address: None,
        score: None,
        grade: None,
        scored_at: None,
        last_activity_at: None,
        assigned_at: owner_id.map(|_| now),
        protected_until: None,
        warned_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

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
    crate::customers::scoring::rescore_now(conn, tenant_id, std::slice::from_ref(&model)).await?;
    let model = customer::Entity::find_by_id((tenant_id, model.id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
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

    /// Stores many new customers at once (an import, a benchmark's data): a few statements
    /// for the lot, with their duplicate keys, history and scores.
    ///
    /// # Errors
    /// When the database fails; nothing is stored then.
    pub async fn insert_customers(
        &self,
        actor: Option<Uuid>,
        models: Vec<customer::Model>,
    ) -> Result<u64, StoreError> {
        let models: Vec<customer::Model> = models
            .into_iter()
            .map(|m| customer::Model {
                tenant_id: self.tenant_id,
                ..m
            })
            .collect();
        let txn = self.store.begin_write().await?;
        write::insert_many::<customer::Entity, _>(&*txn, self.tenant_id, actor, &models, 27)
            .await?;
        let keys: Vec<(Uuid, DedupeKeys)> =
            models.iter().map(|m| (m.id, customer_keys(m))).collect();
        let keys: Vec<(Uuid, &DedupeKeys)> = keys.iter().map(|(id, k)| (*id, k)).collect();
        dedupe::add_keys_many(&*txn, self.tenant_id, RecordType::Customer, &keys).await?;
        for chunk in models.chunks(1000) {
            crate::customers::scoring::rescore_now(&*txn, self.tenant_id, chunk).await?;
        }
        txn.commit().await?;
        Ok(models.len() as u64)
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

/// A customer was followed up at `at`: the latest activity moves, protection in the customer
/// pool extends (when the pool is on), and the score is recomputed — in the caller's
/// transaction.
pub(crate) async fn followed_up<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customer_id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), StoreError> {
    let Some(before) = customer::Entity::find_by_id((tenant_id, customer_id))
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    let mut after = before.clone();
    if after.last_activity_at.is_none_or(|last| last < at) {
        after.last_activity_at = Some(at);
    }
    let pool: CustomerPoolSettings =
        crate::platform::settings::setting_in(conn, tenant_id, CUSTOMER_POOL).await?;
    if pool.enabled {
        if let Some(assigned) = after.assigned_at {
            after.protected_until = Some(pool.rules.protected_until(assigned, Some(at)));
            after.warned_at = None;
        }
    }
    if after != before {
        // Bookkeeping, not an edit anyone made: no version bump, no history.
        use sea_orm::ActiveModelTrait;
        sea_orm::IntoActiveModel::into_active_model(after.clone())
            .reset_all()
            .update(conn)
            .await?;
    }
    crate::customers::scoring::rescore_now(conn, tenant_id, &[after]).await?;
    Ok(())
}

/// Sets each customer's latest activity from its activities (after a bulk insert).
pub(crate) async fn refresh_last_activity<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customers: &[Uuid],
) -> Result<(), StoreError> {
    use crate::entity::activity;
    use sea_orm::sea_query::{Alias, Expr, Query};
    if customers.is_empty() {
        return Ok(());
    }
    let latest = Query::select()
        .expr(Expr::col((Alias::new("a"), activity::Column::OccurredAt)).max())
        .from_as(activity::Entity, Alias::new("a"))
        .and_where(
            Expr::col((Alias::new("a"), activity::Column::TenantId))
                .equals((customer::Entity, customer::Column::TenantId)),
        )
        .and_where(
            Expr::col((Alias::new("a"), activity::Column::CustomerId))
                .equals((customer::Entity, customer::Column::Id)),
        )
        .to_owned();
    customer::Entity::update_many()
        .col_expr(
            customer::Column::LastActivityAt,
            sea_orm::sea_query::SimpleExpr::SubQuery(
                None,
                Box::new(latest.into_sub_query_statement()),
            ),
        )
        .filter(customer::Column::TenantId.eq(tenant_id))
        .filter(customer::Column::Id.is_in(customers.to_vec()))
        .exec(conn)
        .await?;
    Ok(())
}

/// The settings key of the customer pool.
pub const CUSTOMER_POOL: &str = "customer_pool";

/// The customer pool (客户公海): off by default; when on, customers without follow-up for
/// the pool's days return to it, with the lead pool's claim rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CustomerPoolSettings {
    pub enabled: bool,
    #[serde(flatten)]
    pub rules: closer_domain::leads::pool::PoolSettings,
}

impl Default for CustomerPoolSettings {
    /// Off; when switched on, 30 days without follow-up (at most 180 of protection), a
    /// warning 3 days ahead, 7 days' cool-down, 20 claims a day, 500 customers held.
    fn default() -> Self {
        Self {
            enabled: false,
            rules: closer_domain::leads::pool::PoolSettings {
                recycle_days: 30,
                max_protect_days: 180,
                warn_days: 3,
                cooldown_days: 7,
                daily_claims: 20,
                max_held: 500,
            },
        }
    }
}

/// Filters and order of the customer list.
#[derive(Debug, Default, Clone)]
pub struct CustomerFilter {
    pub q: Option<String>,
    pub owner_id: Option<Uuid>,
    /// Owners the caller may see; `None` = every owner.
    pub visible_owners: Option<Vec<Uuid>>,
    pub industry: Option<String>,
    pub size_tier: Option<String>,
    pub province: Option<String>,
    /// Inclusive score range (a grade is a range of scores).
    pub min_score: Option<i16>,
    pub max_score: Option<i16>,
    /// Customers in the pool (no owner) instead of owned ones.
    pub in_pool: bool,
    pub sort: CustomerSort,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum CustomerSort {
    #[default]
    Newest,
    Oldest,
    Name,
    NameDesc,
    /// Highest score first (unscored last).
    ScoreDesc,
    Score,
}

impl CustomerSort {
    /// From `?sort=`: `created_at`, `name`, `score`, each with `-` for the reverse.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "-created_at" => Self::Newest,
            "created_at" => Self::Oldest,
            "name" => Self::Name,
            "-name" => Self::NameDesc,
            "-score" => Self::ScoreDesc,
            "score" => Self::Score,
            _ => return None,
        })
    }
}

fn customer_condition(tenant_id: Uuid, f: &CustomerFilter) -> Condition {
    let mut c = Condition::all().add(customer::Column::TenantId.eq(tenant_id));
    c = if f.in_pool {
        c.add(customer::Column::OwnerId.is_null())
    } else {
        c.add(customer::Column::OwnerId.is_not_null())
    };
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        c = c.add(customer::Column::Name.contains(q));
    }
    if let Some(o) = f.owner_id {
        c = c.add(customer::Column::OwnerId.eq(o));
    }
    if let (Some(owners), false) = (&f.visible_owners, f.in_pool) {
        c = c.add(customer::Column::OwnerId.is_in(owners.clone()));
    }
    if let Some(v) = &f.industry {
        c = c.add(customer::Column::Industry.eq(v.clone()));
    }
    if let Some(v) = &f.size_tier {
        c = c.add(customer::Column::SizeTier.eq(v.clone()));
    }
    if let Some(v) = &f.province {
        c = c.add(customer::Column::Province.eq(v.clone()));
    }
    if let Some(v) = f.min_score {
        c = c.add(customer::Column::Score.gte(v));
    }
    if let Some(v) = f.max_score {
        c = c.add(customer::Column::Score.lte(v));
    }
    c
}

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
    /// A page of customers by the filter (keyset pages: the cursor is the last customer's id).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_page(
        &self,
        f: &CustomerFilter,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<customer::Model>, StoreError> {
        let (column, descending) = match f.sort {
            CustomerSort::Newest => (None, true),
            CustomerSort::Oldest => (None, false),
            CustomerSort::Name => (Some(customer::Column::Name), false),
            CustomerSort::NameDesc => (Some(customer::Column::Name), true),
            CustomerSort::ScoreDesc => (Some(customer::Column::Score), true),
            CustomerSort::Score => (Some(customer::Column::Score), false),
        };
        let mut q = customer::Entity::find().filter(customer_condition(self.tenant_id, f));
        if let Some(c) = cursor {
            q = match column {
                None if descending => q.filter(customer::Column::Id.lt(c)),
                None => q.filter(customer::Column::Id.gt(c)),
                Some(col) => {
                    let anchor = self.customer(c).await?;
                    let value: sea_orm::Value = match col {
                        customer::Column::Name => anchor.name.into(),
                        _ => anchor.score.into(),
                    };
                    let id_beyond = if descending {
                        customer::Column::Id.lt(c)
                    } else {
                        customer::Column::Id.gt(c)
                    };
                    let beyond = if descending {
                        col.lt(value.clone())
                    } else {
                        col.gt(value.clone())
                    };
                    let same = if anchor.score.is_none() && matches!(col, customer::Column::Score) {
                        Condition::all().add(col.is_null()).add(id_beyond)
                    } else {
                        Condition::all().add(col.eq(value)).add(id_beyond)
                    };
                    // Unscored customers come last whichever way scores are sorted.
                    let nulls_after =
                        if matches!(col, customer::Column::Score) && anchor.score.is_some() {
                            Condition::any().add(col.is_null())
                        } else {
                            Condition::any()
                        };
                    q.filter(Condition::any().add(beyond).add(same).add(nulls_after))
                }
            };
        }
        let order = if descending {
            sea_orm::Order::Desc
        } else {
            sea_orm::Order::Asc
        };
        if let Some(col) = column {
            if matches!(col, customer::Column::Score) {
                q = q.order_by_with_nulls(
                    col,
                    order.clone(),
                    sea_orm::sea_query::NullOrdering::Last,
                );
            } else {
                q = q.order_by(col, order.clone());
            }
        }
        let rows = q
            .order_by(customer::Column::Id, order)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |c| c.id))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_customer_page(&self, f: &CustomerFilter) -> Result<u64, StoreError> {
        Ok(customer::Entity::find()
            .filter(customer_condition(self.tenant_id, f))
            .count(self.db())
            .await?)
    }

    /// Saves an edited customer with its new duplicate keys and score.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_customer(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut customer::Model),
    ) -> Result<customer::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let (before, saved) = write::edit::<customer::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            id,
            expected,
            "updated",
            edit,
        )
        .await?;
        dedupe::refresh_keys(
            &*txn,
            self.tenant_id,
            RecordType::Customer,
            id,
            &customer_keys(&before),
            &customer_keys(&saved),
        )
        .await?;
        crate::customers::scoring::rescore_now(&*txn, self.tenant_id, &[saved]).await?;
        let saved = customer::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(saved)
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
        let txn = self.store.begin_write().await?;
        let (before, saved) = write::edit::<contact::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            id,
            expected,
            "updated",
            edit,
        )
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

    /// Moves customers of one user to another in one set-based action, with their contacts,
    /// open leads, open opportunities and planned activities (done ones stay with whoever did
    /// them, as performance credit does). Each moved record's history says so.
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
        Ok(())
    }

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
