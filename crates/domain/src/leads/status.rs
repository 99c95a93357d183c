//! A lead's status and the moves between them.

use crate::InvalidValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeadStatus {
    New,
    Contacted,
    Qualified,
    Converted,
    Invalid,
}

/// Why a status change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("a converted lead cannot change")]
    AlreadyConverted,
    #[error("a lead becomes converted only by converting it")]
    UseConvert,
    #[error("marking a lead invalid needs a reason")]
    ReasonRequired,
}

impl StatusError {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::AlreadyConverted => "lead_converted",
            Self::UseConvert => "use_convert",
            Self::ReasonRequired => "reason_required",
        }
    }
}

impl LeadStatus {
    pub const ALL: [Self; 5] = [
        Self::New,
        Self::Contacted,
        Self::Qualified,
        Self::Converted,
        Self::Invalid,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Contacted => "contacted",
            Self::Qualified => "qualified",
            Self::Converted => "converted",
            Self::Invalid => "invalid",
        }
    }

    /// # Errors
    /// When the key names no status.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .ok_or(InvalidValue::NotAllowed)
    }

    /// Open leads can still be worked and converted.
    #[must_use]
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Converted | Self::Invalid)
    }

    /// Checks a change of status made by hand. Any open status may go to any other open one
    /// (a rep may step back from qualified to contacted), any open lead may be marked invalid
    /// with a reason, and an invalid lead may be reopened as new.
    ///
    /// # Errors
    /// When the change is not allowed.
    pub fn check_change(self, to: Self, reason: Option<&str>) -> Result<(), StatusError> {
        if self == Self::Converted {
            return Err(StatusError::AlreadyConverted);
        }
        match to {
            Self::Converted => Err(StatusError::UseConvert),
            Self::Invalid if reason.is_none_or(|r| r.trim().is_empty()) => {
                Err(StatusError::ReasonRequired)
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LeadStatus as S, StatusError as E};

    #[test]
    fn status_changes() {
        let cases = [
            (S::New, S::Contacted, None, Ok(())),
            (S::Contacted, S::Qualified, None, Ok(())),
            (S::Qualified, S::Contacted, None, Ok(())),
            (S::New, S::Invalid, Some("空号"), Ok(())),
            (S::New, S::Invalid, Some("  "), Err(E::ReasonRequired)),
            (S::New, S::Invalid, None, Err(E::ReasonRequired)),
            (S::Invalid, S::New, None, Ok(())),
            (S::Qualified, S::Converted, None, Err(E::UseConvert)),
            (S::Converted, S::New, None, Err(E::AlreadyConverted)),
        ];
        for (from, to, reason, expected) in cases {
            assert_eq!(from.check_change(to, reason), expected, "{from:?} → {to:?}");
        }
        assert!(S::Qualified.is_open());
        assert!(!S::Invalid.is_open());
        for s in S::ALL {
            assert_eq!(S::parse(s.key()), Ok(s));
        }
    }
}
