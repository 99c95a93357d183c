//! The approval engine's rules, generic over the record being approved (contracts now;
//! discounts on quotes and payment changes later): flows of ordered steps, each with an
//! optional condition and its approvers; who approves a step in a given organisation; and
//! when a step is decided.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    money::{parse_percent, Currency, Money},
    opportunities::InvalidField,
    InvalidValue,
};

/// Whether a step needs one of its approvers or every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Any,
    All,
}

/// A comparison in a step's condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
}

/// What a step's condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The record's amount, a decimal in the tenant's currency.
    Amount,
    /// The largest line discount, in percent.
    MaxDiscount,
    /// A product line on one of the record's lines (`eq` only).
    ProductLine,
    /// The submitter's department or one below it, by id (`eq` only).
    Department,
}

/// When a step applies: `field op value`. Without one, the step always applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: Field,
    pub op: Op,
    pub value: String,
}

/// Who approves a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Approvers {
    /// Every active user with this role.
    Role { role_key: String },
    /// One named user.
    User { user_id: Uuid },
    /// The submitter's department head, `levels` heads up the tree (1 = their own manager).
    DepartmentHead {
        #[schema(minimum = 1, maximum = 10)]
        levels: u8,
    },
    /// The head of a named department (another department than the submitter's).
    HeadOf { department_id: Uuid },
}

/// One step of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRule {
    pub name: String,
    #[serde(default)]
    pub when: Option<Condition>,
    pub approvers: Approvers,
    pub mode: Mode,
}

/// What a condition is evaluated on: the record as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub amount: Money,
    /// Basis points.
    pub max_discount_bp: i32,
    pub product_lines: Vec<String>,
    /// The submitter's department and every department above it.
    pub departments: Vec<Uuid>,
}

