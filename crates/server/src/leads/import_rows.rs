//! Checking an import's rows: each field as the lead form checks it, references (owners,
//! campaigns) resolved once, duplicates within the file and against the tenant, in chunks.

use std::collections::{BTreeMap, HashMap, HashSet};

use closer_domain::{
    leads::{
        columns::{row_to_fields, LeadField},
        dedupe::DedupeKeys,
        rules::{DedupeAction, DedupeRules},
        status::LeadStatus,
    },
    org::Permission,
};
use closer_store::{entity::lead, TenantStore};
use uuid::Uuid;

use crate::{
    leads::fields::{apply_fields, blank_lead, parse_fields, RawLeadFields},
    platform::error::{ApiResult, Invalid},
    platform::policy,
    platform::state::AppState,
};

/// One data row checked: the lead it would make, or why not.
pub(crate) struct Checked {
    pub(crate) row: u64,
    pub(crate) cells: Vec<String>,
    pub(crate) values: BTreeMap<LeadField, String>,
    pub(crate) lead: Option<lead::Model>,
    pub(crate) errors: Vec<(String, String)>,
}

/// What an import's `owner` and `campaign` cells may name: active users in the importer's
/// data scope (by e-mail or name) and the tenant's campaigns (by name), in any letter case.
pub(crate) struct References {
    pub(crate) owners: HashMap<String, Uuid>,
    pub(crate) campaigns: HashMap<String, Uuid>,
}

