//! The change log: every change to a business record, who made it, when, field by field.
//!
//! Writers call [`record`] inside the transaction that makes the change, so the log and the
//! data can never disagree.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{entity, entity::history_entry, StoreError, TenantStore};

/// Fields never shown in history: bookkeeping, or secrets whose change is shown masked.
const SKIPPED: &[&str] = &["tenant_id", "id", "version", "created_at", "updated_at"];
const MASKED: &[&str] = &["password_hash"];

/// One field's change.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Change {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// The field-by-field difference between two versions of a record.
#[must_use]
pub fn diff<T: Serialize>(before: Option<&T>, after: &T) -> Vec<Change> {
    let before = before
        .and_then(|b| serde_json::to_value(b).ok())
        .unwrap_or(Value::Null);
    let Ok(Value::Object(after)) = serde_json::to_value(after) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (field, new) in after {
        if SKIPPED.contains(&field.as_str()) {
            continue;
        }
        let old = before.get(&field).cloned().unwrap_or(Value::Null);
        if old == new {
            continue;
        }
        if MASKED.contains(&field.as_str()) {
            let name = field.trim_end_matches("_hash").to_owned();
            out.push(Change {
                field: name,
                old: json!("***"),
                new: json!("***"),
            });
        } else {
            out.push(Change { field, old, new });
        }
    }
    out
}

/// Writes one history entry in the caller's transaction.
///
/// # Errors
/// When the database refuses the write.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor_id: Option<Uuid>,
    record_type: &str,
    record_id: Uuid,
    action: &str,
    changes: &[Change],
) -> Result<(), StoreError> {
    record_many(
        conn,
        tenant_id,
        actor_id,
        record_type,
        action,
        std::iter::once((record_id, changes.to_vec())),
    )
    .await
}

/// Writes one history entry per record, `action` for all, in as few statements as the
/// database allows (an import logs thousands of creations at once).
///
/// # Errors
/// When the database refuses the write.
pub async fn record_many<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor_id: Option<Uuid>,
    record_type: &str,
    action: &str,
    entries: impl IntoIterator<Item = (Uuid, Vec<Change>)>,
) -> Result<(), StoreError> {
    let at = crate::now();
    let rows: Vec<history_entry::ActiveModel> = entries
        .into_iter()
        .map(|(record_id, changes)| history_entry::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(closer_domain::ids::new_id()),
            record_type: Set(record_type.to_owned()),
            record_id: Set(record_id),
            actor_id: Set(actor_id),
            action: Set(action.to_owned()),
            changes: Set(serde_json::to_value(changes).unwrap_or(Value::Array(vec![]))),
            at: Set(at),
        })
        .collect();
    // 8 columns a row: well under either engine's limit on bound values per statement.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        history_entry::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

impl TenantStore {
    /// The history of one record, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn history(
        &self,
        record_type: &str,
        record_id: Uuid,
        limit: u64,
    ) -> Result<Vec<history_entry::Model>, StoreError> {
        Ok(history_entry::Entity::find()
            .filter(history_entry::Column::TenantId.eq(self.tenant_id))
            .filter(history_entry::Column::RecordType.eq(record_type))
            .filter(history_entry::Column::RecordId.eq(record_id))
            .order_by_desc(history_entry::Column::Id)
            .limit(limit)
            .all(self.db())
            .await?)
    }
}

/// What a reader of a history sees for an id: the record's kind (its API collection) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLabel {
    /// The API collection the record lives in, e.g. `customers`.
    pub resource: &'static str,
    pub name: String,
    /// The English name, for records named in two languages (stages).
    pub name_en: Option<String>,
    /// For records that have an owner (customers, contacts, leads, opportunities,
    /// contracts): whose it is (`Some(None)` in the pool), so the reader's scope can decide
    /// whether to name it; `None` for records everyone in the tenant may name.
    pub owner: Option<Option<Uuid>>,
}

