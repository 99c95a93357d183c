//! Results: the rates and averages reports show, exact and rounded once, half up.

use crate::money::div_round_half_up;

/// A share of a whole in hundredths of a percent (6667 = 66.67 %), rounded half up; `None`
/// when the whole is zero. Written with [`crate::targets::format_rate`].
#[must_use]
pub fn rate_bp(part: u64, whole: u64) -> Option<i64> {
    crate::targets::rate_bp(
        i64::try_from(part).unwrap_or(i64::MAX),
        i64::try_from(whole).unwrap_or(i64::MAX),
    )
}

/// The average of a total over `count`, rounded half up to the unit; `None` for no items.
#[must_use]
pub fn average(total: i128, count: u64) -> Option<i64> {
    (count > 0)
        .then(|| i64::try_from(div_round_half_up(total, i128::from(count))).unwrap_or(i64::MAX))
}

/// The average of a total of `unit`s over `count`, in hundredths (days to two decimals
/// from seconds: `unit` = 86 400), rounded half up; `None` for no items.
#[must_use]
pub fn average_hundredths(total: i128, count: u64, unit: i128) -> Option<i64> {
    (count > 0 && unit > 0).then(|| {
        i64::try_from(div_round_half_up(total * 100, i128::from(count) * unit)).unwrap_or(i64::MAX)
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn rates_and_averages_round_half_up_once() {
        assert_eq!(rate_bp(2, 3), Some(6667));
        assert_eq!(rate_bp(1, 8), Some(1250));
        assert_eq!(rate_bp(0, 0), None);
        assert_eq!(average(1_000_001, 2), Some(500_001));
        assert_eq!(average(5, 0), None);
        // 1.5 days and 2 days → 1.75 days.
        assert_eq!(average_hundredths(129_600 + 172_800, 2, 86_400), Some(175));
        assert_eq!(average_hundredths(10, 3, 1), Some(333));
    }

    proptest! {
        #[test]
        fn an_average_is_within_half_a_unit_of_the_exact_one(total in 0i64..1_000_000_000_000, count in 1u64..100_000) {
            let avg = i128::from(average(i128::from(total), count).unwrap());
            let c = i128::from(count);
            let t = i128::from(total);
            // |avg × count − total| ≤ count / 2
            prop_assert!((avg * c - t).abs() * 2 <= c);
        }

        #[test]
        fn a_rate_never_passes_100_percent_of_its_whole(part in 0u64..1_000_000, extra in 0u64..1_000_000) {
            let r = rate_bp(part, part + extra);
            if part + extra == 0 { prop_assert_eq!(r, None); } else { prop_assert!(r.unwrap() <= 10_000); }
        }
    }
}
