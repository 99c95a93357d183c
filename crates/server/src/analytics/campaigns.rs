//! `GET /analytics/campaign-roi`: each campaign's cost against the leads, deals and won
//! amount it brought — also by the size tier of the customers — and channels (lead
//! sources) ranked by leads and conversion.

use std::collections::HashMap;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{analytics::rate_bp, targets::format_rate};
use closer_store::analytics::deals::{DealDimension, GroupKey, Outcome};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    analytics::scope::{report, ReportQuery},
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::ApiResult,
    platform::export::table_response,
    platform::extract::ApiQuery,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct CampaignRoiRowDto {
    /// Null for leads and deals of no campaign.
    pub campaign_id: Option<String>,
    pub name: String,
    pub channel: Option<String>,
    pub cost: MoneyDto,
    /// Leads created in the period.
    pub leads: i64,
    /// Of those, converted into customers.
    pub converted_leads: i64,
    /// Converted ÷ leads, percent with two decimals.
    pub conversion_rate: Option<String>,
    /// The campaign's deals (open, won and lost) as the pipeline report counts them.
    pub opportunities: i64,
    pub opportunity_amount: MoneyDto,
    pub won_count: i64,
    pub won_amount: MoneyDto,
    /// (Won amount − cost) ÷ cost, percent with two decimals; null without a cost.
    pub roi: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignTierDto {
    pub campaign_id: String,
    /// The customer's size tier; null when not set.
    pub size_tier: Option<String>,
    pub opportunities: i64,
    pub opportunity_amount: MoneyDto,
    pub won_amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct ChannelDto {
    /// The lead source (`web`, `import`, `referral` …).
    pub source: String,
    pub leads: i64,
    pub converted_leads: i64,
    pub conversion_rate: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignRoiDto {
    pub period: Option<String>,
    pub rows: Vec<CampaignRoiRowDto>,
    pub by_size_tier: Vec<CampaignTierDto>,
    /// Ranked by leads, then conversion.
    pub channels: Vec<ChannelDto>,
}

fn conversion(converted: i64, leads: i64) -> Option<String> {
    rate_bp(
        u64::try_from(converted).unwrap_or(0),
        u64::try_from(leads).unwrap_or(0),
    )
    .map(format_rate)
}

#[derive(Default)]
struct CampaignSums {
    leads: i64,
    converted: i64,
    deals: i64,
    amount: i64,
    won: i64,
    won_amount: i64,
}

#[utoipa::path(get, path = "/analytics/campaign-roi", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = CampaignRoiDto, description = "JSON; with `format` a CSV or XLSX file of the rows"),
        (status = 422, body = crate::platform::error::Problem)))]
pub async fn get_campaign_roi(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let r = report(&caller, &state, &q, &["campaign"]).await?;
    let store = &r.owned.store;
    let created = r.set.period.map(|p| (p.from, p.to));
    let owners = r.set.owners.as_ref();
    let mut sums: HashMap<Option<Uuid>, CampaignSums> = HashMap::new();
    for y in store.lead_yield(owners, created, false).await? {
        let s = sums.entry(y.campaign_id).or_default();
        s.leads += y.leads;
        s.converted += y.converted;
    }
    // Deals per campaign (and of none) as the pipeline by campaign counts them.
    for b in store
        .deal_buckets(&r.set, DealDimension::Campaign, &[])
        .await?
    {
        let key = match b.key {
            GroupKey::Id(c) => Some(c),
            _ => None,
        };
        let s = sums.entry(key).or_default();
        s.deals += b.count;
        s.amount += b.amount;
        if b.outcome == Outcome::Won {
            s.won += b.count;
            s.won_amount += b.amount;
        }
    }
    let mut tiers: HashMap<(Uuid, Option<String>), (i64, i64, i64)> = HashMap::new();
    for d in store.campaign_tier_deals(&r.set).await? {
        let amount = d.amount.unwrap_or(0);
        if let Some(c) = d.campaign_id {
            let t = tiers.entry((c, d.size_tier)).or_default();
            t.0 += d.n;
            t.1 += amount;
            if d.outcome == 1 {
                t.2 += amount;
            }
        }
    }
    let campaigns = store.campaigns().await?;
    let currency = r.currency.as_str();
    let mut rows: Vec<CampaignRoiRowDto> = campaigns
        .iter()
        .map(|c| (Some(c.id), Some(c)))
        .chain(sums.contains_key(&None).then_some((None, None)))
        .map(|(id, c)| {
            let s = sums.remove(&id).unwrap_or_default();
            let cost = c.map_or(0, |c| c.cost_minor);
            CampaignRoiRowDto {
                campaign_id: id.map(|i| i.to_string()),
                name: c.map(|c| c.name.clone()).unwrap_or_default(),
                channel: c.and_then(|c| c.channel.clone()),
                cost: money_dto(cost, currency),
                leads: s.leads,
                converted_leads: s.converted,
                conversion_rate: conversion(s.converted, s.leads),
                opportunities: s.deals,
                opportunity_amount: money_dto(s.amount, currency),
                won_count: s.won,
                won_amount: money_dto(s.won_amount, currency),
                roi: closer_domain::targets::rate_bp(s.won_amount - cost, cost).map(format_rate),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.campaign_id.is_none(), &a.name).cmp(&(b.campaign_id.is_none(), &b.name))
    });
    let mut by_size_tier: Vec<CampaignTierDto> = tiers
        .into_iter()
        .map(|((c, tier), (n, amount, won))| CampaignTierDto {
            campaign_id: c.to_string(),
            size_tier: tier,
            opportunities: n,
            opportunity_amount: money_dto(amount, currency),
            won_amount: money_dto(won, currency),
        })
        .collect();
    by_size_tier
        .sort_by(|a, b| (&a.campaign_id, &a.size_tier).cmp(&(&b.campaign_id, &b.size_tier)));
    let mut channels: Vec<ChannelDto> = store
        .lead_yield(owners, created, true)
        .await?
        .into_iter()
        .map(|y| ChannelDto {
            source: y.source.unwrap_or_default(),
            leads: y.leads,
            converted_leads: y.converted,
            conversion_rate: conversion(y.converted, y.leads),
        })
        .collect();
    channels.sort_by(|a, b| {
        (b.leads, b.converted_leads, &a.source).cmp(&(a.leads, a.converted_leads, &b.source))
    });
    if let Some(format) = q.format.as_deref() {
        let sheet = rows
            .iter()
            .map(|row| {
                vec![
                    row.campaign_id.clone().unwrap_or_default(),
                    row.name.clone(),
                    row.channel.clone().unwrap_or_default(),
                    row.cost.amount.clone(),
                    row.leads.to_string(),
                    row.converted_leads.to_string(),
                    row.opportunities.to_string(),
                    row.opportunity_amount.amount.clone(),
                    row.won_amount.amount.clone(),
                    row.roi.clone().unwrap_or_default(),
                ]
            })
            .collect();
        return table_response(
            format,
            "campaign-roi",
            &[
                "campaign_id",
                "name",
                "channel",
                "cost",
                "leads",
                "converted_leads",
                "opportunities",
                "opportunity_amount",
                "won_amount",
                "roi",
            ],
            sheet,
        );
    }
    Ok(Json(CampaignRoiDto {
        period: r.period.map(|p| p.to_string()),
        rows,
        by_size_tier,
        channels,
    })
    .into_response())
}
