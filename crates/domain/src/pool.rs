//! The pool (公海) rules, one set for every kind of record that can sit unowned in a pool —
//! leads always, customers when the tenant switches their pool on: protection periods,
//! recycling, claiming limits and cool-downs.

use chrono::{DateTime, Duration, Utc};

/// The kinds of record a pool holds. Each answers with its own words (`lead_held`,
/// `customer_held`, …) so a client can tell which pool refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolKind {
    Lead,
    Customer,
}

impl PoolKind {
    /// The record type as history and the API name it (`leads`, `customers`).
    #[must_use]
    pub fn record_type(self) -> &'static str {
        match self {
            Self::Lead => "leads",
            Self::Customer => "customers",
        }
    }

    /// Releasing a record nobody holds.
    #[must_use]
    pub fn not_held_code(self) -> &'static str {
        match self {
            Self::Lead => "lead_not_held",
            Self::Customer => "customer_not_held",
        }
    }

    /// Claiming from or releasing to a pool the tenant has switched off.
    #[must_use]
    pub fn pool_off_code(self) -> &'static str {
        match self {
            Self::Lead => "lead_pool_off",
            Self::Customer => "customer_pool_off",
        }
    }
}

/// A tenant's pool rules. Lead pool defaults: N=7 days, at most 30, warning 1 day before, M=3 days
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
    #[error("the record was recently taken from this rep")]
    CoolDown,
    #[error("the record is closed")]
    Closed,
}

impl ClaimRefusal {
    /// The refusal's code, said of the pool's kind of record.
    #[must_use]
    pub fn code(self, kind: PoolKind) -> &'static str {
        match (self, kind) {
            (Self::Held, PoolKind::Lead) => "lead_held",
            (Self::Held, PoolKind::Customer) => "customer_held",
            (Self::Closed, PoolKind::Lead) => "lead_closed",
            (Self::Closed, PoolKind::Customer) => "customer_closed",
            (Self::DailyLimit, _) => "daily_claim_limit",
            (Self::MaxHeld, _) => "max_held",
            (Self::CoolDown, _) => "claim_cooldown",
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

    /// Whether a rep may claim a pool record now.
    ///
    /// # Errors
    /// The first rule the claim breaks.
    pub fn check_claim(&self, claim: &Claim) -> Result<(), ClaimRefusal> {
        if !claim.open {
            return Err(ClaimRefusal::Closed);
        }
        if claim.owned {
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

/// Whether a lead sits in the pool — no owner and still open — and so shows its contact
/// masked wherever it is read (the pool, its page, its history, the search box).
#[must_use]
pub fn lead_in_pool(owned: bool, status: &str) -> bool {
    !owned
        && crate::leads::status::LeadStatus::parse(status)
            .is_ok_and(crate::leads::status::LeadStatus::is_open)
}

/// A pool record's phone and e-mail as anyone browsing the pool sees them, until someone
/// claims it: masked (`131****6789`, `z***@***.cn`), so the pool can be browsed but not
/// harvested.
#[must_use]
pub fn masked_contact(
    phone: Option<&str>,
    email: Option<&str>,
) -> (Option<String>, Option<String>) {
    (
        phone.map(crate::leads::dedupe::mask_phone),
        email.map(crate::leads::dedupe::mask_email),
    )
}

/// What a claim is judged on.
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    /// The record may still be worked (a closed lead may not be claimed).
    pub open: bool,
    /// Someone holds it.
    pub owned: bool,
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
            open: true,
            owned: false,
            claims_today: 0,
            held: 0,
            cooldown_until: None,
            now: at(1),
        };
        assert_eq!(s.check_claim(&base), Ok(()));
        let cases = [
            (
                Claim {
                    owned: true,
                    ..base
                },
                ClaimRefusal::Held,
            ),
            (
                Claim {
                    open: false,
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
    fn pool_contacts_are_masked() {
        assert_eq!(
            masked_contact(Some("+8613123456789"), Some("zhang@example.cn")),
            (Some("131****6789".into()), Some("z***@***.cn".into()))
        );
        assert_eq!(masked_contact(None, None), (None, None));
    }

    #[test]
    fn refusals_are_said_of_the_pools_kind() {
        assert_eq!(ClaimRefusal::Held.code(PoolKind::Lead), "lead_held");
        assert_eq!(ClaimRefusal::Held.code(PoolKind::Customer), "customer_held");
        assert_eq!(
            ClaimRefusal::CoolDown.code(PoolKind::Customer),
            "claim_cooldown"
        );
        assert_eq!(PoolKind::Customer.not_held_code(), "customer_not_held");
        assert_eq!(PoolKind::Lead.record_type(), "leads");
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
