//! What every pool (公海) shares on the HTTP side: the pool list's query, and the recycling
//! job that takes back records not followed up in time and warns their holders ahead — one
//! job per kind of record, the same code.

use closer_domain::pool::PoolKind;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::platform::{
    notifications::{Message, Notifier},
    policy,
    state::{AppState, JobOutcome},
};

/// A page of a pool, optionally searched by name.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PoolQuery {
    /// Part of the name — a lead's company or contact person; a pool record's masked phone
    /// and e-mail find nothing.
    pub q: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Why the job took a record back, in both languages (kept in the record's history).
fn recycle_reason(kind: PoolKind, days: u32) -> String {
    match kind {
        PoolKind::Lead => format!("not followed up within {days} days (逾期未跟进，自动退回公海)"),
        PoolKind::Customer => {
            format!("not followed up within {days} days (逾期未跟进，自动退回客户公海)")
        }
    }
}

/// Returns records of `kind` not followed up in time to their pool and warns holders ahead,
/// in every tenant whose pool of that kind is on.
///
/// # Errors
/// When the database fails.
pub async fn recycle(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
    kind: PoolKind,
) -> JobOutcome {
    let (mut returned, mut warned) = (0u64, 0u64);
    for tenant in state.store.tenants().await.map_err(|e| e.to_string())? {
        let store = policy::background(state, tenant.tenant_id);
        let Some(rules) = store.pool_rules(kind).await.map_err(|e| e.to_string())? else {
            continue;
        };
        let reason = recycle_reason(kind, rules.recycle_days);
        loop {
            let due = store
                .due_for_recycling(kind, now, 500)
                .await
                .map_err(|e| e.to_string())?;
            let mut moved = 0;
            for id in &due {
                match store
                    .return_to_pool(kind, None, *id, &reason, now, "recycled")
                    .await
                {
                    Ok(()) => moved += 1,
                    // Changed meanwhile (followed up, claimed): the next run sees it afresh.
                    Err(
                        closer_store::StoreError::StaleVersion
                        | closer_store::StoreError::Conflict(_),
                    ) => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
            returned += moved;
            if moved == 0 {
                break;
            }
        }
        for w in store
            .due_for_warning(kind, now, rules.warn_days, 10_000)
            .await
            .map_err(|e| e.to_string())?
        {
            Notifier::new(state)
                .send(
                    tenant.tenant_id,
                    w.owner,
                    Message::recycling_soon(kind, &w.name, w.protected_until, &w.id.to_string()),
                )
                .await
                .map_err(|e| e.code.to_owned())?;
            store
                .mark_warned(kind, w.id, now)
                .await
                .map_err(|e| e.to_string())?;
            warned += 1;
        }
    }
    Ok(Some(
        serde_json::json!({ "returned": returned, "warned": warned }),
    ))
}
