//! Sales processes with their stages, and the minimal opportunity record conversion makes.

use closer_domain::opportunities::{forecast::StageTotal, DEFAULT_STAGES};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{
        opportunity, opportunity_member, sales_process, stage, stage_change, tenant,
        win_rate_change,
    },
    platform::page::Page,
    platform::write,
    Store, StoreError, TenantStore,
};

/// Gives a tenant the default sales process unless it has one.
pub(crate) async fn ensure_default_process<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    english: bool,
) -> Result<(), StoreError> {
    let has = sales_process::Entity::find()
        .filter(sales_process::Column::TenantId.eq(tenant_id))
        .count(conn)
        .await?;
    if has > 0 {
        return Ok(());
    }
    let now = crate::now();
    let process = sales_process::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        name: if english {
            "Standard sales process".into()
        } else {
            "标准销售流程".into()
        },
        is_default: true,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let process = write::insert::<sales_process::Entity, _>(conn, tenant_id, None, process).await?;
    for (position, (key, zh, en, bp, won, lost)) in DEFAULT_STAGES.iter().enumerate() {
        let model = stage::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            process_id: process.id,
            key: (*key).into(),
            name: (*zh).into(),
            name_en: (*en).into(),
            win_rate_bp: *bp,
            is_won: *won,
            is_lost: *lost,
            position: i32::try_from(position).unwrap_or(0),
            tasks: serde_json::json!([]),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let model = write::insert::<stage::Entity, _>(conn, tenant_id, None, model).await?;
        record_win_rate(conn, tenant_id, &model).await?;
    }
    Ok(())
}

/// Logs a stage's win rate from now on (creation, or an edit of the rate).
pub(crate) async fn record_win_rate<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    s: &stage::Model,
) -> Result<(), StoreError> {
    win_rate_change::Entity::insert(sea_orm::IntoActiveModel::into_active_model(
        win_rate_change::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            stage_id: s.id,
            win_rate_bp: s.win_rate_bp,
            at: s.updated_at,
        },
    ))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

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

impl Store {
    /// Gives every tenant made before sales processes existed its default process.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn ensure_tenant_defaults(&self) -> Result<(), StoreError> {
        let tenants = tenant::Entity::find().all(&self.db).await?;
        for t in tenants {
            let txn = self.begin_write().await?;
            ensure_default_process(&*txn, t.tenant_id, t.default_language == "en-US").await?;
            txn.commit().await?;
        }
        Ok(())
    }
}

