//! Sales processes: ordered stages with stable keys, win rates and checklists (the
//! playbook), and the validation of a whole process edit. Moving between stages is in
//! [`super::moves`].

use std::{collections::HashSet, fmt};

use serde::{Deserialize, Serialize};

use super::{div_round_half_up, saturate, InvalidField, DEFAULT_STAGES};
use crate::{
    money::{format_percent, parse_percent},
    text::Name,
    InvalidValue,
};

/// Most stages a process may have.
pub const MAX_STAGES: usize = 30;
/// Most tasks on one stage's checklist.
pub const MAX_TASKS: usize = 50;
/// Longest stage or task key.
pub const MAX_KEY: usize = 40;

/// A stage's chance of closing as won, in basis points 0–10000 (0–100 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WinRate(i32);

impl WinRate {
    pub const ZERO: Self = Self(0);
    pub const CERTAIN: Self = Self(10_000);

    /// # Errors
    /// `NotAllowed` outside 0–10000.
    pub fn from_bp(bp: i32) -> Result<Self, InvalidValue> {
        if (0..=10_000).contains(&bp) {
            Ok(Self(bp))
        } else {
            Err(InvalidValue::NotAllowed)
        }
    }

    /// Parses a percentage as the API sends it (`"60"`, `"12.5"`).
    ///
    /// # Errors
    /// `Format` for junk, `NotAllowed` outside 0–100.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        parse_percent(text).map(Self)
    }

    #[must_use]
    pub fn bp(self) -> i32 {
        self.0
    }

    /// `amount × rate` in minor units, rounded half up to the minor unit.
    #[must_use]
    pub fn of(self, amount_minor: i64) -> i64 {
        saturate(div_round_half_up(
            i128::from(amount_minor) * i128::from(self.0),
            10_000,
        ))
    }
}

impl fmt::Display for WinRate {
    /// As a percentage without needless zeros: `60`, `12.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_percent(self.0))
    }
}

/// `a-z` first, then `a-z`, `0-9`, `_`; trimmed and lower-cased.
fn parse_key(text: &str) -> Result<String, InvalidValue> {
    let key = text.trim().to_ascii_lowercase();
    if key.is_empty() {
        return Err(InvalidValue::Required);
    }
    if key.len() > MAX_KEY {
        return Err(InvalidValue::TooLong { max: MAX_KEY });
    }
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if !first_ok || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Err(InvalidValue::Format);
    }
    Ok(key)
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// # Errors
            /// `Required` when blank, `TooLong` past 40 characters, `Format` unless it is
            /// a lower-case letter followed by letters, digits and `_`.
            pub fn parse(text: &str) -> Result<Self, InvalidValue> {
                parse_key(text).map(Self)
            }

            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidValue;
            fn try_from(text: String) -> Result<Self, InvalidValue> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(key: $name) -> String {
                key.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

key_type!(
    /// A stage's stable key within its process (`quotation`): kept when the stage is renamed,
    /// so the store matches edited stages to existing ones by it.
    StageKey
);
key_type!(
    /// A checklist task's stable key within its stage (`send_quote`).
    TaskKey
);

/// A checklist task as submitted and as kept in the stage's `tasks` JSON column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskDraft {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub required: bool,
}

/// One item of a stage's playbook; a required one must be done before leaving the stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TaskDraft", into = "TaskDraft")]
pub struct Task {
    key: TaskKey,
    label: Name,
    required: bool,
}

impl Task {
    /// # Errors
    /// Every refused field, named `key` or `label`.
    pub fn parse(draft: &TaskDraft) -> Result<Self, Vec<InvalidField>> {
        let key = TaskKey::parse(&draft.key).map_err(|e| InvalidField::new("key", e));
        let label = Name::parse(&draft.label).map_err(|e| InvalidField::new("label", e));
        match (key, label) {
            (Ok(key), Ok(label)) => Ok(Self {
                key,
                label,
                required: draft.required,
            }),
            (key, label) => Err([key.err(), label.err()].into_iter().flatten().collect()),
        }
    }

