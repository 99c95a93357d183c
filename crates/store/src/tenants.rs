//! Tenants: creating one with every default it needs, finding one by its slug.

use closer_domain::org::default_roles;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::{
    entity::{department, tenant, user},
    org::directory::{insert_user, new_role},
    platform::write,
    Store, StoreError,
};

/// What a new tenant is made of.
#[derive(Debug, Clone)]
pub struct NewTenant {
    pub slug: String,
    pub name: String,
    pub admin_email: String,
    pub admin_name: String,
    pub admin_password_hash: String,
    /// `zh-CN` or `en-US`: the language of default names and of users without their own.
    pub language: String,
    /// The currency the tenant keeps its accounts in (`CNY`, `USD`, …): all its money.
    pub currency: String,
}

/// The tenant and its first administrator.
#[derive(Debug, Clone)]
pub struct CreatedTenant {
    pub tenant: tenant::Model,
    pub admin: user::Model,
}

impl Store {
    /// Creates a tenant with its default roles, root department and administrator, at once.
    ///
    /// # Errors
    /// `Conflict("tenant_exists")` when the slug is taken.
    pub async fn create_tenant(&self, new: NewTenant) -> Result<CreatedTenant, StoreError> {
        let txn = self.begin_write().await?;
        let taken = tenant::Entity::find()
            .filter(tenant::Column::Slug.eq(&new.slug))
            .count(&*txn)
            .await?;
        if taken > 0 {
            return Err(StoreError::Conflict("tenant_exists"));
        }
        let now = crate::now();
        let tenant_id = closer_domain::ids::new_id();
        let english = new.language == "en-US";
        let tenant = tenant::Model {
            tenant_id,
            slug: new.slug,
            name: new.name.clone(),
            time_zone: "Asia/Shanghai".into(),
            currency: new.currency.clone(),
            default_language: new.language.clone(),
            created_at: now,
            version: 1,
        };
        tenant
            .clone()
            .into_active_model()
            .reset_all()
            .insert(&*txn)
            .await?;

        crate::platform::zones::fill_missing(&*txn, Some(tenant_id)).await?;
        let root = department::Model {
            tenant_id,
            id: closer_domain::ids::new_id(),
            parent_id: None,
            name: new.name,
            is_sales_region: false,
            head_user_id: None,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        write::insert::<department::Entity, _>(&*txn, tenant_id, None, root).await?;

        let mut admin_role = None;
        for role in default_roles() {
            let name = if english { role.name_en } else { role.name_zh };
            let perms = role
                .permissions
                .iter()
                .map(|p| p.key().to_owned())
                .collect();
            let model = new_role(
                tenant_id,
                role.key.into(),
                name.into(),
                role.scope.key().into(),
                perms,
                true,
            );
            let model =
                write::insert::<crate::entity::role::Entity, _>(&*txn, tenant_id, None, model)
                    .await?;
            if role.key == "admin" {
                admin_role = Some(model.id);
            }
        }
        let admin_role = admin_role.ok_or(StoreError::NotFound)?;
        crate::opportunities::process::ensure_default_process(&*txn, tenant_id, english).await?;
        let admin = insert_user(
            &*txn,
            tenant_id,
            None,
            new.admin_email,
            new.admin_name,
            new.admin_password_hash,
            admin_role,
            None,
            Some(new.language),
        )
        .await?;
        txn.commit().await?;
        Ok(CreatedTenant { tenant, admin })
    }

    /// # Errors
    /// `NotFound` when no tenant has the slug.
    pub async fn tenant_by_slug(&self, slug: &str) -> Result<tenant::Model, StoreError> {
        tenant::Entity::find()
            .filter(tenant::Column::Slug.eq(slug))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// `NotFound` when no tenant has the id.
    pub async fn tenant_by_id(&self, id: Uuid) -> Result<tenant::Model, StoreError> {
        tenant::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// # Errors
    /// When the database fails.
    pub async fn tenants(&self) -> Result<Vec<tenant::Model>, StoreError> {
        Ok(tenant::Entity::find()
            .order_by_asc(tenant::Column::Slug)
            .all(&self.db)
            .await?)
    }
}