impl TenantStore {
    /// The tenant's sales processes with their stages in order.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sales_processes(
        &self,
    ) -> Result<Vec<(sales_process::Model, Vec<stage::Model>)>, StoreError> {
        let processes = sales_process::Entity::find()
            .filter(sales_process::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(sales_process::Column::Id)
            .all(self.db())
            .await?;
        let stages = stage::Entity::find()
            .filter(stage::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(stage::Column::Position)
            .all(self.db())
            .await?;
        Ok(processes
            .into_iter()
            .map(|p| {
                let own = stages
                    .iter()
                    .filter(|s| s.process_id == p.id)
                    .cloned()
                    .collect();
                (p, own)
            })
            .collect())
    }

    /// # Errors
    /// `NotFound` when the tenant has no such stage.
    pub async fn stage(&self, id: Uuid) -> Result<stage::Model, StoreError> {
        stage::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The first stage of the default process.
    ///
    /// # Errors
    /// `NotFound` when the tenant has no process.
    pub async fn first_stage(&self) -> Result<stage::Model, StoreError> {
        let processes = self.sales_processes().await?;
        processes
            .iter()
            .find(|(p, _)| p.is_default)
            .or(processes.first())
            .and_then(|(_, stages)| stages.first().cloned())
            .ok_or(StoreError::NotFound)
    }

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
}

fn forecast_condition(tenant_id: Uuid, f: &ForecastFilter) -> sea_orm::Condition {
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

/// `YYYYMM` of a date, as `forecast_totals` keys close months.
fn month_key(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    d.year() * 100 + i32::try_from(d.month()).unwrap_or(0)
}

use crate::platform::dialect::param;

/// Close-date bounds as the month keys of the maintained tables: `Ok(None)` for no bound,
/// `Err(())` when the range is not whole months (then only a scan answers exactly).
fn whole_months(
    closing: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Result<Option<(i32, i32)>, ()> {
    use chrono::Datelike;
    match closing {
        None => Ok(None),
        Some((from, to))
            if from.day() == 1 && to.succ_opt().is_some_and(|next| next.day() == 1) =>
        {
            Ok(Some((month_key(from), month_key(to))))
        }
        Some(_) => Err(()),
    }
}

/// The WHERE clause and its values for a question to a table the database keeps per
/// (tenant, stage, owner, close month) — `forecast_totals` and `learned_counts`. `None`
/// when the filter names an empty set of owners (nothing can match).
fn keyed_totals_where(
    backend: sea_orm::DbBackend,
    tenant_id: Uuid,
    f: &ForecastFilter,
    months: Option<(i32, i32)>,
) -> Option<(String, Vec<sea_orm::Value>)> {
    let mut values: Vec<sea_orm::Value> = vec![tenant_id.into()];
    let mut sql = format!("tenant_id = {}", param(backend, 1));
    let mut bind = |sql: &mut String, v: sea_orm::Value| {
        values.push(v);
        sql.push_str(&param(backend, values.len()));
    };
    if let Some(p) = f.process_id {
        sql.push_str(" AND stage_id IN (SELECT id FROM stages WHERE tenant_id = ");
        sql.push_str(&param(backend, 1));
        sql.push_str(" AND process_id = ");
        bind(&mut sql, p.into());
        sql.push(')');
    }
    if let Some(s) = f.stage_id {
        sql.push_str(" AND stage_id = ");
        bind(&mut sql, s.into());
    }
    if let Some((from, to)) = months {
        sql.push_str(" AND close_month >= ");
        bind(&mut sql, from.into());
        sql.push_str(" AND close_month <= ");
        bind(&mut sql, to.into());
    }
    if let Some(owners) = &f.owners {
        if owners.is_empty() {
            return None;
        }
        sql.push_str(" AND owner_id IN (");
        for (i, o) in owners.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            bind(&mut sql, (*o).into());
        }
        sql.push(')');
    }
    Some((sql, values))
}

/// `(stage_id, count, amount)` rows of a grouped query as stage totals, empty stages left out.
fn stage_total_rows(rows: Vec<sea_orm::QueryResult>) -> Result<Vec<StageTotal>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let stage_id: Uuid = row.try_get_by_index(0)?;
        let count: Option<i64> = row.try_get_by_index(1)?;
        let amount: Option<i64> = row.try_get_by_index(2)?;
        let count = u64::try_from(count.unwrap_or(0)).unwrap_or(0);
        if count > 0 {
            out.push(StageTotal {
                stage_id,
                count,
                amount: amount.unwrap_or(0),
            });
        }
    }
    Ok(out)
}

/// `(stage_id, won, lost)` rows of a grouped query, stages with neither left out.
fn won_lost_rows(rows: Vec<sea_orm::QueryResult>) -> Result<Vec<(Uuid, u64, u64)>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let stage: Uuid = row.try_get_by_index(0)?;
        let won: Option<i64> = row.try_get_by_index(1)?;
        let lost: Option<i64> = row.try_get_by_index(2)?;
        let (won, lost) = (
            u64::try_from(won.unwrap_or(0)).unwrap_or(0),
            u64::try_from(lost.unwrap_or(0)).unwrap_or(0),
        );
        if won + lost > 0 {
            out.push((stage, won, lost));
        }
    }
    Ok(out)
}

