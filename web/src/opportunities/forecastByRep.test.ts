import { describe, expect, it } from 'vitest';
import type { PipelineRow } from '../api/types';
import { openReps } from './forecastByRep';

const money = (amount: string) => ({ amount, currency: 'CNY' });
const row = (key: string | null, name: string, openCount: number, openAmount: string): PipelineRow => ({
  key,
  name,
  open_count: openCount,
  open_amount: money(openAmount),
  open_expected_amount: money(openAmount === '0.00' ? '0.00' : '10.00'),
  won_count: 1,
  won_amount: money('5.00'),
  lost_count: 0,
  lost_amount: money('0.00'),
});

describe('openReps', () => {
  it('keeps the reps with open deals, the largest open amount first', () => {
    const reps = openReps([
      row('u1', '王芳', 2, '90000.00'),
      row('u2', '李雷', 0, '0.00'),
      row('u3', '张伟', 3, '1200000.00'),
      row(null, '—', 4, '10.00'),
      row('u4', 'Anna', 1, '90000.00'),
    ]);
    expect(reps.map((r) => r.owner_id)).toEqual(['u3', 'u4', 'u1']);
    expect(reps[0]).toEqual({ owner_id: 'u3', name: '张伟', count: 3, amount: money('1200000.00'), expected: money('10.00') });
  });
});
