//! Sign-in records: sessions, API tokens and failed attempts. Platform tables, found by a
//! hash before the tenant is known; each row still carries its `tenant_id`.

use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::{
    entity::{api_token, login_attempt, session},
    Store, StoreError, TenantStore,
};

/// Signs out every session of one user (on deactivation or password reset).
pub(crate) async fn end_user_sessions<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<(), StoreError> {
    session::Entity::delete_many()
        .filter(session::Column::TenantId.eq(tenant_id))
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    // Their API tokens die too, and stay dead if the user is reactivated: a new password
    // or a return to work starts with new tokens.
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(crate::now()),
        )
        .filter(api_token::Column::TenantId.eq(tenant_id))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

impl Store {
    /// # Errors
    /// When the database fails.
    pub async fn create_session(&self, model: session::Model) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        model.into_active_model().reset_all().insert(&*txn).await?;
        txn.commit().await
    }

    /// The live session with this token hash, if any.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn live_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<session::Model>, StoreError> {
        Ok(session::Entity::find_by_id(token_hash.to_owned())
            .filter(session::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await?)
    }

    /// Moves a session's idle expiry forward.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn touch_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, now.into())
            .col_expr(session::Column::ExpiresAt, expires_at.into())
            .filter(session::Column::TokenHash.eq(token_hash))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// # Errors
    /// When the database fails.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        session::Entity::delete_by_id(token_hash.to_owned())
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        self.bump_auth_generation();
        Ok(())
    }

    /// Deletes expired sessions; returns how many.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let txn = self.begin_write().await?;
        let res = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(now))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(res.rows_affected)
    }

    /// The unrevoked API token with this hash; notes its use.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn live_api_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<api_token::Model>, StoreError> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(token_hash))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?)
    }

    /// The lock on sign-ins for this key, if one is in force.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_locked_until(
        &self,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let row = login_attempt::Entity::find_by_id(key.to_owned())
            .one(&self.db)
            .await?;
        Ok(row
            .and_then(|r| r.locked_until)
            .filter(|until| *until > now))
    }

    /// Counts a failed sign-in; after `max_failures` within `window`, locks for `lock`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_login_failure(
        &self,
        key: &str,
        tenant_id: Option<Uuid>,
        now: DateTime<Utc>,
        window: chrono::Duration,
        max_failures: i32,
        lock: chrono::Duration,
    ) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        let row = login_attempt::Entity::find_by_id(key.to_owned())
            .one(&*txn)
            .await?;
        let (failures, started) = match row {
            Some(r) if now - r.window_started_at < window => (r.failures + 1, r.window_started_at),
            _ => (1, now),
        };
        let locked_until = (failures >= max_failures).then(|| now + lock);
        let model = login_attempt::ActiveModel {
            key: Set(key.to_owned()),
            tenant_id: Set(tenant_id),
            failures: Set(failures),
            window_started_at: Set(started),
            locked_until: Set(locked_until),
        };
        login_attempt::Entity::insert(model)
            .on_conflict(
                OnConflict::column(login_attempt::Column::Key)
                    .update_columns([
                        login_attempt::Column::Failures,
                        login_attempt::Column::WindowStartedAt,
                        login_attempt::Column::LockedUntil,
                    ])
                    .to_owned(),
            )
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// Forgets failed attempts after a successful sign-in.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        login_attempt::Entity::delete_by_id(key.to_owned())
            .exec(&*txn)
            .await?;
        txn.commit().await
    }
}

impl TenantStore {
    /// # Errors
    /// When the database fails.
    pub async fn create_api_token(
        &self,
        model: api_token::Model,
    ) -> Result<api_token::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let model = api_token::Model {
            tenant_id: self.tenant_id,
            ..model
        };
        model
            .clone()
            .into_active_model()
            .reset_all()
            .insert(&*txn)
            .await?;
        txn.commit().await?;
        Ok(model)
    }

    /// A user's tokens, newest first, revoked ones included.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn api_tokens(&self, user_id: Uuid) -> Result<Vec<api_token::Model>, StoreError> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::TenantId.eq(self.tenant_id))
            .filter(api_token::Column::UserId.eq(user_id))
            .order_by_desc(api_token::Column::Id)
            .all(self.db())
            .await?)
    }

    /// Revokes one of a user's tokens.
    ///
    /// # Errors
    /// `NotFound` when the user has no such live token.
    pub async fn revoke_api_token(&self, user_id: Uuid, id: Uuid) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let res = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, crate::now().into())
            .filter(api_token::Column::TenantId.eq(self.tenant_id))
            .filter(api_token::Column::UserId.eq(user_id))
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&*txn)
            .await?;
        if res.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        txn.commit().await?;
        self.store.bump_auth_generation();
        Ok(())
    }
}
