// The win/loss and regions tabs' ECharts options: lost deals as bars by reason or by the
// stage they were lost at (exact counts and amounts in the tooltip), and each region's
// target, actual and open pipeline (rounded on the chart; exact in the table beside it).
import type { Money } from '../api/types';
import type { Language } from '../i18n/messages';
import { formatAxisAmount } from '../lib/format';
import type { ChartOption } from '../opportunities/Chart';
import { cut, LOST_COLOR, OPEN_COLOR, WON_COLOR } from './charts';

export interface CountBar {
  label: string;
  count: number;
  amount: Money;
}

/** Lost deals per reason (or stage), most first, as bars top to bottom. */
export function countBarsOption(bars: CountBar[], words: { deals: (count: number) => string; money: (m: Money) => string }, compact: boolean): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 4, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const bar = bars[params[0]?.dataIndex ?? -1];
        return bar ? `${bar.label}<br/>${words.deals(bar.count)} · ${words.money(bar.amount)}` : '';
      },
    },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: compact ? 10 : 12 } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { formatter: (name: string) => cut(name, compact ? 8 : 14), fontSize: compact ? 11 : 12 },
    },
    series: [{ type: 'bar', data: bars.map((b) => b.count), itemStyle: { color: LOST_COLOR }, barMaxWidth: 16, label: { show: true, position: 'right', fontSize: 11 } }],
  };
}

export function countBarsHeight(count: number): number {
  return Math.min(420, Math.max(120, 24 + count * 32));
}

export interface RegionBar {
  name: string;
  target: number | null;
  actual: number | null;
  pipeline: number;
}

/** Each region's target, actual and open pipeline side by side. */
export function regionsOption(
  rows: RegionBar[],
  words: { target: string; actual: string; pipeline: string },
  currency: string | null,
  language: Language,
  compact: boolean,
): ChartOption {
  const series = (
    [
      [words.target, '#cbd5e1', (r: RegionBar) => r.target],
      [words.actual, WON_COLOR, (r: RegionBar) => r.actual],
      [words.pipeline, OPEN_COLOR, (r: RegionBar) => r.pipeline],
    ] as const
  ).map(([name, color, pick]) => ({ name, type: 'bar', data: rows.map(pick), itemStyle: { color }, barMaxWidth: 14, cursor: 'pointer' }));
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v: number) => formatAxisAmount(v, currency, language) },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatAxisAmount(v, currency, language), fontSize: compact ? 10 : 12 } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { formatter: (name: string) => cut(name, compact ? 7 : 14) } },
    series,
  };
}

/** A campaign's funnel: leads → converted → deals → won, each stage its count. */
export function campaignFunnelOption(steps: [string, number][], compact: boolean): ChartOption {
  const colors = ['#93c5fd', '#60a5fa', '#3b82f6', WON_COLOR];
  return {
    animation: false,
    tooltip: { trigger: 'item', confine: true, formatter: (p: { name: string; value: number }) => `${p.name}: ${p.value}` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        width: '84%',
        top: 8,
        bottom: 8,
        minSize: '12%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: (p: { name: string; value: number }) => `${p.name} ${p.value}`, fontSize: compact ? 11 : 12 },
        data: steps.map(([name, value], i) => ({ name, value, itemStyle: { color: colors[i % colors.length] } })),
      },
    ],
  };
}
