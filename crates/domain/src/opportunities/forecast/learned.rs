//! Win rates learned from the tenant's own history.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::pipeline::{histories, StageChange, StageInfo};
use crate::opportunities::{
    div_round_half_up,
    process::{StageKind, WinRate},
};

/// Of the closed opportunities that reached an open stage, how many were won and lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LearnedWinRate {
    pub stage_id: Uuid,
    pub won: u64,
    pub lost: u64,
    /// won ÷ (won + lost), rounded half up to the basis point; `None` with nothing closed.
    pub win_rate: Option<WinRate>,
}

impl LearnedWinRate {
    /// From counts the store may have summed itself.
    #[must_use]
    pub fn from_counts(stage_id: Uuid, won: u64, lost: u64) -> Self {
        let closed = u128::from(won) + u128::from(lost);
        let win_rate = (closed > 0)
            .then(|| {
                let bp = div_round_half_up(
                    i128::try_from(u128::from(won) * 10_000).unwrap_or(i128::MAX),
                    i128::try_from(closed).unwrap_or(i128::MAX),
                );
                WinRate::from_bp(i32::try_from(bp).unwrap_or(-1)).ok()
            })
            .flatten();
        Self {
            stage_id,
            won,
            lost,
            win_rate,
        }
    }
}

/// The learned win rate of each open stage of `stages`, in their order.
///
/// An opportunity is closed when its latest row is in a won or lost stage, and it reached
/// every stage its history names (as `to_stage` or `from_stage`); a stage it skipped does
/// not count. Opportunities whose current stage is not in `stages` are left out.
#[must_use]
pub fn learned_win_rates(stages: &[StageInfo], changes: &[StageChange]) -> Vec<LearnedWinRate> {
    let kinds: HashMap<Uuid, StageKind> = stages.iter().map(|s| (s.stage_id, s.kind)).collect();
    let mut counts: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for rows in histories(changes).values() {
        let Some(last) = rows.last() else { continue };
        let won = match kinds.get(&last.to_stage) {
            Some(StageKind::Won) => true,
            Some(StageKind::Lost) => false,
            _ => continue,
        };
        let reached: HashSet<Uuid> = rows
            .iter()
            .flat_map(|c| [Some(c.to_stage), c.from_stage])
            .flatten()
            .collect();
        for stage in reached {
            let entry = counts.entry(stage).or_default();
            if won {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
    stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| {
            let (won, lost) = counts.get(&s.stage_id).copied().unwrap_or_default();
            LearnedWinRate::from_counts(s.stage_id, won, lost)
        })
        .collect()
}
