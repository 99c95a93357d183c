// The aging report's buckets, its stacked bar chart, and the drill-through from a figure to the
// receivables behind it (`/cash/receivables?…&bucket=`).
import type { AgingGroup } from '../api/cash';
import type { Aging, AgingFigures, AgingRow } from '../api/types';
import { toFen } from '../lib/money';

export const BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'over_90'] as const;
export type Bucket = (typeof BUCKETS)[number];
export const AGING_GROUPS: AgingGroup[] = ['customer', 'owner', 'department'];

/** Not due in green, then warmer the longer it is overdue. */
export const BUCKET_COLORS: Record<Bucket, string> = {
  not_due: '#16a34a',
  d1_30: '#facc15',
  d31_60: '#f59e0b',
  d61_90: '#ea580c',
  over_90: '#dc2626',
};

export function isBucket(value: unknown): value is Bucket {
  return (BUCKETS as readonly string[]).includes(String(value));
}

export function isAgingGroup(value: unknown): value is AgingGroup {
  return (AGING_GROUPS as string[]).includes(String(value));
}

/** The receivables filter a row of the report stands for: its customer, owner or department. */
function rowFilter(group: AgingGroup, key: string): Record<string, string> {
  if (!key) return {};
  if (group === 'customer') return { customer_id: key };
  if (group === 'owner') return { owner_id: key };
  return { department_id: key };
}

/**
 * The address of the receivables behind a figure: a row's (or, without a row, the total's)
 * bucket as of the report's date, or everything it still owes for the Total column.
 */
export function drillPath(group: AgingGroup, asOf: string, bucket: Bucket | 'total', row?: Pick<AgingRow, 'key' | 'name'>): string {
  const params = new URLSearchParams({ status: 'owing', ...(row ? rowFilter(group, row.key) : {}) });
  if (bucket !== 'total') {
    params.set('bucket', bucket);
    params.set('as_of', asOf);
  }
  if (row?.name) params.set('label', row.name);
  return `/cash/receivables?${params.toString()}`;
}

/** Money as a plain number for the chart's bar lengths only (tooltips and labels use the exact strings). */
function chartNumber(amount: string): number {
  return Number(toFen(amount)) / 100;
}

/**
 * The stacked bar chart: one bar per row (the largest first, at most `limit`), each cut into
 * the five buckets. Horizontal, so long names stay readable on a phone.
 */
export function agingChartOption(
  aging: Pick<Aging, 'rows'>,
  labels: Record<Bucket, string>,
  format: (amount: string) => string,
  {
    limit = 12,
    noName = '—',
    compact = false,
    axis = String,
  }: { limit?: number; noName?: string; compact?: boolean; /** An axis figure, rounded ("¥120万"). */ axis?: (value: number) => string } = {},
) {
  const rows = aging.rows.slice(0, limit);
  const names = rows.map((r) => r.name || noName);
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' as const, data: BUCKETS.map((b) => labels[b]) },
    tooltip: {
      trigger: 'axis' as const,
      axisPointer: { type: 'shadow' as const },
      valueFormatter: (value: unknown) => format((Number(value) || 0).toFixed(2)),
    },
    // A phone has room for three or four axis labels.
    xAxis: { type: 'value' as const, splitNumber: compact ? 3 : 5, axisLabel: { formatter: (value: number) => axis(value) } },
    yAxis: {
      type: 'category' as const,
      inverse: true,
      data: names,
      axisLabel: { width: compact ? 96 : 180, overflow: 'truncate' as const },
    },
    series: BUCKETS.map((bucket) => ({
      type: 'bar' as const,
      name: labels[bucket],
      stack: 'aging',
      barMaxWidth: 22,
      itemStyle: { color: BUCKET_COLORS[bucket] },
      emphasis: { focus: 'series' as const },
      data: rows.map((row) => chartNumber(row[bucket].amount)),
    })),
  };
}

/** Whether a figure is worth a link (zero has nothing behind it). */
export function hasAmount(figures: Pick<AgingFigures, Bucket>, bucket: Bucket): boolean {
  return toFen(figures[bucket].amount) !== 0n;
}
