//! Outgoing webhooks: an administrator registers a URL and the events it wants; every event
//! is delivered as a signed JSON POST from the jobs table, retried with backoff, and logged
//! with its response.
//!
//! Signature (the receiver checks it): `X-Closer-Signature: t=<unix seconds>,v1=<hex>`,
//! where `<hex>` is HMAC-SHA256 with the webhook's secret over `"<t>.<body>"`. The timestamp
//! lets a receiver refuse old replays.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_store::{
    entity::{job, webhook, webhook_delivery},
    platform::{jobs::NewJob, webhooks::Attempt},
};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::platform::{
    dto::{ListOf, Versioned},
    error::{ApiResult, Invalid},
    extract::{path_id, ApiJson, IfMatch},
    outbound, policy,
    state::{AppState, JobOutcome},
};

/// Every event a webhook may ask for.
pub const EVENTS: [&str; 17] = [
    "contract.submitted",
    "contract.approved",
    "contract.rejected",
    "contract.activated",
    "order.status_changed",
    "lead.created",
    "lead.assigned",
    "lead.converted",
    "opportunity.created",
    "opportunity.stage_changed",
    "opportunity.won",
    "opportunity.lost",
    "payment.received",
    "payment.reversed",
    "invoice.issued",
    "refund.requested",
    "webhook.test",
];

/// The job kind that sends one delivery.
pub const DELIVERY_JOB: &str = "webhook-delivery";
/// Attempts before a delivery is failed for good (backoff 2, 4, 8 … seconds, at most an hour).
const ATTEMPTS: i32 = 8;

/// Publishes an event of a tenant: one delivery per webhook that wants it, each queued. A
/// failure here is logged, never the caller's error — the business write already happened.
pub async fn publish(
    state: &AppState,
    tenant_id: Uuid,
    event: &'static str,
    data: serde_json::Value,
) {
    let store = policy::background(state, tenant_id);
    let body = serde_json::json!({
        "id": closer_domain::ids::new_id().to_string(),
        "event": event,
        "occurred_at": closer_store::now(),
        "tenant_id": tenant_id.to_string(),
        "data": data,
    });
    let deliveries = match store.record_event(event, &body.to_string()).await {
        Ok(d) => d,
        Err(error) => {
            tracing::warn!(%error, event, "could not record a webhook event");
            return;
        }
    };
    for d in deliveries {
        let queued = state
            .store
            .enqueue(NewJob {
                tenant_id: Some(tenant_id),
                kind: DELIVERY_JOB.into(),
                payload: serde_json::json!({ "delivery_id": d.id.to_string() }),
                run_at: closer_store::now(),
                dedupe_key: Some(format!("webhook-delivery:{}", d.id)),
                max_attempts: ATTEMPTS,
            })
            .await;
        if let Err(error) = queued {
            tracing::warn!(%error, event, "could not queue a webhook delivery");
        }
    }
}

/// `t=<unix>,v1=<hex hmac>` for a body.
#[must_use]
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable_key());
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// HMAC accepts keys of any length; this is never reached.
fn unreachable_key() -> Hmac<sha2::Sha256> {
    #[allow(clippy::expect_used)]
    Hmac::<sha2::Sha256>::new_from_slice(b"closer").expect("HMAC takes any key length")
}

