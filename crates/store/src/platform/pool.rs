//! One pool engine for every kind of record a pool (公海) holds — leads always, customers
//! when the tenant switches their pool on: claiming under the day's limit, the most held and
//! the cool-down; releasing with a reason and a cool-down; what the recycling job takes back
//! and whom it warns. The rules themselves are `closer_domain::pool`; a record kind only says
//! here where its columns and its side tables are ([`Pooled`]).

use chrono::{DateTime, Utc};
use closer_domain::{
    leads::status::LeadStatus,
    pool::{Claim, ClaimRefusal, PoolKind, PoolSettings},
};
use sea_orm::{
    sea_query::{Alias, Expr, OnConflict, Query},
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{de::DeserializeOwned, Serialize};
use uuid::Uuid;

use crate::{
    entity::{contact, customer, lead},
    platform::{history, settings::setting_in, write, write::Versioned},
    StoreError, TenantStore,
};

/// The setting key of the lead pool's rules.
pub const LEAD_POOL: &str = "lead_pool";
/// The setting key of the customer pool's switch and rules.
pub const CUSTOMER_POOL: &str = "customer_pool";

/// A pool's setting: its rules, or `None` while the tenant has the pool switched off.
pub trait PoolSetting: DeserializeOwned + Default {
    fn rules(&self) -> Option<PoolSettings>;
}

impl PoolSetting for PoolSettings {
    /// The lead pool is always on.
    fn rules(&self) -> Option<PoolSettings> {
        Some(*self)
    }
}

/// The customer pool: off by default (customers stay with their owners for good).
/// (Unknown fields cannot be refused here, `flatten` forbids it: the settings handler does.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CustomerPoolSettings {
    pub enabled: bool,
    #[serde(flatten)]
    pub rules: PoolSettings,
}

impl Default for CustomerPoolSettings {
    /// Off; when switched on, 30 days without follow-up (at most 180 of protection), a
    /// warning 3 days ahead, 7 days' cool-down, 20 claims a day, 500 customers held.
    fn default() -> Self {
        Self {
            enabled: false,
            rules: PoolSettings {
                recycle_days: 30,
                max_protect_days: 180,
                warn_days: 3,
                cooldown_days: 7,
                daily_claims: 20,
                max_held: 500,
            },
        }
    }
}

impl PoolSetting for CustomerPoolSettings {
    fn rules(&self) -> Option<PoolSettings> {
        self.enabled.then_some(self.rules)
    }
}

/// A record kind a pool holds: where its owner and protection are kept, and its side tables
/// (`claims`: who claimed what when; `cooldowns`: who may not claim what back until when).
pub(crate) trait Pooled: Versioned {
    const KIND: PoolKind;
    const SETTING: &'static str;
    const CLAIMS: &'static str;
    const COOLDOWNS: &'static str;
    /// The column naming the record in its claims and cool-downs.
    const RECORD_COLUMN: &'static str;
    type Setting: PoolSetting;

    fn owner(m: &Self::Model) -> Option<Uuid>;
    fn name(m: &Self::Model) -> &str;
    fn protected_until(m: &Self::Model) -> Option<DateTime<Utc>>;
    /// Whether the record can still be worked (a closed lead cannot be claimed).
    fn is_open(m: &Self::Model) -> bool;
    /// Hands the record to `owner` at `at`, protected until `until`; `None` puts it back.
    fn hand_over(
        m: &mut Self::Model,
        owner: Option<Uuid>,
        at: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
    );
    fn tenant_column() -> Self::Column;
    fn id_column() -> Self::Column;
    fn owner_column() -> Self::Column;
    fn protected_until_column() -> Self::Column;
    fn warned_at_column() -> Self::Column;
    /// The records that count as held and may be recycled: open leads, every customer.
    fn workable() -> Condition;
}

impl Pooled for lead::Entity {
    const KIND: PoolKind = PoolKind::Lead;
    const SETTING: &'static str = LEAD_POOL;
    const CLAIMS: &'static str = "lead_claims";
    const COOLDOWNS: &'static str = "lead_cooldowns";
    const RECORD_COLUMN: &'static str = "lead_id";
    type Setting = PoolSettings;

