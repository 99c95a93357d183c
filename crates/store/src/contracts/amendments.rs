//! Amendments: an active contract changes only by a new revision, approved again where the
//! flow's conditions say; a line its orders took from stays, at no less than they took.

use chrono::NaiveDate;
use closer_domain::contracts::ContractStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use super::records::{
    insert_lines, lines_of, link, revision_of, revision_row, set_revision_status, subject,
    RevisionFields, RECORD_TYPE,
};
use crate::{
    entity::{approval, contract, contract_line, contract_revision},
    platform::{
        approvals::{self as engine, Submission},
        write,
    },
    StoreError, TenantStore,
};

/// Refuses new lines that would leave an order with more than its line: a line orders took
/// from must stay (same line), at no less than they took.
async fn below_ordered<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    contract_id: Uuid,
    lines: &[contract_line::Model],
) -> Result<(), StoreError> {
    let mut taken: std::collections::HashMap<Uuid, i64> = std::collections::HashMap::new();
    for (line, quantity) in super::orders::ordered_lines(conn, tenant_id, contract_id).await? {
        if let Some(line) = line {
            *taken.entry(line).or_default() += quantity;
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if taken.get(&l.line_id).is_some_and(|t| *t > l.quantity_milli) {
            return Err(StoreError::Invalid {
                field: format!("lines[{i}].quantity"),
                code: "below_ordered",
            });
        }
    }
    if taken
        .iter()
        .any(|(line, t)| *t > 0 && !lines.iter().any(|l| l.line_id == *line))
    {
        return Err(StoreError::Invalid {
            field: "lines".into(),
            code: "ordered_line_removed",
        });
    }
    Ok(())
}

impl TenantStore {
    /// Amends an active contract: a new revision with `fields` and (when given) `lines`,
    /// approved again where the flow's conditions say, else in force at once.
    ///
    /// # Errors
    /// `Conflict("contract_not_active")`, `Conflict("amendment_pending")`, `Invalid` on
    /// `amount` below what orders already took (`below_ordered`) or below the payment plan
    /// (`below_planned`).
    #[allow(clippy::too_many_arguments)]
    pub async fn amend_contract(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        fields: RevisionFields,
        lines: Option<Vec<contract_line::Model>>,
        reason: String,
        today: NaiveDate,
    ) -> Result<
        (
            contract::Model,
            contract_revision::Model,
            Option<approval::Model>,
        ),
        StoreError,
    > {
        let txn = self.store.begin_write().await?;
        let before = contract::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        if before.status != ContractStatus::Active.key() {
            return Err(StoreError::Conflict("contract_not_active"));
        }
        if before.pending_revision.is_some() {
            return Err(StoreError::Conflict("amendment_pending"));
        }
        // The lines first: a line below what its orders took is named before the total.
        if let Some(l) = &lines {
            below_ordered(&*txn, self.tenant_id, id, l).await?;
        }
        if fields.amount_minor < before.ordered_minor {
            return Err(StoreError::Invalid {
                field: "amount".into(),
                code: "below_ordered",
            });
        }
        // The payment plan adds up to the amount: lowering below it is a change of the
        // receivables (which lowers the amount too and refunds what was paid above it).
        let (planned, _) = super::completion::plan_figures(&*txn, self.tenant_id, id).await?;
        if fields.amount_minor < planned.unwrap_or(0) {
            return Err(StoreError::Invalid {
                field: "amount".into(),
                code: "below_planned",
            });
        }
        // After the revisions there are, those dropped (rejected, returned, recalled) too.
        let next = contract_revision::Entity::find()
            .select_only()
            .column_as(contract_revision::Column::Revision.max(), "max")
            .filter(contract_revision::Column::TenantId.eq(self.tenant_id))
            .filter(contract_revision::Column::ContractId.eq(id))
            .into_tuple::<Option<i32>>()
            .one(&*txn)
            .await?
            .flatten()
            .unwrap_or(before.revision)
            .max(before.revision)
            + 1;
        let mut proposed = before.clone();
        proposed.name = fields.name;
        proposed.amount_minor = fields.amount_minor;
        proposed.signed_on = fields.signed_on;
        proposed.starts_on = fields.starts_on;
        proposed.ends_on = fields.ends_on;
        proposed.terms = fields.terms;
        let current_lines = lines_of(&*txn, self.tenant_id, id, before.revision).await?;
        let lines = match lines {
            Some(l) => l,
            None => current_lines,
        };
        let lines = insert_lines(&*txn, &proposed, next, &lines).await?;
        let revision = revision_row(&proposed, next, "in_approval", Some(reason), actor);
        revision.clone().into_active_model().insert(&*txn).await?;
        let submission = Submission {
            record_type: RECORD_TYPE,
            record_id: id,
            record_revision: next,
            title: format!("{} {} (rev. {next})", before.number, proposed.name),
            submitted_by: actor,
            subject: subject(&before.currency, proposed.amount_minor, &lines),
            link: link(id),
        };
        let started = engine::start(&*txn, self.tenant_id, &submission, today).await?;
        let (after, status) = match &started {
            Some(a) => {
                let mut after = before.clone();
                after.pending_revision = Some(next);
                after.approval_id = Some(a.id);
                (after, "in_approval")
            }
            None => {
                proposed.revision = next;
                (proposed, "approved")
            }
        };
        set_revision_status(
            &*txn,
            revision.clone(),
            status,
            started.as_ref().map(|a| a.id),
            started.is_none(),
        )
        .await?;
        let saved = write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "amended",
            &before,
            after,
        )
        .await?;
        let revision = revision_of(&*txn, self.tenant_id, id, next).await?;
        txn.commit().await?;
        Ok((saved, revision, started))
    }
}
