//! Contracts: created with their first revision and lines, edited in place only as drafts,
//! submitted to the approval engine, amended by new revisions, ended by completion or
//! termination. The approval's decision and what it does to the contract are one write.

use chrono::NaiveDate;
use closer_domain::{
    approvals::{Decision, Subject},
    contracts::ContractStatus,
    money::{Currency, Money},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{approval, contract, contract_line, contract_revision, product},
    platform::{
        approvals::{self as engine, Finished, Submission},
        page::{anchor_of, keyset, Cursor, Page, Sort},
        write,
    },
    StoreError, TenantStore,
};

/// The record type contracts have in the approval engine and in history.
pub const RECORD_TYPE: &str = "contract";

/// Which contracts a list shows.
#[derive(Debug, Clone, Default)]
pub struct ContractFilter {
    /// Owners in the caller's scope; `None` = all.
    pub owners: Option<Vec<Uuid>>,
    pub status: Option<String>,
    pub customer_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    /// Part of the name or number.
    pub q: Option<String>,
    /// The list's order (newest first by default).
    pub sort: Sort<ContractSort>,
}

/// What a contract list is sorted by, besides creation (`?sort=amount`, `-signed_on` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractSort {
    /// The `created_at` each carries (an imported record keeps its true date).
    CreatedAt,
    Amount,
    Name,
    UpdatedAt,
}

impl ContractSort {
    /// The API's names for them.
    pub const FIELDS: [(&'static str, Self); 4] = [
        ("created_at", Self::CreatedAt),
        ("amount", Self::Amount),
        ("name", Self::Name),
        ("updated_at", Self::UpdatedAt),
    ];

    fn column(self) -> contract::Column {
        match self {
            Self::CreatedAt => contract::Column::CreatedAt,
            Self::Amount => contract::Column::AmountMinor,
            Self::Name => contract::Column::Name,
            Self::UpdatedAt => contract::Column::UpdatedAt,
        }
    }
}

impl ContractFilter {
    fn condition(&self, tenant_id: Uuid) -> sea_orm::Condition {
        let mut c = sea_orm::Condition::all().add(contract::Column::TenantId.eq(tenant_id));
        if let Some(owners) = &self.owners {
            c = c.add(contract::Column::OwnerId.is_in(owners.clone()));
        }
        if let Some(status) = &self.status {
            c = c.add(contract::Column::Status.eq(status.clone()));
        }
        if let Some(customer) = self.customer_id {
            c = c.add(contract::Column::CustomerId.eq(customer));
        }
        if let Some(deal) = self.opportunity_id {
            c = c.add(contract::Column::OpportunityId.eq(deal));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            c = c.add(name_or_number(q));
        }
        c
    }
}

/// "The contract's name or number holds this text".
fn name_or_number(q: &str) -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(crate::platform::dialect::contains_text(
            contract::Column::Name,
            q,
        ))
        .add(crate::platform::dialect::contains_text(
            contract::Column::Number,
            q,
        ))
}

/// The ids of the tenant's contracts whose name or number holds `q`, for the lists of what
/// hangs off a contract (orders, receivables) to search by it.
pub(crate) fn ids_named(tenant_id: Uuid, q: &str) -> sea_orm::sea_query::SelectStatement {
    contract::Entity::find()
        .select_only()
        .column(contract::Column::Id)
        .filter(contract::Column::TenantId.eq(tenant_id))
        .filter(name_or_number(q))
        .into_query()
}

/// The fields a revision sets.
#[derive(Debug, Clone)]
pub struct RevisionFields {
    pub name: String,
    pub amount_minor: i64,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub terms: Option<String>,
}

/// A revision with its lines.
#[derive(Debug, Clone)]
pub struct Revision {
    pub revision: contract_revision::Model,
    pub lines: Vec<contract_line::Model>,
}

