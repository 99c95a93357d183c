//! Performance splits (业绩拆分): an opportunity's team shares its credit, by ratio or by
//! amount, **whole** (exactly 100 % of the deal) or **excess** (more allowed, e.g. an overlay
//! specialist credited on top). A deal never split credits its owner with 100 %.
//!
//! Credit moves with the deal: credited = value × share (× the stage's win rate for the
//! expected credit), rounded half up once per record and person. The seed's example:
//! ¥1,000,000 split 70 / 30 is ¥70,000 / ¥30,000 at 初步接洽 (10 %), ¥700,000 / ¥300,000 won.

use super::InvalidField;
use crate::{cash::RATIO_WHOLE, money::div_round_half_up, InvalidValue};

/// The most people one deal's credit is shared among.
pub const MAX_SHARES: usize = 20;

/// Whole (整额) or excess (超额).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitKind {
    Whole,
    Excess,
}

impl SplitKind {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Whole => "whole",
            Self::Excess => "excess",
        }
    }

    /// # Errors
    /// `NotAllowed` for any other text.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        match text {
            "whole" => Ok(Self::Whole),
            "excess" => Ok(Self::Excess),
            _ => Err(InvalidValue::NotAllowed),
        }
    }
}

/// One person's share: millionths of the deal (see [`crate::cash::parse_ratio`]) or an
/// amount in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    Ratio(i64),
    Amount(i64),
}

impl Share {
    /// What this share credits of `value` (a record worth `value` from a deal): a ratio of
    /// the value; an amount in proportion to the split's `basis` ([`amount_basis`]) — the
    /// amount itself when the record is worth the basis. Rounded half up.
    #[must_use]
    pub fn of(self, value: i64, basis: i64) -> i64 {
        let credited = match self {
            Self::Ratio(r) => {
                div_round_half_up(i128::from(value) * i128::from(r), i128::from(RATIO_WHOLE))
            }
            Self::Amount(_) if basis == 0 => 0,
            Self::Amount(a) if value == basis => i128::from(a),
            Self::Amount(a) => {
                div_round_half_up(i128::from(value) * i128::from(a), i128::from(basis))
            }
        };
        i64::try_from(credited).unwrap_or(i64::MAX)
    }

    /// Expected credit: `amount × win rate × share` (an amount share in proportion to the
    /// split's `basis`), rounded half up once.
    #[must_use]
    pub fn expected(self, deal_amount: i64, basis: i64, win_rate_bp: i32) -> i64 {
        let (numerator, denominator) = match self {
            Self::Ratio(r) => (
                i128::from(deal_amount) * i128::from(r),
                i128::from(RATIO_WHOLE),
            ),
            Self::Amount(_) if basis == 0 => (0, 1),
            Self::Amount(a) => (i128::from(deal_amount) * i128::from(a), i128::from(basis)),
        };
        i64::try_from(div_round_half_up(
            numerator * i128::from(win_rate_bp),
            denominator * 10_000,
        ))
        .unwrap_or(i64::MAX)
    }
}

/// What a split's amounts are shares of. A whole split by amount added up to the deal's
/// amount when it was made, so its amounts are shares of their sum: when the deal's amount
/// changes later, each is credited in proportion and the split stays whole. An excess split's
/// amounts (and any ratio) are weighed against the deal's current amount.
#[must_use]
pub fn amount_basis(kind: SplitKind, shares: &[Share], deal_amount: i64) -> i64 {
    let amounts: Option<i64> = shares
        .iter()
        .map(|s| match s {
            Share::Amount(a) => Some(*a),
            Share::Ratio(_) => None,
        })
        .sum();
    match (kind, amounts) {
        (SplitKind::Whole, Some(sum)) if !shares.is_empty() => sum,
        _ => deal_amount,
    }
}

