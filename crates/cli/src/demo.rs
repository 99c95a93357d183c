//! The demo tenant: a company with regions, teams and people in every default role.

use anyhow::{anyhow, Result};
use closer_domain::text::NewPassword;
use closer_store::{tenants::NewTenant, Store};

pub const ADMIN_EMAIL: &str = "admin@demo.example.com";
pub const PASSWORD: &str = "closer-demo";

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
    leads(store, slug).await?;
    customers(store, slug, documents).await?;
    opportunities(store, slug).await
}

/// A small deterministic generator, so every demo looks the same.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % (n as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next(items.len())]
    }
}

const BRANDS: &[&str] = &[
    "星云", "海川", "远航", "青山", "白云", "长城", "金桥", "华盛", "东方", "博远", "恒达", "瑞丰",
    "天合", "新锐", "鼎信", "嘉禾", "汇通", "宏图", "正源", "卓越", "明德", "凯盛", "中科", "万达",
    "永泰", "启明", "安泰", "蓝海", "云帆", "智联",
];
const TRADES: &[&str] = &[
    "科技",
    "软件",
    "电子",
    "制造",
    "物流",
    "医疗器械",
    "食品",
    "新材料",
    "能源",
    "咨询",
];
const CITIES: &[(&str, &str)] = &[
    ("上海", "上海"),
    ("杭州", "浙江"),
    ("苏州", "江苏"),
    ("南京", "江苏"),
    ("北京", "北京"),
    ("天津", "天津"),
    ("深圳", "广东"),
    ("广州", "广东"),
    ("成都", "四川"),
    ("武汉", "湖北"),
];
const EN_COMPANIES: &[&str] = &[
    "Northwind Traders",
    "Contoso Manufacturing",
    "Fabrikam Logistics",
    "Tailspin Medical",
    "Litware Software",
    "Adventure Works",
    "Proseware Analytics",
    "Wide World Importers",
    "Blue Yonder Foods",
    "Alpine Ski House",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰", "婷", "强",
];
const EN_PEOPLE: &[&str] = &[
    "Ann Lee",
    "Mark Chen",
    "Sara Wong",
    "Tom Baker",
    "Lucy Park",
    "Ivan Petrov",
    "Maria Garcia",
];
const TITLES: &[&str] = &[
    "采购经理",
    "IT 总监",
    "总经理",
    "运营负责人",
    "财务总监",
    "CTO",
    "Head of Operations",
];
const INDUSTRIES: &[&str] = &[
    "制造业",
    "软件和信息技术",
    "医疗健康",
    "物流运输",
    "零售",
    "能源",
    "金融",
];
const SOURCES: &[&str] = &[
    "manual",
    "web_form",
    "import",
    "referral",
    "campaign",
    "api",
    "trade_show",
];

