//! Visit rules and the weekly tasks they make: progress counted live from logged visits.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use closer_domain::targets::visits::Counts;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Statement};
use uuid::Uuid;

use crate::{entity::visit_rule, platform::dialect::param, StoreError, TenantStore};

/// A new rule's fields (checked by the caller).
pub struct NewVisitRule {
    pub name: String,
    pub per_week: i32,
    pub counts: Counts,
    pub department_id: Option<Uuid>,
    pub role_id: Option<Uuid>,
}

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_visit_rule(
        &self,
        actor: Uuid,
        rule: NewVisitRule,
    ) -> Result<visit_rule::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let now = crate::now();
        let model = crate::platform::write::insert::<visit_rule::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            visit_rule::Model {
                tenant_id: self.tenant_id,
                id: closer_domain::ids::new_id(),
                name: rule.name,
                per_week: rule.per_week,
                counts: rule.counts.key().into(),
                department_id: rule.department_id,
                role_id: rule.role_id,
                active: true,
                created_by: Some(actor),
                created_at: now,
                updated_at: now,
                version: 1,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// The active rules, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn visit_rules(&self) -> Result<Vec<visit_rule::Model>, StoreError> {
        Ok(visit_rule::Entity::find()
            .filter(visit_rule::Column::TenantId.eq(self.tenant_id))
            .filter(visit_rule::Column::Active.eq(true))
            .order_by_asc(visit_rule::Column::Id)
            .all(self.db())
            .await?)
    }

    /// Retires a rule (kept, inactive, so its history stays readable).
    ///
    /// # Errors
    /// `NotFound` for an unknown or already retired rule.
    pub async fn retire_visit_rule(&self, actor: Uuid, id: Uuid) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = visit_rule::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .filter(|r| r.active)
            .ok_or(StoreError::NotFound)?;
        let mut after = before.clone();
        after.active = false;
        crate::platform::write::update::<visit_rule::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "retired",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// What each rep did in `[from, to)` as a rule counts it: visits, different customers
    /// visited, or customers visited for the first time by that rep.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn visit_counts(
        &self,
        counts: Counts,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<HashMap<Uuid, i64>, StoreError> {
        #[derive(FromQueryResult)]
        struct Row {
            owner_id: Uuid,
            n: i64,
        }
        let backend = self.store.db_backend();
        let (t, f, u) = (param(backend, 1), param(backend, 2), param(backend, 3));
        let what = match counts {
            Counts::Visits => "COUNT(*)",
            Counts::Customers | Counts::NewCustomers => "COUNT(DISTINCT v.customer_id)",
        };
        let new_only = if counts == Counts::NewCustomers {
            format!(
                " AND v.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM activities p WHERE p.tenant_id = {t} \
                 AND p.customer_id = v.customer_id AND p.kind = 'visit' AND p.owner_id = v.owner_id AND p.occurred_at < {f})"
            )
        } else if counts == Counts::Customers {
            " AND v.customer_id IS NOT NULL".to_owned()
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT v.owner_id AS owner_id, CAST({what} AS BIGINT) AS n FROM activities v \
             WHERE v.tenant_id = {t} AND v.kind = 'visit' AND v.occurred_at >= {f} AND v.occurred_at < {u}{new_only} \
             GROUP BY v.owner_id"
        );
        Ok(Row::find_by_statement(Statement::from_sql_and_values(
            backend,
            sql,
            [self.tenant_id.into(), from.into(), to.into()],
        ))
        .all(self.db())
        .await?
        .into_iter()
        .map(|r| (r.owner_id, r.n))
        .collect())
    }
}
