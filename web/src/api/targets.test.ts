import { describe, expect, it } from 'vitest';
import { plainAmounts } from './targets';

describe('plainAmounts', () => {
  it('turns money objects into their amounts, anywhere in an answer', () => {
    const answer = {
      total: { amount: '10.00', currency: 'CNY' },
      units: [{ months: [{ amount: '1.00', currency: 'CNY' }, '2'], resources: { active_customers: 3, potential: { amount: '5.00', currency: 'CNY' } } }],
      reason: null,
    };
    expect(plainAmounts(answer)).toEqual({ total: '10.00', units: [{ months: ['1.00', '2'], resources: { active_customers: 3, potential: '5.00' } }], reason: null });
    expect(plainAmounts({ amount: '1', currency: 'CNY', extra: 1 })).toEqual({ amount: '1', currency: 'CNY', extra: 1 });
  });
});
