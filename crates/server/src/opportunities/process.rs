//! Sales processes: their stages with win rates and checklists, read by everyone and
//! edited by administrators.

use axum::{
    extract::{Path, State},
    Json,
};
use closer_domain::money::format_percent;
use closer_store::entity::stage;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    platform::caller::Caller,
    platform::dto::ListOf,
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson},
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct StageRef {
    pub id: String,
    pub key: String,
    pub name: String,
    /// Percent, e.g. `"10"`.
    pub win_rate: String,
}

pub fn stage_ref(s: &stage::Model) -> StageRef {
    StageRef {
        id: s.id.to_string(),
        key: s.key.clone(),
        name: s.name.clone(),
        win_rate: format_percent(s.win_rate_bp),
    }
}

#[derive(Serialize, ToSchema)]
pub struct StageDto {
    pub id: String,
    pub key: String,
    pub name: String,
    pub name_en: String,
    /// Percent, e.g. `"10"`.
    pub win_rate: String,
    pub is_won: bool,
    pub is_lost: bool,
    pub position: i32,
    pub tasks: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct ProcessDto {
    pub id: String,
    pub name: String,
    pub is_default: bool,
    pub stages: Vec<StageDto>,
}

/// A process with its stages in order, as the API shows it.
#[must_use]
pub fn process_dto(
    p: &closer_store::entity::sales_process::Model,
    stages: &[stage::Model],
) -> ProcessDto {
    ProcessDto {
        id: p.id.to_string(),
        name: p.name.clone(),
        is_default: p.is_default,
        stages: stages
            .iter()
            .map(|s| StageDto {
                id: s.id.to_string(),
                key: s.key.clone(),
                name: s.name.clone(),
                name_en: s.name_en.clone(),
                win_rate: format_percent(s.win_rate_bp),
                is_won: s.is_won,
                is_lost: s.is_lost,
                position: s.position,
                tasks: s.tasks.clone(),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/sales-processes", tag = "opportunities", responses((status = 200, body = ListOf<ProcessDto>)))]
pub async fn list_processes(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<ProcessDto>>> {
    let dir = policy::directory(&caller, &state);
    let items = dir
        .store
        .sales_processes()
        .await?
        .into_iter()
        .map(|(p, stages)| process_dto(&p, &stages))
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    pub key: String,
    pub label: String,
    /// Must be done before the opportunity leaves the stage.
    #[serde(default)]
    pub required: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    /// Stable: kept stages are matched by it.
    pub key: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Percent, 0–100 (`"60"`, `"12.5"`).
    pub win_rate: String,
    #[serde(default)]
    pub is_won: bool,
    #[serde(default)]
    pub is_lost: bool,
    #[serde(default)]
    pub tasks: Vec<TaskInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessInput {
    pub name: String,
    /// In kanban order.
    pub stages: Vec<StageInput>,
}

#[utoipa::path(put, path = "/sales-processes/{id}", tag = "opportunities", params(("id" = String, Path)), request_body = ProcessInput,
    responses((status = 200, body = ProcessDto), (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_process(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    crate::platform::extract::IfMatch(version): crate::platform::extract::IfMatch,
    ApiJson(req): ApiJson<ProcessInput>,
) -> ApiResult<Json<ProcessDto>> {
    use closer_domain::opportunities::process::{
        ProcessDraft, SalesProcess, StageDraft, TaskDraft,
    };
    let admin = policy::settings_admin(&caller, &state)?;
    let id = path_id(&id)?;
    let mut invalid = crate::platform::error::Invalid::default();
    let drafts: Vec<StageDraft> = req
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageDraft {
            key: s.key.clone(),
            name: s.name.clone(),
            name_en: s.name_en.clone(),
            win_rate_bp: match closer_domain::money::parse_percent(&s.win_rate) {
                Ok(bp) => bp,
                Err(e) => {
                    invalid.check::<()>(&format!("stages[{i}].win_rate"), Err(e));
                    0
                }
            },
            is_won: s.is_won,
            is_lost: s.is_lost,
            tasks: s
                .tasks
                .iter()
                .map(|t| TaskDraft {
                    key: t.key.clone(),
                    label: t.label.clone(),
                    required: t.required,
                })
                .collect(),
        })
        .collect();
    let draft = ProcessDraft {
        name: req.name.clone(),
        stages: drafts.clone(),
    };
    let parsed = SalesProcess::parse(&draft);
    if let Err(errors) = &parsed {
        for e in errors {
            invalid.check::<()>(&e.field, Err(e.error));
        }
    }
    invalid.finish(Some(()))?;
    let process = parsed.map_err(|_| ApiError::internal())?;
    let edits = process
        .stages()
        .iter()
        .zip(&drafts)
        .map(|(s, d)| closer_store::opportunities::process::StageEdit {
            key: s.key.as_str().to_owned(),
            name: s.name.as_str().to_owned(),
            name_en: s
                .name_en
                .as_ref()
                .map_or_else(|| s.name.as_str().to_owned(), |n| n.as_str().to_owned()),
            win_rate_bp: s.win_rate.bp(),
            is_won: d.is_won,
            is_lost: d.is_lost,
            tasks: serde_json::to_value(&s.tasks).unwrap_or_default(),
        })
        .collect();
    admin
        .store
        .edit_process(admin.actor, id, version, process.name().to_owned(), edits)
        .await?;
    let processes = admin.store.sales_processes().await?;
    let (p, stages) = processes
        .into_iter()
        .find(|(p, _)| p.id == id)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(process_dto(&p, &stages)))
}
