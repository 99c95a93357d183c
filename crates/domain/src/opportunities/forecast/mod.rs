//! The forecast, and what stage history teaches: learned win rates, forecast accuracy and
//! time spent in each stage.
//!
//! Inputs are plain rows the store reads with a few set-based queries: the stages of a
//! process in order ([`StageInfo`]), per-stage sums of open opportunities ([`StageTotal`],
//! one `GROUP BY`), and the stage history ([`StageChange`]). Money is in minor units; a
//! product amount × rate is rounded half up once per stage and totals are sums of the
//! stage figures (API.md, "Rounding").

mod accuracy;
mod learned;
mod period;
mod pipeline;
mod time_in_stage;

pub use accuracy::{forecast_accuracy, period_accuracy, rates_at, PeriodAccuracy, WinRateChange};
pub use learned::{learned_win_rates, LearnedWinRate};
pub use period::Period;
pub use pipeline::{
    forecast, tally, Forecast, OpenOpportunity, StageChange, StageForecast, StageInfo, StageTotal,
};
pub use time_in_stage::{stage_stays, time_in_stages, StageStay, TimeInStage};

#[cfg(test)]
mod tests;
