//! Assignment rules: ordered conditions that route a new lead to a rep or round-robin in a group.

use uuid::Uuid;

/// What routing looks at on a new lead.
#[derive(Debug, Clone, Default)]
pub struct LeadFacts {
    pub province: Option<String>,
    pub industry: Option<String>,
    pub source: Option<String>,
    pub campaign_id: Option<Uuid>,
}

/// A rule's conditions: each non-empty list must contain the lead's value.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Conditions {
    pub provinces: Vec<String>,
    pub industries: Vec<String>,
    pub sources: Vec<String>,
    pub campaign_ids: Vec<Uuid>,
}

/// Where a matching rule sends the lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    User(Uuid),
    /// Members in order; the rule remembers whose turn is next.
    RoundRobin(Vec<Uuid>),
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Uuid,
    pub conditions: Conditions,
    pub target: Target,
    /// Index of the member whose turn is next.
    pub next: usize,
}

/// The outcome: who gets the lead, by which rule, and the rule's next turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub rule_id: Uuid,
    pub owner: Uuid,
    pub next: usize,
}

/// Province names compare without 省/市/自治区 and letter case: 广东省 = 广东, Beijing = beijing.
pub(crate) fn same_place(a: &str, b: &str) -> bool {
    fn strip(s: &str) -> String {
        let s = s.trim().to_lowercase();
        let mut s = s.as_str();
        for suffix in [
            "维吾尔自治区",
            "壮族自治区",
            "回族自治区",
            "自治区",
            "特别行政区",
            "省",
            "市",
        ] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest;
                break;
            }
        }
        s.to_owned()
    }
    strip(a) == strip(b)
}

pub(crate) fn same_text(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Conditions {
    #[must_use]
    pub fn matches(&self, lead: &LeadFacts) -> bool {
        fn any(list: &[String], value: Option<&String>, eq: fn(&str, &str) -> bool) -> bool {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|x| eq(x, v)))
        }
        any(&self.provinces, lead.province.as_ref(), same_place)
            && any(&self.industries, lead.industry.as_ref(), same_text)
            && any(&self.sources, lead.source.as_ref(), same_text)
            && (self.campaign_ids.is_empty()
                || lead
                    .campaign_id
                    .is_some_and(|c| self.campaign_ids.contains(&c)))
    }
}

/// Routes a lead by the first matching rule whose target has room. A rule whose members are
/// all at capacity is passed over for the next rule. `None` → the lead goes to the pool.
#[must_use]
pub fn route(rules: &[Rule], lead: &LeadFacts, has_room: impl Fn(Uuid) -> bool) -> Option<Routed> {
    for rule in rules {
        if !rule.conditions.matches(lead) {
            continue;
        }
        match &rule.target {
            Target::User(user) if has_room(*user) => {
                return Some(Routed {
                    rule_id: rule.id,
                    owner: *user,
                    next: rule.next,
                });
            }
            Target::User(_) => {}
            Target::RoundRobin(members) if !members.is_empty() => {
                let n = members.len();
                for step in 0..n {
                    let i = (rule.next + step) % n;
                    if has_room(members[i]) {
                        return Some(Routed {
                            rule_id: rule.id,
                            owner: members[i],
                            next: (i + 1) % n,
                        });
                    }
                }
            }
            Target::RoundRobin(_) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn first_matching_rule_wins_and_round_robin_takes_turns() {
        let east = Rule {
            id: id(100),
            conditions: Conditions {
                provinces: vec!["上海".into(), "浙江省".into()],
                ..Default::default()
            },
            target: Target::RoundRobin(vec![id(1), id(2), id(3)]),
            next: 0,
        };
        let web = Rule {
            id: id(200),
            conditions: Conditions {
                sources: vec!["web".into()],
                ..Default::default()
            },
            target: Target::User(id(9)),
            next: 0,
        };
        let lead = |p: &str, s: &str| LeadFacts {
            province: Some(p.into()),
            source: Some(s.into()),
            ..Default::default()
        };
        let all_free = |_| true;
        let r = route(
            &[east.clone(), web.clone()],
            &lead("上海市", "web"),
            all_free,
        )
        .unwrap();
        assert_eq!((r.rule_id, r.owner, r.next), (id(100), id(1), 1));
        let r = route(
            &[east.clone(), web.clone()],
            &lead("浙江", "phone"),
            all_free,
        )
        .unwrap();
        assert_eq!(r.owner, id(1));
        let r = route(&[east.clone(), web.clone()], &lead("北京", "WEB"), all_free).unwrap();
        assert_eq!((r.rule_id, r.owner), (id(200), id(9)));
        assert_eq!(
            route(
                &[east.clone(), web.clone()],
                &lead("北京", "fair"),
                all_free
            ),
            None
        );

        // Turns continue from the stored position, skipping members at capacity.
        let mut turning = east.clone();
        turning.next = 2;
        let r = route(&[turning.clone()], &lead("上海", "x"), all_free).unwrap();
        assert_eq!((r.owner, r.next), (id(3), 0));
        let r = route(&[turning.clone()], &lead("上海", "x"), |u| u != id(3)).unwrap();
        assert_eq!((r.owner, r.next), (id(1), 1));
        // Everyone full: the next rule is tried, then the pool.
        let r = route(&[east.clone(), web.clone()], &lead("上海", "web"), |u| {
            u == id(9)
        })
        .unwrap();
        assert_eq!(r.owner, id(9));
        assert_eq!(route(&[east], &lead("上海", "web"), |_| false), None);
    }

    #[test]
    fn conditions_combine_with_and() {
        let c = Conditions {
            industries: vec!["制造业".into()],
            sources: vec!["web".into()],
            ..Default::default()
        };
        let mut lead = LeadFacts {
            industry: Some("制造业".into()),
            source: Some("web".into()),
            ..Default::default()
        };
        assert!(c.matches(&lead));
        lead.source = Some("import".into());
        assert!(!c.matches(&lead));
        lead.source = None;
        assert!(!c.matches(&lead));
        assert!(
            Conditions::default().matches(&LeadFacts::default()),
            "no conditions match every lead"
        );
    }
}
