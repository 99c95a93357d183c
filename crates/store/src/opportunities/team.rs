//! An opportunity's team: the colleagues who work the deal beside its owner.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    entity::{opportunity, opportunity_member},
    StoreError, TenantStore,
};

impl TenantStore {
    /// An opportunity's team, in the order members were added.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn team(
        &self,
        opportunity_id: Uuid,
    ) -> Result<Vec<opportunity_member::Model>, StoreError> {
        Ok(opportunity_member::Entity::find()
            .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
            .order_by_asc(opportunity_member::Column::AddedAt)
            .order_by_asc(opportunity_member::Column::UserId)
            .all(self.db())
            .await?)
    }

    /// Whether `user_id` is on the opportunity's team.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn is_team_member(
        &self,
        opportunity_id: Uuid,
        user_id: Uuid,
    ) -> Result<bool, StoreError> {
        Ok(
            opportunity_member::Entity::find_by_id((self.tenant_id, opportunity_id, user_id))
                .one(self.db())
                .await?
                .is_some(),
        )
    }

    /// Replaces an opportunity's team with `members` (checked by the caller). Members who
    /// stay keep when they were added; the change is in the opportunity's history.
    ///
    /// # Errors
    /// `NotFound` when the opportunity is gone.
    pub async fn set_team(
        &self,
        actor: Uuid,
        opportunity_id: Uuid,
        members: &[(Uuid, String)],
    ) -> Result<Vec<opportunity_member::Model>, StoreError> {
        let txn = self.store.begin_write().await?;
        opportunity::Entity::find_by_id((self.tenant_id, opportunity_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = opportunity_member::Entity::find()
            .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
            .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
            .all(&*txn)
            .await?;
        let now = crate::now();
        let after: Vec<opportunity_member::Model> = members
            .iter()
            .map(|(user_id, role)| opportunity_member::Model {
                tenant_id: self.tenant_id,
                opportunity_id,
                user_id: *user_id,
                role: role.clone(),
                added_at: before
                    .iter()
                    .find(|b| b.user_id == *user_id)
                    .map_or(now, |b| b.added_at),
            })
            .collect();
        let shape = |list: &[opportunity_member::Model]| {
            let mut v: Vec<_> = list
                .iter()
                .map(|m| serde_json::json!({"user_id": m.user_id, "role": m.role}))
                .collect();
            v.sort_by_key(ToString::to_string);
            serde_json::Value::Array(v)
        };
        let (old, new) = (shape(&before), shape(&after));
        if old != new {
            opportunity_member::Entity::delete_many()
                .filter(opportunity_member::Column::TenantId.eq(self.tenant_id))
                .filter(opportunity_member::Column::OpportunityId.eq(opportunity_id))
                .exec(&*txn)
                .await?;
            if !after.is_empty() {
                opportunity_member::Entity::insert_many(
                    after
                        .iter()
                        .cloned()
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
                "team_changed",
                &[crate::platform::history::Change {
                    field: "team".into(),
                    old,
                    new,
                }],
            )
            .await?;
        }
        txn.commit().await?;
        let mut sorted = after;
        sorted.sort_by_key(|m| (m.added_at, m.user_id));
        Ok(sorted)
    }
}
