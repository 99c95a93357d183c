//! Two permissions added after tenants were made: reopening a won or lost deal
//! (`opportunities.reopen`) and making API tokens (`org.api_tokens`). The built-in
//! administrator and sales-manager roles of existing tenants get them, as new tenants do;
//! custom roles are left to their administrators.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use sea_orm_migration::prelude::*;

use crate::entity::role;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ADDED: [&str; 2] = ["opportunities.reopen", "org.api_tokens"];

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        let roles = role::Entity::find()
            .filter(role::Column::IsBuiltin.eq(true))
            .filter(role::Column::Key.is_in(["admin", "sales_manager"]))
            .all(conn)
            .await?;
        for r in roles {
            let mut keys: Vec<String> =
                serde_json::from_value(r.permissions.clone()).unwrap_or_default();
            let before = keys.len();
            for key in ADDED {
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_owned());
                }
            }
            if keys.len() != before {
                let mut active = r.into_active_model();
                active.permissions = Set(serde_json::json!(keys));
                active.update(conn).await?;
            }
        }
        Ok(())
    }
}