/// Turns one row into a lead, validating every field as the API does.
pub(crate) fn check_row(
    tenant_id: Uuid,
    references: &References,
    mapping: &[Option<LeadField>],
    row: u64,
    cells: Vec<String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Checked {
    let values = row_to_fields(mapping, &cells);
    let get = |f: LeadField| values.get(&f).cloned();
    let mut invalid = Invalid::default();
    let company = get(LeadField::CompanyName).or_else(|| get(LeadField::ContactName));
    let raw = RawLeadFields {
        company_name: Some(company.unwrap_or_default()),
        description: Some({
            // Address parts have no field of their own on a lead: they join the description.
            let parts: Vec<String> = [
                LeadField::Description,
                LeadField::Street,
                LeadField::PostalCode,
                LeadField::Country,
            ]
            .into_iter()
            .filter_map(get)
            .collect();
            (!parts.is_empty()).then(|| parts.join("\n"))
        }),
        ..RawLeadFields::from_row(get)
    };
    let fields = parse_fields(&mut invalid, &raw);
    let mut errors: Vec<(String, String)> = invalid
        .fields()
        .iter()
        .map(|(f, c, _)| (f.clone(), c.clone()))
        .collect();
    // A name that is not an active user in the importer's scope, or not a campaign, is an
    // error of the row: guessing would hand leads to the wrong person.
    let mut reference = |field: LeadField, find: &dyn Fn(&str) -> Option<Uuid>| {
        let text = get(field)?;
        let found = find(&text);
        if found.is_none() {
            errors.push((field.key().to_owned(), "unknown_reference".to_owned()));
        }
        found
    };
    let owner = reference(LeadField::Owner, &|t| references.owner(t));
    let campaign = reference(LeadField::Campaign, &|t| references.campaign(t));
    let lead = errors.is_empty().then(|| {
        let source = get(LeadField::Source).map_or_else(
            || "import".to_owned(),
            |s| s.to_lowercase().chars().take(60).collect(),
        );
        let mut model = blank_lead(tenant_id, source, now);
        apply_fields(&mut model, fields);
        model.external_id = get(LeadField::ExternalId);
        model.owner_id = owner;
        model.campaign_id = campaign;
        if let Some(status) = get(LeadField::Status)
            .and_then(|s| LeadStatus::parse(&s.to_lowercase()).ok())
            .filter(|s| s.is_open())
        {
            model.status = status.key().into();
        }
        model
    });
    Checked {
        row,
        cells,
        values,
        lead,
        errors,
    }
}

/// Exact keys of rows seen earlier in the same file, to catch duplicates within it.
#[derive(Default)]
pub(crate) struct SeenInFile(pub(crate) HashSet<(&'static str, String)>);

/// How many rows an import checks for duplicates at a time (one batch of lookups).
pub(crate) const CHECK_CHUNK: usize = 2000;

/// The import's verdict on each row so far: good leads to store, rejected rows with reasons.
pub(crate) struct Verdicts {
    pub(crate) rules: DedupeRules,
    pub(crate) candidates: closer_store::leads::dedupe::CandidateCache,
    pub(crate) seen: SeenInFile,
    pub(crate) good: Vec<lead::Model>,
    pub(crate) bad: Vec<Vec<String>>,
    pub(crate) warnings: i64,
}

impl References {
    /// # Errors
    /// When the importer is no longer an active user, or the database fails.
    pub(crate) async fn load(
        state: &AppState,
        store: &TenantStore,
        importer: Uuid,
    ) -> ApiResult<Self> {
        let caller =
            crate::platform::session::job_caller(state, store.tenant_id(), importer).await?;
        let owned = policy::owned(&caller, state, Permission::LeadsRead).await?;
        let owners = owners_by_name(&owned).await?;
        let campaigns = store
            .campaigns()
            .await?
            .into_iter()
            .map(|c| (c.name.trim().to_lowercase(), c.id))
            .collect();
        Ok(Self { owners, campaigns })
    }

    pub(crate) fn owner(&self, text: &str) -> Option<Uuid> {
        self.owners.get(&text.trim().to_lowercase()).copied()
    }

    pub(crate) fn campaign(&self, text: &str) -> Option<Uuid> {
        self.campaigns.get(&text.trim().to_lowercase()).copied()
    }
}

/// Active users in the importer's data scope, by lower-cased name and e-mail: whom an
/// import's owner cells may name.
///
/// # Errors
/// When the database fails.
pub(crate) async fn owners_by_name(owned: &policy::Owned) -> ApiResult<HashMap<String, Uuid>> {
    let mut owners = HashMap::new();
    let users = owned
        .store
        .users(
            &closer_store::org::directory::UserFilter::default(),
            None,
            100_000,
        )
        .await?
        .items;
    for u in users
        .into_iter()
        .filter(|u| u.active && owned.sees(Some(u.id)))
    {
        owners.insert(u.name.trim().to_lowercase(), u.id);
        owners.insert(u.email.to_lowercase(), u.id);
    }
    Ok(owners)
}

impl SeenInFile {
    /// The reason codes this row shares with an earlier row, then remembers the row.
    pub(crate) fn check(&mut self, keys: &DedupeKeys) -> Vec<&'static str> {
        let mut reasons = Vec::new();
        let mut entries = Vec::new();
        if let Some(c) = &keys.company {
            entries.push(("same_company", c.normalized.clone()));
        }
        if let Some(p) = &keys.phone {
            entries.push(("same_phone", p.clone()));
        }
        if let Some(e) = &keys.email {
            entries.push(("same_email", e.clone()));
        }
        if let Some(c) = &keys.credit_code {
            entries.push(("same_credit_code", c.clone()));
        }
        for entry in entries {
            if !self.0.insert(entry.clone()) {
                reasons.push(entry.0);
            }
        }
        reasons
    }
}

impl Verdicts {
    /// Checks a chunk of rows for duplicates (earlier rows of the file, and stored records,
    /// in one batch) and files each row as good or rejected.
    pub(crate) async fn judge(
        &mut self,
        store: &TenantStore,
        chunk: Vec<Checked>,
    ) -> Result<(), closer_store::StoreError> {
        let keys: Vec<DedupeKeys> = chunk
            .iter()
            .map(|c| {
                c.lead
                    .as_ref()
                    .map(closer_store::leads::dedupe::lead_keys)
                    .unwrap_or_default()
            })
            .collect();
        let found = store.duplicates_many(&keys, &mut self.candidates).await?;
        for ((mut checked, keys), found) in chunk.into_iter().zip(&keys).zip(found) {
            if checked.lead.is_some() {
                let in_file = self.seen.check(keys);
                let reasons: Vec<&str> = in_file
                    .iter()
                    .copied()
                    .chain(
                        found
                            .iter()
                            .flat_map(|d| d.found.reasons.iter().map(|r| r.code())),
                    )
                    .collect();
                match self.rules.verdict(reasons.iter().copied(), true) {
                    DedupeAction::Block => checked.errors.push((
                        String::new(),
                        format!("duplicate_blocked: {}", reasons.join(", ")),
                    )),
                    DedupeAction::Warn => self.warnings += 1,
                    DedupeAction::Off => {}
                }
            }
            match checked.lead {
                Some(lead) if checked.errors.is_empty() => self.good.push(lead),
                _ => {
                    let reason = checked
                        .errors
                        .iter()
                        .map(|(f, c)| {
                            if f.is_empty() {
                                c.clone()
                            } else {
                                format!("{f}: {c}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    let mut cells = checked.cells;
                    cells.insert(0, checked.row.to_string());
                    cells.insert(1, reason);
                    self.bad.push(cells);
                }
            }
        }
        Ok(())
    }
}
