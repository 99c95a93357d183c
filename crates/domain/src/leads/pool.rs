//! The lead pool (公海): protection periods, recycling, claiming limits and cool-downs.

use chrono::{DateTime, Duration, Utc};

/// A tenant's pool rules. Defaults: N=7 days, at most 30, warning 1 day before, M=3 days
/// cool-down, 20 claims a day, 200 held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoolSettings {
    /// Days after assignment, or after the latest follow-up, before the lead goes back.
    pub recycle_days: u32,
    /// Follow-ups extend protection, but never past this many days after assignment.
    pub max_protect_days: u32,
    /// The owner is warned this many days before the lead is taken back.
    pub warn_days: u32,
    /// A rep whose lead was recycled or released cannot claim it again for this many days.
    pub cooldown_days: u32,
    /// Claims one rep may make per day.
    pub daily_claims: u32,
    /// Open leads one rep may hold at once (also the routing capacity).
    pub max_held: u32,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            recycle_days: 7,
            max_protect_days: 30,
            warn_days: 1,
            cooldown_days: 3,
            daily_claims: 20,
            max_held: 200,
        }
    }
}

/// Why a claim is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimRefusal {
    #[error("someone holds the lead")]
    Held,
    #[error("the daily claim limit is reached")]
    DailyLimit,
    #[error("the maximum of leads held is reached")]
    MaxHeld,
    #[error("the lead was recently taken from this rep")]
    CoolDown,
    #[error("the lead is closed")]
    Closed,
}

impl ClaimRefusal {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Held => "lead_held",
            Self::DailyLimit => "daily_claim_limit",
            Self::MaxHeld => "max_held",
            Self::CoolDown => "claim_cooldown",
            Self::Closed => "lead_closed",
        }
    }
}

impl PoolSettings {
    /// Checks that every figure is within sense.
    ///
    /// # Errors
    /// The name of the first setting out of range.
    pub fn check(&self) -> Result<(), &'static str> {
        if !(1..=365).contains(&self.recycle_days) {
            return Err("recycle_days");
        }
        if self.max_protect_days < self.recycle_days || self.max_protect_days > 3650 {
            return Err("max_protect_days");
        }
        if self.warn_days >= self.recycle_days {
            return Err("warn_days");
        }
        if self.cooldown_days > 365 {
            return Err("cooldown_days");
        }
        if !(1..=100_000).contains(&self.daily_claims) {
            return Err("daily_claims");
        }
        if !(1..=1_000_000).contains(&self.max_held) {
            return Err("max_held");
        }
        Ok(())
    }

    /// Until when a lead assigned at `assigned_at`, last followed up at `last_follow_up`,
    /// stays with its owner.
    #[must_use]
    pub fn protected_until(
        &self,
        assigned_at: DateTime<Utc>,
        last_follow_up: Option<DateTime<Utc>>,
    ) -> DateTime<Utc> {
        let from = last_follow_up.map_or(assigned_at, |f| f.max(assigned_at));
        let due = from + Duration::days(i64::from(self.recycle_days));
        due.min(assigned_at + Duration::days(i64::from(self.max_protect_days)))
    }

    /// When the owner should be warned.
    #[must_use]
    pub fn warn_at(&self, protected_until: DateTime<Utc>) -> DateTime<Utc> {
        protected_until - Duration::days(i64::from(self.warn_days))
    }

    /// Until when a rep cannot claim a lead taken from them at `at`.
    #[must_use]
    pub fn cooldown_until(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        at + Duration::days(i64::from(self.cooldown_days))
    }

    /// Whether a rep may claim a pool lead now.
    ///
    /// # Errors
    /// The first rule the claim breaks.
    pub fn check_claim(&self, claim: &Claim) -> Result<(), ClaimRefusal> {
        if !claim.lead_open {
            return Err(ClaimRefusal::Closed);
        }
        if claim.lead_owned {
            return Err(ClaimRefusal::Held);
        }
        if claim.cooldown_until.is_some_and(|until| until > claim.now) {
            return Err(ClaimRefusal::CoolDown);
        }
        if claim.claims_today >= u64::from(self.daily_claims) {
            return Err(ClaimRefusal::DailyLimit);
        }
        if claim.held >= u64::from(self.max_held) {
            return Err(ClaimRefusal::MaxHeld);
        }
        Ok(())
    }
}

/// What a claim is judged on.
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    pub lead_open: bool,
    pub lead_owned: bool,
    pub claims_today: u64,
    pub held: u64,
    pub cooldown_until: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600 + day * 86_400, 0).unwrap_or_default()
    }

    #[test]
    fn follow_ups_extend_protection_up_to_the_maximum() {
        let s = PoolSettings::default();
        assert_eq!(s.protected_until(at(0), None), at(7));
        assert_eq!(s.protected_until(at(0), Some(at(5))), at(12));
        assert_eq!(
            s.protected_until(at(0), Some(at(28))),
            at(30),
            "capped at 30 days"
        );
        assert_eq!(
            s.protected_until(at(10), Some(at(3))),
            at(17),
            "an older follow-up does not shorten it"
        );
        assert_eq!(s.warn_at(at(7)), at(6));
        assert_eq!(s.cooldown_until(at(7)), at(10));
    }

    #[test]
    fn claims_are_limited() {
        let s = PoolSettings::default();
        let base = Claim {
            lead_open: true,
            lead_owned: false,
            claims_today: 0,
            held: 0,
            cooldown_until: None,
            now: at(1),
        };
        assert_eq!(s.check_claim(&base), Ok(()));
        let cases = [
            (
                Claim {
                    lead_owned: true,
                    ..base
                },
                ClaimRefusal::Held,
            ),
            (
                Claim {
                    lead_open: false,
                    ..base
                },
                ClaimRefusal::Closed,
            ),
            (
                Claim {
                    claims_today: 20,
                    ..base
                },
                ClaimRefusal::DailyLimit,
            ),
            (Claim { held: 200, ..base }, ClaimRefusal::MaxHeld),
            (
                Claim {
                    cooldown_until: Some(at(2)),
                    ..base
                },
                ClaimRefusal::CoolDown,
            ),
        ];
        for (claim, refusal) in cases {
            assert_eq!(s.check_claim(&claim), Err(refusal));
        }
        assert_eq!(
            s.check_claim(&Claim {
                cooldown_until: Some(at(1)),
                ..base
            }),
            Ok(()),
            "cool-down over"
        );
    }

    #[test]
    fn settings_are_checked() {
        assert_eq!(PoolSettings::default().check(), Ok(()));
        assert_eq!(
            PoolSettings {
                recycle_days: 0,
                ..Default::default()
            }
            .check(),
            Err("recycle_days")
        );
        assert_eq!(
            PoolSettings {
                max_protect_days: 3,
                ..Default::default()
            }
            .check(),
            Err("max_protect_days")
        );
        assert_eq!(
            PoolSettings {
                warn_days: 7,
                ..Default::default()
            }
            .check(),
            Err("warn_days")
        );
    }
}
