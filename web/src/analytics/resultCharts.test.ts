import { describe, expect, it } from 'vitest';
import { campaignFunnelOption, countBarsHeight, countBarsOption, regionsOption } from './resultCharts';

const words = { deals: (n: number) => `${n} deals`, money: (m: { amount: string }) => `¥${m.amount}` };

describe('win/loss bars', () => {
  const bars = [
    { label: '价格太高', count: 3, amount: { amount: '1200.00', currency: 'CNY' } },
    { label: 'No reason given', count: 1, amount: { amount: '64000.00', currency: 'CNY' } },
  ];
  it('draws a bar per reason, in order, with counts and exact amounts in the tooltip', () => {
    const option = countBarsOption(bars, words, false) as {
      yAxis: { data: string[] };
      series: { data: number[] }[];
      tooltip: { formatter: (p: { dataIndex: number }[]) => string };
    };
    expect(option.yAxis.data).toEqual(['价格太高', 'No reason given']);
    expect(option.series[0].data).toEqual([3, 1]);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe('No reason given<br/>1 deals · ¥64000.00');
  });
  it('grows with the bars, within bounds', () => {
    expect(countBarsHeight(1)).toBe(120);
    expect(countBarsHeight(5)).toBe(184);
    expect(countBarsHeight(100)).toBe(420);
  });
});

describe('regions chart', () => {
  it('puts target, actual and pipeline side by side per region; a count target is left out', () => {
    const option = regionsOption(
      [
        { name: '华东大区', target: 600000, actual: 30000, pipeline: 100000 },
        { name: '华南大区', target: null, actual: null, pipeline: 0 },
      ],
      { target: 'Target', actual: 'Actual', pipeline: 'Pipeline' },
      'CNY',
      'en-US',
      false,
    ) as { series: { name: string; data: (number | null)[] }[]; yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['华东大区', '华南大区']);
    expect(option.series.map((s) => s.name)).toEqual(['Target', 'Actual', 'Pipeline']);
    expect(option.series[0].data).toEqual([600000, null]);
    expect(option.series[1].data).toEqual([30000, null]);
    expect(option.series[2].data).toEqual([100000, 0]);
  });
});

describe('campaign funnel', () => {
  it('keeps the steps in order (never sorted by size) with their counts', () => {
    const option = campaignFunnelOption(
      [
        ['Leads', 40],
        ['Converted', 12],
        ['Deals', 15],
        ['Won', 4],
      ],
      false,
    ) as { series: { sort: string; data: { name: string; value: number }[] }[] };
    expect(option.series[0].sort).toBe('none');
    expect(option.series[0].data.map((d) => [d.name, d.value])).toEqual([
      ['Leads', 40],
      ['Converted', 12],
      ['Deals', 15],
      ['Won', 4],
    ]);
  });
});
