//! Why deals were lost and against whom: loss reasons, the stage a lost deal left for the
//! lost stage, and the competitors met in won and lost deals — from the maintained
//! `win_loss_totals` (migration m0030): whole UTC months from the totals, the hours between
//! a period's boundary and the nearest UTC month start from the deals, as for the closed
//! totals. [`TenantStore::win_loss_scan`] counts the same from the deals alone: what the
//! totals are checked against.

use std::collections::HashMap;

use sea_orm::{DbBackend, FromQueryResult, Statement, Value};
use uuid::Uuid;

use super::{
    closed_totals::owners_condition,
    deals::{DealSet, PeriodBounds},
};
use crate::{
    migration::m0030_win_loss_totals::EVERYONE,
    platform::dialect::{nil_id, param},
    targets::credit_totals::instant_cuts,
    StoreError, TenantStore,
};

/// Lost deals of one reason (or one stage they were lost at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostGroup {
    pub reason: Option<String>,
    pub stage_id: Option<Uuid>,
    pub n: i64,
    pub amount: i64,
}

/// Closed deals that named one competitor (names folded by letter case; shown as most
/// deals spelled it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetitorMet {
    pub name: String,
    pub won: i64,
    pub lost: i64,
    pub lost_amount: i64,
}

/// The win/loss report's figures for a set of deals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WinLoss {
    /// Most deals first, then by reason.
    pub reasons: Vec<LostGroup>,
    /// By stage id (the caller orders stages by their process).
    pub lost_at: Vec<LostGroup>,
    /// Most deals met first, then by name.
    pub competitors: Vec<CompetitorMet>,
}

/// What the totals keep, one row per kind and key: see migration m0030.
#[derive(Debug, FromQueryResult)]
struct Tally {
    kind: String,
    stage_id: Option<Uuid>,
    key: Option<String>,
    deals: i64,
    amount: i64,
}

#[derive(FromQueryResult)]
struct ClosedWithCompetitors {
    competitors: Option<serde_json::Value>,
    won: i32,
    amount_minor: i64,
}

/// Adds up tallies (each with a sign) into the report's groups.
#[derive(Default)]
struct Fold {
    reasons: HashMap<Option<String>, (i64, i64)>,
    lost_at: HashMap<Option<Uuid>, (i64, i64)>,
    /// By name folded, then as spelled: won, lost, lost amount.
    met: HashMap<String, HashMap<String, (i64, i64, i64)>>,
}

