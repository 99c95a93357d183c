//! Results: deals counted and summed by owner, product, campaign or month, by outcome —
//! won and lost where they closed, open ones where they are expected to close — and the
//! durations the efficiency report averages (sales cycles, time in each stage).

pub mod activity;
pub mod campaigns;
pub mod closed_totals;
pub mod cycles;
pub mod deals;
mod dimension_totals;
mod dwell;
pub mod search;
pub mod win_loss;
