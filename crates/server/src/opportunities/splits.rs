//! Performance splits on an opportunity's team (`GET/PUT /opportunities/{id}/splits`): who
//! is credited with the deal and by how much, and what that credits each of them now.

use axum::{
    extract::{Path, State},
    Json,
};
use closer_domain::{
    cash::parse_ratio,
    ids::parse_id,
    money::format_percent,
    opportunities::splits::{check_split, Share, SplitKind},
    org::Permission,
    InvalidValue,
};
use closer_store::opportunities::splits::{basis_of, share_of};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::platform::{
    caller::Caller,
    dto::{money_dto, AmountInput, Decimal, MoneyDto},
    error::{ApiResult, Invalid},
    extract::{path_id, ApiJson},
    policy::{self, Owned},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct ShareDto {
    pub user_id: String,
    pub name: String,
    /// False once the person has left: what they earned stays theirs, new credit goes to
    /// the deal's owner.
    pub active: bool,
    /// Percent of the deal (`"70"`), for a split by ratio.
    pub ratio: Option<String>,
    /// For a split by amount.
    pub amount: Option<MoneyDto>,
    /// Amount × the stage's win rate × share (the whole share once won, nothing once lost).
    pub credited_expected: MoneyDto,
    /// The share of the deal's amount once it is won.
    pub credited_won: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct SplitsDto {
    /// `whole` (exactly 100 %) or `excess` (more allowed).
    pub kind: String,
    /// `ratio` or `amount`.
    pub basis: String,
    /// False while the deal was never split (its owner is credited with 100 %).
    pub split: bool,
    pub amount: MoneyDto,
    /// The current stage's win rate, in percent.
    pub win_rate: String,
    pub shares: Vec<ShareDto>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareInput {
    pub user_id: String,
    /// Percent of the deal, up to four decimals (`"70"`); or give `amount`.
    pub ratio: Option<Decimal>,
    pub amount: Option<AmountInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitsInput {
    /// `whole` or `excess`.
    pub kind: String,
    pub shares: Vec<ShareInput>,
}

async fn splits_dto(
    owned: &Owned,
    deal: &closer_store::entity::opportunity::Model,
    rows: Vec<closer_store::entity::opportunity_split::Model>,
) -> ApiResult<SplitsDto> {
    let stage = owned.store.stage(deal.stage_id).await?;
    let win_rate_bp = if stage.is_won {
        10_000
    } else if stage.is_lost {
        0
    } else {
        stage.win_rate_bp
    };
    let split = !rows.is_empty();
    let shares: Vec<(Uuid, Share)> = if split {
        rows.iter().map(|r| (r.user_id, share_of(r))).collect()
    } else {
        deal.owner_id
            .map(|o| (o, Share::Ratio(closer_domain::cash::RATIO_WHOLE)))
            .into_iter()
            .collect()
    };
    let basis = basis_of(&rows, deal.amount_minor);
    let ids: Vec<Uuid> = shares.iter().map(|(u, _)| *u).collect();
    let users = owned.store.users_by_ids(&ids).await?;
    // What each share is credited, as completion credits it: a member away from the company
    // (now, for the expected amount; when it was won, for the won amount) has theirs go to
    // the owner.
    let away = owned.store.departures().await?;
    let won_at = deal.closed_at.filter(|_| stage.is_won);
    let mut expected: Vec<i64> = Vec::with_capacity(shares.len());
    let mut won: Vec<i64> = Vec::with_capacity(shares.len());
    let mut to_owner = (0i64, 0i64);
    for (user_id, share) in &shares {
        let e = share.expected(deal.amount_minor, basis, win_rate_bp);
        let w = if stage.is_won {
            share.of(deal.amount_minor, basis)
        } else {
            0
        };
        let not_owner = Some(*user_id) != deal.owner_id;
        let (e, moved_e) = if not_owner && away.away_now(*user_id) {
            (0, e)
        } else {
            (e, 0)
        };
        let (w, moved_w) = match won_at {
            Some(at) if not_owner && away.away_at(*user_id, at) => (0, w),
            _ => (w, 0),
        };
        to_owner.0 += moved_e;
        to_owner.1 += moved_w;
        expected.push(e);
        won.push(w);
    }
    if let Some(i) = shares.iter().position(|(u, _)| Some(*u) == deal.owner_id) {
        expected[i] += to_owner.0;
        won[i] += to_owner.1;
    }
    let c = deal.currency.as_str();
    let basis = match shares.first() {
        Some((_, Share::Amount(_))) => "amount",
        _ => "ratio",
    };
    Ok(SplitsDto {
        kind: rows.first().map_or("whole", |r| r.kind.as_str()).to_owned(),
        basis: basis.into(),
        split,
        amount: money_dto(deal.amount_minor, c),
        win_rate: format_percent(win_rate_bp),
        shares: shares
            .into_iter()
            .enumerate()
            .map(|(i, (user_id, share))| {
                let user = users.iter().find(|u| u.id == user_id);
                ShareDto {
                    user_id: user_id.to_string(),
                    name: user.map(|u| u.name.clone()).unwrap_or_default(),
                    active: user.is_some_and(|u| u.active),
                    ratio: match share {
                        Share::Ratio(r) => Some(ratio_text(r)),
                        Share::Amount(_) => None,
                    },
                    amount: match share {
                        Share::Amount(a) => Some(money_dto(a, c)),
                        Share::Ratio(_) => None,
                    },
                    credited_expected: money_dto(expected[i], c),
                    credited_won: money_dto(won[i], c),
                }
            })
            .collect(),
    })
}

/// Millionths as a percent without needless zeros: 700000 → `"70"`, 333333 → `"33.3333"`.
fn ratio_text(ratio: i64) -> String {
    let s = format!("{}.{:04}", ratio / 10_000, ratio % 10_000);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[utoipa::path(get, path = "/opportunities/{id}/splits", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = SplitsDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_splits(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<SplitsDto>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let deal = policy::readable_opportunity(&owned, path_id(&id)?).await?;
    let rows = owned.store.splits(deal.id).await?;
    Ok(Json(splits_dto(&owned, &deal, rows).await?))
}

#[utoipa::path(put, path = "/opportunities/{id}/splits", tag = "opportunities", params(("id" = String, Path)), request_body = SplitsInput,
    responses((status = 200, body = SplitsDto), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_splits(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SplitsInput>,
) -> ApiResult<Json<SplitsDto>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let deal = policy::changeable_opportunity(&owned, &id).await?;
    let mut invalid = Invalid::default();
    let kind = invalid.check("kind", SplitKind::parse(&req.kind));
    let parsed: Vec<Option<Uuid>> = req
        .shares
        .iter()
        .map(|s| parse_id(&s.user_id).ok())
        .collect();
    let known = owned
        .store
        .users_by_ids(&parsed.iter().flatten().copied().collect::<Vec<_>>())
        .await?;
    let currency = caller.tenant.currency.clone();
    let mut shares = Vec::new();
    for (i, (s, id)) in req.shares.iter().zip(&parsed).enumerate() {
        let user = id.and_then(|id| known.iter().find(|u| u.id == id));
        let user = match user {
            Some(u) if u.active => Some(u.id),
            Some(_) => {
                invalid.push(&format!("shares[{i}].user_id"), "inactive_user");
                None
            }
            None => {
                invalid.push(&format!("shares[{i}].user_id"), "unknown_reference");
                None
            }
        };
        let share = match (&s.ratio, &s.amount) {
            (Some(r), None) => invalid
                .check(&format!("shares[{i}].ratio"), parse_ratio(&r.text()))
                .map(Share::Ratio),
            (None, Some(a)) => match a.money(&format!("shares[{i}].amount"), &currency) {
                Ok(m) if m.minor() > 0 => Some(Share::Amount(m.minor())),
                Ok(_) => {
                    invalid.push(&format!("shares[{i}].amount"), "not_allowed");
                    None
                }
                Err(e) => {
                    for (f, code, _) in e.fields {
                        invalid.push(&f, &code);
                    }
                    None
                }
            },
            (None, None) => {
                invalid.check::<Share>(&format!("shares[{i}].ratio"), Err(InvalidValue::Required))
            }
            (Some(_), Some(_)) => {
                invalid.push(&format!("shares[{i}].amount"), "not_allowed");
                None
            }
        };
        if let (Some(u), Some(s)) = (user, share) {
            shares.push((u, s));
        }
    }
    if let (Some(kind), true) = (kind, invalid.fields().is_empty()) {
        if let Err(problems) = check_split(kind, &shares, deal.amount_minor) {
            for p in problems {
                let code = match (p.field.as_str(), p.error) {
                    ("shares", InvalidValue::NotAllowed)
                        if !shares.is_empty()
                            && shares.len() <= closer_domain::opportunities::splits::MAX_SHARES =>
                    {
                        match kind {
                            SplitKind::Whole => "not_whole",
                            SplitKind::Excess => "below_whole",
                        }
                    }
                    ("shares", InvalidValue::Format) => "mixed_shares",
                    (_, e) => e.code(),
                };
                invalid.push(&p.field, code);
            }
        }
    }
    let kind = invalid.finish(kind)?;
    let rows = owned
        .store
        .set_splits(owned.actor.user_id, deal.id, kind, &shares)
        .await?;
    Ok(Json(splits_dto(&owned, &deal, rows).await?))
}
