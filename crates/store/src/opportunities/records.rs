//! Sales processes with their stages, and the minimal opportunity record conversion makes.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{opportunity, opportunity_member, stage, stage_change},
    platform::page::{anchor_of, keyset, Cursor, Page, Sort},
    platform::write,
    StoreError, TenantStore,
};

/// A new opportunity in `stage`; callers fill in the rest.
#[must_use]
pub fn blank_opportunity(
    tenant_id: Uuid,
    customer_id: Uuid,
    name: String,
    (amount_minor, currency): (i64, String),
    stage: &stage::Model,
    owner_id: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> opportunity::Model {
    opportunity::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        customer_id,
        name,
        amount_minor,
        currency,
        process_id: stage.process_id,
        stage_id: stage.id,
        expected_close_date: None,
        owner_id,
        lead_id: None,
        loss_reason: None,
        done_tasks: None,
        stage_entered_at: Some(now),
        closed_at: (stage.is_won || stage.is_lost).then_some(now),
        competitors: None,
        product_id: None,
        campaign_id: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Stores a new opportunity and its entry into its first stage.
pub(crate) async fn insert_opportunity<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    model: opportunity::Model,
) -> Result<opportunity::Model, StoreError> {
    let model = write::insert::<opportunity::Entity, _>(
        conn,
        tenant_id,
        actor,
        opportunity::Model { tenant_id, ..model },
    )
    .await?;
    record_stage_change(conn, tenant_id, actor, None, &model).await?;
    Ok(model)
}

/// Logs the opportunity's stage, amount and close date as of now (its `stage_entered_at`
/// for a stage entry, its `updated_at` for an edit).
pub(crate) async fn record_stage_change<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    from: Option<Uuid>,
    o: &opportunity::Model,
) -> Result<(), StoreError> {
    let at = if from == Some(o.stage_id) {
        o.updated_at
    } else {
        o.stage_entered_at.unwrap_or(o.created_at)
    };
    stage_change::Entity::insert(sea_orm::IntoActiveModel::into_active_model(
        stage_change::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            opportunity_id: o.id,
            from_stage_id: from,
            to_stage_id: o.stage_id,
            at,
            amount_minor: o.amount_minor,
            expected_close_date: o.expected_close_date,
            actor_id: actor,
        },
    ))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// What a stage move says beside the stage: why it was lost, why it was reopened.
#[derive(Debug, Clone, Default)]
pub struct MoveNotes {
    pub loss_reason: Option<String>,
    pub reopen_reason: Option<String>,
}

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_opportunity(
        &self,
        actor: Uuid,
        model: opportunity::Model,
    ) -> Result<opportunity::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = insert_opportunity(&*txn, self.tenant_id, Some(actor), model).await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such opportunity.
    pub async fn opportunity(&self, id: Uuid) -> Result<opportunity::Model, StoreError> {
        opportunity::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A page of opportunities, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn opportunities(
        &self,
        customer_id: Option<Uuid>,
        owners: Option<&Vec<Uuid>>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<opportunity::Model>, StoreError> {
        let rows = opportunity::Entity::find()
            .filter(opportunity::Column::TenantId.eq(self.tenant_id))
            .apply_if(owners, |s, o| {
                s.filter(opportunity::Column::OwnerId.is_in(o.clone()))
            })
            .apply_if(customer_id, |s, c| {
                s.filter(opportunity::Column::CustomerId.eq(c))
            })
            .apply_if(cursor, |s, c| s.filter(opportunity::Column::Id.lt(c)))
            .order_by_desc(opportunity::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |o| o.id))
    }
}

/// Which open opportunities a forecast counts.
#[derive(Debug, Clone, Default)]
pub struct ForecastFilter {
    /// Their owners (a department's people, one owner, or the caller's scope); `None` = all.
    pub owners: Option<Vec<Uuid>>,
    pub process_id: Option<Uuid>,
    /// Expected close date within, inclusive.
    pub closing: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub stage_id: Option<Uuid>,
    /// Only deals whose team this user is on (lists only; the forecast counts owners).
    pub team_member: Option<Uuid>,
    /// `true`: open deals only (not won or lost); `false`: closed ones only (lists only).
    pub open: Option<bool>,
}

