// The forecast's per-rep breakdown: who holds the open pipeline of the period, from the
// pipeline report grouped by owner (its rows carry the expected amount too).
import type { Money, PipelineRow } from '../api/types';
import { compareAmounts } from '../lib/money';

export interface RepRow {
  owner_id: string;
  name: string;
  count: number;
  amount: Money;
  /** Amount × stage win rate, rounded once per stage as the forecast does. */
  expected: Money;
}

/** The reps with open deals, the largest open amount first (then by name). */
export function openReps(rows: PipelineRow[]): RepRow[] {
  return rows
    .filter((row): row is PipelineRow & { key: string } => Boolean(row.key) && row.open_count > 0)
    .map((row) => ({
      owner_id: row.key,
      name: row.name || row.key,
      count: row.open_count,
      amount: row.open_amount,
      expected: row.open_expected_amount,
    }))
    .sort((a, b) => compareAmounts(b.amount.amount, a.amount.amount) || a.name.localeCompare(b.name));
}
