import { describe, expect, it } from 'vitest';
import type { AgingRow } from '../api/types';
import { formatAxisAmount } from '../lib/format';
import { agingChartOption, BUCKETS, drillPath } from './aging';
import { addDays, filtersFromParams, receivablesQuery, summaryLinks, weekEnd } from './query';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const row = (key: string, name: string, d31_60: string): AgingRow => ({
  key,
  name,
  not_due: cny('100000.00'),
  d1_30: cny('0.00'),
  d31_60: cny(d31_60),
  d61_90: cny('0.00'),
  over_90: cny('0.00'),
  total: cny('600000.01'),
});

describe('drillPath', () => {
  it('links a figure to the receivables of its row and bucket as of the report date', () => {
    expect(drillPath('customer', '2026-04-15', 'd31_60', { key: 'c1', name: '上海申城' })).toBe(
      `/cash/receivables?status=owing&customer_id=c1&bucket=d31_60&as_of=2026-04-15&label=${encodeURIComponent('上海申城')}`,
    );
    expect(drillPath('owner', '2026-04-15', 'over_90', { key: 'u1', name: 'Li' })).toContain('owner_id=u1');
    expect(drillPath('department', '2026-04-15', 'not_due', { key: 'd1', name: 'East' })).toContain('department_id=d1');
  });

  it('links a row total to all it owes, and the totals row to the whole bucket', () => {
    expect(drillPath('customer', '2026-04-15', 'total', { key: 'c1', name: '' })).toBe('/cash/receivables?status=owing&customer_id=c1');
    expect(drillPath('owner', '2026-04-15', 'd1_30')).toBe('/cash/receivables?status=owing&bucket=d1_30&as_of=2026-04-15');
    // Receivables without an owner have no key to filter on.
    expect(drillPath('owner', '2026-04-15', 'd1_30', { key: '', name: '' })).toBe('/cash/receivables?status=owing&bucket=d1_30&as_of=2026-04-15');
  });

  it('is read back by the receivables page', () => {
    const path = drillPath('customer', '2026-04-15', 'd31_60', { key: 'c1', name: '上海申城' });
    const filters = filtersFromParams(new URLSearchParams(path.split('?')[1]));
    expect(filters).toEqual({ status: 'owing', bucket: 'd31_60', as_of: '2026-04-15', customer_id: 'c1', label: '上海申城' });
    expect(receivablesQuery(filters)).toEqual({ status: 'owing', bucket: 'd31_60', as_of: '2026-04-15', customer_id: 'c1' });
    expect(filtersFromParams(new URLSearchParams('bucket=d7&as_of=soon&status=all'))).toEqual({});
  });
});

describe('agingChartOption', () => {
  it('stacks the five buckets per row, in the rows’ order', () => {
    const labels = Object.fromEntries(BUCKETS.map((b) => [b, b])) as Record<(typeof BUCKETS)[number], string>;
    const option = agingChartOption({ rows: [row('c1', 'A', '500000.01'), row('c2', '', '0.00')] }, labels, (a) => a, { noName: '(none)' });
    expect(option.yAxis.data).toEqual(['A', '(none)']);
    expect(option.series.map((s) => s.name)).toEqual([...BUCKETS]);
    expect(option.series.every((s) => s.stack === 'aging')).toBe(true);
    expect(option.series[2].data).toEqual([500000.01, 0]);
  });

  it('writes axis amounts short, through the formatter it is given', () => {
    const option = agingChartOption({ rows: [] }, Object.fromEntries(BUCKETS.map((b) => [b, b])) as Record<(typeof BUCKETS)[number], string>, (a) => a, {
      axis: (value) => formatAxisAmount(value, 'CNY', 'zh-CN'),
    });
    expect(option.xAxis.axisLabel.formatter(1_250_000)).toBe('¥125万');
    expect(option.xAxis.axisLabel.formatter(2_500)).toBe('¥2,500');
    expect(option.xAxis.axisLabel.formatter(0)).toBe('¥0');
  });
});

describe('summary links', () => {
  it('find the week’s Sunday and the day before', () => {
    expect(weekEnd('2026-04-15')).toBe('2026-04-19');
    expect(weekEnd('2026-04-19')).toBe('2026-04-19');
    expect(weekEnd('2026-04-13')).toBe('2026-04-19');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('send overdue to what was due before today, and this week to what falls due by Sunday', () => {
    const links = summaryLinks('2026-04-15');
    expect(links.overdue).toBe('/cash/receivables?status=owing&due_to=2026-04-14');
    expect(links.dueThisWeek).toBe('/cash/receivables?status=owing&bucket=not_due&as_of=2026-04-15&due_to=2026-04-19');
  });
});
