//! E-mail: the tenant's SMTP settings (`GET/PUT /settings/email`, the password never read
//! back), a test message (`POST /settings/email/test`), and the sender that delivers the
//! outbox one message per job, STARTTLS or TLS with the tenant's credentials.

use axum::{extract::State, Json};
use closer_store::platform::email::Message;
use lettre::{
    message::{header::ContentType, Mailbox},
    transport::smtp::{
        authentication::Credentials,
        client::{Tls, TlsParameters},
    },
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    caller::Caller,
    error::{ApiError, ApiResult, Invalid},
    extract::ApiJson,
    policy,
    state::{AppState, JobOutcome},
};
use closer_store::platform::jobs::NewJob;

/// The job kind that sends one queued e-mail.
pub const SEND_JOB: &str = "email-send";

const SETTINGS: &str = "email";
const SECRET: &str = "email.secret";

/// A tenant's SMTP server, as saved (the password apart).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct EmailSettings {
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    /// `starttls` (default), `tls` or `none`.
    pub security: String,
    pub username: String,
    pub from_address: String,
    pub from_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Secret {
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct EmailSettingsDto {
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    /// `starttls`, `tls` or `none`.
    pub security: String,
    pub username: String,
    /// Whether a password is kept; it is never read back.
    pub password_set: bool,
    pub from_address: String,
    pub from_name: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailSettingsInput {
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    pub security: String,
    #[serde(default)]
    pub username: String,
    /// Absent: keep the one saved; `""`: remove it.
    pub password: Option<String>,
    pub from_address: String,
    #[serde(default)]
    pub from_name: String,
}

async fn load(store: &closer_store::TenantStore) -> ApiResult<(EmailSettings, Secret)> {
    Ok((store.setting(SETTINGS).await?, store.setting(SECRET).await?))
}

fn dto(s: &EmailSettings, secret: &Secret) -> EmailSettingsDto {
    EmailSettingsDto {
        enabled: s.enabled,
        host: s.host.clone(),
        port: s.port,
        security: if s.security.is_empty() {
            "starttls".into()
        } else {
            s.security.clone()
        },
        username: s.username.clone(),
        password_set: !secret.password.is_empty(),
        from_address: s.from_address.clone(),
        from_name: s.from_name.clone(),
    }
}

#[utoipa::path(get, path = "/settings/email", tag = "notifications",
    responses((status = 200, body = EmailSettingsDto), (status = 403, body = crate::platform::error::Problem)))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<EmailSettingsDto>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let (s, secret) = load(&admin.store).await?;
    Ok(Json(dto(&s, &secret)))
}

#[utoipa::path(put, path = "/settings/email", tag = "notifications", request_body = EmailSettingsInput,
    responses((status = 200, body = EmailSettingsDto), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<EmailSettingsInput>,
) -> ApiResult<Json<EmailSettingsDto>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let mut invalid = Invalid::default();
    let host = req.host.trim().to_owned();
    if req.enabled && host.is_empty() {
        invalid.push("host", "required");
    }
    if host.len() > 253 || host.chars().any(|c| c.is_whitespace() || c == '/') {
        invalid.push("host", "invalid_format");
    }
    if req.enabled && req.port == 0 {
        invalid.push("port", "required");
    }
    if !["starttls", "tls", "none"].contains(&req.security.as_str()) {
        invalid.push("security", "not_allowed");
    }
    let from = req.from_address.trim().to_owned();
    if (req.enabled || !from.is_empty()) && from.parse::<lettre::Address>().is_err() {
        invalid.push("from_address", "invalid_format");
    }
    if req.username.chars().count() > 200 {
        invalid.push("username", "too_long");
    }
    if req.from_name.chars().count() > 200 {
        invalid.push("from_name", "too_long");
    }
    if req
        .password
        .as_ref()
        .is_some_and(|p| p.chars().count() > 500)
    {
        invalid.push("password", "too_long");
    }
    invalid.finish(Some(()))?;
    let s = EmailSettings {
        enabled: req.enabled,
        host,
        port: req.port,
        security: req.security,
        username: req.username.trim().to_owned(),
        from_address: from,
        from_name: req.from_name.trim().to_owned(),
    };
    admin.store.save_setting(admin.actor, SETTINGS, &s).await?;
    if let Some(p) = req.password {
        admin
            .store
            .save_setting(admin.actor, SECRET, &Secret { password: p })
            .await?;
    }
    let (s, secret) = load(&admin.store).await?;
    Ok(Json(dto(&s, &secret)))
}

