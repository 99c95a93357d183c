//! The product catalogue and quotes. A new quote is the next version of its opportunity's
//! quote; saving it sets the opportunity's amount to its total, in the same transaction.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{
    entity::{opportunity, product, quote, quote_line},
    platform::write,
    StoreError, TenantStore,
};

impl TenantStore {
    /// The catalogue, by name; inactive products only when asked.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn products(
        &self,
        include_inactive: bool,
    ) -> Result<Vec<product::Model>, StoreError> {
        let mut q = product::Entity::find()
            .filter(product::Column::TenantId.eq(self.tenant_id))
            .order_by_asc(product::Column::Name)
            .limit(2000);
        if !include_inactive {
            q = q.filter(product::Column::Active.eq(true));
        }
        Ok(q.all(self.db()).await?)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such product.
    pub async fn product(&self, id: Uuid) -> Result<product::Model, StoreError> {
        product::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_product(
        &self,
        actor: Uuid,
        model: product::Model,
    ) -> Result<product::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = write::insert::<product::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            product::Model {
                tenant_id: self.tenant_id,
                ..model
            },
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_product(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut product::Model),
    ) -> Result<product::Model, StoreError> {
        self.edit_record::<product::Entity>(actor, id, expected, edit)
            .await
    }

    /// Saves a new version of an opportunity's quote with its lines, and makes its total the
    /// opportunity's amount (logged beside the stage changes, for the forecast's history).
    ///
    /// # Errors
    /// `NotFound` when the opportunity is gone.
    pub async fn create_quote(
        &self,
        actor: Uuid,
        mut model: quote::Model,
        lines: Vec<quote_line::Model>,
    ) -> Result<(quote::Model, Vec<quote_line::Model>), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = opportunity::Entity::find_by_id((self.tenant_id, model.opportunity_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let last: Option<i32> = quote::Entity::find()
            .select_only()
            .column(quote::Column::Number)
            .filter(quote::Column::TenantId.eq(self.tenant_id))
            .filter(quote::Column::OpportunityId.eq(model.opportunity_id))
            .order_by_desc(quote::Column::Number)
            .limit(1)
            .into_tuple()
            .one(&*txn)
            .await?;
        model.tenant_id = self.tenant_id;
        model.number = last.unwrap_or(0) + 1;
        let saved =
            write::insert::<quote::Entity, _>(&*txn, self.tenant_id, Some(actor), model).await?;
        let lines: Vec<quote_line::Model> = lines
            .into_iter()
            .map(|l| quote_line::Model {
                tenant_id: self.tenant_id,
                quote_id: saved.id,
                ..l
            })
            .collect();
        if !lines.is_empty() {
            quote_line::Entity::insert_many(
                lines
                    .iter()
                    .map(|l| sea_orm::IntoActiveModel::into_active_model(l.clone())),
            )
            .exec_without_returning(&*txn)
            .await?;
        }
        let mut after = before.clone();
        after.amount_minor = saved.total_minor;
        let updated = write::update::<opportunity::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "quoted",
            &before,
            after,
        )
        .await?;
        if updated.amount_minor != before.amount_minor {
            crate::opportunities::records::record_stage_change(
                &*txn,
                self.tenant_id,
                Some(actor),
                Some(updated.stage_id),
                &updated,
            )
            .await?;
        }
        txn.commit().await?;
        Ok((saved, lines))
    }

    /// An opportunity's quotes, newest version first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn quotes(&self, opportunity_id: Uuid) -> Result<Vec<quote::Model>, StoreError> {
        Ok(quote::Entity::find()
            .filter(quote::Column::TenantId.eq(self.tenant_id))
            .filter(quote::Column::OpportunityId.eq(opportunity_id))
            .order_by_desc(quote::Column::Number)
            .all(self.db())
            .await?)
    }

    /// A quote with its lines in order.
    ///
    /// # Errors
    /// `NotFound` when the tenant has no such quote.
    pub async fn quote(
        &self,
        id: Uuid,
    ) -> Result<(quote::Model, Vec<quote_line::Model>), StoreError> {
        let q = quote::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let lines = quote_line::Entity::find()
            .filter(quote_line::Column::TenantId.eq(self.tenant_id))
            .filter(quote_line::Column::QuoteId.eq(id))
            .order_by_asc(quote_line::Column::Position)
            .all(self.db())
            .await?;
        Ok((q, lines))
    }
}
