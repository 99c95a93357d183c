//! Visit rules (拜访任务): "every field rep visits at least 5 new customers a week" becomes
//! each rep's weekly task, its progress counted live from the visits they log.

use crate::InvalidValue;

/// The most a rule may ask for in one week.
pub const MAX_PER_WEEK: i32 = 100;

/// What a visit rule counts in a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// Customers visited for the first time by this rep.
    NewCustomers,
    /// Different customers visited.
    Customers,
    /// Visits logged.
    Visits,
}

impl Counts {
    pub const ALL: [Self; 3] = [Self::NewCustomers, Self::Customers, Self::Visits];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NewCustomers => "new_customers",
            Self::Customers => "customers",
            Self::Visits => "visits",
        }
    }

    /// # Errors
    /// `NotAllowed` for any other text.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|c| c.key() == text)
            .ok_or(InvalidValue::NotAllowed)
    }
}

/// A week's quota: 1 to [`MAX_PER_WEEK`].
///
/// # Errors
/// `NotAllowed` outside that range.
pub fn check_per_week(n: i32) -> Result<i32, InvalidValue> {
    if (1..=MAX_PER_WEEK).contains(&n) {
        Ok(n)
    } else {
        Err(InvalidValue::NotAllowed)
    }
}
