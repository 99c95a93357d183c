//! Documents kept with customers and opportunities: metadata rows written through the one
//! write path (so history keeps who uploaded and who deleted what). The bytes live in the
//! files folder; the server writes them before the row and removes them after it.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use uuid::Uuid;

use crate::{entity::document, platform::page::Page, platform::write, StoreError, TenantStore};

/// The record a document is kept with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentParent {
    Customer(Uuid),
    Opportunity(Uuid),
}

impl DocumentParent {
    /// The parent of a stored document.
    #[must_use]
    pub fn of(model: &document::Model) -> Option<Self> {
        match (model.customer_id, model.opportunity_id) {
            (Some(c), None) => Some(Self::Customer(c)),
            (None, Some(o)) => Some(Self::Opportunity(o)),
            _ => None,
        }
    }
}

/// Where a document's bytes are kept, relative to the documents' files folder. Only the
/// server's own ids go into it, so it never leaves that folder.
#[must_use]
pub fn storage_path(tenant_id: Uuid, id: Uuid) -> String {
    format!("documents/{tenant_id}/{id}")
}

/// Whether a storage path read from elsewhere (a backup) is one [`storage_path`] makes.
#[must_use]
pub fn is_storage_path(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("documents"), Some(t), Some(i), None)
            if Uuid::parse_str(t).is_ok() && Uuid::parse_str(i).is_ok()
    )
}

impl TenantStore {
    /// Records an uploaded document whose bytes are already in place.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_document(
        &self,
        model: document::Model,
    ) -> Result<document::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = document::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        let saved = write::insert::<document::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(model.uploaded_by),
            model,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such document.
    pub async fn document(&self, id: Uuid) -> Result<document::Model, StoreError> {
        document::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A page of a record's documents, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn documents(
        &self,
        parent: DocumentParent,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<document::Model>, StoreError> {
        let filter = match parent {
            DocumentParent::Customer(id) => document::Column::CustomerId.eq(id),
            DocumentParent::Opportunity(id) => document::Column::OpportunityId.eq(id),
        };
        let rows = document::Entity::find()
            .filter(document::Column::TenantId.eq(self.tenant_id))
            .filter(filter)
            .apply_if(cursor, |s, c| s.filter(document::Column::Id.lt(c)))
            .order_by_desc(document::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |d| d.id))
    }

    /// Deletes a document's row, logging who deleted it and what it was. The caller removes
    /// the bytes once this returns.
    ///
    /// # Errors
    /// `NotFound` when it is gone, `StaleVersion` when `expected` is not its version or it
    /// changed meanwhile.
    pub async fn delete_document(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
    ) -> Result<document::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = document::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        write::delete::<document::Entity, _>(&*txn, self.tenant_id, Some(actor), &before).await?;
        txn.commit().await?;
        Ok(before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_made_here_are_storage_paths() {
        let (t, i) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(is_storage_path(&storage_path(t, i)));
        for bad in [
            "",
            "documents",
            "documents/../etc/passwd",
            &format!("documents/{t}/../{i}"),
            &format!("/documents/{t}/{i}"),
            &format!("documents/{t}/{i}/x"),
            &format!("imports/{t}/{i}"),
        ] {
            assert!(!is_storage_path(bad), "{bad}");
        }
    }
}
