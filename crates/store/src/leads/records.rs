//! Leads: create and edit with duplicate keys, lists, the pool, claims, releases, recycling,
//! follow-ups, merging and conversion.

use chrono::{DateTime, Utc};
use closer_domain::{leads::dedupe::DedupeKeys, pool::PoolSettings};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{activity, lead},
    leads::dedupe::{self, lead_keys, RecordType},
    platform::page::{anchor_of, keyset, Cursor, Page},
    platform::pool::{self, LEAD_POOL},
    platform::write,
    StoreError, TenantStore,
};

/// Open statuses, as stored.
pub const OPEN: [&str; 3] = ["new", "contacted", "qualified"];

/// Filters and order of the lead list.
#[derive(Debug, Default, Clone)]
pub struct LeadFilter {
    pub q: Option<String>,
    pub status: Option<String>,
    pub source: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    /// Owners the caller may see (from the access policy); `None` = every owner.
    pub visible_owners: Option<Vec<Uuid>>,
    /// `created_at` (default, newest first), `company_name`, `status`, `updated_at`;
    /// with `desc` for the reverse.
    pub sort: LeadSort,
    /// Also list pool leads (no owner): exports by administrators do.
    pub include_pool: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum LeadSort {
    /// As entered, newest first (the order ids keep): the list's default.
    #[default]
    Newest,
    Oldest,
    /// By the lead's creation date (an imported lead's own), newest first, then oldest.
    CreatedAtDesc,
    CreatedAt,
    /// Company name A → Z, then Z → A.
    CompanyName,
    CompanyNameDesc,
    /// Most recently changed first, then least recently.
    RecentlyUpdated,
    LeastRecentlyUpdated,
}

impl LeadSort {
    /// From the API's `?sort=`: `created_at`, `company_name`, `updated_at`, each with `-` for
    /// the reverse. `None` for anything else.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "-created_at" => Self::CreatedAtDesc,
            "created_at" => Self::CreatedAt,
            "company_name" => Self::CompanyName,
            "-company_name" => Self::CompanyNameDesc,
            "-updated_at" => Self::RecentlyUpdated,
            "updated_at" => Self::LeastRecentlyUpdated,
            _ => return None,
        })
    }
}

/// "The company or the contact person holds this text".
fn named(q: &str) -> Condition {
    Condition::any()
        .add(crate::platform::dialect::contains_text(
            lead::Column::CompanyName,
            q,
        ))
        .add(crate::platform::dialect::contains_text(
            lead::Column::ContactName,
            q,
        ))
}

fn list_condition(tenant_id: Uuid, f: &LeadFilter) -> Condition {
    let mut c = Condition::all().add(lead::Column::TenantId.eq(tenant_id));
    if !f.include_pool {
        c = c.add(lead::Column::OwnerId.is_not_null());
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        c = c.add(
            named(q)
                .add(crate::platform::dialect::contains_text(
                    lead::Column::Phone,
                    q,
                ))
                .add(crate::platform::dialect::contains_text(
                    lead::Column::Email,
                    &q.to_lowercase(),
                )),
        );
    }
    if let Some(s) = &f.status {
        c = c.add(lead::Column::Status.eq(s.clone()));
    }
    if let Some(s) = &f.source {
        c = c.add(lead::Column::Source.eq(s.clone()));
    }
    if let Some(id) = f.campaign_id {
        c = c.add(lead::Column::CampaignId.eq(id));
    }
    if let Some(id) = f.owner_id {
        c = c.add(lead::Column::OwnerId.eq(id));
    }
    if let Some(owners) = &f.visible_owners {
        c = c.add(lead::Column::OwnerId.is_in(owners.clone()));
    }
    c
}

/// A newly assigned lead is protected from recycling for the pool's follow-up period.
pub(crate) fn protect(settings: &PoolSettings, model: &mut lead::Model) {
    model.protected_until = model
        .assigned_at
        .filter(|_| model.owner_id.is_some())
        .map(|at| settings.protected_until(at, None));
}