pub(super) fn revision_row(
    c: &contract::Model,
    revision: i32,
    status: &str,
    reason: Option<String>,
    actor: Uuid,
) -> contract_revision::Model {
    contract_revision::Model {
        tenant_id: c.tenant_id,
        id: closer_domain::ids::new_id(),
        contract_id: c.id,
        revision,
        status: status.into(),
        reason,
        name: c.name.clone(),
        amount_minor: c.amount_minor,
        signed_on: c.signed_on,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        terms: c.terms.clone(),
        approval_id: None,
        created_by: Some(actor),
        created_at: crate::now(),
        decided_at: None,
    }
}

pub(super) async fn insert_lines<C: ConnectionTrait>(
    conn: &C,
    c: &contract::Model,
    revision: i32,
    lines: &[contract_line::Model],
) -> Result<Vec<contract_line::Model>, StoreError> {
    // Each line's cost is its product's unit cost when the line was written, times the
    // quantity: a later change of the catalogue's cost does not move the margin of what was
    // signed. A line an amendment keeps (same line, product and quantity as in an earlier
    // revision) keeps the cost it had.
    let mut kept: std::collections::HashMap<Uuid, contract_line::Model> =
        std::collections::HashMap::new();
    if revision > 1 {
        for l in contract_line::Entity::find()
            .filter(contract_line::Column::TenantId.eq(c.tenant_id))
            .filter(contract_line::Column::ContractId.eq(c.id))
            .filter(contract_line::Column::Revision.lt(revision))
            .order_by_asc(contract_line::Column::Revision)
            .all(conn)
            .await?
        {
            kept.insert(l.line_id, l);
        }
    }
    let earlier_cost = |l: &contract_line::Model| {
        kept.get(&l.line_id)
            .filter(|k| k.product_id == l.product_id && k.quantity_milli == l.quantity_milli)
            .and_then(|k| k.cost_minor)
    };
    let mut products: Vec<Uuid> = lines.iter().filter_map(|l| l.product_id).collect();
    products.sort_unstable();
    products.dedup();
    let unit_costs: std::collections::HashMap<Uuid, i64> = if products.is_empty() {
        std::collections::HashMap::new()
    } else {
        product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .column(product::Column::UnitCostMinor)
            .filter(product::Column::TenantId.eq(c.tenant_id))
            .filter(product::Column::Id.is_in(products))
            .into_tuple::<(Uuid, Option<i64>)>()
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|(id, cost)| Some((id, cost?)))
            .collect()
    };
    let lines: Vec<contract_line::Model> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| contract_line::Model {
            tenant_id: c.tenant_id,
            id: closer_domain::ids::new_id(),
            contract_id: c.id,
            revision,
            position: i32::try_from(i).unwrap_or(0),
            cost_minor: earlier_cost(l).or_else(|| {
                l.product_id
                    .and_then(|p| unit_costs.get(&p))
                    .map(|unit| closer_domain::contracts::line_cost(l.quantity_milli, *unit))
            }),
            ..l.clone()
        })
        .collect();
    if !lines.is_empty() {
        contract_line::Entity::insert_many(lines.iter().map(|l| l.clone().into_active_model()))
            .exec_without_returning(conn)
            .await?;
    }
    Ok(lines)
}

pub(crate) async fn lines_of<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    contract_id: Uuid,
    revision: i32,
) -> Result<Vec<contract_line::Model>, StoreError> {
    Ok(contract_line::Entity::find()
        .filter(contract_line::Column::TenantId.eq(tenant_id))
        .filter(contract_line::Column::ContractId.eq(contract_id))
        .filter(contract_line::Column::Revision.eq(revision))
        .order_by_asc(contract_line::Column::Position)
        .all(conn)
        .await?)
}

/// What a flow's conditions see of a revision: its amount, largest discount and product
/// lines.
pub(super) fn subject(
    currency: &str,
    amount_minor: i64,
    lines: &[contract_line::Model],
) -> Subject {
    let currency = Currency::parse(currency).unwrap_or(Currency::Cny);
    Subject {
        amount: Money::from_minor(amount_minor, currency),
        max_discount_bp: lines.iter().map(|l| l.discount_bp).max().unwrap_or(0),
        product_lines: lines
            .iter()
            .filter_map(|l| l.product_line.clone())
            .collect(),
        departments: Vec::new(),
    }
}

