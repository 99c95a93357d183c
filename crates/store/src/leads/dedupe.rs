//! The duplicate-key index: every lead, contact and customer stores its keys here, and
//! candidates are found by key — never by scanning records.

use std::collections::{HashMap, HashSet};

use closer_domain::leads::dedupe::{compare, DedupeKeys, KeyKind, Match};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
};
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
const CANDIDATES: usize = 50;
/// How many records one fuzzy key brings at most.
const PER_FUZZY_KEY: usize = 100;

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

/// Re-indexes an edited record, when its keys changed.
pub(crate) async fn refresh_keys<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    record_type: RecordType,
    record_id: Uuid,
    before: &DedupeKeys,
    after: &DedupeKeys,
) -> Result<(), StoreError> {
    if before == after {
        return Ok(());
    }
    store_keys(conn, tenant_id, record_type, record_id, after).await
}

/// Adds a new record's keys to the index.
pub(crate) async fn add_keys<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    record_type: RecordType,
    record_id: Uuid,
    keys: &DedupeKeys,
) -> Result<(), StoreError> {
    add_keys_many(conn, tenant_id, record_type, &[(record_id, keys)]).await
}

/// Adds many new records' keys to the index, a few statements for the lot.
pub(crate) async fn add_keys_many<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    record_type: RecordType,
    records: &[(Uuid, &DedupeKeys)],
) -> Result<(), StoreError> {
    let mut rows = Vec::new();
    for (record_id, keys) in records {
        // `index_entries` has no repeats.
        rows.extend(keys.index_entries().into_iter().map(|(kind, value)| {
            sea_orm::IntoActiveModel::into_active_model(dedupe_key::Model {
                tenant_id,
                kind: kind.key().to_owned(),
                value,
                record_type: record_type.key().to_owned(),
                record_id: *record_id,
            })
        }));
    }
    // 5 columns a row: 5,000 rows stay well under either engine's bound-value limit.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(5000).collect();
        dedupe_key::Entity::insert_many(chunk)
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
    let mut found = find_many(
        conn,
        tenant_id,
        std::slice::from_ref(keys),
        &mut CandidateCache::default(),
    )
    .await?;
    let mut out = found.pop().unwrap_or_default();
    out.retain(|d| exclude != Some((d.record_type, d.id)));
    Ok(out)
}

/// The duplicates of many would-be records at once (an import's chunk of rows): a few
/// statements for the whole batch, whatever its size.
pub(crate) async fn find_many<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    batch: &[DedupeKeys],
    cache: &mut CandidateCache,
) -> Result<Vec<Vec<Duplicate>>, StoreError> {
    let entries: Vec<Vec<(KeyKind, String)>> =
        batch.iter().map(DedupeKeys::index_entries).collect();
    let hits = lookup(conn, tenant_id, entries.iter().flatten()).await?;
    // Per record: exact matches first, then the candidates sharing the most fuzzy keys.
    let ranked: Vec<Vec<Candidate>> = entries
        .iter()
        .map(|entries| {
            let mut shared: HashMap<Candidate, (bool, u32)> = HashMap::new();
            for (kind, value) in entries {
                let exact = *kind != KeyKind::Fuzzy;
                let found = hits.get(kind).and_then(|h| h.get(value.as_str()));
                for candidate in found.into_iter().flatten() {
                    let entry = shared.entry(*candidate).or_insert((false, 0));
                    entry.0 |= exact;
                    entry.1 += 1;
                }
            }
            let mut ranked: Vec<(Candidate, (bool, u32))> = shared.into_iter().collect();
            let order = |a: &(Candidate, (bool, u32)), b: &(Candidate, (bool, u32))| {
                (b.1 .0, b.1 .1)
                    .cmp(&(a.1 .0, a.1 .1))
                    .then(a.0 .1.cmp(&b.0 .1))
            };
            // Only the best CANDIDATES need an order; most records share a key or two.
            if ranked.len() > CANDIDATES {
                ranked.select_nth_unstable_by(CANDIDATES, order);
                ranked.truncate(CANDIDATES);
            }
            ranked.sort_unstable_by(order);
            ranked.into_iter().map(|(c, _)| c).collect()
        })
        .collect();
    let mut wanted: HashMap<RecordType, Vec<Uuid>> = HashMap::new();
    for (rt, id) in ranked.iter().flatten().collect::<HashSet<_>>() {
        if !cache.0.contains_key(&(*rt, *id)) {
            wanted.entry(*rt).or_default().push(*id);
        }
    }
    if cache.0.len() > CACHED_CANDIDATES {
        cache.0.clear();
    }
    for (rt, ids) in wanted {
        for chunk in ids.chunks(IN_LIST) {
            for (id, name, keys) in load_keys(conn, tenant_id, rt, chunk.to_vec()).await? {
                cache.0.insert((rt, id), (name, keys));
            }
        }
    }
    let existing = &cache.0;
    Ok(batch
        .iter()
        .zip(ranked)
        .map(|(keys, candidates)| {
            let mut out: Vec<Duplicate> = candidates
                .into_iter()
                .filter_map(|c| {
                    let (name, theirs) = existing.get(&c)?;
                    compare(keys, theirs).map(|found| Duplicate {
                        record_type: c.0,
                        id: c.1,
                        name: name.clone(),
                        found,
                    })
                })
                .collect();
            out.sort_by(|a, b| b.found.score.cmp(&a.found.score).then(a.id.cmp(&b.id)));
            out
        })
        .collect())
}

