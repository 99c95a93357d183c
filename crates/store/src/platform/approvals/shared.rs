//! What the engine's parts share: the submission, an approval's view, the organisation as
//! approvers are found in it, the trail and notifications.

use closer_domain::approvals::{self, Subject};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::{
    entity::{
        approval, approval_step, approval_task, approval_trail, department, notification, role,
        user,
    },
    StoreError,
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

pub(crate) fn trail(
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
    // Said in both languages: the inbox shows what was written.
    let prefix = match kind {
        "approval_requested" => "待您审批 Awaiting your approval:",
        "approval_reminder" => "审批提醒 Still waiting for you:",
        "approval_approved" => "已批准 Approved:",
        "approval_rejected" => "已驳回 Rejected:",
        "approval_returned" => "已退回 Returned to you:",
        _ => "审批 Approval:",
    };
    let title = format!("{prefix} {title}");
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
pub(crate) async fn org<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<(Vec<approvals::Department>, Vec<approvals::Person>), StoreError> {
    // Only the columns the engine reads: a tenant of thousands of people is read on every
    // submission and decision.
    let departments: Vec<(Uuid, Option<Uuid>, Option<Uuid>)> = department::Entity::find()
        .select_only()
        .column(department::Column::Id)
        .column(department::Column::ParentId)
        .column(department::Column::HeadUserId)
        .filter(department::Column::TenantId.eq(tenant_id))
        .into_tuple()
        .all(conn)
        .await?;
    let departments = departments
        .into_iter()
        .map(|(id, parent_id, head_user_id)| approvals::Department {
            id,
            parent_id,
            head_user_id,
        })
        .collect();
    let roles: std::collections::HashMap<Uuid, String> = role::Entity::find()
        .select_only()
        .column(role::Column::Id)
        .column(role::Column::Key)
        .filter(role::Column::TenantId.eq(tenant_id))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let people: Vec<(Uuid, Uuid, Uuid, bool)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DepartmentId)
        .column(user::Column::RoleId)
        .column(user::Column::Active)
        .filter(user::Column::TenantId.eq(tenant_id))
        .into_tuple()
        .all(conn)
        .await?;
    let people = people
        .into_iter()
        .map(|(id, department_id, role_id, active)| approvals::Person {
            id,
            department_id,
            role_key: roles.get(&role_id).cloned().unwrap_or_default(),
            active,
        })
        .collect();
    Ok((departments, people))
}

pub(crate) fn people_with_role(people: &[approvals::Person], key: &str) -> Vec<Uuid> {
    people
        .iter()
        .filter(|p| p.active && p.role_key == key)
        .map(|p| p.id)
        .collect()
}
