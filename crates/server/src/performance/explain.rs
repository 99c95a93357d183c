//! How a person's pay is explained: each line of the rules kept as data with the run, and
//! put in words in the reader's language when it is shown or exported.

use closer_domain::{
    money::{Currency, Money},
    performance::{format_bp, PayLine},
    text::Language,
};

pub fn line_json(l: &PayLine, pool: i64) -> serde_json::Value {
    match l {
        PayLine::Base { amount } => serde_json::json!({"kind": "base", "amount": amount}),
        PayLine::NoTarget => serde_json::json!({"kind": "no_target", "amount": 0}),
        PayLine::BelowThreshold {
            completion,
            threshold,
        } => {
            serde_json::json!({"kind": "below_threshold", "completion": completion, "threshold": threshold, "amount": 0})
        }
        PayLine::Capped { completion, cap } => {
            serde_json::json!({"kind": "capped", "completion": completion, "cap": cap, "amount": 0})
        }
        PayLine::Tier {
            from,
            to,
            rate,
            amount,
        } => {
            serde_json::json!({"kind": "tier", "from": from, "to": to, "rate": rate, "pool": pool, "amount": amount})
        }
        PayLine::Factor {
            factor,
            ratio,
            multiplier,
            amount,
        } => {
            serde_json::json!({"kind": factor.as_str(), "ratio": ratio, "multiplier": multiplier, "amount": amount})
        }
    }
}

/// A percent (hundredths) that may be below zero: `-1250` → `"-12.5"`.
fn signed_pct(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", format_bp(value.saturating_abs(), true))
}

/// One explanation line in the reader's language.
pub fn label(v: &serde_json::Value, lang: Language, currency: &str) -> String {
    let n = |k: &str| v[k].as_i64().unwrap_or(0);
    let pct = |k: &str| format_bp(n(k), true);
    let money = |k: &str| {
        Money::from_minor(n(k), Currency::parse(currency).unwrap_or(Currency::Cny)).for_people()
    };
    let zh = lang == Language::ZhCn;
    match v["kind"].as_str().unwrap_or("") {
        "base" if zh => "底薪".into(),
        "base" => "Base pay".into(),
        "no_target" if zh => "本期没有目标：无绩效工资".into(),
        "no_target" => "No target for the period: no performance pay".into(),
        "below_threshold" if zh => format!(
            "完成率 {}% 低于门槛 {}%：无绩效工资",
            pct("completion"),
            pct("threshold")
        ),
        "below_threshold" => format!(
            "Completion {}% is below the {}% threshold: no performance pay",
            pct("completion"),
            pct("threshold")
        ),
        "capped" if zh => format!("完成率 {}% 按封顶 {}% 计", pct("completion"), pct("cap")),
        "capped" => format!(
            "Completion {}% counted as the {}% cap",
            pct("completion"),
            pct("cap")
        ),
        "tier" => {
            let part = format_bp(n("to") - n("from"), true);
            let rate = format_bp(n("rate"), false);
            if zh {
                format!(
                    "完成率 {}%–{}%：奖金池 {} × {}% × {}",
                    pct("from"),
                    pct("to"),
                    money("pool"),
                    part,
                    rate
                )
            } else {
                format!(
                    "Completion {}–{}%: pool {} × {}% × {}",
                    pct("from"),
                    pct("to"),
                    money("pool"),
                    part,
                    rate
                )
            }
        }
        "collections" => {
            let m = format_bp(n("multiplier"), false);
            match (v["ratio"].as_i64(), zh) {
                (Some(_), true) => format!("回款系数：回款率 {}% → 绩效工资 × {m}", pct("ratio")),
                (Some(_), false) => format!(
                    "Collections: {}% of the signed amount collected → performance pay × {m}",
                    pct("ratio")
                ),
                (None, true) => "回款系数：本期未签约，按 × 1 计".into(),
                (None, false) => "Collections: nothing signed in the period, × 1".into(),
            }
        }
        "margin" => {
            let m = format_bp(n("multiplier"), false);
            match (v["ratio"].as_i64(), zh) {
                (Some(_), true) => format!(
                    "毛利系数：毛利率 {}% → 绩效工资 × {m}",
                    signed_pct(n("ratio"))
                ),
                (Some(_), false) => format!(
                    "Margin: {}% gross margin on the contracts signed → performance pay × {m}",
                    signed_pct(n("ratio"))
                ),
                (None, true) => "毛利系数：本期没有已知成本的签约，按 × 1 计".into(),
                (None, false) => {
                    "Margin: no contract with known costs signed in the period, × 1".into()
                }
            }
        }
        "forecast_accuracy" => {
            let m = format_bp(n("multiplier"), false);
            match (v["ratio"].as_i64(), zh) {
                (Some(_), true) => {
                    format!("预测准确率系数：准确率 {}% → 绩效工资 × {m}", pct("ratio"))
                }
                (Some(_), false) => format!(
                    "Forecast accuracy {}% (won against the forecast at each month's start) → performance pay × {m}",
                    pct("ratio")
                ),
                (None, true) => "预测准确率系数：本期没有预测，按 × 1 计".into(),
                (None, false) => "Forecast accuracy: nothing forecast for the period, × 1".into(),
            }
        }
        "adjustment" => {
            let p = v["period"].as_str().unwrap_or("");
            if zh {
                format!(
                    "{p} 调整：重算为 {}，已发 {}",
                    money("after"),
                    money("before")
                )
            } else {
                format!(
                    "Adjustment for {p}: now {}, paid {}",
                    money("after"),
                    money("before")
                )
            }
        }
        other => other.to_owned(),
    }
}