/// Sends one delivery; an answer other than 2xx (or no answer) is an error, so the job
/// runner tries again later.
pub async fn deliver(state: &AppState, job: &job::Model) -> JobOutcome {
    let tenant_id = job.tenant_id.ok_or("a delivery belongs to a tenant")?;
    let id = job.payload["delivery_id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or("the job names no delivery")?;
    let store = policy::background(state, tenant_id);
    let d = store
        .webhook_delivery(id)
        .await
        .map_err(|e| e.to_string())?;
    if d.status == "delivered" {
        return Ok(None);
    }
    let Ok(hook) = store.webhook(d.webhook_id).await else {
        // The webhook was removed: nothing to send to.
        return Ok(None);
    };
    let last = job.attempts >= job.max_attempts;
    let target = match outbound::check(&hook.url, state.config.webhook_networks).await {
        Ok(t) => t,
        // A name that does not resolve now may later: tried again.
        Err(outbound::Refusal::Unresolvable) if !last => {
            return Err(outbound::Refusal::Unresolvable.to_string())
        }
        Err(refusal) => {
            // Never to be sent: logged on the delivery, and the job ends.
            store
                .record_delivery_attempt(
                    d.id,
                    Attempt {
                        response_status: None,
                        response_body: None,
                        error: Some(refusal.to_string()),
                        delivered: false,
                        last: true,
                    },
                )
                .await
                .map_err(|e| e.to_string())?;
            return Ok(None);
        }
    };
    let timestamp = chrono::Utc::now().timestamp();
    let client = outbound::client_for(&target).map_err(|e| e.to_string())?;
    let sent = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("user-agent", "Closer-Webhooks/1")
        .header("x-closer-event", &d.event)
        .header("x-closer-delivery", d.id.to_string())
        .header(
            "x-closer-signature",
            signature(&hook.secret, timestamp, &d.payload),
        )
        .body(d.payload.clone())
        .send()
        .await;
    let (attempt, outcome) = match sent {
        Ok(res) => {
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            let ok = status.is_success();
            (
                Attempt {
                    response_status: Some(i32::from(status.as_u16())),
                    response_body: Some(body),
                    error: (!ok).then(|| format!("the receiver answered {status}")),
                    delivered: ok,
                    last,
                },
                if ok {
                    Ok(None)
                } else {
                    Err(format!("the receiver answered {status}"))
                },
            )
        }
        Err(e) => {
            let error = e.to_string();
            (
                Attempt {
                    response_status: None,
                    response_body: None,
                    error: Some(error.clone()),
                    delivered: false,
                    last,
                },
                Err(error),
            )
        }
    };
    store
        .record_delivery_attempt(d.id, attempt)
        .await
        .map_err(|e| e.to_string())?;
    outcome
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDto {
    pub id: String,
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<String>,
    /// Shown in full only in the answer that created it; later `whsec_…` and the last 4.
    pub secret: String,
    pub active: bool,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn webhook_dto(w: &webhook::Model, reveal: bool) -> WebhookDto {
    let tail: String = w
        .secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    WebhookDto {
        id: w.id.to_string(),
        url: w.url.clone(),
        description: w.description.clone(),
        events: w
            .events
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        secret: if reveal {
            w.secret.clone()
        } else {
            format!("whsec_…{tail}")
        },
        active: w.active,
        version: w.version,
        created_at: w.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// `https://…` (or `http://` for a receiver on the same network).
    pub url: Option<String>,
    pub description: Option<String>,
    /// Any of the events listed by `GET /webhooks/events`.
    pub events: Option<Vec<String>>,
    pub active: Option<bool>,
}

fn apply(w: &mut webhook::Model, req: WebhookInput, invalid: &mut Invalid) {
    if let Some(url) = req.url {
        let url = url.trim().to_owned();
        let ok = reqwest::Url::parse(&url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if url.len() > 2000 {
            invalid.push("url", "too_long");
        } else if ok {
            w.url = url;
        } else {
            invalid.push("url", "invalid_format");
        }
    }
    if let Some(d) = req.description {
        if let Some(d) = invalid.check(
            "description",
            closer_domain::text::optional_text(Some(&d), 200),
        ) {
            w.description = d;
        }
    }
    if let Some(events) = req.events {
        if events.is_empty() {
            invalid.push("events", "required");
        }
        for (i, e) in events.iter().enumerate() {
            if !EVENTS.contains(&e.as_str()) {
                invalid.push(&format!("events[{i}]"), "not_allowed");
            }
        }
        let mut events = events;
        events.sort();
        events.dedup();
        w.events = serde_json::json!(events);
    }
    if let Some(a) = req.active {
        w.active = a;
    }
}

/// Refuses a URL naming (or resolving to) an address deliveries may not reach. A name that
/// does not resolve yet is accepted: deliveries check again, every time.
async fn check_reachable(state: &AppState, url: &str, invalid: &mut Invalid) {
    if url.is_empty() {
        return;
    }
    if let Err(outbound::Refusal::NotAllowed(_)) =
        outbound::check(url, state.config.webhook_networks).await
    {
        invalid.push("url", "address_not_allowed");
    }
}

#[utoipa::path(get, path = "/webhooks", tag = "platform",
    responses((status = 200, body = ListOf<WebhookDto>), (status = 403, body = crate::platform::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: crate::platform::caller::Caller,
) -> ApiResult<Json<ListOf<WebhookDto>>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let items = admin
        .store
        .webhooks()
        .await?
        .iter()
        .map(|w| webhook_dto(w, false))
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub events: Vec<String>,
}

#[utoipa::path(get, path = "/webhooks/events", tag = "platform", responses((status = 200, body = EventList)))]
pub async fn events(_caller: crate::platform::caller::Caller) -> Json<EventList> {
    Json(EventList {
        events: EVENTS.iter().map(|e| (*e).to_owned()).collect(),
    })
}

#[utoipa::path(post, path = "/webhooks", tag = "platform", request_body = WebhookInput,
    responses((status = 201, body = WebhookDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: crate::platform::caller::Caller,
    ApiJson(req): ApiJson<WebhookInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let mut invalid = Invalid::default();
    if req.url.is_none() {
        invalid.push("url", "required");
    }
    if req.events.is_none() {
        invalid.push("events", "required");
    }
    let now = closer_store::now();
    let mut secret = [0_u8; 24];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    let mut w = webhook::Model {
        tenant_id: admin.store.tenant_id(),
        id: closer_domain::ids::new_id(),
        url: String::new(),
        description: None,
        events: serde_json::json!([]),
        secret: format!("whsec_{}", hex::encode(secret)),
        active: true,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    apply(&mut w, req, &mut invalid);
    check_reachable(&state, &w.url, &mut invalid).await;
    invalid.finish(Some(()))?;
    let w = admin.store.create_webhook(admin.actor, w).await?;
    Ok(Versioned(w.version, webhook_dto(&w, true), StatusCode::CREATED).into_response())
}

#[utoipa::path(patch, path = "/webhooks/{id}", tag = "platform", params(("id" = String, Path)), request_body = WebhookInput,
    responses((status = 200, body = WebhookDto), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: crate::platform::caller::Caller,
    Path(id): Path<String>,
    IfMatch(version): IfMatch,
    ApiJson(req): ApiJson<WebhookInput>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let before = admin.store.webhook(path_id(&id)?).await?;
    let mut after = before.clone();
    let mut invalid = Invalid::default();
    apply(&mut after, req, &mut invalid);
    if after.url != before.url {
        check_reachable(&state, &after.url, &mut invalid).await;
    }
    invalid.finish(Some(()))?;
    let w = admin
        .store
        .update_webhook(admin.actor, before.id, version, |m| *m = after)
        .await?;
    Ok(Versioned(w.version, webhook_dto(&w, false), StatusCode::OK).into_response())
}

#[utoipa::path(delete, path = "/webhooks/{id}", tag = "platform", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::platform::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: crate::platform::caller::Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let admin = policy::settings_admin(&caller, &state)?;
    admin
        .store
        .delete_webhook(admin.actor, path_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryDto {
    pub id: String,
    pub event: String,
    /// `pending`, `retrying`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub last_error: Option<String>,
    /// The JSON body sent.
    pub payload: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn delivery_dto(d: webhook_delivery::Model) -> DeliveryDto {
    DeliveryDto {
        id: d.id.to_string(),
        event: d.event,
        status: d.status,
        attempts: d.attempts,
        response_status: d.response_status,
        response_body: d.response_body,
        last_error: d.last_error,
        payload: d.payload,
        created_at: d.created_at,
        delivered_at: d.delivered_at,
    }
}

#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "platform", params(("id" = String, Path)),
    responses((status = 200, body = ListOf<DeliveryDto>), (status = 404, body = crate::platform::error::Problem)))]
pub async fn deliveries(
    State(state): State<AppState>,
    caller: crate::platform::caller::Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListOf<DeliveryDto>>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let hook = admin.store.webhook(path_id(&id)?).await?;
    let items = admin
        .store
        .webhook_deliveries(hook.id, 100)
        .await?
        .into_iter()
        .map(delivery_dto)
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/webhooks/{id}/test", tag = "platform", params(("id" = String, Path)),
    responses((status = 202, body = DeliveryDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn send_test(
    State(state): State<AppState>,
    caller: crate::platform::caller::Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let admin = policy::settings_admin(&caller, &state)?;
    let hook = admin.store.webhook(path_id(&id)?).await?;
    let body = serde_json::json!({
        "id": closer_domain::ids::new_id().to_string(),
        "event": "webhook.test",
        "occurred_at": closer_store::now(),
        "tenant_id": caller.actor.tenant_id.to_string(),
        "data": {"webhook_id": hook.id.to_string()},
    });
    let d = admin
        .store
        .record_test_delivery(hook.id, &body.to_string())
        .await?;
    state
        .store
        .enqueue(NewJob {
            tenant_id: Some(caller.actor.tenant_id),
            kind: DELIVERY_JOB.into(),
            payload: serde_json::json!({ "delivery_id": d.id.to_string() }),
            run_at: closer_store::now(),
            dedupe_key: Some(format!("webhook-delivery:{}", d.id)),
            max_attempts: 1,
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(delivery_dto(d))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_and_body() {
        // Worked out independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            signature("whsec_test", 1_700_000_000, "{\"a\":1}"),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
    }
}