/// Rebuilds the learned win rates' counts — per stage reached, current owner and expected
/// close month, the closed deals won and lost — from the stages each opportunity reached and
/// where it is now: for every tenant (a migration's backfill), or for the tenant bound as
/// `tenant_param`.
pub(crate) fn learned_counts_sql(
    backend: sea_orm::DbBackend,
    tenant_param: Option<&str>,
) -> String {
    let only = tenant_param.map_or(String::new(), |p| format!("AND r.tenant_id = {p} "));
    let owner = format!(
        "COALESCE(o.owner_id, {})",
        crate::platform::dialect::nil_id(backend)
    );
    let month = crate::platform::dialect::month_of(backend, "o.expected_close_date");
    format!(
        "INSERT INTO learned_counts (tenant_id, stage_id, owner_id, close_month, won, lost) \
         SELECT r.tenant_id, r.stage_id, {owner}, {month}, \
           CAST(SUM(CASE WHEN s.is_won THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN s.is_lost THEN 1 ELSE 0 END) AS BIGINT) \
         FROM stage_reach r \
         JOIN opportunities o ON o.tenant_id = r.tenant_id AND o.id = r.opportunity_id \
         JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         WHERE (s.is_won OR s.is_lost) {only}\
         GROUP BY r.tenant_id, r.stage_id, {owner}, {month}"
    )
}

/// Recomputes a tenant's learned counts (after an administrator changed which stages are
/// won or lost: every closed deal's kind may have changed).
pub(crate) async fn rebuild_learned<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<(), StoreError> {
    let backend = conn.get_database_backend();
    let p = param(backend, 1);
    conn.execute(sea_orm::Statement::from_sql_and_values(
        backend,
        format!("DELETE FROM learned_counts WHERE tenant_id = {p}"),
        [tenant_id.into()],
    ))
    .await?;
    conn.execute(sea_orm::Statement::from_sql_and_values(
        backend,
        learned_counts_sql(backend, Some(&p)),
        [tenant_id.into()],
    ))
    .await?;
    Ok(())
}

