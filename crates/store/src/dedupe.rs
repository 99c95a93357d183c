//! The duplicate-key index: every lead, contact and customer stores its keys here, and
//! candidates are found by key — never by scanning records.

use std::collections::HashMap;

use closer_domain::leads::dedupe::{compare, DedupeKeys, KeyKind, Match};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    entity::{contact, customer, dedupe_key, lead},
    StoreError, TenantStore,
};

/// The kinds of record duplicate detection looks across.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordType {
    Lead,
    Contact,
    Customer,
}

impl RecordType {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Contact => "contact",
            Self::Customer => "customer",
        }
    }

    fn parse(key: &str) -> Option<Self> {
        match key {
            "lead" => Some(Self::Lead),
            "contact" => Some(Self::Contact),
            "customer" => Some(Self::Customer),
            _ => None,
        }
    }
}

/// A record found to be a duplicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub record_type: RecordType,
    pub id: Uuid,
    pub name: String,
    pub found: Match,
}

/// How many candidate records a lookup compares at most (best key overlap first).
const CANDIDATES: u64 = 50;
/// How many records one fuzzy key brings at most.
const PER_FUZZY_KEY: u64 = 100;

/// Replaces a record's keys in the index, in the caller's transaction.
pub(crate) async fn store_keys<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    record_type: RecordType,
    record_id: Uuid,
    keys: &DedupeKeys,
) -> Result<(), StoreError> {
    dedupe_key::Entity::delete_many()
        .filter(dedupe_key::Column::TenantId.eq(tenant_id))
        .filter(dedupe_key::Column::RecordType.eq(record_type.key()))
        .filter(dedupe_key::Column::RecordId.eq(record_id))
        .exec(conn)
        .await?;
    add_keys(conn, tenant_id, record_type, record_id, keys).await
}

/// Adds a new record's keys to the index.
pub(crate) async fn add_keys<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    record_type: RecordType,
    record_id: Uuid,
    keys: &DedupeKeys,
) -> Result<(), StoreError> {
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<dedupe_key::ActiveModel> = keys
        .index_entries()
        .into_iter()
        .filter(|(kind, value)| !value.is_empty() && seen.insert((kind.key(), value.clone())))
        .map(|(kind, value)| {
            sea_orm::IntoActiveModel::into_active_model(dedupe_key::Model {
                tenant_id,
                kind: kind.key().to_owned(),
                value,
                record_type: record_type.key().to_owned(),
                record_id,
            })
        })
        .collect();
    if !rows.is_empty() {
        dedupe_key::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Finds the records whose keys overlap `keys`, compares each, and returns the duplicates,
/// strongest first. `exclude` leaves out the record being edited.
pub(crate) async fn find<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    keys: &DedupeKeys,
    exclude: Option<(RecordType, Uuid)>,
) -> Result<Vec<Duplicate>, StoreError> {
    // Every key is looked up on its own with a cap, so a common key (a popular word in
    // company names) costs the same bounded index read however many records share it.
    let mut hits: HashMap<(String, Uuid), (bool, u32)> = HashMap::new();
    for (kind, value) in keys.index_entries() {
        let exact = kind != KeyKind::Fuzzy;
        let rows: Vec<(String, Uuid)> = dedupe_key::Entity::find()
            .select_only()
            .column(dedupe_key::Column::RecordType)
            .column(dedupe_key::Column::RecordId)
            .filter(dedupe_key::Column::TenantId.eq(tenant_id))
            .filter(dedupe_key::Column::Kind.eq(kind.key()))
            .filter(dedupe_key::Column::Value.eq(value))
            .limit(if exact { CANDIDATES } else { PER_FUZZY_KEY })
            .into_tuple()
            .all(conn)
            .await?;
        for row in rows {
            let entry = hits.entry(row).or_insert((false, 0));
            entry.0 |= exact;
            entry.1 += 1;
        }
    }
    // Exact matches first, then the records sharing the most fuzzy keys.
    let mut ranked: Vec<((String, Uuid), (bool, u32))> = hits.into_iter().collect();
    ranked.sort_by(|a, b| {
        (b.1 .0, b.1 .1)
            .cmp(&(a.1 .0, a.1 .1))
            .then(a.0 .1.cmp(&b.0 .1))
    });
    ranked.truncate(usize::try_from(CANDIDATES).unwrap_or(50));
    let hits: Vec<(String, Uuid, i64)> = ranked
        .into_iter()
        .map(|((t, id), (_, n))| (t, id, i64::from(n)))
        .collect();
    let mut ids: HashMap<RecordType, Vec<Uuid>> = HashMap::new();
    for (record_type, id, _) in hits {
        let Some(rt) = RecordType::parse(&record_type) else {
            continue;
        };
        if exclude == Some((rt, id)) {
            continue;
        }
        ids.entry(rt).or_default().push(id);
    }
    let mut out = Vec::new();
    for (rt, ids) in ids {
        for (id, name, existing) in load_keys(conn, tenant_id, rt, ids).await? {
            if let Some(found) = compare(keys, &existing) {
                out.push(Duplicate {
                    record_type: rt,
                    id,
                    name,
                    found,
                });
            }
        }
    }
    out.sort_by(|a, b| b.found.score.cmp(&a.found.score).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Rebuilds candidates' keys from their own fields (the index holds only lookup values).
async fn load_keys<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    rt: RecordType,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String, DedupeKeys)>, StoreError> {
    Ok(match rt {
        RecordType::Lead => lead::Entity::find()
            .filter(lead::Column::TenantId.eq(tenant_id))
            .filter(lead::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|l| {
                let keys = lead_keys(&l);
                let name = match &l.contact_name {
                    Some(c) => format!("{} · {c}", l.company_name),
                    None => l.company_name.clone(),
                };
                (l.id, name, keys)
            })
            .collect(),
        RecordType::Customer => customer::Entity::find()
            .filter(customer::Column::TenantId.eq(tenant_id))
            .filter(customer::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| {
                let keys = DedupeKeys::from_fields(
                    Some(&c.name),
                    c.phone.as_deref(),
                    c.email.as_deref(),
                    c.credit_code.as_deref(),
                );
                (c.id, c.name, keys)
            })
            .collect(),
        RecordType::Contact => contact::Entity::find()
            .filter(contact::Column::TenantId.eq(tenant_id))
            .filter(contact::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| {
                let keys =
                    DedupeKeys::from_fields(None, c.phone.as_deref(), c.email.as_deref(), None);
                (c.id, c.name, keys)
            })
            .collect(),
    })
}

/// A lead's duplicate keys.
#[must_use]
pub fn lead_keys(l: &lead::Model) -> DedupeKeys {
    DedupeKeys::from_fields(
        Some(&l.company_name),
        l.phone.as_deref(),
        l.email.as_deref(),
        l.credit_code.as_deref(),
    )
}

impl TenantStore {
    /// The duplicates of a would-be record, across leads, contacts and customers.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn duplicates(
        &self,
        keys: &DedupeKeys,
        exclude: Option<(RecordType, Uuid)>,
    ) -> Result<Vec<Duplicate>, StoreError> {
        find(self.db(), self.tenant_id, keys, exclude).await
    }
}
