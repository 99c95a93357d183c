// The targets area's ECharts options: the balance chart (each unit's share of the target
// beside its share of the resources among its siblings), the completion gauge and the
// monthly trend (target and actual bars, the month's rate as a line).
import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { CompletionMonth } from '../api/targets';
import type { Language } from '../i18n/messages';
import { formatCompactNumber } from '../lib/format';
import type { ChartOption } from '../opportunities/Chart';
import type { BalanceBar } from './allocation';

echarts.use([BarChart, GaugeChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const TARGET_COLOR = '#2563eb';
const RESOURCE_COLOR = '#94a3b8';
const ACTUAL_COLOR = '#16a34a';

/** A label cut to `max` characters, so a long department name does not squeeze the bars. */
function cut(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** Horizontal grouped bars, one pair per unit: its share of the target and of the resources. */
export function balanceOption(bars: BalanceBar[], words: { target: string; resources: string }, compact: boolean): ChartOption {
  const names = bars.map((b) => b.name);
  return {
    animation: false,
    grid: { left: 8, right: 32, top: 30, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => `${Number(value).toFixed(2)}%`,
    },
    xAxis: { type: 'value', max: (v: { max: number }) => Math.max(10, Math.ceil(v.max / 10) * 10), axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisLabel: { formatter: (name: string) => cut(name, compact ? 6 : 14) },
    },
    series: [
      {
        name: words.target,
        type: 'bar',
        data: bars.map((b) => b.target),
        itemStyle: { color: TARGET_COLOR },
        barMaxWidth: 14,
        label: { show: !compact, position: 'right', formatter: '{c}%', fontSize: 11 },
      },
      {
        name: words.resources,
        type: 'bar',
        data: bars.map((b) => b.resources),
        itemStyle: { color: RESOURCE_COLOR },
        barMaxWidth: 14,
        label: { show: !compact, position: 'right', formatter: '{c}%', fontSize: 11 },
      },
    ],
  };
}

/** A gauge of a completion rate (percent), 0–150 with the 100 % mark; the figure in the middle. */
export function gaugeOption(rate: string | null, label: string): ChartOption {
  const value = rate === null ? 0 : Number(rate);
  const max = Math.max(150, Math.ceil(value / 50) * 50);
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        min: 0,
        max,
        startAngle: 210,
        endAngle: -30,
        radius: '95%',
        center: ['50%', '58%'],
        progress: { show: true, width: 14, itemStyle: { color: value >= 100 ? ACTUAL_COLOR : value >= 80 ? '#d97706' : '#dc2626' } },
        axisLine: {
          lineStyle: {
            width: 14,
            color: [
              [100 / max, '#e2e8f0'],
              [1, '#dcfce7'],
            ],
          },
        },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { distance: -14, length: 14, lineStyle: { color: '#fff', width: 2 } },
        splitNumber: max / 25,
        axisLabel: { distance: 18, fontSize: 10, color: '#64748b', formatter: (v: number) => (v % 50 === 0 ? `${v}` : '') },
        title: { offsetCenter: [0, '38%'], fontSize: 12, color: '#64748b' },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '5%'],
          fontSize: 26,
          fontWeight: 600,
          color: '#0f172a',
          formatter: () => (rate === null ? '—' : `${rate}%`),
        },
        data: [{ value, name: label }],
      },
    ],
  };
}

/** Target and actual per month as bars, with the month's rate as a line on a second axis. */
export function trendOption(
  months: CompletionMonth[],
  words: { target: string; actual: string; rate: string; monthLabel: (month: string) => string; language: Language },
  format: (amount: string) => string,
  compact: boolean,
  /** The month under way (`2026-05`): later months have no actual yet, so no bar and no rate. */
  current?: string,
): ChartOption {
  const future = (m: CompletionMonth) => current !== undefined && m.month > current;
  const rate = months.map((m) => {
    const target = Number(m.target);
    return target > 0 && !future(m) ? Math.round((Number(m.actual) / target) * 1000) / 10 : null;
  });
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { seriesName: string; dataIndex: number; marker: string; seriesIndex: number }[]) => {
        const i = params[0]?.dataIndex ?? 0;
        const m = months[i];
        if (!m) return '';
        const lines = [
          `${params[0]?.marker ?? ''}${words.target}: ${format(m.target)}`,
          `${params[1]?.marker ?? ''}${words.actual}: ${future(m) ? '—' : format(m.actual)}`,
          `${params[2]?.marker ?? ''}${words.rate}: ${rate[i] === null ? '—' : `${rate[i]}%`}`,
        ];
        return [words.monthLabel(m.month), ...lines].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: months.map((m) => words.monthLabel(m.month)), axisLabel: { fontSize: compact ? 10 : 12, interval: compact ? 1 : 0 } },
    yAxis: [
      { type: 'value', axisLabel: { show: !compact, formatter: (v: number) => formatCompactNumber(v, words.language) } },
      { type: 'value', axisLabel: { formatter: '{value}%', fontSize: compact ? 10 : 12 }, splitLine: { show: false } },
    ],
    series: [
      { name: words.target, type: 'bar', data: months.map((m) => Number(m.target)), itemStyle: { color: '#bfdbfe' }, barGap: '-100%', barMaxWidth: 28 },
      { name: words.actual, type: 'bar', data: months.map((m) => (future(m) ? null : Number(m.actual))), itemStyle: { color: TARGET_COLOR }, barMaxWidth: 16 },
      { name: words.rate, type: 'line', yAxisIndex: 1, data: rate, itemStyle: { color: ACTUAL_COLOR }, symbolSize: 6, connectNulls: false },
    ],
  };
}
