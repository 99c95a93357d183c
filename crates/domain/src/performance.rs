//! Incentives (重激励): compensation — base pay plus performance pay by completion tiers —
//! computed per period and explained line by line.
//!
//! Tiers are marginal: the part of completion that falls in a tier is paid at the tier's
//! rate times the pool (the performance pay at 100 %). Below the threshold nothing is paid;
//! completion above the cap counts as the cap. PRODUCT.md's example: pool ¥30,000, threshold
//! 60 %, tiers 0–100 % × 1 and above 100 % × 1.5, cap 150 %; completion 120 % →
//! ¥30,000 + ¥30,000 × 20 % × 1.5 = ¥39,000.
//!
//! A plan may also weigh performance pay by **collections** (回款系数): the money a person
//! collected in the period as a share of the contract amount they signed in it picks a
//! multiplier from the factor's own tiers (e.g. below 50 % × 0.5, 50–80 % × 0.8, from 80 %
//! × 1); the performance pay is multiplied once and rounded half up.
//!
//! Two more factors work the same way: **margin** (毛利系数; the gross profit of the contracts
//! a person signed in the period as a share of their amount, over lines whose cost is known)
//! and **forecast accuracy** (预测准确率; how close what a person won in the period's months
//! came to what they forecast at each month's start: 100 % less the miss as a share of the
//! forecast, never below 0). A plan may have any of the three; they apply in that order,
//! each to the performance pay the one before left, each rounded half up once and shown as
//! its own line. A ratio below the first tier (a margin under 0) takes the first tier.

use crate::{money::div_round_half_up, InvalidValue};

/// Rates and percents are kept in basis points: 10000 = 100 % or a rate of 1.
pub const BP: i64 = 10_000;

/// Parses a non-negative decimal with at most `places` decimals (≤ 4) into units of
/// 10^-places·… scaled to basis points: `"1.5"` → 15000, `"60"` → 600000 when read as a
/// percent (`percent = true` scales by 100 less).
///
/// # Errors
/// `Format` for anything but a plain decimal with ≤ 2 decimals (percents) or ≤ 4 (rates);
/// `NotAllowed` above 100000 %.
pub fn parse_bp(text: &str, percent: bool) -> Result<i64, InvalidValue> {
    let text = text.trim();
    let places = if percent { 2 } else { 4 };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > places {
        return Err(InvalidValue::Format);
    }
    if whole.len() > 6 {
        return Err(InvalidValue::NotAllowed);
    }
    let value: i64 = format!("{whole}{fraction:0<places$}")
        .parse()
        .map_err(|_| InvalidValue::Format)?;
    Ok(value)
}

/// Basis points as a decimal: 15000 → `"1.5"` (rates) or, for percents (hundredths),
/// 12000 → `"120"`.
#[must_use]
pub fn format_bp(value: i64, percent: bool) -> String {
    let places: u32 = if percent { 2 } else { 4 };
    let unit = 10i64.pow(places);
    let s = format!(
        "{}.{:0width$}",
        value / unit,
        value % unit,
        width = places as usize
    );
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One tier: completion from `from` up to `to` (percent in hundredths; `None` = no end),
/// paid at `rate` (10000 = × 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    pub from: i64,
    pub to: Option<i64>,
    pub rate: i64,
}

/// A refused tier field, with the API's code (`tier_gap`, `tier_overlap`, `not_allowed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierProblem {
    pub field: String,
    pub code: &'static str,
}

