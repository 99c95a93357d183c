//! The opportunity import job: every row checked, duplicates skipped, accounts matched or
//! created, and the good rows stored with their history in one transaction — all or
//! nothing unless the user kept the good rows — with a report of the rows left out.

use std::{collections::HashMap, path::Path as FsPath};

use closer_domain::opportunities::imports::{check_mapping, map_headers};
use closer_store::{
    entity::{customer, lead_import, opportunity, stage_change},
    TenantStore,
};
use uuid::Uuid;

use crate::{
    opportunities::import_rows::{check_row, values_of, DealRow, References, SeenDeals, Verdict},
    opportunities::imports::{existing_deals, mapping_of, new_import, values_mapping_of},
    platform::import_file::job as import_job,
    platform::policy,
    platform::state::{AppState, JobOutcome},
};

/// The import job.
///
/// # Errors
/// Why the import stopped.
pub async fn run(state: &AppState, job: &closer_store::entity::job::Model) -> JobOutcome {
    let (store, model) = import_job::load(state, job).await?;
    let result = import(state, &store, &model, job.id).await;
    import_job::settle(&store, model.id, result).await
}

/// A rejected or skipped row for the report: its number, the reason, its cells.
fn report_row(row: u64, reason: String, mut cells: Vec<String>) -> Vec<String> {
    cells.insert(0, row.to_string());
    cells.insert(1, reason);
    cells
}

