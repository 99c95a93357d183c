//! Which records a history may name for its reader: a record with an owner (a customer, a
//! contact, a lead, a deal, a contract) is named only to someone who may read that kind and
//! sees its owner — or finds it in the pool —, so a history never tells a name the reader
//! could not look up.

use std::collections::{HashMap, HashSet};

use closer_domain::org::Permission;
use closer_store::platform::history::RecordLabel;
use uuid::Uuid;

use super::{owned, Owned};
use crate::platform::{caller::Caller, error::ApiResult, state::AppState};

/// The permission that reads records of an API collection, for owned kinds.
fn read_permission(resource: &str) -> Option<Permission> {
    match resource {
        "customers" | "contacts" => Some(Permission::CustomersRead),
        "leads" => Some(Permission::LeadsRead),
        "opportunities" | "quotes" => Some(Permission::OpportunitiesRead),
        "contracts" => Some(Permission::ContractsRead),
        _ => None,
    }
}

/// The ids among `labels` the caller may not have named.
///
/// # Errors
/// When the database fails.
pub async fn unseen(
    caller: &Caller,
    state: &AppState,
    labels: &HashMap<Uuid, RecordLabel>,
) -> ApiResult<HashSet<Uuid>> {
    let mut readers: Vec<(Permission, Option<Owned>)> = Vec::new();
    let mut hidden = HashSet::new();
    for (id, label) in labels {
        let Some(owner) = label.owner else { continue };
        let Some(permission) = read_permission(label.resource) else {
            continue;
        };
        let at = match readers.iter().position(|(p, _)| *p == permission) {
            Some(at) => at,
            None => {
                // Without the permission the caller reads none of that kind.
                let reader = owned(caller, state, permission).await.ok();
                readers.push((permission, reader));
                readers.len() - 1
            }
        };
        if !readers[at].1.as_ref().is_some_and(|r| r.sees(owner)) {
            hidden.insert(*id);
        }
    }
    Ok(hidden)
}