impl Fold {
    fn add(&mut self, t: &Tally, sign: i64) {
        let (deals, amount) = (sign * t.deals, sign * t.amount);
        let key = t.key.as_deref().unwrap_or("").trim();
        match t.kind.as_str() {
            "reason" => {
                let e = self
                    .reasons
                    .entry((!key.is_empty()).then(|| key.to_owned()))
                    .or_default();
                e.0 += deals;
                e.1 += amount;
            }
            "lost_at" => {
                let e = self
                    .lost_at
                    .entry(t.stage_id.filter(|s| !s.is_nil()))
                    .or_default();
                e.0 += deals;
                e.1 += amount;
            }
            kind @ ("met_won" | "met_lost") if !key.is_empty() => {
                let e = self
                    .met
                    .entry(key.to_lowercase())
                    .or_default()
                    .entry(key.to_owned())
                    .or_default();
                if kind == "met_won" {
                    e.0 += deals;
                } else {
                    e.1 += deals;
                    e.2 += amount;
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> WinLoss {
        let groups = |n: i64, amount: i64| n != 0 || amount != 0;
        let mut reasons: Vec<LostGroup> = self
            .reasons
            .into_iter()
            .filter(|(_, (n, a))| groups(*n, *a))
            .map(|(reason, (n, amount))| LostGroup {
                reason,
                stage_id: None,
                n,
                amount,
            })
            .collect();
        reasons.sort_by(|a, b| (b.n, &a.reason).cmp(&(a.n, &b.reason)));
        let mut lost_at: Vec<LostGroup> = self
            .lost_at
            .into_iter()
            .filter(|(_, (n, a))| groups(*n, *a))
            .map(|(stage_id, (n, amount))| LostGroup {
                reason: None,
                stage_id,
                n,
                amount,
            })
            .collect();
        lost_at.sort_by_key(|g| g.stage_id);
        let mut competitors: Vec<CompetitorMet> = self
            .met
            .into_values()
            .filter_map(|spellings| {
                let name = spellings
                    .iter()
                    .filter(|(_, (w, l, _))| w + l != 0)
                    .max_by(|a, b| (a.1 .0 + a.1 .1, b.0).cmp(&(b.1 .0 + b.1 .1, a.0)))?
                    .0
                    .clone();
                let (won, lost, lost_amount) = spellings
                    .values()
                    .fold((0, 0, 0), |t, v| (t.0 + v.0, t.1 + v.1, t.2 + v.2));
                Some(CompetitorMet {
                    name,
                    won,
                    lost,
                    lost_amount,
                })
            })
            .collect();
        competitors.sort_by(|a, b| (b.won + b.lost, &a.name).cmp(&(a.won + a.lost, &b.name)));
        WinLoss {
            reasons,
            lost_at,
            competitors,
        }
    }
}

/// Closed deals reached from their stages (few) down each stage's deals (through `index`),
/// then a lost deal's last change by its instant. SQLite, without statistics, would
/// otherwise walk every deal, or every stage change of the company (7 s at 300,000 deals).
fn closed_from_stages(backend: DbBackend, index: &str) -> (String, &'static str) {
    match backend {
        DbBackend::Postgres => (
            "stages s JOIN opportunities o ON o.tenant_id = s.tenant_id AND o.stage_id = s.id"
                .into(),
            "JOIN stage_changes sc",
        ),
        _ => (
            format!(
                "stages s CROSS JOIN opportunities o INDEXED BY {index} \
                 ON o.tenant_id = s.tenant_id AND o.stage_id = s.id"
            ),
            "CROSS JOIN stage_changes sc INDEXED BY stage_changes_opportunity",
        ),
    }
}

impl TenantStore {
    async fn tallies(&self, sql: String, values: Vec<Value>) -> Result<Vec<Tally>, StoreError> {
        let backend = self.store.db_backend();
        Ok(
            Tally::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// The set's won and lost deals closed in its period (all time without one): lost ones
    /// by reason and by the stage they were lost at, and both by the competitors named.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn win_loss(&self, set: &DealSet) -> Result<WinLoss, StoreError> {
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let (months, edges) = match set.period {
            None => (String::new(), Vec::new()),
            Some(p) => {
                let (keys, edges) = instant_cuts(&[p.from, p.to]);
                values.extend([keys[0].into(), keys[1].into()]);
                let months = format!(
                    " AND month >= {} AND month < {}",
                    param(backend, 2),
                    param(backend, 3)
                );
                // Each stretch between a boundary and its UTC month start, as a period of
                // its own (the same bounds otherwise).
                let windows: Vec<_> = edges
                    .into_iter()
                    .map(|e| {
                        let period = PeriodBounds {
                            from: e.from,
                            to: e.to,
                            ..p
                        };
                        (e, period)
                    })
                    .collect();
                (months, windows)
            }
        };
        let owners = match set.owners.as_deref() {
            None => {
                values.push(EVERYONE.into());
                format!(" AND owner_id = {}", param(backend, values.len()))
            }
            list => owners_condition(backend, &mut values, "owner_id", list),
        };
        let sql = format!(
            "SELECT kind, stage_id, key, CAST(SUM(deals) AS BIGINT) AS deals, \
             CAST(SUM(amount_minor) AS BIGINT) AS amount FROM win_loss_totals \
             WHERE tenant_id = {}{months}{owners} GROUP BY kind, stage_id, key",
            param(backend, 1),
        );
        let mut fold = Fold::default();
        for t in self.tallies(sql, values).await? {
            fold.add(&t, 1);
        }
        for (e, period) in edges {
            let window = DealSet {
                owners: set.owners.clone(),
                period: Some(period),
            };
            let tallies = self.win_loss_tallies(&window).await?;
            e.spread(1, |_, sign| {
                for t in &tallies {
                    fold.add(t, sign);
                }
            });
        }
        Ok(fold.finish())
    }

    /// [`Self::win_loss`] counted from the deals and their changes themselves.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn win_loss_scan(&self, set: &DealSet) -> Result<WinLoss, StoreError> {
        let mut fold = Fold::default();
        for t in self.win_loss_tallies(set).await? {
            fold.add(&t, 1);
        }
        Ok(fold.finish())
    }

    /// The set's closed deals as the totals would tally them, read from the deals (the
    /// competitors from their JSON here, not by the database's JSON functions).
    async fn win_loss_tallies(&self, set: &DealSet) -> Result<Vec<Tally>, StoreError> {
        let backend = self.store.db_backend();
        let (conditions, values) =
            crate::analytics::deals::closed_conditions(backend, self.tenant_id, set);
        let (deals, changes) = closed_from_stages(backend, "opportunities_stage_newest");
        let t = param(backend, 1);
        let reasons = format!(
            "SELECT 'reason' AS kind, NULL AS stage_id, o.loss_reason AS key, COUNT(*) AS deals, \
             CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
             FROM {deals} WHERE s.tenant_id = {t} AND s.is_lost{conditions} GROUP BY o.loss_reason"
        );
        let lost_at = format!(
            "SELECT 'lost_at' AS kind, COALESCE(sc.from_stage_id, {nil}) AS stage_id, NULL AS key, \
             COUNT(*) AS deals, CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
             FROM {deals} {changes} ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id \
             AND sc.at = o.closed_at AND sc.to_stage_id = o.stage_id \
             WHERE s.tenant_id = {t} AND s.is_lost{conditions} GROUP BY 2",
            nil = nil_id(backend),
        );
        // Only the deals naming competitors, from their own index.
        let (named, _) = closed_from_stages(backend, "opportunities_competitors");
        let competitors = format!(
            "SELECT o.competitors AS competitors, CASE WHEN s.is_won THEN 1 ELSE 0 END AS won, \
             o.amount_minor AS amount_minor FROM {named} \
             WHERE s.tenant_id = {t} AND (s.is_won OR s.is_lost) AND o.competitors IS NOT NULL{conditions}"
        );
        let statement = Statement::from_sql_and_values(backend, competitors, values.clone());
        let with_competitors = async {
            Ok::<_, StoreError>(
                ClosedWithCompetitors::find_by_statement(statement)
                    .all(self.db())
                    .await?,
            )
        };
        let (mut tallies, lost_at, with_competitors) = tokio::try_join!(
            self.tallies(reasons, values.clone()),
            self.tallies(lost_at, values),
            with_competitors,
        )?;
        tallies.extend(lost_at);
        for deal in with_competitors {
            let names = deal
                .competitors
                .as_ref()
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("name").and_then(|n| n.as_str()));
            for name in names {
                tallies.push(Tally {
                    kind: if deal.won == 1 { "met_won" } else { "met_lost" }.into(),
                    stage_id: None,
                    key: Some(name.to_owned()),
                    deals: 1,
                    amount: deal.amount_minor,
                });
            }
        }
        Ok(tallies)
    }
}
