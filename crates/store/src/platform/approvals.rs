//! The approval engine's records, generic over the record approved: flows (every edit a new
//! version), approvals with the steps copied from the flow when submitted, one task per
//! approver of the current step (the inbox), the trail, and delegations.
//!
//! The record types call [`start`], [`decide`] and [`recall`] inside their own write
//! transaction, so that an approval and what it decides (a contract made active) are one
//! write. Every decision bumps the approval's version: of two approvers deciding the same
//! step at the same moment, exactly one decision counts.

use chrono::{DateTime, NaiveDate, Utc};
use closer_domain::approvals::{self, Decision, Mode, StepOutcome, StepRule, Subject};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{
        approval, approval_flow, approval_step, approval_task, approval_trail, delegation,
        department, notification, role, user,
    },
    platform::{page::Page, write},
    StoreError, TenantStore,
};

/// What a record type hands the engine when it is submitted.
#[derive(Debug, Clone)]
pub struct Submission {
    pub record_type: &'static str,
    pub record_id: Uuid,
    pub record_revision: i32,
    /// How inboxes name the record ("HT-2026-00042 Annual licence").
    pub title: String,
    pub submitted_by: Uuid,
    pub subject: Subject,
    /// Where the record is shown in the UI, for notifications.
    pub link: String,
}

/// An approval with its steps, tasks and trail.
#[derive(Debug, Clone)]
pub struct ApprovalView {
    pub approval: approval::Model,
    pub steps: Vec<approval_step::Model>,
    pub tasks: Vec<approval_task::Model>,
    pub trail: Vec<approval_trail::Model>,
}

/// What a decision did to the approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    /// Still pending (the next step started, or an `all` step waits for others).
    No,
    Approved,
    Rejected,
    Returned,
}

fn trail(
    tenant_id: Uuid,
    approval_id: Uuid,
    user_id: Option<Uuid>,
    action: &str,
    step: Option<i32>,
    comment: Option<String>,
) -> approval_trail::ActiveModel {
    approval_trail::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        approval_id,
        at: crate::now(),
        user_id,
        action: action.into(),
        step_position: step,
        comment,
    }
    .into_active_model()
}

/// A message in a user's inbox, written in the caller's transaction.
pub(crate) async fn notify<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    users: &[Uuid],
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
) -> Result<(), StoreError> {
    if users.is_empty() {
        return Ok(());
    }
    let now = crate::now();
    let rows = users.iter().map(|u| {
        notification::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            user_id: *u,
            kind: kind.into(),
            title: title.chars().take(200).collect(),
            body: body.chars().take(2000).collect(),
            link: Some(link.into()),
            created_at: now,
            read_at: None,
        }
        .into_active_model()
    });
    notification::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The organisation as the engine sees it.
async fn org<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<(Vec<approvals::Department>, Vec<approvals::Person>), StoreError> {
    let departments = department::Entity::find()
        .filter(department::Column::TenantId.eq(tenant_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| approvals::Department {
            id: d.id,
            parent_id: d.parent_id,
            head_user_id: d.head_user_id,
        })
        .collect();
    let roles: Vec<role::Model> = role::Entity::find()
        .filter(role::Column::TenantId.eq(tenant_id))
        .all(conn)
        .await?;
    let people = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| approvals::Person {
            id: u.id,
            department_id: u.department_id,
            role_key: roles
                .iter()
                .find(|r| r.id == u.role_id)
                .map(|r| r.key.clone())
                .unwrap_or_default(),
            active: u.active,
        })
        .collect();
    Ok((departments, people))
}

/// The stand-in of each approver on leave today (a delegation covering `today`).
async fn stand_ins<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    approvers: &[Uuid],
    today: NaiveDate,
) -> Result<Vec<(Uuid, Uuid)>, StoreError> {
    if approvers.is_empty() {
        return Ok(Vec::new());
    }
    Ok(delegation::Entity::find()
        .filter(delegation::Column::TenantId.eq(tenant_id))
        .filter(delegation::Column::UserId.is_in(approvers.iter().copied()))
        .filter(delegation::Column::StartsOn.lte(today))
        .filter(delegation::Column::EndsOn.gte(today))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.user_id, d.delegate_id))
        .collect())
}