/// Checks a flow's steps: at least one, named, conditions that parse in `currency`. Whether
/// named users, roles and departments exist is the caller's to check against the tenant.
///
/// # Errors
/// Every problem, each naming its field (`steps[1].when.value`).
pub fn check_steps(steps: &[StepRule], currency: Currency) -> Result<(), Vec<InvalidField>> {
    let mut errors = Vec::new();
    if steps.is_empty() {
        errors.push(InvalidField::new("steps", InvalidValue::Required));
    }
    if steps.len() > 20 {
        errors.push(InvalidField::new(
            "steps",
            InvalidValue::TooLong { max: 20 },
        ));
    }
    for (i, s) in steps.iter().enumerate() {
        let name = s.name.trim();
        if name.is_empty() {
            errors.push(InvalidField::new(
                format!("steps[{i}].name"),
                InvalidValue::Required,
            ));
        } else if name.chars().count() > 100 {
            errors.push(InvalidField::new(
                format!("steps[{i}].name"),
                InvalidValue::TooLong { max: 100 },
            ));
        }
        if let Approvers::DepartmentHead { levels } = s.approvers {
            if !(1..=10).contains(&levels) {
                errors.push(InvalidField::new(
                    format!("steps[{i}].approvers.levels"),
                    InvalidValue::NotAllowed,
                ));
            }
        }
        if let Some(c) = &s.when {
            let field = |f: &str| format!("steps[{i}].when.{f}");
            let ordered = matches!(c.op, Op::Gt | Op::Gte | Op::Lt | Op::Lte);
            match c.field {
                Field::Amount => {
                    if let Err(e) = Money::parse(&c.value, currency) {
                        errors.push(InvalidField::new(field("value"), e));
                    }
                }
                Field::MaxDiscount => {
                    if let Err(e) = parse_percent(&c.value) {
                        errors.push(InvalidField::new(field("value"), e));
                    }
                }
                Field::ProductLine | Field::Department => {
                    if ordered {
                        errors.push(InvalidField::new(field("op"), InvalidValue::NotAllowed));
                    }
                    if c.value.trim().is_empty() {
                        errors.push(InvalidField::new(field("value"), InvalidValue::Required));
                    }
                    if c.field == Field::Department && Uuid::parse_str(c.value.trim()).is_err() {
                        errors.push(InvalidField::new(field("value"), InvalidValue::Format));
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn compare(left: i64, op: Op, right: i64) -> bool {
    match op {
        Op::Gt => left > right,
        Op::Gte => left >= right,
        Op::Lt => left < right,
        Op::Lte => left <= right,
        Op::Eq => left == right,
    }
}

/// Whether a step applies to the subject. A condition that cannot be read never applies.
#[must_use]
pub fn applies(step: &StepRule, subject: &Subject) -> bool {
    let Some(c) = &step.when else {
        return true;
    };
    match c.field {
        Field::Amount => Money::parse(&c.value, subject.amount.currency())
            .is_ok_and(|v| compare(subject.amount.minor(), c.op, v.minor())),
        Field::MaxDiscount => parse_percent(&c.value)
            .is_ok_and(|v| compare(i64::from(subject.max_discount_bp), c.op, i64::from(v))),
        Field::ProductLine => {
            let wanted = c.value.trim().to_lowercase();
            subject
                .product_lines
                .iter()
                .any(|l| l.trim().to_lowercase() == wanted)
        }
        Field::Department => {
            Uuid::parse_str(c.value.trim()).is_ok_and(|d| subject.departments.contains(&d))
        }
    }
}

/// A department as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub head_user_id: Option<Uuid>,
}

/// A user as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: Uuid,
    pub department_id: Uuid,
    pub role_key: String,
    pub active: bool,
}

/// The organisation the approvers are found in.
pub struct Org<'a> {
    pub departments: &'a [Department],
    pub people: &'a [Person],
}

impl Org<'_> {
    fn department(&self, id: Uuid) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    fn person(&self, id: Uuid) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The department and every one above it, nearest first (a circle stops the walk).
    #[must_use]
    pub fn chain(&self, department: Uuid) -> Vec<Uuid> {
        let mut out = Vec::new();
        let mut at = Some(department);
        while let Some(id) = at {
            if out.contains(&id) {
                break;
            }
            out.push(id);
            at = self.department(id).and_then(|d| d.parent_id);
        }
        out
    }

    /// The active heads above a person, nearest first, never the person themselves: the head
    /// of their department (unless that is them), then of each department above.
    #[must_use]
    pub fn heads_above(&self, person: Uuid) -> Vec<Uuid> {
        let Some(p) = self.person(person) else {
            return Vec::new();
        };
        let mut heads: Vec<Uuid> = Vec::new();
        for d in self.chain(p.department_id) {
            if let Some(h) = self.department(d).and_then(|d| d.head_user_id) {
                let active = self.person(h).is_some_and(|x| x.active);
                if h != person && active && !heads.contains(&h) {
                    heads.push(h);
                }
            }
        }
        heads
    }

    /// Who stands in for an approver who can no longer decide: the nearest active head
    /// above them.
    #[must_use]
    pub fn replacement(&self, person: Uuid) -> Option<Uuid> {
        self.heads_above(person).first().copied()
    }

    /// The approvers of a step for a submitter: active users only, the submitter left out
    /// unless nobody else qualifies. A department head asked for more levels than the tree
    /// has is the topmost head. Empty when nobody qualifies.
    #[must_use]
    pub fn approvers(&self, rule: &Approvers, submitter: Uuid) -> Vec<Uuid> {
        let active = |id: Uuid| self.person(id).is_some_and(|p| p.active);
        let mut found: Vec<Uuid> = match rule {
            Approvers::Role { role_key } => self
                .people
                .iter()
                .filter(|p| p.active && &p.role_key == role_key)
                .map(|p| p.id)
                .collect(),
            Approvers::User { user_id } => {
                if active(*user_id) {
                    vec![*user_id]
                } else {
                    self.replacement(*user_id).into_iter().collect()
                }
            }
            Approvers::DepartmentHead { levels } => {
                let heads = self.heads_above(submitter);
                let at = usize::from(*levels).saturating_sub(1);
                heads
                    .get(at)
                    .or_else(|| heads.last())
                    .copied()
                    .into_iter()
                    .collect()
            }
            Approvers::HeadOf { department_id } => {
                match self.department(*department_id).and_then(|d| d.head_user_id) {
                    Some(h) if active(h) => vec![h],
                    Some(h) => self.replacement(h).into_iter().collect(),
                    None => Vec::new(),
                }
            }
        };
        found.sort();
        found.dedup();
        if found.len() > 1 {
            found.retain(|id| *id != submitter);
        }
        found
    }
}

/// A decision on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    Return,
}

impl Decision {
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Reject => "rejected",
            Self::Return => "returned",
        }
    }

    /// Rejecting or returning says why; approving need not.
    #[must_use]
    pub fn needs_comment(self) -> bool {
        self != Self::Approve
    }
}

