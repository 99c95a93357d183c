//! Global search: one box across leads, customers, contacts, opportunities and contracts —
//! a substring of a name, phone, e-mail or number, Chinese included — each kind within the
//! owners the caller sees.

use sea_orm::{
    sea_query::IntoCondition, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    entity::{contact, contract, customer, lead, opportunity},
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

impl TenantStore {
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
        let db = self.db();
        Ok(match kind {
            SearchKind::Lead => lead::Entity::find()
                .filter(lead::Column::TenantId.eq(t))
                .filter(owned_by(lead::Column::OwnerId, owners, true))
                .filter(
                    Condition::any()
                        .add(contains_text(lead::Column::CompanyName, q))
                        .add(contains_text(lead::Column::ContactName, q))
                        .add(held(
                            lead::Column::OwnerId,
                            Condition::any()
                                .add(contains_text(lead::Column::Phone, q))
                                .add(contains_text(lead::Column::Email, &lower)),
                        )),
                )
                .order_by_desc(lead::Column::Id)
                .limit(limit)
                .all(db)
                .await?
                .into_iter()
                .map(|l| SearchHit {
                    kind,
                    id: l.id,
                    subtitle: join(&[
                        l.contact_name.as_deref(),
                        shown_phone(l.owner_id, l.phone.as_deref()).as_deref(),
                    ]),
                    title: l.company_name,
                    owner_id: l.owner_id,
                })
                .collect(),
            SearchKind::Customer => customer::Entity::find()
                .filter(customer::Column::TenantId.eq(t))
                .filter(owned_by(customer::Column::OwnerId, owners, true))
                .filter(
                    Condition::any()
                        .add(contains_text(customer::Column::Name, q))
                        .add(held(
                            customer::Column::OwnerId,
                            contains_text(customer::Column::Phone, q).into_condition(),
                        )),
                )
                .order_by_desc(customer::Column::Id)
                .limit(limit)
                .all(db)
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
            SearchKind::Contact => contact::Entity::find()
                .filter(contact::Column::TenantId.eq(t))
                .filter(owned_by(contact::Column::OwnerId, owners, false))
                .filter(
                    Condition::any()
                        .add(contains_text(contact::Column::Name, q))
                        .add(contains_text(contact::Column::Phone, q))
                        .add(contains_text(contact::Column::Email, &lower)),
                )
                .order_by_desc(contact::Column::Id)
                .limit(limit)
                .all(db)
                .await?
                .into_iter()
                .map(|c| SearchHit {
                    kind,
                    id: c.id,
                    subtitle: join(&[c.title.as_deref(), c.phone.as_deref()]),
                    title: c.name,
                    owner_id: c.owner_id,
                })
                .collect(),
            SearchKind::Opportunity => opportunity::Entity::find()
                .filter(opportunity::Column::TenantId.eq(t))
                .filter(owned_by(opportunity::Column::OwnerId, owners, false))
                .filter(contains_text(opportunity::Column::Name, q))
                .order_by_desc(opportunity::Column::Id)
                .limit(limit)
                .all(db)
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
            SearchKind::Contract => contract::Entity::find()
                .filter(contract::Column::TenantId.eq(t))
                .filter(owned_by(contract::Column::OwnerId, owners, false))
                .filter(
                    Condition::any()
                        .add(contains_text(contract::Column::Name, q))
                        .add(contains_text(contract::Column::Number, q)),
                )
                .order_by_desc(contract::Column::Id)
                .limit(limit)
                .all(db)
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
