//! Notifications: one service every module sends through, delivered by jobs; the inbox API.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use closer_domain::text::Language;
use closer_store::{entity::notification, platform::jobs::NewJob};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    platform::caller::Caller,
    platform::dto::{Count, ListOf},
    platform::error::{ApiError, ApiResult},
    platform::extract::{cursor, limit, path_id, ApiQuery},
    platform::policy,
    platform::state::AppState,
};

pub const DELIVERY_JOB: &str = "deliver-notification";

/// A message in both languages; the recipient reads it in theirs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub link: Option<String>,
}

impl Message {
    #[must_use]
    pub fn welcome(tenant_name: &str, user: &closer_store::entity::user::Model) -> Self {
        Self {
            kind: "welcome".into(),
            title_zh: format!("欢迎加入 {tenant_name}"),
            title_en: format!("Welcome to {tenant_name}"),
            body_zh: format!(
                "{}，您的 Closer 账号已开通，可以用 {} 登录。",
                user.name, user.email
            ),
            body_en: format!(
                "{}, your Closer account is ready; sign in with {}.",
                user.name, user.email
            ),
            link: Some("/".into()),
        }
    }

    #[must_use]
    pub fn role_changed(role_name: &str) -> Self {
        Self {
            kind: "role_changed".into(),
            title_zh: "您的角色已变更".into(),
            title_en: "Your role changed".into(),
            body_zh: format!("管理员把您的角色改为「{role_name}」，权限随之变化。"),
            body_en: format!("An administrator changed your role to \"{role_name}\"; your permissions changed with it."),
            link: None,
        }
    }

    /// A holder's record goes back to its pool unless followed up by `until`.
    #[must_use]
    pub fn recycling_soon(
        kind: closer_domain::pool::PoolKind,
        name: &str,
        until: chrono::DateTime<chrono::Utc>,
        id: &str,
    ) -> Self {
        use closer_domain::pool::PoolKind;
        let when = until
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%Y-%m-%d %H:%M");
        let (kind_code, zh, en, zh_pool) = match kind {
            PoolKind::Lead => ("lead_recycling_soon", "线索", "Lead", "公海"),
            PoolKind::Customer => ("customer_recycling_soon", "客户", "Customer", "客户公海"),
        };
        Self {
            kind: kind_code.into(),
            title_zh: format!("{zh}即将退回公海：{name}"),
            title_en: format!("{en} returns to the pool soon: {name}"),
            body_zh: format!("如在 {when} 前仍未跟进，该{zh}将自动退回{zh_pool}。"),
            body_en: format!(
                "Unless followed up before {when} (UTC+8), the {} goes back to the pool.",
                en.to_lowercase()
            ),
            link: Some(format!("/{}/{id}", kind.record_type())),
        }
    }

    #[must_use]
    pub fn password_reset() -> Self {
        Self {
            kind: "password_reset".into(),
            title_zh: "您的密码已被重置".into(),
            title_en: "Your password was reset".into(),
            body_zh: "管理员重置了您的密码，您已在所有设备上退出登录。".into(),
            body_en: "An administrator reset your password; you were signed out everywhere.".into(),
            link: None,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Delivery {
    tenant_id: Uuid,
    user_id: Uuid,
    notification_id: Uuid,
    message: Message,
}

/// Sends notifications. Each delivery is a job, so a slow channel never slows a request.
pub struct Notifier<'a> {
    state: &'a AppState,
}

impl<'a> Notifier<'a> {
    #[must_use]
    pub fn new(state: &'a AppState) -> Self {
        Self { state }
    }

    /// Queues a message for a user.
    ///
    /// # Errors
    /// When the job cannot be queued.
    pub async fn send(&self, tenant_id: Uuid, user_id: Uuid, message: Message) -> ApiResult<()> {
        let notification_id = closer_domain::ids::new_id();
        let payload = serde_json::to_value(Delivery {
            tenant_id,
            user_id,
            notification_id,
            message,
        })
        .map_err(|_| ApiError::internal())?;
        self.state
            .store
            .enqueue(NewJob {
                tenant_id: Some(tenant_id),
                kind: DELIVERY_JOB.into(),
                payload,
                run_at: closer_store::now(),
                dedupe_key: Some(format!("notification:{notification_id}")),
                max_attempts: 10,
            })
            .await?;
        self.state.jobs_wake.notify_one();
        Ok(())
    }
}

/// Delivers one queued message: into the in-app inbox, in the recipient's language.
///
/// # Errors
/// When the payload is not a delivery or the database fails.
pub async fn deliver(
    state: &AppState,
    payload: &serde_json::Value,
) -> Result<Option<serde_json::Value>, String> {
    let d: Delivery = serde_json::from_value(payload.clone()).map_err(|e| e.to_string())?;
    let store = super::policy::background(state, d.tenant_id);
    let user = store.user(d.user_id).await.map_err(|e| e.to_string())?;
    let lang = match user.language.as_deref().map(Language::parse) {
        Some(Ok(l)) => l,
        _ => {
            let tenant = state
                .store
                .tenant_by_id(d.tenant_id)
                .await
                .map_err(|e| e.to_string())?;
            Language::parse(&tenant.default_language).unwrap_or_default()
        }
    };
    let (title, body) = match lang {
        Language::ZhCn => (d.message.title_zh, d.message.body_zh),
        Language::EnUs => (d.message.title_en, d.message.body_en),
    };
    store
        .insert_notification(notification::Model {
            tenant_id: d.tenant_id,
            id: d.notification_id,
            user_id: d.user_id,
            kind: d.message.kind,
            title,
            body,
            link: d.message.link,
            created_at: closer_store::now(),
            read_at: None,
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(None)
}

#[derive(Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    pub unread: Option<bool>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/notifications", tag = "notifications", params(InboxQuery), responses((status = 200, body = ListOf<NotificationDto>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> ApiResult<Json<ListOf<NotificationDto>>> {
    let own = policy::own(&caller, &state);
    let page = own
        .store
        .notifications(
            own.user_id,
            q.unread == Some(true),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    let items = page
        .items
        .into_iter()
        .map(|n| NotificationDto {
            id: n.id.to_string(),
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link,
            created_at: n.created_at,
            read_at: n.read_at,
        })
        .collect();
    Ok(Json(ListOf {
        items,
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

#[utoipa::path(get, path = "/notifications/unread-count", tag = "notifications", responses((status = 200, body = Count)))]
pub async fn unread_count(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Count>> {
    let own = policy::own(&caller, &state);
    Ok(Json(Count {
        count: own.store.unread_notifications(own.user_id).await?,
    }))
}

#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::platform::error::Problem)))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let own = policy::own(&caller, &state);
    own.store
        .mark_notifications_read(own.user_id, Some(path_id(&id)?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications", responses((status = 200, body = Count)))]
pub async fn mark_all_read(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Count>> {
    let own = policy::own(&caller, &state);
    Ok(Json(Count {
        count: own.store.mark_notifications_read(own.user_id, None).await?,
    }))
}
