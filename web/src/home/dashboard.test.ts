import { describe, expect, it } from 'vitest';
import {
  analyticsUrl,
  conversionRate,
  forecastFigures,
  homeCards,
  homeKind,
  opportunitiesUrl,
  progressPercent,
  ratio,
  type TargetFigures,
} from './dashboard';

const money = (amount: string) => ({ amount, currency: 'CNY' });
const pipeline = {
  open_count: 1,
  open_amount: money('10.00'),
  won_count: 0,
  won_amount: money('0.00'),
  lost_count: 0,
  lost_amount: money('0.00'),
  expected_amount: money('3.00'),
};
const target: TargetFigures = {
  plan_id: 'p1',
  plan_name: 'Plan',
  metric: 'contract_amount',
  unit: 'user',
  target: money('1000.00'),
  actual: money('250.50'),
  rate: '25.05',
};

describe('homeKind', () => {
  it('picks the home by role key, a custom role by scope', () => {
    expect(homeKind('sales_rep', 'own')).toBe('rep');
    expect(homeKind('sales_manager', 'department')).toBe('manager');
    expect(homeKind('admin', 'tenant')).toBe('manager');
    expect(homeKind('marketing', 'tenant')).toBe('marketing');
    expect(homeKind('finance', 'tenant')).toBe('other');
    expect(homeKind('field_agent', 'own')).toBe('rep');
    expect(homeKind('regional_lead', 'subtree')).toBe('manager');
  });
});

describe('homeCards', () => {
  it('gives a rep target, pipeline, today and stuck deals', () => {
    expect(homeCards('rep', { pipeline, target, cash: null, campaigns: null }, true)).toEqual(['target', 'pipeline', 'today', 'stuck']);
  });
  it('leaves out what the role cannot read', () => {
    expect(homeCards('rep', { pipeline: null, target: null, cash: null, campaigns: null }, false)).toEqual(['target']);
    expect(homeCards('manager', { pipeline: null, target: null, cash: null, campaigns: null }, true)).toEqual([]);
    expect(homeCards('marketing', { pipeline: null, target: null, cash: null, campaigns: { leads: 0, converted_leads: 0 } }, false)).toEqual(['campaigns']);
  });
  it('gives a manager forecast, trend, stuck and cash', () => {
    const cash = {
      collected_this_month: money('0'),
      due_this_week: money('0'),
      outstanding: money('0'),
      overdue: money('0'),
      refunds_open: 0,
      today: '2026-12-06',
      unmatched_bank_rows: 0,
    };
    expect(homeCards('manager', { pipeline, target: null, cash, campaigns: null }, true)).toEqual(['forecast', 'trend', 'stuck', 'cash']);
  });
});

describe('rates', () => {
  it('rounds half up to two decimals, null without a whole', () => {
    expect(ratio(1n, 3n)).toBe('33.33');
    expect(ratio(2n, 3n)).toBe('66.67');
    expect(ratio(5n, 2n)).toBe('250.00');
    expect(ratio(1n, 0n)).toBeNull();
    expect(conversionRate({ leads: 8, converted_leads: 1 })).toBe('12.50');
    expect(conversionRate({ leads: 0, converted_leads: 0 })).toBeNull();
  });
  it('clamps a progress bar to 0–100', () => {
    expect(progressPercent('57.98')).toBe(57.98);
    expect(progressPercent('223.10')).toBe(100);
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent('x')).toBe(0);
  });
  it('adds the expected amount to the actual for the forecast', () => {
    expect(forecastFigures(target, money('149.50'))).toEqual({ total: money('400.00'), rate: '40.00' });
    expect(forecastFigures({ ...target, target: { amount: '10', currency: '' }, actual: { amount: '2', currency: '' } }, null)).toBeNull();
    expect(forecastFigures(null, money('1.00'))).toBeNull();
  });
});

describe('links', () => {
  it('carry the home filters to the list and the analytics page', () => {
    expect(opportunitiesUrl({ period: '2026', owner_id: 'u1' })).toBe('/opportunities?view=list&period=2026&owner_id=u1');
    expect(opportunitiesUrl({ period: '2026', department_id: 'd1' }, '2026-03')).toBe('/opportunities?view=list&period=2026-03&department_id=d1');
    expect(analyticsUrl({ period: '2026-Q1' }, { report: 'efficiency' })).toBe('/analytics?period=2026-Q1&report=efficiency');
    expect(analyticsUrl({})).toBe('/analytics');
  });
});
