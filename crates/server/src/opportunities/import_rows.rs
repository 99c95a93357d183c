//! Checking an opportunity import's rows: stages, owners, products and accounts resolved
//! once for the file, values the user mapped applied, dates checked against the stage, and
//! deals the tenant (or an earlier row) already has skipped.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use closer_domain::{
    leads::columns::normalise_value,
    money::Currency,
    opportunities::{
        imports::{check_dates, closing_stage, DealDates, DealField},
        process::StageKind,
    },
    org::Permission,
    sheet::{parse_amount, parse_date},
};
use closer_store::entity::{product, stage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    leads::import_rows::owners_by_name,
    platform::error::ApiResult,
    platform::policy::{self, Owned},
    platform::state::AppState,
};

/// Values of the file a user mapped to records: stage and product cells → ids.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueMapping {
    /// A stage cell as written in the file → the id of a stage.
    #[serde(default)]
    pub stage: BTreeMap<String, String>,
    /// A product cell as written in the file → the id of a product.
    #[serde(default)]
    pub product: BTreeMap<String, String>,
}

/// What the rows of an import may name, loaded once: stages, owners in the importer's
/// scope, products; plus the tenant's time zone and currency.
pub(crate) struct References {
    pub(crate) owned: Owned,
    stages: HashMap<String, stage::Model>,
    won: Option<stage::Model>,
    lost: Option<stage::Model>,
    /// The first stage of each process: a closed deal's history starts there.
    first_open: HashMap<Uuid, stage::Model>,
    owners: HashMap<String, Uuid>,
    pub(crate) products: Vec<product::Model>,
    products_by_name: HashMap<String, Uuid>,
    time_zone: chrono_tz::Tz,
    pub(crate) currency: Currency,
    today: NaiveDate,
}

impl References {
    /// # Errors
    /// When the importer may no longer import, or the database fails.
    pub(crate) async fn load(state: &AppState, tenant_id: Uuid, importer: Uuid) -> ApiResult<Self> {
        let caller = crate::platform::session::job_caller(state, tenant_id, importer).await?;
        let owned = policy::owned(&caller, state, Permission::OpportunitiesRead).await?;
        owned.require(Permission::OpportunitiesWrite)?;
        let processes = owned.store.sales_processes().await?;
        // The default process answers first where two processes share a stage name.
        let mut ordered: Vec<_> = processes.iter().collect();
        ordered.sort_by_key(|(p, _)| !p.is_default);
        let mut stages = HashMap::new();
        let mut first_open = HashMap::new();
        let (mut won, mut lost) = (None, None);
        for (process, list) in ordered {
            if let Some(first) = list.iter().find(|s| !s.is_won && !s.is_lost) {
                first_open.insert(process.id, first.clone());
            }
            for s in list {
                for name in [&s.key, &s.name, &s.name_en] {
                    stages
                        .entry(normalise_value(name))
                        .or_insert_with(|| s.clone());
                }
                if s.is_won && won.is_none() {
                    won = Some(s.clone());
                }
                if s.is_lost && lost.is_none() {
                    lost = Some(s.clone());
                }
            }
        }
        let products = owned.store.products(true).await?;
        let products_by_name = products
            .iter()
            .map(|p| (normalise_value(&p.name), p.id))
            .collect();
        let owners = owners_by_name(&owned).await?;
        let time_zone = caller
            .tenant
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Asia::Shanghai);
        Ok(Self {
            stages,
            won,
            lost,
            first_open,
            owners,
            products,
            products_by_name,
            time_zone,
            currency: Currency::parse(&caller.tenant.currency).unwrap_or(Currency::Cny),
            today: Utc::now().with_timezone(&time_zone).date_naive(),
            owned,
        })
    }

    /// The stage a cell names: a stage's key or name (Chinese or English), Salesforce's
    /// closing stages, or what the user mapped the value to.
    pub(crate) fn stage(&self, text: &str, mapping: &ValueMapping) -> Option<&stage::Model> {
        if let Some(id) = mapping.stage.get(text.trim()) {
            return self.stages.values().find(|s| s.id.to_string() == *id);
        }
        self.stages
            .get(&normalise_value(text))
            .or_else(|| match closing_stage(text)? {
                StageKind::Won => self.won.as_ref(),
                StageKind::Lost => self.lost.as_ref(),
                StageKind::Open => None,
            })
    }

    pub(crate) fn product(&self, text: &str, mapping: &ValueMapping) -> Option<Uuid> {
        if let Some(id) = mapping.product.get(text.trim()) {
            return self
                .products
                .iter()
                .find(|p| p.id.to_string() == *id)
                .map(|p| p.id);
        }
        self.products_by_name.get(&normalise_value(text)).copied()
    }

    /// A product whose name is close to an unknown cell: one contains the other.
    pub(crate) fn near_product(&self, text: &str) -> Option<&product::Model> {
        let wanted = normalise_value(text);
        if wanted.is_empty() {
            return None;
        }
        self.products.iter().find(|p| {
            let name = normalise_value(&p.name);
            !name.is_empty() && (name.contains(&wanted) || wanted.contains(&name))
        })
    }

    /// The start of a day in the tenant's time zone: imported history happens at midnight
    /// of its date, so it falls in the right day and month.
    pub(crate) fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        day.and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(self.time_zone).earliest())
            .map_or_else(
                || day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
                |d| d.with_timezone(&Utc),
            )
    }
}

