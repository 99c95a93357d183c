import { describe, expect, it } from 'vitest';
import { checkTiers, DEFAULT_COLLECTIONS, DEFAULT_TIERS, FACTOR_DEFAULTS, FACTORS, planBody, type PlanFormValues } from './tiers';

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

  const values: PlanFormValues = {
    name: 'Q plan',
    target_plan_id: 'p',
    period_kind: 'quarter',
    base_pay: '8000',
    pool: '20000',
    threshold: '60',
    cap: '150',
    tiers: DEFAULT_TIERS,
    collections: [{ from: '0', to: '50', rate: '0.5' }, { from: ' 50 ', to: '', rate: '1' }],
  };

  it('send the collections factor only when the plan is weighed by collections', () => {
    expect(planBody(values)).not.toHaveProperty('collections');
    expect(planBody({ ...values, weigh_collections: false })).not.toHaveProperty('collections');
    expect(planBody({ ...values, weigh_collections: true }).collections).toEqual([
      { from: '0', to: '50', rate: '0.5' },
      { from: '50', to: null, rate: '1' },
    ]);
  });

  it('send the margin and forecast-accuracy factors only when switched on, each with its own bands', () => {
    const all = { ...values, weigh_margin: true, margin: FACTOR_DEFAULTS.margin, weigh_forecast_accuracy: true, forecast_accuracy: FACTOR_DEFAULTS.forecast_accuracy };
    expect(planBody(all).margin).toEqual([
      { from: '0', to: '20', rate: '0.8' },
      { from: '20', to: '40', rate: '1' },
      { from: '40', to: null, rate: '1.2' },
    ]);
    expect(planBody(all).forecast_accuracy?.[2]).toEqual({ from: '90', to: null, rate: '1.1' });
    expect(planBody(all)).not.toHaveProperty('collections');
    expect(planBody({ ...all, weigh_margin: false })).not.toHaveProperty('margin');
    for (const factor of FACTORS) expect(checkTiers(FACTOR_DEFAULTS[factor]).size).toBe(0);
  });

  it('check the collections tiers by the same rules, the defaults sound', () => {
    expect(checkTiers(DEFAULT_COLLECTIONS).size).toBe(0);
    expect(planBody({ ...values, weigh_collections: true, collections: DEFAULT_COLLECTIONS }).collections).toEqual([
      { from: '0', to: '50', rate: '0.5' },
      { from: '50', to: '80', rate: '0.8' },
      { from: '80', to: null, rate: '1' },
    ]);
    expect([...checkTiers([{ from: '0', to: '50' }, { from: '60', to: null }])]).toEqual([[1, 'gap']]);
  });
});
