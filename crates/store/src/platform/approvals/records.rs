//! The approval engine's reads and administration: flows, approvals with their parts, the
//! inbox, delegations, reassignment when an approver leaves, reminders.

use chrono::{DateTime, Utc};
use closer_domain::approvals;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::shared::{notify, org, people_with_role, trail, ApprovalView};
use crate::{
    entity::{approval, approval_flow, approval_step, approval_task, approval_trail, delegation},
    platform::{page::Page, write},
    StoreError, TenantStore,
};

/// A filter on the approvals list.
#[derive(Debug, Clone, Default)]
pub struct ApprovalFilter {
    /// Only approvals waiting for this user's decision (their open tasks).
    pub waiting_for: Option<Uuid>,
    /// Only approvals this user submitted.
    pub submitted_by: Option<Uuid>,
    pub status: Option<String>,
    pub record_type: Option<String>,
    pub record_id: Option<Uuid>,
}

impl TenantStore {
    /// The tenant's flows, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn approval_flows(&self) -> Result<Vec<approval_flow::Model>, StoreError> {
        Ok(approval_flow::Entity::find()
            .filter(approval_flow::Column::TenantId.eq(self.tenant_id))
            .order_by_desc(approval_flow::Column::CreatedAt)
            .limit(200)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn approval_flow(&self, id: Uuid) -> Result<approval_flow::Model, StoreError> {
        approval_flow::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Saves a new flow; an active flow replaces the record type's earlier active one.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_approval_flow(
        &self,
        actor: Uuid,
        model: approval_flow::Model,
    ) -> Result<approval_flow::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        if model.active {
            deactivate_others(&*txn, self.tenant_id, actor, &model.record_type, None).await?;
        }
        let saved = write::insert::<approval_flow::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            approval_flow::Model {
                tenant_id: self.tenant_id,
                ..model
            },
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// The next version of a flow. Approvals under way keep the version they started on.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_approval_flow(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut approval_flow::Model),
    ) -> Result<approval_flow::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let (_, after) = write::edit::<approval_flow::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            id,
            expected,
            "updated",
            edit,
        )
        .await?;
        if after.active {
            deactivate_others(&*txn, self.tenant_id, actor, &after.record_type, Some(id)).await?;
        }
        txn.commit().await?;
        Ok(after)
    }

    /// An approval alone, without its steps, tasks and trail.
    ///
    /// # Errors
    /// `NotFound`.
    pub async fn approval_record(&self, id: Uuid) -> Result<approval::Model, StoreError> {
        approval::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// An approval with its steps, tasks and trail.
    ///
    /// # Errors
    /// `NotFound`.
    pub async fn approval(&self, id: Uuid) -> Result<ApprovalView, StoreError> {
        let approval = self.approval_record(id).await?;
        let mut views = self.approval_parts(vec![approval]).await?;
        views.pop().ok_or(StoreError::NotFound)
    }

    /// Steps, tasks and trail for each approval, three queries for the lot.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn approval_parts(
        &self,
        approvals: Vec<approval::Model>,
    ) -> Result<Vec<ApprovalView>, StoreError> {
        let ids: Vec<Uuid> = approvals.iter().map(|a| a.id).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let steps = approval_step::Entity::find()
            .filter(approval_step::Column::TenantId.eq(self.tenant_id))
            .filter(approval_step::Column::ApprovalId.is_in(ids.clone()))
            .order_by_asc(approval_step::Column::Position)
            .all(self.db())
            .await?;
        let tasks = approval_task::Entity::find()
            .filter(approval_task::Column::TenantId.eq(self.tenant_id))
            .filter(approval_task::Column::ApprovalId.is_in(ids.clone()))
            .order_by_asc(approval_task::Column::CreatedAt)
            .all(self.db())
            .await?;
        let trail = approval_trail::Entity::find()
            .filter(approval_trail::Column::TenantId.eq(self.tenant_id))
            .filter(approval_trail::Column::ApprovalId.is_in(ids))
            .order_by_asc(approval_trail::Column::At)
            .all(self.db())
            .await?;
        Ok(approvals
            .into_iter()
            .map(|a| ApprovalView {
                steps: steps
                    .iter()
                    .filter(|s| s.approval_id == a.id)
                    .cloned()
                    .collect(),
                tasks: tasks
                    .iter()
                    .filter(|t| t.approval_id == a.id)
                    .cloned()
                    .collect(),
                trail: trail
                    .iter()
                    .filter(|t| t.approval_id == a.id)
                    .cloned()
                    .collect(),
                approval: a,
            })
            .collect())
    }

    /// A page of approvals, newest first. Waiting for a user: their open tasks, through the
    /// inbox index, newest task first (the cursor is then a task's id).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn approvals(
        &self,
        filter: &ApprovalFilter,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<approval::Model>, StoreError> {
        if let Some(user) = filter.waiting_for {
            let tasks: Vec<(Uuid, Uuid)> = approval_task::Entity::find()
                .select_only()
                .column(approval_task::Column::Id)
                .column(approval_task::Column::ApprovalId)
                .filter(approval_task::Column::TenantId.eq(self.tenant_id))
                .filter(approval_task::Column::UserId.eq(user))
                .filter(approval_task::Column::Status.eq("pending"))
                .apply_if(cursor, |s, c| s.filter(approval_task::Column::Id.lt(c)))
                .order_by_desc(approval_task::Column::Id)
                .limit(limit + 1)
                .into_tuple()
                .all(self.db())
                .await?;
            let page = Page::from_rows(tasks, limit, |t| t.0);
            let ids: Vec<Uuid> = page.items.iter().map(|t| t.1).collect();
            let mut rows = approval::Entity::find()
                .filter(approval::Column::TenantId.eq(self.tenant_id))
                .filter(approval::Column::Id.is_in(ids.clone()))
                .all(self.db())
                .await?;
            rows.sort_by_key(|a| ids.iter().position(|i| *i == a.id));
            return Ok(Page {
                items: rows,
                next_cursor: page.next_cursor,
                next_value: None,
            });
        }
        let mut q = approval::Entity::find().filter(approval::Column::TenantId.eq(self.tenant_id));
        if let Some(u) = filter.submitted_by {
            q = q.filter(approval::Column::SubmittedBy.eq(u));
        }
        if let Some(s) = &filter.status {
            q = q.filter(approval::Column::Status.eq(s.clone()));
        }
        if let Some(t) = &filter.record_type {
            q = q.filter(approval::Column::RecordType.eq(t.clone()));
        }
        if let Some(r) = filter.record_id {
            q = q.filter(approval::Column::RecordId.eq(r));
        }
        let rows = q
            .apply_if(cursor, |s, c| s.filter(approval::Column::Id.lt(c)))
            .order_by_desc(approval::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |a| a.id))
    }

    /// How many decisions wait for a user.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn approvals_waiting_for(&self, user: Uuid) -> Result<u64, StoreError> {
        Ok(approval_task::Entity::find()
            .filter(approval_task::Column::TenantId.eq(self.tenant_id))
            .filter(approval_task::Column::UserId.eq(user))
            .filter(approval_task::Column::Status.eq("pending"))
            .count(self.db())
            .await?)
    }

    /// Whether a user has (or had) a task in an approval.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn is_approver(&self, approval_id: Uuid, user: Uuid) -> Result<bool, StoreError> {
        Ok(approval_task::Entity::find()
            .filter(approval_task::Column::TenantId.eq(self.tenant_id))
            .filter(approval_task::Column::ApprovalId.eq(approval_id))
            .filter(approval_task::Column::UserId.eq(user))
            .count(self.db())
            .await?
            > 0)
    }

    /// A user's delegations, latest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn delegations(
        &self,
        user: Option<Uuid>,
    ) -> Result<Vec<delegation::Model>, StoreError> {
        let mut q =
            delegation::Entity::find().filter(delegation::Column::TenantId.eq(self.tenant_id));
        if let Some(u) = user {
            q = q.filter(delegation::Column::UserId.eq(u));
        }
        Ok(q.order_by_desc(delegation::Column::StartsOn)
            .limit(500)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_delegation(
        &self,
        actor: Uuid,
        model: delegation::Model,
    ) -> Result<delegation::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let saved = write::insert::<delegation::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            delegation::Model {
                tenant_id: self.tenant_id,
                ..model
            },
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// # Errors
    /// `NotFound` (also for another user's delegation).
    pub async fn delete_delegation(&self, actor: Uuid, id: Uuid) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let d = delegation::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .filter(|d| d.user_id == actor)
            .ok_or(StoreError::NotFound)?;
        write::delete::<delegation::Entity, _>(&*txn, self.tenant_id, Some(actor), &d).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Hands a deactivated user's open approval tasks to the nearest active head above them;
    /// the trail says who stood in for whom. Returns how many tasks moved.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn reassign_approvals_of(&self, user: Uuid) -> Result<usize, StoreError> {
        let txn = self.store.begin_write().await?;
        let open = approval_task::Entity::find()
            .filter(approval_task::Column::TenantId.eq(self.tenant_id))
            .filter(approval_task::Column::UserId.eq(user))
            .filter(approval_task::Column::Status.eq("pending"))
            .all(&*txn)
            .await?;
        if open.is_empty() {
            return Ok(0);
        }
        let (departments, people) = org(&*txn, self.tenant_id).await?;
        let org = approvals::Org {
            departments: &departments,
            people: &people,
        };
        let replacement = org
            .replacement(user)
            .or_else(|| people_with_role(&people, "admin").first().copied());
        let Some(replacement) = replacement else {
            return Ok(0);
        };
        for task in &open {
            let already = approval_task::Entity::find()
                .filter(approval_task::Column::TenantId.eq(self.tenant_id))
                .filter(approval_task::Column::ApprovalId.eq(task.approval_id))
                .filter(approval_task::Column::StepId.eq(task.step_id))
                .filter(approval_task::Column::UserId.eq(replacement))
                .count(&*txn)
                .await?
                > 0;
            let mut t = task.clone().into_active_model();
            if already {
                // The replacement is already asked on this step: the task simply closes.
                t.status = sea_orm::Set("cancelled".into());
            } else {
                t.user_id = sea_orm::Set(replacement);
                t.on_behalf_of = sea_orm::Set(Some(task.on_behalf_of.unwrap_or(user)));
            }
            t.update(&*txn).await?;
            let position = approval_step::Entity::find_by_id((self.tenant_id, task.step_id))
                .one(&*txn)
                .await?
                .map(|s| s.position);
            trail(
                self.tenant_id,
                task.approval_id,
                Some(replacement),
                "reassigned",
                position,
                Some(user.to_string()),
            )
            .insert(&*txn)
            .await?;
            let title = approval::Entity::find_by_id((self.tenant_id, task.approval_id))
                .one(&*txn)
                .await?
                .map(|a| a.title)
                .unwrap_or_default();
            notify(
                &*txn,
                self.tenant_id,
                &[replacement],
                "approval_requested",
                &title,
                "",
                &format!("/approvals/{}", task.approval_id),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(open.len())
    }

    /// Reminds approvers who have sat on a step since before `started_before`, once per
    /// step. Returns how many steps were reminded.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn remind_waiting_approvers(
        &self,
        started_before: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let txn = self.store.begin_write().await?;
        let steps = approval_step::Entity::find()
            .filter(approval_step::Column::TenantId.eq(self.tenant_id))
            .filter(approval_step::Column::Status.eq("pending"))
            .filter(approval_step::Column::StartedAt.lt(started_before))
            .filter(approval_step::Column::RemindedAt.is_null())
            .limit(1000)
            .all(&*txn)
            .await?;
        for step in &steps {
            let waiting: Vec<Uuid> = approval_task::Entity::find()
                .select_only()
                .column(approval_task::Column::UserId)
                .filter(approval_task::Column::TenantId.eq(self.tenant_id))
                .filter(approval_task::Column::ApprovalId.eq(step.approval_id))
                .filter(approval_task::Column::StepId.eq(step.id))
                .filter(approval_task::Column::Status.eq("pending"))
                .into_tuple()
                .all(&*txn)
                .await?;
            let title = approval::Entity::find_by_id((self.tenant_id, step.approval_id))
                .one(&*txn)
                .await?
                .map(|a| a.title)
                .unwrap_or_default();
            notify(
                &*txn,
                self.tenant_id,
                &waiting,
                "approval_reminder",
                &title,
                &step.name,
                &format!("/approvals/{}", step.approval_id),
            )
            .await?;
            let mut s = step.clone().into_active_model();
            s.reminded_at = sea_orm::Set(Some(crate::now()));
            s.update(&*txn).await?;
        }
        txn.commit().await?;
        Ok(steps.len())
    }
}

async fn deactivate_others<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Uuid,
    record_type: &str,
    keep: Option<Uuid>,
) -> Result<(), StoreError> {
    let others = approval_flow::Entity::find()
        .filter(approval_flow::Column::TenantId.eq(tenant_id))
        .filter(approval_flow::Column::RecordType.eq(record_type))
        .filter(approval_flow::Column::Active.eq(true))
        .all(conn)
        .await?;
    for f in others.into_iter().filter(|f| Some(f.id) != keep) {
        let mut after = f.clone();
        after.active = false;
        write::update::<approval_flow::Entity, _>(
            conn,
            tenant_id,
            Some(actor),
            "deactivated",
            &f,
            after,
        )
        .await?;
    }
    Ok(())
}