    #[must_use]
    pub fn key(&self) -> &TaskKey {
        &self.key
    }

    #[must_use]
    pub fn label(&self) -> &str {
        self.label.as_str()
    }

    #[must_use]
    pub fn required(&self) -> bool {
        self.required
    }
}

impl TryFrom<TaskDraft> for Task {
    type Error = String;
    fn try_from(draft: TaskDraft) -> Result<Self, String> {
        Self::parse(&draft).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

impl From<Task> for TaskDraft {
    fn from(task: Task) -> Self {
        Self {
            key: task.key.into(),
            label: task.label.into_string(),
            required: task.required,
        }
    }
}

/// Whether a stage is still in play or closes the opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

impl StageKind {
    /// From the `is_won` / `is_lost` flags the API and the store use.
    ///
    /// # Errors
    /// `NotAllowed` when both are set.
    pub fn from_flags(is_won: bool, is_lost: bool) -> Result<Self, InvalidValue> {
        match (is_won, is_lost) {
            (false, false) => Ok(Self::Open),
            (true, false) => Ok(Self::Won),
            (false, true) => Ok(Self::Lost),
            (true, true) => Err(InvalidValue::NotAllowed),
        }
    }
}

/// A stage of a validated process. Each field is valid on its own; the rules that tie the
/// stages together hold inside a [`SalesProcess`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub key: StageKey,
    pub name: Name,
    pub name_en: Option<Name>,
    pub win_rate: WinRate,
    pub kind: StageKind,
    /// 0-based place in the process, the kanban column order.
    pub position: i32,
    pub tasks: Vec<Task>,
}

impl Stage {
    #[must_use]
    pub fn is_won(&self) -> bool {
        self.kind == StageKind::Won
    }

    #[must_use]
    pub fn is_lost(&self) -> bool {
        self.kind == StageKind::Lost
    }

    #[must_use]
    pub fn is_open(&self) -> bool {
        self.kind == StageKind::Open
    }

    /// The required tasks not among `done` (task keys), in checklist order.
    #[must_use]
    pub fn open_required_tasks<S: AsRef<str>>(&self, done: &[S]) -> Vec<TaskKey> {
        self.tasks
            .iter()
            .filter(|t| t.required && !done.iter().any(|d| d.as_ref() == t.key.as_str()))
            .map(|t| t.key.clone())
            .collect()
    }
}

/// A stage as an administrator submits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDraft {
    pub key: String,
    pub name: String,
    /// Blank or absent: none.
    pub name_en: Option<String>,
    pub win_rate_bp: i32,
    pub is_won: bool,
    pub is_lost: bool,
    pub tasks: Vec<TaskDraft>,
}

/// A whole process as an administrator submits it; stages in kanban order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessDraft {
    pub name: String,
    pub stages: Vec<StageDraft>,
}

impl ProcessDraft {
    /// The default process of PRODUCT.md §2.3, named in the tenant's language.
    #[must_use]
    pub fn default_process(english: bool) -> Self {
        let name = if english {
            "Standard sales process"
        } else {
            "标准销售流程"
        };
        Self {
            name: name.into(),
            stages: DEFAULT_STAGES
                .iter()
                .map(|&(key, zh, en, bp, won, lost)| StageDraft {
                    key: key.into(),
                    name: zh.into(),
                    name_en: Some(en.into()),
                    win_rate_bp: bp,
                    is_won: won,
                    is_lost: lost,
                    tasks: Vec::new(),
                })
                .collect(),
        }
    }
}

/// A process that keeps every rule: unique stage keys, exactly one won stage at 100 %, at
/// least one lost stage at 0 %, at least one open stage, and unique task keys per stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesProcess {
    name: Name,
    stages: Vec<Stage>,
}

