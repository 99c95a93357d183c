//! Demo opportunities: products, deals at every stage with their history, quotes, teams
//! and competitors.

use anyhow::{anyhow, Result};
use closer_store::opportunities::records::MoveNotes;
use closer_store::Store;

use super::names::*;

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
                    // What it costs the company: services carry more margin than goods.
                    unit_cost_minor: Some(if *kind == "service" {
                        yuan * 35
                    } else {
                        yuan * 60
                    }),
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
    // A quarter of the deals came from a campaign, so campaign ROI has something to say.
    let campaigns = ts.campaigns().await.map_err(|e| anyhow!("{e}"))?;
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
        if n % 4 == 1 && !campaigns.is_empty() {
            model.campaign_id = Some(campaigns[n / 4 % campaigns.len()].id);
        }
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
            ts.move_opportunity(owner, o.id, None, stage, MoveNotes::default(), at)
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
                    // Valid for a month, with the terms a seller writes on a quote.
                    valid_until: Some((now + chrono::Duration::days(30)).date_naive()),
                    notes: Some(
                        "1. 报价含税（增值税 13%），有效期 30 天。\n2. 付款方式：合同签订后预付 30%，验收后支付 60%，质保期满支付 10%。\n3. 交付：合同生效后 4 周内完成安装调试。\n1. Prices include 13% VAT and are valid for 30 days. 2. Payment: 30% on signing, 60% on acceptance, 10% after the warranty period. 3. Delivery and installation within 4 weeks of the contract taking effect."
                            .into(),
                    ),
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
                    ts.move_opportunity(owner, o.id, None, won, MoveNotes::default(), at)
                        .await
                        .map_err(|e| anyhow!("demo win {n}: {e}"))?;
                }
                3..=6 => {
                    ts.move_opportunity(
                        owner,
                        o.id,
                        None,
                        lost,
                        MoveNotes {
                            loss_reason: Some(reasons[n % reasons.len()].into()),
                            reopen_reason: None,
                        },
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
