//! Payment reminders: once a day each owner gets one digest of their receivables due soon
//! or overdue — in the app and by e-mail — and finance one of the whole tenant; and the
//! cash settings (`GET/PUT /settings/cash`) that say how soon and what leftover is written off.

use std::collections::HashMap;

use axum::{extract::State, Json};
use closer_domain::money::{Currency, Money};
use closer_store::{
    cash::{
        aging::{OwingByOwner, ReceivableFilter},
        CashSettings,
    },
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
    names: &HashMap<Uuid, String>,
    numbers: &HashMap<Uuid, String>,
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

/// The day's digest for one person: the totals, and the first lines, most overdue first.
fn digest(
    owing: &OwingByOwner,
    lines: &[String],
    en: bool,
    currency: Currency,
) -> (String, String) {
    let m = |v: i64| Money::from_minor(v, currency).for_people();
    let subject = if en {
        format!(
            "Payments to collect: {} overdue, {} due soon",
            m(owing.overdue),
            m(owing.due_soon)
        )
    } else {
        format!(
            "待催收：逾期 {}，即将到期 {}",
            m(owing.overdue),
            m(owing.due_soon)
        )
    };
    let mut body = lines.to_vec();
    let more = owing.count - i64::try_from(lines.len()).unwrap_or(0);
    if more > 0 {
        body.push(if en {
            format!("… and {more} more")
        } else {
            format!("……另有 {more} 笔")
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
    let due_by = today + chrono::Duration::days(settings.remind_days_before);
    let owing = store.owing_by_owner(today, due_by).await?;
    if owing.is_empty() {
        return Ok(0);
    }
    // Finance: everyone whose role handles money hears of the whole company.
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
    let finance = store.active_users_with_roles(&finance_roles).await?;
    let company = OwingByOwner {
        owner_id: None,
        overdue: owing.iter().map(|o| o.overdue).sum(),
        due_soon: owing.iter().map(|o| o.due_soon).sum(),
        count: owing.iter().map(|o| o.count).sum(),
    };
    let owners: Vec<Uuid> = owing.iter().filter_map(|o| o.owner_id).collect();
    let mut people: Vec<(closer_store::entity::user::Model, &OwingByOwner)> = store
        .users_by_ids(&owners)
        .await?
        .into_iter()
        .filter(|u| !finance.iter().any(|f| f.id == u.id))
        .filter_map(|u| {
            let o = owing.iter().find(|o| o.owner_id == Some(u.id))?;
            Some((u, o))
        })
        .collect();
    people.extend(finance.iter().cloned().map(|f| (f, &company)));
    let mut sent = 0;
    for (u, o) in people {
        let key = format!("payment-digest:{}:{today}", u.id);
        // Once a day: what was queued today is not worked out again.
        if !u.active || store.message_queued(&key).await? {
            continue;
        }
        let (rows, _) = store
            .receivables(
                &ReceivableFilter {
                    owing: true,
                    due_to: Some(due_by),
                    owner_id: o.owner_id,
                    ..ReceivableFilter::default()
                },
                None,
                50,
            )
            .await?;
        let customers: Vec<Uuid> = rows.iter().map(|r| r.customer_id).collect();
        let names = store.customer_names(&customers).await?;
        let contracts: Vec<Uuid> = rows.iter().map(|r| r.contract_id).collect();
        let numbers = store.contract_numbers(&contracts).await?;
        let en = u.language.as_deref() == Some("en-US");
        let lines: Vec<String> = rows
            .iter()
            .map(|r| line(r, &names, &numbers, today, en))
            .collect();
        let (subject, body) = digest(o, &lines, en, currency);
        let queued = email::queue_once(
            state,
            tenant.tenant_id,
            &key,
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
