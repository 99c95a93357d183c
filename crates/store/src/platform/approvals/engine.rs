//! Starting, deciding and recalling an approval, inside the record type's write transaction.

use chrono::NaiveDate;
use closer_domain::approvals::{self, Decision, Mode, StepOutcome, StepRule, Subject};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::shared::{notify, org, people_with_role, trail, Finished, Submission};
use crate::{
    entity::{approval, approval_flow, approval_step, approval_task, delegation},
    platform::write,
    StoreError,
};

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
            &format!("/approvals/{}", approval.id),
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

/// Records `actor`'s decision on the approval's current step and moves it on: the next
/// step starts (its approvers asked and notified), or the approval ends. The submitter is
/// told how it ended.
///
/// # Errors
/// `NotFound`; `Conflict("approval_decided")` when it is no longer pending; `Forbidden`
/// when `actor` has no open task on the current step; `StaleVersion` when another decision
/// landed first (the caller tries again).
#[allow(clippy::too_many_arguments)]
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
        .filter(approval_task::Column::ApprovalId.eq(approval_id))
        .filter(approval_task::Column::StepId.eq(step.id))
        .all(conn)
        .await?;
    let Some(task) = tasks.iter().find(|t| t.user_id == actor) else {
        // Someone who already decided an earlier step is deciding again: a conflict, not a
        // stranger.
        let decided_before = approval_task::Entity::find()
            .filter(approval_task::Column::TenantId.eq(tenant_id))
            .filter(approval_task::Column::ApprovalId.eq(approval_id))
            .filter(approval_task::Column::UserId.eq(actor))
            .filter(approval_task::Column::Status.ne("pending"))
            .count(conn)
            .await?
            > 0;
        return Err(if decided_before {
            StoreError::Conflict("approval_decided")
        } else {
            StoreError::Forbidden
        });
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
            .filter(approval_task::Column::ApprovalId.eq(approval_id))
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
                &format!("/approvals/{}", after.id),
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