pub(super) fn link(id: Uuid) -> String {
    format!("/contracts/{id}")
}

pub(super) async fn revision_of<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    contract_id: Uuid,
    revision: i32,
) -> Result<contract_revision::Model, StoreError> {
    contract_revision::Entity::find()
        .filter(contract_revision::Column::TenantId.eq(tenant_id))
        .filter(contract_revision::Column::ContractId.eq(contract_id))
        .filter(contract_revision::Column::Revision.eq(revision))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn set_revision_status<C: ConnectionTrait>(
    conn: &C,
    r: contract_revision::Model,
    status: &str,
    approval_id: Option<Uuid>,
    decided: bool,
) -> Result<(), StoreError> {
    let mut am = r.into_active_model();
    am.status = sea_orm::Set(status.into());
    if approval_id.is_some() {
        am.approval_id = sea_orm::Set(approval_id);
    }
    if decided {
        am.decided_at = sea_orm::Set(Some(crate::now()));
    }
    am.update(conn).await?;
    Ok(())
}

impl TenantStore {
    /// Creates a draft contract, numbered `HT-<year>-<n>`, with revision 1 and its lines.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_contract(
        &self,
        actor: Uuid,
        model: contract::Model,
        lines: Vec<contract_line::Model>,
        year: i32,
    ) -> Result<(contract::Model, Vec<contract_line::Model>), StoreError> {
        let txn = self.store.begin_write().await?;
        let n = write::next_in_sequence(&*txn, self.tenant_id, &format!("contract-{year}")).await?;
        let model = contract::Model {
            tenant_id: self.tenant_id,
            number: closer_domain::contracts::contract_number(year, n),
            revision: 1,
            ..model
        };
        let saved =
            write::insert::<contract::Entity, _>(&*txn, self.tenant_id, Some(actor), model).await?;
        revision_row(&saved, 1, "draft", None, actor)
            .into_active_model()
            .insert(&*txn)
            .await?;
        let lines = insert_lines(&*txn, &saved, 1, &lines).await?;
        txn.commit().await?;
        Ok((saved, lines))
    }

    /// # Errors
    /// `NotFound`.
    pub async fn contract(&self, id: Uuid) -> Result<contract::Model, StoreError> {
        contract::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A contract's lines at a revision.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contract_lines(
        &self,
        id: Uuid,
        revision: i32,
    ) -> Result<Vec<contract_line::Model>, StoreError> {
        lines_of(self.db(), self.tenant_id, id, revision).await
    }

    /// A page of contracts, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contracts(
        &self,
        f: &ContractFilter,
        cursor: Option<Cursor>,
        limit: u64,
    ) -> Result<Page<contract::Model>, StoreError> {
        let column = f.sort.by.map(ContractSort::column);
        let list = self
            .narrowing("contracts", f.q.as_deref())
            .await?
            .apply(contract::Entity::find().filter(f.condition(self.tenant_id)));
        let Some(anchor) =
            anchor_of(self.db(), &list, contract::Column::Id, column, cursor).await?
        else {
            return Ok(Page::empty());
        };
        let rows = keyset(
            list,
            column,
            contract::Column::Id,
            f.sort.descending,
            anchor,
        )
        .limit(limit + 1)
        .all(self.db())
        .await?;
        Ok(Page::from_sorted_rows(rows, limit, |c| c.id, column))
    }

    /// How many contracts match the filter, over all the list's pages.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_contracts(&self, f: &ContractFilter) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(self
            .narrowing("contracts", f.q.as_deref())
            .await?
            .apply(contract::Entity::find().filter(f.condition(self.tenant_id)))
            .count(self.db())
            .await?)
    }

    /// Edits a draft (or rejected) contract in place, its lines replaced when given. A
    /// rejected contract being reworked becomes a draft again.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`, `Conflict("contract_not_editable")` once it was submitted.
    pub async fn update_draft_contract(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut contract::Model),
        lines: Option<Vec<contract_line::Model>>,
    ) -> Result<(contract::Model, Vec<contract_line::Model>), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = contract::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        let editable = ContractStatus::parse(&before.status).is_ok_and(ContractStatus::editable);
        if !editable {
            return Err(StoreError::Conflict("contract_not_editable"));
        }
        let mut after = before.clone();
        edit(&mut after);
        after.status = ContractStatus::Draft.key().into();
        let saved = write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "updated",
            &before,
            after,
        )
        .await?;
        let lines = match lines {
            Some(lines) => {
                contract_line::Entity::delete_many()
                    .filter(contract_line::Column::TenantId.eq(self.tenant_id))
                    .filter(contract_line::Column::ContractId.eq(id))
                    .filter(contract_line::Column::Revision.eq(saved.revision))
                    .exec(&*txn)
                    .await?;
                insert_lines(&*txn, &saved, saved.revision, &lines).await?
            }
            None => lines_of(&*txn, self.tenant_id, id, saved.revision).await?,
        };
        let r = revision_of(&*txn, self.tenant_id, id, saved.revision).await?;
        let mut am = r.into_active_model();
        am.name = sea_orm::Set(saved.name.clone());
        am.amount_minor = sea_orm::Set(saved.amount_minor);
        am.signed_on = sea_orm::Set(saved.signed_on);
        am.starts_on = sea_orm::Set(saved.starts_on);
        am.ends_on = sea_orm::Set(saved.ends_on);
        am.terms = sea_orm::Set(saved.terms.clone());
        am.status = sea_orm::Set("draft".into());
        am.update(&*txn).await?;
        txn.commit().await?;
        Ok((saved, lines))
    }

    /// Submits a draft for approval: `in_approval` with its approval when the flow asks for
    /// one, else `active` at once.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`, `Conflict("contract_not_submittable")`, `Invalid` when a
    /// step that applies finds no approver.
    pub async fn submit_contract(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        today: NaiveDate,
    ) -> Result<(contract::Model, Option<approval::Model>), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = contract::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        if !ContractStatus::parse(&before.status).is_ok_and(ContractStatus::submittable) {
            return Err(StoreError::Conflict("contract_not_submittable"));
        }
        let lines = lines_of(&*txn, self.tenant_id, id, before.revision).await?;
        let submission = Submission {
            record_type: RECORD_TYPE,
            record_id: id,
            record_revision: before.revision,
            title: format!("{} {}", before.number, before.name),
            submitted_by: actor,
            subject: subject(&before.currency, before.amount_minor, &lines),
            link: link(id),
        };
        let started = engine::start(&*txn, self.tenant_id, &submission, today).await?;
        let mut after = before.clone();
        let r = revision_of(&*txn, self.tenant_id, id, before.revision).await?;
        match &started {
            Some(a) => {
                after.status = ContractStatus::InApproval.key().into();
                after.approval_id = Some(a.id);
                set_revision_status(&*txn, r, "in_approval", Some(a.id), false).await?;
            }
            None => {
                after.status = ContractStatus::Active.key().into();
                set_revision_status(&*txn, r, "approved", None, true).await?;
            }
        }
        let saved = write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "submitted",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok((saved, started))
    }

    /// Decides a contract's approval and applies the outcome to the contract: approved, the
    /// first revision makes it active and an amendment takes effect; rejected, a first
    /// revision is rejected and an amendment is dropped; returned, it is a draft again.
    ///
    /// # Errors
    /// As [`engine::decide`]; a decision that lost a race to another is `Conflict`.
    pub async fn decide_contract_approval(
        &self,
        actor: Uuid,
        approval_id: Uuid,
        decision: Decision,
        comment: Option<String>,
        today: NaiveDate,
    ) -> Result<(approval::Model, contract::Model, Finished), StoreError> {
        let a = self.approval_record(approval_id).await?;
        self.decide_with(
            actor,
            approval_id,
            decision,
            comment,
            today,
            &link(a.record_id),
            |txn, tenant_id, actor, a, finished| {
                Box::pin(apply_outcome(txn, tenant_id, actor, a, finished))
            },
        )
        .await
    }

    /// The submitter recalls a pending approval: a first submission goes back to draft, an
    /// amendment is dropped.
    ///
    /// # Errors
    /// As the engine's recall.
    pub async fn recall_contract_approval(
        &self,
        actor: Uuid,
        approval_id: Uuid,
    ) -> Result<(approval::Model, contract::Model), StoreError> {
        self.recall_with(actor, approval_id, |txn, tenant_id, actor, a, finished| {
            Box::pin(apply_outcome(txn, tenant_id, actor, a, finished))
        })
        .await
    }

    /// Every revision of a contract with its lines, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contract_revisions(&self, id: Uuid) -> Result<Vec<Revision>, StoreError> {
        let revisions = contract_revision::Entity::find()
            .filter(contract_revision::Column::TenantId.eq(self.tenant_id))
            .filter(contract_revision::Column::ContractId.eq(id))
            .order_by_asc(contract_revision::Column::Revision)
            .all(self.db())
            .await?;
        let lines = contract_line::Entity::find()
            .filter(contract_line::Column::TenantId.eq(self.tenant_id))
            .filter(contract_line::Column::ContractId.eq(id))
            .order_by_asc(contract_line::Column::Position)
            .all(self.db())
            .await?;
        Ok(revisions
            .into_iter()
            .map(|r| Revision {
                lines: lines
                    .iter()
                    .filter(|l| l.revision == r.revision)
                    .cloned()
                    .collect(),
                revision: r,
            })
            .collect())
    }

    /// Ends an active contract: `terminated` with a reason, or `completed`.
    ///
    /// # Errors
    /// `Conflict("contract_not_active")`, `StaleVersion`.
    pub async fn end_contract(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        status: ContractStatus,
        reason: Option<String>,
    ) -> Result<contract::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = contract::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        if before.status != ContractStatus::Active.key() {
            return Err(StoreError::Conflict("contract_not_active"));
        }
        let mut after = before.clone();
        after.status = status.key().into();
        after.end_reason = reason;
        let saved = write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            status.key(),
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }
}

