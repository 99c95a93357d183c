//! The one write path for business records: create and update with optimistic locking,
//! each change logged to history in the same transaction.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{platform::history, StoreError, TenantStore, WriteTxn};

/// A business record with a `version` and an `updated_at`.
pub(crate) trait Versioned: EntityTrait {
    /// The record type named in history and in `/api/v1/{resource}/{id}/history`.
    const RECORD_TYPE: &'static str;
    fn version_column() -> Self::Column;
    fn version(model: &Self::Model) -> i32;
    fn id(model: &Self::Model) -> Uuid;
    /// Sets the next version and the update instant.
    fn bump(model: &mut Self::Model, now: chrono::DateTime<chrono::Utc>);
}

/// Inserts a new record and logs its creation.
pub(crate) async fn insert<E, C>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    model: E::Model,
) -> Result<E::Model, StoreError>
where
    C: ConnectionTrait,
    E: Versioned,
    E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let changes = history::diff(None, &model);
    E::insert(model.clone().into_active_model().reset_all())
        .exec_without_returning(conn)
        .await?;
    history::record(
        conn,
        tenant_id,
        actor,
        E::RECORD_TYPE,
        E::id(&model),
        "created",
        &changes,
    )
    .await?;
    Ok(model)
}

/// Inserts many new records of one kind and logs each creation, a few statements for the
/// lot. `columns` is how many columns a record has, to keep each statement's bound values
/// within the engines' limits.
pub(crate) async fn insert_many<E, C>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    models: &[E::Model],
    columns: usize,
) -> Result<(), StoreError>
where
    C: ConnectionTrait,
    E: Versioned,
    E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    // SQLite binds at most 32,766 values a statement, PostgreSQL 65,535.
    let per_statement = (30_000 / columns.max(1)).max(1);
    for chunk in models.chunks(per_statement) {
        E::insert_many(
            chunk
                .iter()
                .map(|m| m.clone().into_active_model().reset_all()),
        )
        .exec_without_returning(conn)
        .await?;
    }
    history::record_many(
        conn,
        tenant_id,
        actor,
        E::RECORD_TYPE,
        "created",
        models.iter().map(|m| (E::id(m), history::diff(None, m))),
    )
    .await
}

/// Saves `after` over `before` if nobody changed the record since `before` was read, and
/// logs the difference as `action`. Nothing changed → nothing written.
pub(crate) async fn update<E, C>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    action: &str,
    before: &E::Model,
    mut after: E::Model,
) -> Result<E::Model, StoreError>
where
    C: ConnectionTrait,
    E: Versioned,
    E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let changes = history::diff(Some(before), &after);
    if changes.is_empty() {
        return Ok(before.clone());
    }
    E::bump(&mut after, crate::now());
    let result = E::update(after.clone().into_active_model().reset_all())
        .filter(E::version_column().eq(E::version(before)))
        .exec(conn)
        .await;
    match result {
        Ok(_) => {}
        Err(sea_orm::DbErr::RecordNotUpdated) => return Err(StoreError::StaleVersion),
        Err(other) => return Err(other.into()),
    }
    history::record(
        conn,
        tenant_id,
        actor,
        E::RECORD_TYPE,
        E::id(&after),
        action,
        &changes,
    )
    .await?;
    Ok(after)
}

/// Deletes a record if nobody changed it since `before` was read, and logs what it held
/// (every shown field, old value to null) as `deleted`.
pub(crate) async fn delete<E, C>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    before: &E::Model,
) -> Result<(), StoreError>
where
    C: ConnectionTrait,
    E: Versioned,
    E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let deleted = E::delete(before.clone().into_active_model())
        .filter(E::version_column().eq(E::version(before)))
        .exec(conn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(StoreError::StaleVersion);
    }
    let changes: Vec<history::Change> = history::diff(None, before)
        .into_iter()
        .map(|c| history::Change {
            field: c.field,
            old: c.new,
            new: serde_json::Value::Null,
        })
        .collect();
    history::record(
        conn,
        tenant_id,
        actor,
        E::RECORD_TYPE,
        E::id(before),
        "deleted",
        &changes,
    )
    .await
}