impl TenantStore {
    /// Count and amount of the matching opportunities per stage, read from the maintained
    /// `forecast_totals` (a few rows per stage, owner and close month) — the same figures as
    /// [`Self::stage_totals_scan`], which reads every opportunity. A close-date range that is
    /// not whole months falls back to the scan, so the answer is always exact.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn stage_totals(&self, f: &ForecastFilter) -> Result<Vec<StageTotal>, StoreError> {
        if f.team_member.is_some() {
            return self.stage_totals_scan(f).await;
        }
        let Ok(months) = whole_months(f.closing) else {
            return self.stage_totals_scan(f).await;
        };
        let backend = self.db().get_database_backend();
        let Some((condition, values)) = keyed_totals_where(backend, self.tenant_id, f, months)
        else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT stage_id, CAST(SUM(opportunities) AS BIGINT), CAST(SUM(amount_minor) AS BIGINT) \
             FROM forecast_totals WHERE {condition} GROUP BY stage_id"
        );
        let rows = self
            .db()
            .query_all(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?;
        stage_total_rows(rows)
    }

    /// [`Self::stage_totals`] worked out from the opportunities themselves, in one grouped
    /// query: the reference the maintained totals are checked against.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn stage_totals_scan(
        &self,
        f: &ForecastFilter,
    ) -> Result<Vec<StageTotal>, StoreError> {
        use sea_orm::sea_query::Expr;
        let rows: Vec<(Uuid, i64, Option<i64>)> = opportunity::Entity::find()
            .select_only()
            .column(opportunity::Column::StageId)
            .column_as(opportunity::Column::Id.count(), "n")
            .column_as(Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"), "amount")
            .filter(forecast_condition(self.tenant_id, f))
            .group_by(opportunity::Column::StageId)
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|(stage_id, n, a)| StageTotal {
                stage_id,
                count: u64::try_from(n).unwrap_or(0),
                amount: a.unwrap_or(0),
            })
            .collect())
    }

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
        let rows = opportunity::Entity::find()
            .filter(forecast_condition(self.tenant_id, f))
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

    /// Moves an opportunity to `to` (the caller has checked the move against the stage's
    /// checklist), logging the change with its instant.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion` (someone moved or edited it meanwhile).
    pub async fn move_opportunity(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        to: &stage::Model,
        loss_reason: Option<String>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<opportunity::Model, StoreError> {
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
        let txn = self.store.begin_write().await?;
        let (before, saved) = write::edit::<opportunity::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            id,
            expected,
            "updated",
            edit,
        )
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

    /// Per stage, how many closed opportunities that reached it were won and lost — the
    /// learned win rate's counts, as the database keeps them in `learned_counts` per owner
    /// and expected close month — of the deals the filter names (owners, close-date period,
    /// process, stage). A period that is not whole months is answered by the scan.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reached_and_closed(
        &self,
        f: &ForecastFilter,
    ) -> Result<Vec<(Uuid, u64, u64)>, StoreError> {
        if f.team_member.is_some() {
            return self.reached_and_closed_scan(f).await;
        }
        let Ok(months) = whole_months(f.closing) else {
            return self.reached_and_closed_scan(f).await;
        };
        let backend = self.db().get_database_backend();
        let Some((condition, values)) = keyed_totals_where(backend, self.tenant_id, f, months)
        else {
            return Ok(Vec::new());
        };
        let rows = self
            .db()
            .query_all(sea_orm::Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT stage_id, CAST(SUM(won) AS BIGINT), CAST(SUM(lost) AS BIGINT) \
                     FROM learned_counts WHERE {condition} GROUP BY stage_id"
                ),
                values,
            ))
            .await?;
        won_lost_rows(rows)
    }

    /// [`Self::reached_and_closed`] worked out from every stage change, in one grouped query:
    /// the reference the maintained counts are checked against.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reached_and_closed_scan(
        &self,
        f: &ForecastFilter,
    ) -> Result<Vec<(Uuid, u64, u64)>, StoreError> {
        let backend = self.db().get_database_backend();
        let mut values: Vec<sea_orm::Value> = vec![self.tenant_id.into()];
        let mut narrow = String::new();
        let mut bind = |sql: &mut String, v: sea_orm::Value| {
            values.push(v);
            sql.push_str(&param(backend, values.len()));
        };
        if let Some(owners) = &f.owners {
            if owners.is_empty() {
                return Ok(Vec::new());
            }
            narrow.push_str(" AND o.owner_id IN (");
            for (i, o) in owners.iter().enumerate() {
                if i > 0 {
                    narrow.push_str(", ");
                }
                bind(&mut narrow, (*o).into());
            }
            narrow.push(')');
        }
        if let Some((from, to)) = f.closing {
            narrow.push_str(" AND o.expected_close_date >= ");
            bind(&mut narrow, from.into());
            narrow.push_str(" AND o.expected_close_date <= ");
            bind(&mut narrow, to.into());
        }
        if let Some(p) = f.process_id {
            narrow.push_str(" AND r.to_stage_id IN (SELECT id FROM stages WHERE tenant_id = ");
            narrow.push_str(&param(backend, 1));
            narrow.push_str(" AND process_id = ");
            bind(&mut narrow, p.into());
            narrow.push(')');
        }
        if let Some(s) = f.stage_id {
            narrow.push_str(" AND r.to_stage_id = ");
            bind(&mut narrow, s.into());
        }
        if let Some(user) = f.team_member {
            narrow.push_str(
                " AND o.id IN (SELECT opportunity_id FROM opportunity_members WHERE tenant_id = ",
            );
            narrow.push_str(&param(backend, 1));
            narrow.push_str(" AND user_id = ");
            bind(&mut narrow, user.into());
            narrow.push(')');
        }
        let sql = format!(
            "SELECT r.to_stage_id, \
               CAST(SUM(CASE WHEN cur.is_won THEN 1 ELSE 0 END) AS BIGINT), \
               CAST(SUM(CASE WHEN cur.is_lost THEN 1 ELSE 0 END) AS BIGINT) \
             FROM (SELECT DISTINCT to_stage_id, opportunity_id FROM stage_changes WHERE tenant_id = {t}) r \
             JOIN opportunities o ON o.tenant_id = {t} AND o.id = r.opportunity_id \
             JOIN stages cur ON cur.tenant_id = {t} AND cur.id = o.stage_id \
             WHERE (cur.is_won OR cur.is_lost){narrow} \
             GROUP BY r.to_stage_id",
            t = param(backend, 1)
        );
        let rows = self
            .db()
            .query_all(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?;
        won_lost_rows(rows)
    }

    /// The forecast as it stood at `start`, worked out by the database: per open stage (of
    /// `open_stages`), the count and amount of the opportunities whose latest stage change
    /// at or before `start` put them in that stage with an expected close date within
    /// `closing` — each at that change's amount. `owners` narrows to current owners.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn forecast_snapshot(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        closing: (chrono::NaiveDate, chrono::NaiveDate),
        open_stages: &[Uuid],
        owners: Option<&Vec<Uuid>>,
    ) -> Result<Vec<StageTotal>, StoreError> {
        if open_stages.is_empty() || owners.is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        let backend = self.db().get_database_backend();
        let mut values: Vec<sea_orm::Value> = vec![
            self.tenant_id.into(),
            closing.0.into(),
            closing.1.into(),
            start.into(),
        ];
        let list = |values: &mut Vec<sea_orm::Value>, ids: &[Uuid]| {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                values.push((*id).into());
                out.push(param(backend, values.len()));
            }
            out.join(", ")
        };
        let stages = list(&mut values, open_stages);
        let owned_by = owners.map_or(String::new(), |o| {
            format!(
                " AND EXISTS (SELECT 1 FROM opportunities o WHERE o.tenant_id = sc.tenant_id \
                 AND o.id = sc.opportunity_id AND o.owner_id IN ({}))",
                list(&mut values, o)
            )
        });
        let p = |i| param(backend, i);
        // The changes that named a close date in the period and were in force at the
        // snapshot: made by then, and not superseded by then (`superseded_at` is the next
        // change's instant, kept by a trigger) — one covering index answers it.
        let sql = format!(
            "SELECT sc.to_stage_id, COUNT(*), CAST(SUM(sc.amount_minor) AS BIGINT) \
             FROM stage_changes sc \
             WHERE sc.tenant_id = {t} AND sc.expected_close_date >= {from} \
               AND sc.expected_close_date <= {to} AND sc.at <= {at} \
               AND (sc.superseded_at IS NULL OR sc.superseded_at > {at}) \
               AND sc.to_stage_id IN ({stages}){owned_by} \
             GROUP BY sc.to_stage_id",
            t = p(1),
            from = p(2),
            to = p(3),
            at = p(4),
        );
        let rows = self
            .db()
            .query_all(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?;
        stage_total_rows(rows)
    }

    /// How many opportunities now in one of `won_stages` entered it in `[from, until)`, and
    /// their current amount; `owners` narrows to current owners.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn won_between(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
        won_stages: &[Uuid],
        owners: Option<&Vec<Uuid>>,
    ) -> Result<(u64, i64), StoreError> {
        use sea_orm::sea_query::Expr;
        let row: Option<(i64, Option<i64>)> = opportunity::Entity::find()
            .select_only()
            .column_as(opportunity::Column::Id.count(), "n")
            .column_as(Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"), "amount")
            .filter(opportunity::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity::Column::StageId.is_in(won_stages.to_vec()))
            .filter(opportunity::Column::ClosedAt.gte(from))
            .filter(opportunity::Column::ClosedAt.lt(until))
            .apply_if(owners, |s, o| {
                s.filter(opportunity::Column::OwnerId.is_in(o.clone()))
            })
            .into_tuple()
            .one(self.db())
            .await?;
        Ok(row.map_or((0, 0), |(n, a)| {
            (u64::try_from(n).unwrap_or(0), a.unwrap_or(0))
        }))
    }

    /// Every win-rate change of the tenant, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn win_rate_changes(&self) -> Result<Vec<win_rate_change::Model>, StoreError> {
        Ok(win_rate_change::Entity::find()
            .filter(win_rate_change::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(win_rate_change::Column::At)
            .all(self.db())
            .await?)
    }

    /// Stage changes at or after `since` for opportunities not closed before it, and every
    /// win-rate change: what rebuilding past forecasts needs.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn forecast_history(
        &self,
        since: chrono::DateTime<chrono::Utc>,
        owners: Option<&Vec<Uuid>>,
    ) -> Result<(Vec<stage_change::Model>, Vec<win_rate_change::Model>), StoreError> {
        let open_then = opportunity::Entity::find()
            .select_only()
            .column(opportunity::Column::Id)
            .filter(opportunity::Column::TenantId.eq(self.tenant_id))
            .filter(
                sea_orm::Condition::any()
                    .add(opportunity::Column::ClosedAt.is_null())
                    .add(opportunity::Column::ClosedAt.gte(since)),
            )
            .apply_if(owners, |s, o| {
                s.filter(opportunity::Column::OwnerId.is_in(o.clone()))
            })
            .into_query();
        let changes = stage_change::Entity::find()
            .filter(stage_change::Column::TenantId.eq(self.tenant_id))
            .filter(stage_change::Column::OpportunityId.in_subquery(open_then))
            .order_by_asc(stage_change::Column::At)
            .order_by_asc(stage_change::Column::Id)
            .all(self.db())
            .await?;
        let rates = win_rate_change::Entity::find()
            .filter(win_rate_change::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(win_rate_change::Column::At)
            .all(self.db())
            .await?;
        Ok((changes, rates))
    }
}