pub(crate) fn forecast_condition(tenant_id: Uuid, f: &ForecastFilter) -> sea_orm::Condition {
    let mut c = sea_orm::Condition::all().add(opportunity::Column::TenantId.eq(tenant_id));
    if let Some(owners) = &f.owners {
        c = c.add(opportunity::Column::OwnerId.is_in(owners.clone()));
    }
    if let Some(p) = f.process_id {
        c = c.add(opportunity::Column::ProcessId.eq(p));
    }
    if let Some((from, to)) = f.closing {
        c = c
            .add(opportunity::Column::ExpectedCloseDate.gte(from))
            .add(opportunity::Column::ExpectedCloseDate.lte(to));
    }
    if let Some(s) = f.stage_id {
        c = c.add(opportunity::Column::StageId.eq(s));
    }
    match f.open {
        Some(true) => c = c.add(opportunity::Column::ClosedAt.is_null()),
        Some(false) => c = c.add(opportunity::Column::ClosedAt.is_not_null()),
        None => {}
    }
    if let Some(user) = f.team_member {
        c = c.add(
            opportunity::Column::Id.in_subquery(
                opportunity_member::Entity::find()
                    .select_only()
                    .column(opportunity_member::Column::OpportunityId)
                    .filter(opportunity_member::Column::TenantId.eq(tenant_id))
                    .filter(opportunity_member::Column::UserId.eq(user))
                    .into_query(),
            ),
        );
    }
    c
}

/// What an opportunity list is sorted by, besides creation (`?sort=amount`, `-name` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpportunitySort {
    /// The `created_at` each carries (an imported record keeps its true date).
    CreatedAt,
    Amount,
    Name,
    UpdatedAt,
}

impl OpportunitySort {
    /// The API's names for them.
    pub const FIELDS: [(&'static str, Self); 4] = [
        ("created_at", Self::CreatedAt),
        ("amount", Self::Amount),
        ("name", Self::Name),
        ("updated_at", Self::UpdatedAt),
    ];

    fn column(self) -> opportunity::Column {
        match self {
            Self::CreatedAt => opportunity::Column::CreatedAt,
            Self::Amount => opportunity::Column::AmountMinor,
            Self::Name => opportunity::Column::Name,
            Self::UpdatedAt => opportunity::Column::UpdatedAt,
        }
    }
}

/// A list's filter: the forecast's, a customer's deals, a part of the name.
fn list_condition(
    tenant_id: Uuid,
    f: &ForecastFilter,
    customer_id: Option<Uuid>,
    q: Option<&str>,
) -> sea_orm::Condition {
    let mut c = forecast_condition(tenant_id, f);
    if let Some(customer) = customer_id {
        c = c.add(opportunity::Column::CustomerId.eq(customer));
    }
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        c = c.add(crate::platform::dialect::contains_text(
            opportunity::Column::Name,
            q,
        ));
    }
    c
}

impl TenantStore {
    /// A page of the matching opportunities (a forecast figure's drill-through, a kanban
    /// column), newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn opportunity_page(
        &self,
        f: &ForecastFilter,
        customer_id: Option<Uuid>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<opportunity::Model>, StoreError> {
        let cursor = cursor.map(|id| Cursor { id, value: None });
        self.opportunity_search_page(f, customer_id, None, Sort::default(), cursor, limit)
            .await
    }

