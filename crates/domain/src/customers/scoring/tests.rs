use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::*;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default()
}

fn days_ago(days: i64) -> Option<DateTime<Utc>> {
    Some(now() - Duration::days(days))
}

fn rule(key: &str, weight: u32, condition: Condition) -> ScoringRule {
    ScoringRule {
        key: key.into(),
        label: key.into(),
        weight,
        condition,
    }
}

fn model(rules: Vec<ScoringRule>) -> ScoringModel {
    ScoringModel {
        rules,
        grades: GradeCutoffs::default(),
    }
}

fn problems(m: &ScoringModel) -> Vec<(String, InvalidValue)> {
    m.validate()
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.field, p.error))
        .collect()
}

#[test]
fn the_default_model_is_valid_and_reads_in_points() {
    for lang in [Language::ZhCn, Language::EnUs] {
        let m = ScoringModel::default_in(lang);
        assert_eq!(m.validate(), Ok(()));
        assert_eq!(m.max_points(), 100);
    }
    let needed = ScoringModel::default().facts_needed();
    assert_eq!(
        needed,
        FactsNeeded {
            activity_windows: vec![30],
            last_activity: true,
            won_amount: true,
            numbers: false,
        }
    );
}

#[test]
fn the_default_model_scores_customers() {
    let m = ScoringModel::default();
    let mut counts = std::collections::BTreeMap::new();
    counts.insert(30, 5);
    let best = CustomerFacts {
        industry: Some(" 制造业 ".into()),
        size_tier: Some(SizeTier::Enterprise),
        last_activity_at: days_ago(2),
        activity_counts: counts.clone(),
        won_amount: 10_000_000,
        ..Default::default()
    };
    let cases = [
        (best.clone(), 100, Grade::A),
        (
            CustomerFacts {
                won_amount: 9_999_999,
                ..best.clone()
            },
            75,
            Grade::B,
        ),
        (
            // A month and a half without follow-up: only the 90-day rule still counts.
            CustomerFacts {
                last_activity_at: days_ago(45),
                activity_counts: std::collections::BTreeMap::new(),
                ..best.clone()
            },
            65,
            Grade::B,
        ),
        (
            // 90 days or more without follow-up earns nothing for recency.
            CustomerFacts {
                last_activity_at: days_ago(90),
                activity_counts: std::collections::BTreeMap::new(),
                won_amount: 0,
                ..best.clone()
            },
            30,
            Grade::D,
        ),
        (CustomerFacts::default(), 0, Grade::D),
    ];
    for (facts, score, grade) in cases {
        assert_eq!(m.score(&facts, now()), Score { score, grade }, "{facts:?}");
        let explained = m.explain(&facts, now());
        assert_eq!((explained.score, explained.grade), (score, grade));
        assert_eq!(explained.rules.len(), m.rules.len());
    }
}

#[test]
fn each_kind_of_rule_is_judged_and_explained() {
    let mut counts = std::collections::BTreeMap::new();
    counts.insert(7, 2);
    let facts = CustomerFacts {
        industry: Some("Finance".into()),
        province: Some("广东省".into()),
        employee_count: Some(500),
        last_activity_at: days_ago(10),
        activity_counts: counts,
        won_amount: 5_000,
        ..Default::default()
    };
    let text = |s: &str| Some(FactValue::Text(s.into()));
    let num = |n: i64| Some(FactValue::Number(n));
    let field_in = |field, values: &[&str]| Condition::FieldIn {
        field,
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    };
    let cases: Vec<(Condition, bool, Reason, Option<FactValue>)> = vec![
        (
            field_in(TextField::Industry, &["finance", "能源"]),
            true,
            Reason::InSet,
            text("Finance"),
        ),
        (
            field_in(TextField::Industry, &["能源"]),
            false,
            Reason::NotInSet,
            text("Finance"),
        ),
        (
            field_in(TextField::Province, &["广东"]),
            true,
            Reason::InSet,
            text("广东省"),
        ),
        (
            field_in(TextField::Source, &["web_form"]),
            false,
            Reason::Missing,
            None,
        ),
        (
            field_in(TextField::SizeTier, &["large"]),
            false,
            Reason::Missing,
            None,
        ),
        (
            Condition::NumberBetween {
                field: NumberField::EmployeeCount,
                min: Some(100),
                max: Some(500),
            },
            true,
            Reason::InRange,
            num(500),
        ),
        (
            Condition::NumberBetween {
                field: NumberField::EmployeeCount,
                min: Some(501),
                max: None,
            },
            false,
            Reason::BelowRange,
            num(500),
        ),
        (
            Condition::NumberBetween {
                field: NumberField::AnnualRevenue,
                min: Some(1),
                max: None,
            },
            false,
            Reason::Missing,
            None,
        ),
        (
            Condition::DaysSinceLastActivity {
                min: None,
                max: Some(9),
            },
            false,
            Reason::AboveRange,
            num(10),
        ),
        (
            Condition::DaysSinceLastActivity {
                min: Some(10),
                max: None,
            },
            true,
            Reason::InRange,
            num(10),
        ),
        (
            Condition::ActivitiesInLastDays {
                days: 7,
                min: Some(2),
                max: Some(3),
            },
            true,
            Reason::InRange,
            num(2),
        ),
        (
            // A window the store did not count counts as no activity.
            Condition::ActivitiesInLastDays {
                days: 30,
                min: Some(1),
                max: None,
            },
            false,
            Reason::BelowRange,
            num(0),
        ),
        (
            Condition::WonAmount {
                min: Some(5_000),
                max: None,
            },
            true,
            Reason::InRange,
            num(5_000),
        ),
        (
            Condition::WonAmount {
                min: None,
                max: Some(4_999),
            },
            false,
            Reason::AboveRange,
            num(5_000),
        ),
    ];
    for (condition, matched, reason, value) in cases {
        let m = model(vec![rule("r", 10, condition.clone())]);
        let e = m.explain(&facts, now());
        let outcome = &e.rules[0];
        assert_eq!(
            (outcome.matched, outcome.reason, &outcome.value),
            (matched, reason, &value),
            "{condition:?}"
        );
        assert_eq!(outcome.points, if matched { 10 } else { 0 });
        assert_eq!(e.score, if matched { 100 } else { 0 });
        assert_eq!(m.score(&facts, now()).score, e.score);
    }
}