/// What one more decision does to its step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// The step waits for more approvers (`all`).
    Waiting,
    /// The step is approved: the next step starts, or the approval is approved.
    Approved,
    /// The whole approval is rejected.
    Rejected,
    /// The whole approval goes back to the submitter.
    Returned,
}

/// The step's outcome after `decision`, with `approved_before` of its `approvers` approvers
/// already approved. A rejection or a return by any approver decides the step at once.
#[must_use]
pub fn step_outcome(
    mode: Mode,
    approvers: usize,
    approved_before: usize,
    decision: Decision,
) -> StepOutcome {
    match decision {
        Decision::Reject => StepOutcome::Rejected,
        Decision::Return => StepOutcome::Returned,
        Decision::Approve => match mode {
            Mode::Any => StepOutcome::Approved,
            Mode::All if approved_before + 1 >= approvers => StepOutcome::Approved,
            Mode::All => StepOutcome::Waiting,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Company (head 1) > Region (head 2) > Team (head 3); rep 4 in the team; 5 is finance.
    fn org() -> (Vec<Department>, Vec<Person>) {
        let departments = vec![
            Department {
                id: id(100),
                parent_id: None,
                head_user_id: Some(id(1)),
            },
            Department {
                id: id(200),
                parent_id: Some(id(100)),
                head_user_id: Some(id(2)),
            },
            Department {
                id: id(300),
                parent_id: Some(id(200)),
                head_user_id: Some(id(3)),
            },
        ];
        let person = |n, d, role: &str| Person {
            id: id(n),
            department_id: id(d),
            role_key: role.into(),
            active: true,
        };
        let people = vec![
            person(1, 100, "admin"),
            person(2, 200, "sales_manager"),
            person(3, 300, "sales_manager"),
            person(4, 300, "sales_rep"),
            person(5, 100, "finance"),
        ];
        (departments, people)
    }

    fn amount(yuan: i64) -> Subject {
        Subject {
            amount: Money::from_minor(yuan * 100, Currency::Cny),
            max_discount_bp: 0,
            product_lines: vec![],
            departments: vec![id(300), id(200), id(100)],
        }
    }

    fn step(when: Option<(Field, Op, &str)>) -> StepRule {
        StepRule {
            name: "s".into(),
            when: when.map(|(field, op, v)| Condition {
                field,
                op,
                value: v.into(),
            }),
            approvers: Approvers::DepartmentHead { levels: 1 },
            mode: Mode::Any,
        }
    }

    #[test]
    fn department_heads_walk_up_the_tree_from_the_submitter() {
        let (d, p) = org();
        let org = Org {
            departments: &d,
            people: &p,
        };
        let head = |levels| org.approvers(&Approvers::DepartmentHead { levels }, id(4));
        assert_eq!(head(1), vec![id(3)]);
        assert_eq!(head(2), vec![id(2)]);
        assert_eq!(head(3), vec![id(1)]);
        // More levels than the tree has: the top.
        assert_eq!(head(9), vec![id(1)]);
        // A head's own manager is the head above them.
        assert_eq!(
            org.approvers(&Approvers::DepartmentHead { levels: 1 }, id(3)),
            vec![id(2)]
        );
    }

    #[test]
    fn a_deactivated_approver_is_replaced_by_their_head() {
        let (d, mut p) = org();
        p[2].active = false; // the team head
        let org = Org {
            departments: &d,
            people: &p,
        };
        assert_eq!(
            org.approvers(&Approvers::DepartmentHead { levels: 1 }, id(4)),
            vec![id(2)]
        );
        assert_eq!(
            org.approvers(&Approvers::User { user_id: id(3) }, id(4)),
            vec![id(2)]
        );
        assert_eq!(org.replacement(id(3)), Some(id(2)));
    }

    #[test]
    fn roles_name_every_active_holder_but_the_submitter() {
        let (d, p) = org();
        let org = Org {
            departments: &d,
            people: &p,
        };
        let managers = org.approvers(
            &Approvers::Role {
                role_key: "sales_manager".into(),
            },
            id(3),
        );
        assert_eq!(managers, vec![id(2)]);
        assert_eq!(
            org.approvers(
                &Approvers::HeadOf {
                    department_id: id(100)
                },
                id(4)
            ),
            vec![id(1)]
        );
    }

    #[test]
    fn conditions_compare_exact_amounts_and_discounts() {
        let over = step(Some((Field::Amount, Op::Gt, "1000000")));
        assert!(!applies(&over, &amount(1_000_000)));
        assert!(applies(&over, &amount(1_000_001)));
        let at_least = step(Some((Field::Amount, Op::Gte, "1000000.00")));
        assert!(applies(&at_least, &amount(1_000_000)));
        let discount = step(Some((Field::MaxDiscount, Op::Gt, "20")));
        let mut s = amount(1);
        s.max_discount_bp = 2000;
        assert!(!applies(&discount, &s));
        s.max_discount_bp = 2001;
        assert!(applies(&discount, &s));
        let line = step(Some((Field::ProductLine, Op::Eq, "Cloud")));
        s.product_lines = vec!["cloud ".into()];
        assert!(applies(&line, &s));
        let dept = step(Some((Field::Department, Op::Eq, &id(200).to_string())));
        assert!(applies(&dept, &s));
        assert!(applies(&step(None), &s));
    }

    #[test]
    fn bad_flows_name_the_field() {
        assert_eq!(
            check_steps(&[], Currency::Cny).unwrap_err()[0].field,
            "steps"
        );
        let bad = step(Some((Field::Amount, Op::Gt, "1.234")));
        assert_eq!(
            check_steps(&[step(None), bad], Currency::Cny).unwrap_err()[0].field,
            "steps[1].when.value"
        );
        let bad_op = step(Some((Field::ProductLine, Op::Gt, "x")));
        assert_eq!(
            check_steps(&[bad_op], Currency::Cny).unwrap_err()[0].field,
            "steps[0].when.op"
        );
    }

    #[test]
    fn any_needs_one_approval_all_needs_every_one_and_a_rejection_ends_it() {
        use StepOutcome as O;
        assert_eq!(
            step_outcome(Mode::Any, 3, 0, Decision::Approve),
            O::Approved
        );
        assert_eq!(step_outcome(Mode::All, 3, 0, Decision::Approve), O::Waiting);
        assert_eq!(step_outcome(Mode::All, 3, 1, Decision::Approve), O::Waiting);
        assert_eq!(
            step_outcome(Mode::All, 3, 2, Decision::Approve),
            O::Approved
        );
        assert_eq!(step_outcome(Mode::All, 3, 2, Decision::Reject), O::Rejected);
        assert_eq!(step_outcome(Mode::Any, 1, 0, Decision::Return), O::Returned);
        assert!(Decision::Reject.needs_comment() && Decision::Return.needs_comment());
        assert!(!Decision::Approve.needs_comment());
    }
}