/// One row made into a deal, not yet stored.
pub(crate) struct DealRow {
    pub(crate) name: String,
    pub(crate) account: String,
    pub(crate) amount_minor: i64,
    pub(crate) stage: stage::Model,
    /// The process's first open stage, where a closed deal's history starts.
    pub(crate) first_stage: Option<stage::Model>,
    pub(crate) dates: DealDates,
    pub(crate) owner: Uuid,
    pub(crate) product: Option<Uuid>,
    pub(crate) loss_reason: Option<String>,
}

/// A row's verdict.
pub(crate) enum Verdict {
    Good(Box<DealRow>),
    /// Refused: the field and code of each problem.
    Bad(Vec<(String, String)>),
}

/// The row as field → trimmed value (empty cells absent).
pub(crate) fn values_of(
    mapping: &[Option<DealField>],
    cells: &[String],
) -> BTreeMap<DealField, String> {
    let mut out = BTreeMap::new();
    for (field, cell) in mapping.iter().zip(cells) {
        let v = cell.trim();
        if let (Some(f), false) = (field, v.is_empty()) {
            out.entry(*f).or_insert_with(|| v.to_owned());
        }
    }
    out
}

/// Checks one row against the references.
pub(crate) fn check_row(
    refs: &References,
    mapping: &ValueMapping,
    importer: Uuid,
    values: &BTreeMap<DealField, String>,
) -> Verdict {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut fail = |field: DealField, code: &str| errors.push((field.key().into(), code.into()));
    let get = |f: DealField| values.get(&f).map(String::as_str);
    let name = get(DealField::Name).map(|n| n.chars().take(200).collect::<String>());
    if name.is_none() {
        fail(DealField::Name, "required");
    }
    let account = get(DealField::Account).map(|n| n.chars().take(200).collect::<String>());
    if account.is_none() {
        fail(DealField::Account, "required");
    }
    if let Some(c) = get(DealField::Currency) {
        match Currency::parse(c) {
            Ok(c) if c == refs.currency => {}
            _ => fail(DealField::Currency, "currency_mismatch"),
        }
    }
    let amount = match get(DealField::Amount) {
        None => {
            fail(DealField::Amount, "required");
            None
        }
        Some(a) => match parse_amount(a, refs.currency) {
            Ok(m) => Some(m),
            Err(e) => {
                fail(DealField::Amount, e.code());
                None
            }
        },
    };
    let stage = match get(DealField::Stage) {
        None => {
            fail(DealField::Stage, "required");
            None
        }
        Some(s) => {
            let found = refs.stage(s, mapping);
            if found.is_none() {
                fail(DealField::Stage, "unknown_stage");
            }
            found
        }
    };
    let mut date = |field: DealField| {
        let text = get(field)?;
        let d = parse_date(text);
        if d.is_none() {
            fail(field, "invalid_format");
        }
        d
    };
    let created = date(DealField::CreatedDate);
    let close = date(DealField::CloseDate);
    let owner = match get(DealField::Owner) {
        None => Some(importer),
        Some(o) => {
            let found = refs.owners.get(&o.trim().to_lowercase()).copied();
            if found.is_none() {
                fail(DealField::Owner, "unknown_reference");
            }
            found
        }
    };
    let product = get(DealField::Product).and_then(|p| {
        let found = refs.product(p, mapping);
        if found.is_none() {
            fail(DealField::Product, "unknown_product");
        }
        found
    });
    let dates = stage.and_then(|s| {
        let kind = StageKind::from_flags(s.is_won, s.is_lost).unwrap_or(StageKind::Open);
        match check_dates(kind, created, close, refs.today) {
            Ok(d) => Some(d),
            Err((field, code)) => {
                errors.push((field.into(), code.into()));
                None
            }
        }
    });
    match (name, account, amount, stage, owner, dates) {
        (Some(name), Some(account), Some(amount_minor), Some(stage), Some(owner), Some(dates))
            if errors.is_empty() =>
        {
            Verdict::Good(Box::new(DealRow {
                name,
                account,
                amount_minor,
                first_stage: refs.first_open.get(&stage.process_id).cloned(),
                stage: stage.clone(),
                dates,
                owner,
                product,
                loss_reason: get(DealField::LossReason)
                    .filter(|_| stage.is_lost)
                    .map(|r| r.chars().take(500).collect()),
            }))
        }
        _ => Verdict::Bad(errors),
    }
}

/// Deals seen so far, as (account, name) in any letter case: a later row with the same
/// pair, or a pair the tenant already has, is skipped.
#[derive(Default)]
pub(crate) struct SeenDeals(pub(crate) HashSet<(String, String)>);

impl SeenDeals {
    pub(crate) fn key(account: &str, name: &str) -> (String, String) {
        (account.trim().to_lowercase(), name.trim().to_lowercase())
    }
}
