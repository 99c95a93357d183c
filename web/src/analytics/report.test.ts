import { describe, expect, it } from 'vitest';
import type { EfficiencyRow } from '../api/types';
import { formatAxisAmount } from '../lib/format';
import { chartRows, monthsBetween, periodMonths } from './charts';
import { drillUrl, reportQuery, worseThanTeam } from './report';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
function row(changes: Partial<EfficiencyRow>): EfficiencyRow {
  return {
    key: 'u1',
    name: 'Zhang Wei',
    won_count: 1,
    lost_count: 1,
    open_count: 0,
    won_amount: cny('100.00'),
    lost_amount: cny('50.00'),
    stage_dwell_days: [],
    leads: 0,
    converted_leads: 0,
    visits: 0,
    ...changes,
  };
}

describe('report query and drill-through', () => {
  it('asks for the group with the filters that are set', () => {
    expect(reportQuery({ period: '2026-Q1', owner_id: 'u1' }, 'owner')).toEqual({ group_by: 'owner', period: '2026-Q1', owner_id: 'u1' });
    expect(reportQuery({}, 'month')).toEqual({ group_by: 'month' });
  });

  it('leads an owner, department or month to the opportunities list, keeping the filters', () => {
    const filters = { period: '2026', department_id: 'd1' };
    expect(drillUrl('owner', 'u1', filters)).toBe('/opportunities?view=list&owner_id=u1&department_id=d1&period=2026');
    expect(drillUrl('department', 'd2', filters)).toBe('/opportunities?view=list&department_id=d2&period=2026');
    expect(drillUrl('month', '2026-03', { owner_id: 'u1', period: '2026' })).toBe('/opportunities?view=list&owner_id=u1&period=2026-03');
  });

  it('does not drill where the list has no such filter, or for the "none" group', () => {
    expect(drillUrl('product', 'p1', {})).toBeNull();
    expect(drillUrl('campaign', 'c1', {})).toBeNull();
    expect(drillUrl('owner', null, {})).toBeNull();
  });
});

describe('worse than the team', () => {
  const team = row({ key: null, win_rate_of_closed: '66.67', win_rate_of_all: '40.00', average_won_amount: cny('1000.00'), average_cycle_days: '19.50' });

  it('marks a lower win rate or average deal and a longer cycle, exactly', () => {
    const rep = row({ win_rate_of_closed: '50.00', win_rate_of_all: '40.00', average_won_amount: cny('999.99'), average_cycle_days: '19.51' });
    expect(worseThanTeam(rep, team, 'win_rate_of_closed')).toBe(true);
    expect(worseThanTeam(rep, team, 'win_rate_of_all')).toBe(false);
    expect(worseThanTeam(rep, team, 'average_won_amount')).toBe(true);
    expect(worseThanTeam(rep, team, 'average_cycle_days')).toBe(true);
    const better = row({ win_rate_of_closed: '100.00', average_cycle_days: '9.00', average_won_amount: cny('1000.00') });
    expect(worseThanTeam(better, team, 'win_rate_of_closed')).toBe(false);
    expect(worseThanTeam(better, team, 'average_cycle_days')).toBe(false);
    expect(worseThanTeam(better, team, 'average_won_amount')).toBe(false);
  });

  it('never marks a figure that has no value yet', () => {
    expect(worseThanTeam(row({ win_rate_of_closed: null }), team, 'win_rate_of_closed')).toBe(false);
    expect(worseThanTeam(row({ average_cycle_days: '90.00' }), row({}), 'average_cycle_days')).toBe(false);
  });
});

describe('chart labels', () => {
  it('rounds axis amounts in the user\'s way', () => {
    expect(formatAxisAmount(1_234_567, 'CNY', 'en-US')).toBe('¥1.23M');
    expect(formatAxisAmount(1_234_567, 'CNY', 'zh-CN')).toBe('¥123.5万');
    expect(formatAxisAmount(250_000_000, 'CNY', 'zh-CN')).toBe('¥2.5亿');
    expect(formatAxisAmount(-2_500, 'CNY', 'en-US')).toBe('-¥2.5K');
    expect(formatAxisAmount(800, 'CNY', 'en-US')).toBe('¥800');
    expect(formatAxisAmount(1_234_567, undefined, 'zh-CN')).toBe('123.5万');
  });
});

describe('the month trend', () => {
  const month = (key: string | null, won: string) => ({
    key,
    name: key ?? '',
    won_count: 1,
    won_amount: cny(won),
    open_count: 0,
    open_amount: cny('0.00'),
    lost_count: 0,
    lost_amount: cny('0.00'),
    open_expected_amount: cny('0.00'),
  });

  it('covers the period\'s months, or all time from the first to the last', () => {
    expect(periodMonths('2024')).toEqual(['2024-01', '2024-12']);
    expect(periodMonths('2024-Q2')).toEqual(['2024-04', '2024-06']);
    expect(periodMonths('2024-03')).toEqual(['2024-03', '2024-03']);
    expect(periodMonths(undefined)).toBeNull();
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('fills the months without deals with zeros and leaves the undated deals to the table', () => {
    const rows = [month(null, '5.00'), month('2024-03', '164000.75'), month('2024-05', '1.00')];
    const quarter = chartRows(rows, true, '2024-Q2');
    expect(quarter.map((r) => r.key)).toEqual(['2024-04', '2024-05', '2024-06']);
    expect(quarter[0].won_amount).toEqual(cny('0.00'));
    const all = chartRows(rows, true);
    expect(all.map((r) => r.key)).toEqual(['2024-03', '2024-04', '2024-05']);
    expect(all[0].won_amount.amount).toBe('164000.75');
    expect(chartRows(rows, false)).toHaveLength(3);
  });
});
