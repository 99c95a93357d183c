//! Who works an opportunity beside its owner, and whom it is up against.
//!
//! The team is the set of colleagues with a role on the deal (pre-sales, a technical
//! specialist, an executive sponsor …); they may read it even outside their data scope, and
//! performance splits share credit among them later. Competitors are the other vendors in
//! the deal, with what makes them strong or weak there.

use serde::{Deserialize, Serialize};

use super::InvalidField;
use crate::{text::Name, InvalidValue};

/// The most team members or competitors one opportunity keeps.
pub const MAX_ENTRIES: usize = 20;
/// The longest strengths or weaknesses text.
pub const MAX_NOTE: usize = 1000;

/// A team member's part in the deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Another sales rep sharing the deal.
    Sales,
    /// Pre-sales consultant: demos, solution design.
    Presales,
    /// Technical or delivery specialist.
    Technical,
    /// Executive sponsor.
    Executive,
    /// Customer success or support.
    Support,
}

impl TeamRole {
    pub const ALL: [Self; 5] = [
        Self::Sales,
        Self::Presales,
        Self::Technical,
        Self::Executive,
        Self::Support,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Sales => "sales",
            Self::Presales => "presales",
            Self::Technical => "technical",
            Self::Executive => "executive",
            Self::Support => "support",
        }
    }

    /// # Errors
    /// `NotAllowed` for any other text.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|r| r.key() == text)
            .ok_or(InvalidValue::NotAllowed)
    }
}

/// One member as a request gives it, before the user is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInput<U> {
    pub user: U,
    pub role: String,
}

/// Checks a whole team: known roles, nobody twice, not the owner (who is on every deal
/// already), at most [`MAX_ENTRIES`]. Every problem is named by its place in the list.
///
/// # Errors
/// The refused fields, as `members[i].user_id` / `members[i].role`.
pub fn check_team<U: PartialEq + Copy>(
    members: &[MemberInput<U>],
    owner: Option<U>,
) -> Result<Vec<(U, TeamRole)>, Vec<InvalidField>> {
    let mut problems = Vec::new();
    if members.len() > MAX_ENTRIES {
        problems.push(InvalidField::new(
            "members",
            InvalidValue::TooLong { max: MAX_ENTRIES },
        ));
    }
    let mut team = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let role = TeamRole::parse(&m.role)
            .map_err(|e| problems.push(InvalidField::new(format!("members[{i}].role"), e)));
        let repeated = members[..i].iter().any(|o| o.user == m.user);
        if repeated || owner == Some(m.user) {
            problems.push(InvalidField::new(
                format!("members[{i}].user_id"),
                InvalidValue::NotAllowed,
            ));
        } else if let Ok(role) = role {
            team.push((m.user, role));
        }
    }
    if problems.is_empty() {
        Ok(team)
    } else {
        Err(problems)
    }
}

/// Another vendor in the deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competitor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strengths: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weaknesses: Option<String>,
}

fn note(field: String, text: Option<&str>) -> Result<Option<String>, InvalidField> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_NOTE {
        return Err(InvalidField::new(
            field,
            InvalidValue::TooLong { max: MAX_NOTE },
        ));
    }
    Ok(Some(text.to_owned()))
}

/// Checks a whole competitor list: each named (a [`Name`]), no name twice (ignoring case),
/// notes trimmed and at most [`MAX_NOTE`] characters, at most [`MAX_ENTRIES`] entries.
///
/// # Errors
/// The refused fields, as `competitors[i].name` and so on.
pub fn check_competitors(list: &[Competitor]) -> Result<Vec<Competitor>, Vec<InvalidField>> {
    let mut problems = Vec::new();
    if list.len() > MAX_ENTRIES {
        problems.push(InvalidField::new(
            "competitors",
            InvalidValue::TooLong { max: MAX_ENTRIES },
        ));
    }
    let mut out: Vec<Competitor> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let name = match Name::parse(&c.name) {
            Ok(n)
                if out
                    .iter()
                    .any(|o| o.name.to_lowercase() == n.as_str().to_lowercase()) =>
            {
                problems.push(InvalidField::new(
                    format!("competitors[{i}].name"),
                    InvalidValue::NotAllowed,
                ));
                continue;
            }
            Ok(n) => n.into_string(),
            Err(e) => {
                problems.push(InvalidField::new(format!("competitors[{i}].name"), e));
                continue;
            }
        };
        let strengths = note(
            format!("competitors[{i}].strengths"),
            c.strengths.as_deref(),
        );
        let weaknesses = note(
            format!("competitors[{i}].weaknesses"),
            c.weaknesses.as_deref(),
        );
        match (strengths, weaknesses) {
            (Ok(strengths), Ok(weaknesses)) => out.push(Competitor {
                name,
                strengths,
                weaknesses,
            }),
            (s, w) => problems.extend(s.err().into_iter().chain(w.err())),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(user: u8, role: &str) -> MemberInput<u8> {
        MemberInput {
            user,
            role: role.into(),
        }
    }

    #[test]
    fn a_team_names_each_bad_member_by_place() {
        let team = check_team(&[member(1, "presales"), member(2, "technical")], Some(9));
        assert_eq!(
            team,
            Ok(vec![(1, TeamRole::Presales), (2, TeamRole::Technical)])
        );
        let bad = check_team(
            &[member(1, "presales"), member(1, "sales"), member(9, "boss")],
            Some(9),
        )
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "members[1].user_id",
                "members[2].role",
                "members[2].user_id"
            ]
        );
    }

    #[test]
    fn too_many_members_are_refused() {
        let many: Vec<_> = (0..=20).map(|u| member(u, "sales")).collect();
        let bad = check_team(&many, None).unwrap_err();
        assert_eq!(bad[0].field, "members");
    }

    fn competitor(name: &str, strengths: Option<&str>) -> Competitor {
        Competitor {
            name: name.into(),
            strengths: strengths.map(Into::into),
            weaknesses: None,
        }
    }

    #[test]
    fn competitors_are_trimmed_and_unique_by_name() {
        let ok = check_competitors(&[
            competitor("  Salesforce ", Some("  brand  ")),
            competitor("销售易", Some(" ")),
        ])
        .unwrap();
        assert_eq!(ok[0].name, "Salesforce");
        assert_eq!(ok[0].strengths.as_deref(), Some("brand"));
        assert_eq!(ok[1].strengths, None);
        let bad = check_competitors(&[
            competitor("Salesforce", None),
            competitor("salesforce", None),
            competitor(" ", None),
            competitor("HubSpot", Some(&"x".repeat(1001))),
        ])
        .unwrap_err();
        let fields: Vec<_> = bad
            .iter()
            .map(|p| (p.field.as_str(), p.error.code()))
            .collect();
        assert_eq!(
            fields,
            [
                ("competitors[1].name", "not_allowed"),
                ("competitors[2].name", "required"),
                ("competitors[3].strengths", "too_long"),
            ]
        );
    }
}