    fn owner(m: &lead::Model) -> Option<Uuid> {
        m.owner_id
    }
    fn name(m: &lead::Model) -> &str {
        &m.company_name
    }
    fn protected_until(m: &lead::Model) -> Option<DateTime<Utc>> {
        m.protected_until
    }
    fn is_open(m: &lead::Model) -> bool {
        LeadStatus::parse(&m.status).is_ok_and(LeadStatus::is_open)
    }
    fn hand_over(
        m: &mut lead::Model,
        owner: Option<Uuid>,
        at: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
    ) {
        m.owner_id = owner;
        m.assigned_at = owner.map(|_| at);
        m.protected_until = until;
        m.warned_at = None;
        if owner.is_some() {
            // A new holder's protection counts from the claim, not the last holder's calls.
            m.last_follow_up_at = None;
        }
    }
    fn tenant_column() -> lead::Column {
        lead::Column::TenantId
    }
    fn id_column() -> lead::Column {
        lead::Column::Id
    }
    fn owner_column() -> lead::Column {
        lead::Column::OwnerId
    }
    fn protected_until_column() -> lead::Column {
        lead::Column::ProtectedUntil
    }
    fn warned_at_column() -> lead::Column {
        lead::Column::WarnedAt
    }
    fn workable() -> Condition {
        let open = LeadStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .map(LeadStatus::key);
        Condition::all().add(lead::Column::Status.is_in(open))
    }
}

impl Pooled for customer::Entity {
    const KIND: PoolKind = PoolKind::Customer;
    const SETTING: &'static str = CUSTOMER_POOL;
    const CLAIMS: &'static str = "customer_claims";
    const COOLDOWNS: &'static str = "customer_cooldowns";
    const RECORD_COLUMN: &'static str = "customer_id";
    type Setting = CustomerPoolSettings;

    fn owner(m: &customer::Model) -> Option<Uuid> {
        m.owner_id
    }
    fn name(m: &customer::Model) -> &str {
        &m.name
    }
    fn protected_until(m: &customer::Model) -> Option<DateTime<Utc>> {
        m.protected_until
    }
    fn is_open(_: &customer::Model) -> bool {
        true
    }
    fn hand_over(
        m: &mut customer::Model,
        owner: Option<Uuid>,
        at: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
    ) {
        m.owner_id = owner;
        m.assigned_at = owner.map(|_| at);
        m.protected_until = until;
        m.warned_at = None;
    }
    fn tenant_column() -> customer::Column {
        customer::Column::TenantId
    }
    fn id_column() -> customer::Column {
        customer::Column::Id
    }
    fn owner_column() -> customer::Column {
        customer::Column::OwnerId
    }
    fn protected_until_column() -> customer::Column {
        customer::Column::ProtectedUntil
    }
    fn warned_at_column() -> customer::Column {
        customer::Column::WarnedAt
    }
    fn workable() -> Condition {
        Condition::all()
    }
}

/// A rep's use of a pool's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimQuota {
    pub claimed_today: u64,
    pub daily_limit: u64,
    pub held: u64,
    pub max_held: u64,
}

/// A holder to warn that a record goes back to the pool soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolWarning {
    pub id: Uuid,
    pub name: String,
    pub owner: Uuid,
    pub protected_until: DateTime<Utc>,
}

/// The pool's rules; `Conflict(<kind>_pool_off)` while it is switched off.
pub(crate) async fn rules_in<E: Pooled, C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<PoolSettings, StoreError> {
    setting_in::<_, E::Setting>(conn, tenant_id, E::SETTING)
        .await?
        .rules()
        .ok_or(StoreError::Conflict(E::KIND.pool_off_code()))
}

/// Records of the kind a user holds (open leads; customers).
pub(crate) async fn held<E: Pooled, C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    user: Uuid,
) -> Result<u64, StoreError>
where
    E::Model: Sync,
{
    Ok(E::find()
        .filter(E::tenant_column().eq(tenant_id))
        .filter(E::owner_column().eq(user))
        .filter(E::workable())
        .count(conn)
        .await?)
}

