//! The demo tenant: a company with regions, teams and people in every default role.

use anyhow::{anyhow, Result};
use closer_domain::text::NewPassword;
use closer_store::{tenants::NewTenant, Store};

mod cash;
mod contracts;
mod customers;
mod leads;
mod names;
mod opportunities;
mod targets;

pub use names::{ADMIN_EMAIL, PASSWORD};

/// Creates the demo tenant unless it exists.
pub async fn ensure(store: &Store, slug: &str, documents: &std::path::Path) -> Result<()> {
    if store.tenant_by_slug(slug).await.is_ok() {
        return Ok(());
    }
    create(store, slug, "small", documents).await
}

/// (department key, name, parent key, is sales region)
const DEPARTMENTS: &[(&str, &str, &str, bool)] = &[
    ("east", "华东大区 East China", "", true),
    ("shanghai", "上海销售一组 Shanghai Team 1", "east", false),
    ("hangzhou", "杭州销售组 Hangzhou Team", "east", false),
    ("north", "华北大区 North China", "", true),
    ("beijing", "北京销售组 Beijing Team", "north", false),
    ("south", "华南大区 South China", "", true),
    ("shenzhen", "深圳销售组 Shenzhen Team", "south", false),
    ("finance", "财务部 Finance", "", false),
    ("marketing", "市场部 Marketing", "", false),
];

/// (email local part, name, role key, department key, language, heads department)
const PEOPLE: &[(&str, &str, &str, &str, &str, bool)] = &[
    (
        "manager.east",
        "王强 Wang Qiang",
        "sales_manager",
        "east",
        "zh-CN",
        true,
    ),
    (
        "lead.shanghai",
        "赵磊 Zhao Lei",
        "sales_manager",
        "shanghai",
        "zh-CN",
        true,
    ),
    (
        "zhang.wei",
        "张伟 Zhang Wei",
        "sales_rep",
        "shanghai",
        "zh-CN",
        false,
    ),
    (
        "li.na",
        "李娜 Li Na",
        "sales_rep",
        "shanghai",
        "zh-CN",
        false,
    ),
    (
        "chen.jie",
        "陈杰 Chen Jie",
        "sales_rep",
        "hangzhou",
        "zh-CN",
        false,
    ),
    (
        "manager.north",
        "Emily Zhao 赵敏",
        "sales_manager",
        "north",
        "en-US",
        true,
    ),
    (
        "liu.yang",
        "刘洋 Liu Yang",
        "sales_rep",
        "beijing",
        "zh-CN",
        false,
    ),
    (
        "david.sun",
        "David Sun 孙大卫",
        "sales_rep",
        "beijing",
        "en-US",
        false,
    ),
    (
        "manager.south",
        "黄磊 Huang Lei",
        "sales_manager",
        "south",
        "zh-CN",
        true,
    ),
    (
        "wu.fang",
        "吴芳 Wu Fang",
        "sales_rep",
        "shenzhen",
        "zh-CN",
        false,
    ),
    (
        "finance",
        "周静 Zhou Jing",
        "finance",
        "finance",
        "zh-CN",
        true,
    ),
    (
        "marketing",
        "Grace Lin 林雅",
        "marketing",
        "marketing",
        "en-US",
        true,
    ),
];

/// Loads the demo organisation into a new tenant.
pub async fn create(
    store: &Store,
    slug: &str,
    _size: &str,
    documents: &std::path::Path,
) -> Result<()> {
    let password = NewPassword::parse(PASSWORD).map_err(|e| anyhow!("{e}"))?;
    let hash = closer_server::org::passwords::hash_password(&password)
        .map_err(|_| anyhow!("cannot hash the password"))?;
    let created = store
        .create_tenant(NewTenant {
            slug: slug.into(),
            name: "星辰科技 Xingchen Tech".into(),
            admin_email: ADMIN_EMAIL.into(),
            admin_name: "系统管理员 Admin".into(),
            admin_password_hash: hash.clone(),
            language: "zh-CN".into(),
            currency: "CNY".into(),
        })
        .await
        .map_err(|e| anyhow!("cannot create the demo tenant: {e}"))?;
    let ts = store.tenant(created.tenant.tenant_id);
    let admin = created.admin.id;
    let mut ids = std::collections::HashMap::new();
    for (key, name, parent, region) in DEPARTMENTS {
        let parent_id = if parent.is_empty() {
            None
        } else {
            ids.get(parent).copied()
        };
        let d = ts
            .create_department(admin, (*name).into(), parent_id, *region, None)
            .await
            .map_err(|e| anyhow!("demo department {key}: {e}"))?;
        ids.insert(*key, d.id);
    }
    for (local, name, role, dept, lang, head) in PEOPLE {
        let role = ts
            .role_by_key(role)
            .await
            .map_err(|e| anyhow!("demo role {role}: {e}"))?;
        let department_id = ids.get(dept).copied();
        let user = ts
            .create_user(
                Some(admin),
                format!("{local}@demo.example.com"),
                (*name).into(),
                hash.clone(),
                role.id,
                department_id,
                Some((*lang).into()),
            )
            .await
            .map_err(|e| anyhow!("demo user {local}: {e}"))?;
        if *head {
            if let Some(d) = department_id {
                ts.update_department(
                    admin,
                    d,
                    None,
                    closer_store::org::directory::DepartmentChanges {
                        head_user_id: Some(Some(user.id)),
                        ..Default::default()
                    },
                )
                .await
                .map_err(|e| anyhow!("demo head of {dept}: {e}"))?;
            }
        }
    }
    leads::leads(store, slug).await?;
    customers::customers(store, slug, documents).await?;
    opportunities::opportunities(store, slug).await?;
    contracts::contracts(store, slug).await?;
    cash::cash(store, slug, documents).await?;
    targets::targets(store, slug).await
}