/// Opens tasks for a step's approvers (a stand-in takes the task of an approver on leave,
/// and the trail says so). Returns who was asked.
async fn open_tasks<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    step: &approval_step::Model,
    approvers: &[Uuid],
    today: NaiveDate,
) -> Result<Vec<Uuid>, StoreError> {
    let delegated = stand_ins(conn, tenant_id, approvers, today).await?;
    let now = crate::now();
    let mut asked = Vec::new();
    for a in approvers {
        let (user_id, on_behalf_of) = match delegated.iter().find(|(u, _)| u == a) {
            Some((_, d)) if !approvers.contains(d) && !asked.contains(d) => (*d, Some(*a)),
            _ => (*a, None),
        };
        if asked.contains(&user_id) {
            continue;
        }
        asked.push(user_id);
        approval_task::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            approval_id: step.approval_id,
            step_id: step.id,
            user_id,
            on_behalf_of,
            status: "pending".into(),
            comment: None,
            created_at: now,
            decided_at: None,
        }
        .into_active_model()
        .insert(conn)
        .await?;
        if let Some(absent) = on_behalf_of {
            trail(
                tenant_id,
                step.approval_id,
                Some(user_id),
                "delegated",
                Some(step.position),
                Some(absent.to_string()),
            )
            .insert(conn)
            .await?;
        }
    }
    Ok(asked)
}

/// The steps a flow's version leaves for a subject: those whose condition holds, each with
/// its approvers. A step that applies but finds nobody to approve it is refused, naming it.
fn plan(
    steps: &[StepRule],
    subject: &Subject,
    submitter: Uuid,
    org: &approvals::Org<'_>,
) -> Result<Vec<(StepRule, Vec<Uuid>)>, StoreError> {
    let mut out = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        if !approvals::applies(s, subject) {
            continue;
        }
        let approvers = org.approvers(&s.approvers, submitter);
        if approvers.is_empty() {
            return Err(StoreError::Invalid {
                field: format!("approval_flow.steps[{i}].approvers"),
                code: "no_approver",
            });
        }
        out.push((s.clone(), approvers));
    }
    Ok(out)
}

/// The tenant's active flow for a record type, if any.
pub(crate) async fn active_flow<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    record_type: &str,
) -> Result<Option<approval_flow::Model>, StoreError> {
    Ok(approval_flow::Entity::find()
        .filter(approval_flow::Column::TenantId.eq(tenant_id))
        .filter(approval_flow::Column::RecordType.eq(record_type))
        .filter(approval_flow::Column::Active.eq(true))
        .order_by_desc(approval_flow::Column::CreatedAt)
        .one(conn)
        .await?)
}

/// Starts an approval for a submission on the active flow's current version, or answers
/// `None` when no flow applies (no flow, or no step's condition holds): the record needs no
/// approval. The first step's approvers are asked and notified.
pub(crate) async fn start<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    s: &Submission,
    today: NaiveDate,
) -> Result<Option<approval::Model>, StoreError> {
    let Some(flow) = active_flow(conn, tenant_id, s.record_type).await? else {
        return Ok(None);
    };
    let rules: Vec<StepRule> = serde_json::from_value(flow.steps.clone())
        .map_err(|e| StoreError::Config(e.to_string()))?;
    let (departments, people) = org(conn, tenant_id).await?;
    let org = approvals::Org {
        departments: &departments,
        people: &people,
    };
    let mut subject = s.subject.clone();
    if let Some(p) = people.iter().find(|p| p.id == s.submitted_by) {
        subject.departments = org.chain(p.department_id);
    }
    let planned = plan(&rules, &subject, s.submitted_by, &org)?;
    if planned.is_empty() {
        return Ok(None);
    }
    let now = crate::now();
    let approval = approval::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        record_type: s.record_type.into(),
        record_id: s.record_id,
        record_revision: s.record_revision,
        title: s.title.chars().take(250).collect(),
        amount_minor: s.subject.amount.minor(),
        currency: s.subject.amount.currency().code().into(),
        flow_id: flow.id,
        flow_version: flow.version,
        status: "pending".into(),
        submitted_by: s.submitted_by,
        current_step: 0,
        decided_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let approval =
        write::insert::<approval::Entity, _>(conn, tenant_id, Some(s.submitted_by), approval)
            .await?;
    let mut first = None;
    for (i, (rule, approvers)) in planned.iter().enumerate() {
        let step = approval_step::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            approval_id: approval.id,
            position: i32::try_from(i).unwrap_or(0),
            name: rule.name.trim().into(),
            mode: match rule.mode {
                Mode::Any => "any",
                Mode::All => "all",
            }
            .into(),
            approvers: serde_json::to_value(&rule.approvers)
                .map_err(|e| StoreError::Config(e.to_string()))?,
            status: if i == 0 { "pending" } else { "waiting" }.into(),
            started_at: (i == 0).then_some(now),
            decided_at: None,
            reminded_at: None,
        };
        step.clone().into_active_model().insert(conn).await?;
        if i == 0 {
            first = Some((step, approvers.clone()));
        }
    }
    trail(
        tenant_id,
        approval.id,
        Some(s.submitted_by),
        "submitted",
        None,
        None,
    )
    .insert(conn)
    .await?;
    if let Some((step, approvers)) = first {
        let asked = open_tasks(conn, tenant_id, &step, &approvers, today).await?;
        notify(
            conn,
            tenant_id,
            &asked,
            "approval_requested",
            &s.title,
            &step.name,
            &s.link,
        )
        .await?;
    }
    Ok(Some(approval))
}

