//! Tenant settings: one JSON value per key, with defaults when never saved.

use sea_orm::{sea_query::OnConflict, ConnectionTrait, EntityTrait, IntoActiveModel};
use serde::{de::DeserializeOwned, Serialize};

use crate::{entity::setting, platform::history, StoreError, TenantStore};

impl TenantStore {
    /// A setting, or its default when never saved (or saved in a shape this build no longer reads).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn setting<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T, StoreError> {
        setting_in(self.db(), self.tenant_id, key).await
    }

    /// Saves a setting, logging the change in history under `settings`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn save_setting<T: Serialize + DeserializeOwned + Default>(
        &self,
        actor: uuid::Uuid,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let before: T = setting_in(&*txn, self.tenant_id, key).await?;
        let json = serde_json::to_value(value).map_err(|e| StoreError::Config(e.to_string()))?;
        let row = setting::Model {
            tenant_id: self.tenant_id,
            key: key.to_owned(),
            value: json,
            updated_at: crate::now(),
            version: 1,
        };
        setting::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::columns([setting::Column::TenantId, setting::Column::Key])
                    .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(&*txn)
            .await?;
        // A secret (a password) or a file (the logo) is never written to history: only that
        // it changed.
        let changes = if key.ends_with(".secret") || key.ends_with(".file") {
            Vec::new()
        } else {
            history::diff(Some(&before), value)
        };
        // Settings have no id of their own: history keys them by a fixed id per setting name.
        let record_id = setting_record_id(key);
        history::record(
            &*txn,
            self.tenant_id,
            Some(actor),
            "settings",
            record_id,
            key,
            &changes,
        )
        .await?;
        txn.commit().await
    }
}

/// A stable id for a setting's history.
#[must_use]
pub fn setting_record_id(key: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("closer-setting:{key}").as_bytes(),
    )
}

pub(crate) async fn setting_in<C: ConnectionTrait, T: DeserializeOwned + Default>(
    conn: &C,
    tenant_id: uuid::Uuid,
    key: &str,
) -> Result<T, StoreError> {
    let row = setting::Entity::find_by_id((tenant_id, key.to_owned()))
        .one(conn)
        .await?;
    Ok(row
        .and_then(|r| serde_json::from_value(r.value).ok())
        .unwrap_or_default())
}