/// What an approval's end does to its record, inside the decision's transaction.
pub(crate) type Outcome<T> = for<'a> fn(
    &'a sea_orm::DatabaseTransaction,
    Uuid,
    Uuid,
    &'a approval::Model,
    super::shared::Finished,
) -> futures::future::BoxFuture<'a, Result<T, StoreError>>;

impl TenantStore {
    /// Decides an approval and applies what its end does to the record in the same write;
    /// a decision that lost a race to another is tried again on the new state.
    ///
    /// # Errors
    /// As [`super::engine::decide`] and the outcome.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn decide_with<T>(
        &self,
        actor: Uuid,
        approval_id: Uuid,
        decision: closer_domain::approvals::Decision,
        comment: Option<String>,
        today: chrono::NaiveDate,
        link: &str,
        outcome: Outcome<T>,
    ) -> Result<(approval::Model, T, super::shared::Finished), StoreError> {
        for _ in 0..3 {
            let txn = self.store.begin_write().await?;
            let decided = super::engine::decide(
                &*txn,
                self.tenant_id,
                approval_id,
                actor,
                decision,
                comment.clone(),
                link,
                today,
            )
            .await;
            let (a, finished) = match decided {
                Err(StoreError::StaleVersion) => continue,
                other => other?,
            };
            let record = outcome(&txn, self.tenant_id, actor, &a, finished).await?;
            txn.commit().await?;
            return Ok((a, record, finished));
        }
        Err(StoreError::Conflict("approval_decided"))
    }

    /// The submitter recalls a pending approval, and its record is put back as a return
    /// would, in the same write.
    ///
    /// # Errors
    /// As [`super::engine::recall`]; a recall that lost a race is `Conflict`.
    pub(crate) async fn recall_with<T>(
        &self,
        actor: Uuid,
        approval_id: Uuid,
        outcome: Outcome<T>,
    ) -> Result<(approval::Model, T), StoreError> {
        let txn = self.store.begin_write().await?;
        let a = super::engine::recall(&*txn, self.tenant_id, approval_id, actor)
            .await
            .map_err(|e| match e {
                StoreError::StaleVersion => StoreError::Conflict("approval_decided"),
                other => other,
            })?;
        let record = outcome(
            &txn,
            self.tenant_id,
            actor,
            &a,
            super::shared::Finished::Returned,
        )
        .await?;
        txn.commit().await?;
        Ok((a, record))
    }
}
