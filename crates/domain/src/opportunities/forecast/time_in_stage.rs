//! Time spent in each stage, from the stage history.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::pipeline::{histories, StageChange};

/// One continuous stay of an opportunity in a stage; `left_at` is `None` for the stage it
/// is in now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageStay {
    pub opportunity_id: Uuid,
    pub stage_id: Uuid,
    pub entered_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
}

impl StageStay {
    /// Whole seconds in the stage, the current stay counted up to `now`; never negative.
    #[must_use]
    pub fn seconds(&self, now: DateTime<Utc>) -> i64 {
        (self.left_at.unwrap_or(now) - self.entered_at)
            .num_seconds()
            .max(0)
    }
}

/// Every stay, by opportunity id and then in time order. A row that keeps the stage (an
/// amount or date edit) does not start a new stay.
#[must_use]
pub fn stage_stays(changes: &[StageChange]) -> Vec<StageStay> {
    let mut stays = Vec::new();
    for (opportunity_id, rows) in histories(changes) {
        let mut current: Option<StageStay> = None;
        for c in rows {
            if current.is_some_and(|s| s.stage_id == c.to_stage) {
                continue;
            }
            if let Some(mut stay) = current.take() {
                stay.left_at = Some(c.at);
                stays.push(stay);
            }
            current = Some(StageStay {
                opportunity_id,
                stage_id: c.to_stage,
                entered_at: c.at,
                left_at: None,
            });
        }
        stays.extend(current);
    }
    stays
}

/// The time an opportunity spent in one stage over all its stays there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeInStage {
    pub opportunity_id: Uuid,
    pub stage_id: Uuid,
    /// How many times it entered the stage.
    pub visits: u32,
    pub seconds: i64,
}

/// Time in each stage per opportunity, by opportunity id and then in order of first entry;
/// the current stay counts up to `now`. Closed stages are included: the caller leaves out
/// what it does not show.
#[must_use]
pub fn time_in_stages(changes: &[StageChange], now: DateTime<Utc>) -> Vec<TimeInStage> {
    let mut out: Vec<TimeInStage> = Vec::new();
    let mut first_of_opportunity = 0;
    for stay in stage_stays(changes) {
        if out
            .get(first_of_opportunity)
            .is_some_and(|t| t.opportunity_id != stay.opportunity_id)
        {
            first_of_opportunity = out.len();
        }
        let seconds = stay.seconds(now);
        match out[first_of_opportunity..]
            .iter_mut()
            .find(|t| t.stage_id == stay.stage_id)
        {
            Some(t) => {
                t.visits += 1;
                t.seconds = t.seconds.saturating_add(seconds);
            }
            None => out.push(TimeInStage {
                opportunity_id: stay.opportunity_id,
                stage_id: stay.stage_id,
                visits: 1,
                seconds,
            }),
        }
    }
    out
}