    /// [`Self::opportunity_page`] of the deals whose name holds `q` (when given).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn opportunity_search_page(
        &self,
        f: &ForecastFilter,
        customer_id: Option<Uuid>,
        q: Option<&str>,
        sort: Sort<OpportunitySort>,
        cursor: Option<Cursor>,
        limit: u64,
    ) -> Result<Page<opportunity::Model>, StoreError> {
        let column = sort.by.map(OpportunitySort::column);
        let list = self.narrowing("opportunities", q).await?.apply(
            opportunity::Entity::find().filter(list_condition(self.tenant_id, f, customer_id, q)),
        );
        let Some(anchor) =
            anchor_of(self.db(), &list, opportunity::Column::Id, column, cursor).await?
        else {
            return Ok(Page::empty());
        };
        let rows = keyset(
            list,
            column,
            opportunity::Column::Id,
            sort.descending,
            anchor,
        )
        .limit(limit + 1)
        .all(self.db())
        .await?;
        Ok(Page::from_sorted_rows(rows, limit, |o| o.id, column))
    }

    /// How many deals [`Self::opportunity_search_page`] would list, over all its pages.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_opportunities(
        &self,
        f: &ForecastFilter,
        customer_id: Option<Uuid>,
        q: Option<&str>,
    ) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(self
            .narrowing("opportunities", q)
            .await?
            .apply(opportunity::Entity::find().filter(list_condition(
                self.tenant_id,
                f,
                customer_id,
                q,
            )))
            .count(self.db())
            .await?)
    }

    /// Moves an opportunity to `to` (the caller has checked the move against the stage's
    /// checklist), logging the change with its instant; a reopened deal's reason is kept in
    /// its history (`reopened`).
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion` (someone moved or edited it meanwhile).
    pub async fn move_opportunity(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        to: &stage::Model,
        notes: MoveNotes,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<opportunity::Model, StoreError> {
        let MoveNotes {
            loss_reason,
            reopen_reason,
        } = notes;
        let txn = self.store.begin_write().await?;
        let before = opportunity::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        let mut after = before.clone();
        after.stage_id = to.id;
        after.process_id = to.process_id;
        after.loss_reason = loss_reason;
        after.done_tasks = None;
        after.stage_entered_at = Some(now);
        after.closed_at = (to.is_won || to.is_lost).then_some(now);
        let saved = write::update::<opportunity::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "stage_changed",
            &before,
            after,
        )
        .await?;
        record_stage_change(
            &*txn,
            self.tenant_id,
            Some(actor),
            Some(before.stage_id),
            &saved,
        )
        .await?;
        if let Some(reason) = reopen_reason {
            crate::platform::history::record(
                &*txn,
                self.tenant_id,
                Some(actor),
                "opportunities",
                id,
                "reopened",
                &[crate::platform::history::Change {
                    field: "reopen_reason".into(),
                    old: serde_json::Value::Null,
                    new: serde_json::Value::String(reason),
                }],
            )
            .await?;
        }
        if to.is_won {
            if let Some(c) =
                crate::entity::customer::Entity::find_by_id((self.tenant_id, saved.customer_id))
                    .one(&*txn)
                    .await?
            {
                crate::customers::scoring::rescore_now(&*txn, self.tenant_id, &[c]).await?;
            }
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// Saves an edited opportunity; a new amount or close date is logged beside the stage
    /// changes, so past forecasts can be rebuilt as they stood.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_opportunity(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut opportunity::Model),
    ) -> Result<opportunity::Model, StoreError> {
        let (txn, before, saved) = self
            .begin_edit::<opportunity::Entity>(actor, id, expected, edit)
            .await?;
        if saved.amount_minor != before.amount_minor
            || saved.expected_close_date != before.expected_close_date
        {
            record_stage_change(
                &*txn,
                self.tenant_id,
                Some(actor),
                Some(saved.stage_id),
                &saved,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// An opportunity's stage changes, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn stage_history(&self, id: Uuid) -> Result<Vec<stage_change::Model>, StoreError> {
        Ok(stage_change::Entity::find()
            .filter(stage_change::Column::TenantId.eq(self.tenant_id))
            .filter(stage_change::Column::OpportunityId.eq(id))
            .order_by_asc(stage_change::Column::At)
            .order_by_asc(stage_change::Column::Id)
            .all(self.db())
            .await?)
    }
}

impl TenantStore {
    /// Stores many opportunities with their stage changes at once (an import, a
    /// benchmark's data): a few statements for the lot, each creation in history.
    ///
    /// # Errors
    /// When the database fails; nothing is stored then.
    pub async fn insert_opportunities(
        &self,
        actor: Option<Uuid>,
        models: Vec<opportunity::Model>,
        changes: Vec<stage_change::Model>,
    ) -> Result<u64, StoreError> {
        let txn = self.store.begin_write().await?;
        let n = insert_opportunities_in(&*txn, self.tenant_id, actor, models, changes).await?;
        txn.commit().await?;
        Ok(n)
    }
}

/// [`TenantStore::insert_opportunities`] inside the caller's transaction.
pub(crate) async fn insert_opportunities_in<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    models: Vec<opportunity::Model>,
    changes: Vec<stage_change::Model>,
) -> Result<u64, StoreError> {
    let models: Vec<opportunity::Model> = models
        .into_iter()
        .map(|m| opportunity::Model { tenant_id, ..m })
        .collect();
    write::insert_many::<opportunity::Entity, _>(conn, tenant_id, actor, &models, 21).await?;
    let mut rows = changes
        .into_iter()
        .map(|c| {
            sea_orm::IntoActiveModel::into_active_model(stage_change::Model { tenant_id, ..c })
        })
        .peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(3000).collect();
        stage_change::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(models.len() as u64)
}