/// A stage as an administrator's process edit sets it (already validated).
#[derive(Debug, Clone)]
pub struct StageEdit {
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub win_rate_bp: i32,
    pub is_won: bool,
    pub is_lost: bool,
    pub tasks: serde_json::Value,
}

impl TenantStore {
    /// Replaces a process's name and stages. Stages are matched by key: kept ones are
    /// updated in place (a new win rate is logged from now on, never rewriting the past),
    /// new ones added, and dropped ones removed — unless an opportunity is in one.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("stage_in_use")`; `StaleVersion`.
    pub async fn edit_process(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        name: String,
        edits: Vec<StageEdit>,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = sales_process::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        let mut after = before.clone();
        after.name = name;
        write::update::<sales_process::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "updated",
            &before,
            after,
        )
        .await?;
        let existing = stage::Entity::find()
            .filter(stage::Column::TenantId.eq(self.tenant_id))
            .filter(stage::Column::ProcessId.eq(id))
            .all(&*txn)
            .await?;
        let now = crate::now();
        let mut kinds_changed = false;
        for old in existing
            .iter()
            .filter(|s| !edits.iter().any(|e| e.key == s.key))
        {
            let used = opportunity::Entity::find()
                .filter(opportunity::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity::Column::StageId.eq(old.id))
                .count(&*txn)
                .await?;
            if used > 0 {
                return Err(StoreError::Conflict("stage_in_use"));
            }
            stage::Entity::delete_by_id((self.tenant_id, old.id))
                .exec(&*txn)
                .await?;
        }
        for (position, e) in edits.into_iter().enumerate() {
            let position = i32::try_from(position).unwrap_or(0);
            match existing.iter().find(|s| s.key == e.key) {
                Some(old) => {
                    let mut new = old.clone();
                    new.name = e.name;
                    new.name_en = e.name_en;
                    new.win_rate_bp = e.win_rate_bp;
                    new.is_won = e.is_won;
                    new.is_lost = e.is_lost;
                    new.position = position;
                    new.tasks = e.tasks;
                    let saved = write::update::<stage::Entity, _>(
                        &*txn,
                        self.tenant_id,
                        Some(actor),
                        "updated",
                        old,
                        new,
                    )
                    .await?;
                    if saved.win_rate_bp != old.win_rate_bp {
                        record_win_rate(&*txn, self.tenant_id, &saved).await?;
                    }
                    kinds_changed |= saved.is_won != old.is_won || saved.is_lost != old.is_lost;
                }
                None => {
                    let model = stage::Model {
                        tenant_id: self.tenant_id,
                        id: closer_domain::ids::new_id(),
                        process_id: id,
                        key: e.key,
                        name: e.name,
                        name_en: e.name_en,
                        win_rate_bp: e.win_rate_bp,
                        is_won: e.is_won,
                        is_lost: e.is_lost,
                        position,
                        tasks: e.tasks,
                        created_at: now,
                        updated_at: now,
                        version: 1,
                    };
                    let saved = write::insert::<stage::Entity, _>(
                        &*txn,
                        self.tenant_id,
                        Some(actor),
                        model,
                    )
                    .await?;
                    record_win_rate(&*txn, self.tenant_id, &saved).await?;
                }
            }
        }
        if kinds_changed {
            rebuild_learned(&*txn, self.tenant_id).await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

impl TenantStore {
    /// An opportunity's team, in the order members were added.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn team(
        &self,
        opportunity_id: Uuid,
    ) -> Result<Vec<opportunity_member::Model>, StoreError> {
        Ok(opportunity_member::Entity::find()
            .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
            .order_by_asc(opportunity_member::Column::AddedAt)
            .order_by_asc(opportunity_member::Column::UserId)
            .all(self.db())
            .await?)
    }

    /// Whether `user_id` is on the opportunity's team.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn is_team_member(
        &self,
        opportunity_id: Uuid,
        user_id: Uuid,
    ) -> Result<bool, StoreError> {
        Ok(
            opportunity_member::Entity::find_by_id((self.tenant_id, opportunity_id, user_id))
                .one(self.db())
                .await?
                .is_some(),
        )
    }

