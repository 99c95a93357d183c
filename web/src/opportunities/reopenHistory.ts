import type { History, StageHistory } from '../api/types';

type StageChange = StageHistory['items'][number];

/** A deal taken out of a won or lost stage, with the reason given (`reopened` in its history). */
export interface Reopening {
  at: string;
  reason: string;
}

/** The `reopened` entries of a deal's change history, oldest first. */
export function reopenings(history: History | null | undefined): Reopening[] {
  return (history?.items ?? [])
    .filter((entry) => entry.action === 'reopened')
    .map((entry) => {
      const change = entry.changes.find((c) => c.field === 'reopen_reason');
      return { at: entry.at, reason: typeof change?.new === 'string' ? change.new : '' };
    })
    .filter((r) => r.reason !== '')
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** How far apart the move and its history entry may be written (the same request). */
const SAME_MOVE_MS = 60_000;

/**
 * Puts each reopening beside the stage change it explains: the nearest move out of a closed
 * stage (`closedStageIds`) written within a minute of it. `reasons` maps a stage change's
 * index to the reason; a reopening without such a move is `loose` (shown on its own).
 */
export function pairReopenings(
  changes: StageChange[],
  found: Reopening[],
  closedStageIds: ReadonlySet<string>,
): { reasons: Map<number, string>; loose: Reopening[] } {
  const reasons = new Map<number, string>();
  const loose: Reopening[] = [];
  for (const reopening of found) {
    const at = Date.parse(reopening.at);
    let best: { index: number; gap: number } | undefined;
    changes.forEach((change, index) => {
      if (reasons.has(index) || !change.from_stage_id || change.from_stage_id === change.to_stage_id) return;
      if (!closedStageIds.has(change.from_stage_id)) return;
      const gap = Math.abs(Date.parse(change.at) - at);
      if (gap <= SAME_MOVE_MS && (!best || gap < best.gap)) best = { index, gap };
    });
    if (best) reasons.set(best.index, reopening.reason);
    else loose.push(reopening);
  }
  return { reasons, loose };
}
