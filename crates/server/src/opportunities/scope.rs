//! Which deals a pipeline question is about: a period of expected close dates, a department
//! with its sub-departments, an owner, a process — always within the caller's data scope.

use closer_domain::opportunities::forecast::Period;
use closer_store::{entity::stage, opportunities::records::ForecastFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::{
    platform::error::{ApiError, ApiResult, Invalid},
    platform::policy::Owned,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ForecastQuery {
    /// `YYYY`, `YYYY-Qn` or `YYYY-MM` of the expected close date; absent = all open deals.
    pub period: Option<String>,
    /// A department with its sub-departments.
    pub department_id: Option<String>,
    pub owner_id: Option<String>,
    /// Default: the default sales process.
    pub process_id: Option<String>,
}

/// What a forecast question asks, checked and within the caller's scope.
pub struct Scope {
    pub filter: ForecastFilter,
    pub stages: Vec<stage::Model>,
}

/// Owners the caller may see, narrowed to a department's subtree and/or one owner.
pub async fn owners_in_scope(
    owned: &Owned,
    department: Option<Uuid>,
    owner: Option<Uuid>,
) -> ApiResult<Option<Vec<Uuid>>> {
    let mut owners: Option<Vec<Uuid>> = owned.visible_owners().cloned();
    if let Some(d) = department {
        let nodes = owned.store.department_nodes().await?;
        if !nodes.iter().any(|n| n.id == d) {
            return Err(ApiError::field("department_id", "unknown_reference"));
        }
        let depts = closer_domain::org::subtree(&nodes, d);
        let people: Vec<Uuid> = owned
            .store
            .user_ids_in_departments(&depts.into_iter().collect::<Vec<_>>())
            .await?;
        owners = Some(match owners {
            None => people,
            Some(visible) => {
                let visible: std::collections::HashSet<Uuid> = visible.into_iter().collect();
                people.into_iter().filter(|p| visible.contains(p)).collect()
            }
        });
    }
    if let Some(o) = owner {
        owners = Some(match owners {
            None => vec![o],
            Some(list) => list.into_iter().filter(|p| *p == o).collect(),
        });
    }
    Ok(owners)
}

pub async fn scope(owned: &Owned, q: &ForecastQuery) -> ApiResult<Scope> {
    let mut invalid = Invalid::default();
    let id = |invalid: &mut Invalid, field: &str, v: &Option<String>| {
        v.as_deref()
            .and_then(|t| match closer_domain::ids::parse_id(t) {
                Ok(id) => Some(id),
                Err(_) => {
                    invalid.push(field, "unknown_reference");
                    None
                }
            })
    };
    let department = id(&mut invalid, "department_id", &q.department_id);
    let owner = id(&mut invalid, "owner_id", &q.owner_id);
    let process = id(&mut invalid, "process_id", &q.process_id);
    let period = q
        .period
        .as_deref()
        .and_then(|p| invalid.check("period", Period::parse(p)));
    invalid.finish(Some(()))?;
    let processes = owned.store.sales_processes().await?;
    let (process, stages) = match process {
        Some(p) => processes
            .into_iter()
            .find(|(m, _)| m.id == p)
            .ok_or_else(|| ApiError::field("process_id", "unknown_reference"))?,
        None => processes
            .iter()
            .find(|(m, _)| m.is_default)
            .or(processes.first())
            .cloned()
            .ok_or_else(ApiError::internal)?,
    };
    Ok(Scope {
        filter: ForecastFilter {
            owners: owners_in_scope(owned, department, owner).await?,
            process_id: Some(process.id),
            closing: period.map(|p| (p.first_day(), p.last_day())),
            stage_id: None,
            team_member: None,
            open: None,
        },
        stages,
    })
}