#[test]
fn a_customer_never_followed_up_is_infinitely_stale() {
    let recent = Condition::DaysSinceLastActivity {
        min: None,
        max: Some(30),
    };
    let stale = Condition::DaysSinceLastActivity {
        min: Some(90),
        max: None,
    };
    let m = model(vec![rule("recent", 1, recent), rule("stale", 1, stale)]);
    let e = m.explain(&CustomerFacts::default(), now());
    let outcomes: Vec<_> = e
        .rules
        .iter()
        .map(|r| (r.matched, r.reason, r.value.clone()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (false, Reason::NeverActive, None),
            (true, Reason::NeverActive, None)
        ]
    );
    let future = CustomerFacts {
        last_activity_at: Some(now() + Duration::hours(3)),
        ..Default::default()
    };
    assert_eq!(
        m.explain(&future, now()).rules[0].value,
        Some(FactValue::Number(0))
    );
}

#[test]
fn scaling_rounds_half_up() {
    let cases = [
        (0, 3, 0),
        (1, 3, 33),
        (2, 3, 67),
        (3, 3, 100),
        (1, 8, 13),  // 12.5 → 13
        (1, 200, 1), // 0.5 → 1
        (1, 201, 0), // 0.497…
        (5, 0, 0),
        (9, 3, 100),
        (u64::MAX, u64::MAX, 100),
    ];
    for (points, max, expected) in cases {
        assert_eq!(scale(points, max), expected, "{points}/{max}");
    }
}

#[test]
fn grades_follow_the_cut_offs() {
    let g = GradeCutoffs::default();
    let cases = [
        (100, Grade::A),
        (80, Grade::A),
        (79, Grade::B),
        (60, Grade::B),
        (59, Grade::C),
        (40, Grade::C),
        (39, Grade::D),
        (0, Grade::D),
    ];
    for (score, grade) in cases {
        assert_eq!(g.grade(score), grade, "{score}");
    }
    assert_eq!(g.score_range(Grade::A), Some((80, 100)));
    assert_eq!(g.score_range(Grade::B), Some((60, 79)));
    assert_eq!(g.score_range(Grade::D), Some((0, 39)));
    let no_d = GradeCutoffs { a: 90, b: 50, c: 0 };
    assert_eq!(no_d.score_range(Grade::D), None);
    for grade in Grade::ALL {
        assert_eq!(Grade::parse(&grade.key().to_lowercase()), Ok(grade));
    }
    assert_eq!(Grade::parse("E"), Err(InvalidValue::NotAllowed));
}

