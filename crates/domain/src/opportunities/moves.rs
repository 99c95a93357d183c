//! Stage moves: what it takes for an opportunity to leave its stage.

use super::process::{Stage, TaskKey};
use crate::InvalidValue;

/// Longest loss reason, in characters.
pub const MAX_LOSS_REASON: usize = 500;

/// What a permitted stage move does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageMove {
    /// The target is the current stage: nothing to record.
    Unchanged,
    /// Record a stage change; `loss_reason` is the trimmed reason when the target is a lost
    /// stage and `None` otherwise (a reason kept from an earlier loss is cleared).
    Moved { loss_reason: Option<String> },
}

/// Why a stage move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefused {
    /// 409: required tasks of the current stage are not done; their keys in checklist order.
    #[error("required tasks are open: {}", .0.iter().map(TaskKey::as_str).collect::<Vec<_>>().join(", "))]
    OpenRequiredTasks(Vec<TaskKey>),
    /// 422 on `loss_reason`: moving to a lost stage needs a reason.
    #[error("loss reason: {0}")]
    LossReason(InvalidValue),
}

/// Decides a move from `from` (with the keys of its `done` tasks) to `to`.
///
/// Leaving a stage while any of its required tasks is open is refused, except into a lost
/// stage: a deal can be lost at any point, and its unfinished playbook no longer matters.
/// Moving into a lost stage needs a loss reason (1–500 characters); one given for any other
/// target is ignored.
///
/// # Errors
/// [`MoveRefused`] naming the open required tasks or the loss reason's problem.
pub fn check_stage_move<S: AsRef<str>>(
    from: &Stage,
    done: &[S],
    to: &Stage,
    loss_reason: Option<&str>,
) -> Result<StageMove, MoveRefused> {
    if from.key == to.key {
        return Ok(StageMove::Unchanged);
    }
    if to.is_lost() {
        let reason = loss_reason.map(str::trim).unwrap_or_default();
        if reason.is_empty() {
            return Err(MoveRefused::LossReason(InvalidValue::Required));
        }
        if reason.chars().count() > MAX_LOSS_REASON {
            return Err(MoveRefused::LossReason(InvalidValue::TooLong {
                max: MAX_LOSS_REASON,
            }));
        }
        if reason
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(MoveRefused::LossReason(InvalidValue::Format));
        }
        return Ok(StageMove::Moved {
            loss_reason: Some(reason.to_owned()),
        });
    }
    let open = from.open_required_tasks(done);
    if open.is_empty() {
        Ok(StageMove::Moved { loss_reason: None })
    } else {
        Err(MoveRefused::OpenRequiredTasks(open))
    }
}

/// Longest reason for reopening a closed deal, in characters.
pub const MAX_REOPEN_REASON: usize = 500;

/// Checks the reason for moving a deal out of a won or lost stage — reopening it, or turning
/// a win into a loss — which must say why (1–500 characters). Answers the trimmed reason when
/// the move reopens, `None` for a move between open stages or to where the deal already is.
///
/// # Errors
/// `Required`, `TooLong` or `Format` for the reason.
pub fn check_reopen(
    from: &Stage,
    to: &Stage,
    reason: Option<&str>,
) -> Result<Option<String>, InvalidValue> {
    if from.is_open() || from.key == to.key {
        return Ok(None);
    }
    let reason = reason.map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        return Err(InvalidValue::Required);
    }
    if reason.chars().count() > MAX_REOPEN_REASON {
        return Err(InvalidValue::TooLong {
            max: MAX_REOPEN_REASON,
        });
    }
    if reason
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(InvalidValue::Format);
    }
    Ok(Some(reason.to_owned()))
}