type Candidate = (RecordType, Uuid);

/// Candidates' names and keys, kept across the chunks of one import: a popular key brings the
/// same records to many rows, and rebuilding their keys is most of a check's work. Stored
/// records do not change meanwhile (an import stores its own rows only after checking all).
#[derive(Default)]
pub struct CandidateCache(HashMap<Candidate, (String, DedupeKeys)>);

/// How many candidates a cache keeps before starting afresh.
const CACHED_CANDIDATES: usize = 200_000;
/// The records found for each key, by kind and value.
type Hits = HashMap<KeyKind, HashMap<String, Vec<Candidate>>>;

/// How many values one lookup statement carries.
const IN_LIST: usize = 500;

/// The records holding each key, at most `CANDIDATES` (exact kinds) or `PER_FUZZY_KEY` each:
/// every key's read is capped inside the statement, so a common key (a popular word in
/// company names) costs the same bounded index read however many records share it.
async fn lookup<'a, C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    entries: impl Iterator<Item = &'a (KeyKind, String)>,
) -> Result<Hits, StoreError> {
    let mut by_kind: HashMap<KeyKind, HashSet<&str>> = HashMap::new();
    for (kind, value) in entries {
        by_kind.entry(*kind).or_default().insert(value.as_str());
    }
    let backend = conn.get_database_backend();
    let mut hits: Hits = HashMap::new();
    for (kind, values) in by_kind {
        let cap = if kind == KeyKind::Fuzzy {
            PER_FUZZY_KEY
        } else {
            CANDIDATES
        };
        let values: Vec<&str> = values.into_iter().collect();
        for chunk in values.chunks(IN_LIST) {
            let statement = capped_lookup(backend, tenant_id, kind, cap, chunk);
            for row in conn.query_all(statement).await? {
                let value: String = row.try_get("", "value")?;
                let record_type: String = row.try_get("", "record_type")?;
                let record_id: Uuid = row.try_get("", "record_id")?;
                if let Some(rt) = RecordType::parse(&record_type) {
                    hits.entry(kind)
                        .or_default()
                        .entry(value)
                        .or_default()
                        .push((rt, record_id));
                }
            }
        }
    }
    Ok(hits)
}

/// One statement reading up to `cap` index entries for each of `values`. PostgreSQL has
/// `LATERAL`; SQLite gets the same per-value limit from a correlated subquery.
fn capped_lookup(
    backend: DbBackend,
    tenant_id: Uuid,
    kind: KeyKind,
    cap: usize,
    values: &[&str],
) -> Statement {
    let mut params: Vec<sea_orm::Value> = vec![tenant_id.into(), kind.key().into()];
    params.extend(values.iter().map(|v| sea_orm::Value::from(*v)));
    let sql = match backend {
        DbBackend::Postgres => {
            let list: Vec<String> = (3..3 + values.len()).map(|i| format!("(${i})")).collect();
            format!(
                "SELECT v.value, d.record_type, d.record_id FROM (VALUES {}) AS v(value) \
                 CROSS JOIN LATERAL (SELECT record_type, record_id FROM dedupe_keys \
                 WHERE tenant_id = $1 AND kind = $2 AND value = v.value LIMIT {cap}) AS d",
                list.join(",")
            )
        }
        _ => {
            let list: Vec<String> = (3..3 + values.len()).map(|i| format!("(?{i})")).collect();
            let list = list.join(",");
            format!(
                "WITH v(value) AS (VALUES {list}) \
                 SELECT v.value AS value, d.record_type AS record_type, d.record_id AS record_id \
                 FROM v JOIN dedupe_keys d ON d.rowid IN (SELECT k.rowid FROM dedupe_keys k \
                 WHERE k.tenant_id = ?1 AND k.kind = ?2 AND k.value = v.value LIMIT {cap})"
            )
        }
    };
    Statement::from_sql_and_values(backend, sql, params)
}

/// Rebuilds candidates' keys from their own fields (the index holds only lookup values).
async fn load_keys<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    rt: RecordType,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String, DedupeKeys)>, StoreError> {
    Ok(match rt {
        RecordType::Lead => {
            type Row = (
                Uuid,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            );
            // Only the columns the keys are made of.
            let rows: Vec<Row> = lead::Entity::find()
                .select_only()
                .columns([
                    lead::Column::Id,
                    lead::Column::CompanyName,
                    lead::Column::ContactName,
                    lead::Column::Phone,
                    lead::Column::Email,
                    lead::Column::CreditCode,
                ])
                .filter(lead::Column::TenantId.eq(tenant_id))
                .filter(lead::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?;
            rows.into_iter()
                .map(|(id, company, contact, phone, email, code)| {
                    let keys = DedupeKeys::from_fields(
                        Some(&company),
                        phone.as_deref(),
                        email.as_deref(),
                        code.as_deref(),
                    );
                    let name = match contact {
                        Some(c) => format!("{company} · {c}"),
                        None => company,
                    };
                    (id, name, keys)
                })
                .collect()
        }
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

    /// The duplicates of each of many would-be records (an import's rows), in their order.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn duplicates_many(
        &self,
        batch: &[DedupeKeys],
        cache: &mut CandidateCache,
    ) -> Result<Vec<Vec<Duplicate>>, StoreError> {
        find_many(self.db(), self.tenant_id, batch, cache).await
    }
}
