//! The forecast's figures: per-stage totals and learned win-rate counts read from the tables
//! the database keeps per (stage, owner, close month), the scans they are checked against,
//! and past forecasts rebuilt from the stage changes.

use closer_domain::opportunities::forecast::StageTotal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::records::{forecast_condition, ForecastFilter};
use crate::platform::dialect::param;
use crate::{
    entity::{opportunity, stage_change, win_rate_change},
    StoreError, TenantStore,
};

/// `YYYYMM` of a date, as `forecast_totals` keys close months.
fn month_key(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    d.year() * 100 + i32::try_from(d.month()).unwrap_or(0)
}

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
        let list = crate::platform::dialect::bind_ids(backend, &mut values, owners);
        sql.push_str(&format!(" AND owner_id IN ({list})"));
    }
    Some((sql, values))
}

/// `(stage_id, count, amount)` rows of a grouped query as stage totals, empty stages left out.
fn stage_total_rows(rows: Vec<sea_orm::QueryResult>) -> Result<Vec<StageTotal>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.extend(stage_total_at(&row, 0)?);
    }
    Ok(out)
}

/// The `(stage_id, count, amount)` of a grouped row from column `first` on; none for a stage
/// without deals.
fn stage_total_at(
    row: &sea_orm::QueryResult,
    first: usize,
) -> Result<Option<StageTotal>, StoreError> {
    let stage_id: Uuid = row.try_get_by_index(first)?;
    let count: Option<i64> = row.try_get_by_index(first + 1)?;
    let amount: Option<i64> = row.try_get_by_index(first + 2)?;
    let count = u64::try_from(count.unwrap_or(0)).unwrap_or(0);
    Ok((count > 0).then(|| StageTotal {
        stage_id,
        count,
        amount: amount.unwrap_or(0),
    }))
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

    /// [`Self::stage_totals`] per owner (`None`: deals without one): what each rep has in
    /// each stage — from the maintained totals, or the scan when they cannot answer.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn owner_stage_totals(
        &self,
        f: &ForecastFilter,
    ) -> Result<Vec<(Option<Uuid>, StageTotal)>, StoreError> {
        let months = whole_months(f.closing)
            .ok()
            .filter(|_| f.team_member.is_none());
        let rows: Vec<(Uuid, Uuid, i64, Option<i64>)> = match months {
            Some(months) => {
                let Some(rows) = self.keyed_stage_rows("owner_id", f, months).await? else {
                    return Ok(Vec::new());
                };
                rows
            }
            None => {
                use sea_orm::sea_query::Expr;
                let scanned: Vec<(Option<Uuid>, Uuid, i64, Option<i64>)> =
                    opportunity::Entity::find()
                        .select_only()
                        .column(opportunity::Column::OwnerId)
                        .column(opportunity::Column::StageId)
                        .column_as(opportunity::Column::Id.count(), "n")
                        .column_as(Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"), "amount")
                        .filter(forecast_condition(self.tenant_id, f))
                        .group_by(opportunity::Column::OwnerId)
                        .group_by(opportunity::Column::StageId)
                        .into_tuple()
                        .all(self.db())
                        .await?;
                scanned
                    .into_iter()
                    .map(|(o, s, n, a)| (o.unwrap_or_else(Uuid::nil), s, n, a))
                    .collect()
            }
        };
        Ok(rows
            .into_iter()
            .filter(|r| r.2 > 0)
            .map(|(owner, stage_id, n, a)| {
                (
                    (!owner.is_nil()).then_some(owner),
                    StageTotal {
                        stage_id,
                        count: u64::try_from(n).unwrap_or(0),
                        amount: a.unwrap_or(0),
                    },
                )
            })
            .collect())
    }

    /// [`Self::stage_totals`] per expected close month (`YYYYMM`, 0: no close date) from the
    /// maintained totals; `None` when they cannot answer the filter (a period that is not
    /// whole months, a team member) and the caller must count the deals.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn month_stage_totals(
        &self,
        f: &ForecastFilter,
    ) -> Result<Option<Vec<(i32, StageTotal)>>, StoreError> {
        let Some(months) = whole_months(f.closing)
            .ok()
            .filter(|_| f.team_member.is_none())
        else {
            return Ok(None);
        };
        let Some(rows) = self.keyed_stage_rows("close_month", f, months).await? else {
            return Ok(Some(Vec::new()));
        };
        Ok(Some(
            rows.into_iter()
                .filter(|r| r.2 > 0)
                .map(|(month, stage_id, n, amount)| {
                    (
                        month,
                        StageTotal {
                            stage_id,
                            count: u64::try_from(n).unwrap_or(0),
                            amount: amount.unwrap_or(0),
                        },
                    )
                })
                .collect(),
        ))
    }

    /// `forecast_totals` summed per `key` (a column of its key) and stage for the filter:
    /// `(key, stage, count, amount)`; `None` when the filter names no owners.
    async fn keyed_stage_rows<K: sea_orm::TryGetable>(
        &self,
        key: &str,
        f: &ForecastFilter,
        months: Option<(i32, i32)>,
    ) -> Result<Option<Vec<(K, Uuid, i64, Option<i64>)>>, StoreError> {
        let backend = self.db().get_database_backend();
        let Some((condition, values)) = keyed_totals_where(backend, self.tenant_id, f, months)
        else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT {key}, stage_id, CAST(SUM(opportunities) AS BIGINT), \
             CAST(SUM(amount_minor) AS BIGINT) FROM forecast_totals WHERE {condition} \
             GROUP BY {key}, stage_id"
        );
        let mut out = Vec::new();
        for row in self
            .db()
            .query_all(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?
        {
            out.push((
                row.try_get_by_index(0)?,
                row.try_get_by_index(1)?,
                row.try_get_by_index::<Option<i64>>(2)?.unwrap_or(0),
                row.try_get_by_index(3)?,
            ));
        }
        Ok(Some(out))
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
        // Last, once `bind` is done with `values` (placeholders are numbered, so order is free).
        if let Some(owners) = &f.owners {
            if owners.is_empty() {
                return Ok(Vec::new());
            }
            let list = crate::platform::dialect::bind_ids(backend, &mut values, owners);
            narrow.push_str(&format!(" AND o.owner_id IN ({list})"));
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
        let rows = self
            .snapshot_query(start, closing, open_stages, owners, false)
            .await?;
        stage_total_rows(rows)
    }

    /// [`Self::forecast_snapshot`] for every current owner at once: `(owner, stage total)`
    /// (what the forecast-accuracy factor of compensation reads for each person).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn forecast_snapshot_by_owner(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        closing: (chrono::NaiveDate, chrono::NaiveDate),
        open_stages: &[Uuid],
    ) -> Result<Vec<(Uuid, StageTotal)>, StoreError> {
        let rows = self
            .snapshot_query(start, closing, open_stages, None, true)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let owner: Option<Uuid> = row.try_get_by_index(0)?;
            if let (Some(owner), Some(total)) = (owner, stage_total_at(&row, 1)?) {
                out.push((owner, total));
            }
        }
        Ok(out)
    }

    async fn snapshot_query(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        closing: (chrono::NaiveDate, chrono::NaiveDate),
        open_stages: &[Uuid],
        owners: Option<&Vec<Uuid>>,
        by_owner: bool,
    ) -> Result<Vec<sea_orm::QueryResult>, StoreError> {
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
            crate::platform::dialect::bind_ids(backend, values, ids)
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
        // By owner, each change is joined to its deal (the current owner), the owner first.
        let (owner, join, owner_group) = if by_owner {
            (
                "o.owner_id, ",
                " JOIN opportunities o ON o.tenant_id = sc.tenant_id AND o.id = sc.opportunity_id",
                "o.owner_id, ",
            )
        } else {
            ("", "", "")
        };
        let sql = format!(
            "SELECT {owner}sc.to_stage_id, COUNT(*), CAST(SUM(sc.amount_minor) AS BIGINT) \
             FROM stage_changes sc{join} \
             WHERE sc.tenant_id = {t} AND sc.expected_close_date >= {from} \
               AND sc.expected_close_date <= {to} AND sc.at <= {at} \
               AND (sc.superseded_at IS NULL OR sc.superseded_at > {at}) \
               AND sc.to_stage_id IN ({stages}){owned_by} \
             GROUP BY {owner_group}sc.to_stage_id",
            t = p(1),
            from = p(2),
            to = p(3),
            at = p(4),
        );
        Ok(self
            .db()
            .query_all(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?)
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

    /// [`Self::won_between`] per current owner: `owner → (count, amount)`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn won_between_by_owner(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
        won_stages: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, (u64, i64)>, StoreError> {
        use sea_orm::sea_query::Expr;
        let rows: Vec<(Option<Uuid>, i64, Option<i64>)> = opportunity::Entity::find()
            .select_only()
            .column(opportunity::Column::OwnerId)
            .column_as(opportunity::Column::Id.count(), "n")
            .column_as(Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"), "amount")
            .filter(opportunity::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity::Column::StageId.is_in(won_stages.to_vec()))
            .filter(opportunity::Column::ClosedAt.gte(from))
            .filter(opportunity::Column::ClosedAt.lt(until))
            .group_by(opportunity::Column::OwnerId)
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(owner, n, amount)| {
                Some((owner?, (u64::try_from(n).unwrap_or(0), amount.unwrap_or(0))))
            })
            .collect())
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
