//! Invoices: VAT invoices against receivables, never more than a receivable leaves
//! uninvoiced, tax taken out exactly; voided with a reason, never deleted.

use chrono::NaiveDate;
use closer_domain::cash::invoice_tax;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::ledger::{lock_account, save_receivable};
use crate::{
    entity::{invoice, receivable},
    platform::{
        page::{anchor_of, keyset, Cursor, Page, Sort},
        write,
    },
    StoreError, TenantStore,
};

/// An invoice to issue.
#[derive(Debug, Clone)]
pub struct NewInvoice {
    pub receivable_id: Uuid,
    pub kind: String,
    pub tax_rate_bp: i32,
    pub amount_minor: i64,
    pub number: String,
    pub issued_on: NaiveDate,
}

/// Which invoices a list shows.
#[derive(Debug, Clone, Default)]
pub struct InvoiceFilter {
    pub owners: Option<Vec<Uuid>>,
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub receivable_id: Option<Uuid>,
    pub status: Option<String>,
    /// Part of the invoice number.
    pub q: Option<String>,
    /// The list's order (newest first by default).
    pub sort: Sort<InvoiceSort>,
}

/// What an invoice list is sorted by, besides creation (`?sort=amount`, `-issued_on` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceSort {
    /// The `created_at` each carries (an imported record keeps its true date).
    CreatedAt,
    Amount,
    IssuedOn,
}

impl InvoiceSort {
    /// The API's names for them.
    pub const FIELDS: [(&'static str, Self); 3] = [
        ("created_at", Self::CreatedAt),
        ("amount", Self::Amount),
        ("issued_on", Self::IssuedOn),
    ];

    fn column(self) -> invoice::Column {
        match self {
            Self::CreatedAt => invoice::Column::CreatedAt,
            Self::Amount => invoice::Column::AmountMinor,
            Self::IssuedOn => invoice::Column::IssuedOn,
        }
    }
}

impl InvoiceFilter {
    fn condition(&self, tenant_id: Uuid) -> sea_orm::Condition {
        let mut c = sea_orm::Condition::all().add(invoice::Column::TenantId.eq(tenant_id));
        if let Some(owners) = &self.owners {
            c = c.add(invoice::Column::OwnerId.is_in(owners.clone()));
        }
        if let Some(customer) = self.customer_id {
            c = c.add(invoice::Column::CustomerId.eq(customer));
        }
        if let Some(contract) = self.contract_id {
            c = c.add(invoice::Column::ContractId.eq(contract));
        }
        if let Some(receivable) = self.receivable_id {
            c = c.add(invoice::Column::ReceivableId.eq(receivable));
        }
        if let Some(status) = &self.status {
            c = c.add(invoice::Column::Status.eq(status.clone()));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            c = c.add(crate::platform::dialect::contains_text(
                invoice::Column::Number,
                q,
            ));
        }
        c
    }
}

fn invalid(field: &str, code: &'static str) -> StoreError {
    StoreError::Invalid {
        field: field.into(),
        code,
    }
}

impl TenantStore {
    /// Issues an invoice against a receivable.
    ///
    /// # Errors
    /// `Invalid` on `receivable_id` (`unknown_reference`, `not_in_plan`, `not_owed`), `amount`
    /// (`not_positive`, `more_than_invoiceable`); `Conflict("invoice_number_taken")`.
    pub async fn issue_invoice(
        &self,
        actor: Uuid,
        new: NewInvoice,
        today: NaiveDate,
    ) -> Result<invoice::Model, StoreError> {
        if new.amount_minor <= 0 {
            return Err(invalid("amount", "not_positive"));
        }
        let txn = self.store.begin_write().await?;
        let r = receivable::Entity::find_by_id((self.tenant_id, new.receivable_id))
            .one(&*txn)
            .await?
            .ok_or_else(|| invalid("receivable_id", "unknown_reference"))?;
        lock_account(&*txn, self.tenant_id, r.customer_id).await?;
        let mut r = receivable::Entity::find_by_id((self.tenant_id, new.receivable_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if !r.in_plan {
            return Err(invalid("receivable_id", "not_in_plan"));
        }
        if !r.owed {
            return Err(invalid("receivable_id", "not_owed"));
        }
        if new.amount_minor > r.amount_minor - r.invoiced_minor {
            return Err(invalid("amount", "more_than_invoiceable"));
        }
        let taken = invoice::Entity::find()
            .filter(invoice::Column::TenantId.eq(self.tenant_id))
            .filter(invoice::Column::Number.eq(new.number.clone()))
            .count(&*txn)
            .await?;
        if taken > 0 {
            return Err(StoreError::Conflict("invoice_number_taken"));
        }
        let (without, tax) = invoice_tax(new.amount_minor, new.tax_rate_bp);
        let now = crate::now();
        let inv = invoice::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            created_at: now,
            updated_at: now,
            version: 1,
            receivable_id: r.id,
            contract_id: r.contract_id,
            customer_id: r.customer_id,
            owner_id: r.owner_id,
            kind: new.kind,
            tax_rate_bp: new.tax_rate_bp,
            amount_minor: new.amount_minor,
            amount_without_tax_minor: without,
            tax_minor: tax,
            currency: r.currency.clone(),
            number: new.number,
            issued_on: new.issued_on,
            status: "issued".into(),
            void_reason: None,
            voided_at: None,
            created_by: Some(actor),
        };
        let saved =
            write::insert::<invoice::Entity, _>(&*txn, self.tenant_id, Some(actor), inv).await?;
        r.invoiced_minor += saved.amount_minor;
        save_receivable(&*txn, r, today).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Voids an invoice: it stays, marked void with the reason, and its amount is
    /// invoiceable again.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("invoice_void")`; `StaleVersion`.
    pub async fn void_invoice(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        reason: String,
        today: NaiveDate,
    ) -> Result<invoice::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = invoice::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        lock_account(&*txn, self.tenant_id, before.customer_id).await?;
        let before = invoice::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        if before.status == "void" {
            return Err(StoreError::Conflict("invoice_void"));
        }
        let mut after = before.clone();
        after.status = "void".into();
        after.void_reason = Some(reason);
        after.voided_at = Some(crate::now());
        let saved = write::update::<invoice::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "voided",
            &before,
            after,
        )
        .await?;
        let mut r = receivable::Entity::find_by_id((self.tenant_id, before.receivable_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        r.invoiced_minor -= before.amount_minor;
        save_receivable(&*txn, r, today).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn invoice(&self, id: Uuid) -> Result<invoice::Model, StoreError> {
        invoice::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A page of invoices, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn invoices(
        &self,
        f: &InvoiceFilter,
        cursor: Option<Cursor>,
        limit: u64,
    ) -> Result<Page<invoice::Model>, StoreError> {
        let column = f.sort.by.map(InvoiceSort::column);
        let list = invoice::Entity::find().filter(f.condition(self.tenant_id));
        let Some(anchor) = anchor_of(self.db(), &list, invoice::Column::Id, column, cursor).await?
        else {
            return Ok(Page::empty());
        };
        let rows = keyset(list, column, invoice::Column::Id, f.sort.descending, anchor)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_sorted_rows(rows, limit, |i| i.id, column))
    }

    /// How many invoices match the filter, over all the list's pages.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_invoices(&self, f: &InvoiceFilter) -> Result<u64, StoreError> {
        Ok(invoice::Entity::find()
            .filter(f.condition(self.tenant_id))
            .count(self.db())
            .await?)
    }
}
