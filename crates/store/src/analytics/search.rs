//! Global search: one box across leads, customers, contacts, opportunities and contracts —
//! a substring of a name, phone, e-mail or number, Chinese included — each kind within the
//! owners the caller sees.

use sea_orm::{
    sea_query::{Alias, Asterisk, Expr, IntoCondition, JoinType, Order, Query, SimpleExpr},
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, Statement,
};
use uuid::Uuid;

use crate::{
    entity::{contact, contract, customer, lead, opportunity},
    migration::m0022_search_index::{body, fts, INDEXED},
    platform::dialect::contains_text,
    StoreError, TenantStore,
};

/// A kind of record the search box finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    Lead,
    Customer,
    Contact,
    Opportunity,
    Contract,
}

impl SearchKind {
    pub const ALL: [Self; 5] = [
        Self::Lead,
        Self::Customer,
        Self::Contact,
        Self::Opportunity,
        Self::Contract,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Customer => "customer",
            Self::Contact => "contact",
            Self::Opportunity => "opportunity",
            Self::Contract => "contract",
        }
    }
}

/// One record found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Uuid,
    pub title: String,
    /// A second line: the contact and phone of a lead, a contact's phone, a contract's number.
    pub subtitle: Option<String>,
    pub owner_id: Option<Uuid>,
}

/// Records owned by one of `owners` (`None` = any), and pool records where `pool` holds.
fn owned_by<C: ColumnTrait>(column: C, owners: Option<&Vec<Uuid>>, pool: bool) -> Condition {
    match owners {
        None => Condition::all(),
        Some(list) => {
            let mut c = Condition::any().add(column.is_in(list.clone()));
            if pool {
                c = c.add(column.is_null());
            }
            c
        }
    }
}

/// A condition on a record's contact details, which only a held record is found by: a
/// pool record's phone and e-mail are masked until claimed, so they find nothing.
fn held<C: ColumnTrait>(owner: C, on_contact: Condition) -> Condition {
    Condition::all().add(owner.is_not_null()).add(on_contact)
}

/// A record's phone as a search hit shows it: masked while the record sits in a pool.
fn shown_phone(owner: Option<Uuid>, phone: Option<&str>) -> Option<String> {
    match owner {
        Some(_) => phone.map(str::to_owned),
        None => closer_domain::pool::masked_contact(phone, None).0,
    }
}

fn join(parts: &[Option<&str>]) -> Option<String> {
    let kept: Vec<&str> = parts
        .iter()
        .flatten()
        .copied()
        .filter(|p| !p.is_empty())
        .collect();
    (!kept.is_empty()).then(|| kept.join(" · "))
}

/// How a query is looked up in SQLite's trigram index.
enum Lookup {
    /// An FTS5 query: all of the query's trigrams, or any trigram starting with it.
    Match(String),
    /// A one- or two-character query no indexed text starts a trigram with.
    Nothing,
    /// A single character so common that naming its trigrams costs more than walking the
    /// newest records: read them newest first until enough match.
    Walk,
}

/// How a list's search reads the text index ([`TenantStore::narrowing`]).
pub(crate) enum Narrowing {
    /// Walk the list's order, checking the text.
    Walk,
    /// A condition beside the text's check.
    Filter(SimpleExpr),
    /// SQLite: the index's few matches drive, each joined to its record.
    Driven {
        table: &'static str,
        index: String,
        m: String,
    },
}

impl Narrowing {
    /// `select` (a list's query over `table`) reading the index as this says.
    pub(crate) fn apply<E: EntityTrait>(self, mut select: Select<E>) -> Select<E> {
        match self {
            Self::Walk => select,
            Self::Filter(e) => select.filter(e),
            Self::Driven { table, index, m } => {
                QueryTrait::query(&mut select)
                    .from_clear()
                    .from(Alias::new(&index))
                    .join(
                        JoinType::CrossJoin,
                        E::default(),
                        Expr::cust(format!("{table}.rowid = {index}.rowid")),
                    )
                    .and_where(Expr::cust_with_values(format!("{index} MATCH ?"), [m]));
                select
            }
        }
    }
}