/// What an approval's end does to its contract.
async fn apply_outcome<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Uuid,
    a: &approval::Model,
    finished: Finished,
) -> Result<contract::Model, StoreError> {
    let before = contract::Entity::find_by_id((tenant_id, a.record_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if finished == Finished::No {
        return Ok(before);
    }
    let r = revision_of(conn, tenant_id, before.id, a.record_revision).await?;
    let amendment = before.pending_revision == Some(a.record_revision);
    let mut after = before.clone();
    let status = match (finished, a.status.as_str()) {
        (Finished::Approved, _) => "approved",
        (Finished::Rejected, _) => "rejected",
        (_, "recalled") => "recalled",
        _ => "returned",
    };
    if amendment {
        after.pending_revision = None;
        if finished == Finished::Approved {
            after.revision = r.revision;
            after.name.clone_from(&r.name);
            after.amount_minor = r.amount_minor;
            after.signed_on = r.signed_on;
            after.starts_on = r.starts_on;
            after.ends_on = r.ends_on;
            after.terms.clone_from(&r.terms);
        }
    } else if before.revision == a.record_revision && before.status == "in_approval" {
        after.status = match finished {
            Finished::Approved => ContractStatus::Active,
            Finished::Rejected => ContractStatus::Rejected,
            _ => ContractStatus::Draft,
        }
        .key()
        .into();
    }
    set_revision_status(conn, r, status, None, true).await?;
    write::update::<contract::Entity, _>(conn, tenant_id, Some(actor), status, &before, after).await
}
