//! Demo customers with contacts, a year of activities and documents.

use anyhow::{anyhow, Result};
use closer_store::Store;

use super::names::*;

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
                // A visit logged on the spot: near the city's centre, as a phone reports it.
                coordinates: (kind == "visit").then(|| visit_point(city, k)),
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
                coordinates: None,
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

/// Near a demo city's centre, as a phone reports it (`lat,lng`, five decimals): the k-th
/// visit a few hundred metres off, so the map links differ.
fn visit_point(city: &str, k: usize) -> String {
    // Centres in hundred-thousandths of a degree.
    let (lat, lng): (i64, i64) = match city {
        "上海" => (3_123_040, 12_147_370),
        "杭州" => (3_027_410, 12_015_510),
        "苏州" => (3_129_890, 12_058_530),
        "南京" => (3_204_150, 11_878_470),
        "北京" => (3_990_420, 11_640_740),
        "天津" => (3_908_420, 11_736_160),
        "深圳" => (2_254_310, 11_405_790),
        "广州" => (2_312_910, 11_326_440),
        "成都" => (3_065_720, 10_406_570),
        _ => (3_059_280, 11_430_550), // 武汉
    };
    let off = i64::try_from(k % 7).unwrap_or(0) * 97;
    let degrees = |v: i64| format!("{}.{:05}", v / 100_000, v % 100_000);
    format!("{},{}", degrees(lat + off), degrees(lng - off))
}