pub(crate) async fn find_lead<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<lead::Model, StoreError> {
    lead::Entity::find_by_id((tenant_id, id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

impl TenantStore {
    /// # Errors
    /// `NotFound` when the tenant has no such lead.
    pub async fn lead(&self, id: Uuid) -> Result<lead::Model, StoreError> {
        find_lead(self.db(), self.tenant_id, id).await
    }

    /// A page of owned leads, by the filter.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn leads(
        &self,
        f: &LeadFilter,
        cursor: Option<Cursor>,
        limit: u64,
    ) -> Result<Page<lead::Model>, StoreError> {
        let list = self
            .narrowing("leads", f.q.as_deref())
            .await?
            .apply(lead::Entity::find().filter(list_condition(self.tenant_id, f)));
        // Keyset pages after the last lead's (value, id); its value comes with the cursor,
        // or is read from the caller's own list.
        let (column, descending) = match f.sort {
            LeadSort::Newest => (None, true),
            LeadSort::Oldest => (None, false),
            LeadSort::CreatedAtDesc => (Some(lead::Column::CreatedAt), true),
            LeadSort::CreatedAt => (Some(lead::Column::CreatedAt), false),
            LeadSort::CompanyName => (Some(lead::Column::CompanyName), false),
            LeadSort::CompanyNameDesc => (Some(lead::Column::CompanyName), true),
            LeadSort::RecentlyUpdated => (Some(lead::Column::UpdatedAt), true),
            LeadSort::LeastRecentlyUpdated => (Some(lead::Column::UpdatedAt), false),
        };
        let Some(anchor) = anchor_of(self.db(), &list, lead::Column::Id, column, cursor).await?
        else {
            return Ok(Page::empty());
        };
        let rows = keyset(list, column, lead::Column::Id, descending, anchor)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_sorted_rows(rows, limit, |l| l.id, column))
    }

    /// # Errors
    /// When the database fails.
    pub async fn count_leads(&self, f: &LeadFilter) -> Result<u64, StoreError> {
        Ok(self
            .narrowing("leads", f.q.as_deref())
            .await?
            .apply(lead::Entity::find().filter(list_condition(self.tenant_id, f)))
            .count(self.db())
            .await?)
    }

    /// A page of the pool: open leads nobody owns, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn pool(
        &self,
        q: Option<&str>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<lead::Model>, StoreError> {
        let mut c = Condition::all()
            .add(lead::Column::TenantId.eq(self.tenant_id))
            .add(lead::Column::OwnerId.is_null())
            .add(lead::Column::Status.is_in(OPEN));
        // The company or the contact person, as the search box finds a pool lead; its
        // masked phone and e-mail find nothing.
        if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
            c = c.add(named(q));
        }
        let rows = self
            .narrowing("leads", q)
            .await?
            .apply(lead::Entity::find().filter(c))
            .apply_if(cursor, |q, c| q.filter(lead::Column::Id.lt(c)))
            .order_by_desc(lead::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |l| l.id))
    }

    /// Stores a new lead and its duplicate keys. The caller has already routed it and decided
    /// what its duplicates mean.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn create_lead(
        &self,
        actor: Option<Uuid>,
        model: lead::Model,
    ) -> Result<lead::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = self.insert_lead_in(&*txn, actor, model).await?;
        txn.commit().await?;
        Ok(model)
    }

    pub(crate) async fn insert_lead_in<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: Option<Uuid>,
        mut model: lead::Model,
    ) -> Result<lead::Model, StoreError> {
        model.tenant_id = self.tenant_id;
        if model.owner_id.is_some() && model.assigned_at.is_some() {
            let settings: PoolSettings =
                crate::platform::settings::setting_in(conn, self.tenant_id, LEAD_POOL).await?;
            protect(&settings, &mut model);
        }
        let model = write::insert::<lead::Entity, _>(conn, self.tenant_id, actor, model).await?;
        dedupe::add_keys(
            conn,
            self.tenant_id,
            RecordType::Lead,
            model.id,
            &lead_keys(&model),
        )
        .await?;
        Ok(model)
    }

    /// Saves an edited lead (fields, status) with its new keys.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`.
    pub async fn update_lead(
        &self,
        actor: Uuid,
        id: Uuid,
        expected_version: Option<i32>,
        action: &str,
        edit: impl FnOnce(&mut lead::Model) -> Result<(), StoreError>,
    ) -> Result<lead::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = find_lead(&*txn, self.tenant_id, id).await?;
        write::check_version(expected_version, before.version)?;
        let mut after = before.clone();
        edit(&mut after)?;
        let saved = write::update::<lead::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            action,
            &before,
            after,
        )
        .await?;
        dedupe::refresh_keys(
            &*txn,
            self.tenant_id,
            RecordType::Lead,
            id,
            &lead_keys(&before),
            &lead_keys(&saved),
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Claims a pool lead for `user`. Exactly one of two reps claiming at once wins.
    ///
    /// # Errors
    /// `Conflict` with the refusal's code, `NotFound`.
    pub async fn claim_lead(
        &self,
        user: Uuid,
        id: Uuid,
        now: DateTime<Utc>,
        day_start: DateTime<Utc>,
    ) -> Result<lead::Model, StoreError> {
        pool::claim::<lead::Entity>(self, user, id, now, day_start).await
    }

    /// Puts a lead back in the pool with a reason; its owner may not claim it again for the
    /// cool-down. `actor` None = the recycling job.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("lead_not_held")` for a pool lead.
    pub async fn release_lead(
        &self,
        actor: Option<Uuid>,
        id: Uuid,
        reason: &str,
        now: DateTime<Utc>,
        action: &str,
    ) -> Result<lead::Model, StoreError> {
        pool::release::<lead::Entity>(self, actor, id, reason, now, action).await
    }

    /// Notes a follow-up on a lead: protection moves forward (to its cap), and a new lead
    /// becomes contacted.
    pub(crate) async fn follow_up_in<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: Uuid,
        id: Uuid,
        at: DateTime<Utc>,
        contact_made: bool,
    ) -> Result<(), StoreError> {
        let before = find_lead(conn, self.tenant_id, id).await?;
        let settings: PoolSettings =
            crate::platform::settings::setting_in(conn, self.tenant_id, LEAD_POOL).await?;
        let mut after = before.clone();
        after.last_follow_up_at = Some(before.last_follow_up_at.map_or(at, |f| f.max(at)));
        if let Some(assigned) = before.assigned_at {
            after.protected_until =
                Some(settings.protected_until(assigned, after.last_follow_up_at));
            after.warned_at = None;
        }
        if contact_made && before.status == "new" {
            after.status = "contacted".into();
        }
        write::update::<lead::Entity, _>(
            conn,
            self.tenant_id,
            Some(actor),
            "followed_up",
            &before,
            after,
        )
        .await?;
        Ok(())
    }

    /// Merges `duplicate` into `survivor`: the duplicate's activities move over, the duplicate
    /// is closed as invalid pointing at the survivor, and both histories say so.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("merge_same")` or `Conflict("lead_converted")`.
    pub async fn merge_leads(
        &self,
        actor: Uuid,
        survivor: Uuid,
        duplicate: Uuid,
    ) -> Result<lead::Model, StoreError> {
        if survivor == duplicate {
            return Err(StoreError::Conflict("merge_same"));
        }
        let txn = self.store.begin_write().await?;
        let keep = find_lead(&*txn, self.tenant_id, survivor).await?;
        let gone = find_lead(&*txn, self.tenant_id, duplicate).await?;
        if gone.status == "converted" || keep.status == "converted" {
            return Err(StoreError::Conflict("lead_converted"));
        }
        let moved = activity::Entity::update_many()
            .col_expr(activity::Column::LeadId, survivor.into())
            .filter(activity::Column::TenantId.eq(self.tenant_id))
            .filter(activity::Column::LeadId.eq(duplicate))
            .exec(&*txn)
            .await?
            .rows_affected;
        // Fields the survivor lacks are filled from the duplicate.
        let mut kept = keep.clone();
        macro_rules! fill {
            ($($f:ident),*) => { $( if kept.$f.is_none() { kept.$f = gone.$f.clone(); } )* };
        }
        fill!(
            contact_name,
            title,
            phone,
            email,
            campaign_id,
            province,
            city,
            industry,
            website,
            description,
            credit_code,
            external_id
        );
        let kept = write::update::<lead::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "merged",
            &keep,
            kept,
        )
        .await?;
        crate::platform::history::record(
            &*txn,
            self.tenant_id,
            Some(actor),
            "leads",
            survivor,
            "merged",
            &[crate::platform::history::Change {
                field: "merged_from".into(),
                old: serde_json::Value::Null,
                new: serde_json::json!({"id": duplicate, "activities_moved": moved}),
            }],
        )
        .await?;
        let mut closed = gone.clone();
        closed.status = "invalid".into();
        closed.invalid_reason = Some("merged".into());
        closed.merged_into_id = Some(survivor);
        closed.owner_id = None;
        closed.protected_until = None;
        write::update::<lead::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "merged_into",
            &gone,
            closed,
        )
        .await?;
        dedupe::store_keys(
            &*txn,
            self.tenant_id,
            RecordType::Lead,
            duplicate,
            &DedupeKeys::default(),
        )
        .await?;
        dedupe::store_keys(
            &*txn,
            self.tenant_id,
            RecordType::Lead,
            survivor,
            &lead_keys(&kept),
        )
        .await?;
        txn.commit().await?;
        Ok(kept)
    }

    /// How many open leads a user holds.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn leads_held(&self, user: Uuid) -> Result<u64, StoreError> {
        pool::held::<lead::Entity, _>(self.db(), self.tenant_id, user).await
    }
}
