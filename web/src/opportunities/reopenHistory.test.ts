import { describe, expect, it } from 'vitest';
import type { History, StageHistory } from '../api/types';
import { pairReopenings, reopenings } from './reopenHistory';

const money = { amount: '1000.00', currency: 'CNY' };
const change = (at: string, from: string | null, to: string) => ({ at, from_stage_id: from, to_stage_id: to, amount: money }) as StageHistory['items'][number];
const entry = (at: string, action: string, reason?: string) => ({
  at,
  action,
  actor: { id: 'u1', name: 'Admin' },
  changes: reason === undefined ? [] : [{ field: 'reopen_reason', old: null, new: reason }],
});
const history = (...items: ReturnType<typeof entry>[]) => ({ items }) as unknown as History;
const CLOSED = new Set(['won', 'lost']);

describe('reopenings', () => {
  it('reads the reopened entries and their reasons, oldest first', () => {
    const found = reopenings(
      history(entry('2026-05-02T10:00:00Z', 'reopened', 'Second'), entry('2026-05-01T10:00:00Z', 'updated'), entry('2026-05-01T09:00:00Z', 'reopened', 'First')),
    );
    expect(found).toEqual([
      { at: '2026-05-01T09:00:00Z', reason: 'First' },
      { at: '2026-05-02T10:00:00Z', reason: 'Second' },
    ]);
    expect(reopenings(null)).toEqual([]);
  });
});

describe('pairReopenings', () => {
  const changes = [
    change('2026-05-01T08:00:00Z', null, 'initial'),
    change('2026-05-01T08:30:00Z', 'initial', 'won'),
    change('2026-05-01T09:00:00.100Z', 'won', 'demo'),
    change('2026-05-01T09:30:00Z', 'demo', 'demo'),
  ];

  it('puts the reason beside the move out of the closed stage made in the same request', () => {
    const { reasons, loose } = pairReopenings(changes, [{ at: '2026-05-01T09:00:00.250Z', reason: 'Budget is back' }], CLOSED);
    expect([...reasons]).toEqual([[2, 'Budget is back']]);
    expect(loose).toEqual([]);
  });

  it('leaves a reopening with no such move on its own', () => {
    const far = { at: '2026-05-03T09:00:00Z', reason: 'Imported' };
    const { reasons, loose } = pairReopenings(changes, [{ at: '2026-05-01T09:00:01Z', reason: 'A' }, far], CLOSED);
    expect([...reasons]).toEqual([[2, 'A']]);
    expect(loose).toEqual([far]);
  });
});