#[test]
fn bad_models_are_refused_field_by_field() {
    use InvalidValue::{Format, NotAllowed, Required, TooLong};
    let won = |min, max| Condition::WonAmount { min, max };
    let ok = || rule("ok", 10, won(Some(1), None));
    let cases: Vec<(ScoringModel, Vec<(&str, InvalidValue)>)> = vec![
        (model(vec![]), vec![("rules", Required)]),
        (
            model(vec![rule("zero", 0, won(Some(1), None))]),
            vec![("rules[0].weight", NotAllowed)],
        ),
        (
            model(vec![ok(), rule("ok", 1001, won(Some(1), None))]),
            vec![
                ("rules[1].key", NotAllowed),
                ("rules[1].weight", NotAllowed),
            ],
        ),
        (
            model(vec![
                rule("", 1, won(Some(1), None)),
                rule("Bad-Key", 1, won(Some(1), None)),
                rule(&"k".repeat(61), 1, won(Some(1), None)),
            ]),
            vec![
                ("rules[0].key", Required),
                ("rules[0].label", Required),
                ("rules[1].key", Format),
                ("rules[2].key", TooLong { max: 60 }),
            ],
        ),
        (
            model(vec![
                rule("a", 1, won(Some(5), Some(4))),
                rule("b", 1, won(None, None)),
                rule("c", 1, won(Some(-1), None)),
            ]),
            vec![
                ("rules[0].condition.max", NotAllowed),
                ("rules[1].condition.min", Required),
                ("rules[2].condition.min", NotAllowed),
            ],
        ),
        (
            model(vec![
                rule(
                    "a",
                    1,
                    Condition::FieldIn {
                        field: TextField::SizeTier,
                        values: vec!["large".into(), "huge".into(), " ".into()],
                    },
                ),
                rule(
                    "b",
                    1,
                    Condition::FieldIn {
                        field: TextField::Industry,
                        values: vec![],
                    },
                ),
                rule(
                    "c",
                    1,
                    Condition::ActivitiesInLastDays {
                        days: 0,
                        min: Some(1),
                        max: None,
                    },
                ),
                rule(
                    "d",
                    1,
                    Condition::DaysSinceLastActivity {
                        min: Some(30),
                        max: Some(7),
                    },
                ),
            ]),
            vec![
                ("rules[0].condition.values[1]", NotAllowed),
                ("rules[0].condition.values[2]", Required),
                ("rules[1].condition.values", Required),
                ("rules[2].condition.days", NotAllowed),
                ("rules[3].condition.max", NotAllowed),
            ],
        ),
        (
            ScoringModel {
                rules: vec![ok()],
                grades: GradeCutoffs {
                    a: 101,
                    b: 60,
                    c: 60,
                },
            },
            vec![("grades.a", NotAllowed), ("grades.c", NotAllowed)],
        ),
        (
            ScoringModel {
                rules: vec![ok()],
                grades: GradeCutoffs {
                    a: 60,
                    b: 80,
                    c: 40,
                },
            },
            vec![("grades.b", NotAllowed)],
        ),
    ];
    for (m, expected) in cases {
        let expected: Vec<(String, InvalidValue)> = expected
            .into_iter()
            .map(|(f, e)| (f.to_owned(), e))
            .collect();
        assert_eq!(problems(&m), expected, "{m:?}");
    }
    let too_many = model(
        (0..=MAX_RULES)
            .map(|i| rule(&format!("r{i}"), 1, won(Some(1), None)))
            .collect(),
    );
    assert_eq!(problems(&too_many), [("rules".to_owned(), NotAllowed)]);
}

#[test]
fn the_model_round_trips_through_json_and_refuses_unknown_fields() {
    let m = ScoringModel::default();
    let json = serde_json::to_string(&m).unwrap_or_default();
    let back: Result<ScoringModel, _> = serde_json::from_str(&json);
    assert_eq!(back.ok(), Some(m));

    let stored = r#"{"rules": [
        {"key": "big", "label": "Big", "weight": 5,
         "condition": {"kind": "number_between", "field": "employee_count", "min": 1000}},
        {"key": "vip", "label": "VIP", "weight": 5,
         "condition": {"kind": "field_in", "field": "source", "values": ["referral"]}}
    ]}"#;
    let parsed: Result<ScoringModel, _> = serde_json::from_str(stored);
    let parsed = parsed.ok();
    assert_eq!(
        parsed.as_ref().map(|m| m.rules[0].condition.clone()),
        Some(Condition::NumberBetween {
            field: NumberField::EmployeeCount,
            min: Some(1000),
            max: None
        })
    );
    assert_eq!(parsed.map(|m| m.grades), Some(GradeCutoffs::default()));

    let bad = [
        r#"{"rules": [], "extra": 1}"#,
        r#"{"rules": [{"key": "k", "label": "l", "weight": 1, "colour": "red",
            "condition": {"kind": "won_amount", "min": 1}}]}"#,
        r#"{"rules": [{"key": "k", "label": "l", "weight": 1,
            "condition": {"kind": "won_amount", "min": 1, "minimum": 2}}]}"#,
        r#"{"rules": [{"key": "k", "label": "l", "weight": 1,
            "condition": {"kind": "mood", "min": 1}}]}"#,
        r#"{"rules": [{"key": "k", "label": "l", "weight": 1,
            "condition": {"kind": "field_in", "field": "colour", "values": ["x"]}}]}"#,
        r#"{"rules": [], "grades": {"a": 90, "e": 1}}"#,
    ];
    for json in bad {
        assert!(
            serde_json::from_str::<ScoringModel>(json).is_err(),
            "{json}"
        );
    }
}

