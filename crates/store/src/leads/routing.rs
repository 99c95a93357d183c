//! Assignment rules, and routing a new lead by them inside the transaction that stores it, so
//! the round-robin turn is taken exactly once even with several server instances.

use closer_domain::{
    leads::routing::{route, Conditions, LeadFacts, Routed, Rule, Target},
    pool::PoolSettings,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    entity::{assignment_rule, lead},
    leads::dedupe::{self, lead_keys, RecordType},
    platform::pool::LEAD_POOL,
    platform::write,
    StoreError, TenantStore,
};
use closer_domain::leads::dedupe::DedupeKeys;

/// How many leads an import stores a statement batch at a time.
const IMPORT_CHUNK: usize = 2000;
/// The columns of `leads`, to size multi-row inserts.
const LEAD_COLUMNS: usize = 36;

fn as_rule(r: &assignment_rule::Model) -> Rule {
    let conditions: Conditions = serde_json::from_value(r.conditions.clone()).unwrap_or_default();
    let group: Vec<Uuid> = serde_json::from_value(r.group_user_ids.clone()).unwrap_or_default();
    let target = match r.target_user_id {
        Some(user) => Target::User(user),
        None => Target::RoundRobin(group),
    };
    Rule {
        id: r.id,
        conditions,
        target,
        next: usize::try_from(r.next_turn).unwrap_or(0),
    }
}

async fn rules_in<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<Vec<assignment_rule::Model>, StoreError> {
    Ok(assignment_rule::Entity::find()
        .filter(assignment_rule::Column::TenantId.eq(tenant_id))
        .order_by_asc(assignment_rule::Column::Position)
        .order_by_asc(assignment_rule::Column::Id)
        .all(conn)
        .await?)
}

/// The tenant's routing state inside one transaction: rules, turns and how many open leads
/// each candidate holds. Routing many leads (an import) loads it once.
pub(crate) struct Router {
    rows: Vec<assignment_rule::Model>,
    rules: Vec<Rule>,
    room: std::collections::HashMap<Uuid, u64>,
    max_held: u64,
}

impl Router {
    pub(crate) async fn load<C: ConnectionTrait>(
        conn: &C,
        tenant_id: Uuid,
    ) -> Result<Self, StoreError> {
        let rows: Vec<_> = rules_in(conn, tenant_id)
            .await?
            .into_iter()
            .filter(|r| r.active)
            .collect();
        let settings: PoolSettings =
            crate::platform::settings::setting_in(conn, tenant_id, LEAD_POOL).await?;
        let rules: Vec<Rule> = rows.iter().map(as_rule).collect();
        let mut room = std::collections::HashMap::new();
        for rule in &rules {
            let members = match &rule.target {
                Target::User(u) => vec![*u],
                Target::RoundRobin(m) => m.clone(),
            };
            for m in members {
                if let std::collections::hash_map::Entry::Vacant(e) = room.entry(m) {
                    let active = crate::entity::user::Entity::find_by_id((tenant_id, m))
                        .one(conn)
                        .await?
                        .is_some_and(|u| u.active);
                    // An inactive user never has room.
                    let held = if active {
                        crate::platform::pool::held::<lead::Entity, _>(conn, tenant_id, m).await?
                    } else {
                        u64::MAX
                    };
                    e.insert(held);
                }
            }
        }
        Ok(Self {
            rows,
            rules,
            room,
            max_held: u64::from(settings.max_held),
        })
    }

    /// Routes one lead, taking the turn and counting the lead against its new owner.
    pub(crate) fn route(&mut self, facts: &LeadFacts) -> Option<Routed> {
        let max = self.max_held;
        let room = &self.room;
        let routed = route(&self.rules, facts, |u| {
            room.get(&u).is_some_and(|h| *h < max)
        })?;
        if let Some(rule) = self.rules.iter_mut().find(|r| r.id == routed.rule_id) {
            rule.next = routed.next;
        }
        if let Some(h) = self.room.get_mut(&routed.owner) {
            *h += 1;
        }
        Some(routed)
    }

    /// Writes the turns taken back to the rules.
    pub(crate) async fn save<C: ConnectionTrait>(
        &self,
        conn: &C,
        tenant_id: Uuid,
    ) -> Result<(), StoreError> {
        for (before, rule) in self.rows.iter().zip(&self.rules) {
            let next = i32::try_from(rule.next).unwrap_or(0);
            if before.next_turn != next {
                let mut after = before.clone();
                after.next_turn = next;
                write::update::<assignment_rule::Entity, _>(
                    conn,
                    tenant_id,
                    None,
                    "turn_taken",
                    before,
                    after,
                )
                .await?;
            }
        }
        Ok(())
    }
}

pub(crate) fn facts_of(model: &crate::entity::lead::Model) -> LeadFacts {
    LeadFacts {
        province: model.province.clone(),
        industry: model.industry.clone(),
        source: Some(model.source.clone()),
        campaign_id: model.campaign_id,
    }
}

