import { describe, expect, it } from 'vitest';
import { checkTiers, DEFAULT_TIERS, planBody } from './tiers';

describe('tiers', () => {
  it('accept bands from 0 %, each from where the one before ends, the last open', () => {
    expect(checkTiers(DEFAULT_TIERS).size).toBe(0);
    expect(checkTiers([{ from: '0', to: '60', rate: '0' }, { from: '60', to: '100', rate: '1' }, { from: '100', to: null, rate: '2' }]).size).toBe(0);
  });

  it('name a gap, an overlap, an open end before the last and an empty band', () => {
    expect([...checkTiers([{ from: '10', to: '100' }])]).toEqual([[0, 'gap']]);
    expect([...checkTiers([{ from: '0', to: '100' }, { from: '90', to: null }])]).toEqual([[1, 'overlap']]);
    expect([...checkTiers([{ from: '0', to: null }, { from: '100', to: null }])]).toEqual([[0, 'open_end']]);
    expect([...checkTiers([{ from: '0', to: '0' }])]).toEqual([[0, 'empty']]);
  });

  it('make the plan body with an empty cap and open end as null', () => {
    const body = planBody({
      name: ' Q plan ',
      target_plan_id: 'p',
      period_kind: 'quarter',
      base_pay: '8000.00',
      pool: '20000.00',
      threshold: '60',
      cap: '',
      tiers: [{ from: '0', to: '', rate: '1' }],
    });
    expect(body).toMatchObject({ name: 'Q plan', cap: null, tiers: [{ from: '0', to: null, rate: '1' }] });
  });
});