fn reason_of(errors: &[(String, String)]) -> String {
    errors
        .iter()
        .map(|(f, c)| format!("{f}: {c}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The deals, new customers and history the good rows make.
struct Planned {
    customers: Vec<customer::Model>,
    deals: Vec<opportunity::Model>,
    changes: Vec<stage_change::Model>,
}

fn plan(
    refs: &References,
    tenant_id: Uuid,
    good: Vec<(u64, DealRow)>,
    mut customers_by_name: HashMap<String, (Uuid, Option<Uuid>)>,
) -> Planned {
    let mut out = Planned {
        customers: Vec::new(),
        deals: Vec::with_capacity(good.len()),
        changes: Vec::with_capacity(good.len() * 2),
    };
    let mut new_customer: HashMap<String, usize> = HashMap::new();
    let currency = refs.currency.code().to_owned();
    for (_, d) in good {
        let created = refs.day_start(d.dates.created);
        let customer_id = match customers_by_name.get(&d.account) {
            Some((id, _)) => *id,
            None => {
                // A new customer, created with its earliest deal and assigned now (the
                // pool's protection counts from the import, not from history).
                let i = *new_customer.entry(d.account.clone()).or_insert_with(|| {
                    let mut c = closer_store::customers::records::blank_customer(
                        tenant_id,
                        d.account.clone(),
                        Some(d.owner),
                        created,
                    );
                    c.assigned_at = Some(closer_store::now());
                    out.customers.push(c);
                    out.customers.len() - 1
                });
                let c = &mut out.customers[i];
                if created < c.created_at {
                    c.created_at = created;
                    c.updated_at = created;
                }
                c.id
            }
        };
        let closed = d.stage.is_won || d.stage.is_lost;
        let closed_at = d.dates.close.filter(|_| closed).map(|c| refs.day_start(c));
        let mut deal = closer_store::opportunities::records::blank_opportunity(
            tenant_id,
            customer_id,
            d.name,
            (d.amount_minor, currency.clone()),
            &d.stage,
            Some(d.owner),
            created,
        );
        deal.expected_close_date = d.dates.close;
        deal.closed_at = closed_at;
        deal.stage_entered_at = Some(closed_at.unwrap_or(created));
        deal.updated_at = closed_at.unwrap_or(created);
        deal.product_id = d.product;
        deal.loss_reason = d.loss_reason;
        let change = |from: Option<Uuid>, to: Uuid, at| stage_change::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            opportunity_id: deal.id,
            from_stage_id: from,
            to_stage_id: to,
            at,
            amount_minor: deal.amount_minor,
            expected_close_date: deal.expected_close_date,
            actor_id: None,
        };
        match (&d.first_stage, closed_at) {
            // A closed deal starts in the process's first stage and closes on its date.
            (Some(first), Some(at)) if first.id != d.stage.id => {
                out.changes.push(change(None, first.id, created));
                out.changes.push(change(Some(first.id), d.stage.id, at));
            }
            (_, at) => out
                .changes
                .push(change(None, d.stage.id, at.unwrap_or(created))),
        }
        out.deals.push(deal);
    }
    customers_by_name.clear();
    out
}

#[allow(clippy::too_many_lines)]
async fn import(
    state: &AppState,
    store: &TenantStore,
    model: &lead_import::Model,
    job_id: Uuid,
) -> Result<serde_json::Value, String> {
    let refs = References::load(state, store.tenant_id(), model.user_id)
        .await
        .map_err(|e| format!("the importer may no longer import: {}", e.code))?;
    let mapping = mapping_of(model);
    let values_mapping = values_mapping_of(model);
    let total = model.rows_total.max(1);
    // Progress: checking is the first half, storing the second.
    import_job::checked(state, job_id, 0, total);
    let (mut rx, reader) = import_job::read_rows(model);
    let mut good: Vec<(u64, DealRow)> = Vec::new();
    // Cells of the good rows are kept only until duplicates are known (for the report).
    let mut good_cells: HashMap<u64, Vec<String>> = HashMap::new();
    let mut bad: Vec<Vec<String>> = Vec::new();
    let mut row = 0u64;
    while let Some(cells) = rx.recv().await {
        let cells = cells.map_err(|e| e.to_string())?;
        row += 1;
        let values = values_of(&mapping, &cells);
        match check_row(&refs, &values_mapping, model.user_id, &values) {
            Verdict::Good(d) => {
                good.push((row, *d));
                good_cells.insert(row, cells);
            }
            Verdict::Bad(errors) => bad.push(report_row(row, reason_of(&errors), cells)),
        }
        if row.is_multiple_of(5_000) {
            import_job::checked(state, job_id, row, total);
            let _ = state
                .store
                .job_progress(job_id, i64::try_from(row).unwrap_or(0), total * 2)
                .await;
        }
    }
    let _ = reader.await;
    let accounts: Vec<String> = good.iter().map(|(_, d)| d.account.clone()).collect();
    let (customers, mut seen) = existing_deals(&refs, &accounts).await.map_err(|e| e.code)?;
    let mut skipped = Vec::new();
    let mut kept = Vec::with_capacity(good.len());
    for (n, d) in good {
        let cells = good_cells.remove(&n).unwrap_or_default();
        if customers
            .get(&d.account)
            .is_some_and(|(_, owner)| !refs.owned.sees(*owner))
        {
            bad.push(report_row(n, "account: unknown_reference".into(), cells));
        } else if !seen.0.insert(SeenDeals::key(&d.account, &d.name)) {
            skipped.push(report_row(n, "skipped: duplicate_deal".into(), cells));
        } else {
            kept.push((n, d));
        }
    }
    drop(good_cells);
    let rejected = bad.len() as i64;
    let skipped_count = skipped.len() as i64;
    let report_path = import_job::write_report(model, bad.into_iter().chain(skipped).collect())?;
    let imported = if rejected > 0 && !model.keep_good_rows {
        0
    } else {
        let planned = plan(&refs, store.tenant_id(), kept, customers);
        let checked_rows = i64::try_from(row).unwrap_or(0);
        let progress_state = state.clone();
        let n = store
            .import_opportunities(
                model.user_id,
                planned.customers,
                planned.deals,
                planned.changes,
                move |n| {
                    progress_state.set_progress(
                        job_id,
                        checked_rows + i64::try_from(n).unwrap_or(0),
                        total * 2,
                    );
                },
            )
            .await
            .map_err(|e| e.to_string())?;
        i64::try_from(n).unwrap_or(i64::MAX)
    };
    import_job::finish(
        state,
        store,
        model,
        job_id,
        import_job::Finished {
            imported,
            rejected,
            warnings: skipped_count,
            report_path,
        },
    )
    .await?;
    Ok(serde_json::json!({"imported": imported, "rejected": rejected, "skipped": skipped_count}))
}

/// Imports a file at once, as `closer import opportunities FILE` does: the columns as
/// recognised, all or nothing unless `keep_good_rows`.
///
/// # Errors
/// Why the file could not be imported.
pub async fn import_now(
    state: &AppState,
    tenant_id: Uuid,
    user_id: Uuid,
    source: &FsPath,
    keep_good_rows: bool,
) -> Result<serde_json::Value, String> {
    let (id, path, header, rows_total) =
        crate::leads::imports::copy_for_import(state, tenant_id, source).await?;
    check_mapping(&map_headers(&header))
        .map_err(|code| format!("the columns cannot make opportunities: {code}"))?;
    let mut model = new_import(
        tenant_id,
        id,
        user_id,
        source
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("import")
            .to_owned(),
        &path,
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
        &header,
        rows_total,
    );
    model.status = "queued".into();
    model.keep_good_rows = keep_good_rows;
    let store = policy::background(state, tenant_id);
    let model = store
        .create_import(model)
        .await
        .map_err(|e| e.to_string())?;
    let mut outcome = import(state, &store, &model, id).await?;
    if let Some(report) = store
        .import(id)
        .await
        .map_err(|e| e.to_string())?
        .report_path
    {
        outcome["rejected_report"] = serde_json::json!(report);
    }
    Ok(outcome)
}