/// Checks a split: at least one share, nobody twice, all by ratio or all by amount, each
/// above zero and none above the whole deal; a whole split adds up to exactly 100 % (or exactly the deal's amount), an
/// excess split to at least that (less would leave part of the deal credited to no one).
///
/// # Errors
/// Every refused field: `shares[i].user_id` (`duplicate`), `shares[i].ratio` /
/// `shares[i].amount`, and `shares` (`not_whole`, `mixed`, `required`, `too_many`).
pub fn check_split<U: PartialEq + Copy>(
    kind: SplitKind,
    shares: &[(U, Share)],
    deal_amount: i64,
) -> Result<(), Vec<InvalidField>> {
    let mut problems = Vec::new();
    if shares.is_empty() {
        problems.push(InvalidField::new("shares", InvalidValue::Required));
        return Err(problems);
    }
    if shares.len() > MAX_SHARES {
        problems.push(InvalidField::new("shares", InvalidValue::NotAllowed));
    }
    for (i, (user, share)) in shares.iter().enumerate() {
        if shares[..i].iter().any(|(u, _)| u == user) {
            problems.push(InvalidField::new(
                format!("shares[{i}].user_id"),
                InvalidValue::NotAllowed,
            ));
        }
        match share {
            Share::Ratio(r) if *r <= 0 || *r > RATIO_WHOLE => problems.push(InvalidField::new(
                format!("shares[{i}].ratio"),
                InvalidValue::NotAllowed,
            )),
            // Nobody's share is more than the whole deal, by ratio or by amount.
            Share::Amount(a) if *a <= 0 || *a > deal_amount => problems.push(InvalidField::new(
                format!("shares[{i}].amount"),
                InvalidValue::NotAllowed,
            )),
            _ => {}
        }
    }
    let ratios = shares
        .iter()
        .filter(|(_, s)| matches!(s, Share::Ratio(_)))
        .count();
    if ratios != 0 && ratios != shares.len() {
        problems.push(InvalidField::new("shares", InvalidValue::Format));
    }
    if problems.is_empty() {
        let (sum, whole) = if ratios > 0 {
            (
                shares
                    .iter()
                    .map(|(_, s)| match s {
                        Share::Ratio(r) => *r,
                        Share::Amount(_) => 0,
                    })
                    .sum::<i64>(),
                RATIO_WHOLE,
            )
        } else {
            (
                shares
                    .iter()
                    .map(|(_, s)| match s {
                        Share::Amount(a) => *a,
                        Share::Ratio(_) => 0,
                    })
                    .sum::<i64>(),
                deal_amount,
            )
        };
        let adds_up = match kind {
            SplitKind::Whole => sum == whole,
            SplitKind::Excess => sum >= whole,
        };
        if !adds_up {
            problems.push(InvalidField::new("shares", InvalidValue::NotAllowed));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUAN: i64 = 100;

    #[test]
    fn the_seeds_split_is_credited_exactly() {
        let deal = 1_000_000 * YUAN;
        let lead = Share::Ratio(700_000);
        let support = Share::Ratio(300_000);
        assert_eq!(lead.expected(deal, deal, 1_000), 70_000 * YUAN);
        assert_eq!(support.expected(deal, deal, 1_000), 30_000 * YUAN);
        assert_eq!(lead.expected(deal, deal, 10_000), 700_000 * YUAN);
        assert_eq!(lead.of(deal, deal), 700_000 * YUAN);
        assert_eq!(support.of(deal, deal), 300_000 * YUAN);
        // By amount the same shares credit the same.
        assert_eq!(
            Share::Amount(700_000 * YUAN).expected(deal, deal, 1_000),
            70_000 * YUAN
        );
        assert_eq!(
            Share::Amount(300_000 * YUAN).of(deal / 2, deal),
            150_000 * YUAN
        );
    }

    #[test]
    fn a_whole_split_by_amount_stays_whole_when_the_deal_changes() {
        // ¥1,000 split ¥700 / ¥300, then the deal grows to ¥2,000: ¥1,400 / ¥600.
        let shares = [Share::Amount(700 * YUAN), Share::Amount(300 * YUAN)];
        let basis = amount_basis(SplitKind::Whole, &shares, 2_000 * YUAN);
        assert_eq!(basis, 1_000 * YUAN);
        let won: Vec<i64> = shares.iter().map(|s| s.of(2_000 * YUAN, basis)).collect();
        assert_eq!(won, [1_400 * YUAN, 600 * YUAN]);
        // At 60 %: ¥840 / ¥360, the deal's expected ¥1,200 in all.
        let expected: Vec<i64> = shares
            .iter()
            .map(|s| s.expected(2_000 * YUAN, basis, 6_000))
            .collect();
        assert_eq!(expected, [840 * YUAN, 360 * YUAN]);
        // An excess split's amounts are weighed against the deal as it is.
        assert_eq!(
            amount_basis(SplitKind::Excess, &shares, 2_000 * YUAN),
            2_000 * YUAN
        );
        let ratios = [Share::Ratio(700_000), Share::Ratio(300_000)];
        assert_eq!(amount_basis(SplitKind::Whole, &ratios, 5), 5);
    }

    #[test]
    fn whole_splits_add_up_to_the_whole() {
        let ok = [(1, Share::Ratio(700_000)), (2, Share::Ratio(300_000))];
        assert!(check_split(SplitKind::Whole, &ok, 100).is_ok());
        let short = [(1, Share::Ratio(700_000)), (2, Share::Ratio(200_000))];
        let err = check_split(SplitKind::Whole, &short, 100).unwrap_err();
        assert_eq!(err[0].field, "shares");
        // Excess allows more, never less: the rest would be credited to no one.
        assert!(check_split(SplitKind::Excess, &short, 100).is_err());
        let amounts_short = [(1, Share::Amount(60)), (2, Share::Amount(30))];
        assert!(check_split(SplitKind::Excess, &amounts_short, 100).is_err());
        let amounts_over = [(1, Share::Amount(100)), (2, Share::Amount(30))];
        assert!(check_split(SplitKind::Excess, &amounts_over, 100).is_ok());
        // No one share above the whole deal.
        let inflated = [(1, Share::Amount(100)), (2, Share::Amount(101))];
        assert_eq!(
            check_split(SplitKind::Excess, &inflated, 100).unwrap_err()[0].field,
            "shares[1].amount"
        );
        let over = [(1, Share::Ratio(1_000_000)), (2, Share::Ratio(300_000))];
        assert!(check_split(SplitKind::Excess, &over, 100).is_ok());
        assert!(check_split(SplitKind::Whole, &over, 100).is_err());
        let amounts = [(1, Share::Amount(60)), (2, Share::Amount(40))];
        assert!(check_split(SplitKind::Whole, &amounts, 100).is_ok());
        assert!(check_split(SplitKind::Whole, &amounts, 101).is_err());
        let twice = [(1, Share::Ratio(500_000)), (1, Share::Ratio(500_000))];
        assert_eq!(
            check_split(SplitKind::Whole, &twice, 1).unwrap_err()[0].field,
            "shares[1].user_id"
        );
        let mixed = [(1, Share::Ratio(500_000)), (2, Share::Amount(50))];
        assert_eq!(
            check_split(SplitKind::Whole, &mixed, 100).unwrap_err()[0].field,
            "shares"
        );
        assert!(check_split::<i32>(SplitKind::Whole, &[], 100).is_err());
    }
}