/// The stage a new deal may start in: an open one. A deal is won or lost by a move, which
/// records when and why; only an import of past deals brings them in closed.
///
/// # Errors
/// `NotAllowed` for a won or lost stage.
pub fn check_new_deal_stage(kind: super::process::StageKind) -> Result<(), InvalidValue> {
    match kind {
        super::process::StageKind::Open => Ok(()),
        super::process::StageKind::Won | super::process::StageKind::Lost => {
            Err(InvalidValue::NotAllowed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opportunities::process::{ProcessDraft, SalesProcess, TaskDraft};

    fn process() -> SalesProcess {
        let mut d = ProcessDraft::default_process(false);
        d.stages[2].tasks = ["send_quote", "call_back", "sign_off"]
            .iter()
            .map(|key| TaskDraft {
                key: (*key).into(),
                label: (*key).into(),
                required: *key != "call_back",
            })
            .collect();
        SalesProcess::parse(&d).unwrap()
    }

    #[test]
    fn a_closed_deal_reopens_only_with_a_reason() {
        let p = process();
        let stage = |k: &str| p.stage(k).unwrap();
        let (won, lost, quotation) = (stage("won"), stage("lost"), stage("quotation"));
        assert_eq!(
            check_reopen(quotation, won, None),
            Ok(None),
            "winning is not reopening"
        );
        assert_eq!(check_reopen(won, won, None), Ok(None));
        for (from, to) in [
            (won, quotation),
            (lost, quotation),
            (won, lost),
            (lost, won),
        ] {
            assert_eq!(check_reopen(from, to, None), Err(InvalidValue::Required));
            assert_eq!(
                check_reopen(from, to, Some("  ")),
                Err(InvalidValue::Required)
            );
            assert_eq!(
                check_reopen(from, to, Some(" 客户追加预算 ")),
                Ok(Some("客户追加预算".into()))
            );
        }
        assert_eq!(
            check_reopen(won, quotation, Some(&"长".repeat(501))),
            Err(InvalidValue::TooLong { max: 500 })
        );
        assert_eq!(
            check_reopen(lost, quotation, Some("a\u{0}b")),
            Err(InvalidValue::Format)
        );
    }

    #[test]
    fn stage_moves() {
        let p = process();
        let stage = |k: &str| p.stage(k).unwrap();
        let quotation = stage("quotation");
        let none: &[&str] = &[];
        let moved = Ok(StageMove::Moved { loss_reason: None });
        let open = |keys: &[&str]| {
            Err(MoveRefused::OpenRequiredTasks(
                keys.iter().map(|k| TaskKey::parse(k).unwrap()).collect(),
            ))
        };
        type Case<'a> = (
            &'a str,
            &'a Stage,
            &'a [&'a str],
            &'a Stage,
            Option<&'a str>,
            Result<StageMove, MoveRefused>,
        );
        let cases: Vec<Case> = vec![
            (
                "no checklist",
                stage("initial_contact"),
                none,
                stage("needs_confirmed"),
                None,
                moved.clone(),
            ),
            (
                "nothing done",
                quotation,
                none,
                stage("contract_drafting"),
                None,
                open(&["send_quote", "sign_off"]),
            ),
            (
                "optional left open",
                quotation,
                &["send_quote", "sign_off"],
                stage("contract_drafting"),
                None,
                moved.clone(),
            ),
            (
                "one required open",
                quotation,
                &["send_quote", "call_back"],
                stage("won"),
                None,
                open(&["sign_off"]),
            ),
            (
                "backwards too",
                quotation,
                &["sign_off"],
                stage("initial_contact"),
                None,
                open(&["send_quote"]),
            ),
            (
                "same stage",
                quotation,
                none,
                quotation,
                None,
                Ok(StageMove::Unchanged),
            ),
            (
                "lost needs a reason",
                quotation,
                none,
                stage("lost"),
                None,
                Err(MoveRefused::LossReason(InvalidValue::Required)),
            ),
            (
                "blank reason",
                quotation,
                none,
                stage("lost"),
                Some("  "),
                Err(MoveRefused::LossReason(InvalidValue::Required)),
            ),
            (
                "lost with reason, tasks open",
                quotation,
                none,
                stage("lost"),
                Some(" 价格太高 "),
                Ok(StageMove::Moved {
                    loss_reason: Some("价格太高".into()),
                }),
            ),
            (
                "reason ignored elsewhere",
                stage("initial_contact"),
                none,
                stage("won"),
                Some("x"),
                moved.clone(),
            ),
            (
                "reopen a lost deal",
                stage("lost"),
                none,
                stage("quotation"),
                None,
                moved,
            ),
        ];
        for (what, from, done, to, reason, expected) in cases {
            assert_eq!(check_stage_move(from, done, to, reason), expected, "{what}");
        }
        let long = "长".repeat(501);
        assert_eq!(
            check_stage_move(quotation, none, stage("lost"), Some(&long)),
            Err(MoveRefused::LossReason(InvalidValue::TooLong { max: 500 }))
        );
        assert_eq!(
            open(&["send_quote", "sign_off"]).unwrap_err().to_string(),
            "required tasks are open: send_quote, sign_off"
        );
    }

    #[test]
    fn a_new_deal_starts_open() {
        use crate::opportunities::process::StageKind;
        assert_eq!(check_new_deal_stage(StageKind::Open), Ok(()));
        assert_eq!(
            check_new_deal_stage(StageKind::Won),
            Err(InvalidValue::NotAllowed)
        );
        assert_eq!(
            check_new_deal_stage(StageKind::Lost),
            Err(InvalidValue::NotAllowed)
        );
    }
}
