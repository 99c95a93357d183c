//! The collections factor's figures: each person's credited payments beside the contract
//! amount credited to them, month by month, for the share collected in a period.

use std::collections::HashMap;

use closer_domain::targets::{rate_bp, Metric};
use uuid::Uuid;

use crate::platform::error::ApiResult;

/// What the collections factor reads: each person's credited payments and signed contract
/// amounts, month by month, over the plan's year.
pub struct Collections {
    collected: HashMap<Uuid, [i64; 12]>,
    signed: HashMap<Uuid, [i64; 12]>,
}

impl Collections {
    pub async fn load(
        store: &closer_store::TenantStore,
        year: i32,
        time_zone: &str,
    ) -> ApiResult<Self> {
        let bounds = crate::targets::org::year_bounds(year, time_zone);
        let by_person = |credits: Vec<closer_store::targets::completion::MonthCredit>| {
            let mut out: HashMap<Uuid, [i64; 12]> = HashMap::new();
            for c in credits {
                out.entry(c.user_id).or_default()[c.month] += c.amount;
            }
            out
        };
        Ok(Self {
            collected: by_person(store.credits(Metric::Payments, &bounds).await?),
            signed: by_person(store.credits(Metric::ContractAmount, &bounds).await?),
        })
    }

    /// Collected ÷ signed over the months (hundredths of a percent); `None` when nothing was
    /// signed.
    pub fn ratio(&self, user: Uuid, months: &std::ops::RangeInclusive<usize>) -> Option<i64> {
        let sum = |m: &HashMap<Uuid, [i64; 12]>| -> i64 {
            m.get(&user).map_or(0, |v| v[months.clone()].iter().sum())
        };
        rate_bp(sum(&self.collected), sum(&self.signed))
    }
}