/// Checks a tier table: starts at 0 %, each tier starts where the one before ends (no gap,
/// no overlap), each ends above where it starts, and the last one is open or reaches the
/// cap (completion above it must be paid somehow).
///
/// # Errors
/// Every problem, named `tiers[i].from` / `tiers[i].to`.
pub fn check_tiers(tiers: &[Tier], cap: Option<i64>) -> Result<(), Vec<TierProblem>> {
    let mut problems = Vec::new();
    let problem = |i: usize, field: &str, code| TierProblem {
        field: format!("tiers[{i}].{field}"),
        code,
    };
    if tiers.is_empty() {
        return Err(vec![TierProblem {
            field: "tiers".into(),
            code: "required",
        }]);
    }
    let mut expected_from = Some(0);
    for (i, t) in tiers.iter().enumerate() {
        match expected_from {
            None => problems.push(problem(i, "from", "tier_overlap")),
            Some(e) if t.from > e => problems.push(problem(i, "from", "tier_gap")),
            Some(e) if t.from < e => problems.push(problem(i, "from", "tier_overlap")),
            Some(_) => {}
        }
        if t.to.is_some_and(|to| to <= t.from) {
            problems.push(problem(i, "to", "not_allowed"));
        }
        expected_from = t.to;
    }
    if let Some(last_end) = tiers.last().and_then(|t| t.to) {
        if cap.is_none_or(|c| c > last_end) {
            problems.push(problem(tiers.len() - 1, "to", "tier_gap"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Whether a plan's threshold and cap can both hold: completion is counted at most at the
/// cap, so a threshold above it would never pay anything.
#[must_use]
pub fn threshold_within_cap(threshold: i64, cap: Option<i64>) -> bool {
    cap.is_none_or(|c| threshold <= c)
}

/// A compensation plan's rules for one person and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayRules {
    pub base_pay: i64,
    /// Performance pay at 100 % completion.
    pub pool: i64,
    /// Below this completion (hundredths of a percent) nothing is paid.
    pub threshold: i64,
    /// Completion counted at most.
    pub cap: Option<i64>,
    pub tiers: Vec<Tier>,
    /// The margin factor's tiers (`rate` the multiplier), when the plan has one.
    pub margin: Option<Vec<Tier>>,
    /// The collections factor's tiers, when the plan has one.
    pub collections: Option<Vec<Tier>>,
    /// The forecast-accuracy factor's tiers, when the plan has one.
    pub forecast_accuracy: Option<Vec<Tier>>,
}

/// A factor that weighs performance pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Margin,
    Collections,
    ForecastAccuracy,
}

impl Factor {
    /// In the order they apply.
    pub const ALL: [Factor; 3] = [
        Factor::Margin,
        Factor::Collections,
        Factor::ForecastAccuracy,
    ];

    /// The name the API and the stored explanation use.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Margin => "margin",
            Factor::Collections => "collections",
            Factor::ForecastAccuracy => "forecast_accuracy",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The plan's tiers for this factor.
    #[must_use]
    pub fn tiers(self, rules: &PayRules) -> Option<&[Tier]> {
        match self {
            Factor::Margin => rules.margin.as_deref(),
            Factor::Collections => rules.collections.as_deref(),
            Factor::ForecastAccuracy => rules.forecast_accuracy.as_deref(),
        }
    }
}

/// What a person's factors read for a period, each in hundredths of a percent; `None` when
/// there was nothing to measure (nothing signed, no costed line, nothing forecast): × 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactorRatios {
    pub margin: Option<i64>,
    pub collections: Option<i64>,
    pub forecast_accuracy: Option<i64>,
}

impl FactorRatios {
    #[must_use]
    pub fn of(&self, factor: Factor) -> Option<i64> {
        match factor {
            Factor::Margin => self.margin,
            Factor::Collections => self.collections,
            Factor::ForecastAccuracy => self.forecast_accuracy,
        }
    }
}

/// Forecast accuracy: 100 % less the miss (won against forecast, either way) as a share of
/// the forecast, never below 0, in hundredths of a percent rounded half up; `None` when
/// nothing was forecast.
#[must_use]
pub fn accuracy_ratio(forecast: i64, won: i64) -> Option<i64> {
    (forecast > 0).then(|| {
        let miss =
            i128::try_from(i128::from(won).abs_diff(i128::from(forecast))).unwrap_or(i128::MAX);
        // What the forecast kept, rounded half up itself (not the miss).
        let kept = (i128::from(forecast) - miss).max(0);
        i64::try_from(div_round_half_up(
            kept * i128::from(BP),
            i128::from(forecast),
        ))
        .unwrap_or(0)
    })
}

/// One line of a person's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayLine {
    Base {
        amount: i64,
    },
    /// No target for the period: no performance pay.
    NoTarget,
    /// Completion below the threshold: no performance pay.
    BelowThreshold {
        completion: i64,
        threshold: i64,
    },
    /// Completion above the cap counted as the cap.
    Capped {
        completion: i64,
        cap: i64,
    },
    /// The part of completion in a tier, paid at its rate.
    Tier {
        from: i64,
        to: i64,
        rate: i64,
        amount: i64,
    },
    /// Performance pay weighed by a factor: `ratio` (hundredths of a percent; `None` when
    /// there was nothing to measure, and then × 1) picked `multiplier`; `amount` is what the
    /// factor added (negative: took away).
    Factor {
        factor: Factor,
        ratio: Option<i64>,
        multiplier: i64,
        amount: i64,
    },
}

/// The multiplier a factor's tiers give a ratio: the tier it falls in (from ≤ ratio < to);
/// a ratio below the first tier (a negative margin) takes the first.
#[must_use]
pub fn multiplier(tiers: &[Tier], ratio: i64) -> i64 {
    let ratio = ratio.max(tiers.first().map_or(0, |t| t.from));
    tiers
        .iter()
        .find(|t| ratio >= t.from && t.to.is_none_or(|to| ratio < to))
        .map_or(BP, |t| t.rate)
}

/// [`pay`] with the plan's factors applied to the performance pay in turn (margin,
/// collections, forecast accuracy), given the person's ratios.
#[must_use]
pub fn pay_factored(
    rules: &PayRules,
    completion: Option<i64>,
    ratios: FactorRatios,
) -> (i64, Vec<PayLine>) {
    let (mut total, mut lines) = pay(rules, completion);
    for factor in Factor::ALL {
        let Some(tiers) = factor.tiers(rules) else {
            continue;
        };
        let performance = total.saturating_sub(rules.base_pay);
        let ratio = ratios.of(factor);
        let m = ratio.map_or(BP, |r| multiplier(tiers, r));
        let weighed = i64::try_from(div_round_half_up(
            i128::from(performance) * i128::from(m),
            i128::from(BP),
        ))
        .unwrap_or(i64::MAX);
        let amount = weighed - performance;
        lines.push(PayLine::Factor {
            factor,
            ratio,
            multiplier: m,
            amount,
        });
        total = total.saturating_add(amount);
    }
    (total, lines)
}

/// Pay for a completion (`None` when there is no target): base plus each tier's part,
/// every line rounded half up once; the total is the sum of the lines.
#[must_use]
pub fn pay(rules: &PayRules, completion: Option<i64>) -> (i64, Vec<PayLine>) {
    let mut lines = vec![PayLine::Base {
        amount: rules.base_pay,
    }];
    let mut performance: i64 = 0;
    match completion {
        None => lines.push(PayLine::NoTarget),
        Some(c) if c < rules.threshold => lines.push(PayLine::BelowThreshold {
            completion: c,
            threshold: rules.threshold,
        }),
        Some(c) => {
            let counted = match rules.cap {
                Some(cap) if c > cap => {
                    lines.push(PayLine::Capped { completion: c, cap });
                    cap
                }
                _ => c,
            };
            for t in &rules.tiers {
                let end = t.to.map_or(counted, |to| to.min(counted));
                if end <= t.from {
                    continue;
                }
                let part = end - t.from;
                let amount = i64::try_from(div_round_half_up(
                    i128::from(rules.pool) * i128::from(part) * i128::from(t.rate),
                    i128::from(BP) * i128::from(BP),
                ))
                .unwrap_or(i64::MAX);
                performance = performance.saturating_add(amount);
                lines.push(PayLine::Tier {
                    from: t.from,
                    to: end,
                    rate: t.rate,
                    amount,
                });
            }
        }
    }
    (rules.base_pay.saturating_add(performance), lines)
}

/// Performance pay alone (the total less the base).
#[must_use]
pub fn performance_pay(rules: &PayRules, completion: Option<i64>) -> i64 {
    pay(rules, completion).0.saturating_sub(rules.base_pay)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_threshold_above_the_cap_never_pays() {
        assert!(threshold_within_cap(6_000, Some(15_000)));
        assert!(threshold_within_cap(15_000, Some(15_000)));
        assert!(threshold_within_cap(20_000, None));
        assert!(!threshold_within_cap(16_000, Some(15_000)));
    }

    use proptest::prelude::*;

    use super::*;

    const YUAN: i64 = 100;

    fn example() -> PayRules {
        PayRules {
            base_pay: 8_000 * YUAN,
            pool: 30_000 * YUAN,
            threshold: 6_000,
            cap: Some(15_000),
            tiers: vec![
                Tier {
                    from: 0,
                    to: Some(10_000),
                    rate: 10_000,
                },
                Tier {
                    from: 10_000,
                    to: None,
                    rate: 15_000,
                },
            ],
            margin: None,
            collections: None,
            forecast_accuracy: None,
        }
    }

    fn collected(ratio: Option<i64>) -> FactorRatios {
        FactorRatios {
            collections: ratio,
            ..FactorRatios::default()
        }
    }

    /// Below 50 % collected × 0.5, 50–80 % × 0.8, from 80 % × 1.
    fn collections() -> Vec<Tier> {
        vec![
            Tier {
                from: 0,
                to: Some(5_000),
                rate: 5_000,
            },
            Tier {
                from: 5_000,
                to: Some(8_000),
                rate: 8_000,
            },
            Tier {
                from: 8_000,
                to: None,
                rate: 10_000,
            },
        ]
    }

    #[test]
    fn collections_weigh_the_performance_pay_once() {
        let rules = PayRules {
            collections: Some(collections()),
            ..example()
        };
        assert!(check_tiers(&collections(), None).is_ok());
        // 120 % completion earns ¥39,000; 60 % collected keeps × 0.8 of it.
        let (total, lines) = pay_factored(&rules, Some(12_000), collected(Some(6_000)));
        assert_eq!(total, (8_000 + 31_200) * YUAN);
        assert_eq!(
            lines.last(),
            Some(&PayLine::Factor {
                factor: Factor::Collections,
                ratio: Some(6_000),
                multiplier: 8_000,
                amount: -7_800 * YUAN
            })
        );
        // The edges belong to the tier above; nothing signed → × 1; no factor → as before.
        assert_eq!(multiplier(&collections(), 8_000), 10_000);
        assert_eq!(multiplier(&collections(), 4_999), 5_000);
        assert_eq!(
            pay_factored(&rules, Some(12_000), collected(None)).0,
            47_000 * YUAN
        );
        assert_eq!(
            pay_factored(&example(), Some(12_000), collected(Some(0))),
            pay(&example(), Some(12_000))
        );
        // Rounded half up once: ¥0.01 of performance pay × 0.5.
        let tiny = PayRules {
            base_pay: 0,
            pool: 1,
            threshold: 0,
            cap: None,
            tiers: vec![Tier {
                from: 0,
                to: None,
                rate: 10_000,
            }],
            margin: None,
            collections: Some(collections()),
            forecast_accuracy: None,
        };
        assert_eq!(pay_factored(&tiny, Some(10_000), collected(Some(0))).0, 1);
    }

    /// Margin below 20 % × 0.8, 20–40 % × 1, from 40 % × 1.2.
    fn margins() -> Vec<Tier> {
        vec![
            Tier {
                from: 0,
                to: Some(2_000),
                rate: 8_000,
            },
            Tier {
                from: 2_000,
                to: Some(4_000),
                rate: 10_000,
            },
            Tier {
                from: 4_000,
                to: None,
                rate: 12_000,
            },
        ]
    }

    /// Accuracy below 70 % × 0.9, from 70 % × 1, from 90 % × 1.1.
    fn accuracy() -> Vec<Tier> {
        vec![
            Tier {
                from: 0,
                to: Some(7_000),
                rate: 9_000,
            },
            Tier {
                from: 7_000,
                to: Some(9_000),
                rate: 10_000,
            },
            Tier {
                from: 9_000,
                to: None,
                rate: 11_000,
            },
        ]
    }

    #[test]
    fn margin_and_forecast_accuracy_weigh_after_each_other() {
        let rules = PayRules {
            margin: Some(margins()),
            collections: Some(collections()),
            forecast_accuracy: Some(accuracy()),
            ..example()
        };
        // ¥39,000 at 120 %; margin 45 % × 1.2 → ¥46,800; 60 % collected × 0.8 → ¥37,440;
        // forecast ¥1,000,000, won ¥950,000: 95 % accurate × 1.1 → ¥41,184.
        let ratios = FactorRatios {
            margin: Some(4_500),
            collections: Some(6_000),
            forecast_accuracy: accuracy_ratio(100_000_000, 95_000_000),
        };
        assert_eq!(ratios.forecast_accuracy, Some(9_500));
        let (total, lines) = pay_factored(&rules, Some(12_000), ratios);
        assert_eq!(total, (8_000 + 41_184) * YUAN);
        let amounts: Vec<(Factor, i64)> = lines
            .iter()
            .filter_map(|l| match l {
                PayLine::Factor { factor, amount, .. } => Some((*factor, *amount)),
                _ => None,
            })
            .collect();
        assert_eq!(
            amounts,
            [
                (Factor::Margin, 7_800 * YUAN),
                (Factor::Collections, -9_360 * YUAN),
                (Factor::ForecastAccuracy, 3_744 * YUAN)
            ]
        );
        // Won twice the forecast misses by 100 %: accuracy 0; over-winning by a third, 66.67 %.
        assert_eq!(accuracy_ratio(100, 200), Some(0));
        assert_eq!(accuracy_ratio(300, 400), Some(6_667));
        assert_eq!(accuracy_ratio(0, 400), None);
        // 50.005 % kept rounds half up to 50.01 %.
        assert_eq!(accuracy_ratio(20_000, 10_001), Some(5_001));
        // A negative margin takes the first tier; no margin measured → × 1.
        assert_eq!(multiplier(&margins(), -3_000), 8_000);
        let only_margin = PayRules {
            margin: Some(margins()),
            ..example()
        };
        assert_eq!(
            pay_factored(&only_margin, Some(12_000), FactorRatios::default()).0,
            47_000 * YUAN
        );
    }

    #[test]
    fn the_worked_example_pays_39000() {
        let rules = example();
        assert!(check_tiers(&rules.tiers, rules.cap).is_ok());
        assert_eq!(performance_pay(&rules, Some(12_000)), 39_000 * YUAN);
        let (_, lines) = pay(&rules, Some(12_000));
        assert_eq!(
            lines[1..],
            [
                PayLine::Tier {
                    from: 0,
                    to: 10_000,
                    rate: 10_000,
                    amount: 30_000 * YUAN
                },
                PayLine::Tier {
                    from: 10_000,
                    to: 12_000,
                    rate: 15_000,
                    amount: 9_000 * YUAN
                },
            ]
        );
        // Below 60 % nothing; 80 % is the pool × completion; 200 % counts as 150 %.
        assert_eq!(performance_pay(&rules, Some(5_999)), 0);
        assert_eq!(performance_pay(&rules, Some(8_000)), 24_000 * YUAN);
        assert_eq!(performance_pay(&rules, Some(20_000)), 52_500 * YUAN);
        assert_eq!(performance_pay(&rules, None), 0);
        assert_eq!(pay(&rules, Some(12_000)).0, 47_000 * YUAN);
    }

    #[test]
    fn tier_tables_with_gaps_or_overlaps_are_refused() {
        let gap = [
            Tier {
                from: 0,
                to: Some(6_000),
                rate: 0,
            },
            Tier {
                from: 7_000,
                to: None,
                rate: 10_000,
            },
        ];
        assert_eq!(
            check_tiers(&gap, None).unwrap_err()[0],
            TierProblem {
                field: "tiers[1].from".into(),
                code: "tier_gap"
            }
        );
        let overlap = [
            Tier {
                from: 0,
                to: Some(6_000),
                rate: 0,
            },
            Tier {
                from: 5_000,
                to: None,
                rate: 10_000,
            },
        ];
        assert_eq!(
            check_tiers(&overlap, None).unwrap_err()[0].code,
            "tier_overlap"
        );
        let late_start = [Tier {
            from: 100,
            to: None,
            rate: 1,
        }];
        assert_eq!(
            check_tiers(&late_start, None).unwrap_err()[0].code,
            "tier_gap"
        );
        let short = [Tier {
            from: 0,
            to: Some(10_000),
            rate: 1,
        }];
        assert_eq!(
            check_tiers(&short, None).unwrap_err()[0].field,
            "tiers[0].to"
        );
        assert!(check_tiers(&short, Some(10_000)).is_ok());
        assert_eq!(parse_bp("1.5", false), Ok(15_000));
        assert_eq!(parse_bp("60", true), Ok(6_000));
        assert_eq!(parse_bp("60.125", true), Err(InvalidValue::Format));
        assert_eq!(format_bp(15_000, false), "1.5");
        assert_eq!(format_bp(12_000, true), "120");
    }

    proptest! {
        /// Pay never falls when completion rises (with rates ≥ 0), and is the sum of its lines.
        #[test]
        fn pay_is_monotone_and_explained(a in 0i64..40_000, b in 0i64..40_000, pool in 0i64..10_000_000_000) {
            let rules = PayRules { pool, ..example() };
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(performance_pay(&rules, Some(lo)) <= performance_pay(&rules, Some(hi)));
            let (total, lines) = pay(&rules, Some(hi));
            let sum: i64 = lines.iter().map(|l| match l { PayLine::Base { amount } | PayLine::Tier { amount, .. } => *amount, _ => 0 }).sum();
            prop_assert_eq!(total, sum);
        }

        /// Weighed by collections, pay is the base plus the performance pay times the
        /// multiplier, rounded once, never more than the performance pay at × 1 allows, and
        /// still the sum of its lines.
        #[test]
        fn collections_weigh_exactly(c in 0i64..40_000, ratio in proptest::option::of(0i64..20_000), pool in 0i64..10_000_000_000) {
            let rules = PayRules { pool, collections: Some(collections()), ..example() };
            let (plain, _) = pay(&rules, Some(c));
            let (total, lines) = pay_factored(&rules, Some(c), collected(ratio));
            let performance = plain - rules.base_pay;
            let m = ratio.map_or(BP, |r| multiplier(&collections(), r));
            prop_assert_eq!(total - rules.base_pay, i64::try_from(div_round_half_up(i128::from(performance) * i128::from(m), i128::from(BP))).unwrap());
            prop_assert!(total <= plain);
            let sum: i64 = lines.iter().map(|l| match l { PayLine::Base { amount } | PayLine::Tier { amount, .. } | PayLine::Factor { amount, .. } => *amount, _ => 0 }).sum();
            prop_assert_eq!(total, sum);
        }

        /// The three factors apply in turn, each rounded once: pay is the base plus the
        /// performance pay weighed by each multiplier in order, and the sum of its lines.
        #[test]
        fn factors_weigh_in_turn(c in 0i64..40_000, margin in proptest::option::of(-5_000i64..10_000), coll in proptest::option::of(0i64..20_000), fc in 0i64..10_000_000, won in 0i64..20_000_000, pool in 0i64..10_000_000_000) {
            let rules = PayRules { pool, margin: Some(margins()), collections: Some(collections()), forecast_accuracy: Some(accuracy()), ..example() };
            let accurate = accuracy_ratio(fc, won);
            let ratios = FactorRatios { margin, collections: coll, forecast_accuracy: accurate };
            let (total, lines) = pay_factored(&rules, Some(c), ratios);
            let mut performance = pay(&rules, Some(c)).0 - rules.base_pay;
            for (tiers, ratio) in [(margins(), margin), (collections(), coll), (accuracy(), accurate)] {
                let m = ratio.map_or(BP, |r| multiplier(&tiers, r));
                performance = i64::try_from(div_round_half_up(i128::from(performance) * i128::from(m), i128::from(BP))).unwrap();
            }
            prop_assert_eq!(total, rules.base_pay + performance);
            let sum: i64 = lines.iter().map(|l| match l { PayLine::Base { amount } | PayLine::Tier { amount, .. } | PayLine::Factor { amount, .. } => *amount, _ => 0 }).sum();
            prop_assert_eq!(total, sum);
            if let Some(a) = accurate { prop_assert!((0..=BP).contains(&a)); }
        }
    }
}
