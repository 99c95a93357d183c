//! Demo leads: a year of them from every source, some in the pool, some converted.

use anyhow::{anyhow, Result};
use closer_store::Store;

use super::names::*;

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
                // Once, even when the earlier one was itself such a variant.
                model.company_name = earlier_company
                    .replace("（集团）", "")
                    .replace("有限公司", "（集团）有限公司");
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