/// The approvers a waiting step asks, worked out when it starts from the rule copied at
/// submission (the organisation may have changed since). Nobody left to ask: the
/// administrators decide.
async fn approvers_of_step<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    a: &approval::Model,
    step: &approval_step::Model,
) -> Result<Vec<Uuid>, StoreError> {
    let rule: approvals::Approvers = serde_json::from_value(step.approvers.clone())
        .map_err(|e| StoreError::Config(e.to_string()))?;
    let (departments, people) = org(conn, tenant_id).await?;
    let org = approvals::Org {
        departments: &departments,
        people: &people,
    };
    let approvers = org.approvers(&rule, a.submitted_by);
    if approvers.is_empty() {
        return Ok(people_with_role(&people, "admin"));
    }
    Ok(approvers)
}

fn people_with_role(people: &[approvals::Person], key: &str) -> Vec<Uuid> {
    people
        .iter()
        .filter(|p| p.active && p.role_key == key)
        .map(|p| p.id)
        .collect()
}

/// Records `actor`'s decision on the approval's current step and moves it on: the next
/// step starts (its approvers asked and notified), or the approval ends. The submitter is
/// told how it ended.
///
/// # Errors
/// `NotFound`; `Conflict("approval_decided")` when it is no longer pending; `Forbidden`
/// when `actor` has no open task on the current step; `StaleVersion` when another decision
/// landed first (the caller tries again).
pub(crate) async fn decide<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    approval_id: Uuid,
    actor: Uuid,
    decision: Decision,
    comment: Option<String>,
    link: &str,
    today: NaiveDate,
) -> Result<(approval::Model, Finished), StoreError> {
    let before = approval::Entity::find_by_id((tenant_id, approval_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if before.status != "pending" {
        return Err(StoreError::Conflict("approval_decided"));
    }
    let step = approval_step::Entity::find()
        .filter(approval_step::Column::TenantId.eq(tenant_id))
        .filter(approval_step::Column::ApprovalId.eq(approval_id))
        .filter(approval_step::Column::Position.eq(before.current_step))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let tasks = approval_task::Entity::find()
        .filter(approval_task::Column::TenantId.eq(tenant_id))
        .filter(approval_task::Column::StepId.eq(step.id))
        .all(conn)
        .await?;
    let Some(task) = tasks.iter().find(|t| t.user_id == actor) else {
        return Err(StoreError::Forbidden);
    };
    if task.status != "pending" {
        return Err(StoreError::Conflict("approval_decided"));
    }
    // The approval's version first: a second decision on the same state fails here.
    let mut after = before.clone();
    let approved_before = tasks.iter().filter(|t| t.status == "approved").count();
    let mode = if step.mode == "all" {
        Mode::All
    } else {
        Mode::Any
    };
    let outcome = approvals::step_outcome(mode, tasks.len(), approved_before, decision);
    let now = crate::now();
    let next_position = before.current_step + 1;
    let next = if outcome == StepOutcome::Approved {
        approval_step::Entity::find()
            .filter(approval_step::Column::TenantId.eq(tenant_id))
            .filter(approval_step::Column::ApprovalId.eq(approval_id))
            .filter(approval_step::Column::Position.eq(next_position))
            .one(conn)
            .await?
    } else {
        None
    };
    let finished = match outcome {
        StepOutcome::Waiting => Finished::No,
        StepOutcome::Approved if next.is_some() => {
            after.current_step = next_position;
            Finished::No
        }
        StepOutcome::Approved => Finished::Approved,
        StepOutcome::Rejected => Finished::Rejected,
        StepOutcome::Returned => Finished::Returned,
    };
    match finished {
        Finished::No => {}
        Finished::Approved => after.status = "approved".into(),
        Finished::Rejected => after.status = "rejected".into(),
        Finished::Returned => after.status = "returned".into(),
    }
    if finished != Finished::No {
        after.decided_at = Some(now);
    }
    // An `all` step waiting for others changes nothing else on the approval: bump it anyway
    // so that concurrent decisions serialise on its version.
    after.updated_at = now;
    let after = write::update::<approval::Entity, _>(
        conn,
        tenant_id,
        Some(actor),
        decision.key(),
        &before,
        after,
    )
    .await?;
    let mut t = task.clone().into_active_model();
    t.status = sea_orm::Set(decision.key().into());
    t.comment = sea_orm::Set(comment.clone());
    t.decided_at = sea_orm::Set(Some(now));
    t.update(conn).await?;
    trail(
        tenant_id,
        approval_id,
        Some(actor),
        decision.key(),
        Some(step.position),
        comment.clone(),
    )
    .insert(conn)
    .await?;
    if outcome != StepOutcome::Waiting {
        // The step is decided: the other approvers' tasks close.
        approval_task::Entity::update_many()
            .col_expr(approval_task::Column::Status, "cancelled".into())
            .filter(approval_task::Column::TenantId.eq(tenant_id))
            .filter(approval_task::Column::StepId.eq(step.id))
            .filter(approval_task::Column::Status.eq("pending"))
            .exec(conn)
            .await?;
        let mut s = step.clone().into_active_model();
        s.status = sea_orm::Set(
            match outcome {
                StepOutcome::Approved => "approved",
                StepOutcome::Rejected => "rejected",
                _ => "returned",
            }
            .into(),
        );
        s.decided_at = sea_orm::Set(Some(now));
        s.update(conn).await?;
    }
    if finished == Finished::No {
        if let Some(next) = next.filter(|_| outcome == StepOutcome::Approved) {
            let approvers = approvers_of_step(conn, tenant_id, &after, &next).await?;
            let mut n = next.into_active_model();
            n.status = sea_orm::Set("pending".into());
            n.started_at = sea_orm::Set(Some(now));
            let next = n.update(conn).await?;
            let asked = open_tasks(conn, tenant_id, &next, &approvers, today).await?;
            notify(
                conn,
                tenant_id,
                &asked,
                "approval_requested",
                &after.title,
                &next.name,
                link,
            )
            .await?;
        }
    } else {
        notify(
            conn,
            tenant_id,
            &[after.submitted_by],
            &format!("approval_{}", after.status),
            &after.title,
            comment.as_deref().unwrap_or(""),
            link,
        )
        .await?;
    }
    Ok((after, finished))
}

/// The submitter takes a pending approval back; every open task closes.
///
/// # Errors
/// `NotFound`; `Conflict("approval_decided")` when it is no longer pending; `Forbidden` for
/// anyone but the submitter; `StaleVersion` when a decision landed first.
pub(crate) async fn recall<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    approval_id: Uuid,
    actor: Uuid,
) -> Result<approval::Model, StoreError> {
    let before = approval::Entity::find_by_id((tenant_id, approval_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if before.status != "pending" {
        return Err(StoreError::Conflict("approval_decided"));
    }
    if before.submitted_by != actor {
        return Err(StoreError::Forbidden);
    }
    let now = crate::now();
    let mut after = before.clone();
    after.status = "recalled".into();
    after.decided_at = Some(now);
    let after = write::update::<approval::Entity, _>(
        conn,
        tenant_id,
        Some(actor),
        "recalled",
        &before,
        after,
    )
    .await?;
    close_open(conn, tenant_id, approval_id).await?;
    trail(tenant_id, approval_id, Some(actor), "recalled", None, None)
        .insert(conn)
        .await?;
    Ok(after)
}

async fn close_open<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    approval_id: Uuid,
) -> Result<(), StoreError> {
    approval_task::Entity::update_many()
        .col_expr(approval_task::Column::Status, "cancelled".into())
        .filter(approval_task::Column::TenantId.eq(tenant_id))
        .filter(approval_task::Column::ApprovalId.eq(approval_id))
        .filter(approval_task::Column::Status.eq("pending"))
        .exec(conn)
        .await?;
    approval_step::Entity::update_many()
        .col_expr(approval_step::Column::Status, "cancelled".into())
        .filter(approval_step::Column::TenantId.eq(tenant_id))
        .filter(approval_step::Column::ApprovalId.eq(approval_id))
        .filter(approval_step::Column::Status.is_in(["pending", "waiting"]))
        .exec(conn)
        .await?;
    Ok(())
}

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

    /// An approval with its steps, tasks and trail.
    ///
    /// # Errors
    /// `NotFound`.
    pub async fn approval(&self, id: Uuid) -> Result<ApprovalView, StoreError> {
        let approval = approval::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
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
