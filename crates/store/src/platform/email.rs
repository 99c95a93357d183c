//! The e-mail outbox: every message queued once under a key (a second copy of the same key
//! is never made, however many servers or reruns try), claimed by one sender, marked sent or
//! failed.

use sea_orm::{
    sea_query::{Expr, OnConflict},
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    entity::{email_outbox, notification},
    StoreError, TenantStore,
};

/// A message for one person: in the app, and by e-mail when the tenant sends e-mail.
#[derive(Debug, Clone)]
pub struct Message {
    pub user_id: Uuid,
    /// Where the e-mail goes; `None`: in the app only.
    pub email: Option<String>,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
}

impl TenantStore {
    /// Queues a message once under `key`: the in-app notification and (when `email` is
    /// set) an e-mail in the outbox, in one write. Returns the outbox row when this call
    /// queued it, `None` when the key was queued before.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn queue_message_once(
        &self,
        key: &str,
        m: &Message,
    ) -> Result<Option<email_outbox::Model>, StoreError> {
        let txn = self.store.begin_write().await?;
        let now = crate::now();
        let row = email_outbox::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            created_at: now,
            dedupe_key: key.chars().take(200).collect(),
            to_user_id: Some(m.user_id),
            to_address: m.email.clone().unwrap_or_default(),
            subject: m.subject.chars().take(400).collect(),
            body: m.body.clone(),
            status: if m.email.is_some() {
                "pending"
            } else {
                "in_app_only"
            }
            .into(),
            attempts: 0,
            last_error: None,
            sent_at: None,
        };
        let inserted = email_outbox::Entity::insert(row.clone().into_active_model())
            .on_conflict(
                OnConflict::columns([
                    email_outbox::Column::TenantId,
                    email_outbox::Column::DedupeKey,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&*txn)
            .await?;
        if inserted == 0 {
            return Ok(None);
        }
        notification::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            user_id: m.user_id,
            kind: m.kind.clone(),
            title: m.subject.chars().take(200).collect(),
            body: m.body.chars().take(4000).collect(),
            link: m.link.clone(),
            created_at: now,
            read_at: None,
        }
        .into_active_model()
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        Ok(Some(row))
    }

    /// Whether a message was queued under `key` already.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn message_queued(&self, key: &str) -> Result<bool, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(email_outbox::Entity::find()
            .filter(email_outbox::Column::TenantId.eq(self.tenant_id))
            .filter(email_outbox::Column::DedupeKey.eq(key))
            .count(self.db())
            .await?
            > 0)
    }

    /// Queues an e-mail alone (a test message) under a fresh key.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn queue_email(
        &self,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<email_outbox::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let now = crate::now();
        let row = email_outbox::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            created_at: now,
            dedupe_key: format!("email:{}", closer_domain::ids::new_id()),
            to_user_id: None,
            to_address: to.to_owned(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            status: "pending".into(),
            attempts: 0,
            last_error: None,
            sent_at: None,
        };
        row.clone().into_active_model().insert(&*txn).await?;
        txn.commit().await?;
        Ok(row)
    }

    /// Takes a pending e-mail for sending: exactly one caller gets it.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn claim_email(&self, id: Uuid) -> Result<Option<email_outbox::Model>, StoreError> {
        let txn = self.store.begin_write().await?;
        let taken = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, Expr::value("sending"))
            .col_expr(
                email_outbox::Column::Attempts,
                Expr::col(email_outbox::Column::Attempts).add(1),
            )
            .filter(email_outbox::Column::TenantId.eq(self.tenant_id))
            .filter(email_outbox::Column::Id.eq(id))
            .filter(email_outbox::Column::Status.eq("pending"))
            .exec(&*txn)
            .await?;
        let row = if taken.rows_affected == 1 {
            email_outbox::Entity::find_by_id((self.tenant_id, id))
                .one(&*txn)
                .await?
        } else {
            None
        };
        txn.commit().await?;
        Ok(row)
    }

    /// Marks a claimed e-mail sent, or failed with the reason (`retry`: back to pending).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn finish_email(
        &self,
        id: Uuid,
        outcome: Result<(), String>,
        retry: bool,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let mut q = email_outbox::Entity::update_many();
        q = match outcome {
            Ok(()) => q
                .col_expr(email_outbox::Column::Status, Expr::value("sent"))
                .col_expr(email_outbox::Column::SentAt, Expr::value(crate::now())),
            Err(e) => q
                .col_expr(
                    email_outbox::Column::Status,
                    Expr::value(if retry { "pending" } else { "failed" }),
                )
                .col_expr(
                    email_outbox::Column::LastError,
                    Expr::value(e.chars().take(2000).collect::<String>()),
                ),
        };
        q.filter(email_outbox::Column::TenantId.eq(self.tenant_id))
            .filter(email_outbox::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// The e-mails waiting to be sent, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn pending_emails(&self, limit: u64) -> Result<Vec<email_outbox::Model>, StoreError> {
        Ok(email_outbox::Entity::find()
            .filter(email_outbox::Column::TenantId.eq(self.tenant_id))
            .filter(email_outbox::Column::Status.eq("pending"))
            .order_by_asc(email_outbox::Column::CreatedAt)
            .limit(limit)
            .all(self.db())
            .await?)
    }

    /// The latest e-mails, newest first (the settings page shows what went out).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn recent_emails(&self, limit: u64) -> Result<Vec<email_outbox::Model>, StoreError> {
        Ok(email_outbox::Entity::find()
            .filter(email_outbox::Column::TenantId.eq(self.tenant_id))
            .filter(email_outbox::Column::Status.ne("in_app_only"))
            .order_by_desc(email_outbox::Column::CreatedAt)
            .limit(limit)
            .all(self.db())
            .await?)
    }
}
