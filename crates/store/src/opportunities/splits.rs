//! Performance splits: who is credited with an opportunity's amount, and by how much. A deal
//! without rows here credits its owner with 100 %.

use closer_domain::opportunities::splits::{amount_basis, Share, SplitKind};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    entity::{opportunity, opportunity_member, opportunity_split},
    StoreError, TenantStore,
};

/// A split row as the rules read it.
#[must_use]
pub fn share_of(row: &opportunity_split::Model) -> Share {
    match (row.ratio, row.amount_minor) {
        (Some(r), _) => Share::Ratio(r),
        (None, a) => Share::Amount(a.unwrap_or(0)),
    }
}

/// What one deal's split rows' amounts are shares of ([`amount_basis`]), the deal now worth
/// `deal_amount`.
#[must_use]
pub fn basis_of<'a>(
    rows: impl IntoIterator<Item = &'a opportunity_split::Model>,
    deal_amount: i64,
) -> i64 {
    let rows: Vec<&opportunity_split::Model> = rows.into_iter().collect();
    let kind = rows
        .first()
        .and_then(|r| SplitKind::parse(&r.kind).ok())
        .unwrap_or(SplitKind::Whole);
    let shares: Vec<Share> = rows.iter().map(|r| share_of(r)).collect();
    amount_basis(kind, &shares, deal_amount)
}

impl TenantStore {
    /// An opportunity's split, in the order it was given (empty: never split).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn splits(
        &self,
        opportunity_id: Uuid,
    ) -> Result<Vec<opportunity_split::Model>, StoreError> {
        let mut rows = opportunity_split::Entity::find()
            .filter(opportunity_split::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity_split::Column::OpportunityId.eq(opportunity_id))
            .all(self.db())
            .await?;
        rows.sort_by_key(|r| r.position);
        Ok(rows)
    }

    /// The splits of many opportunities at once.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn splits_of(
        &self,
        opportunity_ids: &[Uuid],
    ) -> Result<Vec<opportunity_split::Model>, StoreError> {
        let mut rows = Vec::new();
        for chunk in opportunity_ids.chunks(500) {
            rows.extend(
                opportunity_split::Entity::find()
                    .filter(opportunity_split::Column::TenantId.eq(self.tenant_id))
                    .filter(opportunity_split::Column::OpportunityId.is_in(chunk.iter().copied()))
                    .all(self.db())
                    .await?,
            );
        }
        rows.sort_by_key(|r| (r.opportunity_id, r.position));
        Ok(rows)
    }

    /// Replaces an opportunity's split (checked by the caller). Share holders not yet on
    /// the deal's team join it (as `sales`); the change is in the opportunity's history.
    ///
    /// # Errors
    /// `NotFound` when the opportunity is gone.
    pub async fn set_splits(
        &self,
        actor: Uuid,
        opportunity_id: Uuid,
        kind: SplitKind,
        shares: &[(Uuid, Share)],
    ) -> Result<Vec<opportunity_split::Model>, StoreError> {
        let txn = self.store.begin_write().await?;
        let deal = opportunity::Entity::find_by_id((self.tenant_id, opportunity_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut before = opportunity_split::Entity::find()
            .filter(opportunity_split::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity_split::Column::OpportunityId.eq(opportunity_id))
            .all(&*txn)
            .await?;
        before.sort_by_key(|r| r.position);
        let after: Vec<opportunity_split::Model> = shares
            .iter()
            .enumerate()
            .map(|(i, (user_id, share))| {
                let (ratio, amount_minor) = match share {
                    Share::Ratio(r) => (Some(*r), None),
                    Share::Amount(a) => (None, Some(*a)),
                };
                opportunity_split::Model {
                    tenant_id: self.tenant_id,
                    opportunity_id,
                    user_id: *user_id,
                    kind: kind.key().into(),
                    ratio,
                    amount_minor,
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                }
            })
            .collect();
        let shape = |rows: &[opportunity_split::Model]| {
            serde_json::Value::Array(
                rows.iter()
                    .map(|s| {
                        serde_json::json!({"user_id": s.user_id, "kind": s.kind, "ratio": s.ratio, "amount_minor": s.amount_minor})
                    })
                    .collect(),
            )
        };
        let (old, new) = (shape(&before), shape(&after));
        if old != new {
            opportunity_split::Entity::delete_many()
                .filter(opportunity_split::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity_split::Column::OpportunityId.eq(opportunity_id))
                .exec(&*txn)
                .await?;
            opportunity_split::Entity::insert_many(
                after
                    .iter()
                    .cloned()
                    .map(sea_orm::IntoActiveModel::into_active_model),
            )
            .exec_without_returning(&*txn)
            .await?;
            let team = opportunity_member::Entity::find()
                .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
                .all(&*txn)
                .await?;
            let joining: Vec<opportunity_member::Model> = after
                .iter()
                .filter(|s| Some(s.user_id) != deal.owner_id)
                .filter(|s| !team.iter().any(|m| m.user_id == s.user_id))
                .map(|s| opportunity_member::Model {
                    tenant_id: self.tenant_id,
                    opportunity_id,
                    user_id: s.user_id,
                    role: "sales".into(),
                    added_at: crate::now(),
                })
                .collect();
            if !joining.is_empty() {
                opportunity_member::Entity::insert_many(
                    joining
                        .into_iter()
                        .map(sea_orm::IntoActiveModel::into_active_model),
                )
                .exec_without_returning(&*txn)
                .await?;
            }
            crate::platform::history::record(
                &*txn,
                self.tenant_id,
                Some(actor),
                "opportunities",
                opportunity_id,
                "splits_changed",
                &[crate::platform::history::Change {
                    field: "splits".into(),
                    old,
                    new,
                }],
            )
            .await?;
        }
        txn.commit().await?;
        Ok(after)
    }
}