/// Campaigns, a routing rule and a few hundred leads across channels, owners, statuses and
/// the pool — with some duplicates among them, as real data has.
pub async fn leads(store: &Store, slug: &str) -> Result<()> {
    use closer_domain::leads::dedupe::normalize_phone;
    let tenant = store
        .tenant_by_slug(slug)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let ts = store.tenant(tenant.tenant_id);
    let admin = ts
        .user_by_email(ADMIN_EMAIL)
        .await
        .map_err(|e| anyhow!("{e}"))?
        .id;
    let now = closer_store::now();
    let mut campaigns = Vec::new();
    for (name, channel, cost) in [
        (
            "2026 上海工博会 Shanghai Industry Fair",
            "trade_show",
            15_000_000,
        ),
        ("官网 SEO 春季推广 Web SEO", "web", 3_000_000),
        ("客户转介绍计划 Referral programme", "referral", 500_000),
    ] {
        let c = ts
            .create_campaign(
                admin,
                closer_store::entity::campaign::Model {
                    tenant_id: tenant.tenant_id,
                    id: closer_domain::ids::new_id(),
                    name: name.into(),
                    channel: Some(channel.into()),
                    starts_on: None,
                    ends_on: None,
                    cost_minor: cost,
                    currency: "CNY".into(),
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
            )
            .await
            .map_err(|e| anyhow!("demo campaign: {e}"))?;
        campaigns.push(c.id);
    }
    let reps: Vec<uuid::Uuid> = {
        let mut ids = Vec::new();
        for email in [
            "zhang.wei",
            "li.na",
            "chen.jie",
            "liu.yang",
            "david.sun",
            "wu.fang",
        ] {
            ids.push(
                ts.user_by_email(&format!("{email}@demo.example.com"))
                    .await
                    .map_err(|e| anyhow!("{e}"))?
                    .id,
            );
        }
        ids
    };
    ts.create_assignment_rule(admin, closer_store::entity::assignment_rule::Model {
        tenant_id: tenant.tenant_id,
        id: closer_domain::ids::new_id(),
        name: "华东线索轮询 East China round-robin".into(),
        position: 10,
        active: true,
        conditions: serde_json::json!({"provinces": ["上海", "浙江", "江苏"], "industries": [], "sources": [], "campaign_ids": []}),
        target_user_id: None,
        group_user_ids: serde_json::json!([reps[0], reps[1], reps[2]]),
        next_turn: 0,
        created_at: now,
        updated_at: now,
        version: 1,
    })
    .await
    .map_err(|e| anyhow!("demo rule: {e}"))?;

    let mut dice = Dice(20_261_127);
    let mut made = Vec::new();
    for n in 0..320 {
        let english = n % 7 == 0;
        let (city, province) = *dice.pick(CITIES);
        let company = if english {
            format!(
                "{} {}",
                dice.pick(EN_COMPANIES),
                ["Ltd.", "Inc.", "Co., Ltd.", "LLC"][n % 4]
            )
        } else {
            format!("{city}{}{}有限公司", dice.pick(BRANDS), dice.pick(TRADES))
        };
        let contact = if english {
            (*dice.pick(EN_PEOPLE)).to_owned()
        } else {
            format!("{}{}", dice.pick(SURNAMES), dice.pick(GIVEN))
        };
        let phone = normalize_phone(&format!(
            "13{}{:08}",
            5 + n % 5,
            10_000_000 + n * 7919 % 89_999_999
        ))
        .ok();
        let email = Some(format!(
            "contact{n}@{}.example.cn",
            if english { "global" } else { "demo-lead" }
        ));
        let source = (*dice.pick(SOURCES)).to_owned();
        let created = now
            - chrono::Duration::days(i64::try_from(dice.next(365)).unwrap_or(0))
            - chrono::Duration::minutes(i64::try_from(n).unwrap_or(0));
        // About one lead in five waits in the pool; the rest are spread over the reps.
        let owner = if n % 5 == 0 {
            None
        } else {
            Some(*dice.pick(&reps))
        };
        let status = match (owner, dice.next(10)) {
            (None, _) => "new",
            (_, 0..=3) => "new",
            (_, 4..=6) => "contacted",
            (_, 7..=8) => "qualified",
            _ => "invalid",
        };
        let mut model = closer_store::entity::lead::Model {
            tenant_id: tenant.tenant_id,
            id: closer_domain::ids::new_id(),
            company_name: company,
            contact_name: Some(contact),
            title: Some((*dice.pick(TITLES)).to_owned()),
            phone,
            email,
            source: source.clone(),
            campaign_id: (source == "campaign" || source == "trade_show")
                .then(|| *dice.pick(&campaigns)),
            province: Some(province.to_owned()),
            city: Some(city.to_owned()),
            industry: Some((*dice.pick(INDUSTRIES)).to_owned()),
            website: None,
            description: None,
            credit_code: None,
            external_id: None,
            status: status.into(),
            invalid_reason: (status == "invalid").then(|| "联系方式无效 Unreachable".to_owned()),
            owner_id: owner,
            // Recently (re)assigned, so the demo's leads are not all recycled at once.
            assigned_at: owner
                .map(|_| now - chrono::Duration::days(i64::try_from(dice.next(6)).unwrap_or(0))),
            last_follow_up_at: None,
            protected_until: None,
            warned_at: None,
            converted_at: None,
            customer_id: None,
            contact_id: None,
            opportunity_id: None,
            merged_into_id: None,
            created_by: Some(admin),
            created_at: created.min(now),
            updated_at: now,
            version: 1,
        };
        // Every 25th lead repeats an earlier company, written another way: a duplicate to find.
        if n % 25 == 24 {
            if let Some((earlier_company, earlier_phone)) = made.get(n / 2).cloned() {
                let earlier_company: String = earlier_company;
                model.company_name = earlier_company.replace("有限公司", "（集团）有限公司");
                model.phone = earlier_phone;
            }
        }
        made.push((model.company_name.clone(), model.phone.clone()));
        let lead = ts
            .create_lead(Some(admin), model)
            .await
            .map_err(|e| anyhow!("demo lead {n}: {e}"))?;
        if status == "qualified" && n % 3 == 0 {
            ts.convert_lead(
                lead.owner_id.unwrap_or(admin),
                lead.id,
                Some(
                    closer_store::opportunities::lead_conversion::NewOpportunity {
                        name: format!("{} 项目", lead.company_name),
                        amount_minor: i64::try_from(50_000 + dice.next(950_000)).unwrap_or(0) * 100,
                        currency: "CNY".into(),
                        stage_id: None,
                    },
                ),
            )
            .await
            .map_err(|e| anyhow!("demo conversion {n}: {e}"))?;
        }
    }
    Ok(())
}

const VISIT_SUBJECTS: &[&str] = &[
    "上门拜访，了解年度采购计划",
    "拜访 IT 部门，演示新版本",
    "季度业务回顾 QBR",
    "陪同技术专家现场调研",
    "On-site visit: requirements workshop",
];
const CALL_SUBJECTS: &[&str] = &[
    "电话跟进报价反馈",
    "确认合同条款",
    "回访使用情况",
    "Follow-up call on the proposal",
    "预约下次拜访时间",
];
const NOTE_SUBJECTS: &[&str] = &[
    "客户预算 Q3 批复",
    "竞品也在接触该客户",
    "决策链：总经理拍板，IT 总监评估",
    "Customer prefers quarterly billing",
];
const TASK_SUBJECTS: &[&str] = &[
    "准备方案书",
    "发送报价单",
    "安排产品演示",
    "Send the case study",
];
const ROLES: &[&str] = &[
    "decision_maker",
    "economic_buyer",
    "influencer",
    "champion",
    "evaluator",
    "user",
    "gatekeeper",
];
const SIZE_TIERS: &[&str] = &["micro", "small", "medium", "large", "enterprise"];

/// Customers with contacts and their buying roles, a year of visits, calls, notes and tasks
/// (with today's plan for every rep), some won deals, and scores.
pub async fn customers(store: &Store, slug: &str, documents: &std::path::Path) -> Result<()> {
    use closer_domain::leads::dedupe::normalize_phone;
    use closer_store::entity::activity;
    let tenant = store
        .tenant_by_slug(slug)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let ts = store.tenant(tenant.tenant_id);
    let now = closer_store::now();
    let mut reps = Vec::new();
    for email in [
        "zhang.wei",
        "li.na",
        "chen.jie",
        "liu.yang",
        "david.sun",
        "wu.fang",
    ] {
        reps.push(
            ts.user_by_email(&format!("{email}@demo.example.com"))
                .await
                .map_err(|e| anyhow!("{e}"))?
                .id,
        );
    }
    let won_stage = ts
        .sales_processes()
        .await
        .map_err(|e| anyhow!("{e}"))?
        .into_iter()
        .flat_map(|(_, stages)| stages)
        .find(|s| s.is_won)
        .ok_or_else(|| anyhow!("the default process has no won stage"))?;
    let mut dice = Dice(20_261_128);
    let mut activities = Vec::new();
    let days_ago = |d: usize, minutes: usize| {
        now - chrono::Duration::days(i64::try_from(d).unwrap_or(0))
            - chrono::Duration::minutes(i64::try_from(minutes).unwrap_or(0))
    };
    for n in 0..120usize {
        let english = n % 6 == 0;
        let (city, province) = *dice.pick(CITIES);
        let name = if english {
            format!(
                "{} {}",
                dice.pick(EN_COMPANIES),
                ["Group", "Holdings", "Trading Co."][n % 3]
            )
        } else {
            format!(
                "{city}{}{}股份有限公司",
                dice.pick(BRANDS),
                dice.pick(TRADES)
            )
        };
        let owner = reps[n % reps.len()];
        let created = days_ago(30 + dice.next(700), n);
        let model = closer_store::entity::customer::Model {
            industry: Some((*dice.pick(INDUSTRIES)).to_owned()),
            size_tier: Some((*dice.pick(SIZE_TIERS)).to_owned()),
            employee_count: Some(i32::try_from(20 + dice.next(5000)).unwrap_or(100)),
            annual_revenue_minor: Some(
                i64::try_from(1 + dice.next(500)).unwrap_or(1) * 1_000_000 * 100,
            ),
            province: Some(province.to_owned()),
            city: Some(city.to_owned()),
            address: Some(format!("{city}市高新区科技路 {} 号", 1 + dice.next(300))),
            phone: normalize_phone(&format!("021-{:08}", 60_000_000 + n * 7_919)).ok(),
            website: Some(format!("https://www.customer{n}.example.cn")),
            source: Some((*dice.pick(SOURCES)).to_owned()),
            ..closer_store::customers::records::blank_customer(
                tenant.tenant_id,
                name,
                Some(owner),
                created,
            )
        };
        let c = ts
            .create_customer(owner, model)
            .await
            .map_err(|e| anyhow!("demo customer {n}: {e}"))?;
        for k in 0..1 + dice.next(3) {
            let contact_name = if english {
                (*dice.pick(EN_PEOPLE)).to_owned()
            } else {
                format!("{}{}", dice.pick(SURNAMES), dice.pick(GIVEN))
            };
            ts.create_contact(
                owner,
                closer_store::entity::contact::Model {
                    customer_id: Some(c.id),
                    title: Some((*dice.pick(TITLES)).to_owned()),
                    decision_role: Some(ROLES[(n + k) % ROLES.len()].to_owned()),
                    phone: normalize_phone(&format!(
                        "139{:08}",
                        10_000_000 + (n * 5 + k) * 104_729 % 89_999_999
                    ))
                    .ok(),
                    email: Some(format!("p{k}@customer{n}.example.cn")),
                    ..closer_store::customers::contacts::blank_contact(
                        tenant.tenant_id,
                        contact_name,
                        Some(owner),
                        created,
                    )
                },
            )
            .await
            .map_err(|e| anyhow!("demo contact {n}: {e}"))?;
        }
        // A year of work: busy accounts see someone weekly, quiet ones went cold months ago.
        let busy = n % 4 != 3;
        let count = if busy {
            8 + dice.next(18)
        } else {
            2 + dice.next(4)
        };
        for k in 0..count {
            let ago = if busy {
                dice.next(365)
            } else {
                120 + dice.next(245)
            };
            let (kind, subject) = match dice.next(10) {
                0..=2 => ("visit", *dice.pick(VISIT_SUBJECTS)),
                3..=6 => ("call", *dice.pick(CALL_SUBJECTS)),
                7..=8 => ("note", *dice.pick(NOTE_SUBJECTS)),
                _ => ("task", *dice.pick(TASK_SUBJECTS)),
            };
            let at = days_ago(ago, k * 37 % 600);
            activities.push(activity::Model {
                tenant_id: tenant.tenant_id,
                id: closer_domain::ids::new_id(),
                kind: kind.into(),
                subject: subject.into(),
                body: None,
                lead_id: None,
                customer_id: Some(c.id),
                contact_id: None,
                opportunity_id: None,
                owner_id: owner,
                occurred_at: Some(at),
                planned_for: (kind == "task").then_some(at),
                location: (kind == "visit")
                    .then(|| format!("{city} {}", c.address.clone().unwrap_or_default())),
                created_at: at,
                updated_at: at,
                version: 1,
            });
        }
        // Today's plan: every rep has visits and tasks today and tomorrow, one overdue.
        if n < reps.len() * 3 {
            let (kind, subject, when) = match n / reps.len() {
                0 => (
                    "visit",
                    format!("拜访 {}", c.name),
                    now + chrono::Duration::hours(2),
                ),
                1 => (
                    "task",
                    "准备报价单 Prepare the quote".to_owned(),
                    now + chrono::Duration::hours(4),
                ),
                _ => (
                    "task",
                    "回访上次演示 Follow up the demo".to_owned(),
                    now - chrono::Duration::days(2),
                ),
            };
            activities.push(activity::Model {
                tenant_id: tenant.tenant_id,
                id: closer_domain::ids::new_id(),
                kind: kind.into(),
                subject,
                body: None,
                lead_id: None,
                customer_id: Some(c.id),
                contact_id: None,
                opportunity_id: None,
                owner_id: owner,
                occurred_at: None,
                planned_for: Some(when),
                location: None,
                created_at: now,
                updated_at: now,
                version: 1,
            });
        }
        // Every fifth has a proposal on file.
        if n % 5 == 0 {
            let text = format!(
                "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% 方案书 Proposal for {}\ntrailer << /Root 1 0 R >>\n%%EOF\n",
                c.name
            );
            demo_document(
                &ts,
                documents,
                c.id,
                owner,
                &format!("方案书-{n}.pdf"),
                text.as_bytes(),
                created,
            )
            .await?;
        }
        // About a third have bought something.
        if n % 3 == 0 {
            let amount = i64::try_from(80_000 + dice.next(1_500_000)).unwrap_or(0) * 100;
            ts.create_opportunity(
                owner,
                closer_store::entity::opportunity::Model {
                    expected_close_date: Some(days_ago(dice.next(300), 0).date_naive()),
                    ..closer_store::opportunities::records::blank_opportunity(
                        tenant.tenant_id,
                        c.id,
                        format!("{} 年度采购", c.name),
                        (amount, "CNY".into()),
                        &won_stage,
                        Some(owner),
                        days_ago(30 + dice.next(270), n),
                    )
                },
            )
            .await
            .map_err(|e| anyhow!("demo deal {n}: {e}"))?;
        }
    }
    ts.insert_activities(None, activities)
        .await
        .map_err(|e| anyhow!("demo activities: {e}"))?;
    ts.recompute_scores(None, now)
        .await
        .map_err(|e| anyhow!("demo scores: {e}"))?;
    Ok(())
}

/// A document of the demo, written where uploads go and recorded.
async fn demo_document(
    ts: &closer_store::TenantStore,
    root: &std::path::Path,
    customer_id: uuid::Uuid,
    owner: uuid::Uuid,
    name: &str,
    bytes: &[u8],
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use sha2::Digest;
    let id = closer_domain::ids::new_id();
    let storage_path = closer_store::activities::documents::storage_path(ts.tenant_id(), id);
    let path = root.join(&storage_path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, bytes)?;
    ts.create_document(closer_store::entity::document::Model {
        tenant_id: ts.tenant_id(),
        id,
        customer_id: Some(customer_id),
        opportunity_id: None,
        name: name.into(),
        content_type: "application/pdf".into(),
        kind: "pdf".into(),
        size_bytes: i64::try_from(bytes.len()).unwrap_or(0),
        sha256: hex::encode(sha2::Sha256::digest(bytes)),
        storage_path,
        uploaded_by: owner,
        created_at: at,
        updated_at: at,
        version: 1,
    })
    .await
    .map_err(|e| anyhow!("demo document: {e}"))?;
    Ok(())
}

/// (name, product line, kind, list price in yuan)
const PRODUCTS: &[(&str, &str, &str, i64)] = &[
    (
        "工业网关 G200 Industrial gateway",
        "硬件 Hardware",
        "product",
        12_800,
    ),
    (
        "边缘服务器 E10 Edge server",
        "硬件 Hardware",
        "product",
        46_000,
    ),
    ("传感器套件 Sensor kit", "硬件 Hardware", "accessory", 2_600),
    (
        "MES 制造执行系统 MES licence",
        "软件 Software",
        "product",
        180_000,
    ),
    (
        "数据看板 Dashboards licence",
        "软件 Software",
        "product",
        36_000,
    ),
    (
        "年度维保 Annual support",
        "服务 Services",
        "service",
        24_000,
    ),
    (
        "实施服务（人天）Implementation day",
        "服务 Services",
        "service",
        3_200,
    ),
    ("培训 Training day", "服务 Services", "service", 2_800),
];

/// The product catalogue and a year of opportunities with true stage histories: won, lost
/// at every stage, open, and some stuck — so the funnel, the board and learned win rates
/// show something real — with quotes for those that reached the quotation stage.
pub async fn opportunities(store: &Store, slug: &str) -> Result<()> {
    let tenant = store
        .tenant_by_slug(slug)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let ts = store.tenant(tenant.tenant_id);
    let admin = ts
        .user_by_email(ADMIN_EMAIL)
        .await
        .map_err(|e| anyhow!("{e}"))?
        .id;
    let now = closer_store::now();
    let mut products = Vec::new();
    for (name, line, kind, yuan) in PRODUCTS {
        products.push(
            ts.create_product(
                admin,
                closer_store::entity::product::Model {
                    tenant_id: tenant.tenant_id,
                    id: closer_domain::ids::new_id(),
                    name: (*name).into(),
                    sku: None,
                    product_line: Some((*line).into()),
                    kind: (*kind).into(),
                    list_price_minor: yuan * 100,
                    currency: "CNY".into(),
                    active: true,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
            )
            .await
            .map_err(|e| anyhow!("demo product: {e}"))?,
        );
    }
    let (process, stages) = ts
        .sales_processes()
        .await
        .map_err(|e| anyhow!("{e}"))?
        .into_iter()
        .find(|(p, _)| p.is_default)
        .ok_or_else(|| anyhow!("no default process"))?;
    // The playbook: what top reps do at each stage, some of it required to move on.
    let playbook = |key: &str| -> serde_json::Value {
        let tasks: &[(&str, &str, bool)] = match key {
            "initial_contact" => &[
                ("budget", "确认预算 Confirm the budget", true),
                (
                    "decision_maker",
                    "找到决策人 Find the decision maker",
                    false,
                ),
            ],
            "needs_confirmed" => &[
                ("needs_notes", "需求调研纪要 Needs survey notes", true),
                ("demo", "产品演示 Product demo", false),
            ],
            "quotation" => &[("quote_approved", "报价经审批 Quote approved", true)],
            "contract_drafting" => &[("legal_review", "法务审核 Legal review", true)],
            _ => &[],
        };
        serde_json::json!(tasks
            .iter()
            .map(|(k, l, r)| serde_json::json!({"key": k, "label": l, "required": r}))
            .collect::<Vec<_>>())
    };
    let edits = stages
        .iter()
        .map(|s| closer_store::opportunities::process::StageEdit {
            key: s.key.clone(),
            name: s.name.clone(),
            name_en: s.name_en.clone(),
            win_rate_bp: s.win_rate_bp,
            is_won: s.is_won,
            is_lost: s.is_lost,
            tasks: playbook(&s.key),
        })
        .collect();
    ts.edit_process(admin, process.id, None, process.name.clone(), edits)
        .await
        .map_err(|e| anyhow!("demo playbook: {e}"))?;
    let colleagues: Vec<uuid::Uuid> = ts
        .users(
            &closer_store::org::directory::UserFilter::default(),
            None,
            100,
        )
        .await
        .map_err(|e| anyhow!("{e}"))?
        .items
        .into_iter()
        .map(|u| u.id)
        .collect();
    let rivals = [
        (
            "Salesforce",
            Some("品牌知名 Well-known brand"),
            Some("价格高、本地化弱 Expensive, weak localisation"),
        ),
        ("销售易 Neocrm", Some("本地服务 Local service"), None),
        ("纷享销客 Fxiaoke", None, Some("定制慢 Slow to customise")),
        (
            "HubSpot",
            Some("营销一体 Marketing built in"),
            Some("中文支持少 Little Chinese support"),
        ),
    ];
    let open: Vec<_> = stages.iter().filter(|s| !s.is_won && !s.is_lost).collect();
    let won = stages
        .iter()
        .find(|s| s.is_won)
        .ok_or_else(|| anyhow!("no won stage"))?;
    let lost = stages
        .iter()
        .find(|s| s.is_lost)
        .ok_or_else(|| anyhow!("no lost stage"))?;
    let customers = ts
        .customer_page(
            &closer_store::customers::records::CustomerFilter::default(),
            None,
            200,
        )
        .await
        .map_err(|e| anyhow!("{e}"))?
        .items;
    let reasons = [
        "价格太高 Price",
        "选择了竞品 Chose a competitor",
        "预算取消 Budget cut",
        "需求变化 Needs changed",
    ];
    let mut dice = Dice(20_261_129);
    for n in 0..160usize {
        let c = &customers[n % customers.len()];
        let owner = c.owner_id.unwrap_or(admin);
        let created = now - chrono::Duration::days(i64::try_from(5 + dice.next(360)).unwrap_or(30));
        let amount = i64::try_from(20_000 + dice.next(980_000)).unwrap_or(0) * 100;
        let mut model = closer_store::opportunities::records::blank_opportunity(
            tenant.tenant_id,
            c.id,
            format!(
                "{} · {}",
                c.name,
                ["扩产项目", "数字化升级", "年度框架", "新厂建设"][n % 4]
            ),
            (amount, "CNY".into()),
            open[0],
            Some(owner),
            created,
        );
        model.expected_close_date = Some(
            (created + chrono::Duration::days(i64::try_from(30 + dice.next(150)).unwrap_or(60)))
                .date_naive(),
        );
        // Half meet a competitor or two; a third have a pre-sales or technical colleague.
        if n % 2 == 0 {
            let list: Vec<_> = rivals
                .iter()
                .cycle()
                .skip(n % rivals.len())
                .take(1 + n % 3 / 2)
                .map(|(name, strengths, weaknesses)| {
                    closer_domain::opportunities::team::Competitor {
                        name: (*name).into(),
                        strengths: strengths.map(Into::into),
                        weaknesses: weaknesses.map(Into::into),
                    }
                })
                .collect();
            model.competitors = Some(serde_json::json!(list));
        }
        let o = ts
            .create_opportunity(owner, model)
            .await
            .map_err(|e| anyhow!("demo opportunity {n}: {e}"))?;
        if n % 3 == 0 {
            if let Some(colleague) = colleagues
                .iter()
                .find(|u| **u != owner && dice.next(3) == 0)
            {
                let role = if n % 2 == 0 { "presales" } else { "technical" };
                ts.set_team(owner, o.id, &[(*colleague, role.into())])
                    .await
                    .map_err(|e| anyhow!("demo team {n}: {e}"))?;
            }
        }
        // How far it got, and how it ended: roughly 30 % won, 40 % lost, 30 % still open.
        let reached = 1 + dice.next(open.len());
        let ending = dice.next(10);
        let mut at = created;
        for stage in open.iter().take(reached).skip(1) {
            at += chrono::Duration::days(i64::try_from(3 + dice.next(25)).unwrap_or(7));
            if at >= now {
                break;
            }
            ts.move_opportunity(owner, o.id, None, stage, None, at)
                .await
                .map_err(|e| anyhow!("demo move {n}: {e}"))?;
        }
        if reached >= 3 {
            let lines = vec![closer_store::entity::quote_line::Model {
                tenant_id: tenant.tenant_id,
                id: closer_domain::ids::new_id(),
                quote_id: uuid::Uuid::nil(),
                position: 0,
                product_id: Some(products[n % 5].id),
                description: products[n % 5].name.clone(),
                quantity_milli: 1000 * i64::try_from(1 + n % 4).unwrap_or(1),
                unit_price_minor: products[n % 5].list_price_minor,
                discount_bp: 500,
                total_minor: products[n % 5].list_price_minor
                    * i64::try_from(1 + n % 4).unwrap_or(1)
                    * 95
                    / 100,
            }];
            let total: i64 = lines.iter().map(|l| l.total_minor).sum();
            let list: i64 = lines
                .iter()
                .map(|l| l.unit_price_minor * l.quantity_milli / 1000)
                .sum();
            ts.create_quote(
                owner,
                closer_store::entity::quote::Model {
                    tenant_id: tenant.tenant_id,
                    id: closer_domain::ids::new_id(),
                    opportunity_id: o.id,
                    number: 0,
                    total_minor: total,
                    list_minor: list,
                    currency: "CNY".into(),
                    valid_until: None,
                    notes: None,
                    created_by: Some(owner),
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
                lines,
            )
            .await
            .map_err(|e| anyhow!("demo quote {n}: {e}"))?;
        }
        at += chrono::Duration::days(i64::try_from(5 + dice.next(30)).unwrap_or(7));
        if at < now - chrono::Duration::days(3) {
            match ending {
                0..=2 if reached >= 3 => {
                    ts.move_opportunity(owner, o.id, None, won, None, at)
                        .await
                        .map_err(|e| anyhow!("demo win {n}: {e}"))?;
                }
                3..=6 => {
                    ts.move_opportunity(
                        owner,
                        o.id,
                        None,
                        lost,
                        Some(reasons[n % reasons.len()].into()),
                        at,
                    )
                    .await
                    .map_err(|e| anyhow!("demo loss {n}: {e}"))?;
                }
                // The rest stay open, the oldest of them stuck for months.
                _ => {}
            }
        }
    }
    Ok(())
}
