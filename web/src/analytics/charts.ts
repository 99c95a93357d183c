// The analytics page's ECharts options: the pipeline by group (won, open and lost amounts;
// months as a trend left to right, other groups as bars top to bottom) and the days spent
// in each stage, per rep or department beside the team. Figures in tooltips are exact; axis
// labels are rounded.
import type { ChartOption } from '../opportunities/Chart';
import type { EfficiencyRow, Money, PipelineRow } from '../api/types';
import type { Language } from '../i18n/messages';
import { formatAxisAmount } from '../lib/format';

export const WON_COLOR = '#16a34a';
export const OPEN_COLOR = '#3b82f6';
export const LOST_COLOR = '#f87171';
const STAGE_COLORS = ['#93c5fd', '#60a5fa', '#3b82f6', '#2563eb', '#1d4ed8', '#1e40af', '#a5b4fc', '#818cf8', '#6366f1', '#4f46e5'];

/** A label cut to `max` characters, so a long name does not squeeze the bars. */
export function cut(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

export interface PipelineWords {
  won: string;
  open: string;
  lost: string;
  /** A row's label (the group's name, "none" for a null key, a month as people read it). */
  label: (row: PipelineRow) => string;
  /** A shorter label on the axis (a month without its year when all share one); else `label`. */
  axis?: (row: PipelineRow) => string;
  deals: (count: number) => string;
}

/** The months from one `YYYY-MM` to another, both included (at most ten years of them). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = from.split('-').map(Number);
  while (out.length < 120) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to) break;
    out.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

/** The months a period (`YYYY`, `YYYY-Qn`, `YYYY-MM`) covers; null for all time. */
export function periodMonths(period: string | undefined): [string, string] | null {
  const year = /^(\d{4})$/.exec(period ?? '');
  if (year) return [`${year[1]}-01`, `${year[1]}-12`];
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period ?? '');
  if (quarter) {
    const last = Number(quarter[2]) * 3;
    return [`${quarter[1]}-${String(last - 2).padStart(2, '0')}`, `${quarter[1]}-${String(last).padStart(2, '0')}`];
  }
  const month = /^(\d{4}-\d{2})$/.exec(period ?? '');
  return month ? [month[1], month[1]] : null;
}

/**
 * The rows a chart shows. Other groups: all of them. Months: the dated ones (deals without
 * a date stay in the table), every month of the period in order — or, for all time, from
 * the first to the last — so the trend has no holes.
 */
export function chartRows(rows: PipelineRow[], byMonth: boolean, period?: string): PipelineRow[] {
  if (!byMonth) return rows;
  const dated = rows.filter((row): row is PipelineRow & { key: string } => Boolean(row.key));
  if (dated.length === 0) return [];
  const keys = dated.map((row) => row.key).sort();
  const [from, to] = periodMonths(period) ?? [keys[0], keys[keys.length - 1]];
  const currency = dated[0].won_amount.currency;
  const zero = { amount: '0.00', currency };
  const byKey = new Map(dated.map((row) => [row.key, row]));
  return monthsBetween(from, to).map(
    (key) =>
      byKey.get(key) ?? {
        key,
        name: key,
        won_count: 0,
        won_amount: zero,
        open_count: 0,
        open_amount: zero,
        open_expected_amount: zero,
        lost_count: 0,
        lost_amount: zero,
      },
  );
}

/**
 * Won, open and lost amounts per group: months as columns left to right (a trend), other
 * groups as bars top to bottom so their names have room.
 */