impl SalesProcess {
    /// Validates a whole process edit, positions following the submitted order.
    ///
    /// # Errors
    /// Every refused field at once, named by its path: `name`, `stages`,
    /// `stages[i].key|name|name_en|win_rate|is_won|is_lost|tasks`,
    /// `stages[i].tasks[j].key|label`; a duplicate key is `NotAllowed` on the later one, a
    /// second won stage `NotAllowed` on its `is_won`, a won stage below 100 % or a lost stage
    /// above 0 % `NotAllowed` on its `win_rate`. A process without a won, a lost or an open
    /// stage is `Required` on `won_stage`, `lost_stage` or `open_stage`.
    pub fn parse(draft: &ProcessDraft) -> Result<Self, Vec<InvalidField>> {
        let mut errors = Vec::new();
        let name = Name::parse(&draft.name)
            .map_err(|e| errors.push(InvalidField::new("name", e)))
            .ok();
        if draft.stages.is_empty() {
            errors.push(InvalidField::new("stages", InvalidValue::Required));
        } else if draft.stages.len() > MAX_STAGES {
            errors.push(InvalidField::new(
                "stages",
                InvalidValue::TooLong { max: MAX_STAGES },
            ));
        }
        let mut stages = Vec::with_capacity(draft.stages.len());
        let mut keys = HashSet::new();
        let (mut won, mut lost, mut open) = (false, false, false);
        for (i, s) in draft.stages.iter().enumerate() {
            let mut bad =
                |field: &str, e| errors.push(InvalidField::new(format!("stages[{i}].{field}"), e));
            let key = match StageKey::parse(&s.key) {
                Ok(key) if !keys.insert(key.clone()) => {
                    bad("key", InvalidValue::NotAllowed);
                    None
                }
                Ok(key) => Some(key),
                Err(e) => {
                    bad("key", e);
                    None
                }
            };
            let name = Name::parse(&s.name).map_err(|e| bad("name", e)).ok();
            let name_en = match s.name_en.as_deref().map(str::trim) {
                None | Some("") => Some(None),
                Some(text) => Name::parse(text)
                    .map(Some)
                    .map_err(|e| bad("name_en", e))
                    .ok(),
            };
            let kind = StageKind::from_flags(s.is_won, s.is_lost)
                .map_err(|e| bad("is_lost", e))
                .ok();
            let win_rate = match (WinRate::from_bp(s.win_rate_bp), kind) {
                (Err(e), _) => {
                    bad("win_rate", e);
                    None
                }
                (Ok(rate), Some(StageKind::Won)) if rate != WinRate::CERTAIN => {
                    bad("win_rate", InvalidValue::NotAllowed);
                    None
                }
                (Ok(rate), Some(StageKind::Lost)) if rate != WinRate::ZERO => {
                    bad("win_rate", InvalidValue::NotAllowed);
                    None
                }
                (Ok(rate), _) => Some(rate),
            };
            match kind {
                Some(StageKind::Won) if won => bad("is_won", InvalidValue::NotAllowed),
                Some(StageKind::Won) => won = true,
                Some(StageKind::Lost) => lost = true,
                Some(StageKind::Open) => open = true,
                None => {}
            }
            let tasks = parse_tasks(&s.tasks, &format!("stages[{i}].tasks"), &mut errors);
            if let (Some(key), Some(name), Some(name_en), Some(win_rate), Some(kind), Some(tasks)) =
                (key, name, name_en, win_rate, kind, tasks)
            {
                stages.push(Stage {
                    key,
                    name,
                    name_en,
                    win_rate,
                    kind,
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                    tasks,
                });
            }
        }
        if !draft.stages.is_empty() {
            for (missing, field) in [
                (won, "won_stage"),
                (lost, "lost_stage"),
                (open, "open_stage"),
            ] {
                if !missing {
                    errors.push(InvalidField::new(field, InvalidValue::Required));
                }
            }
        }
        match name {
            Some(name) if errors.is_empty() => Ok(Self { name, stages }),
            _ => Err(errors),
        }
    }