    /// Replaces an opportunity's team with `members` (checked by the caller). Members who
    /// stay keep when they were added; the change is in the opportunity's history.
    ///
    /// # Errors
    /// `NotFound` when the opportunity is gone.
    pub async fn set_team(
        &self,
        actor: Uuid,
        opportunity_id: Uuid,
        members: &[(Uuid, String)],
    ) -> Result<Vec<opportunity_member::Model>, StoreError> {
        let txn = self.store.begin_write().await?;
        opportunity::Entity::find_by_id((self.tenant_id, opportunity_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = opportunity_member::Entity::find()
            .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
            .all(&*txn)
            .await?;
        let now = crate::now();
        let after: Vec<opportunity_member::Model> = members
            .iter()
            .map(|(user_id, role)| opportunity_member::Model {
                tenant_id: self.tenant_id,
                opportunity_id,
                user_id: *user_id,
                role: role.clone(),
                added_at: before
                    .iter()
                    .find(|b| b.user_id == *user_id)
                    .map_or(now, |b| b.added_at),
            })
            .collect();
        let shape = |list: &[opportunity_member::Model]| {
            let mut v: Vec<_> = list
                .iter()
                .map(|m| serde_json::json!({"user_id": m.user_id, "role": m.role}))
                .collect();
            v.sort_by_key(ToString::to_string);
            serde_json::Value::Array(v)
        };
        let (old, new) = (shape(&before), shape(&after));
        if old != new {
            opportunity_member::Entity::delete_many()
                .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
                .exec(&*txn)
                .await?;
            if !after.is_empty() {
                opportunity_member::Entity::insert_many(
                    after
                        .iter()
                        .cloned()
                        .map(sea_orm::IntoActiveModel::into_active_model),
                )
                .exec_without_returning(&*txn)
                .await?;
            }
            crate::platform::history::record(
                &*txn,
                self.tenant_id,
                Some(actor),
                "opportunities",
                opportunity_id,
                "team_changed",
                &[crate::platform::history::Change {
                    field: "team".into(),
                    old,
                    new,
                }],
            )
            .await?;
        }
        txn.commit().await?;
        let mut sorted = after;
        sorted.sort_by_key(|m| (m.added_at, m.user_id));
        Ok(sorted)
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
        let models: Vec<opportunity::Model> = models
            .into_iter()
            .map(|m| opportunity::Model {
                tenant_id: self.tenant_id,
                ..m
            })
            .collect();
        let txn = self.store.begin_write().await?;
        write::insert_many::<opportunity::Entity, _>(&*txn, self.tenant_id, actor, &models, 19)
            .await?;
        let mut rows = changes
            .into_iter()
            .map(|c| {
                sea_orm::IntoActiveModel::into_active_model(stage_change::Model {
                    tenant_id: self.tenant_id,
                    ..c
                })
            })
            .peekable();
        while rows.peek().is_some() {
            let chunk: Vec<_> = rows.by_ref().take(3000).collect();
            stage_change::Entity::insert_many(chunk)
                .exec_without_returning(&*txn)
                .await?;
        }
        txn.commit().await?;
        Ok(models.len() as u64)
    }
}
