//! The job queue: rows taken by one runner at a time under a lease.
//!
//! Taking a job is where SQLite and PostgreSQL differ: PostgreSQL skips rows another runner
//! has locked (`FOR UPDATE SKIP LOCKED`); SQLite has one writer, so the same statement
//! without the lock clause is already exclusive. That difference lives here and nowhere else.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult,
    IntoActiveModel, QueryFilter, Set, Statement,
};
use serde_json::Value;
use uuid::Uuid;

use crate::{entity::job, Store, StoreError};

/// A job to put on the queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub tenant_id: Option<Uuid>,
    pub kind: String,
    pub payload: Value,
    pub run_at: DateTime<Utc>,
    /// A second enqueue with the same key is ignored.
    pub dedupe_key: Option<String>,
    pub max_attempts: i32,
}

/// Why a job whose runner stopped was failed.
pub const ABANDONED: &str = "the server running this job stopped before it finished";

impl Store {
    /// Puts a job on the queue; returns `None` when its dedupe key was already queued.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn enqueue(&self, new: NewJob) -> Result<Option<job::Model>, StoreError> {
        let now = crate::now();
        let model = job::Model {
            id: closer_domain::ids::new_id(),
            tenant_id: new.tenant_id,
            kind: new.kind,
            payload: new.payload,
            status: "queued".into(),
            dedupe_key: new.dedupe_key,
            run_at: new.run_at,
            attempts: 0,
            max_attempts: new.max_attempts,
            lease_until: None,
            locked_by: None,
            progress_done: 0,
            progress_total: 0,
            result: None,
            last_error: None,
            created_at: now,
            updated_at: now,
        };
        let txn = self.begin_write().await?;
        let inserted = job::Entity::insert(model.clone().into_active_model().reset_all())
            .on_conflict(
                OnConflict::column(job::Column::DedupeKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&*txn)
            .await?;
        txn.commit().await?;
        Ok((inserted == 1).then_some(model))
    }

    /// Takes the next due job for `worker`, leasing it until `lease_until`. A job whose
    /// runner died (lease expired) is taken again.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn take_job(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<job::Model>, StoreError> {
        let backend = self.db_backend();
        let lock = super::dialect::skip_locked(backend);
        let p = |i: usize| super::dialect::param(backend, i);
        let (p1, p2, p3, p4) = (p(1), p(2), p(3), p(4));
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = {p1}, \
             locked_by = {p2}, updated_at = {p3} \
             WHERE id = (SELECT id FROM jobs \
               WHERE (status = 'queued' AND run_at <= {p3}) \
                  OR (status = 'running' AND lease_until < {p3} AND attempts < max_attempts) \
               ORDER BY run_at, id LIMIT 1 {lock}) \
             AND (status = 'queued' OR lease_until < {p4}) \
             RETURNING *"
        );
        let txn = self.begin_write().await?;
        let stmt = Statement::from_sql_and_values(
            self.db_backend(),
            sql,
            [lease_until.into(), worker.into(), now.into(), now.into()],
        );
        let row = job::Model::find_by_statement(stmt).one(&*txn).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Records a job's progress while it runs.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn job_progress(&self, id: Uuid, done: i64, total: i64) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        job::Entity::update_many()
            .col_expr(job::Column::ProgressDone, done.into())
            .col_expr(job::Column::ProgressTotal, total.into())
            .col_expr(job::Column::UpdatedAt, crate::now().into())
            .filter(job::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// Marks a job done by `worker`, with the progress it reached in memory (its last
    /// `done / total`) kept for whoever polls it later, unless it stored its own. A runner whose lease was taken over finishes nothing.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn finish_job(
        &self,
        id: Uuid,
        worker: &str,
        result: Option<Value>,
        progress: Option<(i64, i64)>,
    ) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        // A job that stored its progress as it went (`job_progress`) keeps what it stored;
        // one that stored only its length when queued (nothing done) takes what it reached.
        let stored = job::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .is_some_and(|j| j.progress_done > 0);
        let mut update = job::Entity::update_many();
        if let (Some((done, total)), false) = (progress, stored) {
            update = update
                .col_expr(job::Column::ProgressDone, done.into())
                .col_expr(job::Column::ProgressTotal, total.into());
        }
        let res = update
            .col_expr(job::Column::Status, "done".into())
            .col_expr(job::Column::Result, result.into())
            .col_expr(
                job::Column::LeaseUntil,
                Option::<DateTime<Utc>>::None.into(),
            )
            .col_expr(job::Column::UpdatedAt, crate::now().into())
            .filter(job::Column::Id.eq(id))
            .filter(job::Column::LockedBy.eq(worker))
            .filter(job::Column::Status.eq("running"))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(res.rows_affected == 1)
    }

    /// Records a failure: the job is queued again at `retry_at`, or failed for good when it
    /// has used its attempts.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn fail_job(
        &self,
        id: Uuid,
        worker: &str,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        let Some(row) = job::Entity::find_by_id(id).one(&*txn).await? else {
            return Err(StoreError::NotFound);
        };
        if row.locked_by.as_deref() != Some(worker) || row.status != "running" {
            return Ok(());
        }
        let status = if row.attempts >= row.max_attempts {
            "failed"
        } else {
            "queued"
        };
        let mut am = row.into_active_model();
        am.status = Set(status.into());
        am.last_error = Set(Some(error.chars().take(2000).collect()));
        am.run_at = Set(retry_at);
        am.lease_until = Set(None);
        am.updated_at = Set(crate::now());
        am.update(&*txn).await?;
        txn.commit().await
    }

    /// Jobs whose runner stopped (its lease ran out) with no attempt left: failed for good,
    /// with a reason, and returned so that their kind can put its own records right (an
    /// import marked failed can be started again). Without this they would stay "running".
    ///
    /// # Errors
    /// When the database fails.
    pub async fn fail_abandoned_jobs(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<job::Model>, StoreError> {
        let txn = self.begin_write().await?;
        let rows = job::Entity::find()
            .filter(job::Column::Status.eq("running"))
            .filter(job::Column::LeaseUntil.lt(now))
            .filter(
                sea_orm::sea_query::Expr::col(job::Column::Attempts)
                    .gte(sea_orm::sea_query::Expr::col(job::Column::MaxAttempts)),
            )
            .all(&*txn)
            .await?;
        let mut failed = Vec::with_capacity(rows.len());
        for row in rows {
            let mut am = row.into_active_model();
            am.status = Set("failed".into());
            am.last_error = Set(Some(ABANDONED.into()));
            am.lease_until = Set(None);
            am.updated_at = Set(now);
            failed.push(am.update(&*txn).await?);
        }
        txn.commit().await?;
        Ok(failed)
    }

    /// # Errors
    /// `NotFound` when there is no such job.
    pub async fn job(&self, id: Uuid) -> Result<job::Model, StoreError> {
        job::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Deletes finished jobs last updated before `before`; returns how many.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn purge_jobs(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let txn = self.begin_write().await?;
        let res = job::Entity::delete_many()
            .filter(job::Column::Status.is_in(["done", "failed"]))
            .filter(job::Column::UpdatedAt.lt(before))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(res.rows_affected)
    }
}