    #[must_use]
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// Every stage, in position order.
    #[must_use]
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    #[must_use]
    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key.as_str() == key)
    }

    /// The stages the forecast reports, in position order.
    pub fn open_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| s.is_open())
    }
}

/// Parses a checklist, pushing refusals under `prefix`; `None` when any was refused.
fn parse_tasks(
    drafts: &[TaskDraft],
    prefix: &str,
    errors: &mut Vec<InvalidField>,
) -> Option<Vec<Task>> {
    let before = errors.len();
    if drafts.len() > MAX_TASKS {
        errors.push(InvalidField::new(
            prefix,
            InvalidValue::TooLong { max: MAX_TASKS },
        ));
    }
    let mut keys = HashSet::new();
    let mut tasks = Vec::with_capacity(drafts.len());
    for (j, draft) in drafts.iter().enumerate() {
        match Task::parse(draft) {
            Ok(task) if !keys.insert(task.key.clone()) => errors.push(InvalidField::new(
                format!("{prefix}[{j}].key"),
                InvalidValue::NotAllowed,
            )),
            Ok(task) => tasks.push(task),
            Err(es) => errors.extend(
                es.into_iter()
                    .map(|e| InvalidField::new(format!("{prefix}[{j}].{}", e.field), e.error)),
            ),
        }
    }
    (errors.len() == before).then_some(tasks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProcessDraft {
        let mut d = ProcessDraft::default_process(false);
        d.stages[2].tasks = vec![
            TaskDraft {
                key: "send_quote".into(),
                label: "发送报价单".into(),
                required: true,
            },
            TaskDraft {
                key: "call_back".into(),
                label: "回访".into(),
                required: false,
            },
            TaskDraft {
                key: "sign_off".into(),
                label: "Manager sign-off".into(),
                required: true,
            },
        ];
        d
    }

    fn fields(result: Result<SalesProcess, Vec<InvalidField>>) -> Vec<(String, InvalidValue)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.error))
            .collect()
    }

    #[test]
    fn the_default_process_is_valid() {
        let p = SalesProcess::parse(&ProcessDraft::default_process(true)).unwrap();
        assert_eq!(p.name(), "Standard sales process");
        let keys: Vec<&str> = p.stages().iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "initial_contact",
                "needs_confirmed",
                "quotation",
                "contract_drafting",
                "won",
                "lost"
            ]
        );
        let positions: Vec<i32> = p.stages().iter().map(|s| s.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5]);
        assert_eq!(p.open_stages().count(), 4);
        assert_eq!(p.stage("won").map(Stage::is_won), Some(true));
        assert_eq!(p.stage("lost").map(|s| s.win_rate), Some(WinRate::ZERO));
        assert_eq!(
            p.stage("needs_confirmed").and_then(|s| s.name_en.clone()),
            Name::parse("Needs confirmed").ok()
        );
    }

    #[test]
    fn a_bad_process_is_refused_field_by_field() {
        type Edit = fn(&mut ProcessDraft);
        type Expected = &'static [(&'static str, InvalidValue)];
        let cases: &[(&str, Edit, Expected)] = &[
            (
                "blank name",
                |d| d.name = " ".into(),
                &[("name", InvalidValue::Required)],
            ),
            (
                "no stages",
                |d| d.stages.clear(),
                &[("stages", InvalidValue::Required)],
            ),
            (
                "duplicate key",
                |d| d.stages[1].key = "Initial_Contact".into(),
                &[("stages[1].key", InvalidValue::NotAllowed)],
            ),
            (
                "bad key",
                |d| d.stages[0].key = "1st".into(),
                &[("stages[0].key", InvalidValue::Format)],
            ),
            (
                "rate over 100",
                |d| d.stages[0].win_rate_bp = 10_001,
                &[("stages[0].win_rate", InvalidValue::NotAllowed)],
            ),
            (
                "negative rate",
                |d| d.stages[0].win_rate_bp = -1,
                &[("stages[0].win_rate", InvalidValue::NotAllowed)],
            ),
            (
                "won below 100",
                |d| d.stages[4].win_rate_bp = 9_000,
                &[("stages[4].win_rate", InvalidValue::NotAllowed)],
            ),
            (
                "lost above 0",
                |d| d.stages[5].win_rate_bp = 1,
                &[("stages[5].win_rate", InvalidValue::NotAllowed)],
            ),
            (
                "two won stages",
                |d| {
                    d.stages[3].is_won = true;
                    d.stages[3].win_rate_bp = 10_000;
                },
                &[("stages[4].is_won", InvalidValue::NotAllowed)],
            ),
            (
                "won and lost at once",
                |d| d.stages[4].is_lost = true,
                &[
                    ("stages[4].is_lost", InvalidValue::NotAllowed),
                    ("won_stage", InvalidValue::Required),
                ],
            ),
            (
                "no lost stage",
                |d| {
                    d.stages.pop();
                },
                &[("lost_stage", InvalidValue::Required)],
            ),
            (
                "no open stage",
                |d| {
                    d.stages.drain(0..4);
                },
                &[("open_stage", InvalidValue::Required)],
            ),
            (
                "duplicate task and blank label",
                |d| {
                    d.stages[2].tasks[1].key = "send_quote".into();
                    d.stages[2].tasks[2].label = String::new();
                },
                &[
                    ("stages[2].tasks[1].key", InvalidValue::NotAllowed),
                    ("stages[2].tasks[2].label", InvalidValue::Required),
                ],
            ),
        ];
        for (what, edit, expected) in cases {
            let mut d = draft();
            edit(&mut d);
            let expected: Vec<(String, InvalidValue)> = expected
                .iter()
                .map(|(f, e)| ((*f).to_owned(), *e))
                .collect();
            assert_eq!(fields(SalesProcess::parse(&d)), expected, "{what}");
        }
    }

    #[test]
    fn win_rates_and_keys() {
        assert_eq!(WinRate::parse("60").map(WinRate::bp), Ok(6000));
        assert_eq!(
            WinRate::parse("12.5").map(|r| r.to_string()),
            Ok("12.5".into())
        );
        assert_eq!(WinRate::parse("101"), Err(InvalidValue::NotAllowed));
        assert_eq!(WinRate::from_bp(-1), Err(InvalidValue::NotAllowed));
        assert_eq!(
            WinRate::from_bp(1000).map(|r| r.of(5)),
            Ok(1),
            "0.5 fen rounds up"
        );
        assert_eq!(WinRate::from_bp(1000).map(|r| r.of(4)), Ok(0));
        assert_eq!(StageKey::parse(" Quotation "), StageKey::parse("quotation"));
        assert_eq!(StageKey::parse(""), Err(InvalidValue::Required));
        assert_eq!(StageKey::parse("a-b"), Err(InvalidValue::Format));
        assert_eq!(
            StageKey::parse(&"a".repeat(41)),
            Err(InvalidValue::TooLong { max: 40 })
        );
    }

    #[test]
    fn tasks_round_trip_through_json() {
        let p = SalesProcess::parse(&draft()).unwrap();
        let tasks = &p.stage("quotation").unwrap().tasks;
        let json = serde_json::to_value(tasks).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({"key": "send_quote", "label": "发送报价单", "required": true})
        );
        let back: Vec<Task> = serde_json::from_value(json).unwrap();
        assert_eq!(&back, tasks);
        let bad: Result<Task, _> =
            serde_json::from_value(serde_json::json!({"key": "", "label": "x"}));
        assert!(bad.is_err());
        let unknown: Result<Task, _> =
            serde_json::from_value(serde_json::json!({"key": "a", "label": "x", "extra": 1}));
        assert!(unknown.is_err());
    }
}