#[test]
fn explanations_serialise_in_snake_case() {
    let m = model(vec![rule(
        "recent",
        10,
        Condition::DaysSinceLastActivity {
            min: None,
            max: Some(7),
        },
    )]);
    let e = m.explain(&CustomerFacts::default(), now());
    let json = serde_json::to_value(&e).unwrap_or_default();
    assert_eq!(
        json,
        serde_json::json!({
            "score": 0, "grade": "D", "points": 0, "max_points": 10,
            "rules": [{
                "key": "recent", "label": "recent", "kind": "days_since_last_activity",
                "weight": 10, "matched": false, "points": 0,
                "reason": "never_active", "value": null
            }]
        })
    );
}

fn any_condition() -> impl Strategy<Value = Condition> {
    let bound = || proptest::option::of(0u32..200);
    prop_oneof![
        (proptest::sample::subsequence(vec!["制造业", "金融", "能源"], 0..3)).prop_map(|v| {
            Condition::FieldIn {
                field: TextField::Industry,
                values: v.into_iter().map(str::to_owned).collect(),
            }
        }),
        (bound(), bound()).prop_map(|(min, max)| Condition::DaysSinceLastActivity { min, max }),
        (1u32..100, bound(), bound())
            .prop_map(|(days, min, max)| Condition::ActivitiesInLastDays { days, min, max }),
        (
            proptest::option::of(-10i64..1_000_000),
            proptest::option::of(-10i64..1_000_000)
        )
            .prop_map(|(min, max)| Condition::WonAmount { min, max }),
    ]
}

fn any_facts() -> impl Strategy<Value = CustomerFacts> {
    (
        proptest::option::of(proptest::sample::select(vec!["制造业", "零售"])),
        proptest::option::of(0i64..400),
        proptest::collection::btree_map(1u32..100, 0u64..50, 0..5),
        0i64..2_000_000,
    )
        .prop_map(
            |(industry, ago, activity_counts, won_amount)| CustomerFacts {
                industry: industry.map(str::to_owned),
                last_activity_at: ago.and_then(days_ago),
                activity_counts,
                won_amount,
                ..Default::default()
            },
        )
}

proptest! {
    #[test]
    fn scores_stay_within_0_to_100_and_agree_with_the_explanation(
        weighted in proptest::collection::vec((0u32..=1000, any_condition()), 0..12),
        facts in any_facts(),
    ) {
        let rules = weighted
            .into_iter()
            .enumerate()
            .map(|(i, (w, c))| rule(&format!("r{i}"), w, c))
            .collect();
        let m = model(rules);
        let e = m.explain(&facts, now());
        prop_assert!(e.score <= 100);
        prop_assert!(e.points <= e.max_points);
        prop_assert_eq!(e.points, e.rules.iter().map(|r| u64::from(r.points)).sum::<u64>());
        prop_assert_eq!(m.score(&facts, now()), Score { score: e.score, grade: e.grade });
        prop_assert_eq!(e.grade, m.grades.grade(e.score));
    }

    #[test]
    fn scaling_is_monotone_in_points(max in 0u64..100_000, a in 0u64..100_000, b in 0u64..100_000) {
        let (lo, hi) = (a.min(b).min(max), a.max(b).min(max));
        prop_assert!(scale(lo, max) <= scale(hi, max));
        prop_assert!(scale(hi, max) <= 100);
        if max > 0 {
            prop_assert_eq!(scale(max, max), 100);
            // Never more than half a point away from the exact share.
            let exact = u128::from(hi) * 200;
            let got = u128::from(scale(hi, max)) * 2 * u128::from(max);
            prop_assert!(got.abs_diff(exact) <= u128::from(max));
        }
    }

    #[test]
    fn grades_are_consistent_with_valid_cut_offs(
        a in 2u8..=100, b_off in 1u8..50, c_off in 1u8..50, score in 0u8..=100,
    ) {
        let b = a.saturating_sub(b_off).max(1);
        let c = b.saturating_sub(c_off).min(b - 1);
        let g = GradeCutoffs { a, b, c };
        let m = ScoringModel { rules: vec![rule("r", 1, Condition::WonAmount { min: Some(0), max: None })], grades: g };
        prop_assert_eq!(m.validate(), Ok(()));
        let grade = g.grade(score);
        let expected = if score >= a { Grade::A } else if score >= b { Grade::B } else if score >= c { Grade::C } else { Grade::D };
        prop_assert_eq!(grade, expected);
        let (from, to) = g.score_range(grade).unwrap_or((1, 0));
        prop_assert!(from <= score && score <= to);
        // A higher score never earns a worse grade.
        prop_assert!(g.grade(score.saturating_add(1).min(100)) <= grade);
    }
}