/// Claims of the kind a user made since an instant.
async fn claims_since<E: Pooled, C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    user: Uuid,
    since: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let q = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from(Alias::new(E::CLAIMS))
        .and_where(Expr::col(Alias::new("tenant_id")).eq(tenant_id))
        .and_where(Expr::col(Alias::new("user_id")).eq(user))
        .and_where(Expr::col(Alias::new("claimed_at")).gte(since))
        .to_owned();
    let row = conn
        .query_one(conn.get_database_backend().build(&q))
        .await?;
    let n: i64 = row.map_or(Ok(0), |r| r.try_get_by_index(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Until when `user` may not claim the record back, if they lost it lately.
async fn cooldown_until<E: Pooled, C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
    user: Uuid,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let q = Query::select()
        .column(Alias::new("until"))
        .from(Alias::new(E::COOLDOWNS))
        .and_where(Expr::col(Alias::new("tenant_id")).eq(tenant_id))
        .and_where(Expr::col(Alias::new(E::RECORD_COLUMN)).eq(id))
        .and_where(Expr::col(Alias::new("user_id")).eq(user))
        .to_owned();
    let row = conn
        .query_one(conn.get_database_backend().build(&q))
        .await?;
    Ok(row.map(|r| r.try_get_by_index(0)).transpose()?)
}

async fn find<E: Pooled, C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<E::Model, StoreError> {
    E::find()
        .filter(E::tenant_column().eq(tenant_id))
        .filter(E::id_column().eq(id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// How much of the pool's limits `user` has used since `day_start`.
pub(crate) async fn quota<E: Pooled>(
    store: &TenantStore,
    user: Uuid,
    day_start: DateTime<Utc>,
) -> Result<ClaimQuota, StoreError>
where
    E::Model: Sync,
{
    let rules = rules_in::<E, _>(store.db(), store.tenant_id).await?;
    Ok(ClaimQuota {
        claimed_today: claims_since::<E, _>(store.db(), store.tenant_id, user, day_start).await?,
        daily_limit: u64::from(rules.daily_claims),
        held: held::<E, _>(store.db(), store.tenant_id, user).await?,
        max_held: u64::from(rules.max_held),
    })
}

/// A customer's contacts go where the customer goes: into the pool with it (no one's, masked
/// as it is) and to whoever claims it. Leads have no contacts of their own.
async fn contacts_follow<C: ConnectionTrait>(
    conn: &C,
    kind: PoolKind,
    tenant_id: Uuid,
    customer_id: Uuid,
    owner: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if kind != PoolKind::Customer {
        return Ok(());
    }
    contact::Entity::update_many()
        .col_expr(contact::Column::OwnerId, owner.into())
        .col_expr(contact::Column::UpdatedAt, now.into())
        .col_expr(
            contact::Column::Version,
            Expr::col(contact::Column::Version).add(1),
        )
        .filter(contact::Column::TenantId.eq(tenant_id))
        .filter(contact::Column::CustomerId.eq(customer_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Claims a pool record for `user`. Exactly one of two reps claiming at once wins: the
/// other's write finds the version moved and is told the record is held.
pub(crate) async fn claim<E>(
    store: &TenantStore,
    user: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
    day_start: DateTime<Utc>,
) -> Result<E::Model, StoreError>
where
    E: Pooled,
    E::Model: Serialize + Clone + Sync + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let tenant_id = store.tenant_id;
    let txn = store.store.begin_write().await?;
    let rules = rules_in::<E, _>(&*txn, tenant_id).await?;
    let before = find::<E, _>(&*txn, tenant_id, id).await?;
    let claim = Claim {
        open: E::is_open(&before),
        owned: E::owner(&before).is_some(),
        claims_today: claims_since::<E, _>(&*txn, tenant_id, user, day_start).await?,
        held: held::<E, _>(&*txn, tenant_id, user).await?,
        cooldown_until: cooldown_until::<E, _>(&*txn, tenant_id, id, user).await?,
        now,
    };
    rules
        .check_claim(&claim)
        .map_err(|r| StoreError::Conflict(r.code(E::KIND)))?;
    let mut after = before.clone();
    E::hand_over(
        &mut after,
        Some(user),
        now,
        Some(rules.protected_until(now, None)),
    );
    let saved = write::update::<E, _>(&*txn, tenant_id, Some(user), "claimed", &before, after)
        .await
        .map_err(|e| match e {
            // Someone else's claim committed first.
            StoreError::StaleVersion => StoreError::Conflict(ClaimRefusal::Held.code(E::KIND)),
            other => other,
        })?;
    contacts_follow(&*txn, E::KIND, tenant_id, id, Some(user), now).await?;
    let insert = Query::insert()
        .into_table(Alias::new(E::CLAIMS))
        .columns([
            Alias::new("tenant_id"),
            Alias::new("id"),
            Alias::new("user_id"),
            Alias::new(E::RECORD_COLUMN),
            Alias::new("claimed_at"),
        ])
        .values_panic([
            tenant_id.into(),
            closer_domain::ids::new_id().into(),
            user.into(),
            id.into(),
            now.into(),
        ])
        .to_owned();
    txn.execute(txn.get_database_backend().build(&insert))
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Puts a record back in the pool with a reason, in the caller's transaction; its holder may
/// not claim it back for the cool-down. `actor` None = the recycling job.
pub(crate) async fn release_in<E, C>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
    action: &str,
) -> Result<E::Model, StoreError>
where
    C: ConnectionTrait,
    E: Pooled,
    E::Model: Serialize + Clone + Sync + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let rules = rules_in::<E, _>(conn, tenant_id).await?;
    let before = find::<E, _>(conn, tenant_id, id).await?;
    let Some(holder) = E::owner(&before) else {
        return Err(StoreError::Conflict(E::KIND.not_held_code()));
    };
    let mut after = before.clone();
    E::hand_over(&mut after, None, now, None);
    let saved = write::update::<E, _>(conn, tenant_id, actor, action, &before, after).await?;
    contacts_follow(conn, E::KIND, tenant_id, id, None, now).await?;
    history::record(
        conn,
        tenant_id,
        actor,
        E::KIND.record_type(),
        id,
        "returned_to_pool",
        &[history::Change {
            field: "reason".into(),
            old: serde_json::Value::Null,
            new: serde_json::json!(reason),
        }],
    )
    .await?;
    let until = rules.cooldown_until(now);
    let upsert = Query::insert()
        .into_table(Alias::new(E::COOLDOWNS))
        .columns([
            Alias::new("tenant_id"),
            Alias::new(E::RECORD_COLUMN),
            Alias::new("user_id"),
            Alias::new("until"),
        ])
        .values_panic([tenant_id.into(), id.into(), holder.into(), until.into()])
        .on_conflict(
            OnConflict::columns([
                Alias::new("tenant_id"),
                Alias::new(E::RECORD_COLUMN),
                Alias::new("user_id"),
            ])
            .update_column(Alias::new("until"))
            .to_owned(),
        )
        .to_owned();
    conn.execute(conn.get_database_backend().build(&upsert))
        .await?;
    Ok(saved)
}

/// [`release_in`] in a transaction of its own.
pub(crate) async fn release<E>(
    store: &TenantStore,
    actor: Option<Uuid>,
    id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
    action: &str,
) -> Result<E::Model, StoreError>
where
    E: Pooled,
    E::Model: Serialize + Clone + Sync + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let txn = store.store.begin_write().await?;
    let saved = release_in::<E, _>(&*txn, store.tenant_id, actor, id, reason, now, action).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Held records whose protection ran out by `now`, most overdue first, at most `limit`.
async fn due_for_recycling<E: Pooled>(
    store: &TenantStore,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Uuid>, StoreError>
where
    E::Model: Sync,
{
    Ok(E::find()
        .select_only()
        .column(E::id_column())
        .filter(E::tenant_column().eq(store.tenant_id))
        .filter(E::protected_until_column().lte(now))
        .filter(E::owner_column().is_not_null())
        .filter(E::workable())
        .order_by_asc(E::protected_until_column())
        .limit(limit)
        .into_tuple::<Uuid>()
        .all(store.db())
        .await?)
}

/// Holders due a warning by `now` (protection ends within `warn_days`), not warned yet.
async fn due_for_warning<E: Pooled>(
    store: &TenantStore,
    now: DateTime<Utc>,
    warn_days: u32,
    limit: u64,
) -> Result<Vec<PoolWarning>, StoreError>
where
    E::Model: Sync,
{
    let horizon = now + chrono::Duration::days(i64::from(warn_days));
    let rows = E::find()
        .filter(E::tenant_column().eq(store.tenant_id))
        .filter(E::protected_until_column().lte(horizon))
        .filter(E::protected_until_column().gt(now))
        .filter(E::warned_at_column().is_null())
        .filter(E::owner_column().is_not_null())
        .filter(E::workable())
        .limit(limit)
        .all(store.db())
        .await?;
    Ok(rows
        .iter()
        .filter_map(|m| {
            Some(PoolWarning {
                id: E::id(m),
                name: E::name(m).to_owned(),
                owner: E::owner(m)?,
                protected_until: E::protected_until(m)?,
            })
        })
        .collect())
}

/// Notes that a record's holder was warned (bookkeeping: no version, no history).
async fn mark_warned<E: Pooled>(
    store: &TenantStore,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), StoreError>
where
    E::Model: Sync,
{
    let txn = store.store.begin_write().await?;
    E::update_many()
        .col_expr(E::warned_at_column(), Expr::value(at))
        .filter(E::tenant_column().eq(store.tenant_id))
        .filter(E::id_column().eq(id))
        .exec(&*txn)
        .await?;
    txn.commit().await
}

/// Runs `$f::<Entity>` for the pool's kind of record.
macro_rules! for_kind {
    ($kind:expr, $f:ident ( $($arg:expr),* )) => {
        match $kind {
            PoolKind::Lead => $f::<lead::Entity>($($arg),*).await,
            PoolKind::Customer => $f::<customer::Entity>($($arg),*).await,
        }
    };
}

/// What the recycling job and the pool pages ask of any pool, by its kind.
impl TenantStore {
    /// The pool's rules, or `None` while the tenant has it switched off.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn pool_rules(&self, kind: PoolKind) -> Result<Option<PoolSettings>, StoreError> {
        let key = match kind {
            PoolKind::Lead => LEAD_POOL,
            PoolKind::Customer => CUSTOMER_POOL,
        };
        Ok(match kind {
            PoolKind::Lead => setting_in::<_, PoolSettings>(self.db(), self.tenant_id, key)
                .await?
                .rules(),
            PoolKind::Customer => {
                setting_in::<_, CustomerPoolSettings>(self.db(), self.tenant_id, key)
                    .await?
                    .rules()
            }
        })
    }

    /// How much of a pool's limits `user` has used today.
    ///
    /// # Errors
    /// `Conflict(<kind>_pool_off)`; when the database fails.
    pub async fn claim_quota(
        &self,
        kind: PoolKind,
        user: Uuid,
        day_start: DateTime<Utc>,
    ) -> Result<ClaimQuota, StoreError> {
        for_kind!(kind, quota(self, user, day_start))
    }

    /// Held records whose protection ran out by `now`, at most `limit`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn due_for_recycling(
        &self,
        kind: PoolKind,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<Uuid>, StoreError> {
        for_kind!(kind, due_for_recycling(self, now, limit))
    }

    /// Puts a held record back in its pool (the recycling job: `actor` None).
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`, `Conflict(<kind>_not_held | <kind>_pool_off)`.
    pub async fn return_to_pool(
        &self,
        kind: PoolKind,
        actor: Option<Uuid>,
        id: Uuid,
        reason: &str,
        now: DateTime<Utc>,
        action: &str,
    ) -> Result<(), StoreError> {
        match kind {
            PoolKind::Lead => {
                release::<lead::Entity>(self, actor, id, reason, now, action).await?;
            }
            PoolKind::Customer => {
                release::<customer::Entity>(self, actor, id, reason, now, action).await?;
            }
        }
        Ok(())
    }

    /// Holders to warn that their records go back to the pool within `warn_days`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn due_for_warning(
        &self,
        kind: PoolKind,
        now: DateTime<Utc>,
        warn_days: u32,
        limit: u64,
    ) -> Result<Vec<PoolWarning>, StoreError> {
        for_kind!(kind, due_for_warning(self, now, warn_days, limit))
    }

    /// Notes that a record's holder was warned.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn mark_warned(
        &self,
        kind: PoolKind,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        for_kind!(kind, mark_warned(self, id, at))
    }
}
