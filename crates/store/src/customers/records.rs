//! Customers and contacts: the minimal records conversion makes (the customers issue grows them).

use closer_domain::leads::dedupe::DedupeKeys;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::customer,
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

#[must_use]
pub fn customer_keys(c: &customer::Model) -> DedupeKeys {
    DedupeKeys::from_fields(
        Some(&c.name),
        c.phone.as_deref(),
        c.email.as_deref(),
        c.credit_code.as_deref(),
    )
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

/// [`TenantStore::insert_customers`] inside the caller's transaction.
pub(crate) async fn insert_customers_in<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    models: Vec<customer::Model>,
) -> Result<u64, StoreError> {
    let models: Vec<customer::Model> = models
        .into_iter()
        .map(|m| customer::Model { tenant_id, ..m })
        .collect();
    write::insert_many::<customer::Entity, _>(conn, tenant_id, actor, &models, 27).await?;
    let keys: Vec<(Uuid, DedupeKeys)> = models.iter().map(|m| (m.id, customer_keys(m))).collect();
    let keys: Vec<(Uuid, &DedupeKeys)> = keys.iter().map(|(id, k)| (*id, k)).collect();
    dedupe::add_keys_many(conn, tenant_id, RecordType::Customer, &keys).await?;
    for chunk in models.chunks(1000) {
        crate::customers::scoring::rescore_now(conn, tenant_id, chunk).await?;
    }
    Ok(models.len() as u64)
}

/// Who may be seen in a list: `None` = everyone.
pub(crate) fn owner_condition(column: impl ColumnTrait, owners: Option<&Vec<Uuid>>) -> Condition {
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
        let txn = self.store.begin_write().await?;
        let n = insert_customers_in(&*txn, self.tenant_id, actor, models).await?;
        txn.commit().await?;
        Ok(n)
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
        let rows = self
            .narrowing("customers", q)
            .await?
            .apply(
                customer::Entity::find()
                    .filter(customer::Column::TenantId.eq(self.tenant_id))
                    .filter(owner_condition(customer::Column::OwnerId, owners)),
            )
            .apply_if(q.map(str::trim).filter(|q| !q.is_empty()), |s, q| {
                s.filter(crate::platform::dialect::contains_text(
                    customer::Column::Name,
                    q,
                ))
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
    let pool: crate::platform::pool::CustomerPoolSettings = crate::platform::settings::setting_in(
        conn,
        tenant_id,
        crate::platform::pool::CUSTOMER_POOL,
    )
    .await?;
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

/// The ids of the tenant's customers whose name holds `q`, for the lists of what hangs off
/// a customer (payments, receivables) to search by it.
pub(crate) fn ids_named(tenant_id: Uuid, q: &str) -> sea_orm::sea_query::SelectStatement {
    customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .filter(customer::Column::TenantId.eq(tenant_id))
        .filter(crate::platform::dialect::contains_text(
            customer::Column::Name,
            q,
        ))
        .into_query()
}

fn customer_condition(tenant_id: Uuid, f: &CustomerFilter) -> Condition {
    let mut c = Condition::all().add(customer::Column::TenantId.eq(tenant_id));
    c = if f.in_pool {
        c.add(customer::Column::OwnerId.is_null())
    } else {
        c.add(customer::Column::OwnerId.is_not_null())
    };
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        c = c.add(crate::platform::dialect::contains_text(
            customer::Column::Name,
            q,
        ));
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
        let mut q = self
            .narrowing("customers", f.q.as_deref())
            .await?
            .apply(customer::Entity::find().filter(customer_condition(self.tenant_id, f)));
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
        Ok(self
            .narrowing("customers", f.q.as_deref())
            .await?
            .apply(customer::Entity::find().filter(customer_condition(self.tenant_id, f)))
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
        let (txn, before, saved) = self
            .begin_edit::<customer::Entity>(actor, id, expected, edit)
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
}

impl TenantStore {
    /// The names of some customers, for lists that show them beside other records.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_names(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
        if ids.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let rows: Vec<(Uuid, String)> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::Name)
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .filter(customer::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows.into_iter().collect())
    }
}