/// Loads a record of the tenant, checks the caller's `If-Match` version, applies `edit` and
/// saves it through [`update`] as `action`. Returns the record before and after.
pub(crate) async fn edit<E, C>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    id: Uuid,
    expected: Option<i32>,
    action: &str,
    edit: impl FnOnce(&mut E::Model),
) -> Result<(E::Model, E::Model), StoreError>
where
    C: ConnectionTrait,
    E: Versioned,
    E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<(Uuid, Uuid)>,
{
    let before = E::find_by_id((tenant_id, id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    check_version(expected, E::version(&before))?;
    let mut after = before.clone();
    edit(&mut after);
    let saved = update::<E, C>(conn, tenant_id, actor, action, &before, after).await?;
    Ok((before, saved))
}

/// Refuses a write when the caller's `If-Match` version is not the record's.
pub(crate) fn check_version(expected: Option<i32>, current: i32) -> Result<(), StoreError> {
    match expected {
        Some(v) if v != current => Err(StoreError::StaleVersion),
        _ => Ok(()),
    }
}

macro_rules! versioned {
    ($module:ident, $record_type:literal) => {
        impl Versioned for crate::entity::$module::Entity {
            const RECORD_TYPE: &'static str = $record_type;
            fn version_column() -> Self::Column {
                crate::entity::$module::Column::Version
            }
            fn version(model: &Self::Model) -> i32 {
                model.version
            }
            fn id(model: &Self::Model) -> Uuid {
                model.id
            }
            fn bump(model: &mut Self::Model, now: chrono::DateTime<chrono::Utc>) {
                model.version += 1;
                model.updated_at = now;
            }
        }
    };
}

versioned!(department, "departments");
versioned!(role, "roles");
versioned!(user, "users");
versioned!(campaign, "campaigns");
versioned!(lead, "leads");
versioned!(assignment_rule, "assignment-rules");
versioned!(activity, "activities");
versioned!(saved_view, "saved-views");
versioned!(customer, "customers");
versioned!(contact, "contacts");
versioned!(sales_process, "sales-processes");
versioned!(stage, "stages");
versioned!(opportunity, "opportunities");
versioned!(product, "products");
versioned!(quote, "quotes");
versioned!(lead_import, "lead-imports");
versioned!(document, "documents");
versioned!(approval_flow, "approval-flows");
versioned!(approval, "approvals");
versioned!(delegation, "delegations");
versioned!(contract, "contracts");
versioned!(order, "orders");
versioned!(webhook, "webhooks");
versioned!(receivable, "receivables");
versioned!(invoice, "invoices");
versioned!(payment, "payments");
versioned!(refund, "refunds");
versioned!(target_plan, "target-plans");
versioned!(visit_rule, "visit-rules");
versioned!(compensation_plan, "compensation-plans");
versioned!(compensation_run, "compensation-runs");

impl TenantStore {
    /// The path every edit of a versioned record takes: load it in a write transaction,
    /// refuse a stale `If-Match` version, apply the edit and save it with its history. The
    /// transaction is handed back open with the record before and after, so that what the
    /// record type keeps in step (duplicate keys, scores, stage changes) joins it before the
    /// commit.
    pub(crate) async fn begin_edit<E>(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        change: impl FnOnce(&mut E::Model),
    ) -> Result<(WriteTxn, E::Model, E::Model), StoreError>
    where
        E: Versioned,
        E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
        <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<(Uuid, Uuid)>,
    {
        let txn = self.store.begin_write().await?;
        let (before, saved) = edit::<E, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            id,
            expected,
            "updated",
            change,
        )
        .await?;
        Ok((txn, before, saved))
    }

    /// [`Self::begin_edit`] for a record with nothing to keep in step: edited and committed.
    pub(crate) async fn edit_record<E>(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        change: impl FnOnce(&mut E::Model),
    ) -> Result<E::Model, StoreError>
    where
        E: Versioned,
        E::Model: Serialize + Clone + IntoActiveModel<E::ActiveModel>,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
        <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<(Uuid, Uuid)>,
    {
        let (txn, _, saved) = self.begin_edit::<E>(actor, id, expected, change).await?;
        txn.commit().await?;
        Ok(saved)
    }
}

/// The next number of a tenant's named sequence (1, 2, 3…), taken in the caller's write
/// transaction: the row stays locked until it commits, so two writers never get the same.
pub(crate) async fn next_in_sequence<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    name: &str,
) -> Result<i64, StoreError> {
    use crate::entity::sequence;
    use sea_orm::sea_query::{Expr, OnConflict};
    for _ in 0..2 {
        let bumped = sequence::Entity::update_many()
            .col_expr(
                sequence::Column::Value,
                Expr::col(sequence::Column::Value).add(1),
            )
            .filter(sequence::Column::TenantId.eq(tenant_id))
            .filter(sequence::Column::Name.eq(name))
            .exec(conn)
            .await?;
        if bumped.rows_affected == 1 {
            let row = sequence::Entity::find_by_id((tenant_id, name.to_owned()))
                .one(conn)
                .await?
                .ok_or(StoreError::NotFound)?;
            return Ok(row.value);
        }
        let inserted = sequence::Entity::insert(
            sequence::Model {
                tenant_id,
                name: name.to_owned(),
                value: 1,
            }
            .into_active_model(),
        )
        .on_conflict(
            OnConflict::columns([sequence::Column::TenantId, sequence::Column::Name])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
        if inserted == 1 {
            return Ok(1);
        }
    }
    Err(StoreError::Conflict("write_conflict"))
}