/// Sends one message through the tenant's SMTP server.
///
/// # Errors
/// What the server or the connection said, in words.
pub async fn send(
    settings: &EmailSettings,
    password: &str,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<(), String> {
    let from: Mailbox = if settings.from_name.is_empty() {
        settings
            .from_address
            .parse()
            .map_err(|e| format!("from address: {e}"))?
    } else {
        format!("{} <{}>", settings.from_name, settings.from_address)
            .parse()
            .map_err(|e| format!("from address: {e}"))?
    };
    let to: Mailbox = to.parse().map_err(|e| format!("to address: {e}"))?;
    let message = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())?;
    let params = TlsParameters::new(settings.host.clone()).map_err(|e| e.to_string())?;
    let tls = match settings.security.as_str() {
        "none" => Tls::None,
        "tls" => Tls::Wrapper(params),
        _ => Tls::Required(params),
    };
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
            .port(settings.port)
            .tls(tls)
            .timeout(Some(std::time::Duration::from_secs(20)));
    if !settings.username.is_empty() {
        builder = builder.credentials(Credentials::new(
            settings.username.clone(),
            password.to_owned(),
        ));
    }
    builder
        .build()
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestEmailInput {
    /// Where to send the test message (default: your own address).
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TestEmailDto {
    pub sent: bool,
    /// What the mail server said when it refused.
    pub error: Option<String>,
}

#[utoipa::path(post, path = "/settings/email/test", tag = "notifications", request_body = TestEmailInput,
    responses((status = 200, body = TestEmailDto), (status = 403, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn test_message(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<TestEmailInput>,
) -> ApiResult<Json<TestEmailDto>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let to = req
        .to
        .map_or_else(|| caller.user.email.clone(), |t| t.trim().to_owned());
    if to.parse::<lettre::Address>().is_err() {
        return Err(ApiError::field("to", "invalid_format"));
    }
    let (s, secret) = load(&admin.store).await?;
    if s.host.is_empty() || s.from_address.is_empty() {
        return Err(ApiError::conflict("email_not_configured"));
    }
    let (subject, body) = if caller.user.language.as_deref() == Some("en-US") {
        (
            "Closer test message",
            format!(
                "This is a test message from Closer for {}.",
                caller.tenant.name
            ),
        )
    } else {
        (
            "Closer 测试邮件",
            format!("这是 Closer 为 {} 发送的测试邮件。", caller.tenant.name),
        )
    };
    let result = send(&s, &secret.password, &to, subject, &body).await;
    Ok(Json(TestEmailDto {
        sent: result.is_ok(),
        error: result.err(),
    }))
}

/// Queues a message for a person once under `key`: in the app, and by e-mail when the
/// tenant sends e-mail and the person has an address. Returns whether this call queued it.
///
/// # Errors
/// When the database fails.
pub async fn queue_once(
    state: &AppState,
    tenant_id: Uuid,
    key: &str,
    mut m: Message,
) -> ApiResult<bool> {
    let store = policy::background(state, tenant_id);
    let (s, _) = load(&store).await?;
    if !s.enabled {
        m.email = None;
    }
    let Some(row) = store.queue_message_once(key, &m).await? else {
        return Ok(false);
    };
    if row.status == "pending" {
        enqueue_send(state, tenant_id, row.id).await?;
    }
    Ok(true)
}

async fn enqueue_send(state: &AppState, tenant_id: Uuid, id: Uuid) -> ApiResult<()> {
    state
        .store
        .enqueue(NewJob {
            tenant_id: Some(tenant_id),
            kind: SEND_JOB.into(),
            payload: serde_json::json!({ "email_id": id.to_string() }),
            run_at: closer_store::now(),
            dedupe_key: Some(format!("email:{id}")),
            max_attempts: 1,
        })
        .await?;
    state.jobs_wake.notify_one();
    Ok(())
}

/// Sends one queued e-mail: claimed first, so it goes out once even when two servers run.
///
/// # Errors
/// When the payload names no e-mail or the database fails.
pub async fn run_send(state: &AppState, job: &closer_store::entity::job::Model) -> JobOutcome {
    let tenant_id = job.tenant_id.ok_or("an e-mail needs a tenant")?;
    let id: Uuid = job
        .payload
        .get("email_id")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
        .ok_or("no e-mail id")?;
    let store = policy::background(state, tenant_id);
    let Some(row) = store.claim_email(id).await.map_err(|e| e.to_string())? else {
        return Ok(Some(
            serde_json::json!({ "sent": false, "reason": "already taken" }),
        ));
    };
    let (s, secret) = load(&store).await.map_err(|e| e.code.to_owned())?;
    let outcome = send(
        &s,
        &secret.password,
        &row.to_address,
        &row.subject,
        &row.body,
    )
    .await;
    let sent = outcome.is_ok();
    // A message refused is marked failed, not retried: a second try could deliver it twice.
    store
        .finish_email(id, outcome.clone(), false)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Some(
        serde_json::json!({ "sent": sent, "error": outcome.err() }),
    ))
}