/// PostgreSQL: "`table`'s record holds every piece of `q`", answerable from its GIN index.
fn pieces_of(table: &str, q: &str) -> SimpleExpr {
    let columns = INDEXED
        .iter()
        .find(|(t, _)| *t == table)
        .map_or(&[][..], |(_, c)| *c);
    Expr::cust_with_values(
        format!(
            "closer_search_grams({}) @> closer_search_query($1)",
            body(DbBackend::Postgres, table, columns)
        ),
        [q.to_owned()],
    )
}

/// A list reads the records its search finds in the index when there are at most this many.
const FEW: i64 = 2_000;

/// At most this many trigrams are named for a one- or two-character query.
const MOST_TERMS: usize = 2_000;

/// An FTS5 string (a term in double quotes).
fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

impl TenantStore {
    /// The SQLite index lookup for `q` in `table`'s search table.
    async fn lookup(&self, table: &str, q: &str) -> Result<Lookup, StoreError> {
        // FTS5 reads its query as a C string, which a NUL would cut short: such a query walks
        // (its check of the text decides).
        if q.contains('\0') {
            return Ok(Lookup::Walk);
        }
        let chars: Vec<char> = q.chars().collect();
        if chars.len() >= 3 {
            // Each quoted trigram is folded by the index's own tokenizer, as the text was.
            let mut terms: Vec<String> = chars
                .windows(3)
                .map(|w| quoted(&w.iter().collect::<String>()))
                .collect();
            terms.sort();
            terms.dedup();
            return Ok(Lookup::Match(terms.join(" AND ")));
        }
        // One or two characters: the vocabulary holds folded trigrams, and the tokenizer folds
        // character by character — so each character is looked up as typed and as its first
        // lower-case character (Σ as σ, İ as i), never as a whole word's lower case (which
        // would make a final Σ a ς).
        let variants: Vec<Vec<char>> = chars
            .iter()
            .map(|c| {
                let mut v = vec![*c];
                if let Some(lower) = c.to_lowercase().next().filter(|l| l != c) {
                    v.push(lower);
                }
                v
            })
            .collect();
        let mut prefixes: Vec<String> = vec![String::new()];
        for v in &variants {
            prefixes = prefixes
                .iter()
                .flat_map(|p| v.iter().map(move |c| format!("{p}{c}")))
                .collect();
        }
        let (_, vocabulary) = fts(table);
        let mut terms = std::collections::BTreeSet::new();
        for start in prefixes {
            let end = format!("{start}{}", char::MAX);
            let rows = self
                .db()
                .query_all(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    format!(
                        "SELECT term FROM {vocabulary} WHERE term >= ?1 AND term < ?2 LIMIT {}",
                        MOST_TERMS + 1
                    ),
                    [start.into(), end.into()],
                ))
                .await?;
            for r in &rows {
                terms.insert(r.try_get::<String>("", "term")?);
            }
            if terms.len() > MOST_TERMS {
                return Ok(Lookup::Walk);
            }
        }
        if terms.is_empty() {
            return Ok(Lookup::Nothing);
        }
        Ok(Lookup::Match(
            terms
                .iter()
                .map(|t| quoted(t))
                .collect::<Vec<_>>()
                .join(" OR "),
        ))
    }

    /// How a list searched for `q` reads `table`'s text index, beside the list's own check
    /// of the text (every field a list searches is in the index): on PostgreSQL the GIN
    /// index's pieces, which the planner weighs against walking the list's order; on SQLite
    /// the index drives when it finds few records (at most [`FEW`]), which are then put in
    /// the list's order — a query found in more records than that finds a page of them
    /// sooner by walking the list's order.
    ///
    /// # Errors
    /// When the database fails.
    pub(crate) async fn narrowing(
        &self,
        table: &'static str,
        q: Option<&str>,
    ) -> Result<Narrowing, StoreError> {
        let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
            return Ok(Narrowing::Walk);
        };
        let backend = self.db().get_database_backend();
        if backend == DbBackend::Postgres {
            return Ok(Narrowing::Filter(pieces_of(table, q)));
        }
        let m = match self.lookup(table, q).await? {
            Lookup::Nothing => return Ok(Narrowing::Filter(Expr::cust("1 = 0"))),
            Lookup::Walk => return Ok(Narrowing::Walk),
            Lookup::Match(m) => m,
        };
        let (index, _) = fts(table);
        let found = self
            .db()
            .query_one(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                format!(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM {index} WHERE {index} MATCH ?1 \
                     LIMIT {})",
                    FEW + 1
                ),
                [m.clone().into()],
            ))
            .await?
            .map_or(Ok(0), |r| r.try_get::<i64>("", "n"))?;
        if found > FEW {
            return Ok(Narrowing::Walk);
        }
        Ok(Narrowing::Driven { table, index, m })
    }

    /// The newest `limit` records of `entity` (stored in `table`) meeting `matching` —
    /// which checks the text itself — found through the search index for `q`.
    async fn indexed<E>(
        &self,
        entity: E,
        table: &'static str,
        id: E::Column,
        q: &str,
        matching: Condition,
        limit: u64,
    ) -> Result<Vec<E::Model>, StoreError>
    where
        E: EntityTrait,
        E::Model: FromQueryResult + Sized + Send + Sync,
    {
        let db = self.db();
        let backend = db.get_database_backend();
        let newest = |c: Condition| E::find().filter(c).order_by_desc(id).limit(limit);
        if backend == DbBackend::Postgres {
            return Ok(newest(matching.add(pieces_of(table, q))).all(db).await?);
        }
        let m = match self.lookup(table, q).await? {
            Lookup::Nothing => return Ok(Vec::new()),
            Lookup::Walk => return Ok(newest(matching).all(db).await?),
            Lookup::Match(m) => m,
        };
        // The index drives: its rows newest first (a record's rowid grows with its
        // creation), each joined to its record and kept when it matches.
        let (index, _) = fts(table);
        let mut select = Query::select();
        select
            .column((entity, Asterisk))
            .from(Alias::new(&index))
            .join(
                JoinType::CrossJoin,
                entity,
                Expr::cust(format!("{table}.rowid = {index}.rowid")),
            )
            .and_where(Expr::cust_with_values(format!("{index} MATCH ?"), [m]))
            .cond_where(matching)
            .order_by_expr(Expr::cust(format!("{index}.rowid")), Order::Desc)
            .limit(limit);
        Ok(E::find()
            .from_raw_sql(backend.build(&select))
            .all(db)
            .await?)
    }

    /// Up to `limit` newest records of `kind` matching `q`, owned by one of `owners`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn search(
        &self,
        kind: SearchKind,
        q: &str,
        owners: Option<&Vec<Uuid>>,
        limit: u64,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let lower = q.to_lowercase();
        let t = self.tenant_id;
        Ok(match kind {
            SearchKind::Lead => self
                .indexed(
                    lead::Entity,
                    "leads",
                    lead::Column::Id,
                    q,
                    Condition::all()
                        .add(lead::Column::TenantId.eq(t))
                        .add(match owners {
                            None => Condition::all(),
                            // The caller's own, and the pool: open leads no one holds (a
                            // merged-away or closed lead without an owner is in no pool).
                            Some(list) => {
                                Condition::any()
                                    .add(lead::Column::OwnerId.is_in(list.clone()))
                                    .add(Condition::all().add(lead::Column::OwnerId.is_null()).add(
                                        lead::Column::Status.is_in(crate::leads::records::OPEN),
                                    ))
                            }
                        })
                        .add(
                            Condition::any()
                                .add(contains_text(lead::Column::CompanyName, q))
                                .add(contains_text(lead::Column::ContactName, q))
                                .add(held(
                                    lead::Column::OwnerId,
                                    Condition::any()
                                        .add(contains_text(lead::Column::Phone, q))
                                        .add(contains_text(lead::Column::Email, &lower)),
                                )),
                        ),
                    limit,
                )
                .await?
                .into_iter()
                .map(|l| SearchHit {
                    kind,
                    id: l.id,
                    subtitle: join(&[
                        l.contact_name.as_deref(),
                        if closer_domain::pool::lead_in_pool(l.owner_id.is_some(), &l.status) {
                            closer_domain::pool::masked_contact(l.phone.as_deref(), None).0
                        } else {
                            l.phone.clone()
                        }
                        .as_deref(),
                    ]),
                    title: l.company_name,
                    owner_id: l.owner_id,
                })
                .collect(),
            SearchKind::Customer => self
                .indexed(
                    customer::Entity,
                    "customers",
                    customer::Column::Id,
                    q,
                    Condition::all()
                        .add(customer::Column::TenantId.eq(t))
                        .add(owned_by(customer::Column::OwnerId, owners, true))
                        .add(
                            Condition::any()
                                .add(contains_text(customer::Column::Name, q))
                                .add(held(
                                    customer::Column::OwnerId,
                                    contains_text(customer::Column::Phone, q).into_condition(),
                                )),
                        ),
                    limit,
                )
                .await?
                .into_iter()
                .map(|c| SearchHit {
                    kind,
                    id: c.id,
                    subtitle: join(&[
                        c.city.as_deref(),
                        shown_phone(c.owner_id, c.phone.as_deref()).as_deref(),
                    ]),
                    title: c.name,
                    owner_id: c.owner_id,
                })
                .collect(),
            SearchKind::Contact => self
                .indexed(
                    contact::Entity,
                    "contacts",
                    contact::Column::Id,
                    q,
                    Condition::all()
                        .add(contact::Column::TenantId.eq(t))
                        .add(owned_by(contact::Column::OwnerId, owners, false))
                        .add(
                            Condition::any()
                                .add(contains_text(contact::Column::Name, q))
                                .add(held(
                                    contact::Column::OwnerId,
                                    Condition::any()
                                        .add(contains_text(contact::Column::Phone, q))
                                        .add(contains_text(contact::Column::Email, &lower)),
                                )),
                        ),
                    limit,
                )
                .await?
                .into_iter()
                .map(|c| SearchHit {
                    kind,
                    id: c.id,
                    subtitle: join(&[
                        c.title.as_deref(),
                        shown_phone(c.owner_id, c.phone.as_deref()).as_deref(),
                    ]),
                    title: c.name,
                    owner_id: c.owner_id,
                })
                .collect(),
            SearchKind::Opportunity => self
                .indexed(
                    opportunity::Entity,
                    "opportunities",
                    opportunity::Column::Id,
                    q,
                    Condition::all()
                        .add(opportunity::Column::TenantId.eq(t))
                        .add(owned_by(opportunity::Column::OwnerId, owners, false))
                        .add(contains_text(opportunity::Column::Name, q)),
                    limit,
                )
                .await?
                .into_iter()
                .map(|o| SearchHit {
                    kind,
                    id: o.id,
                    subtitle: None,
                    title: o.name,
                    owner_id: o.owner_id,
                })
                .collect(),
            SearchKind::Contract => self
                .indexed(
                    contract::Entity,
                    "contracts",
                    contract::Column::Id,
                    q,
                    Condition::all()
                        .add(contract::Column::TenantId.eq(t))
                        .add(owned_by(contract::Column::OwnerId, owners, false))
                        .add(
                            Condition::any()
                                .add(contains_text(contract::Column::Name, q))
                                .add(contains_text(contract::Column::Number, q)),
                        ),
                    limit,
                )
                .await?
                .into_iter()
                .map(|c| SearchHit {
                    kind,
                    id: c.id,
                    subtitle: Some(c.number),
                    title: c.name,
                    owner_id: c.owner_id,
                })
                .collect(),
        })
    }
}