impl TenantStore {
    /// The rules in the order they are tried.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn assignment_rules(&self) -> Result<Vec<assignment_rule::Model>, StoreError> {
        rules_in(self.db(), self.tenant_id).await
    }

    /// # Errors
    /// `NotFound` when the tenant has no such rule.
    pub async fn assignment_rule(&self, id: Uuid) -> Result<assignment_rule::Model, StoreError> {
        assignment_rule::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_assignment_rule(
        &self,
        actor: Uuid,
        model: assignment_rule::Model,
    ) -> Result<assignment_rule::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = write::insert::<assignment_rule::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            assignment_rule::Model {
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
    pub async fn update_assignment_rule(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        edit: impl FnOnce(&mut assignment_rule::Model),
    ) -> Result<assignment_rule::Model, StoreError> {
        self.edit_record::<assignment_rule::Entity>(actor, id, expected, edit)
            .await
    }

    /// Routes and stores a new lead in one transaction. Without a matching rule the lead goes
    /// to `fallback_owner` (a rep's own entry) or, when that is `None`, to the pool.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_routed_lead(
        &self,
        actor: Option<Uuid>,
        mut model: crate::entity::lead::Model,
        fallback_owner: Option<Uuid>,
    ) -> Result<(crate::entity::lead::Model, Option<Uuid>), StoreError> {
        let txn = self.store.begin_write().await?;
        let mut router = Router::load(&*txn, self.tenant_id).await?;
        let routed = router.route(&facts_of(&model));
        router.save(&*txn, self.tenant_id).await?;
        model.owner_id = routed.as_ref().map(|r| r.owner).or(fallback_owner);
        model.assigned_at = model.owner_id.map(|_| model.created_at);
        let saved = self.insert_lead_in(&*txn, actor, model).await?;
        txn.commit().await?;
        Ok((saved, routed.map(|r| r.rule_id)))
    }
}

impl TenantStore {
    /// Routes and stores many new leads in one transaction: all are written, or none.
    /// Leads with an owner keep it; the others are routed, and unrouted ones go to the pool. `progress` hears how many are stored so far.
    ///
    /// # Errors
    /// When the database fails; nothing is stored then.
    pub async fn import_leads(
        &self,
        actor: Uuid,
        leads: Vec<crate::entity::lead::Model>,
        progress: impl Fn(u64) + Send,
    ) -> Result<u64, StoreError> {
        let txn = self.store.begin_write().await?;
        let sqlite = self.store.backend() == crate::Backend::Sqlite;
        if sqlite {
            // Inserting a big batch touches pages all over the large indexes: give this
            // connection room for them while it works (set back before it returns to the pool).
            txn.execute_unprepared("PRAGMA cache_size = -262144")
                .await?;
        }
        let mut router = Router::load(&*txn, self.tenant_id).await?;
        let settings: PoolSettings =
            crate::platform::settings::setting_in(&*txn, self.tenant_id, LEAD_POOL).await?;
        let mut leads = leads;
        let mut n = 0;
        for chunk in leads.chunks_mut(IMPORT_CHUNK) {
            for model in chunk.iter_mut() {
                model.tenant_id = self.tenant_id;
                // An owner named in the file keeps the lead; the rest are routed.
                if model.owner_id.is_none() {
                    model.owner_id = router.route(&facts_of(model)).map(|r| r.owner);
                }
                model.assigned_at = model.owner_id.map(|_| model.created_at);
                crate::leads::records::protect(&settings, model);
            }
            write::insert_many::<lead::Entity, _>(
                &*txn,
                self.tenant_id,
                Some(actor),
                chunk,
                LEAD_COLUMNS,
            )
            .await?;
            let keys: Vec<(Uuid, DedupeKeys)> =
                chunk.iter().map(|m| (m.id, lead_keys(m))).collect();
            let keys: Vec<(Uuid, &DedupeKeys)> = keys.iter().map(|(id, k)| (*id, k)).collect();
            dedupe::add_keys_many(&*txn, self.tenant_id, RecordType::Lead, &keys).await?;
            n += chunk.len() as u64;
            progress(n);
        }
        router.save(&*txn, self.tenant_id).await?;
        if sqlite {
            txn.execute_unprepared("PRAGMA cache_size = -32768").await?;
        }
        txn.commit().await?;
        Ok(n)
    }

    /// # Errors
    /// When the database fails.
    pub async fn create_import(
        &self,
        model: crate::entity::lead_import::Model,
    ) -> Result<crate::entity::lead_import::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = crate::entity::lead_import::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        let model = write::insert::<crate::entity::lead_import::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(model.user_id),
            model,
        )
        .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// # Errors
    /// `NotFound` when the tenant has no such import.
    pub async fn import(&self, id: Uuid) -> Result<crate::entity::lead_import::Model, StoreError> {
        crate::entity::lead_import::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_import(
        &self,
        id: Uuid,
        edit: impl FnOnce(&mut crate::entity::lead_import::Model),
    ) -> Result<crate::entity::lead_import::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = crate::entity::lead_import::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut after = before.clone();
        edit(&mut after);
        let saved = write::update::<crate::entity::lead_import::Entity, _>(
            &*txn,
            self.tenant_id,
            None,
            "updated",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }
}
