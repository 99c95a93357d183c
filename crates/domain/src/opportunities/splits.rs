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
    /// What this share credits of `value` (a record worth `value`, from a deal of
    /// `deal_amount`): a ratio of the value; an amount in proportion (the amount itself when
    /// the record is the whole deal). Rounded half up.
    #[must_use]
    pub fn of(self, value: i64, deal_amount: i64) -> i64 {
        let credited = match self {
            Self::Ratio(r) => {
                div_round_half_up(i128::from(value) * i128::from(r), i128::from(RATIO_WHOLE))
            }
            Self::Amount(_) if deal_amount == 0 => 0,
            Self::Amount(a) if value == deal_amount => i128::from(a),
            Self::Amount(a) => {
                div_round_half_up(i128::from(value) * i128::from(a), i128::from(deal_amount))
            }
        };
        i64::try_from(credited).unwrap_or(i64::MAX)
    }

    /// Expected credit: `amount × win rate × share`, rounded half up once.
    #[must_use]
    pub fn expected(self, deal_amount: i64, win_rate_bp: i32) -> i64 {
        let numerator = match self {
            Self::Ratio(r) => i128::from(deal_amount) * i128::from(r),
            Self::Amount(a) => i128::from(a) * i128::from(RATIO_WHOLE),
        } * i128::from(win_rate_bp);
        i64::try_from(div_round_half_up(
            numerator,
            i128::from(RATIO_WHOLE) * 10_000,
        ))
        .unwrap_or(i64::MAX)
    }
}

/// Checks a split: at least one share, nobody twice, all by ratio or all by amount, each
/// above zero; a whole split adds up to exactly 100 % (or exactly the deal's amount).
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
            Share::Amount(a) if *a <= 0 => problems.push(InvalidField::new(
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
    if problems.is_empty() && kind == SplitKind::Whole {
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
        if sum != whole {
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
        assert_eq!(lead.expected(deal, 1_000), 70_000 * YUAN);
        assert_eq!(support.expected(deal, 1_000), 30_000 * YUAN);
        assert_eq!(lead.expected(deal, 10_000), 700_000 * YUAN);
        assert_eq!(lead.of(deal, deal), 700_000 * YUAN);
        assert_eq!(support.of(deal, deal), 300_000 * YUAN);
        // By amount the same shares credit the same.
        assert_eq!(
            Share::Amount(700_000 * YUAN).expected(deal, 1_000),
            70_000 * YUAN
        );
        assert_eq!(
            Share::Amount(300_000 * YUAN).of(deal / 2, deal),
            150_000 * YUAN
        );
    }

    #[test]
    fn whole_splits_add_up_to_the_whole() {
        let ok = [(1, Share::Ratio(700_000)), (2, Share::Ratio(300_000))];
        assert!(check_split(SplitKind::Whole, &ok, 100).is_ok());
        let short = [(1, Share::Ratio(700_000)), (2, Share::Ratio(200_000))];
        let err = check_split(SplitKind::Whole, &short, 100).unwrap_err();
        assert_eq!(err[0].field, "shares");
        assert!(check_split(SplitKind::Excess, &short, 100).is_ok());
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
