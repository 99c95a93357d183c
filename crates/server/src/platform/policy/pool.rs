//! Who may claim a record from a pool (leads; customers when their pool is on).

use chrono::{DateTime, Utc};
use closer_domain::pool::PoolKind;
use uuid::Uuid;

use super::Owned;
use crate::platform::error::{ApiError, ApiResult};

/// Whether a pool record was taken in the last minute. Someone claiming it at the same
/// moment is told it is held (they saw it in the pool, so nothing is revealed); later, a
/// record held outside the caller's view is simply not found.
fn just_taken(assigned_at: Option<DateTime<Utc>>) -> bool {
    assigned_at.is_some_and(|at| closer_store::now() - at < chrono::Duration::minutes(1))
}

/// May the caller try to claim this record? A pool record or one in their scope, yes (the
/// pool's own rules then decide); one held outside their view is not found — unless it was
/// taken a moment ago: then two claims raced, and the loser is told it is held.
///
/// # Errors
/// 404 for a record held outside the caller's view.
pub fn claimable(
    owned: &Owned,
    kind: PoolKind,
    owner: Option<Uuid>,
    assigned_at: Option<DateTime<Utc>>,
) -> ApiResult<()> {
    if owned.sees(owner) {
        return Ok(());
    }
    if just_taken(assigned_at) {
        return Err(ApiError::conflict(
            closer_domain::pool::ClaimRefusal::Held.code(kind),
        ));
    }
    Err(ApiError::not_found())
}
