//! Payment reminders: once a day each owner gets one digest of their receivables due soon
//! or overdue — in the app and by e-mail — and finance one of the whole tenant; and the
//! cash settings (`GET/PUT /settings/cash`) that say how soon and what leftover is written off.

use std::collections::BTreeMap;

use axum::{extract::State, Json};
use closer_domain::money::{Currency, Money};
use closer_store::{
    cash::{aging::ReceivableFilter, CashSettings},
    entity::receivable,
    platform::email::Message,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::platform::{
    calendar,
    caller::Caller,
    dto::{money_dto, money_field, MoneyDto, MoneyInput},
    email,
    error::{ApiError, ApiResult},
    extract::ApiJson,
    policy,
    state::{AppState, JobOutcome},
};

#[derive(Serialize, ToSchema)]
pub struct CashSettingsDto {
    /// A receivable left owing this much or less after a payment is closed with a recorded
    /// write-off (0: never).
    pub write_off_tolerance: MoneyDto,
    /// Owners (and finance) are reminded this many days before a due date, and daily once
    /// overdue.
    pub remind_days_before: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CashSettingsInput {
    pub write_off_tolerance: MoneyInput,
    pub remind_days_before: i64,
}

#[utoipa::path(get, path = "/settings/cash", tag = "cash",
    responses((status = 200, body = CashSettingsDto)))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<CashSettingsDto>> {
    let owned = policy::owned(&caller, &state, closer_domain::org::Permission::CashRead).await?;
    let s: CashSettings = owned.store.setting("cash").await?;
    Ok(Json(CashSettingsDto {
        write_off_tolerance: money_dto(s.write_off_tolerance_minor, &caller.tenant.currency),
        remind_days_before: s.remind_days_before,
    }))
}

#[utoipa::path(put, path = "/settings/cash", tag = "cash", request_body = CashSettingsInput,
    responses((status = 200, body = CashSettingsDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CashSettingsInput>,
) -> ApiResult<Json<CashSettingsDto>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let tolerance = money_field(
        "write_off_tolerance",
        &req.write_off_tolerance,
        &caller.tenant.currency,
    )?;
    if tolerance.minor() > 100_000 {
        return Err(ApiError::field("write_off_tolerance.amount", "too_large"));
    }
    if !(0..=90).contains(&req.remind_days_before) {
        return Err(ApiError::field("remind_days_before", "not_allowed"));
    }
    let s = CashSettings {
        write_off_tolerance_minor: tolerance.minor(),
        remind_days_before: req.remind_days_before,
    };
    admin.store.save_setting(admin.actor, "cash", &s).await?;
    Ok(Json(CashSettingsDto {
        write_off_tolerance: money_dto(s.write_off_tolerance_minor, &caller.tenant.currency),
        remind_days_before: s.remind_days_before,
    }))
}

fn line(
    r: &receivable::Model,
    names: &std::collections::HashMap<Uuid, String>,
    numbers: &std::collections::HashMap<Uuid, String>,
    today: chrono::NaiveDate,
    en: bool,
) -> String {
    let money = Money::from_minor(
        r.outstanding_minor,
        Currency::parse(&r.currency).unwrap_or(Currency::Cny),
    )
    .for_people();
    let who = names.get(&r.customer_id).cloned().unwrap_or_default();
    let number = numbers.get(&r.contract_id).cloned().unwrap_or_default();
    let late = (today - r.due_on).num_days();
    match (en, late > 0) {
        (true, true) => format!(
            "- {who} · {number} · {money} due {} ({late} days overdue)",
            r.due_on
        ),
        (true, false) => format!("- {who} · {number} · {money} due {}", r.due_on),
        (false, true) => format!(
            "- {who} · {number} · {money}，应于 {} 到期（已逾期 {late} 天）",
            r.due_on
        ),
        (false, false) => format!("- {who} · {number} · {money}，{} 到期", r.due_on),
    }
}

/// The day's digest for one person.
fn digest(
    list: &[&receivable::Model],
    names: &std::collections::HashMap<Uuid, String>,
    numbers: &std::collections::HashMap<Uuid, String>,
    today: chrono::NaiveDate,
    en: bool,
    currency: Currency,
) -> (String, String) {
    let overdue: i64 = list
        .iter()
        .filter(|r| r.due_on < today)
        .map(|r| r.outstanding_minor)
        .sum();
    let soon: i64 = list
        .iter()
        .filter(|r| r.due_on >= today)
        .map(|r| r.outstanding_minor)
        .sum();
    let m = |v: i64| Money::from_minor(v, currency).for_people();
    let subject = if en {
        format!(
            "Payments to collect: {} overdue, {} due soon",
            m(overdue),
            m(soon)
        )
    } else {
        format!("待催收：逾期 {}，即将到期 {}", m(overdue), m(soon))
    };
    let mut body: Vec<String> = list
        .iter()
        .take(50)
        .map(|r| line(r, names, numbers, today, en))
        .collect();
    if list.len() > 50 {
        body.push(if en {
            format!("… and {} more", list.len() - 50)
        } else {
            format!("……另有 {} 笔", list.len() - 50)
        });
    }
    (subject, body.join("\n"))
}

/// Sends the day's digests of every tenant. Runs hourly; each person gets one digest a day
/// (the outbox key is the person and the day), however often it runs and on however many
/// servers.
///
/// # Errors
/// When the database fails.
pub async fn remind(state: &AppState, now: chrono::DateTime<chrono::Utc>) -> JobOutcome {
    let mut sent = 0u64;
    for tenant in state.store.tenants().await.map_err(|e| e.to_string())? {
        sent += remind_tenant(state, &tenant, now)
            .await
            .map_err(|e| e.code.to_owned())?;
    }
    Ok(Some(serde_json::json!({ "digests": sent })))
}

async fn remind_tenant(
    state: &AppState,
    tenant: &closer_store::entity::tenant::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<u64> {
    let store = policy::background(state, tenant.tenant_id);
    let today = calendar::date_at(&tenant.time_zone, now);
    let settings: CashSettings = store.setting("cash").await?;
    let currency = Currency::parse(&tenant.currency).unwrap_or(Currency::Cny);
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let (rows, next) = store
            .receivables(
                &ReceivableFilter {
                    owing: true,
                    due_to: Some(today + chrono::Duration::days(settings.remind_days_before)),
                    ..ReceivableFilter::default()
                },
                after,
                500,
            )
            .await?;
        all.extend(rows);
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    if all.is_empty() {
        return Ok(0);
    }
    let customers: Vec<Uuid> = all.iter().map(|r| r.customer_id).collect();
    let names = store.customer_names(&customers).await?;
    let contracts: Vec<Uuid> = all.iter().map(|r| r.contract_id).collect();
    let numbers = store.contract_numbers(&contracts).await?;
    let mut by_owner: BTreeMap<Uuid, Vec<&receivable::Model>> = BTreeMap::new();
    for r in &all {
        if let Some(o) = r.owner_id {
            by_owner.entry(o).or_default().push(r);
        }
    }
    // Finance: everyone whose role handles money sees the whole tenant's list.
    let finance_roles: Vec<Uuid> = store
        .roles()
        .await?
        .into_iter()
        .filter(|r| {
            r.permissions
                .as_array()
                .is_some_and(|p| p.iter().any(|x| x == "cash.write"))
        })
        .map(|r| r.id)
        .collect();
    let mut people: Vec<Uuid> = by_owner.keys().copied().collect();
    let users = store.users_by_ids(&people).await?;
    let finance = store.active_users_with_roles(&finance_roles).await?;
    for f in &finance {
        if !people.contains(&f.id) {
            people.push(f.id);
        }
    }
    let mut sent = 0;
    let everyone: Vec<&receivable::Model> = all.iter().collect();
    for person in people {
        let Some(u) = users.iter().chain(finance.iter()).find(|u| u.id == person) else {
            continue;
        };
        if !u.active {
            continue;
        }
        let list: &[&receivable::Model] = if finance.iter().any(|f| f.id == person) {
            &everyone
        } else {
            by_owner.get(&person).map_or(&[], Vec::as_slice)
        };
        if list.is_empty() {
            continue;
        }
        let en = u.language.as_deref() == Some("en-US");
        let (subject, body) = digest(list, &names, &numbers, today, en, currency);
        let queued = email::queue_once(
            state,
            tenant.tenant_id,
            &format!("payment-digest:{}:{today}", u.id),
            Message {
                user_id: u.id,
                email: Some(u.email.clone()),
                kind: "payment_reminder".into(),
                subject,
                body,
                link: Some("/cash/receivables?status=owing".into()),
            },
        )
        .await?;
        if queued {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Buckets every tenant's aging totals as of its new day once the day has moved on, so the
/// first aging of a morning is as quick as the rest. Hourly; a tenant that never asked for
/// aging is left alone.
///
/// # Errors
/// When the database fails.
pub async fn roll_aging(state: &AppState, now: chrono::DateTime<chrono::Utc>) -> JobOutcome {
    let mut rolled = 0;
    for tenant in state.store.tenants().await.map_err(|e| e.to_string())? {
        let store = policy::background(state, tenant.tenant_id);
        let today = calendar::date_at(&tenant.time_zone, now);
        match store.aging_day().await.map_err(|e| e.to_string())? {
            Some(day) if day != today => {
                store.roll_aging(today).await.map_err(|e| e.to_string())?;
                rolled += 1;
            }
            _ => {}
        }
    }
    Ok(Some(serde_json::json!({ "rolled": rolled })))
}