impl TenantStore {
    /// The names of the given ids, whatever kind of record or person each is, in this tenant
    /// only; ids of records that are gone (or in another tenant) are left out.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_labels(
        &self,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, RecordLabel>, StoreError> {
        let mut found: HashMap<Uuid, RecordLabel> = HashMap::new();
        let mut missing: Vec<Uuid> = ids.to_vec();
        missing.sort_unstable();
        missing.dedup();
        // One primary-key lookup per kind, stopping once every id is named (ids are unique
        // across kinds).
        macro_rules! named {
            ($kind:ident, $resource:literal, $name:ident $(, $en:ident)? $(; $owner:ident)?) => {
                if !missing.is_empty() {
                    let rows: Vec<(Uuid, String, Option<String>, Option<Uuid>)> =
                        entity::$kind::Entity::find()
                            .select_only()
                            .column(entity::$kind::Column::Id)
                            .column(entity::$kind::Column::$name)
                            .column_as(named!(@en $kind $($en)?), "name_en")
                            .column_as(named!(@owner $kind $($owner)?), "owner_id")
                            .filter(entity::$kind::Column::TenantId.eq(self.tenant_id))
                            .filter(entity::$kind::Column::Id.is_in(missing.iter().copied()))
                            .into_tuple()
                            .all(self.db())
                            .await?;
                    for (id, name, name_en, owner) in rows {
                        let owned = named!(@owned $($owner)?);
                        found.insert(
                            id,
                            RecordLabel { resource: $resource, name, name_en, owner: owned.then_some(owner) },
                        );
                    }
                    missing.retain(|id| !found.contains_key(id));
                }
            };
            (@en $kind:ident $en:ident) => { sea_orm::sea_query::Expr::col(entity::$kind::Column::$en) };
            (@en $kind:ident) => { sea_orm::sea_query::Expr::val(Option::<String>::None) };
            (@owner $kind:ident $owner:ident) => { sea_orm::sea_query::Expr::col(entity::$kind::Column::$owner) };
            (@owner $kind:ident) => { sea_orm::sea_query::Expr::val(Option::<Uuid>::None) };
            (@owned $owner:ident) => { true };
            (@owned) => { false };
        }
        named!(user, "users", Name);
        named!(customer, "customers", Name; OwnerId);
        named!(contact, "contacts", Name; OwnerId);
        named!(opportunity, "opportunities", Name; OwnerId);
        named!(lead, "leads", CompanyName; OwnerId);
        named!(department, "departments", Name);
        named!(stage, "stages", Name, NameEn);
        named!(product, "products", Name);
        named!(campaign, "campaigns", Name);
        named!(contract, "contracts", Name; OwnerId);
        named!(role, "roles", Name);
        named!(sales_process, "sales-processes", Name);
        named!(target_plan, "target-plans", Name);
        named!(compensation_plan, "compensation-plans", Name);
        // A contract's approval is named by its title (the contract's number and name).
        named!(approval, "approvals", Title);
        if !missing.is_empty() {
            // A quote is named by its deal and number ("Deal · #2"), seen as its deal is.
            let quotes: Vec<(Uuid, i32, Uuid)> = entity::quote::Entity::find()
                .select_only()
                .column(entity::quote::Column::Id)
                .column(entity::quote::Column::Number)
                .column(entity::quote::Column::OpportunityId)
                .filter(entity::quote::Column::TenantId.eq(self.tenant_id))
                .filter(entity::quote::Column::Id.is_in(missing.iter().copied()))
                .into_tuple()
                .all(self.db())
                .await?;
            let deals: Vec<(Uuid, String, Option<Uuid>)> = entity::opportunity::Entity::find()
                .select_only()
                .column(entity::opportunity::Column::Id)
                .column(entity::opportunity::Column::Name)
                .column(entity::opportunity::Column::OwnerId)
                .filter(entity::opportunity::Column::TenantId.eq(self.tenant_id))
                .filter(entity::opportunity::Column::Id.is_in(quotes.iter().map(|q| q.2)))
                .into_tuple()
                .all(self.db())
                .await?;
            for (id, number, deal) in quotes {
                let Some((_, name, owner)) = deals.iter().find(|d| d.0 == deal) else {
                    continue;
                };
                found.insert(
                    id,
                    RecordLabel {
                        resource: "quotes",
                        name: format!("{name} · #{number}"),
                        name_en: None,
                        owner: Some(*owner),
                    },
                );
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Rec {
        id: u32,
        name: &'static str,
        version: i32,
        password_hash: &'static str,
    }

    #[test]
    fn diff_lists_changed_fields_only_and_masks_secrets() {
        let a = Rec {
            id: 1,
            name: "东区",
            version: 1,
            password_hash: "x",
        };
        let b = Rec {
            id: 1,
            name: "华东",
            version: 2,
            password_hash: "y",
        };
        let changes = diff(Some(&a), &b);
        assert_eq!(
            changes,
            vec![
                Change {
                    field: "name".into(),
                    old: json!("东区"),
                    new: json!("华东")
                },
                Change {
                    field: "password".into(),
                    old: json!("***"),
                    new: json!("***")
                },
            ]
        );
        let created = diff(None, &a);
        assert_eq!(
            created.len(),
            2,
            "creation lists every shown field: {created:?}"
        );
    }
}