export function pipelineOption(
  rows: PipelineRow[],
  byMonth: boolean,
  words: PipelineWords,
  format: (money: Money) => string,
  language: Language,
  compact: boolean,
): ChartOption {
  const names = rows.map(words.axis ?? words.label);
  const series = (
    [
      [words.won, WON_COLOR, (r: PipelineRow) => r.won_amount],
      [words.open, OPEN_COLOR, (r: PipelineRow) => r.open_amount],
      [words.lost, LOST_COLOR, (r: PipelineRow) => r.lost_amount],
    ] as const
  ).map(([name, color, pick]) => ({
    name,
    type: 'bar',
    data: rows.map((row) => Number(pick(row).amount)),
    itemStyle: { color },
    barMaxWidth: byMonth ? 18 : 14,
    cursor: 'pointer',
  }));
  const currency = rows[0]?.won_amount.currency;
  const valueAxis = { type: 'value', axisLabel: { formatter: (v: number) => formatAxisAmount(v, currency, language), fontSize: compact ? 10 : 12 } };
  const categoryAxis = byMonth
    ? { type: 'category', data: names, axisLabel: { fontSize: compact ? 10 : 12, hideOverlap: true } }
    : { type: 'category', data: names, inverse: true, axisLabel: { formatter: (name: string) => cut(name, compact ? 7 : 16), fontSize: compact ? 11 : 12 } };
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number; marker: string }[]) => {
        const row = rows[params[0]?.dataIndex ?? -1];
        if (!row) return '';
        const line = (i: number, word: string, money: Money, count: number) =>
          `${params[i]?.marker ?? ''}${word}: ${format(money)} · ${words.deals(count)}`;
        return [
          words.label(row),
          line(0, words.won, row.won_amount, row.won_count),
          line(1, words.open, row.open_amount, row.open_count),
          line(2, words.lost, row.lost_amount, row.lost_count),
        ].join('<br/>');
      },
    },
    xAxis: byMonth ? categoryAxis : valueAxis,
    yAxis: byMonth ? valueAxis : categoryAxis,
    series,
  };
}

/** How tall the pipeline chart is: months in a fixed box, bars by how many groups there are. */
export function pipelineHeight(count: number, byMonth: boolean, compact: boolean): number {
  if (byMonth) return compact ? 240 : 300;
  return Math.min(640, Math.max(compact ? 200 : 240, 56 + count * (compact ? 40 : 44)));
}

export interface StageColumn {
  id: string;
  label: string;
}

/** The stages any row (or the team) spent time in, in the order they first appear. */
export function dwellStages(rows: EfficiencyRow[], label: (stage: { id: string; name: string }) => string): StageColumn[] {
  const seen = new Map<string, StageColumn>();
  for (const row of rows) {
    for (const dwell of row.stage_dwell_days) {
      if (!seen.has(dwell.stage.id)) seen.set(dwell.stage.id, { id: dwell.stage.id, label: label(dwell.stage) });
    }
  }
  return [...seen.values()];
}

/**
 * Days in each stage, stacked per person (or department) with the team's average on top, so
 * a bar longer than the team's shows who takes longer, and its parts show where.
 */
export function dwellOption(
  team: EfficiencyRow,
  rows: EfficiencyRow[],
  stages: StageColumn[],
  words: { team: string; days: (days: string) => string; deals: (count: number) => string },
  compact: boolean,
): ChartOption {
  const all = [team, ...rows];
  const names = [words.team, ...rows.map((row) => row.name)];
  const dwell = (row: EfficiencyRow, stage: string) => row.stage_dwell_days.find((d) => d.stage.id === stage);
  return {
    animation: false,
    grid: { left: 8, right: 16, top: compact ? 52 : 36, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number; marker: string; seriesIndex: number }[]) => {
        const index = params[0]?.dataIndex ?? -1;
        const row = all[index];
        if (!row) return '';
        const lines = params.map((p) => {
          const stage = stages[p.seriesIndex];
          const d = stage ? dwell(row, stage.id) : undefined;
          return d ? `${p.marker}${stage?.label}: ${words.days(d.average_days)} · ${words.deals(d.deals)}` : '';
        });
        return [names[index], ...lines.filter(Boolean)].join('<br/>');
      },
    },
    xAxis: { type: 'value', splitNumber: compact ? 3 : 5, axisLabel: { fontSize: compact ? 10 : 12, formatter: (v: number) => words.days(String(v)) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisLabel: {
        fontSize: compact ? 11 : 12,
        formatter: (name: string, index: number) => (index === 0 ? `{team|${cut(name, compact ? 12 : 16)}}` : cut(name, compact ? 10 : 16)),
        rich: { team: { fontWeight: 'bold', color: '#0f172a' } },
      },
    },
    series: stages.map((stage, i) => ({
      name: stage.label,
      type: 'bar',
      stack: 'days',
      barMaxWidth: 18,
      itemStyle: { color: STAGE_COLORS[i % STAGE_COLORS.length] },
      data: all.map((row) => {
        const d = dwell(row, stage.id);
        return d ? Number(d.average_days) : null;
      }),
      cursor: 'pointer',
    })),
  };
}

export function dwellHeight(count: number, compact: boolean): number {
  return Math.min(720, Math.max(200, (compact ? 84 : 64) + (count + 1) * (compact ? 30 : 32)));
}
